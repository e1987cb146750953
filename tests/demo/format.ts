// Pure helpers of the demo: the one-line result per resource and the plan trees, from a resource's outputs.
// Outputs cross a process boundary (the plugin's gRPC answer), so the fields read here are parsed with zod.
import { z } from "zod";
import { Plan, renderPlan } from "../../provider/plan";

const PlanLike = z.object({ phases: z.array(z.object({ name: z.string(), steps: z.array(z.object({ status: z.string() })) })) });

const ResultFields = z.object({
  version: z.string().optional(),
  path: z.array(z.string()).optional(),
  outcome: z.string().optional(),
  message: z.string().optional(),
  package: z.string().optional(),
  policies: z.array(z.object({ name: z.string(), status: z.string() })).optional(),
  cloudPlans: z.array(z.object({ resource: z.string(), status: z.string() })).optional(),
  databaseVersions: z.array(z.object({ name: z.string(), redisVersion: z.string().optional() })).optional(),
  plan: z.unknown().optional(),
});

export interface ResultInput {
  type: string;
  name: string;
  /** the version running before the up (the preview's `path[0]`, or its `version`) */
  from?: string;
  /** outputs after the up (or the partial outputs of a failed one) */
  outputs: Record<string, unknown>;
  /** real time of the Create/Update call */
  ms: number;
  ok: boolean;
}

/** Steps per phase name that ended COMPLETE. */
export function completedSteps(plan: unknown): Record<string, number> {
  const p = PlanLike.safeParse(plan);
  const out: Record<string, number> = {};
  if (!p.success) return out;
  for (const ph of p.data.phases) out[ph.name] = (out[ph.name] ?? 0) + ph.steps.filter((s) => s.status === "COMPLETE").length;
  return out;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** The version a resource starts from, read from its preview outputs. */
export function startVersion(previewOutputs: Record<string, unknown> | undefined): string | undefined {
  const f = ResultFields.safeParse(previewOutputs ?? {});
  if (!f.success) return undefined;
  return f.data.path?.[0] ?? f.data.version;
}

/**
 * e.g. `ElasticDeploymentVersion stack: 8.17.3 → 9.1.2 in 2 hops, 14 node restarts, Kibana ×2, 23.4 s` or
 * `FleetIntegration nginx: 1.15.0 → 1.20.0, 3 policies upgraded, 1 skipped (conflict), 0.4 s`.
 */
export function resultLine(r: ResultInput): string {
  const f = ResultFields.safeParse(r.outputs);
  const o = f.success ? f.data : {};
  const to = o.version ?? "?";
  const parts: string[] = [];
  const hops = o.path && o.path.length > 1 ? o.path.length - 1 : 0;
  let head = `${r.type} ${r.name}: ${r.from ?? "?"} → ${to}`;
  if (hops > 0) head += ` in ${plural(hops, "hop")}`;
  const done = completedSteps(o.plan);
  if (r.type === "ElasticDeploymentVersion") {
    if (o.cloudPlans) {
      parts.push(`${plural(o.cloudPlans.filter((p) => p.status === "completed").length, "cloud plan")} completed`);
    } else {
      const nodes = Object.entries(done).filter(([k]) => k !== "kibana").reduce((n, [, v]) => n + v, 0);
      parts.push(plural(nodes, "node restart"));
      if (done.kibana) parts.push(`Kibana ×${done.kibana}`);
    }
  } else if (r.type === "RedisClusterVersion") {
    const nodes = Object.entries(done).filter(([k]) => k !== "databases").reduce((n, [, v]) => n + v, 0);
    parts.push(plural(nodes, "node upgrade"));
    if (o.databaseVersions?.length) parts.push(`databases ${o.databaseVersions.map((d) => `${d.name} ${d.redisVersion ?? "?"}`).join(", ")}`);
  } else if (r.type === "FleetIntegration") {
    const by = (s: string) => (o.policies ?? []).filter((p) => p.status === s).length;
    parts.push(`${plural(by("upgraded"), "policy", "policies")} upgraded`);
    if (by("conflict")) parts.push(`${by("conflict")} skipped (conflict)`);
    if (by("failed")) parts.push(`${by("failed")} failed`);
  }
  parts.push(`${(r.ms / 1000).toFixed(r.ms < 1000 ? 2 : 1)} s`);
  let line = `${head}, ${parts.join(", ")}`;
  if (!r.ok || (o.outcome && o.outcome !== "complete")) line += ` [${o.outcome ?? "failed"}${o.message ? `: ${o.message}` : ""}]`;
  return line;
}

/** renderPlan of the outputs' plan, or undefined when the outputs carry none (or not a valid one). */
export function planTree(outputs: Record<string, unknown> | undefined): string | undefined {
  const p = Plan.safeParse(outputs?.plan);
  return p.success ? renderPlan(p.data) : undefined;
}

/** Indents every line of a block. */
export function indent(text: string, by = "    "): string {
  return text
    .split("\n")
    .map((l) => (l ? by + l : l))
    .join("\n");
}
