// The benchmark baselines (tests/bench/baselines/) must be real upgrades, not strawmen: at a tiny time scale the runbook
// model rolls a tiered cluster to the target in the documented order with replica allocation disabled around each
// restart and ends green with every document searchable; the terraform model ends with both cloud resources on the
// target; both stop with a clear error when the simulator injects a failure. The shared accounting helper
// (tests/bench/support/) is checked against the same runs.
import { strict as assert } from "assert";
import { createElasticHandler } from "../../provider/resources/elastic";
import { inputSchema } from "../../provider/resources/elastic/schema";
import { RunbookHttpError } from "../bench/baselines/http";
import { NETWAYS_INTERVALS, runbookOrder, runNetwaysRunbook, type NodeOps } from "../bench/baselines/netways-runbook";
import { runTerraformEcApply, TERRAFORM_EC_INTERVALS, TerraformApplyError } from "../bench/baselines/terraform-ec";
import { benchCtx, curlNodeHookCommand, FROM, simNodeOps, tieredCluster, TO, withSim } from "../bench/elastic.bench";
import { cloudInherent, cloudRequestsSince, esInherent, esRequestsSince, markCloud, markEs } from "../bench/support/accounting";
import type { SimConfigInput, StartedSim } from "../sim";

const SCALE = 0.001;

/** the bench's tiered cluster, smaller: 3 masters, 2 hot, 2 warm, 1 frozen */
const world = (): SimConfigInput => tieredCluster(SCALE, { hotNodes: 2, docs: { hot: 10_000, warm: 2_000, frozen: 1_000 } });

/** resolves once cond() holds (checked every few ms, bounded by the test timeout) */
async function eventually(cond: () => boolean): Promise<void> {
  while (!cond()) await new Promise((r) => setTimeout(r, 2));
}

const es = (sim: StartedSim) => ({ url: sim.elasticsearch!.url, authorization: `ApiKey ${sim.credentials.apiKey}` });
const docs = (sim: StartedSim) => Object.fromEntries(sim.elasticsearch!.cluster.indices.map((i) => [i.name, sim.elasticsearch!.cluster.searchableDocs(i)]));

