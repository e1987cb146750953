// The fault matrix: every resource × every fault its simulator supports, one table, one `it` per row, each row
// through the same invariants:
//   1. the run stops safely (Elastic: shard allocation back to "all", no node-shutdown record, every node out of the
//      cluster recorded; Redis: every node left down recorded; Fleet: no policy half-written) — or, for faults the
//      retry budget absorbs, completes;
//   2. the partial record (PartialFailureError outputs) is exact: COMPLETE steps are done in the simulator, PENDING
//      steps untouched, nothing left in flight;
//   3. once the fault clears, one more up completes without repeating completed work (node starts / installs /
//      policy upgrade calls / cloud plans counted in the simulator);
//   4. Elastic data safety: document counts per index identical before and after, health never red (sampled on
//      every simulator state change) except in the shard_red row, where the fault itself turns it red.
// Setups reuse the per-resource helpers (tests/elastic, tests/redis, tests/fleet); their own fault tests check
// each scenario's messages in detail, this table proves the same invariants for all of them in one place.
import { strict as assert } from "assert";
import type { Plan } from "../../provider/plan/schema";
import type { Inputs as EsInputs, InputsIn as EsInputsIn, Outputs as EsOutputs } from "../../provider/resources/elastic/schema";
import type { Inputs as RsInputs, Outputs as RsOutputs } from "../../provider/resources/redis";
import type { Inputs as FlInputs, Outputs as FlOutputs } from "../../provider/resources/fleet";
import type { FaultSpecInput } from "../sim";
import { defaultCatalog, trimCatalog, type FleetSim } from "../sim/fleet";
import type { RedisSim } from "../sim/redis";
import { control } from "../sim/redis/helpers";
import * as es from "../elastic/helpers";
import * as rs from "../redis/helpers";
import * as fl from "../fleet/helpers";
import { assertNoRepeatedWork, assertRecordMatches, ended, leaks, redisShellHook, secretForms, stepStatuses, type Ended, type Truth } from "./support";

type Expect = "stop" | "absorb" | "refuse";

/** One scenario's world: the simulator, the first up, and how to read it back. */
interface World {
  /** the first up, the fault injected before or during it */
  first(): Promise<Ended<unknown>>;
  /** plan of an outputs object (partial or complete) */
  plan(outputs: unknown): Plan | undefined;
  /** safety invariants right after the first up ended (partial outputs when it stopped part-way) */
  assertSafe(partial: unknown | undefined): void;
  /** per plan target: what the simulator shows */
  truth(): Record<string, Truth>;
  /** per plan target: how often it was worked on (node starts, installs, upgrade calls, cloud plans) */
  work(): Record<string, number>;
  /** clear the fault and let its after-effects settle (no fixed sleeps) */
  clear(): Promise<void>;
  /** the next up: update() from the partial outputs, or create() again after a refusal */
  resume(partial: unknown | undefined): Promise<unknown>;
  /** the target is reached everywhere */
  assertFinished(outputs: unknown): void;
  /** credential values this world's clients send (scanned for in every message, error and output) */
  secrets: string[];
  /** every status/info/warn message the handler reported in this scenario */
  messages(): string[];
  /** checks that hold across the whole scenario (data safety) */
  assertThroughout(): void;
  stop(): Promise<void>;
}

interface Row {
  resource: "ElasticDeploymentVersion (self-managed)" | "ElasticDeploymentVersion (cloud)" | "RedisClusterVersion" | "FleetIntegration";
  fault: string;
  expect: Expect;
  /** the error names the cause */
  error?: RegExp;
  world(): Promise<World>;
}

// ------------------------------------------------------------------------------------------------ Elastic

const ES_FROM = "8.17.3";
const ES_TO = "8.19.2";

interface EsRow {
  fault: FaultSpecInput;
  /** inject once this many nodes completed (default: before the run) */
  afterSteps?: number;
  kibana?: boolean;
  rollout?: EsInputsIn["rollout"];
  hookTimeoutSeconds?: number;
  /** the fault itself turns health red (shard_red) */
  redByFault?: boolean;
  settle?: (sim: es.StartedSim) => Promise<void>;
}

