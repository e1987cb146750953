// examples/yaml-plugin (a Pulumi YAML program using the PulumiPlugin.yaml provider plugin) checked and run through the
// REAL plugin process (tests/harness: run-plugin, PULUMI_CONFIG, Configure), with no Pulumi CLI:
//   a) its resources bind to the plugin's own GetSchema (types exist, required inputs, no unknown properties, types);
//   b) preview changes nothing on the simulators; up moves each simulated system to the stack file's version and
//      every output the program names exists.
// Only connection URLs, credentials and the node commands are rewritten to point at the simulators, the way a user
// would with `pulumi config set` (provider config `upgrades:*` keys, program config for the commands).
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { findPlaintext, provproto as P, secret, startHarness, type Harness, type JsObject, type ResourceDecl } from "../harness";
import { shellHook, startSim as startElasticSim, threeNodeWorld, versionsOf, type StartedSim } from "../elastic/helpers";
import { seedPolicies, startSim as startFleetSim, writes } from "../fleet/helpers";
import { startSim as startRedisSim } from "../redis/helpers";
import type { FleetSim } from "../sim/fleet";
import { nodeUpgradeCommand, type RedisSim } from "../sim/redis";
import {
  evaluateOutputs,
  loadProgram,
  loadStackConfig,
  packageConfig,
  providerConfigProblems,
  resolveConfig,
  resolveResources,
  schemaProblems,
  type PackageSchemaLike,
  type ResolvedResource,
  type YamlProgram,
} from "./yaml-program";

const REPO = path.resolve(__dirname, "..", "..", "..");
const EXAMPLE = path.join(REPO, "examples", "yaml-plugin");
const STACK = "dev";
const TOKENS = ["upgrades:index:ElasticDeploymentVersion", "upgrades:index:FleetIntegration", "upgrades:index:RedisClusterVersion"];

const decls = (resources: readonly ResolvedResource[]): ResourceDecl[] => resources.map((r) => ({ name: r.name, type: r.typeName, inputs: r.inputs as JsObject }));

const policyStatuses = (v: unknown) => (v as { name: string; status: string }[]).map((p) => [p.name, p.status]).sort((a, b) => a[0].localeCompare(b[0]));

async function getSchema(h: Harness): Promise<PackageSchemaLike> {
  const r = await h.provider.rpc.getSchema(new P.GetSchemaRequest());
  return JSON.parse(r.getSchema()) as PackageSchemaLike;
}

