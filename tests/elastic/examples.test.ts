// examples/elastic-self-managed and examples/elastic-cloud run against the simulator: each program (index.ts, with
// the version from its stack file) runs under pulumi.runtime.setMocks, and the mock monitor hands the registered
// resource to the real ElasticDeploymentVersion handler (check, then create) pointed at the simulated world.
import { strict as assert } from "assert";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { parseProviderConfig, ProviderConfig } from "../../provider/config";
import { unwrapSecrets } from "../../provider/resources/core/values";
import { mockResources, outputOf, programConfigOf, providerConfigOf, REPO, runProgram, stackConfig, withoutInternalKeys } from "../support/example-program";
import { hookCommand, startSim, testCtx, testHandler, TIME_SCALE, versionsOf, type StartedSim } from "./helpers";

/** Program config from the stack file (with overrides), provider config from its `upgrades:` keys (with overrides). */
async function mockWith(project: string, stack: string, program: Record<string, unknown>, provider: Record<string, unknown>, seen: { type: string; inputs: Record<string, unknown> }[]) {
  pulumi.runtime.setAllConfig(programConfigOf(program, project));
  const config = new ProviderConfig(parseProviderConfig(provider, { namespaced: true }), {});
  const h = testHandler();
  await mockResources(project, stack, async (args) => {
    // the SDK marks credential-bearing blocks secret; the hosts unwrap them before the handler sees them
    const inputs = withoutInternalKeys(unwrapSecrets(args.inputs).value as Record<string, unknown>);
    seen.push({ type: args.type, inputs });
    const checked = await h.check(undefined, inputs, testCtx({ config }));
    if (!checked.inputs) throw new Error(`check failed: ${JSON.stringify(checked.failures)}`);
    const r = await h.create(checked.inputs, testCtx({ config }));
    return { id: r.id, state: r.outputs };
  });
}

describe("examples/elastic-self-managed (setMocks, handler against the simulator)", function () {
  this.timeout(90_000);
  const dir = path.join(REPO, "examples", "elastic-self-managed");
  let sim: StartedSim;
  const seen: { type: string; inputs: Record<string, unknown> }[] = [];

  before(async () => {
    const roles: ("master" | "data_hot" | "data_content")[] = ["master", "data_hot", "data_content"];
    sim = await startSim({
      timeScale: TIME_SCALE,
      elasticsearch: { version: "8.19.2", nodes: [{ name: "es-0", roles }, { name: "es-1", roles }, { name: "es-2", roles }, { name: "es-warm-0", roles: ["data_warm"] }], indices: [{ name: "logs", tier: "hot", primaries: 1, replicas: 1 }] },
      kibana: { version: "8.19.2" },
    });
    const stack = stackConfig(dir, "dev");
    assert.ok("upgrades:elasticsearchUrl" in stack && "upgrades:kibanaUrl" in stack, "the stack file shows where the URLs go");
    // program config straight from the stack file; only the two commands are swapped for the simulator's scripts
    const program = { ...stack, "elastic-self-managed:nodeUpgradeCommand": hookCommand(sim, "esNode"), "elastic-self-managed:kibanaUpgradeCommand": hookCommand(sim, "kibana") };
    const provider = {
      ...providerConfigOf(stack),
      "upgrades:elasticsearchUrl": sim.elasticsearch!.url,
      "upgrades:kibanaUrl": sim.kibana!.url,
      "upgrades:elasticsearchApiKey": sim.credentials.apiKey,
      "upgrades:kibanaApiKey": sim.credentials.apiKey,
    };
    await mockWith("elastic-self-managed", "dev", program, provider, seen);
  });
  after(async () => {
    await sim?.stop();
  });

  it("rolls the simulated cluster and Kibana to the stack's version, warm tier before the masters", async () => {
    const exports = runProgram(dir);
    assert.equal(await outputOf<string>(exports.version), "9.1.2");
    assert.equal(await outputOf<string>(exports.outcome), "complete");
    assert.equal(await outputOf<string>(exports.kibanaVersion), "9.1.2");
    assert.deepEqual(await outputOf<string[]>(exports.path), ["8.19.2", "9.1.2"]);
    const plan = await outputOf<{ phases: { name: string }[] }>(exports.plan);
    assert.deepEqual(plan.phases.map((p) => p.name), ["warm", "master", "kibana"]);
    assert.equal(seen.length, 1);
    assert.equal(seen[0].type, "pulumi-nodejs:dynamic/upgrades:ElasticDeploymentVersion");
    assert.equal(seen[0].inputs.version, "9.1.2");
    assert.deepEqual(new Set(Object.values(versionsOf(sim))), new Set(["9.1.2"]));
  });
});

describe("examples/elastic-cloud (setMocks, handler against the simulator)", function () {
  this.timeout(60_000);
  const dir = path.join(REPO, "examples", "elastic-cloud");
  let sim: StartedSim;
  const seen: { type: string; inputs: Record<string, unknown> }[] = [];

  before(async () => {
    const stack = stackConfig(dir, "prod");
    sim = await startSim({ timeScale: TIME_SCALE, cloud: { deployments: [{ id: String(stack["elastic-cloud:deploymentId"]), name: "prod", version: "8.18.2" }] } });
    const provider = { "upgrades:ecApiKey": sim.credentials.cloudApiKey, "upgrades:ecEndpoint": sim.cloud!.url };
    await mockWith("elastic-cloud", "prod", stack, provider, seen);
  });
  after(async () => {
    await sim?.stop();
  });

  it("upgrades the deployment named in the stack file, one plan per hop", async () => {
    const exports = runProgram(dir);
    assert.equal(await outputOf<string>(exports.version), "9.1.2");
    assert.equal(await outputOf<string>(exports.outcome), "complete");
    const p = await outputOf<string[]>(exports.path);
    assert.equal(p.length, 3);
    assert.match(p[1], /^9\.0\./, "8.18 is the bridge to 9.0, then 9.0 → 9.1");
    const plans = await outputOf<{ resource: string; status: string }[]>(exports.cloudPlans);
    assert.deepEqual(plans.map((x) => `${x.resource}:${x.status}`), ["elasticsearch:completed", "kibana:completed", "elasticsearch:completed", "kibana:completed"]);
    assert.equal(sim.cloud!.sim.deployment(sim.cloud!.deploymentIds[0]).elasticsearch.version, "9.1.2");
    assert.equal(seen.length, 1);
  });
});