async function elasticWorld(r: EsRow): Promise<World> {
  const sim = await es.startSim(es.threeNodeWorld(ES_FROM, { kibana: r.kibana }));
  const cluster = sim.elasticsearch!.cluster;
  const reds: string[] = [];
  const onChange = () => {
    const h = cluster.health();
    if (h.status === "red") reds.push(`red with ${h.unassigned_primary_shards} unassigned primaries at state version ${cluster.stateVersion}`);
  };
  cluster.on("change", onChange);
  const docs = () => (cluster.snapshot() as { indices: { name: string; docs: number; searchable_docs: number }[] }).indices.map((i) => [i.name, i.docs, i.searchable_docs]);
  const docsBefore = docs();
  const h = es.testHandler();
  const base = es.selfManagedInputs(sim, ES_TO);
  const inputs: EsInputs = es.selfManagedInputs(sim, ES_TO, {
    ...(r.rollout ? { rollout: r.rollout } : {}),
    ...(r.hookTimeoutSeconds ? { nodeUpgrade: { command: base.nodeUpgrade!.command, timeoutSeconds: r.hookTimeoutSeconds } } : {}),
  });
  let faultId: number | undefined;
  let id = "";
  const ctxs: es.RecordingContext[] = [];
  const rec = <C extends es.RecordingContext>(c: C): C => (ctxs.push(c), c);
  return {
    secrets: [sim.credentials.apiKey, sim.credentials.password, ...sim.config.credentials.apiKeys.map((k) => k.api_key)],
    messages: () => ctxs.flatMap((c) => [...c.statuses, ...c.infos, ...c.warnings]),
    async first() {
      if (r.afterSteps === undefined) faultId = sim.addFault(r.fault);
      const ctx = rec(es.testCtx({
        onInfo: (m) => {
          if (r.afterSteps !== undefined && faultId === undefined && new RegExp(`: complete \\(${r.afterSteps} of `).test(m)) faultId = sim.addFault(r.fault);
        },
      }));
      const e = await ended(h.create(inputs, ctx).then((x) => ((id = x.id), x.outputs)));
      if (e.kind === "partial") id = e.error.id!;
      return e;
    },
    plan: (o) => (o as EsOutputs).plan,
    assertSafe(partial) {
      assert.deepEqual(es.safety(sim), { shutdowns: [], allocation_enable: "all" }, "allocation restored, no node-shutdown record left");
      const out = partial as EsOutputs | undefined;
      const failed = new Set(Object.entries(stepStatuses(out?.plan)).filter(([, s]) => s === "ERROR").map(([t]) => t));
      for (const n of Object.values(es.nodeStates(sim))) {
        if (n.process === "running" && n.joined) continue;
        assert.ok(out, `${n.name} is out of the cluster after a run that reported success`);
        const rec = out.nodes?.find((x) => x.name === n.name);
        assert.ok(rec, `${n.name} is out of the cluster and missing from the record`);
        assert.ok(rec.inCluster === false || failed.has(n.name), `${n.name} is out of the cluster but recorded in it, and its step did not fail`);
      }
    },
    truth() {
      const out: Record<string, Truth> = {};
      for (const n of Object.values(es.nodeStates(sim))) {
        out[n.name] = n.running_version === ES_TO && n.joined ? "done" : n.starts === 1 && n.running_version === ES_FROM && n.process === "running" ? "untouched" : "touched";
      }
      const k = sim.kibana?.kibana;
      if (k) out.kibana = k.version === ES_TO && k.level().level === "available" ? "done" : k.version === ES_FROM && k.installedVersion === ES_FROM ? "untouched" : "touched";
      return out;
    },
    work: () => ({ ...es.startsOf(sim), ...(sim.kibana ? { kibana: sim.kibana.kibana.installedVersion === ES_TO ? 1 : 0 } : {}) }),
    async clear() {
      if (faultId !== undefined) sim.removeFault(faultId);
      await r.settle?.(sim);
      // not red again (a mixed-version cluster may stay yellow: a replica never goes to a node older than its primary's)
      assert.ok(await cluster.waitFor(() => cluster.health().status !== "red", 10_000), "the cluster is not red once the fault cleared");
    },
    resume: (partial) => h.update(id, partial as EsOutputs, inputs, rec(es.testCtx())),
    assertFinished(o) {
      const out = o as EsOutputs;
      assert.equal(out.outcome, "complete");
      assert.deepEqual(new Set(Object.values(es.versionsOf(sim))), new Set([ES_TO]));
      if (sim.kibana) assert.equal(sim.kibana.kibana.version, ES_TO);
      assert.deepEqual(es.safety(sim), { shutdowns: [], allocation_enable: "all" });
    },
    assertThroughout() {
      assert.deepEqual(docs(), docsBefore, "document counts per index identical before and after");
      if (!r.redByFault) assert.deepEqual(reds, [], "health never went red");
      else assert.ok(reds.length > 0, "the shard_red fault was observed as red (the sampler works)");
    },
    async stop() {
      cluster.off("change", onChange);
      await sim.stop();
    },
  };
}

