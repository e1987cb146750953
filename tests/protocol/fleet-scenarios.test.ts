// FleetIntegration scenarios of issue 7 through BOTH Pulumi hosts (the plugin via run-plugin and Pulumi's
// dynamic-provider host), driven by the engine-less harness against the Fleet simulator: conflicts blocking before
// anything changes, onConflict: skip, an out-of-date target needing force, Kibana range refusal, prerelease refusal
// and opt-in. One provider process per host serves every scenario; each scenario gets its own simulator and resource.
import assert from "node:assert/strict";
import { secret, type ResourceDecl } from "../harness";
import { useHostScenario } from "./host-suite";
import { defaultCatalog, trimCatalog, type FleetSim, type FleetSimConfig } from "../sim/fleet";
import { seedPolicies, startSim, writes } from "../fleet/helpers";

const httpjsonOn = { "nginx-httpjson": { enabled: true, streams: { "nginx.access": { enabled: true } } } };
const upTo120 = () => trimCatalog(defaultCatalog(), { nginx: "1.20.0" });
const versionsOf = (sim: FleetSim, ids: string[]) => ids.map((id) => sim.state.policies.get(id)?.package.version);

/** Program inputs against the simulator; the API key travels as a secret input. */
function decl(sim: FleetSim, name: string, version: string, extra: Record<string, unknown> = {}): ResourceDecl {
  return { name, type: "FleetIntegration", inputs: { kibana: { url: sim.url, apiKey: secret(sim.credentials.apiKey) }, package: "nginx", version, ...extra } as ResourceDecl["inputs"] };
}

