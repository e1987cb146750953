// examples/redis-enterprise runs against the simulator: the program (index.ts, with the version from
// Pulumi.dev.yaml) runs under pulumi.runtime.setMocks, and the mock monitor hands each registered resource to the
// real RedisClusterVersion handler (check, then create) pointed at a simulated cluster.
import assert from "node:assert/strict";
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import * as ts from "typescript";
import { parseProviderConfig, ProviderConfig } from "../../provider/config";
import { redisClusterVersion } from "../../provider/resources/redis";
import { nodeUpgradeCommand, type RedisSim } from "../sim/redis";
import { installOrder, makeCtx, startSim } from "./helpers";

const REPO = path.resolve(__dirname, "..", "..", "..");
const EXAMPLE = path.join(REPO, "examples", "redis-enterprise");

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

describe("examples/redis-enterprise (setMocks, handler against the simulator)", function () {
  this.timeout(60_000);
  let sim: RedisSim;
  const seen: { type: string; inputs: Record<string, unknown> }[] = [];

  before(async () => {
    sim = await startSim({ nodes: { count: 3, version: "6.2.18-70", master: 3 }, databases: [{ name: "cache", redis_version: "6.2" }] });
    const stack = (yaml.load(fs.readFileSync(path.join(EXAMPLE, "Pulumi.dev.yaml"), "utf8")) as { config: Record<string, unknown> }).config;
    // program config straight from the stack file; only the node command is swapped for the simulator's script
    const programConfig: Record<string, string> = {};
    for (const [k, v] of Object.entries(stack)) if (k.startsWith("redis-enterprise:")) programConfig[k] = typeof v === "string" ? v : JSON.stringify(v);
    programConfig["redis-enterprise:nodeUpgradeCommand"] = JSON.stringify(nodeUpgradeCommand(sim));
    pulumi.runtime.setAllConfig(programConfig);
    // provider config keys from the stack file, pointed at the simulator (the password would be a secret config value)
    const providerRaw: Record<string, unknown> = Object.fromEntries(Object.entries(stack).filter(([k]) => k.startsWith("upgrades:")));
    assert.ok("upgrades:redisEnterpriseUrl" in providerRaw, "the stack file shows where the cluster URL goes");
    providerRaw["upgrades:redisEnterpriseUrl"] = sim.url;
    providerRaw["upgrades:redisEnterpriseUsername"] = sim.credentials.username;
    providerRaw["upgrades:redisEnterprisePassword"] = sim.credentials.password;
    const config = new ProviderConfig(parseProviderConfig(providerRaw, { namespaced: true }), {});

    await pulumi.runtime.setMocks(
      {
        async newResource(args) {
          const inputs = Object.fromEntries(Object.entries(args.inputs as Record<string, unknown>).filter(([k]) => !k.startsWith("__")));
          seen.push({ type: args.type, inputs });
          const checked = await redisClusterVersion.check(undefined, inputs, makeCtx({ config }));
          if (!checked.inputs) throw new Error(`check failed: ${JSON.stringify(checked.failures)}`);
          const r = await redisClusterVersion.create(checked.inputs, makeCtx({ config, name: args.name }));
          return { id: r.id, state: r.outputs };
        },
        call: () => ({}),
      },
      "redis-enterprise",
      "dev",
      false,
    );
  });
  after(async () => {
    await sim?.stop();
  });

  it("rolls the simulated cluster to the stack's version along the legal path, master first", async () => {
    const exports = runProgram();
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