const healShard = async (sim: es.StartedSim) => sim.elasticsearch!.cluster.healShard("logs", 0);
const slowRejoinSettle = async (sim: es.StartedSim) => {
  const c = sim.elasticsearch!.cluster;
  assert.ok(await c.waitFor(() => c.node("es-1")!.joined, 30_000), "es-1 joined late");
};

const elasticRows: (EsRow & { name: string; expect: Expect; error?: RegExp })[] = [
  { name: "node fails to start", fault: { kind: "es.node_fails_to_start", node: "es-1" }, expect: "stop", error: /es-1/ },
  { name: "node rejoins on the wrong version", fault: { kind: "es.node_wrong_version", node: "es-0", version: ES_FROM, times: 1 }, expect: "stop", error: /rejoined on 8\.17\.3/ },
  { name: "slow rejoin past the node timeout", fault: { kind: "es.node_slow_rejoin", node: "es-1", delayMs: 1_600_000, times: 1 }, rollout: { nodeTimeoutSeconds: 1 }, settle: slowRejoinSettle, expect: "stop", error: /es-1/ },
  { name: "shard red mid-run", fault: { kind: "es.shard_red", index: "logs", shard: 0 }, afterSteps: 1, rollout: { healthTimeoutSeconds: 1 }, redByFault: true, settle: healShard, expect: "stop", error: /green/ },
  { name: "429 burst within the retry budget", fault: { kind: "http", service: "elasticsearch", status: 429, headers: { "retry-after": "0" }, times: 3 }, expect: "absorb" },
  { name: "503 burst outlasting the retries", fault: { kind: "http", service: "elasticsearch", status: 503, headers: { "retry-after": "0" } }, afterSteps: 1, expect: "stop", error: /503/ },
  { name: "connection resets within the retry budget", fault: { kind: "http", service: "elasticsearch", method: "GET", reset: true, times: 3 }, afterSteps: 1, expect: "absorb" },
  { name: "slow responses", fault: { kind: "http", service: "elasticsearch", delayMs: 60, times: 8 }, expect: "absorb" },
  { name: "hook exits non-zero", fault: { kind: "script.exit", target: "es-1", exitCode: 3, times: 1 }, expect: "stop", error: /exit|code 3/ },
  { name: "hook hangs", fault: { kind: "script.hang", target: "es-1", times: 1 }, hookTimeoutSeconds: 1, expect: "stop", error: /hung|timed out/ },
  { name: "Kibana never available", fault: { kind: "kibana.never_available" }, kibana: true, rollout: { healthTimeoutSeconds: 1 }, expect: "stop", error: /Kibana/ },
];

// ------------------------------------------------------------------------------------------ Elastic Cloud

const CLOUD_FROM = "8.18.2";
const CLOUD_TO = "8.18.3";

