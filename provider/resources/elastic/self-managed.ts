/**
 * @module resources/elastic/self-managed — rolls a self-managed Elasticsearch cluster (and its Kibana) through the
 * hops of the path, node by node, on the shared executor (docs/rollout.md). Per node: restart preparation (node
 * shutdown API `type: restart` from 7.15.2 on, else allocation `primaries` + flush), the user's command, a
 * server-side wait for the node to rejoin on the target version, allocation / shutdown record restored, then a
 * server-side wait for green (or a yellow whose only unassigned copies are replicas that cannot go to older nodes,
 * elastic.md §b2 step 9). "Where am I" is always the live cluster: nodes already on a hop's target are never
 * restarted again.
 */
import { flattenDeprecations, type AllocationEnable, type CatShard, type ClusterHealth, type ElasticsearchClient } from "../../clients/elasticsearch";
import { nodeHookEnv, runNodeHook } from "../../clients/node-hook";
import type { Plan } from "../../plan";
import {
  executeRollout,
  gateOk,
  gateWait,
  isRolloutStopped,
  memoize,
  messageOf,
  type Gate,
  type Probe,
  type ProgressEvent,
  type StepContext,
  type StepRef,
  type WaitSpec,
} from "../../rollout";
import type { RuleOptions } from "../../versions";
import { PartialFailureError, type ResourceContext } from "../core/types";
import { redact } from "../core/values";
import type { KibanaStatusClient } from "../../clients/kibana";
import { kibanaAvailability, type KibanaAvailability } from "./connect";
import { DeprecationsBlockedError, DowngradeRefusedError, KibanaAheadError, UpgradeRefusedError } from "./errors";
import type { Inputs, NodeRecord, Outputs } from "./schema";
import {
  buildSelfManagedPlan,
  cmp,
  impactSummary,
  isMajorHop,
  KIBANA_TARGET,
  markComplete,
  phaseOf,
  planPath,
  type NodeView,
} from "./topology";

export interface SelfManagedDeps {
  es: ElasticsearchClient;
  esUrl: string;
  kibana?: { client: KibanaStatusClient; url: string };
  /** credential values, redacted from hook output */
  secrets: string[];
}

/** One pass's view of the live cluster. */
export interface EsObservation {
  /** nodes in the cluster now */
  readonly nodes: readonly NodeView[];
  readonly byId: ReadonlyMap<string, NodeView>;
  /** the same nodes by name (plan steps target node names) */
  readonly byName: ReadonlyMap<string, NodeView>;
  readonly health: ClusterHealth;
  readonly kibana?: KibanaAvailability;
  /** `_cat/shards`, read at most once per pass */
  shards(): Promise<CatShard[]>;
  /** yellow only because replicas of new-version primaries cannot go to older nodes (memoized) */
  safeYellow(): Promise<boolean>;
}

export async function observeCluster(deps: SelfManagedDeps, signal?: AbortSignal): Promise<EsObservation> {
  const [info, health, kibana] = await Promise.all([
    deps.es.nodes({ signal }),
    deps.es.clusterHealth({ signal }),
    deps.kibana ? kibanaAvailability(deps.kibana.client, signal) : Promise.resolve(undefined),
  ]);
  const nodes: NodeView[] = Object.entries(info.nodes).map(([id, n]) => ({
    id,
    name: n.name,
    host: n.host ?? n.ip ?? "",
    roles: [...n.roles].sort(),
    version: n.version,
    inCluster: true,
  }));
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const byName = new Map(nodes.map((n) => [n.name, n]));
  const shards = memoize(() => deps.es.catShards({ signal }));
  const safeYellow = memoize(async () => health.status === "yellow" && onlyVersionBlockedReplicas(nodes, await shards()));
  return { nodes, byId, byName, health, ...(kibana ? { kibana } : {}), shards, safeYellow };
}

/**
 * True when the cluster is mixed-version and every unassigned copy is a replica whose primary sits on a node
 * running the newest version, while some data node still runs an older one (NodeVersionAllocationDecider:
 * a replica never goes to a node older than its primary's). Elastic's rolling-upgrade step 9 says to proceed then.
 */