for (const kind of ["plugin", "dynamic"] as const) {
  describe(`FleetIntegration scenarios through the ${kind} host`, function () {
    this.timeout(60_000);
    const t = useHostScenario(kind, (config: FleetSimConfig) => startSim(config));
    const world = (config: FleetSimConfig = {}) => t.world(config);

    it("conflicts block the up before anything changes (simulator snapshot unchanged)", async () => {
      const s = await world({ catalog: upTo120() });
      s.state.seedInstallation("nginx", "1.15.0");
      seedPolicies(s, "nginx", 3);
      s.state.seedPolicy({ id: "splunk-a", name: "splunk-a", package: "nginx", inputs: httpjsonOn });
      s.state.seedPolicy({ id: "splunk-b", name: "splunk-b", package: "nginx", inputs: httpjsonOn });
      const d = decl(s, "conflicts", "1.20.0");
      const before = s.state.snapshot();
      const mark = s.server.log.length;
      const [pv] = await t.h.deployment.preview([d]);
      assert.ok(pv.ok, JSON.stringify(pv));
      if (kind === "plugin") {
        const conflicts = pv.outputs?.conflicts as { policyName: string; field: string }[];
        assert.deepEqual(conflicts.map((c) => [c.policyName, c.field]), [["splunk-a", "inputs.httpjson.vars.api_token"], ["splunk-b", "inputs.httpjson.vars.api_token"]]);
        assert.ok(t.h.engine.logsFor(pv.urn).some((l) => /up will refuse before changing anything/.test(l.message)));
      }
      const [step] = await t.h.deployment.up([d]);
      assert.equal(step.ok, false, JSON.stringify(step));
      assert.equal(step.op, "create");
      const msg = step.error?.message ?? "";
      assert.match(msg, /splunk-a \(splunk-a\): inputs\.httpjson\.vars\.api_token: API token is required/);
      assert.match(msg, /splunk-b/);
      assert.match(msg, /onConflict: "skip"/);
      assert.ok(!msg.includes(s.credentials.apiKey));
      assert.deepEqual(writes(s, mark), [], "no write of any kind");
      assert.deepEqual(s.state.snapshot(), before, "simulator state unchanged");
    });

    it("onConflict: skip upgrades the clean policies, leaves the conflicting one reported, and the next up is a no-op", async () => {
      const s = await world({ catalog: upTo120() });
      s.state.seedInstallation("nginx", "1.15.0");
      const clean = seedPolicies(s, "nginx", 3);
      s.state.seedPolicy({ id: "splunk-a", name: "splunk-a", package: "nginx", inputs: httpjsonOn });
      const d = decl(s, "skip", "1.20.0", { onConflict: "skip" });
      const [step] = await t.h.deployment.up([d]);
      assert.ok(step.ok, JSON.stringify(step.error));
      assert.equal(step.outputs?.outcome, "complete");
      assert.deepEqual(versionsOf(s, [...clean, "splunk-a"]), ["1.20.0", "1.20.0", "1.20.0", "1.15.0"]);
      const left = (step.outputs?.policies as { id: string; status: string; message?: string }[]).find((p) => p.id === "splunk-a");
      assert.equal(left?.status, "conflict");
      assert.match(left?.message ?? "", /inputs\.httpjson\.vars\.api_token: API token is required/);
      const [again] = await t.h.deployment.up([d]);
      assert.equal(again.op, "same", "a known, skipped conflict is not a pending change");
    });

    it("refuses a target older than the latest compatible version at Check (on `force`), installs it with force", async () => {
      const s = await world(); // Kibana 8.14.3: the latest compatible nginx is 1.22.0
      s.state.seedInstallation("nginx", "1.15.0");
      const ids = seedPolicies(s, "nginx", 2);
      const mark = s.server.log.length;
      const [refused] = await t.h.deployment.up([decl(s, "force", "1.19.1")]);
      assert.equal(refused.ok, false);
      assert.ok(refused.failures?.some((f) => f.property === "force" && /older_than_latest_needs_force/.test(f.reason) && /1\.22\.0/.test(f.reason)), JSON.stringify(refused));
      assert.deepEqual(writes(s, mark), []);
      const [step] = await t.h.deployment.up([decl(s, "force", "1.19.1", { force: true })]);
      assert.ok(step.ok, JSON.stringify(step.error));
      assert.equal(step.outputs?.version, "1.19.1");
      assert.equal(s.state.installations.get("nginx")?.version, "1.19.1");
      assert.deepEqual(versionsOf(s, ids), ["1.19.1", "1.19.1"]);
    });

    it("refuses a target whose Kibana range excludes the running Kibana at Check; installs once Kibana is in range", async () => {
      const s = await world();
      s.state.seedInstallation("nginx", "1.22.0");
      const mark = s.server.log.length;
      const [refused] = await t.h.deployment.up([decl(s, "range", "1.23.0", { force: true })]);
      assert.equal(refused.ok, false);
      assert.ok(refused.failures?.some((f) => f.property === "version" && /kibana_version_in_package_range/.test(f.reason) && /\^8\.15\.0/.test(f.reason) && /8\.14\.3/.test(f.reason)), JSON.stringify(refused));
      assert.deepEqual(writes(s, mark), []);
      assert.equal(s.state.installations.get("nginx")?.version, "1.22.0");
      s.setKibanaVersion("8.15.2");
      const [step] = await t.h.deployment.up([decl(s, "range", "1.23.0")]);
      assert.ok(step.ok, JSON.stringify(step.error));
      assert.equal(step.outputs?.version, "1.23.0");
    });

    it("refuses a prerelease target at Check without allowPrerelease, installs it with the opt-in", async () => {
      const s = await world();
      s.state.seedInstallation("nginx", "1.22.0");
      const [refused] = await t.h.deployment.up([decl(s, "pre", "1.24.0-rc1")]);
      assert.equal(refused.ok, false);
      assert.ok(refused.failures?.some((f) => f.property === "version" && /no_prerelease_target/.test(f.reason) && /allowPrerelease/.test(f.reason)), JSON.stringify(refused));
      assert.equal(s.state.installations.get("nginx")?.version, "1.22.0");
      const [step] = await t.h.deployment.up([decl(s, "pre", "1.24.0-rc1", { allowPrerelease: true })]);
      assert.ok(step.ok, JSON.stringify(step.error));
      assert.equal(step.outputs?.version, "1.24.0-rc1");
      assert.equal(s.state.installations.get("nginx")?.version, "1.24.0-rc1");
    });
  });
}