describe("bench baselines: the runbook model (Elastic's manual sequence, NETWAYS pacing)", function () {
  this.timeout(30_000);

  it("orders nodes frozen → cold → warm → hot → other data → other → masters", () => {
    const order = runbookOrder([
      { name: "m0", roles: "m" },
      { name: "hot", roles: "his" },
      { name: "ml", roles: "l" },
      { name: "warm", roles: "w" },
      { name: "content", roles: "s" },
      { name: "frozen", roles: "f" },
      { name: "cold", roles: "c" },
      { name: "hot-master", roles: "hm" },
    ]);
    assert.deepEqual(order, ["frozen", "cold", "warm", "hot", "content", "ml", "hot-master", "m0"]);
  });

  it("upgrades a tiered cluster one node at a time behind disabled replica allocation and ends green on the target", async () => {
    await withSim(world(), async (sim) => {
      const c = sim.elasticsearch!.cluster;
      const before = docs(sim);
      const real = simNodeOps(sim);
      const down = new Set<string>();
      const stops: { name: string; allocation: string; downAlready: number }[] = [];
      const ops: NodeOps = {
        stop: async (name) => {
          stops.push({ name, allocation: c.allocationEnable(), downAlready: down.size });
          down.add(name);
          await real.stop(name);
        },
        install: real.install,
        start: async (name) => {
          await real.start(name);
          down.delete(name);
        },
      };
      const mark = markEs(sim);
      const r = await runNetwaysRunbook({ elasticsearch: es(sim), target: TO, nodeOps: ops, timeScale: SCALE });

      assert.deepEqual(r.order, ["es-frozen-0", "es-warm-0", "es-warm-1", "es-hot-0", "es-hot-1", "es-master-0", "es-master-1", "es-master-2"]);
      assert.deepEqual(stops.map((s) => s.name), r.order, "each node stopped exactly once, in order");
      for (const s of stops) {
        assert.equal(s.allocation, "primaries", `replica allocation disabled before ${s.name} stopped`);
        assert.equal(s.downAlready, 0, `no other node down when ${s.name} stopped`);
      }
      for (const n of c.nodes) {
        assert.equal(n.runningVersion, TO, `${n.name} on ${TO}`);
        assert.ok(n.joined, `${n.name} in the cluster`);
      }
      assert.equal(c.health().status, "green");
      assert.equal(c.allocationEnable(), "all", "allocation re-enabled (setting removed)");
      assert.deepEqual(docs(sim), before, "every document still searchable");
      assert.ok(r.healthChecks >= r.order.length, "health checked before every node");
      assert.ok(r.rejoinChecks >= r.order.length, "rejoin checked for every node");

      // the shared accounting: one restart per node, no node shutdown API, requests from the simulator's log
      const inh = esInherent(sim, mark);
      assert.equal(inh.restarts, 8);
      assert.equal(inh.shutdownPrepares, 0);
      const t = c.timings;
      const perNode = t.stopMs + t.installMs + t.startMs + t.joinMs;
      assert.ok(inh.inherentSimMs >= 8 * perNode && inh.inherentSimMs <= 8 * perNode + 8 * t.peerRecoveryMs, `inherent ${inh.inherentSimMs} sim ms`);
      assert.equal(inh.inherentMs, inh.inherentSimMs * SCALE);
      assert.ok(inh.recoveries > 0, "recoveries after re-enabling allocation are in the log");
      assert.equal(esRequestsSince(sim, mark), sim.elasticsearch!.server.log.length - mark.requests);
      assert.ok(esRequestsSince(sim, mark) >= r.healthChecks + r.rejoinChecks + 3 * r.order.length);
    });
  });

  it("skips nodes already on the target (a re-run after a partial upgrade finishes the job)", async () => {
    await withSim(world(), async (sim) => {
      const ops = simNodeOps(sim);
      await ops.stop("es-frozen-0");
      await ops.install("es-frozen-0", TO);
      await ops.start("es-frozen-0");
      await eventually(() => sim.elasticsearch!.cluster.nodes.find((n) => n.name === "es-frozen-0")!.joined);
      const r = await runNetwaysRunbook({ elasticsearch: es(sim), target: TO, nodeOps: ops, timeScale: SCALE });
      assert.ok(!r.order.includes("es-frozen-0"));
      assert.equal(r.order.length, 7);
      assert.ok(sim.elasticsearch!.cluster.nodes.every((n) => n.runningVersion === TO));
    });
  });

  it("stops with the failing call when a node does not come back, as the modelled play would", async () => {
    await withSim({ ...world(), faults: [{ kind: "es.node_fails_to_start", node: "es-warm-0" }] }, async (sim) => {
      await assert.rejects(runNetwaysRunbook({ elasticsearch: es(sim), target: TO, nodeOps: simNodeOps(sim), timeScale: SCALE }), /systemctl start elasticsearch on es-warm-0 failed/);
      assert.equal(sim.elasticsearch!.cluster.nodes.find((n) => n.name === "es-hot-0")!.runningVersion, FROM, "nothing after the failed node was touched");
    });
  });

  it("stops on an API refusal (RunbookHttpError names the call)", async () => {
    await withSim(world(), async (sim) => {
      const bad = { url: sim.elasticsearch!.url, authorization: "ApiKey bm9wZTpub3Bl" };
      await assert.rejects(runNetwaysRunbook({ elasticsearch: bad, target: TO, nodeOps: simNodeOps(sim), timeScale: SCALE }), (e: unknown) => e instanceof RunbookHttpError && e.status === 401 && /GET \/_cat\/nodes answered 401/.test(e.message));
    });
  });

  it("models the documented NETWAYS intervals", () => {
    assert.equal(NETWAYS_INTERVALS.healthDelayS, 30);
    assert.equal(NETWAYS_INTERVALS.rejoinDelayS, 3);
    assert.equal(TERRAFORM_EC_INTERVALS.pollS, 2);
    assert.equal(TERRAFORM_EC_INTERVALS.idlePolls, 4);
  });
});