async function cloudWorld(fault: FaultSpecInput): Promise<World> {
  const sim = await es.startSim({ timeScale: es.TIME_SCALE, cloud: { deployments: [{ name: "prod", version: CLOUD_FROM }] } });
  const dep = () => sim.cloud!.sim.deployment(sim.cloud!.deploymentIds[0]);
  const h = es.testHandler();
  const inputs = es.cloudInputs(sim, CLOUD_TO);
  let faultId: number | undefined;
  let id = "";
  // a cloud plan step acts on a resource (elasticsearch / kibana): done = running the target, healthy plans counted
  const resources = () => ({ elasticsearch: dep().elasticsearch, kibana: dep().kibana });
  const targetOf = (t: string) => (/kibana/i.test(t) ? "kibana" : "elasticsearch");
  const ctxs: es.RecordingContext[] = [];
  const rec = (c: es.RecordingContext) => (ctxs.push(c), c);
  const cloudTargets = () => (partialPlan ? partialPlan.phases.flatMap((ph) => ph.steps.map((s) => s.target)) : ["elasticsearch", "kibana"]);
  return {
    secrets: [sim.credentials.cloudApiKey!],
    messages: () => ctxs.flatMap((c) => [...c.statuses, ...c.infos, ...c.warnings]),
    async first() {
      faultId = sim.addFault(fault);
      const e = await ended(h.create(inputs, rec(es.testCtx())).then((x) => ((id = x.id), x.outputs)));
      if (e.kind === "partial") id = e.error.id!;
      return e;
    },
    plan: (o) => (o as EsOutputs).plan,
    assertSafe(partial) {
      const out = partial as EsOutputs | undefined;
      for (const [kind, r] of Object.entries(resources())) {
        assert.ok(r.version === CLOUD_FROM || r.version === CLOUD_TO, `${kind} is on a known version`);
        if (out) assert.ok(out.version === CLOUD_FROM, "the record shows the lowest version still running");
      }
    },
    truth() {
      const out: Record<string, Truth> = {};
      for (const t of cloudTargets()) {
        const r = resources()[targetOf(t)];
        // a failed plan attempt that changed nothing leaves the resource as it was
        out[t] = r.version === CLOUD_TO ? "done" : r.version === CLOUD_FROM ? "untouched" : "touched";
      }
      return out;
    },
    work() {
      const out: Record<string, number> = {};
      for (const t of cloudTargets()) out[t] = resources()[targetOf(t)].history.filter((a) => a.healthy).length;
      return out;
    },
    async clear() {
      if (faultId !== undefined) sim.removeFault(faultId);
    },
    resume: (partial) => (partial ? h.update(id, partial as EsOutputs, inputs, rec(es.testCtx())) : h.create(inputs, rec(es.testCtx())).then((r) => r.outputs)),
    assertFinished(o) {
      assert.equal((o as EsOutputs).outcome, "complete");
      assert.equal(dep().elasticsearch.version, CLOUD_TO);
      assert.equal(dep().kibana.version, CLOUD_TO);
      for (const r of Object.values(resources())) assert.equal(r.history.filter((a) => a.healthy).length, 1, "one successful plan per resource");
    },
    assertThroughout() {},
    stop: () => sim.stop(),
  };
}
// the cloud world reads step targets from the partial plan (set by the matrix before truth()/work())
let partialPlan: Plan | undefined;

// ------------------------------------------------------------------------------------------------ Redis

const RS_FROM = "7.4.2-54";
const RS_TO = "7.22.0-95";

interface RsRow {
  config?: Parameters<typeof rs.startSim>[0];
  rollout?: { nodeTimeoutSeconds?: number };
  hookTimeoutSeconds?: number;
  /** inject during the run, on a status/info message */
  during?: (sim: RedisSim, message: string) => void;
  clear?: (sim: RedisSim) => Promise<void>;
}