describe("examples/yaml-plugin: the program and its stack file", function () {
  this.timeout(30_000);
  let program: YamlProgram;
  let stack: Record<string, unknown>;
  let h: Harness;
  let schema: PackageSchemaLike;
  before(async () => {
    program = loadProgram(EXAMPLE);
    stack = loadStackConfig(EXAMPLE, STACK);
    h = await startHarness({ kind: "plugin", project: program.name, stack: STACK });
    schema = await getSchema(h);
  });
  after(async () => {
    await h?.stop();
  });

  it("is a YAML program whose package points at this repository's source plugin", () => {
    assert.equal(program.runtime, "yaml");
    assert.equal(program.packages.upgrades, REPO, "packages.upgrades resolves to the repository root");
    assert.match(fs.readFileSync(path.join(program.packages.upgrades, "PulumiPlugin.yaml"), "utf8"), /^runtime: nodejs$/m);
    const main = (JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8")) as { main: string }).main;
    assert.ok(fs.existsSync(path.join(REPO, main)), `package.json main (${main}) is built`);
    assert.deepEqual([...new Set(program.resources.map((r) => r.type))].sort(), TOKENS, "one resource of each type");
  });

  it("every resource binds to the plugin's GetSchema: known types, required inputs, no unknown properties, right types", () => {
    assert.equal(schema.name, "upgrades");
    const resources = resolveResources(program, resolveConfig(program, stack));
    assert.deepEqual(resources.map((r) => r.token).sort(), TOKENS);
    assert.deepEqual(schemaProblems(resources, schema), []);
    // the commands from stack config arrive as argv lists, as the schema wants
    for (const r of resources.filter((x) => x.typeName !== "FleetIntegration")) assert.ok(Array.isArray((r.inputs.nodeUpgrade as { command: unknown }).command), r.name);
  });

  it("the schema check catches what the YAML host would reject (so an empty result above means something)", () => {
    const good = resolveResources(program, resolveConfig(program, stack));
    const mutate = (name: string, f: (inputs: Record<string, unknown>) => void, token?: string) =>
      good.map((r) => {
        if (r.name !== name) return r;
        const inputs = structuredClone(r.inputs);
        f(inputs);
        return { ...r, inputs, token: token ?? r.token };
      });
    const one = (rs: ResolvedResource[]) => {
      const p = schemaProblems(rs, schema);
      assert.equal(p.length, 1, p.join("\n"));
      return p[0];
    };
    assert.match(one(mutate("elastic", (i) => void (i.versoin = "8.19.2"))), /elastic\.versoin: unknown property/);
    assert.match(one(mutate("redis", (i) => void ((i.rollout as Record<string, unknown>).nodeTimeout = 5))), /redis\.rollout\.nodeTimeout: unknown property/);
    assert.match(one(mutate("nginx", (i) => void delete i.package)), /nginx\.package: required input missing/);
    assert.match(one(mutate("elastic", (i) => void ((i.nodeUpgrade as Record<string, unknown>).command = "/opt/es-upgrades/upgrade-node.sh"))), /elastic\.nodeUpgrade\.command: expected an array/);
    assert.match(one(mutate("redis", (i) => void ((i.nodeUpgrade as Record<string, unknown>).timeoutSeconds = "3600"))), /redis\.nodeUpgrade\.timeoutSeconds: expected an? (integer|number), got "3600"/);
    assert.match(one(mutate("nginx", () => undefined, "upgrades:index:FleetPackage")), /not in the package schema/);
  });

  it("the stack file holds only known provider keys and no credential in plaintext", () => {
    assert.deepEqual(providerConfigProblems(stack, schema), []);
    const secrets = Object.entries(schema.config?.variables ?? {}).filter(([, v]) => v.secret).map(([k]) => `upgrades:${k}`);
    assert.ok(secrets.includes("upgrades:redisEnterprisePassword"));
    assert.deepEqual(
      providerConfigProblems({ ...stack, "upgrades:redisEnterprisePassword": "hunter2", "upgrades:redisUrl": "https://rs:9443" }, schema),
      ["upgrades:redisEnterprisePassword: a secret in plaintext; use pulumi config set --secret upgrades:redisEnterprisePassword <value>", `upgrades:redisUrl: not a provider config key (known: ${Object.keys(schema.config!.variables).join(", ")})`],
    );
  });
});

describe("examples/yaml-plugin: preview and up through the real plugin process against the simulators", function () {
  this.timeout(120_000);
  const program = loadProgram(EXAMPLE);
  const fileConfig = loadStackConfig(EXAMPLE, STACK);
  const target = resolveConfig(program, fileConfig);
  let es: StartedSim;
  let fleet: FleetSim;
  let rs: RedisSim;
  let h: Harness;
  let resources: ResolvedResource[];
  let logPolicies: string[];
  let metricsPolicy: string;
  let credentials: string[];

  before(async () => {
    [es, fleet, rs] = await Promise.all([
      startElasticSim(threeNodeWorld("8.17.3")),
      startFleetSim({ kibanaVersion: "8.17.3" }),
      startRedisSim({ nodes: { count: 3, version: "7.4.2-54", master: 2 }, databases: [{ name: "cache", redis_version: "7.2" }] }),
    ]);
    fleet.state.seedInstallation("nginx", "1.15.0");
    // two logs-only policies (clean for the target) and one that also collects stub-status metrics with
    // period "10s": nginx 1.21.0 made that period an integer, so it conflicts and onConflict: skip leaves it alone
    logPolicies = seedPolicies(fleet, "nginx", 2, { prefix: "web-logs", inputs: { "nginx-nginx/metrics": { enabled: false } } });
    metricsPolicy = seedPolicies(fleet, "nginx", 1, { prefix: "web-metrics" })[0];
    credentials = [es.credentials.apiKey, fleet.credentials.apiKey, rs.credentials.password];

    // what `pulumi config set [--secret]` would leave in the stack: the file's config with the connection settings
    // and node commands pointed at the simulators; the versions and everything else stay as written
    const urls: Record<string, string> = {
      "upgrades:elasticsearchUrl": es.elasticsearch!.url,
      "upgrades:kibanaUrl": fleet.url,
      "upgrades:redisEnterpriseUrl": rs.url,
      "upgrades:redisEnterpriseUsername": rs.credentials.username,
    };
    for (const k of Object.keys(urls)) assert.ok(k in fileConfig, `the stack file shows ${k}`);
    const secrets = { "upgrades:elasticsearchApiKey": es.credentials.apiKey, "upgrades:kibanaApiKey": fleet.credentials.apiKey, "upgrades:redisEnterprisePassword": rs.credentials.password };
    const fileText = fs.readFileSync(path.join(EXAMPLE, `Pulumi.${STACK}.yaml`), "utf8");
    for (const k of Object.keys(secrets)) assert.ok(fileText.includes(`pulumi config set --secret ${k} `), `the stack file tells how to set ${k}`);
    const stackConfig: Record<string, unknown> = {
      ...fileConfig,
      ...urls,
      ...Object.fromEntries(Object.entries(secrets).map(([k, v]) => [k, secret(v)])),
      [`${program.name}:esNodeUpgradeCommand`]: shellHook(es, "esNode"),
      [`${program.name}:redisNodeUpgradeCommand`]: nodeUpgradeCommand(rs),
    };
    resources = resolveResources(program, resolveConfig(program, stackConfig));
    h = await startHarness({ kind: "plugin", project: program.name, stack: STACK, config: packageConfig(stackConfig, "upgrades") as JsObject });
  });
  after(async () => {
    await h?.stop();
    await Promise.all([es?.stop(), fleet?.stop(), rs?.stop()]);
  });

  it("the program's type tokens are the ones the plugin host serves", () => {
    for (const r of resources) assert.equal(h.deployment.token(r.typeName), r.token);
  });

  it("preview predicts each path and plan and changes nothing on any system", async () => {
    const fleetBefore = fleet.state.snapshot();
    const steps = await h.deployment.preview(decls(resources));
    for (const s of steps) assert.ok(s.ok, JSON.stringify(s));
    assert.deepEqual(steps.map((s) => s.op), ["create", "create", "create"]);
    const outs = Object.fromEntries(resources.map((r, i) => [r.name, steps[i].outputs ?? {}]));
    assert.deepEqual(outs.elastic.path, ["8.17.3", target.elasticStackVersion]);
    assert.deepEqual(outs.redis.path, ["7.4.2-54", target.redisBuild]);
    assert.equal(outs.nginx.version, "1.15.0");
    assert.deepEqual(policyStatuses(outs.nginx.policies), [["web-logs-1", "pending"], ["web-logs-2", "pending"], ["web-metrics-1", "conflict"]]);
    assert.deepEqual((outs.nginx.conflicts as { policyName: string; field: string }[]).map((c) => [c.policyName, c.field]), [["web-metrics-1", "inputs.nginx/metrics.streams.nginx.stubstatus.vars.period"]]);
    const stackOutputs = evaluateOutputs(program, target, outs);
    assert.equal(stackOutputs.summary, "Elasticsearch 8.17.3, nginx integration 1.15.0, Redis Enterprise 7.4.2-54");
    // each resource told the engine what it would do (durable impact summary on its URN)
    for (const s of steps) assert.ok(h.engine.logsFor(s.urn).some((l) => !l.ephemeral && l.severity === "info"), `impact summary for ${s.urn}`);

    assert.equal(es.elasticsearch!.server.log.filter((r) => r.method !== "GET").length, 0, "Elasticsearch got only GETs");
    assert.deepEqual(new Set(Object.values(versionsOf(es))), new Set(["8.17.3"]));
    assert.deepEqual(writes(fleet), [], "Kibana got only GETs");
    assert.deepEqual(fleet.state.snapshot(), fleetBefore);
    assert.equal(rs.api.log.filter((r) => r.method !== "GET").length, 0, "Redis Enterprise got only GETs");
    assert.equal(rs.state.history.length, 0);
    assert.equal(h.deployment.state.size, 0, "preview records nothing");
  });

  it("up moves every system to the stack's version; every output the program names exists", async () => {
    const steps = await h.deployment.up(decls(resources));
    for (const s of steps) assert.ok(s.ok, JSON.stringify(s.error ?? s.failures));
    const outs = Object.fromEntries(resources.map((r, i) => [r.name, steps[i].outputs ?? {}]));
    const stackOutputs = evaluateOutputs(program, target, outs);
    assert.deepEqual(Object.keys(stackOutputs).sort(), Object.keys(program.outputs).sort());
    for (const [k, v] of Object.entries(stackOutputs)) assert.ok(v !== undefined && v !== null, `output ${k} exists`);

    assert.equal(stackOutputs.elasticsearchVersion, target.elasticStackVersion);
    assert.deepEqual(stackOutputs.elasticsearchPath, ["8.17.3", target.elasticStackVersion]);
    assert.equal(stackOutputs.nginxVersion, target.nginxPackageVersion);
    assert.equal(stackOutputs.redisVersion, target.redisBuild);
    assert.deepEqual(stackOutputs.redisPath, ["7.4.2-54", target.redisBuild]);
    assert.equal(stackOutputs.summary, `Elasticsearch ${target.elasticStackVersion}, nginx integration ${target.nginxPackageVersion}, Redis Enterprise ${target.redisBuild}`);
    for (const k of ["elasticsearchPlan", "nginxPlan", "redisPlan"]) {
      const plan = stackOutputs[k] as { phases?: unknown[] };
      assert.ok(Array.isArray(plan.phases) && plan.phases.length > 0, `${k} has phases`);
    }
    assert.deepEqual(policyStatuses(stackOutputs.nginxPolicies), [["web-logs-1", "upgraded"], ["web-logs-2", "upgraded"], ["web-metrics-1", "conflict"]]);
    assert.deepEqual((stackOutputs.nginxConflicts as { policyName: string }[]).map((c) => c.policyName), ["web-metrics-1"]);

    // the systems themselves
    assert.deepEqual(new Set(Object.values(versionsOf(es))), new Set([target.elasticStackVersion]));
    assert.equal(fleet.state.installations.get("nginx")?.version, target.nginxPackageVersion);
    for (const id of logPolicies) assert.equal(fleet.state.policies.get(id)?.package.version, target.nginxPackageVersion, id);
    assert.equal(fleet.state.policies.get(metricsPolicy)?.package.version, "1.15.0", "the conflicting policy was left alone");
    assert.deepEqual(rs.state.versions(), [target.redisBuild]);
    assert.ok(rs.state.databases.every((d) => d.redis_version !== "7.2"), "databases.upgrade: after raised the database");

    // no credential anywhere a user could see it or that gets persisted
    const seen = h.deployment.observable();
    for (const c of credentials) assert.deepEqual(findPlaintext(seen, c), [], "credential leaked");
  });

  it("a second up with the same program and stack changes nothing", async () => {
    const esStarts = es.elasticsearch!.server.log.filter((r) => r.method !== "GET").length;
    const steps = await h.deployment.up(decls(resources));
    assert.deepEqual(steps.map((s) => [s.op, s.ok]), [["same", true], ["same", true], ["same", true]]);
    assert.equal(es.elasticsearch!.server.log.filter((r) => r.method !== "GET").length, esStarts);
  });
});
