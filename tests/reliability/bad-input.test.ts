// Bad input: malformed inputs of every kind (types, versions, URLs, commands, approvals, catalogs, strategies,
// negative timeouts, unknown keys, two kinds of credential, no target, shell strings instead of argv arrays …)
// produce check failures naming the property — never a crash or a throw. Every row goes through handler.check
// directly; a sample goes through the plugin host (CheckResponse failures with property paths).
import { strict as assert } from "assert";
import { elasticHandler as elasticDeploymentVersion } from "../../provider/resources/elastic";
import { fleetIntegration } from "../../provider/resources/fleet";
import { redisClusterVersion } from "../../provider/resources/redis";
import { quietContext } from "../support/context";
import type { AnyResourceHandler, ResourceContext } from "../../provider/resources/core/types";
import { startHarness, type Harness } from "../harness";

type Res = "ElasticDeploymentVersion" | "RedisClusterVersion" | "FleetIntegration";
type Json = Record<string, unknown>;

// Nothing listens on port 9 (discard): a live check, where a resource does one, fails fast and is skipped.
const DEAD = "http://127.0.0.1:9";
const base: Record<Res, () => Json> = {
  ElasticDeploymentVersion: () => ({ version: "8.19.2", elasticsearch: { url: DEAD, apiKey: "k" }, nodeUpgrade: { command: ["/usr/local/bin/es-upgrade"] } }),
  RedisClusterVersion: () => ({ cluster: { url: DEAD, username: "u", password: "p" }, version: "7.22.0-95", nodeUpgrade: { command: ["/usr/local/bin/rs-upgrade"] } }),
  FleetIntegration: () => ({ kibana: { url: DEAD, apiKey: "k" }, package: "nginx", version: "1.20.0" }),
};
const handlers: Record<Res, AnyResourceHandler> = { ElasticDeploymentVersion: elasticDeploymentVersion, RedisClusterVersion: redisClusterVersion, FleetIntegration: fleetIntegration };

/** Sets (or with `undefined`, removes) a dotted path in a copy of `o`. */
function set(o: Json, path: string, value: unknown): Json {
  const copy = structuredClone(o);
  const keys = path.split(".");
  let cur: Json = copy;
  for (const k of keys.slice(0, -1)) cur = (cur[k] ??= {}) as Json;
  if (value === undefined) delete cur[keys[keys.length - 1]];
  else cur[keys[keys.length - 1]] = value;
  return copy;
}

interface Case {
  res: Res;
  what: string;
  /** the malformed input */
  input: () => unknown;
  /** the property path a failure must name */
  property: string;
}
const c = (res: Res, what: string, edits: Record<string, unknown>, property: string): Case => ({
  res,
  what,
  property,
  input: () => Object.entries(edits).reduce((o, [k, v]) => set(o, k, v), base[res]()),
});

const E: Res = "ElasticDeploymentVersion";
const R: Res = "RedisClusterVersion";
const F: Res = "FleetIntegration";

