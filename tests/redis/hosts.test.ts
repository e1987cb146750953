// RedisClusterVersion through BOTH Pulumi hosts (the plugin via run-plugin and Pulumi's dynamic-provider host),
// driven by the engine-less harness against the simulator: preview without side effects, up, a failure that records
// the partial outputs, then a resumed up that never repeats a node; refresh shows drift.
import assert from "node:assert/strict";
import { findPlaintext, secret, startHarness, type Harness, type ResourceDecl } from "../harness";
import { nodeUpgradeCommand, type RedisSim } from "../sim/redis";
import { installOrder, startSim } from "./helpers";

const TARGET = "7.22.0-95";

for (const kind of ["plugin", "dynamic"] as const) {
  describe(`RedisClusterVersion through the ${kind} host`, function () {
    this.timeout(60_000);
    let sim: RedisSim;
    let h: Harness;
    before(async () => {
      sim = await startSim({ nodes: { count: 3, version: "7.4.2-54", master: 2 }, faults: [{ kind: "install_fails", node: 3, phase: "precheck" }] });
      // user and password from provider config (secret), the URL from the resource input
      h = await startHarness({
        kind,
        config: { "upgrades:redisEnterpriseUsername": sim.credentials.username, "upgrades:redisEnterprisePassword": secret(sim.credentials.password) },
      });
    });
    after(async () => {
      await h?.stop();
      await sim?.stop();
    });

    const decl = (): ResourceDecl => ({
      name: "rs",
      type: "RedisClusterVersion",
      inputs: {
        cluster: { url: sim.url },
        version: TARGET,
        nodeUpgrade: { command: nodeUpgradeCommand(sim), timeoutSeconds: 30 },
        rollout: { nodeTimeoutSeconds: 10 },
      },
    });

    it("preview shows the path and node order and changes nothing", async () => {
      const [step] = await h.deployment.preview([decl()]);
      assert.ok(step.ok, JSON.stringify(step));
      assert.equal(step.op, "create");
      if (kind === "plugin") {
        assert.deepEqual(step.outputs?.path, ["7.4.2-54", TARGET]);
        const plan = step.outputs?.plan as { phases: { steps: { target: string }[] }[] };
        assert.deepEqual(plan.phases[0].steps.map((s) => s.target), ["2", "1", "3"]);
        assert.ok(h.engine.logsFor(step.urn).some((l) => !l.ephemeral && /master first: node 2, node 1, node 3/.test(l.message)), "impact summary as a durable log");
      }
      assert.equal(sim.state.history.length, 0, "no side effect");
      assert.equal(sim.api.log.filter((r) => r.method !== "GET").length, 0);
    });

    it("an up that fails records the partial outputs; the next up resumes without repeating a node", async () => {
      const [first] = await h.deployment.up([decl()]);
      assert.equal(first.ok, false);
      const init = first.error?.initFailed;
      assert.ok(init, JSON.stringify(first.error));
      assert.equal(init.id, "cluster.sim.local");
      assert.equal(init.properties?.outcome, "failed");
      assert.match(init.reasons.join(" "), /exited with code 1/);
      assert.deepEqual(findPlaintext(init.properties, sim.credentials.password), [], "no credential in the partial record");
      assert.deepEqual(installOrder(sim).map((o) => o.node), [2, 1, 3]);

      const [second] = await h.deployment.up([decl()]);
      assert.ok(second.ok, JSON.stringify(second.error));
      assert.equal(second.op, "update");
      assert.equal(second.outputs?.version, TARGET);
      assert.deepEqual(installOrder(sim).map((o) => o.node), [2, 1, 3, 3], "only the failed node ran again");

      const [third] = await h.deployment.up([decl()]);
      assert.equal(third.op, "same");
    });

    it("refresh shows a mixed cluster as drift", async () => {
      sim.state.nodes[0].software_version = "7.4.2-54"; // someone rolled node 1 back out of band
      const [r] = await h.deployment.refresh();
      assert.ok(r.ok, JSON.stringify(r));
      assert.equal(r.outputs?.version, "7.4.2-54");
      assert.equal(r.outputs?.mixedVersions, true);
      const [p] = await h.deployment.preview([decl()]);
      assert.equal(p.op, "update");
      sim.state.nodes[0].software_version = TARGET;
    });
  });
}
