/**
 * @module cli/plan-commands
 * `upgrades plan show [--svg OUT] [FILE|-]`: finds every rollout plan in `pulumi stack export` or
 * `pulumi stack output --json` output and draws it like `dcos elastic plan show`, or writes the recorded
 * step timings as a timeline SVG.
 */
import * as fs from "fs";
import { Plan, PLAN_KIND, renderPlan } from "../plan";
import { renderTimelineSvg } from "../plan/svg";
import { CliCommand, CliIO, UsageError } from "./command";

const USAGE = [
  "usage: upgrades plan show [--svg OUT.svg] [FILE|-]",
  "",
  "Renders every upgrade plan found in the JSON of `pulumi stack export` or `pulumi stack output --json`",
  "(read from FILE, or from stdin when FILE is - or missing).",
  "",
  "options:",
  "  --svg OUT.svg   instead of the text tree, write a timeline of the rollout (one row per step; bars for",
  "                  prepare, upgrade, rejoin/recovery; gate holds as markers) of every plan found to OUT.svg",
  "",
  "examples:",
  "  pulumi stack export | upgrades plan show",
  "  pulumi stack output --json > out.json && upgrades plan show out.json",
  "  pulumi stack export | upgrades plan show --svg rollout.svg",
  "",
  "exit codes: 0 plans shown (or SVG written), 2 unreadable or invalid input, no plan found, or OUT not writable",
].join("\n");

export interface FoundPlan {
  /** where it was found: the owning resource's URN (stack export) and/or the JSON path */
  location: string;
  plan: Plan;
}

export interface PlanSearch {
  plans: FoundPlan[];
  /** objects marked as plans that do not match the schema (location: first problem) */
  invalid: string[];
}

/** Walks any JSON value for objects that parse as plans; also looks inside JSON-encoded strings. */
export function findPlans(root: unknown): PlanSearch {
  const out: PlanSearch = { plans: [], invalid: [] };
  walk(root, "$", undefined, out, 0);
  return out;
}

function walk(v: unknown, path: string, urn: string | undefined, out: PlanSearch, depth: number): void {
  if (depth > 200) return;
  if (typeof v === "string") {
    if (v.length > 2 && v.trimStart().startsWith("{") && v.includes(PLAN_KIND)) {
      try {
        walk(JSON.parse(v), `${path}(json)`, urn, out, depth + 1);
      } catch {
        // a string that merely mentions the kind: not a plan
      }
    }
    return;
  }
  if (Array.isArray(v)) {
    v.forEach((item, i) => walk(item, `${path}[${i}]`, urn, out, depth + 1));
    return;
  }
  if (v === null || typeof v !== "object") return;
  const obj = v as Record<string, unknown>;
  const location = urn ? `${urn} ${path}` : path;
  if (obj.kind === PLAN_KIND) {
    const parsed = Plan.safeParse(obj);
    if (parsed.success) out.plans.push({ location, plan: parsed.data });
    else {
      const issue = parsed.error.issues[0];
      out.invalid.push(`${location}: ${issue.path.join(".") || "(root)"}: ${issue.message}`);
    }
    return;
  }
  // inside a resource of `pulumi stack export`, locations are "<urn> .outputs.plan"
  const hasUrn = typeof obj.urn === "string";
  const ownUrn = hasUrn ? (obj.urn as string) : urn;
  const base = hasUrn ? "" : path;
  for (const [k, child] of Object.entries(obj)) {
    const key = /^[A-Za-z_$][\w$]*$/.test(k) ? `.${k}` : `[${JSON.stringify(k)}]`;
    walk(child, base + key, ownUrn, out, depth + 1);
  }
}

async function readInput(file: string | undefined, io: CliIO): Promise<{ text: string; source: string }> {
  if (file === undefined || file === "-") return { text: await io.readStdin(), source: "stdin" };
  try {
    return { text: fs.readFileSync(file, "utf8"), source: file };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(`cannot read ${file}${code ? ` (${code})` : ""}; pass a file written by \`pulumi stack export\` or \`pulumi stack output --json\`, or - for stdin`);
  }
}

interface ShowArgs {
  file: string | undefined;
  svg: string | undefined;
}

function parseShowArgs(args: string[]): ShowArgs {
  const files: string[] = [];
  let svg: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === "--svg" || a.startsWith("--svg=")) {
      const value = a === "--svg" ? args[++i] : a.slice("--svg=".length);
      if (value === undefined || value === "" || value === "-") throw new UsageError(`--svg needs an output file name, e.g. --svg rollout.svg\n\n${USAGE}`);
      if (svg !== undefined) throw new UsageError(`--svg given twice (${svg}, ${value}); pass one output file`);
      svg = value;
    } else if (a.startsWith("--")) {
      throw new UsageError(`unknown option ${a}\n\n${USAGE}`);
    } else files.push(a);
  }
  if (files.length > 1) throw new UsageError(`expected at most one FILE, got ${files.length}\n\n${USAGE}`);
  return { file: files[0], svg };
}

function writeSvg(out: string, plans: FoundPlan[], io: CliIO): void {
  const svg = renderTimelineSvg(plans.map((p) => ({ plan: p.plan, location: p.location })));
  try {
    fs.writeFileSync(out, svg, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(`cannot write ${out}${code ? ` (${code})` : ""}; pass a writable path to --svg`);
  }
  const steps = plans.reduce((n, p) => n + p.plan.phases.reduce((m, ph) => m + ph.steps.length, 0), 0);
  const timed = plans.reduce((n, p) => n + p.plan.phases.reduce((m, ph) => m + ph.steps.filter((s) => s.timing).length, 0), 0);
  io.out(`wrote a timeline of ${plans.length} plan${plans.length === 1 ? "" : "s"} (${steps} step${steps === 1 ? "" : "s"}, ${timed} with timings) to ${out}`);
}

async function show(rawArgs: string[], io: CliIO): Promise<number> {
  const args = parseShowArgs(rawArgs);
  const { text, source } = await readInput(args.file, io);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`${source} is not JSON (${e instanceof Error ? e.message : String(e)}); pipe \`pulumi stack export\` or \`pulumi stack output --json\` into this command`);
  }
  const { plans, invalid } = findPlans(json);
  for (const bad of invalid) io.err(`upgrades plan show: skipped a plan that does not match the plan schema at ${bad}`);
  if (plans.length === 0) {
    throw new UsageError(`no upgrade plan found in ${source}; expected the output of \`pulumi stack export\` or \`pulumi stack output --json\` for a stack with an upgrades resource that has run at least a preview`);
  }
  if (args.svg !== undefined) {
    writeSvg(args.svg, plans, io);
    return 0;
  }
  plans.forEach((p, i) => {
    if (i > 0) io.out("");
    io.out(`# ${p.location}`);
    io.out(renderPlan(p.plan));
  });
  return 0;
}

export const planCommands: CliCommand[] = [
  {
    name: "plan",
    summary: "show upgrade plans found in `pulumi stack export` / `pulumi stack output --json`",
    usage: USAGE,
    async run(args, io) {
      const [verb, ...rest] = args;
      if (verb !== "show") throw new UsageError(`unknown or missing sub-command${verb ? ` "${verb}"` : ""}\n\n${USAGE}`);
      return show(rest, io);
    },
  },
];