export const cases: Case[] = [
  // ---- Elastic
  c(E, "version is a number", { version: 8.19 }, "version"),
  c(E, "version is empty", { version: "" }, "version"),
  c(E, "version is not a version", { version: "latest" }, "version"),
  c(E, "version with a wildcard", { version: "8.x" }, "version"),
  c(E, "version missing", { version: undefined }, "version"),
  c(E, "elasticsearch.url not http(s)", { "elasticsearch.url": "ftp://es.example" }, "elasticsearch.url"),
  c(E, "elasticsearch.url with credentials", { "elasticsearch.url": "https://elastic:changeme@es.example:9200" }, "elasticsearch.url"),
  c(E, "elasticsearch.url is a number", { "elasticsearch.url": 9200 }, "elasticsearch.url"),
  c(E, "elasticsearch.url set nowhere (input, config, env)", { "elasticsearch.url": undefined }, "elasticsearch.url"),
  c(E, "apiKey and password both set", { "elasticsearch.username": "elastic", "elasticsearch.password": "pw" }, "elasticsearch.apiKey"),
  c(E, "username without password", { "elasticsearch.apiKey": undefined, "elasticsearch.username": "elastic" }, "elasticsearch.password"),
  c(E, "nodeUpgrade.command is a shell string", { "nodeUpgrade.command": "ssh $host sudo apt-get install elasticsearch" }, "nodeUpgrade.command"),
  c(E, "nodeUpgrade.command is empty", { "nodeUpgrade.command": [] }, "nodeUpgrade.command"),
  c(E, "nodeUpgrade.command has an empty argument", { "nodeUpgrade.command": ["/bin/upgrade", ""] }, "nodeUpgrade.command[1]"),
  c(E, "nodeUpgrade.command has a number", { "nodeUpgrade.command": ["/bin/upgrade", 3] }, "nodeUpgrade.command[1]"),
  c(E, "negative hook timeout", { "nodeUpgrade.timeoutSeconds": -5 }, "nodeUpgrade.timeoutSeconds"),
  c(E, "fractional hook timeout", { "nodeUpgrade.timeoutSeconds": 0.5 }, "nodeUpgrade.timeoutSeconds"),
  c(E, "hook timeout as a string", { "nodeUpgrade.timeoutSeconds": "30s" }, "nodeUpgrade.timeoutSeconds"),
  c(E, "no target at all", { elasticsearch: undefined, nodeUpgrade: undefined }, "elasticsearch"),
  c(E, "self-managed without nodeUpgrade", { nodeUpgrade: undefined }, "nodeUpgrade"),
  c(E, "both cloud and self-managed targets", { elasticCloud: { deploymentId: "abc" } }, "elasticCloud"),
  c(E, "cloud target without deploymentId", { elasticsearch: undefined, nodeUpgrade: undefined, elasticCloud: { apiKey: "k" } }, "elasticCloud.deploymentId"),
  c(E, "unknown rollout strategy", { "rollout.strategy": "yolo" }, "rollout.strategy"),
  c(E, "approvedThrough without manual", { "rollout.approvedThrough": "hot" }, "rollout.approvedThrough"),
  c(E, "negative node timeout", { "rollout.nodeTimeoutSeconds": -1 }, "rollout.nodeTimeoutSeconds"),
  c(E, "zero health timeout", { "rollout.healthTimeoutSeconds": 0 }, "rollout.healthTimeoutSeconds"),
  c(E, "negative canaryApproved", { "rollout.strategy": "canary", "rollout.canaryApproved": -1 }, "rollout.canaryApproved"),
  c(E, "maxUnavailable zero", { "rollout.maxUnavailable": 0 }, "rollout.maxUnavailable"),
  c(E, "waitForStatus red", { "rollout.waitForStatus": "red" }, "rollout.waitForStatus"),
  c(E, "disabledGates a string", { "rollout.disabledGates": "*" }, "rollout.disabledGates"),
  c(E, "catalog entry without date", { catalog: [{ version: "8.19.3" }] }, "catalog[0].date"),
  c(E, "catalog entry with a bad date", { catalog: [{ version: "8.19.3", date: "yesterday" }] }, "catalog[0].date"),
  c(E, "catalog is an object", { catalog: { "8.19.3": "2025-01-01" } }, "catalog"),
  c(E, "unknown deprecation policy", { deprecations: "warn" }, "deprecations"),
  c(E, "allowPrerelease a string", { allowPrerelease: "yes" }, "allowPrerelease"),
  c(E, "kibanaUpgrade without kibana", { kibanaUpgrade: { command: ["/bin/k"] } }, "kibana"),
  c(E, "kibana without kibanaUpgrade", { kibana: { url: DEAD } }, "kibanaUpgrade"),
  // ---- Redis
  c(R, "version is a number", { version: 7.22 }, "version"),
  c(R, "version is not a build", { version: "seven" }, "version"),
  c(R, "version missing", { version: undefined }, "version"),
  c(R, "cluster.url not http(s)", { "cluster.url": "redis://cluster:9443" }, "cluster.url"),
  c(R, "cluster.url with credentials", { "cluster.url": "https://admin:pw@cluster:9443" }, "cluster.url"),
  c(R, "cluster.url set nowhere (input, config, env)", { "cluster.url": undefined }, "cluster.url"),
  c(R, "cluster is a string", { cluster: "https://cluster:9443" }, "cluster"),
  c(R, "nodeUpgrade.command is a shell string", { "nodeUpgrade.command": "ssh node1 'sudo ./install.sh -y'" }, "nodeUpgrade.command"),
  c(R, "nodeUpgrade.command empty", { "nodeUpgrade.command": [] }, "nodeUpgrade.command"),
  c(R, "negative hook timeout", { "nodeUpgrade.timeoutSeconds": -1 }, "nodeUpgrade.timeoutSeconds"),
  c(R, "negative node timeout", { "rollout.nodeTimeoutSeconds": -30 }, "rollout.nodeTimeoutSeconds"),
  c(R, "unknown strategy", { "rollout.strategy": "parallel" }, "rollout.strategy"),
  c(R, "approvedThrough without manual", { "rollout.approvedThrough": "nodes" }, "rollout.approvedThrough"),
  c(R, "canarySteps zero", { "rollout.canarySteps": 0 }, "rollout.canarySteps"),
  c(R, "databases.upgrade unknown", { "databases.upgrade": "before" }, "databases.upgrade"),
  c(R, "databases.redisVersion malformed", { "databases.upgrade": "after", "databases.redisVersion": "7" }, "databases.redisVersion"),
  c(R, "redisVersion without database upgrade", { "databases.redisVersion": "7.4" }, "databases.redisVersion"),
  c(R, "catalog date malformed", { catalog: [{ version: "7.22.2-12", date: "2025/01/01" }] }, "catalog[0].date"),
  c(R, "adjacentVersionsOnly a string", { adjacentVersionsOnly: "true" }, "adjacentVersionsOnly"),
  // ---- Fleet
  c(F, "package with capitals", { package: "Nginx" }, "package"),
  c(F, "package with a shell metacharacter", { package: "nginx;rm -rf /" }, "package"),
  c(F, "package missing", { package: undefined }, "package"),
  c(F, "version not semver", { version: "1.2" }, "version"),
  c(F, "version a number", { version: 1.2 }, "version"),
  c(F, "kibana.url not http(s)", { "kibana.url": "ftp://kibana" }, "kibana.url"),
  c(F, "kibana.url with credentials", { "kibana.url": "https://elastic:pw@kibana:5601" }, "kibana.url"),
  c(F, "kibana.url set nowhere (input, config, env)", { "kibana.url": undefined }, "kibana.url"),
  c(F, "apiKey and username + password both set", { "kibana.username": "elastic", "kibana.password": "pw" }, "kibana.apiKey"),
  c(F, "password without username", { "kibana.apiKey": undefined, "kibana.password": "pw" }, "kibana.username"),
  c(F, "unknown onConflict", { onConflict: "merge" }, "onConflict"),
  c(F, "policyIds without upgradePolicies", { upgradePolicies: false, policyIds: ["a"] }, "policyIds"),
  c(F, "duplicate policyIds", { policyIds: ["a", "a"] }, "policyIds"),
  c(F, "policyIds a string", { policyIds: "a,b" }, "policyIds"),
  c(F, "empty policy id", { policyIds: [""] }, "policyIds[0]"),
  c(F, "force a string", { force: "true" }, "force"),
  c(F, "spaceId empty", { "kibana.spaceId": "" }, "kibana.spaceId"),
];

