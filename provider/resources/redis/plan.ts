/**
 * @module resources/redis/plan — from inputs and one observation to the upgrade picture: the legal path through the
 * supported-path matrix, the plan (per hop one "nodes" phase, current master first; then an optional "databases"
 * phase), the databases to raise before (prerequisite) or after, and the one-paragraph impact summary. Pure apart
 * from the (pure) versions module: no clients, no timers.
 */
import { applyApprovals, buildPlan, Plan, PhaseInput } from "../../plan";
import type { StepRef } from "../../rollout/types";
import { checkHop, findPath, RuleOptions } from "../../versions";
import { bundledDbVersions, compareDb, databasePrerequisite, dbTargetVersion } from "./databases";
import { DatabaseVersionError, IllegalUpgradeError } from "./errors";
import { atLeast, byVersion, Observation } from "./observe";
import type { DatabaseChange, Inputs } from "./schema";

export const NODES_PHASE = "nodes";
export const DATABASES_PHASE = "databases";
export const NODE_TAG = "node";
export const DB_TAG = "database";

export interface Picture {
  from: string;
  to: string;
  path: string[];
  hops: { from: string; to: string; reason: string }[];
  databasesBefore: DatabaseChange[];
  databasesAfter: DatabaseChange[];
  /** database uid → Redis version it moves to */
  dbTargets: Map<number, string>;
  /** nodes that still need at least one hop, master first */
  nodesToUpgrade: number[];
  /** undefined when there is nothing to do */
  plan?: Plan;
}

export function ruleOptions(inputs: Pick<Inputs, "adjacentVersionsOnly" | "catalog">): RuleOptions {
  return { adjacentVersionsOnly: inputs.adjacentVersionsOnly, catalog: inputs.catalog };
}

/** Node uids, the current master first, then by uid. */
export function masterFirst(uids: readonly number[], masterUid: number | undefined): number[] {
  const sorted = [...uids].sort((a, b) => a - b);
  if (masterUid === undefined || !sorted.includes(masterUid)) return sorted;
  return [masterUid, ...sorted.filter((u) => u !== masterUid)];
}

/** The db uid encoded in a database step's target ("db:3" → 3). */
export const dbUidOf = (target: string): number => Number(target.slice(3));

/**
 * The upgrade picture. Throws IllegalUpgradeError when no legal path exists (matrix, downgrade, adjacency) or a node
 * already runs above the target, DatabaseVersionError when databases.redisVersion is not bundled by the target.
 */
export function planUpgrade(inputs: Inputs, obs: Observation, name: string): Picture {
  const to = inputs.version;
  const opts = ruleOptions(inputs);
  const from = obs.lowest;
  const highest = [...obs.nodes.map((n) => n.version)].sort(byVersion).pop() ?? from;
  if (byVersion(highest, to) > 0) {
    throw new IllegalUpgradeError(highest, to, checkHop("redis-enterprise", highest, to, opts).violations);
  }
  const found = findPath("redis-enterprise", from, to, opts);
  if (!found.path) throw new IllegalUpgradeError(from, to, found.violations);
  const hops = found.hops.map((h) => ({ from: h.from, to: h.to, reason: h.reason }));

  const databasesBefore = databasePrerequisite(
    obs.databases.map((d) => ({ uid: d.uid, name: d.name, redis_version: d.redis_version })),
    hops.map((h) => h.to),
    from,
  );
  const dbTargets = new Map<number, string>();
  const databasesAfter: DatabaseChange[] = [];
  if (inputs.databases.upgrade === "after") {
    for (const d of obs.databases) {
      if (!d.redis_version) continue;
      const t = dbTargetVersion(d.redis_version, inputs.databases, to);
      if (t.error) throw new DatabaseVersionError(t.error);
      if (!t.to) continue;
      dbTargets.set(d.uid, t.to);
      databasesAfter.push({ uid: d.uid, name: d.name, from: d.redis_version, to: t.to, reason: `databases.redisVersion ${inputs.databases.redisVersion} on ${to}` });
    }
  }

  const nodesToUpgrade = masterFirst(
    obs.nodes.filter((n) => !atLeast(n.version, to) || n.status !== "active").map((n) => n.uid),
    obs.masterUid,
  );
  const order = masterFirst(obs.nodes.map((n) => n.uid), obs.masterUid);
  const addr = new Map(obs.nodes.map((n) => [n.uid, n.addr]));
  const planHops: { from: string; to: string; phases: PhaseInput[] }[] = hops.map((h) => ({
    from: h.from,
    to: h.to,
    phases: [{ name: NODES_PHASE, strategy: "serial", steps: order.map((u) => ({ target: String(u), name: `node ${u} (${addr.get(u)})`, tags: [NODE_TAG] })) }],
  }));
  if (databasesAfter.length) {
    const dbPhase: PhaseInput = {
      name: DATABASES_PHASE,
      strategy: "serial",
      steps: databasesAfter.map((d) => ({ target: `db:${d.uid}`, name: `database ${d.name} (uid ${d.uid})`, tags: [DB_TAG] })),
    };
    if (planHops.length) planHops[planHops.length - 1].phases.push(dbPhase);
    else planHops.push({ from: to, to, phases: [dbPhase] });
  }
  // A mixed cluster already on the target everywhere but a down node still needs its hook: keep hop-less nodes out.
  const r = inputs.rollout;
  let plan: Plan | undefined;
  if (planHops.length) {
    plan = buildPlan({
      name: `${name || "redis"}: Redis Enterprise ${from} → ${to}`,
      strategy: { name: r.strategy, maxUnavailable: 1, canarySteps: r.canarySteps },
      hops: planHops,
      approvals: { approvedThrough: r.approvedThrough, canaryApproved: r.canaryApproved },
    });
  }
  return { from, to, path: found.path, hops, databasesBefore, databasesAfter, dbTargets, nodesToUpgrade, plan };
}

