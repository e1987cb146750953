/**
 * @module resources/redis/rollout — the executor spec for one RedisClusterVersion run: per pass observe nodes, roles
 * and databases (checks read lazily, once per pass); the current master first (re-identified every pass and again
 * right before its hook runs); named gates (cluster and node checks, master first, databases on bundled versions);
 * act = the user's node command or `POST /v1/bdbs/{uid}/upgrade`; wait = the node reports the hop's version, is
 * active and passes its node and cluster checks / the database action completes.
 */
import { ConnectionError, HttpStatusError, RequestTimeoutError } from "../../clients/errors";
import { runNodeHook } from "../../clients/node-hook";
import type { ClusterCheck, NodeCheck, RedisEnterpriseClient } from "../../clients/redis-enterprise";
import { Plan } from "../../plan";
import {
  executeRollout,
  Gate,
  gateOk,
  gateWait,
  memoize,
  Probe,
  ProgressEvent,
  RolloutResult,
  RolloutSpec,
  StepRef,
} from "../../rollout";
import type { ResourceContext } from "../core/types";
import { redact } from "../core/values";
import { bundledDbVersions } from "./databases";
import { MasterMovedError } from "./errors";
import { atLeast, Observation, observeCluster } from "./observe";
import { DB_TAG, dbUidOf, NODE_TAG, stepComplete } from "./plan";
import type { Inputs } from "./schema";

/** One pass's view: the observation plus checks read at most once per pass. */
export interface Obs extends Observation {
  clusterCheck(): Promise<ClusterCheck>;
  nodeCheck(uid: number): Promise<NodeCheck>;
}

const isNode = (s: StepRef) => s.tags.includes(NODE_TAG);
const isDb = (s: StepRef) => s.tags.includes(DB_TAG);
const nodeOf = (obs: Observation, s: StepRef) => obs.nodes.find((n) => String(n.uid) === s.target);

/**
 * The named safety gates. Names are public (progress messages, `rollout.disabledGates`).
 */
export const gates: readonly Gate<Obs>[] = [
  {
    name: "cluster_check_passes",
    // upgrade-cluster.md: run rlcheck / rladmin status extra all first; "Do not proceed if any shard, node, or endpoint is not OK"
    why: "a node must not be restarted while another node fails its checks (the installer refuses too)",
    appliesTo: isNode,
    async check(step, ctx) {
      const cc = await ctx.observation.clusterCheck();
      // the candidate itself may be down from an earlier failed run: its hook is what brings it back
      const failing = cc.nodes.filter((n) => !n.result && String(n.node_uid) !== step.target);
      if (failing.length) return gateWait(`cluster check fails on ${failing.map((n) => `node ${n.node_uid}${n.error ? ` (${n.error})` : ""}`).join(", ")}`);
      const down = ctx.observation.nodes.filter((n) => n.status !== "active" && String(n.uid) !== step.target);
      if (down.length) return gateWait(`${down.map((n) => `node ${n.uid} is ${n.status}`).join(", ")}`);
      return gateOk;
    },
  },
  {
    name: "node_check_passes",
    why: "rlcheck on the node before its upgrade: a node that already fails is repaired first, not upgraded",
    appliesTo: isNode,
    async check(step, ctx) {
      const n = nodeOf(ctx.observation, step);
      if (!n) throw new Error(`node ${step.target} is no longer in the cluster; check \`rladmin status nodes\` and run again`);
      if (n.status === "down") return gateOk; // left down by a failed install: re-run its hook
      const c = await ctx.observation.nodeCheck(n.uid);
      return c.result ? gateOk : gateWait(`node ${n.uid} check fails${c.error ? `: ${c.error}` : ""}`);
    },
  },
  {
    name: "master_node_first",
    // redis.md §1b: "Upgrade the cluster's primary (master) node first"; RedisLabs/redislabs-docs#182
    why: "the docs require the master first: a new-version node under an old-version master can block the upgrade",
    appliesTo: isNode,
    check(step, ctx) {
      const obs = ctx.observation;
      if (obs.rolesUnavailable) throw new Error(obs.rolesUnavailable + ' (or disable the gate "master_node_first" and order the nodes yourself)');
      if (obs.masterUid === undefined) return gateWait("no node reports the master role (an election may be in progress)");
      if (String(obs.masterUid) === step.target) return gateOk;
      const m = obs.nodes.find((n) => n.uid === obs.masterUid);
      if (m && atLeast(m.version, step.hop.to) && m.status === "active") return gateOk;
      return gateWait(`node ${obs.masterUid} holds the master role and still runs ${m?.version ?? "?"}: it goes first`);
    },
  },
  {
    name: "databases_on_bundled_versions",
    // upgrade-cluster.md prerequisite (391c08d34): databases on a version the target bundles before the cluster upgrade
    why: "every database must run a Redis version the hop's target bundles, or the installer refuses",
    appliesTo: isNode,
    check(step, ctx) {
      const bundled = bundledDbVersions(step.hop.to).db;
      const bad = ctx.observation.databases.filter((d) => d.redis_version && !bundled.includes(d.redis_version));
      return bad.length
        ? gateWait(`${bad.map((d) => `database ${d.name} (uid ${d.uid}) runs Redis ${d.redis_version}`).join(", ")}, not bundled by ${step.hop.to}`)
        : gateOk;
    },
  },
  {
    name: "all_nodes_upgraded_first",
    // upgrade-database.md: databases are upgraded only once every node runs the new version
    why: "databases can only be upgraded after every node is upgraded",
    appliesTo: isDb,
    check(step, ctx) {
      const behind = ctx.observation.nodes.filter((n) => !atLeast(n.version, step.hop.to) || n.status !== "active");
      return behind.length ? gateWait(`${behind.map((n) => `node ${n.uid} (${n.version}, ${n.status})`).join(", ")} not on ${step.hop.to}`) : gateOk;
    },
  },
  {
    name: "database_idle",
    why: "a database with a running action cannot start another one",
    appliesTo: isDb,
    check(step, ctx) {
      const d = ctx.observation.databases.find((x) => x.uid === dbUidOf(step.target));
      if (!d) throw new Error(`database ${step.target} no longer exists; run again to re-plan`);
      if (d.action_uid || (d.status && d.status !== "active")) return gateWait(`database ${d.name} is ${d.status ?? "busy"}${d.action_uid ? ` (action ${d.action_uid})` : ""}`);
      return gateOk;
    },
  },
];

