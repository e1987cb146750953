/**
 * @module resources/elastic/topology — PURE: which phase a node belongs to (the documented order), the upgrade
 * path from what runs now to the target, the plan per hop, and the preview's impact summary.
 * No clients, timers or Pulumi here.
 *
 * Order (elastic.md §b, ECK `data_tier_with_higher_priority_must_be_upgraded_first`, `sortCandidates`):
 * frozen → cold → warm → hot → other data → non-data non-master → master-eligible (one at a time, so the
 * last master goes after every other node) → Kibana (after every Elasticsearch node of the hop).
 */
import { buildPlan, type Plan } from "../../plan";
import { checkHop, compareVersions, findPath, parseVersion, type RuleOptions, type Violation } from "../../versions";

export const ES_PHASES = ["frozen", "cold", "warm", "hot", "data", "coordinating", "master"] as const;
export type EsPhase = (typeof ES_PHASES)[number];
export const KIBANA_PHASE = "kibana";
export const KIBANA_TARGET = "kibana";

/** A node as the plan needs it. */
export interface NodeView {
  id: string;
  name: string;
  host: string;
  roles: readonly string[];
  /** "" when the node is not in the cluster right now */
  version: string;
  inCluster: boolean;
}

/**
 * The phase of a node from its roles. Master-eligible nodes go last whatever else they hold (a node with
 * several tiers goes with its coldest tier: hotter tiers depend on colder ones).
 */
export function phaseOf(roles: readonly string[]): EsPhase {
  if (roles.includes("master")) return "master";
  if (roles.includes("data_frozen")) return "frozen";
  if (roles.includes("data_cold")) return "cold";
  if (roles.includes("data_warm")) return "warm";
  if (roles.includes("data_hot")) return "hot";
  if (roles.some((r) => r === "data" || r.startsWith("data_"))) return "data";
  return "coordinating";
}

export const cmp = (a: string, b: string): number => compareVersions("elasticsearch", a, b);
export const isPrerelease = (v: string): boolean => parseVersion("elasticsearch", v).prerelease;
const lowest = (vs: readonly string[]): string => [...vs].sort(cmp)[0];
const highest = (vs: readonly string[]): string => [...vs].sort(cmp)[vs.length - 1];

export interface PathPlan {
  /** versions from the lowest running to the target; [target] when nothing to do */
  path: string[];
  hops: { from: string; to: string }[];
}

export type PathVerdict = { ok: true; plan: PathPlan } | { ok: false; from: string; violations: Violation[] };

/**
 * The hops from the running versions to `target`. In a mixed cluster (a run stopped part-way) the newest running
 * version is kept as the first hop's target when that hop is legal, so nodes already upgraded are never moved
 * again to a different bridge patch.
 */
export function planPath(running: readonly string[], target: string, opts: RuleOptions): PathVerdict {
  const lo = lowest(running);
  const hi = highest(running);
  if (cmp(lo, target) === 0 && cmp(hi, target) === 0) return { ok: true, plan: { path: [target], hops: [] } };
  if (cmp(hi, lo) > 0 && cmp(hi, target) < 0 && checkHop("elasticsearch", lo, hi, opts).allowed) {
    const tail = findPath("elasticsearch", hi, target, opts);
    if (tail.path) return { ok: true, plan: toPlan([lo, ...tail.path]) };
  }
  if (cmp(hi, lo) > 0 && cmp(hi, target) === 0) {
    const v = checkHop("elasticsearch", lo, target, opts);
    if (v.allowed) return { ok: true, plan: toPlan([lo, target]) };
  }
  const r = findPath("elasticsearch", lo, target, opts);
  if (!r.path) return { ok: false, from: lo, violations: r.violations };
  return { ok: true, plan: toPlan(r.path) };
}

function toPlan(path: string[]): PathPlan {
  const hops = [];
  for (let i = 1; i < path.length; i++) hops.push({ from: path[i - 1], to: path[i] });
  return { path, hops };
}

export const isMajorHop = (h: { from: string; to: string }): boolean =>
  parseVersion("elasticsearch", h.to).major > parseVersion("elasticsearch", h.from).major;

/** Nodes grouped by phase, in phase order, names sorted inside a phase. */
export function phasesOf(nodes: readonly NodeView[]): { phase: EsPhase; nodes: NodeView[] }[] {
  return ES_PHASES.map((phase) => ({
    phase,
    nodes: nodes.filter((n) => phaseOf(n.roles) === phase).sort((a, b) => a.name.localeCompare(b.name)),
  })).filter((p) => p.nodes.length > 0);
}

export interface PlanOptions {
  name: string;
  strategy: "serial" | "canary" | "manual";
  maxUnavailable: number;
  canarySteps: number;
  approvedThrough?: string;
  canaryApproved?: number;
  kibana: boolean;
}