describe("bench baselines: the terraform-provider-ec apply model", function () {
  this.timeout(30_000);
  const cloudWorld = (): SimConfigInput => ({ timeScale: SCALE, cloud: { deployments: [{ name: "bench", version: FROM }] } });
  const ep = (sim: StartedSim) => ({ url: sim.cloud!.url, authorization: `ApiKey ${sim.credentials.cloudApiKey}` });

  it("upgrades both resources to the target, polling until four idle polls in a row", async () => {
    await withSim(cloudWorld(), async (sim) => {
      const id = sim.cloud!.deploymentIds[0];
      const mark = markCloud(sim);
      const r = await runTerraformEcApply({ cloud: ep(sim), deploymentId: id, target: TO, timeScale: SCALE });
      assert.equal(r.version, TO);
      assert.ok(r.polls > TERRAFORM_EC_INTERVALS.idlePolls, `${r.polls} polls`);
      const d = sim.cloud!.sim.deployment(id);
      for (const res of [d.elasticsearch, d.kibana]) {
        assert.equal(res.version, TO);
        assert.equal(res.pending, undefined);
        assert.ok(res.instances.every((i) => i.service_version === TO));
      }
      const inh = cloudInherent(sim, mark);
      assert.equal(inh.plans, 2, "one plan for Elasticsearch, one for Kibana");
      const { stepMs, instanceMs } = sim.cloud!.sim.cfg.timings;
      assert.equal(inh.inherentSimMs, 4 * stepMs + d.elasticsearch.instances.length * instanceMs + 2 * stepMs + d.kibana.instances.length * instanceMs);
      // read, PUT, polls, history read, read-back
      assert.equal(cloudRequestsSince(sim, mark), r.polls + 4);
    });
  });

  it("fails the apply with the plan's step and message when the plan fails", async () => {
    await withSim(cloudWorld(), async (sim) => {
      sim.addFault({ kind: "cloud.plan_fails", step: "rolling-upgrade", resource: "elasticsearch", message: "Instance [instance-0000000001] failed to start" });
      await assert.rejects(
        runTerraformEcApply({ cloud: ep(sim), deploymentId: sim.cloud!.deploymentIds[0], target: TO, timeScale: SCALE }),
        (e: unknown) => e instanceof TerraformApplyError && /elasticsearch .* is not on 9\.1\.2: plan failed at step rolling-upgrade: Instance \[instance-0000000001\] failed to start/.test(e.message),
      );
    });
  });
});

describe("bench accounting: our executor is charged the node shutdown API it uses", function () {
  this.timeout(30_000);

  it("counts one shutdown preparation per node and the simulator's requests", async () => {
    await withSim(world(), async (sim) => {
      const inputs = inputSchema.parse({ version: TO, elasticsearch: { url: sim.elasticsearch!.url, apiKey: sim.credentials.apiKey }, nodeUpgrade: { command: curlNodeHookCommand(sim), timeoutSeconds: 30 } });
      const h = createElasticHandler({ gateBackoff: { initialMs: 5, maxMs: 50 } });
      const mark = markEs(sim);
      const r = await h.create(inputs, benchCtx());
      assert.equal(r.outputs.version, TO);
      const inh = esInherent(sim, mark);
      assert.equal(inh.restarts, 8);
      assert.equal(inh.shutdownPrepares, 8);
      assert.ok(esRequestsSince(sim, mark) > 8, "the handler's requests are in the simulator's log");
    });
  });
});