export function onlyVersionBlockedReplicas(nodes: readonly NodeView[], shards: readonly CatShard[]): boolean {
  const versions = [...new Set(nodes.map((n) => n.version))].sort(cmp);
  if (versions.length < 2) return false;
  const newest = versions[versions.length - 1];
  const byName = new Map(nodes.map((n) => [n.name, n]));
  const unassigned = shards.filter((s) => s.state === "UNASSIGNED");
  if (unassigned.length === 0) return false;
  return unassigned.every((s) => {
    if (s.prirep !== "r") return false;
    const primary = shards.find((p) => p.index === s.index && p.shard === s.shard && p.prirep === "p" && p.state === "STARTED");
    const holder = primary?.node ? byName.get(primary.node) : undefined;
    return holder !== undefined && holder.version === newest;
  });
}

const secs = (ms: number): string => `${Math.max(1, Math.ceil(ms / 1000))}s`;
const SHUTDOWN_API_SINCE = "7.15.2";

/** What the handler needs from one run. */
export interface SelfManagedRun {
  inputs: Inputs;
  olds?: Outputs;
  ctx: ResourceContext;
  deps: SelfManagedDeps;
  ruleOptions: RuleOptions;
  /** options passed through to the executor (tests: a gate backoff) */
  gateBackoff?: { initialMs?: number; maxMs?: number };
}

interface Known {
  clusterName: string;
  clusterUuid: string;
  /** every node we know: in the cluster now, or recorded by an earlier run and missing now */
  nodes: NodeView[];
  obs: EsObservation;
}

async function discover(run: SelfManagedRun): Promise<Known> {
  const { deps, ctx, olds } = run;
  const [info, obs] = await Promise.all([deps.es.info({ signal: ctx.signal }), observeCluster(deps, ctx.signal)]);
  const clusterUuid = info.cluster_uuid ?? info.cluster_name;
  const nodes = [...obs.nodes];
  // nodes a run that stopped part-way saw and that are not in the cluster now (a hook stopped them, or their start
  // failed): keep them in the plan so their command runs again. After a finished run an absent node is gone for good
  // (decommissioned), so it is dropped.
  const unfinished = olds?.outcome === "failed" || olds?.outcome === "paused";
  if (olds?.nodes && unfinished && (!olds.clusterUuid || olds.clusterUuid === clusterUuid)) {
    for (const n of olds.nodes) {
      if (!obs.byId.has(n.id)) nodes.push({ id: n.id, name: n.name, host: n.host, roles: n.roles, version: n.version, inCluster: false });
    }
  }
  return { clusterName: info.cluster_name, clusterUuid, nodes, obs };
}

function nodeRecords(nodes: readonly NodeView[], obs: EsObservation): NodeRecord[] {
  return nodes.map((n) => {
    const live = obs.byId.get(n.id);
    return { id: n.id, name: n.name, host: n.host, roles: [...n.roles], version: live?.version ?? n.version, phase: phaseOf(n.roles), inCluster: live !== undefined };
  });
}

const lowestOf = (vs: readonly string[]): string => [...vs].sort(cmp)[0];

/** Output fields describing what runs now. */
function observed(run: SelfManagedRun, k: Known, obs: EsObservation) {
  const records = nodeRecords(k.nodes, obs);
  const esVersions = records.map((n) => n.version).filter((v) => v !== "");
  const elasticsearchVersion = lowestOf(esVersions.length ? esVersions : [run.olds?.elasticsearchVersion ?? "0.0.0"]);
  const kibanaVersion = run.deps.kibana ? obs.kibana?.version ?? run.olds?.kibanaVersion : undefined;
  const version = kibanaVersion && cmp(kibanaVersion, elasticsearchVersion) < 0 ? kibanaVersion : elasticsearchVersion;
  return { records, elasticsearchVersion, kibanaVersion, version };
}