/** Transient REST failures while a node restarts: keep waiting instead of failing the step. */
function transient(e: unknown): boolean {
  return e instanceof ConnectionError || e instanceof RequestTimeoutError || (e instanceof HttpStatusError && e.status >= 500);
}

export interface RunArgs {
  rs: RedisEnterpriseClient;
  inputs: Inputs;
  plan: Plan;
  dbTargets: ReadonlyMap<number, string>;
  ctx: ResourceContext;
  /** credentials to redact from hook output */
  secrets: readonly string[];
  /** every successful observation (the handler keeps the last one for the partial record) */
  onObserved?: (o: Observation) => void;
}

export function rolloutSpec(a: RunArgs): RolloutSpec<Obs> {
  const { rs, inputs, dbTargets, ctx } = a;
  const nodeTimeoutMs = inputs.rollout.nodeTimeoutSeconds * 1000;
  const actions = new Map<string, string>(); // step id → action uid
  const masterGateOn = !inputs.rollout.disabledGates.some((g) => g === "*" || g === "master_node_first");

  const observe = async (signal: AbortSignal): Promise<Obs> => {
    const o = await observeCluster(rs, signal);
    a.onObserved?.(o);
    const cc = memoize(() => rs.getClusterCheck({ signal }));
    const checks = new Map<number, () => Promise<NodeCheck>>();
    return {
      ...o,
      clusterCheck: cc,
      nodeCheck(uid) {
        let f = checks.get(uid);
        if (!f) {
          f = memoize(() => rs.getNodeCheck(uid, { signal }));
          checks.set(uid, f);
        }
        return f();
      },
    };
  };

  const nodeProbe = async (step: StepRef, signal: AbortSignal, rejoined?: () => void): Promise<Probe> => {
    const uid = Number(step.target);
    try {
      const n = await rs.getNode(uid, { signal });
      if (!atLeast(n.software_version, step.hop.to)) return { done: false, reason: `node ${uid} reports ${n.software_version}` };
      if (n.status !== "active") return { done: false, reason: `node ${uid} is ${n.status}` };
      rejoined?.(); // timeline: back on the hop's version and active; the checks below are recovery
      const nc = await rs.getNodeCheck(uid, { signal });
      if (!nc.result) return { done: false, reason: `node ${uid} check fails${nc.error ? `: ${nc.error}` : ""}` };
      const cc = await rs.getClusterCheck({ signal });
      const bad = cc.nodes.filter((x) => !x.result);
      if (!cc.cluster_test_result || bad.length) {
        return { done: false, reason: `cluster check fails on ${bad.map((x) => `node ${x.node_uid}${x.error ? ` (${x.error})` : ""}`).join(", ") || "a node"}` };
      }
      return { done: true };
    } catch (e) {
      if (transient(e)) return { done: false, reason: (e as Error).message };
      throw e;
    }
  };

  const dbProbe = async (step: StepRef, signal: AbortSignal): Promise<Probe> => {
    const uid = dbUidOf(step.target);
    const actionUid = actions.get(step.id);
    try {
      if (actionUid) {
        const act = await rs.getAction(actionUid, { signal });
        if (act.status === "failed" || act.status === "aborted" || act.status === "cancelled") {
          return { terminal: `database upgrade action ${actionUid} ended ${act.status}${act.error ?? act.error_message ? `: ${act.error ?? act.error_message}` : ""}` };
        }
        if (act.status !== "completed") return { done: false, reason: `action ${act.state ?? act.status} (${act.progress ?? 0}%)` };
      }
      const d = await rs.getBdb(uid, { signal });
      const want = dbTargets.get(uid);
      if (want && d.redis_version !== want && !(d.redis_version && atLeastDb(d.redis_version, want))) {
        return { done: false, reason: `database ${d.name} reports Redis ${d.redis_version ?? "?"}` };
      }
      return { done: true };
    } catch (e) {
      if (transient(e)) return { done: false, reason: (e as Error).message };
      throw e;
    }
  };

  return {
    plan: a.plan,
    observe,
    isComplete: (step, obs) => stepComplete(step, obs, dbTargets),
    // the current master first, re-identified every pass (the role moves when the master restarts)
    order: (steps, obs) => {
      const m = steps.find((s) => isNode(s) && String(obs.masterUid) === s.target);
      return m ? [m, ...steps.filter((s) => s !== m)] : steps;
    },
    gates,
    steps: {
      async prepare(step, sctx) {
        if (!isNode(step) || !masterGateOn) return;
        // re-identify the master right before acting: the role may have moved since this pass observed it
        const fresh = await rs.getMasterUid({ signal: sctx.signal });
        if (String(fresh) === step.target) return;
        const m = sctx.observation.nodes.find((n) => n.uid === fresh);
        if (m && atLeast(m.version, step.hop.to) && m.status === "active") return;
        throw new MasterMovedError(Number(step.target), fresh, step.hop.to);
      },
      async act(step, sctx) {
        if (isDb(step)) {
          const uid = dbUidOf(step.target);
          const bdb = await rs.upgradeBdb(uid, { redis_version: dbTargets.get(uid), preserve_roles: inputs.databases.preserveRoles });
          if (bdb.action_uid) actions.set(step.id, bdb.action_uid);
          sctx.note(`database upgrade to Redis ${dbTargets.get(uid)} started${bdb.action_uid ? ` (action ${bdb.action_uid})` : ""}`);
          return;
        }
        const n = nodeOf(sctx.observation, step);
        const hook = inputs.nodeUpgrade;
        if (!hook || !n) throw new Error(`node ${step.target}: no nodeUpgrade.command to run`);
        const env = {
          UPGRADES_NODE_UID: String(n.uid),
          UPGRADES_NODE_ADDR: n.addr,
          UPGRADES_FROM_VERSION: n.version,
          UPGRADES_TARGET_VERSION: step.hop.to,
          // the generic names every upgrades hook gets (clients/node-hook nodeHookEnv)
          UPGRADES_NODE_NAME: `node:${n.uid}`,
          UPGRADES_NODE_ID: String(n.uid),
          UPGRADES_NODE_HOST: n.addr,
        };
        sctx.note(`running the upgrade command (${n.version} → ${step.hop.to})`);
        await runNodeHook({
          command: hook.command,
          env,
          timeoutMs: hook.timeoutSeconds * 1000,
          redact: (t) => redact(t, a.secrets),
          onLine: (line) => sctx.note(line),
        });
      },
      postCondition(step, ctx) {
        if (isDb(step)) {
          const uid = dbUidOf(step.target);
          return {
            what: `database ${step.name} on Redis ${dbTargets.get(uid)}`,
            timeoutMs: nodeTimeoutMs,
            backoff: { initialMs: 20, maxMs: 2000 },
            poll: (signal) => dbProbe(step, signal),
          };
        }
        return {
          what: `node ${step.target} on ${step.hop.to}, active, node and cluster checks passing`,
          timeoutMs: nodeTimeoutMs,
          backoff: { initialMs: 20, maxMs: 5000 },
          poll: (signal) => nodeProbe(step, signal, () => ctx.markRejoined?.()),
        };
      },
    },
  };
}

function atLeastDb(v: string, want: string): boolean {
  const [a1, a2] = v.split(".").map(Number);
  const [b1, b2] = want.split(".").map(Number);
  return a1 > b1 || (a1 === b1 && a2 >= b2);
}

/** Route executor progress to the resource context (status line, durable info, warnings). */
export function progressSink(ctx: ResourceContext): (e: ProgressEvent) => void {
  return (e) => {
    if (e.level === "status") ctx.status(e.message);
    else if (e.level === "info") ctx.info(e.message);
    else ctx.warn(e.message);
  };
}

export function runRollout(a: RunArgs): Promise<RolloutResult> {
  const nodeTimeoutMs = a.inputs.rollout.nodeTimeoutSeconds * 1000;
  return executeRollout(rolloutSpec(a), {
    signal: a.ctx.signal,
    onProgress: progressSink(a.ctx),
    disabledGates: a.inputs.rollout.disabledGates,
    gateTimeoutMs: nodeTimeoutMs,
    gateBackoff: { initialMs: 50, maxMs: 5000 },
    timeoutMs: a.ctx.timeoutMs,
  });
}