async function redisWorld(r: RsRow): Promise<World> {
  const sim = await rs.startSim({ nodes: { count: 3, version: RS_FROM, master: 1 }, ...(r.config ?? {}) });
  const hook = { command: redisShellHook(sim.controlUrl), timeoutSeconds: 20 };
  const raw = rs.rawInputs(sim, RS_TO, { nodeUpgrade: hook, ...(r.rollout ? { rollout: r.rollout } : {}) });
  const inputs: RsInputs = await rs.checked(r.hookTimeoutSeconds ? { ...raw, nodeUpgrade: { ...raw.nodeUpgrade, timeoutSeconds: r.hookTimeoutSeconds } } : raw);
  const resumeInputs: RsInputs = await rs.checked(rs.rawInputs(sim, RS_TO, { nodeUpgrade: hook }));
  const installs = (uid: number) => rs.installOrder(sim).filter((o) => o.node === uid && o.to === RS_TO).length;
  const logs: rs.Recorder[] = [];
  const rec = <C extends { log: rs.Recorder }>(c: C): C => (logs.push(c.log), c);
  return {
    secrets: [sim.credentials.password, Buffer.from(`${sim.credentials.username}:${sim.credentials.password}`).toString("base64")],
    messages: () => logs.flatMap((l) => [...l.status, ...l.info, ...l.warn]),
    first: () => ended(rs.up(inputs, undefined, rec(rs.makeCtx({ onStatus: (m) => r.during?.(sim, m) })))),
    plan: (o) => (o as RsOutputs).plan,
    assertSafe(partial) {
      const out = partial as RsOutputs | undefined;
      for (const n of sim.state.nodes) {
        if (n.status === "active") continue;
        assert.ok(out, `node ${n.uid} is ${n.status} after a run that reported success`);
        assert.equal(out.nodes.find((x) => x.uid === n.uid)?.status, n.status, `node ${n.uid} is ${n.status} and recorded so`);
      }
      // versions reached are recorded (when the API answers at the stop; otherwise the plan statuses are the record)
      if (out && sim.httpFaults.list().length === 0) assert.deepEqual(out.nodes.map((n) => [n.uid, n.version]), sim.state.nodes.map((n) => [n.uid, n.software_version]), "versions reached are recorded");
    },
    truth() {
      const out: Record<string, Truth> = {};
      for (const n of sim.state.nodes) {
        out[String(n.uid)] = n.software_version === RS_TO && n.status === "active" && !n.checkError ? "done" : installs(n.uid) === 0 && n.software_version === RS_FROM ? "untouched" : "touched";
      }
      return out;
    },
    work: () => Object.fromEntries(sim.state.nodes.map((n) => [String(n.uid), installs(n.uid)])),
    async clear() {
      sim.httpFaults.clear();
      await r.clear?.(sim);
    },
    resume: (partial) => rs.up(resumeInputs, partial as RsOutputs, rec(rs.makeCtx())),
    assertFinished(o) {
      const out = o as RsOutputs;
      assert.equal(out.outcome, "complete");
      assert.equal(out.version, RS_TO);
      assert.ok(sim.state.nodes.every((n) => n.software_version === RS_TO && n.status === "active"));
    },
    assertThroughout() {},
    stop: () => sim.stop(),
  };
}

const THREE = { nodes: { count: 3, version: RS_FROM, master: 1 } };
const onComplete = (n: number, act: (sim: RedisSim) => void) => {
  let done = false;
  return (sim: RedisSim, m: string) => {
    if (!done && new RegExp(`complete \\(${n} of 3\\)`).test(m)) {
      done = true;
      act(sim);
    }
  };
};