/** Unknown keys: zod reports them on the enclosing object; the failure must name the key. */
const unknownKeys: { res: Res; path: string; key: string; enclosing: string }[] = [
  { res: E, path: "nodeUpgrade.shell", key: "shell", enclosing: "nodeUpgrade" },
  { res: E, path: "rollout.maxSurge", key: "maxSurge", enclosing: "rollout" },
  { res: R, path: "cluster.token", key: "token", enclosing: "cluster" },
  { res: F, path: "kibana.headers", key: "headers", enclosing: "kibana" },
  { res: E, path: "versoin", key: "versoin", enclosing: "" },
  { res: R, path: "targetVersion", key: "targetVersion", enclosing: "" },
  { res: F, path: "pkg", key: "pkg", enclosing: "" },
];

function ctx(): ResourceContext {
  return quietContext("", "bad");
}

describe("reliability: bad input produces check failures naming the property, never a throw", function () {
  this.timeout(20_000);

  it("has at least 50 malformed inputs across the three resources", () => {
    assert.ok(cases.length + unknownKeys.length >= 50, `${cases.length + unknownKeys.length}`);
    for (const r of [E, R, F]) assert.ok(cases.filter((x) => x.res === r).length >= 12, r);
  });

  for (const r of [E, R, F]) {
    it(`${r}: the base input is valid (so each row fails only for its own mutation)`, async () => {
      const res = await handlers[r].check(undefined, base[r](), ctx());
      assert.deepEqual(res.failures, []);
      assert.ok(res.inputs);
    });
  }

  for (const k of cases) {
    it(`${k.res}: ${k.what} → failure on ${k.property}`, async () => {
      const res = await handlers[k.res].check(undefined, k.input(), ctx());
      assert.equal(res.inputs, undefined, "no checked inputs with failures");
      assert.ok(res.failures.length > 0, "at least one failure");
      for (const f of res.failures) {
        assert.equal(typeof f.property, "string");
        assert.ok(typeof f.reason === "string" && f.reason.length > 0, "every failure says why");
      }
      assert.ok(res.failures.some((f) => f.property === k.property), `expected a failure on ${k.property}, got ${JSON.stringify(res.failures)}`);
    });
  }

  for (const u of unknownKeys) {
    it(`${u.res}: unknown key ${u.path} → failure naming it`, async () => {
      const res = await handlers[u.res].check(undefined, set(base[u.res](), u.path, "x"), ctx());
      assert.equal(res.inputs, undefined);
      assert.ok(
        res.failures.some((f) => f.property === u.path || (f.property === u.enclosing && f.reason.includes(u.key))),
        `expected a failure on ${u.path} (or on ${u.enclosing || "the root"} naming "${u.key}"), got ${JSON.stringify(res.failures)}`,
      );
    });
  }

  it("non-object inputs (null, a string, an array, a number) fail on the root, never throw", async () => {
    for (const r of [E, R, F]) {
      for (const v of [null, "version: 8.19.2", [1, 2], 42]) {
        const res = await handlers[r].check(undefined, v, ctx());
        assert.equal(res.inputs, undefined, `${r} ${JSON.stringify(v)}`);
        assert.ok(res.failures.length > 0);
      }
    }
  });

  describe("a sample through the plugin host (CheckResponse failures with property paths)", function () {
    this.timeout(60_000);
    let h: Harness;
    before(async () => {
      h = await startHarness({ kind: "plugin" });
    });
    after(async () => h?.stop());

    const sample = [...cases.filter((_, i) => i % 6 === 0)];
    it(`${sample.length} malformed inputs over gRPC`, async () => {
      assert.ok(sample.some((s) => s.res === E) && sample.some((s) => s.res === R) && sample.some((s) => s.res === F));
      for (const k of sample) {
        const r = await h.deployment.check({ name: "bad", type: k.res, inputs: k.input() as Json } as never, {});
        assert.ok(r.failures.some((f) => f.property === k.property), `${k.res} ${k.what}: expected ${k.property} in ${JSON.stringify(r.failures)}`);
      }
      assert.ok(h.provider.stderr.join("").length === 0 || !/Error|at .*\.js:\d+/.test(h.provider.stderr.join("")), "the provider did not log a crash");
    });
  });
});