/** Has this step's goal been reached in the observed cluster? (Shared by preview and the executor.) */
export function stepComplete(step: Pick<StepRef, "target" | "tags" | "hop">, obs: Observation, dbTargets: ReadonlyMap<number, string>): boolean {
  if (step.tags.includes(DB_TAG)) {
    const uid = dbUidOf(step.target);
    const d = obs.databases.find((x) => x.uid === uid);
    const want = dbTargets.get(uid);
    return !!d && !!d.redis_version && (!want || compareDb(d.redis_version, want) >= 0);
  }
  const n = obs.nodes.find((x) => String(x.uid) === step.target);
  // a node on the version but down (left down by a failed install) is not done: its hook is run again
  return !!n && atLeast(n.version, step.hop.to) && n.status === "active";
}

/** The plan as the live cluster stands (statuses from observation, no action): what preview shows. */
export function reconcileWith(plan: Plan, obs: Observation, dbTargets: ReadonlyMap<number, string>): Plan {
  const next = structuredClone(plan);
  next.errors = [];
  delete next.stoppedAt;
  for (const phase of next.phases) {
    for (const step of phase.steps) {
      const done = stepComplete({ target: step.target, tags: step.tags ?? [], hop: phase.hop }, obs, dbTargets);
      step.status = done ? "COMPLETE" : "PENDING";
      delete step.error;
      delete step.message;
    }
  }
  return applyApprovals(next, plan.approvals);
}

/** One paragraph: path, node order, databases before/after, what approval is next. */
export function impactSummary(name: string, obs: Observation, pic: Picture): string {
  const who = name ? `${name}: ` : "";
  const master = obs.masterUid !== undefined ? `master node ${obs.masterUid}` : "master unknown (roles need 6.2.18-49 or later)";
  const parts: string[] = [];
  parts.push(`${who}the cluster runs ${obs.mixed ? `mixed versions (lowest ${pic.from})` : pic.from} on ${obs.nodes.length} nodes (${master})`);
  if (!pic.hops.length) parts.push(` and is already on ${pic.to}`);
  else {
    const steps = pic.hops.length * obs.nodes.length;
    parts.push(
      `; the legal path to ${pic.to} is ${pic.path.join(" → ")} (${pic.hops.length} hop${pic.hops.length > 1 ? "s" : ""}, up to ${steps} node upgrades, ` +
        `one node at a time behind cluster and node checks); nodes to upgrade, master first: ${pic.nodesToUpgrade.map((u) => `node ${u}`).join(", ") || "none"}`,
    );
  }
  if (pic.databasesBefore.length) {
    parts.push(`; BLOCKED until these databases are raised first: ${pic.databasesBefore.map((d) => `${d.name} (uid ${d.uid}) ${d.from} → ${d.to || "?"}`).join(", ")}`);
  } else parts.push("; no database must be raised before");
  if (pic.databasesAfter.length) {
    parts.push(`; after the last node, ${pic.databasesAfter.length} database${pic.databasesAfter.length > 1 ? "s" : ""} will be upgraded one at a time: ${pic.databasesAfter.map((d) => `${d.name} ${d.from} → ${d.to}`).join(", ")}`);
  } else {
    const old = pic.hops.length ? bundledDbVersions(pic.to) : undefined;
    parts.push(old ? `; databases stay on their Redis versions (the target bundles ${old.db.join(", ")})` : "; no database upgrade");
  }
  if (pic.plan?.next) parts.push(`; the rollout pauses until ${pic.plan.next}`);
  return `${parts.join("")}.`;
}