const redisRows: (RsRow & { name: string; expect: Expect; error?: RegExp })[] = [
  {
    name: "node check fails after upgrade",
    config: { ...THREE, faults: [{ kind: "node_check_fails_after_upgrade", node: 2 }] },
    rollout: { nodeTimeoutSeconds: 1 },
    clear: async (sim) => assert.equal((await control(sim, "POST", "/_sim/nodes/2/repair")).status, 200),
    expect: "stop",
    error: /node 2/,
  },
  { name: "node never returns", config: { ...THREE, faults: [{ kind: "node_never_returns", node: 2 }] }, rollout: { nodeTimeoutSeconds: 1 }, expect: "stop", error: /node 2/ },
  {
    name: "master moves",
    during: (() => {
      let moved = false;
      return (sim: RedisSim, m: string) => {
        if (!moved && /^node 2 .*PREPARED/.test(m)) {
          moved = true;
          sim.state.moveMaster(3, "test failover");
        }
      };
    })(),
    expect: "stop",
    error: /master role moved/,
  },
  {
    name: "a database on a Redis version the hop does not bundle",
    config: { ...THREE, databases: [{ name: "cache", redis_version: "7.2" }] },
    rollout: { nodeTimeoutSeconds: 1 },
    during: onComplete(1, (sim) => sim.state.patchDatabase(1, { redis_version: "6.0" })),
    clear: async (sim) => void sim.state.patchDatabase(1, { redis_version: "7.2" }),
    expect: "stop",
    error: /databases_on_bundled_versions/,
  },
  { name: "401 burst", during: onComplete(1, (sim) => void sim.httpFaults.add({ status: 401, times: 2 })), expect: "stop", error: /401/ },
  { name: "5xx burst outlasting the retries", during: onComplete(1, (sim) => void sim.httpFaults.add({ status: 503, times: 200 })), expect: "stop", error: /503/ },
  { name: "5xx burst within the retry budget", during: onComplete(1, (sim) => void sim.httpFaults.add({ path: "^/v1/nodes$", status: 503, times: 2 })), expect: "absorb" },
  { name: "slow responses", config: { ...THREE, httpFaults: [{ delayMs: 60, times: 10 }] }, expect: "absorb" },
  { name: "hook exits non-zero", config: { ...THREE, faults: [{ kind: "install_fails", node: 2, phase: "after_stop" }] }, expect: "stop", error: /exited with code 1/ },
  {
    name: "hook hangs",
    config: { ...THREE, faults: [{ kind: "install_hangs", node: 2 }] },
    hookTimeoutSeconds: 1,
    clear: async (sim) => assert.ok((await control(sim, "DELETE", "/_sim/faults")).status < 300),
    expect: "stop",
    error: /hung/,
  },
];

// ------------------------------------------------------------------------------------------------ Fleet

const FL_FROM = "1.15.0";
const FL_TO = "1.20.0";
const POLICIES = 4;

interface FlRow {
  /** before the run */
  before?: (sim: FleetSim) => void;
  /** on the first "policy … upgraded" milestone */
  afterFirstPolicy?: (sim: FleetSim) => void;
  clear: (sim: FleetSim) => void;
}

