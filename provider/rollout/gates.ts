/**
 * @module rollout/gates
 * Gate helpers: verdict constructors, disabling by name (with a warning, "*" = all), and running a
 * list of gates for one candidate, stopping at the first "not now" (ECK runPredicates).
 */
import type { Gate, GateContext, GateVerdict, StepRef } from "./types";

export const gateOk: GateVerdict = Object.freeze({ ok: true as const });

export function gateWait(reason: string): GateVerdict {
  return { ok: false, wait: reason };
}

const SNAKE = /^[a-z][a-z0-9]*(_[a-z0-9]+)*$/;

/** Gate names must be snake_case sentences; checked once per run. */
export function isGateName(name: string): boolean {
  return SNAKE.test(name);
}

/**
 * Splits gates into active ones and warnings for every disabled (or unknown) name.
 * @example activeGates(gates, ["one_master_at_a_time"]) // { active: [...], warnings: ["gate one_master_at_a_time is disabled: ..."] }
 */
export function activeGates<O>(gates: readonly Gate<O>[], disabled: readonly string[] = []): { active: Gate<O>[]; warnings: { gate: string; message: string }[] } {
  const off = new Set(disabled);
  const all = off.has("*");
  const warnings: { gate: string; message: string }[] = [];
  const active: Gate<O>[] = [];
  for (const g of gates) {
    if (!isGateName(g.name)) throw new TypeError(`gate name "${g.name}" is not a snake_case sentence`);
    if (all || off.has(g.name)) warnings.push({ gate: g.name, message: `gate ${g.name} is disabled: ${g.why} — this safety rule will not be checked` });
    else active.push(g);
  }
  for (const name of off) {
    if (name !== "*" && !gates.some((g) => g.name === name)) {
      warnings.push({ gate: name, message: `no gate named ${name} to disable; known gates: ${gates.map((g) => g.name).join(", ") || "(none)"}` });
    }
  }
  return { active, warnings };
}

/** Thrown by `runGates` when a gate throws; carries the gate's name. */
export class GateThrew extends Error {
  override name = "GateThrew";
  constructor(readonly gate: string, cause: unknown) {
    super(`gate ${gate} threw`, { cause });
  }
}

/** First gate that says "not now" for this candidate, or undefined when all pass. */
export async function runGates<O>(gates: readonly Gate<O>[], step: StepRef, ctx: GateContext<O>): Promise<{ gate: string; reason: string } | undefined> {
  for (const g of gates) {
    if (g.appliesTo && !g.appliesTo(step)) continue;
    let v: GateVerdict;
    try {
      v = await g.check(step, ctx);
    } catch (e) {
      throw new GateThrew(g.name, e);
    }
    if (!v.ok) return { gate: g.name, reason: v.wait };
  }
  return undefined;
}
