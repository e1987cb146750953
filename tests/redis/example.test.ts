// examples/redis-enterprise runs against the simulator: the program (index.ts, with the version from
// Pulumi.dev.yaml) runs under pulumi.runtime.setMocks, and the mock monitor hands each registered resource to the
// real RedisClusterVersion handler (check, then create) pointed at a simulated cluster.
import assert from "node:assert/strict";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { parseProviderConfig, ProviderConfig } from "../../provider/config";
import { redisClusterVersion } from "../../provider/resources/redis";
import { nodeUpgradeCommand, type RedisSim } from "../sim/redis";
import { mockResources, outputOf, programConfigOf, providerConfigOf, REPO, runProgram, stackConfig, withoutInternalKeys } from "../support/example-program";
import { installOrder, makeCtx, startSim } from "./helpers";

const EXAMPLE = path.join(REPO, "examples", "redis-enterprise");

describe("examples/redis-enterprise (setMocks, handler against the simulator)", function () {
  this.timeout(60_000);
  let sim: RedisSim;
  const seen: { type: string; inputs: Record<string, unknown> }[] = [];

  before(async () => {
    sim = await startSim({ nodes: { count: 3, version: "6.2.18-70", master: 3 }, databases: [{ name: "cache", redis_version: "6.2" }] });
    const stack = stackConfig(EXAMPLE, "dev");
    // program config straight from the stack file; only the node command is swapped for the simulator's script
    const programConfig = programConfigOf(stack, "redis-enterprise");
    programConfig["redis-enterprise:nodeUpgradeCommand"] = JSON.stringify(nodeUpgradeCommand(sim));
    pulumi.runtime.setAllConfig(programConfig);
    // provider config keys from the stack file, pointed at the simulator (the password would be a secret config value)
    const providerRaw = providerConfigOf(stack);
    assert.ok("upgrades:redisEnterpriseUrl" in providerRaw, "the stack file shows where the cluster URL goes");
    providerRaw["upgrades:redisEnterpriseUrl"] = sim.url;
    providerRaw["upgrades:redisEnterpriseUsername"] = sim.credentials.username;
    providerRaw["upgrades:redisEnterprisePassword"] = sim.credentials.password;
    const config = new ProviderConfig(parseProviderConfig(providerRaw, { namespaced: true }), {});

    await mockResources("redis-enterprise", "dev", async (args) => {
      const inputs = withoutInternalKeys(args.inputs as Record<string, unknown>);
      seen.push({ type: args.type, inputs });
      const checked = await redisClusterVersion.check(undefined, inputs, makeCtx({ config }));
      if (!checked.inputs) throw new Error(`check failed: ${JSON.stringify(checked.failures)}`);
      const r = await redisClusterVersion.create(checked.inputs, makeCtx({ config, name: args.name }));
      return { id: r.id, state: r.outputs };
    });
  });
  after(async () => {
    await sim?.stop();
  });

  it("rolls the simulated cluster to the stack's version along the legal path, master first", async () => {
    const exports = runProgram(EXAMPLE);
    const version = await outputOf<string>(exports.version);
    assert.equal(version, "7.22.0-95");
    assert.equal(await outputOf<string>(exports.outcome), "complete");
    assert.deepEqual(await outputOf<string[]>(exports.path), ["6.2.18-70", "7.8.6-303", "7.22.0-95"]);
    const dbs = await outputOf<{ name: string; redisVersion: string }[]>(exports.databases);
    assert.deepEqual(dbs.map((d) => [d.name, d.redisVersion]), [["cache", "7.4"]], "databaseUpgrade: after from the stack file");
    assert.equal(seen.length, 1);
    assert.equal(seen[0].type, "pulumi-nodejs:dynamic/upgrades:RedisClusterVersion");
    assert.equal(seen[0].inputs.version, "7.22.0-95");
    assert.equal(installOrder(sim)[0].node, 3, "the initial master first");
    assert.equal(sim.state.versions().join(), "7.22.0-95");
  });
});