async function fleetWorld(r: FlRow): Promise<World> {
  const sim = await fl.startSim({ catalog: trimCatalog(defaultCatalog(), { nginx: FL_TO }), recordExchanges: true });
  sim.state.seedInstallation("nginx", FL_FROM);
  const ids = fl.seedPolicies(sim, "nginx", POLICIES);
  const original = new Map(ids.map((id) => [id, JSON.stringify(sim.state.policies.get(id))]));
  const inputs: FlInputs = await fl.checked(fl.rawInputs(sim, "nginx", FL_TO));
  const posts = (apiPath: string) => sim.exchanges.filter((x) => x.method === "POST" && x.apiPath === apiPath && x.status < 300);
  const policyUpgrades = (id: string) => posts("/api/fleet/package_policies/upgrade").filter((x) => ((x.requestBody as { packagePolicyIds?: string[] }).packagePolicyIds ?? []).includes(id)).length;
  const logs: fl.Recorder[] = [];
  const rec = <C extends { log: fl.Recorder }>(c: C): C => (logs.push(c.log), c);
  return {
    secrets: [sim.credentials.apiKey, sim.credentials.password],
    messages: () => logs.flatMap((l) => [...l.status, ...l.info, ...l.warn]),
    async first() {
      r.before?.(sim);
      const ctx = rec(fl.makeCtx());
      const info = ctx.info;
      let fired = false;
      ctx.info = (m) => {
        info(m);
        if (!fired && /^policy .* upgraded/.test(m)) {
          fired = true;
          r.afterFirstPolicy?.(sim);
        }
      };
      return ended(fl.up(inputs, undefined, ctx));
    },
    plan: (o) => (o as FlOutputs).plan,
    assertSafe(partial) {
      const out = partial as FlOutputs | undefined;
      for (const id of ids) {
        const p = sim.state.policies.get(id)!;
        const v = p.package.version;
        assert.ok(v === FL_FROM || v === FL_TO, `policy ${id} is on ${v}`);
        // not upgraded = byte-identical to before the run: nothing half-written
        if (v === FL_FROM) assert.equal(JSON.stringify(p), original.get(id), `policy ${id} was changed without being upgraded`);
        const rec = out?.policies.find((x) => x.id === id);
        if (rec) assert.equal(rec.status === "upgraded", v === FL_TO, `policy ${id}: record ${rec.status} vs simulator ${v}`);
      }
    },
    truth() {
      const out: Record<string, Truth> = {};
      const installed = sim.state.installations.get("nginx")?.version;
      out.nginx = installed === FL_TO ? "done" : installed === FL_FROM ? "untouched" : "touched";
      for (const id of ids) {
        const p = sim.state.policies.get(id)!;
        out[id] = p.package.version === FL_TO ? "done" : JSON.stringify(p) === original.get(id) ? "untouched" : "touched";
      }
      return out;
    },
    work: () => ({ nginx: posts(`/api/fleet/epm/packages/nginx/${FL_TO}`).length, ...Object.fromEntries(ids.map((id) => [id, policyUpgrades(id)])) }),
    async clear() {
      sim.faults.clear();
      r.clear(sim);
    },
    resume: (partial) => fl.up(inputs, partial as FlOutputs | undefined, rec(fl.makeCtx())),
    assertFinished(o) {
      const out = o as FlOutputs;
      assert.equal(out.outcome, "complete");
      assert.equal(sim.state.installations.get("nginx")?.version, FL_TO);
      assert.deepEqual(ids.map((id) => sim.state.policies.get(id)?.package.version), ids.map(() => FL_TO));
      assert.deepEqual(ids.map(policyUpgrades), ids.map(() => 1), "each policy upgraded exactly once over both runs");
      assert.equal(posts(`/api/fleet/epm/packages/nginx/${FL_TO}`).length, 1, "the package installed exactly once over both runs");
    },
    assertThroughout() {},
    stop: () => sim.stop(),
  };
}

const fleetRows: (FlRow & { name: string; expect: Expect; error?: RegExp })[] = [
  { name: "registry unreachable", before: (sim) => sim.setRegistryReachable(false, 502), clear: (sim) => sim.setRegistryReachable(true), expect: "refuse", error: /registry/ },
  {
    name: "429 burst on the policy upgrades outlasting the retries",
    afterFirstPolicy: (sim) => void sim.faults.add({ method: "POST", path: "package_policies/upgrade$", status: 429, headers: { "retry-after": "0" }, times: 3 }),
    clear: () => undefined,
    expect: "stop",
    error: /429/,
  },
  { name: "a policy upgrade failing", before: (sim) => sim.state.policyUpgradeFailures.set("nginx-pp-3", { times: 1, statusCode: 409, message: "Saved object [ingest-package-policies/nginx-pp-3] conflict" }), clear: () => undefined, expect: "stop", error: /nginx-3/ },
  // Kibana rolls a failed install back: nothing changed, so the run ends with the HTTP error and no partial record
  { name: "package install failing", before: (sim) => sim.state.installFailures.set("nginx", { times: 1, message: "Error installing nginx 1.20.0: index template conflict" }), clear: () => undefined, expect: "refuse", error: /index template conflict/ },
];

// ------------------------------------------------------------------------------------------------ the table