export function settingsEcho(i: Inputs) {
  return {
    allowPrerelease: i.allowPrerelease,
    adjacentVersionsOnly: i.adjacentVersionsOnly,
    ...(i.catalog ? { catalog: i.catalog } : {}),
    rollout: i.rollout,
    deprecations: i.deprecations,
    ...(i.nodeUpgrade ? { nodeUpgrade: i.nodeUpgrade } : {}),
    ...(i.kibanaUpgrade ? { kibanaUpgrade: i.kibanaUpgrade } : {}),
  };
}

function makeOutputs(run: SelfManagedRun, k: Known, obs: EsObservation, extra: { path: string[]; plan?: Plan; outcome: Outputs["outcome"]; message?: string }): Outputs {
  const o = observed(run, k, obs);
  return {
    version: o.version,
    targetVersion: run.inputs.version,
    elasticsearchVersion: o.elasticsearchVersion,
    ...(o.kibanaVersion ? { kibanaVersion: o.kibanaVersion } : {}),
    targetKind: "self-managed",
    clusterName: k.clusterName,
    clusterUuid: k.clusterUuid,
    elasticsearchUrl: run.deps.esUrl,
    ...(run.deps.kibana ? { kibanaUrl: run.deps.kibana.url } : {}),
    path: extra.path,
    outcome: extra.outcome,
    ...(extra.message ? { message: extra.message } : {}),
    ...(extra.plan ? { plan: extra.plan } : {}),
    nodes: o.records,
    ...settingsEcho(run.inputs),
  };
}

export const selfManagedId = (clusterUuid: string): string => `elasticsearch:${clusterUuid}`;

async function blockingDeprecations(es: ElasticsearchClient, policy: Inputs["deprecations"], signal?: AbortSignal): Promise<string[]> {
  if (policy === "ignore") return [];
  const d = await es.deprecations({ signal });
  return flattenDeprecations(d)
    .filter((f) => f.level === "critical" || (policy === "block-warning" && f.level === "warning"))
    .map((f) => `${f.level}: ${f.message}${f.resource ? ` (${f.section} ${f.resource})` : ` (${f.section})`}`);
}

function planStrategy(i: Inputs): "serial" | "canary" | "manual" {
  return i.rollout.strategy;
}

/** Work out path and plan, refusing illegal targets. Read-only. */
function decide(run: SelfManagedRun, k: Known) {
  const { inputs } = run;
  const target = inputs.version;
  const o = observed(run, k, k.obs);
  for (const n of o.records) {
    if (n.version && cmp(n.version, target) > 0) throw new DowngradeRefusedError(`node ${n.name}`, n.version, target);
  }
  if (o.kibanaVersion && cmp(o.kibanaVersion, target) > 0) throw new KibanaAheadError(o.kibanaVersion, target);
  const running = [...o.records.map((n) => n.version).filter((v) => v !== ""), ...(o.kibanaVersion ? [o.kibanaVersion] : [])];
  const verdict = planPath(running, target, run.ruleOptions);
  if (!verdict.ok) throw new UpgradeRefusedError(verdict.from, target, verdict.violations);
  const { hops, path } = verdict.plan;
  const strategy = planStrategy(inputs);
  const plan = buildSelfManagedPlan(hops, k.nodes, {
    name: `${k.clusterName}: ${path.join(" → ")}`,
    strategy,
    maxUnavailable: inputs.rollout.maxUnavailable,
    canarySteps: inputs.rollout.canarySteps,
    ...(inputs.rollout.approvedThrough ? { approvedThrough: inputs.rollout.approvedThrough } : {}),
    canaryApproved: inputs.rollout.canaryApproved,
    kibana: run.deps.kibana !== undefined,
  });
  return { hops, path, plan };
}

function isDone(obs: EsObservation, target: string, hop: { to: string }): boolean {
  if (target === KIBANA_TARGET) return !!obs.kibana?.version && obs.kibana.available && cmp(obs.kibana.version, hop.to) >= 0;
  const n = obs.byName.get(target);
  return n !== undefined && cmp(n.version, hop.to) >= 0;
}

