// RedisClusterVersion scenarios of issue 8 through BOTH Pulumi hosts (the plugin via run-plugin and Pulumi's
// dynamic-provider host), driven by the engine-less harness against the simulator: a refused direct hop planned
// around, a database prerequisite refusal, databases upgraded after the nodes. One provider process per host serves
// every scenario; each scenario gets its own simulator and resource.
import assert from "node:assert/strict";
import { secret, type ResourceDecl } from "../harness";
import { useHostScenario } from "./host-suite";
import { nodeUpgradeCommand, type RedisSim, type RedisSimConfigInput } from "../sim/redis";
import { installOrder, startSim } from "../redis/helpers";

/** Program inputs against the simulator; the password travels as a secret input. */
function inputs(sim: RedisSim, version: string, extra: Record<string, unknown> = {}): ResourceDecl["inputs"] {
  const { rollout, ...rest } = extra as { rollout?: Record<string, unknown> };
  return {
    cluster: { url: sim.url, username: sim.credentials.username, password: secret(sim.credentials.password) },
    version,
    nodeUpgrade: { command: nodeUpgradeCommand(sim), timeoutSeconds: 20 },
    ...rest,
    rollout: { nodeTimeoutSeconds: 5, ...(rollout ?? {}) },
  } as ResourceDecl["inputs"];
}

for (const kind of ["plugin", "dynamic"] as const) {
  describe(`RedisClusterVersion scenarios through the ${kind} host`, function () {
    this.timeout(60_000);
    const t = useHostScenario(kind, (config: RedisSimConfigInput) => startSim(config));
    const world = (config: RedisSimConfigInput) => t.world(config);

    it("never takes a refused direct hop: 6.0.20 → 7.4.2 goes via 7.2.4 (redis_supported_path)", async () => {
      const s = await world({ nodes: { count: 3, version: "6.0.20-97" } });
      // 6.0.x has no node roles (GET /v1/nodes/status exists from 6.2.18-49): master-first is disabled by name
      const decl: ResourceDecl = { name: "hop", type: "RedisClusterVersion", inputs: inputs(s, "7.4.2-54", { rollout: { disabledGates: ["master_node_first"] } }) };
      const [pv] = await t.h.deployment.preview([decl]);
      assert.ok(pv.ok, JSON.stringify(pv));
      // the provider never refuses this target: it plans around the refused direct hop (the rule's fix, "upgrade to
      // 7.2.4-154 first", becomes the first hop), so the refusal shows as the path, never as a 6.0 → 7.4 install
      if (kind === "plugin") {
        assert.deepEqual(pv.outputs?.path, ["6.0.20-97", "7.2.4-154", "7.4.2-54"]);
        assert.ok(t.h.engine.logsFor(pv.urn).some((l) => /the legal path to 7\.4\.2-54 is 6\.0\.20-97 → 7\.2\.4-154 → 7\.4\.2-54 \(2 hops/.test(l.message)), "impact summary names the path");
      }
      assert.equal(installOrder(s).length, 0, "preview ran nothing");
      const [step] = await t.h.deployment.up([decl]);
      assert.ok(step.ok, JSON.stringify(step.error));
      assert.equal(step.outputs?.version, "7.4.2-54");
      assert.deepEqual(step.outputs?.path, ["6.0.20-97", "7.2.4-154", "7.4.2-54"]);
      assert.deepEqual(installOrder(s).map((o) => `${o.node}@${o.to}`), ["1@7.2.4-154", "2@7.2.4-154", "3@7.2.4-154", "1@7.4.2-54", "2@7.4.2-54", "3@7.4.2-54"]);
    });

    it("refuses when a database runs a Redis version the path does not bundle, naming it; nothing runs", async () => {
      const s = await world({ nodes: { count: 3, version: "6.2.18-70" }, databases: [{ name: "legacy", redis_version: "6.0" }, { name: "cache", redis_version: "6.2" }] });
      const decl: ResourceDecl = { name: "dbpre", type: "RedisClusterVersion", inputs: inputs(s, "7.22.0-95") };
      const [pv] = await t.h.deployment.preview([decl]);
      if (kind === "plugin") {
        // the plugin host runs Create(preview) and relays the refusal
        assert.equal(pv.ok, false, JSON.stringify(pv));
        assert.match(pv.error?.message ?? "", /legacy \(uid 1\)/);
      } else {
        // the dynamic host never calls Create during preview: the preview succeeds and the up refuses
        assert.ok(pv.ok, JSON.stringify(pv));
      }
      const [step] = await t.h.deployment.up([decl]);
      assert.equal(step.ok, false, JSON.stringify(step));
      assert.equal(step.op, "create");
      const msg = step.error?.message ?? "";
      assert.match(msg, /legacy \(uid 1\)/);
      assert.doesNotMatch(msg, /cache/);
      assert.match(msg, /redis_upgrade_policy latest/);
      assert.ok(!msg.includes(s.credentials.password));
      assert.equal(installOrder(s).length, 0, "nothing ran");
      assert.equal(s.state.database(1)?.redis_version, "6.0");
    });

    it("upgrades the databases after the last node, one at a time", async () => {
      const s = await world({ nodes: { count: 3, version: "7.4.2-54" }, databases: [{ name: "a", redis_version: "6.2" }, { name: "b", redis_version: "7.2" }, { name: "c", redis_version: "7.2" }] });
      const decl: ResourceDecl = { name: "dbafter", type: "RedisClusterVersion", inputs: inputs(s, "7.22.0-95", { databases: { upgrade: "after", redisVersion: "major" } }) };
      const [step] = await t.h.deployment.up([decl]);
      assert.ok(step.ok, JSON.stringify(step.error));
      assert.equal(step.outputs?.outcome, "complete");
      assert.deepEqual((step.outputs?.databaseVersions as { redisVersion: string }[]).map((d) => d.redisVersion), ["6.2", "7.4", "7.4"]);
      const hist = s.state.history;
      const lastInstall = Math.max(...hist.map((e, i) => (e.kind === "install_completed" ? i : -1)));
      const dbEvents = hist.map((e, i) => ({ e, i })).filter((x) => x.e.kind.startsWith("bdb_upgrade"));
      assert.deepEqual(dbEvents.map((x) => `${x.e.kind}:${x.e.bdb}`), ["bdb_upgrade_started:2", "bdb_upgrade_completed:2", "bdb_upgrade_started:3", "bdb_upgrade_completed:3"]);
      assert.ok(lastInstall >= 0 && dbEvents.every((x) => x.i > lastInstall), "databases only after every node");
      const [again] = await t.h.deployment.up([decl]);
      assert.equal(again.op, "same");
    });
  });
}
