// examples/fleet-integrations runs against the simulator: the program (index.ts, with the package map from
// Pulumi.dev.yaml) runs under pulumi.runtime.setMocks, and the mock monitor hands each registered resource to the
// real FleetIntegration handler (check, then create) pointed at a simulated Kibana Fleet.
import assert from "node:assert/strict";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { parseProviderConfig, ProviderConfig } from "../../provider/config";
import { unwrapSecrets } from "../../provider/resources/core";
import { fleetIntegration } from "../../provider/resources/fleet";
import type { FleetSim } from "../sim/fleet";
import { mockResources, outputOf, programConfigOf, providerConfigOf, REPO, runProgram, stackConfig, withoutInternalKeys } from "../support/example-program";
import { makeCtx, seedPolicies, startSim } from "./helpers";

const EXAMPLE = path.join(REPO, "examples", "fleet-integrations");

describe("examples/fleet-integrations (setMocks, handler against the simulator)", function () {
  this.timeout(60_000);
  let sim: FleetSim;
  const seen: { type: string; name: string; inputs: Record<string, unknown> }[] = [];

  before(async () => {
    sim = await startSim(); // Kibana 8.14.3, the full catalog: latest compatible nginx is 1.22.0
    sim.state.seedInstallation("nginx", "1.15.0");
    sim.state.seedInstallation("system", "1.54.0");
    sim.state.seedInstallation("synthetics", "1.1.0");
    seedPolicies(sim, "nginx", 3);
    sim.state.seedPolicy({ id: "splunk", name: "nginx-splunk", package: "nginx", inputs: { "nginx-httpjson": { enabled: true, streams: { "nginx.access": { enabled: true } } } } });
    seedPolicies(sim, "system", 2);
    seedPolicies(sim, "synthetics", 2);

    const stack = stackConfig(EXAMPLE, "dev");
    pulumi.runtime.setAllConfig(programConfigOf(stack, "fleet-integrations"));
    // provider config keys from the stack file, pointed at the simulator (the API key would be a secret config value)
    const providerRaw = providerConfigOf(stack);
    assert.ok("upgrades:kibanaUrl" in providerRaw, "the stack file shows where the Kibana URL goes");
    providerRaw["upgrades:kibanaUrl"] = sim.url;
    providerRaw["upgrades:kibanaApiKey"] = sim.credentials.apiKey;
    const config = new ProviderConfig(parseProviderConfig(providerRaw, { namespaced: true }), {});

    await mockResources("fleet-integrations", "dev", async (args) => {
      // the SDK marks the whole `kibana` input secret (it holds the credentials); the hosts unwrap it, so do we
      const inputs = withoutInternalKeys(unwrapSecrets(args.inputs).value as Record<string, unknown>);
      seen.push({ type: args.type, name: args.name, inputs });
      const checked = await fleetIntegration.check(undefined, inputs, makeCtx({ config }));
      if (!checked.inputs) throw new Error(`check failed: ${JSON.stringify(checked.failures)}`);
      const r = await fleetIntegration.create(checked.inputs, makeCtx({ config, name: args.name }));
      return { id: r.id, state: r.outputs };
    });
  });
  after(async () => {
    await sim?.stop();
  });

  it("moves every package of the stack's map to its version, skipping (and reporting) the conflicting nginx policy", async () => {
    const exports = runProgram(EXAMPLE);
    assert.deepEqual(await outputOf<Record<string, string>>(exports.versions), { nginx: "1.20.0", system: "2.1.0", synthetics: "1.2.0" });
    const conflicts = await outputOf<Record<string, { policyName: string; field: string }[]>>(exports.conflicts);
    assert.deepEqual(conflicts.nginx.map((c) => [c.policyName, c.field]), [["nginx-splunk", "inputs.httpjson.vars.api_token"]]);
    assert.deepEqual(conflicts.system, []);
    const removed = await outputOf<Record<string, { input: string; stream?: string }[]>>(exports.removedInputs);
    assert.deepEqual(removed.system, [], "the dropped httpjson input and cpu stream are gone after the upgrade");
    const policies = await outputOf<Record<string, { name: string; status: string; version: string }[]>>(exports.policies);
    assert.deepEqual(policies.nginx.map((p) => [p.name, p.status]).sort(), [["nginx-1", "upgraded"], ["nginx-2", "upgraded"], ["nginx-3", "upgraded"], ["nginx-splunk", "conflict"]]);
    assert.ok(policies.system.every((p) => p.status === "upgraded" && p.version === "2.1.0"));
    assert.ok(policies.synthetics.every((p) => p.status === "upgraded" && p.version === "1.2.0"));

    assert.deepEqual(seen.map((s) => s.name).sort(), ["nginx", "synthetics", "system"]);
    assert.ok(seen.every((s) => s.type === "pulumi-nodejs:dynamic/upgrades:FleetIntegration"));
    const nginx = seen.find((s) => s.name === "nginx")!;
    assert.equal(nginx.inputs.force, true, "force from the map entry (1.20.0 is older than the latest compatible)");
    assert.equal(nginx.inputs.onConflict, "skip");
    assert.deepEqual(seen.find((s) => s.name === "system")!.inputs.kibana, { spaceId: "default" });
    assert.equal(sim.state.installations.get("nginx")?.version, "1.20.0");
    assert.equal(sim.state.policies.get("splunk")?.package.version, "1.15.0", "the conflicting policy was left alone");
  });
});
