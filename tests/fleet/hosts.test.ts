// FleetIntegration through BOTH Pulumi hosts (the plugin via run-plugin and Pulumi's dynamic-provider host), driven by
// the engine-less harness against the Fleet simulator: preview without side effects, an up that fails on one policy
// and records the partial outputs, a resumed up that upgrades only that policy, refresh drift.
import assert from "node:assert/strict";
import { findPlaintext, secret, startHarness, type Harness, type ResourceDecl } from "../harness";
import { defaultCatalog, trimCatalog, type FleetSim } from "../sim/fleet";
import { seedPolicies, startSim, writes } from "./helpers";

const TARGET = "1.20.0";

for (const kind of ["plugin", "dynamic"] as const) {
  describe(`FleetIntegration through the ${kind} host`, function () {
    this.timeout(60_000);
    let sim: FleetSim;
    let h: Harness;
    let ids: string[];
    before(async () => {
      sim = await startSim({ catalog: trimCatalog(defaultCatalog(), { nginx: TARGET }), recordExchanges: true });
      sim.state.seedInstallation("nginx", "1.15.0");
      ids = seedPolicies(sim, "nginx", 4);
      sim.state.policyUpgradeFailures.set(ids[1], { times: 1, statusCode: 409, message: `Saved object [ingest-package-policies/${ids[1]}] conflict` });
      // the API key from provider config (secret), the URL from the resource input
      h = await startHarness({ kind, config: { "upgrades:kibanaApiKey": secret(sim.credentials.apiKey) } });
    });
    after(async () => {
      await h?.stop();
      await sim?.stop();
    });

    const decl = (): ResourceDecl => ({ name: "nginx", type: "FleetIntegration", inputs: { kibana: { url: sim.url }, package: "nginx", version: TARGET } });

    it("preview shows the policies to upgrade and changes nothing", async () => {
      const before = sim.state.snapshot();
      const mark = sim.server.log.length;
      const [step] = await h.deployment.preview([decl()]);
      assert.ok(step.ok, JSON.stringify(step));
      assert.equal(step.op, "create");
      if (kind === "plugin") {
        assert.equal(step.outputs?.version, "1.15.0");
        assert.deepEqual((step.outputs?.policies as { status: string }[]).map((p) => p.status), ["pending", "pending", "pending", "pending"]);
        assert.ok(h.engine.logsFor(step.urn).some((l) => !l.ephemeral && /4 integration policies to upgrade one by one/.test(l.message)), "impact summary as a durable log");
      }
      assert.deepEqual(writes(sim, mark), [], "no side effect");
      assert.deepEqual(sim.state.snapshot(), before);
    });

    it("an up that fails on one policy records the partial outputs; the next up upgrades only that policy", async () => {
      const [first] = await h.deployment.up([decl()]);
      assert.equal(first.ok, false);
      const init = first.error?.initFailed;
      assert.ok(init, JSON.stringify(first.error));
      assert.equal(init.id, "nginx");
      assert.equal(init.properties?.outcome, "failed");
      assert.equal(init.properties?.version, TARGET);
      assert.deepEqual((init.properties?.policies as { status: string }[]).map((p) => p.status).sort(), ["failed", "upgraded", "upgraded", "upgraded"]);
      assert.match(init.reasons.join(" "), new RegExp(`${ids[1]}.*409`));
      assert.deepEqual(findPlaintext(init.properties, sim.credentials.apiKey), [], "no credential in the partial record");

      const mark = sim.exchanges.length;
      const [second] = await h.deployment.up([decl()]);
      assert.ok(second.ok, JSON.stringify(second.error));
      assert.equal(second.op, "update");
      assert.deepEqual((second.outputs?.policies as { status: string }[]).map((p) => p.status), ["upgraded", "upgraded", "upgraded", "upgraded"]);
      const posts = sim.exchanges.slice(mark).filter((x) => x.method === "POST").map((x) => [x.apiPath, (x.requestBody as { packagePolicyIds?: string[] }).packagePolicyIds]);
      assert.deepEqual(posts, [["/api/fleet/package_policies/upgrade/dryrun", [ids[1]]], ["/api/fleet/package_policies/upgrade", [ids[1]]]]);

      const [third] = await h.deployment.up([decl()]);
      assert.equal(third.op, "same");
    });

    it("refresh shows an out-of-band package change as drift", async () => {
      sim.state.seedInstallation("nginx", "1.19.1");
      const [r] = await h.deployment.refresh();
      assert.ok(r.ok, JSON.stringify(r));
      assert.equal(r.outputs?.version, "1.19.1");
      const [p] = await h.deployment.preview([decl()]);
      assert.equal(p.op, "update");
      sim.state.seedInstallation("nginx", TARGET);
    });
  });
}