const table: Row[] = [
  ...elasticRows.map((r): Row => ({ resource: "ElasticDeploymentVersion (self-managed)", fault: r.name, expect: r.expect, error: r.error, world: () => elasticWorld(r) })),
  { resource: "ElasticDeploymentVersion (cloud)", fault: "plan fails", expect: "stop", error: /rolling-upgrade/, world: () => cloudWorld({ kind: "cloud.plan_fails", resource: "elasticsearch", step: "rolling-upgrade", message: "Instance [instance-0000000001] failed to start", times: 1 }) },
  { resource: "ElasticDeploymentVersion (cloud)", fault: "plan pending", expect: "refuse", error: /pending/, world: () => cloudWorld({ kind: "cloud.plan_pending", resource: "elasticsearch" }) },
  ...redisRows.map((r): Row => ({ resource: "RedisClusterVersion", fault: r.name, expect: r.expect, error: r.error, world: () => redisWorld(r) })),
  ...fleetRows.map((r): Row => ({ resource: "FleetIntegration", fault: r.name, expect: r.expect, error: r.error, world: () => fleetWorld(r) })),
];

describe("reliability: fault matrix (every resource × every simulator fault, one set of invariants)", function () {
  this.timeout(60_000);

  for (const row of table) {
    it(`${row.resource} — ${row.fault}: ${row.expect === "absorb" ? "absorbed" : row.expect === "refuse" ? "refused before any change" : "safe stop, exact record"}, then resumes without repeating work`, async () => {
      const w = await row.world();
      try {
        const first = await w.first();
        const where = `${row.resource} / ${row.fault}`;
        if (row.expect === "absorb") assert.equal(first.kind, "complete", `${where}: ${first.kind !== "complete" ? first.error.message : ""}`);
        else assert.equal(first.kind, row.expect === "stop" ? "partial" : "refused", `${where}: ended ${first.kind}${first.kind !== "complete" ? `: ${first.error.message}` : ""}`);
        if (first.kind !== "complete" && row.error) assert.match([first.error.message, ...(first.kind === "partial" ? first.error.reasons : [])].join("\n"), row.error);
        const partial = first.kind === "partial" ? first.error.outputs : undefined;
        if (partial) assert.equal((partial as { outcome: string }).outcome, "failed");
        partialPlan = partial ? w.plan(partial) : undefined;
        w.assertSafe(partial);

        let recorded: Record<string, string> = {};
        if (first.kind === "partial") {
          recorded = stepStatuses(w.plan(partial));
          assert.ok(Object.keys(recorded).length > 0, "the partial record carries the plan");
          assertRecordMatches(recorded, w.truth(), where);
          assert.ok(Object.values(recorded).some((s) => s !== "COMPLETE"), "a stopped run has unfinished steps");
        }
        if (first.kind === "refused") {
          for (const [t, v] of Object.entries(w.truth())) assert.equal(v, "untouched", `${where}: refused, yet ${t} was changed`);
        }
        const workAtStop = w.work();

        let final: unknown = first.kind === "complete" ? first.outputs : undefined;
        if (first.kind === "complete") {
          w.assertFinished(first.outputs);
        } else {
          await w.clear();
          final = await w.resume(partial);
          w.assertFinished(final);
          assertNoRepeatedWork(recorded, workAtStop, w.work(), where);
        }
        w.assertThroughout();
        // no credential in any message, error, partial record or final outputs of the scenario
        const seen = [w.messages(), first.kind !== "complete" ? [first.error.message, first.kind === "partial" ? first.error.reasons : []] : [], partial ?? null, final];
        assert.ok(w.messages().length > 0, "the scenario reported progress");
        assert.deepEqual(leaks(seen, secretForms(w.secrets)), [], `${where}: a credential leaked`);
      } finally {
        partialPlan = undefined;
        await w.stop();
      }
    });
  }

  it("the table covers every resource with at least one stop and the faults named in issue 9", () => {
    const faults = table.map((r) => `${r.resource}:${r.fault}`);
    assert.ok(table.length >= 25, `${table.length} rows`);
    for (const res of new Set(table.map((r) => r.resource))) assert.ok(table.some((r) => r.resource === res && r.expect !== "absorb"), `${res} has a failing row`);
    assert.equal(new Set(faults).size, faults.length, "one row per resource × fault");
  });
});