/** Preview: predicted outputs and the impact summary, no side effect (only GETs). */
export async function previewSelfManaged(run: SelfManagedRun): Promise<{ outputs: Outputs; summary: string }> {
  const k = await discover(run);
  const { hops, path, plan } = decide(run, k);
  const predicted = markComplete(plan, (t, h) => isDone(k.obs, t, h));
  const blocking: string[] = [];
  let deprecationSummary: string | undefined;
  const major = hops.find(isMajorHop);
  if (major && run.inputs.deprecations !== "ignore") {
    const found = await blockingDeprecations(run.deps.es, run.inputs.deprecations, run.ctx.signal);
    deprecationSummary = `${run.inputs.deprecations === "block-warning" ? "critical/warning" : "critical"} deprecations before ${major.from} → ${major.to}: ${found.length ? found.length : "none"}`;
    if (found.length) blocking.push(`${found.length} deprecation finding(s) block ${major.from} → ${major.to}: ${found.slice(0, 3).join("; ")}`);
  }
  if (k.obs.health.status === "red") blocking.push("cluster health is red: no node restarts until it recovers");
  const missing = k.nodes.filter((n) => !n.inCluster).map((n) => n.name);
  if (missing.length) blocking.push(`not in the cluster: ${missing.join(", ")} (their upgrade command runs again)`);
  const summary = impactSummary({
    hops,
    nodes: k.nodes,
    ...(run.deps.kibana ? { kibana: { ...(k.obs.kibana?.version ? { version: k.obs.kibana.version } : {}) } } : {}),
    health: k.obs.health.status,
    blocking,
    ...(deprecationSummary ? { deprecationSummary } : {}),
    strategy: run.inputs.rollout.strategy,
    ...(predicted.next ? { next: predicted.next } : {}),
  });
  return { outputs: makeOutputs(run, k, k.obs, { path, plan: predicted, outcome: "planned", message: summary }), summary };
}

interface StepState {
  shutdown: boolean;
  allocation: boolean;
  /** the allocation setting before we changed it (null = unset, i.e. the default `all`) */
  prevAllocation: AllocationEnable | null;
  restored: boolean;
}