/** Self-managed plan: per hop, one phase per non-empty tier group, then Kibana. Step target = node name (readable ids). */
export function buildSelfManagedPlan(hops: readonly { from: string; to: string }[], nodes: readonly NodeView[], o: PlanOptions): Plan {
  const groups = phasesOf(nodes);
  return buildPlan({
    name: o.name,
    // "serial" with maxUnavailable > 1 means: tiers one after another, up to maxUnavailable nodes of a tier at once
    strategy: { name: o.strategy === "serial" && o.maxUnavailable > 1 ? "parallel" : o.strategy, maxUnavailable: o.maxUnavailable, canarySteps: o.canarySteps },
    approvals: {
      ...(o.approvedThrough !== undefined ? { approvedThrough: o.approvedThrough } : {}),
      ...(o.strategy === "canary" ? { canaryApproved: o.canaryApproved ?? 0 } : {}),
    },
    hops: hops.map((h) => ({
      from: h.from,
      to: h.to,
      phases: [
        ...groups.map((g) => ({
          name: g.phase,
          ...(g.phase === "master" ? { strategy: "serial" as const } : {}),
          steps: g.nodes.map((n) => ({ target: n.name, name: n.name, tags: g.phase === "master" ? ["es", "master"] : ["es"] })),
        })),
        ...(o.kibana ? [{ name: KIBANA_PHASE, strategy: "serial" as const, steps: [{ target: KIBANA_TARGET, name: "kibana", tags: ["kibana"] }] }] : []),
      ],
    })),
  });
}

/** Elastic Cloud plan: per hop, the Elasticsearch plan then the Kibana plan. */
export function buildCloudPlan(hops: readonly { from: string; to: string }[], deploymentId: string, o: Omit<PlanOptions, "kibana" | "maxUnavailable"> & { kibana: boolean }): Plan {
  return buildPlan({
    name: o.name,
    strategy: { name: o.strategy, maxUnavailable: 1, canarySteps: o.canarySteps },
    approvals: {
      ...(o.approvedThrough !== undefined ? { approvedThrough: o.approvedThrough } : {}),
      ...(o.strategy === "canary" ? { canaryApproved: o.canaryApproved ?? 0 } : {}),
    },
    hops: hops.map((h) => ({
      from: h.from,
      to: h.to,
      phases: [
        { name: "elasticsearch", steps: [{ target: "elasticsearch", name: `${deploymentId} elasticsearch`, tags: ["cloud", "elasticsearch"] }] },
        ...(o.kibana ? [{ name: KIBANA_PHASE, steps: [{ target: KIBANA_TARGET, name: `${deploymentId} kibana`, tags: ["cloud", "kibana"] }] }] : []),
      ],
    })),
  });
}

/** Marks steps already done in the live system COMPLETE (preview and outputs; the executor re-derives it itself). */
export function markComplete(plan: Plan, done: (target: string, hop: { from: string; to: string }) => boolean): Plan {
  const p = structuredClone(plan);
  for (const ph of p.phases) for (const s of ph.steps) if (done(s.target, ph.hop)) s.status = "COMPLETE";
  return p;
}

export interface ImpactInput {
  hops: readonly { from: string; to: string }[];
  nodes: readonly NodeView[];
  kibana?: { version?: string };
  health?: string;
  /** blocking findings by hop label */
  blocking: readonly string[];
  deprecationSummary?: string;
  strategy: string;
  next?: string;
}

/** The one-paragraph impact summary emitted at preview. */
export function impactSummary(i: ImpactInput): string {
  if (i.hops.length === 0) return `Nothing to upgrade: every node already runs the target version${i.kibana?.version ? `, Kibana too (${i.kibana.version})` : ""}.`;
  const chain = [i.hops[0].from, ...i.hops.map((h) => h.to)].join(" → ");
  const groups = phasesOf(i.nodes);
  const order = groups.map((g) => `${g.phase} (${g.nodes.length}${g.phase === "master" ? ", one at a time, last" : ""})`).join(", ");
  const parts = [
    `${chain}: ${i.hops.length} hop${i.hops.length === 1 ? "" : "s"}, ${i.nodes.length} node${i.nodes.length === 1 ? "" : "s"} per hop in this order: ${order}`,
    i.kibana ? `Kibana${i.kibana.version ? ` (${i.kibana.version})` : ""} after every Elasticsearch node of each hop, all instances stopped first` : "Kibana not managed",
    `strategy ${i.strategy}${i.next ? ` (${i.next} to continue)` : ""}`,
    `cluster health ${i.health ?? "unknown"}`,
    i.deprecationSummary ?? "critical deprecations: not checked (no major hop)",
    i.blocking.length ? `BLOCKING: ${i.blocking.join("; ")}` : "blocking findings: none",
  ];
  return parts.join("; ") + ".";
}
