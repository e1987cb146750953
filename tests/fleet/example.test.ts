// examples/fleet-integrations runs against the simulator: the program (index.ts, with the package map from
// Pulumi.dev.yaml) runs under pulumi.runtime.setMocks, and the mock monitor hands each registered resource to the
// real FleetIntegration handler (check, then create) pointed at a simulated Kibana Fleet.
import assert from "node:assert/strict";
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import * as ts from "typescript";
import { parseProviderConfig, ProviderConfig } from "../../provider/config";
import { unwrapSecrets } from "../../provider/resources/core";
import { fleetIntegration } from "../../provider/resources/fleet";
import type { FleetSim } from "../sim/fleet";
import { makeCtx, seedPolicies, startSim } from "./helpers";

const REPO = path.resolve(__dirname, "..", "..", "..");
const EXAMPLE = path.join(REPO, "examples", "fleet-integrations");

// js-yaml ships with @pulumi/pulumi (no types of its own)
// eslint-disable-next-line @typescript-eslint/no-require-imports
const yaml = require("js-yaml") as { load(text: string): unknown };

/** Loads the example program with `pulumi-upgrades` resolved to this repo's SDK, as `npm i ../..` would. */
function runProgram(): Record<string, unknown> {
  const file = path.join(EXAMPLE, "index.ts");
  const js = ts.transpileModule(fs.readFileSync(file, "utf8"), { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true } }).outputText;
  const mod = { exports: {} as Record<string, unknown> };
  const req = (id: string): unknown => (id === "pulumi-upgrades" ? require(path.join(REPO, "dist", "sdk", "index.js")) : require(id));
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  new Function("require", "exports", "module", "__filename", "__dirname", js)(req, mod.exports, mod, file, EXAMPLE);
  return mod.exports;
}

const outputOf = <T>(o: unknown) => new Promise<T>((resolve) => (o as pulumi.Output<T>).apply((v) => resolve(v)));

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

    const stack = (yaml.load(fs.readFileSync(path.join(EXAMPLE, "Pulumi.dev.yaml"), "utf8")) as { config: Record<string, unknown> }).config;
    const programConfig: Record<string, string> = {};
    for (const [k, v] of Object.entries(stack)) if (k.startsWith("fleet-integrations:")) programConfig[k] = typeof v === "string" ? v : JSON.stringify(v);
    pulumi.runtime.setAllConfig(programConfig);
    // provider config keys from the stack file, pointed at the simulator (the API key would be a secret config value)
    const providerRaw: Record<string, unknown> = Object.fromEntries(Object.entries(stack).filter(([k]) => k.startsWith("upgrades:")));
    assert.ok("upgrades:kibanaUrl" in providerRaw, "the stack file shows where the Kibana URL goes");
    providerRaw["upgrades:kibanaUrl"] = sim.url;
    providerRaw["upgrades:kibanaApiKey"] = sim.credentials.apiKey;
    const config = new ProviderConfig(parseProviderConfig(providerRaw, { namespaced: true }), {});

    await pulumi.runtime.setMocks(
      {
        async newResource(args) {
          // the SDK marks the whole `kibana` input secret (it holds the credentials); the hosts unwrap it, so do we
          const plain = unwrapSecrets(args.inputs).value as Record<string, unknown>;
          const inputs = Object.fromEntries(Object.entries(plain).filter(([k]) => !k.startsWith("__")));
          seen.push({ type: args.type, name: args.name, inputs });
          const checked = await fleetIntegration.check(undefined, inputs, makeCtx({ config }));
          if (!checked.inputs) throw new Error(`check failed: ${JSON.stringify(checked.failures)}`);
          const r = await fleetIntegration.create(checked.inputs, makeCtx({ config, name: args.name }));
          return { id: r.id, state: r.outputs };
        },
        call: () => ({}),
      },
      "fleet-integrations",
      "dev",
      false,
    );
  });
  after(async () => {
    await sim?.stop();
  });

  it("moves every package of the stack's map to its version, skipping (and reporting) the conflicting nginx policy", async () => {
    const exports = runProgram();
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