/** Runs (or resumes) the upgrade. Returns outputs; throws PartialFailureError once anything may have changed. */
export async function applySelfManaged(run: SelfManagedRun): Promise<{ id: string; outputs: Outputs }> {
  const { inputs, ctx, deps } = run;
  const es = deps.es;
  const k = await discover(run);
  const id = selfManagedId(k.clusterUuid);
  const { hops, path, plan } = decide(run, k);
  if (hops.length === 0) {
    const outputs = makeOutputs(run, k, k.obs, { path, outcome: run.olds ? "complete" : "adopted", message: `already on ${inputs.version}` });
    ctx.info(`${k.clusterName} already runs ${inputs.version}; recorded`);
    return { id, outputs };
  }
  // A major first hop that has not started yet is refused up front, before anything changes.
  const first = hops[0];
  const deprecationsChecked = new Set<string>();
  if (isMajorHop(first) && !k.obs.nodes.some((n) => cmp(n.version, first.to) >= 0)) {
    const found = await blockingDeprecations(es, inputs.deprecations, ctx.signal);
    if (found.length) throw new DeprecationsBlockedError(`${first.from} → ${first.to}`, found, inputs.deprecations);
    deprecationsChecked.add(`${first.from}->${first.to}`);
  }

  /** every known node by name (the plan's step targets) */
  const known = new Map(k.nodes.map((n) => [n.name, n]));
  const idOf = (target: string): string => known.get(target)?.id ?? target;
  const stepState = new Map<string, StepState>();
  const preflightDone = new Map<string, Promise<void>>();
  let mlJobs: Promise<boolean> | undefined;
  const hasMlJobs = (): Promise<boolean> => {
    mlJobs ??= es.mlJobs({ signal: ctx.signal }).then((j) => j.count > 0);
    mlJobs.catch(() => (mlJobs = undefined)); // a failed read is asked again next time, not remembered
    return mlJobs;
  };
  const nodeTimeoutMs = inputs.rollout.nodeTimeoutSeconds * 1000;
  const healthTimeoutMs = inputs.rollout.healthTimeoutSeconds * 1000;
  const red = (t: string) => redact(t, deps.secrets);

  const preflight = (hop: { from: string; to: string }, obs: EsObservation, signal: AbortSignal): Promise<void> => {
    const key = `${hop.from}->${hop.to}`;
    let p = preflightDone.get(key);
    if (!p) {
      p = (async () => {
        // before a major hop that has not started: no blocking deprecation (elastic.md §b5)
        if (isMajorHop(hop) && !deprecationsChecked.has(key) && !obs.nodes.some((n) => cmp(n.version, hop.to) >= 0)) {
          const found = await blockingDeprecations(es, inputs.deprecations, signal);
          if (found.length) throw new DeprecationsBlockedError(`${hop.from} → ${hop.to}`, found, inputs.deprecations);
        }
        if (await hasMlJobs()) {
          await es.setMlUpgradeMode(true, { signal, timeout: "10m" });
          ctx.info(`ML upgrade mode on for ${key}`);
        }
      })();
      preflightDone.set(key, p);
      p.catch(() => preflightDone.delete(key));
    }
    return p;
  };

  /** ML upgrade mode off once the cluster is not mixed any more (after each hop's Elasticsearch nodes). */
  const finishMl = async (signal?: AbortSignal) => {
    if (!(await hasMlJobs())) return;
    const obs = await observeCluster({ ...deps, kibana: undefined }, signal);
    if (new Set(obs.nodes.map((n) => n.version)).size > 1) return;
    if ((await es.mlInfo({ signal })).upgrade_mode) {
      await es.setMlUpgradeMode(false, { signal, timeout: "10m" });
      ctx.info("ML upgrade mode off");
    }
  };

  const restore = async (stepId: string, target: string) => {
    const st = stepState.get(stepId);
    if (!st || st.restored) return;
    if (st.shutdown) await es.deleteNodeShutdown(target);
    if (st.allocation) await es.setAllocationEnable(st.prevAllocation, {});
    st.restored = true;
  };

  /** Post-restart health: server-side waits only (wait_for_events, wait_for_no_*_shards, wait_for_status). */
  const healthy = async (signal: AbortSignal, deadline: number): Promise<Probe> => {
    const left = () => Math.max(1, deadline - Date.now());
    const h = await es.clusterHealth({
      waitForStatus: "yellow",
      waitForNoInitializingShards: true,
      waitForNoRelocatingShards: true,
      waitForEvents: "languid",
      timeout: secs(left()),
      signal,
    });
    if (h.timed_out) return { done: false, reason: `cluster ${h.status}, ${h.initializing_shards} initializing, ${h.relocating_shards} relocating shards` };
    if (h.status === "green") return { done: true };
    if (inputs.rollout.waitForStatus === "yellow") return { done: true };
    if (h.delayed_unassigned_shards === 0) {
      const obs = await observeCluster({ ...deps, kibana: undefined }, signal);
      if (await obs.safeYellow()) return { done: true };
    }
    const g = await es.clusterHealth({ waitForStatus: "green", timeout: secs(left()), signal });
    return g.timed_out ? { done: false, reason: `cluster ${g.status} (${g.unassigned_shards} unassigned shards)` } : { done: true };
  };

  const gates: Gate<EsObservation>[] = [
    {
      name: "only_restart_when_cluster_is_green_or_safely_yellow",
      why: "restarting a node of a red or recovering cluster can lose the last copy of a shard",
      appliesTo: (s) => s.tags.includes("es"),
      check: async (s, g) => {
        const o = g.observation;
        if (!o.byName.has(s.target)) return gateOk; // not in the cluster: starting it can only help
        const h = o.health;
        if (h.status === "green") return gateOk;
        if (h.status === "red") return gateWait("cluster health is red");
        if (h.initializing_shards > 0 || h.relocating_shards > 0) return gateWait(`cluster yellow with ${h.initializing_shards} initializing and ${h.relocating_shards} relocating shards`);
        if (inputs.rollout.waitForStatus === "yellow" || (await o.safeYellow())) return gateOk;
        return gateWait(`cluster health is yellow (${h.unassigned_shards} unassigned shards)`);
      },
    },
    {
      name: "one_master_at_a_time",
      why: "two master-eligible nodes down at once can lose the quorum",
      appliesTo: (s) => s.tags.includes("master"),
      check: (_s, g) => ([...g.inFlight, ...g.selected].some((f) => f.tags.includes("master")) ? gateWait("another master-eligible node is restarting") : gateOk),
    },
    {
      name: "keep_a_quorum_of_master_eligible_nodes",
      why: "stopping half the master-eligible nodes makes the cluster unavailable",
      appliesTo: (s) => s.tags.includes("master"),
      check: (s, g) => {
        const masters = [...known.values()].filter((n) => n.roles.includes("master"));
        const up = masters.filter((n) => g.observation.byId.has(n.id));
        if (!g.observation.byName.has(s.target)) return gateOk;
        return (up.length - 1) * 2 > masters.length ? gateOk : gateWait(`only ${up.length} of ${masters.length} master-eligible nodes are in the cluster`);
      },
    },
    {
      name: "last_master_after_every_other_node",
      why: "older nodes cannot always join a cluster whose masters are all upgraded",
      appliesTo: (s) => s.tags.includes("master"),
      check: (s, g) => {
        const otherMastersLeft = g.plan.phases
          .filter((p) => p.hop.to === s.hop.to)
          .flatMap((p) => p.steps)
          .some((st) => st.id !== s.id && (st.tags ?? []).includes("master") && !g.isStepComplete(st.id));
        if (otherMastersLeft) return gateOk;
        const behind = [...known.values()].filter((n) => !n.roles.includes("master") && !(g.observation.byId.get(n.id) && cmp(g.observation.byId.get(n.id)!.version, s.hop.to) >= 0));
        return behind.length ? gateWait(`not yet on ${s.hop.to}: ${behind.map((n) => n.name).join(", ")}`) : gateOk;
      },
    },
    {
      name: "do_not_restart_two_nodes_holding_the_same_shard",
      why: "two copies of a shard down at once can make it red",
      appliesTo: (s) => s.tags.includes("es"),
      check: async (s, g) => {
        const others = [...g.inFlight, ...g.selected].filter((f) => f.tags.includes("es") && f.id !== s.id);
        if (others.length === 0) return gateOk;
        // _cat/shards names the node holding each copy
        const mine = new Set((await g.observation.shards()).filter((c) => c.node === s.target).map((c) => `${c.index}/${c.shard}`));
        const clash = (await g.observation.shards()).find((c) => others.some((o) => c.node === o.target) && mine.has(`${c.index}/${c.shard}`));
        return clash ? gateWait(`shard ${clash.index}/${clash.shard} also has a copy on a restarting node`) : gateOk;
      },
    },
    {
      name: "kibana_after_every_elasticsearch_node",
      why: "Kibana must never run ahead of Elasticsearch",
      appliesTo: (s) => s.target === KIBANA_TARGET,
      check: (s, g) => {
        const behind = [...known.values()].filter((n) => !(g.observation.byId.get(n.id) && cmp(g.observation.byId.get(n.id)!.version, s.hop.to) >= 0));
        return behind.length ? gateWait(`Elasticsearch nodes not yet on ${s.hop.to}: ${behind.map((n) => n.name).join(", ")}`) : gateOk;
      },
    },
  ];

  const esPost = (step: StepRef, ctx2: Pick<StepContext<EsObservation>, "observation" | "markRejoined">): WaitSpec => {
    const present = ctx2.observation.byName.has(step.target);
    const expected = ctx2.observation.nodes.length + (present ? 0 : 1);
    const name = step.target;
    const id = idOf(step.target);
    return {
      what: `${name} back in the cluster on ${step.hop.to} and the cluster healthy`,
      timeoutMs: nodeTimeoutMs,
      backoff: { initialMs: 50, maxMs: 5_000 },
      serverSide: async ({ signal, timeoutMs }) => {
        // every server-side wait below shares what is left of this probe's time
        const deadline = Date.now() + timeoutMs;
        const h = await es.clusterHealth({ waitForNodes: `>=${expected}`, timeout: secs(timeoutMs), signal });
        if (h.timed_out) return { done: false, reason: `${h.number_of_nodes} of ${expected} nodes in the cluster` };
        const info = await es.nodes({ filter: id, signal });
        const n = info.nodes[id];
        if (!n) return { done: false, reason: `${name} has not rejoined yet` };
        if (n.version !== step.hop.to) {
          return { terminal: `${name} rejoined on ${n.version}, not ${step.hop.to}: check that the upgrade command installs UPGRADES_TARGET_VERSION` };
        }
        // timeline: the rejoin ends here; allocation restore and shard recovery follow (docs/rollout.md)
        ctx2.markRejoined?.();
        await restore(step.id, id);
        return healthy(signal, deadline);
      },
    };
  };

  const kibanaPost = (step: StepRef): WaitSpec => ({
    what: `Kibana available on ${step.hop.to}`,
    timeoutMs: healthTimeoutMs,
    backoff: { initialMs: 50, maxMs: 5_000 },
    poll: async (signal) => {
      const s = await kibanaAvailability(deps.kibana!.client, signal);
      if (s.available && s.version === step.hop.to) return { done: true };
      return { done: false, reason: s.version && s.version !== step.hop.to ? `Kibana reports ${s.version}` : s.reason };
    },
  });

  const onProgress = (e: ProgressEvent) => {
    const m = red(e.message);
    if (e.level === "status") ctx.status(m);
    else if (e.level === "info") ctx.info(m);
    else ctx.warn(m);
  };

  ctx.info(`${k.clusterName}: ${path.join(" → ")} (${inputs.rollout.strategy})`);
  let result;
  try {
    result = await executeRollout<EsObservation>(
      {
        plan,
        observe: (signal) => observeCluster(deps, signal),
        isComplete: (s, obs) => isDone(obs, s.target, s.hop),
        gates,
        steps: {
          prepare: async (step, sc) => {
            if (step.target === KIBANA_TARGET) {
              await finishMl(sc.signal);
              return;
            }
            await preflight(step.hop, sc.observation, sc.signal);
            const st: StepState = { shutdown: false, allocation: false, prevAllocation: null, restored: false };
            stepState.set(step.id, st);
            const node = sc.observation.byName.get(step.target);
            if (!node) {
              sc.note("not in the cluster: its upgrade command starts it");
              return;
            }
            if (cmp(step.hop.from, SHUTDOWN_API_SINCE) >= 0) {
              await es.putNodeShutdown(node.id, { type: "restart", reason: `pulumi-upgrades ${step.hop.from} -> ${step.hop.to}`, allocation_delay: `${inputs.rollout.nodeTimeoutSeconds}s` }, { signal: sc.signal });
              st.shutdown = true;
              await sc.waitUntil({
                what: `${node.name} ready to restart (node shutdown COMPLETE)`,
                timeoutMs: healthTimeoutMs,
                // real clusters answer COMPLETE at once for a restart (no shard moves); poll tightly, then back off
                backoff: { initialMs: 20, maxMs: 2_000, factor: 1.5 },
                poll: async (signal) => {
                  const r = (await es.nodeShutdowns({ nodeId: node.id, signal })).find((x) => x.node_id === node.id);
                  if (r?.status === "COMPLETE") return { done: true };
                  return { done: false, reason: `shutdown status ${r?.status ?? "missing"}` };
                },
              });
            } else {
              const prev = await es.allocationEnable({ signal: sc.signal });
              st.prevAllocation = prev === "all" || prev === "primaries" || prev === "new_primaries" || prev === "none" ? prev : null;
              await es.setAllocationEnable("primaries", { signal: sc.signal });
              st.allocation = true;
              try {
                await es.flush({ signal: sc.signal });
              } catch (e) {
                sc.note(`flush failed (continuing): ${messageOf(e)}`);
              }
            }
          },
          act: async (step, sc) => {
            if (step.target === KIBANA_TARGET) {
              const kv = sc.observation.kibana?.version;
              if (kv && cmp(kv, step.hop.to) >= 0) {
                sc.note(`Kibana already runs ${kv}: waiting for it to be available`);
                return;
              }
              await runNodeHook({
                command: inputs.kibanaUpgrade!.command,
                env: nodeHookEnv({ nodeName: "kibana", nodeId: "kibana", nodeHost: hostOf(deps.kibana!.url), fromVersion: kv ?? step.hop.from, targetVersion: step.hop.to }),
                timeoutMs: inputs.kibanaUpgrade!.timeoutSeconds * 1000,
                onLine: (l) => sc.note(l),
                redact: red,
              });
              return;
            }
            const node = known.get(step.target)!;
            const live = sc.observation.byName.get(step.target);
            await runNodeHook({
              command: inputs.nodeUpgrade!.command,
              env: nodeHookEnv({ nodeName: node.name, nodeId: node.id, nodeHost: node.host, fromVersion: live?.version ?? step.hop.from, targetVersion: step.hop.to }),
              timeoutMs: inputs.nodeUpgrade!.timeoutSeconds * 1000,
              onLine: (l) => sc.note(l),
              redact: red,
            });
          },
          postCondition: (step, sc) => (step.target === KIBANA_TARGET ? kibanaPost(step) : esPost(step, sc)),
          cleanup: async (step) => {
            if (step.target !== KIBANA_TARGET) await restore(step.id, idOf(step.target));
          },
        },
      },
      {
        signal: ctx.signal,
        onProgress,
        disabledGates: inputs.rollout.disabledGates,
        gateTimeoutMs: healthTimeoutMs,
        ...(run.gateBackoff ? { gateBackoff: run.gateBackoff } : {}),
      },
    );
  } catch (e) {
    if (!isRolloutStopped(e)) throw e;
    const obs = await observeCluster(deps, undefined).catch(() => k.obs);
    const stepErrors = e.checkpoint.plan.phases.flatMap((p) => p.steps.filter((s) => s.error).map((s) => `${s.name}: ${red(s.error!)}`));
    const message = red(e.message);
    const outputs = makeOutputs(run, k, obs, { path, plan: e.checkpoint.plan, outcome: "failed", message });
    throw new PartialFailureError(message, { outputs, id, reasons: [message, ...stepErrors.filter((s) => !message.includes(s))] });
  }
  try {
    await finishMl(ctx.signal);
  } catch (e) {
    ctx.warn(`could not turn ML upgrade mode off: ${red(messageOf(e))}; run POST /_ml/set_upgrade_mode?enabled=false`);
  }
  const obs = await observeCluster(deps, ctx.signal);
  if (result.outcome === "paused") {
    const message = `paused: set rollout.${result.next} to continue`;
    ctx.info(message);
    return { id, outputs: makeOutputs(run, k, obs, { path, plan: result.plan, outcome: "paused", message }) };
  }
  ctx.info(`${k.clusterName} now runs ${inputs.version}`);
  return { id, outputs: makeOutputs(run, k, obs, { path, plan: result.plan, outcome: "complete" }) };
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return url;
  }
}

/** Refresh / import: what runs now. */
export async function readSelfManaged(run: SelfManagedRun): Promise<{ id: string; outputs: Outputs }> {
  const k = await discover(run);
  const base = run.olds;
  const outputs = makeOutputs(run, k, k.obs, {
    path: base?.path ?? [],
    ...(base?.plan ? { plan: base.plan } : {}),
    outcome: base?.outcome ?? "adopted",
    ...(base?.message ? { message: base.message } : {}),
  });
  return { id: selfManagedId(k.clusterUuid), outputs };
}
