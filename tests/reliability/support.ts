// Shared pieces of the reliability suite: how a run ended, the plan's step statuses by target, and the one set of
// invariants every fault-matrix row goes through (safe stop, exact partial record, resume without repeated work).
import { strict as assert } from "assert";
import { PartialFailureError } from "../../provider/resources/core/types";
import type { Plan } from "../../provider/plan/schema";

/** How the first up ended. */
export type Ended<O> = { kind: "complete"; outputs: O } | { kind: "partial"; error: PartialFailureError<O> } | { kind: "refused"; error: Error };

/** Runs an up and classifies how it ended; anything that is not an Error (or a crash in a test helper) fails here. */
export async function ended<O>(p: Promise<O>): Promise<Ended<O>> {
  try {
    return { kind: "complete", outputs: await p };
  } catch (e) {
    if (e instanceof PartialFailureError) return { kind: "partial", error: e as PartialFailureError<O> };
    assert.ok(e instanceof Error, `a run must fail with an Error, got ${String(e)}`);
    return { kind: "refused", error: e };
  }
}

/** What the simulator shows for one plan target after the run stopped. */
export type Truth = "done" | "untouched" | "touched";

/** `target → status` for every step of a plan (a target appearing in several hops keeps its last status). */
export function stepStatuses(plan: Plan | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const ph of plan?.phases ?? []) for (const s of ph.steps) out[s.target] = s.status;
  return out;
}

/**
 * The partial record is exact: a COMPLETE step is done in the simulator, a PENDING step was not touched, and every
 * target the simulator shows as done is recorded COMPLETE unless it is the step that failed (ERROR).
 */
export function assertRecordMatches(recorded: Record<string, string>, truth: Record<string, Truth>, where: string): void {
  for (const [target, status] of Object.entries(recorded)) {
    const t = truth[target];
    assert.ok(t !== undefined, `${where}: plan step ${target} names nothing the simulator knows (${Object.keys(truth).join(", ")})`);
    if (status === "COMPLETE") assert.equal(t, "done", `${where}: step ${target} is recorded COMPLETE but the simulator shows it ${t}`);
    if (status === "PENDING") assert.equal(t, "untouched", `${where}: step ${target} is recorded PENDING but the simulator shows it ${t}`);
    if (t === "done") assert.ok(status === "COMPLETE" || status === "ERROR", `${where}: ${target} is done in the simulator but recorded ${status}`);
    assert.ok(["PENDING", "COMPLETE", "ERROR"].includes(status), `${where}: a stopped run leaves no step in flight (${target}: ${status})`);
  }
}

/**
 * Resuming repeats no completed work: every target recorded COMPLETE has the same work count after the resumed up
 * as when the first run stopped; a failed (ERROR) target is re-run at most once; a PENDING one runs at most once.
 */
export function assertNoRepeatedWork(recorded: Record<string, string>, atStop: Record<string, number>, after: Record<string, number>, where: string): void {
  for (const [target, status] of Object.entries(recorded)) {
    const before = atStop[target] ?? 0;
    const now = after[target] ?? 0;
    if (status === "COMPLETE") assert.equal(now, before, `${where}: ${target} was complete and was worked on again (${before} → ${now})`);
    else assert.ok(now - before <= 1, `${where}: ${target} (${status}) was worked on ${now - before} times on resume`);
  }
}

/** Every string (and base64 form) that must never appear anywhere a user or the state could see. */
export function secretForms(values: readonly string[]): string[] {
  const out = new Set<string>();
  for (const v of values) {
    out.add(v);
    out.add(Buffer.from(v).toString("base64"));
    out.add(Buffer.from(v).toString("base64url"));
  }
  return [...out].filter((s) => s.length >= 6);
}

/** Paths inside `v` (any JSON-ish value or string) where one of the needles appears. */
export function leaks(v: unknown, needles: readonly string[], path = "$"): string[] {
  if (typeof v === "string") return needles.filter((n) => v.includes(n)).map((n) => `${path} contains ${JSON.stringify(n.slice(0, 4))}…`);
  if (Array.isArray(v)) return v.flatMap((e, i) => leaks(e, needles, `${path}[${i}]`));
  if (v !== null && typeof v === "object") return Object.entries(v).flatMap(([k, e]) => [...leaks(k, needles, `${path}.<key>`), ...leaks(e, needles, `${path}.${k}`)]);
  return [];
}

/**
 * The Redis simulator's node-upgrade script as a one-line shell script (`sh -c` + curl): the same control call and
 * exit codes as tests/sim/scripts/redis-node-upgrade.ts (0 upgraded, 1 refused/failed), ~10× cheaper to start than
 * a Node.js process, which keeps the matrix fast. curl waits without a limit, so a hung installer hangs the hook.
 */
export function redisShellHook(controlUrl: string): string[] {
  const sh = [
    `body='{"version":"'"$UPGRADES_TARGET_VERSION"'","addr":"'"$UPGRADES_NODE_ADDR"'","from":"'"$UPGRADES_FROM_VERSION"'"}'`,
    `r=$(curl -s -w '\\n%{http_code}' -X POST -H 'content-type: application/json' -d "$body" '${controlUrl}/_sim/nodes/'"$UPGRADES_NODE_UID"'/upgrade') || exit 3`,
    `code=$(printf '%s' "$r" | tail -n 1)`,
    `[ "$code" = 200 ] && exit 0`,
    `printf '%s\\n' "$r" >&2`,
    `exit 1`,
  ].join("\n");
  return ["sh", "-c", sh];
}
