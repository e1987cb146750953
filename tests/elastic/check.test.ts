// check (property paths, rule refusals against the previous target), diff (detailed diff vs the observed version),
// the pure path/topology helpers, and refresh drift.
import { strict as assert } from "assert";
import { ProviderConfig } from "../../provider/config";
import { UNKNOWN } from "../../provider/resources/core/types";
import { onlyVersionBlockedReplicas, phaseOf, planPath } from "../../provider/resources/elastic";
import type { Outputs } from "../../provider/resources/elastic/schema";
import { DowngradeRefusedError } from "../../provider/resources/elastic/errors";
import { selfManagedInputs, testCtx, testHandler, threeNodeWorld, tieredWorld, withSim } from "./helpers";

const h = testHandler();
const ctx = testCtx();
const selfManaged = { elasticsearch: { url: "https://es:9200", apiKey: "k3y-value" }, nodeUpgrade: { command: ["/bin/upgrade-node"] } };

describe("elastic check", () => {
  it("applies defaults and accepts a self-managed target", async () => {
    const r = await h.check(undefined, { version: "9.1.2", ...selfManaged }, ctx);
    assert.deepEqual(r.failures, []);
    assert.equal(r.inputs!.rollout.strategy, "serial");
    assert.equal(r.inputs!.deprecations, "block-critical");
    assert.equal(r.inputs!.nodeUpgrade!.timeoutSeconds, 1800);
  });

  it("reports property-level failures with dotted paths", async () => {
    const r = await h.check(undefined, { version: "9.1", elasticsearch: { url: "es:9200", apiKey: "a", username: "u" }, nodeUpgrade: { command: [] }, rollout: { strategy: "rolling" } }, ctx);
    const props = r.failures.map((f) => f.property).sort();
    assert.ok(props.includes("nodeUpgrade.command"), props.join(","));
    assert.ok(props.includes("rollout.strategy"), props.join(","));
    const r2 = await h.check(undefined, { version: "9.1", elasticsearch: { url: "es:9200", apiKey: "a", username: "u" }, nodeUpgrade: { command: ["x"] } }, ctx);
    const p2 = Object.fromEntries(r2.failures.map((f) => [f.property, f.reason]));
    assert.match(p2["version"], /malformed/);
    assert.match(p2["elasticsearch.apiKey"], /either apiKey or username \+ password/);
    assert.match(p2["elasticsearch.password"], /username needs a password/);
    assert.match(p2["elasticsearch.url"], /http:\/\/ or https:\/\//);
  });

  it("requires exactly one target", async () => {
    const none = await h.check(undefined, { version: "9.1.2" }, ctx);
    assert.deepEqual(none.failures.map((f) => f.property), ["elasticsearch"]);
    const both = await h.check(undefined, { version: "9.1.2", ...selfManaged, elasticCloud: { deploymentId: "abc" } }, ctx);
    assert.deepEqual(both.failures.map((f) => f.property), ["elasticCloud"]);
    const kibanaAlone = await h.check(undefined, { version: "9.1.2", ...selfManaged, kibana: { url: "https://kb:5601" } }, ctx);
    assert.deepEqual(kibanaAlone.failures.map((f) => f.property), ["kibanaUpgrade"]);
    const cloud = await h.check(undefined, { version: "9.1.2", elasticCloud: { deploymentId: "abc" } }, ctx);
    assert.deepEqual(cloud.failures, []);
  });

  it("refuses an illegal target against the previous one, naming the rule and the fix", async () => {
    const prev = (await h.check(undefined, { version: "9.0.5", ...selfManaged }, ctx)).inputs!;
    const r = await h.check(prev, { version: "9.1.0", ...selfManaged }, ctx);
    assert.ok(r.failures.length >= 1);
    assert.ok(r.failures.every((f) => f.property === "version"));
    assert.match(r.failures[0].reason, /^target_released_after_current: .*\(fix: .*9\.1\.2/);
    const down = await h.check(prev, { version: "8.19.2", ...selfManaged }, ctx);
    assert.match(down.failures[0].reason, /^no_downgrade/);
  });

  it("refuses upgrading from a release candidate", async () => {
    const prev = (await h.check(undefined, { version: "9.0.0-rc1", allowPrerelease: true, ...selfManaged }, ctx)).inputs!;
    const r = await h.check(prev, { version: "9.0.0", ...selfManaged }, ctx);
    assert.match(r.failures[0].reason, /^no_prerelease_source: 9\.0\.0-rc1 is a prerelease/);
    // the same rule applies to what the cluster actually runs
    const p = planPath(["9.0.0-rc1", "9.0.0-rc1"], "9.1.2", {});
    assert.equal(p.ok, false);
    assert.ok(!p.ok && p.violations.some((v) => v.rule === "no_prerelease_source"));
  });

  it("refuses a prerelease target unless allowPrerelease, unknown versions with the catalog hint, unknown gate names", async () => {
    const rc = await h.check(undefined, { version: "9.2.0-rc1", ...selfManaged }, ctx);
    assert.match(rc.failures[0].reason, /^no_prerelease_target/);
    const unknown = await h.check(undefined, { version: "9.99.0", ...selfManaged }, ctx);
    assert.match(unknown.failures[0].reason, /not in the release catalog.*catalog/);
    const withCatalog = await h.check(undefined, { version: "9.99.0", catalog: [{ version: "9.99.0", date: "2027-01-01" }], ...selfManaged }, ctx);
    assert.deepEqual(withCatalog.failures, []);
    const gate = await h.check(undefined, { version: "9.1.2", ...selfManaged, rollout: { disabledGates: ["one_master_at_a_time", "be_careful"] } }, ctx);
    assert.deepEqual(gate.failures.map((f) => f.property), ["rollout.disabledGates[1]"]);
  });

  it("tolerates values unknown during preview", async () => {
    const r = await h.check(undefined, { version: UNKNOWN, ...selfManaged }, ctx);
    assert.deepEqual(r.failures, []);
  });
});

describe("elastic diff", () => {
  const base = async () => (await h.check(undefined, { version: "9.1.2", ...selfManaged }, ctx)).inputs!;
  const olds = (over: Partial<Outputs>, i: Awaited<ReturnType<typeof base>>): Outputs => ({
    version: "9.1.2", targetVersion: "9.1.2", elasticsearchVersion: "9.1.2", targetKind: "self-managed", elasticsearchUrl: "https://es:9200",
    path: ["9.1.2"], outcome: "complete", allowPrerelease: false, adjacentVersionsOnly: false, rollout: i.rollout, deprecations: i.deprecations,
    nodeUpgrade: i.nodeUpgrade, ...over,
  });

  it("no change when the observed version is the target and settings are unchanged", async () => {
    const i = await base();
    const d = await h.diff("id", olds({}, i), i, ctx);
    assert.equal(d.changes, false);
  });

  it("the observed (lowest running) version drives the version diff", async () => {
    const i = await base();
    const d = await h.diff("id", olds({ version: "8.19.2" }, i), i, ctx);
    assert.deepEqual(d.detailedDiff, { version: { kind: "update", inputDiff: true } });
    assert.deepEqual(d.replaces, []);
  });

  it("reports settings and endpoint changes per property; another deployment is a replacement", async () => {
    const i = await base();
    const d = await h.diff("id", olds({ elasticsearchUrl: "https://old:9200" }, i), { ...i, deprecations: "ignore" }, ctx);
    assert.deepEqual(Object.keys(d.detailedDiff).sort(), ["deprecations", "elasticsearch.url"]);
    const c = (await h.check(undefined, { version: "9.1.2", elasticCloud: { deploymentId: "new" } }, ctx)).inputs!;
    const dc = await h.diff("id", olds({ targetKind: "elastic-cloud", deploymentId: "old", nodeUpgrade: undefined }, c), c, ctx);
    assert.deepEqual(dc.replaces, ["elasticCloud"]);
  });
});

describe("elastic topology", () => {
  it("puts nodes in the documented phase order", () => {
    assert.equal(phaseOf(["data_frozen"]), "frozen");
    assert.equal(phaseOf(["data_hot", "data_warm"]), "warm");
    assert.equal(phaseOf(["data_content", "ingest"]), "data");
    assert.equal(phaseOf(["ingest", "ml"]), "coordinating");
    assert.equal(phaseOf(["master", "data_hot"]), "master");
    assert.equal(phaseOf(["master", "voting_only"]), "master");
  });

  it("keeps the bridge patch a stopped run already reached", () => {
    const p = planPath(["8.17.3", "8.19.1"], "9.1.2", {});
    assert.ok(p.ok);
    assert.deepEqual(p.ok && p.plan.path, ["8.17.3", "8.19.1", "9.1.2"]);
    // without a partial run the newest legal bridge patch is chosen
    const fresh = planPath(["8.17.3"], "9.1.2", {});
    assert.ok(fresh.ok && fresh.plan.path[1] !== "8.19.1" && /^8\.19\./.test(fresh.plan.path[1]));
  });

  it("accepts yellow only when the unassigned replicas wait for a newer node", () => {
    const nodes = [
      { id: "a", name: "a", host: "", roles: ["data"], version: "9.1.2", inCluster: true },
      { id: "b", name: "b", host: "", roles: ["data"], version: "8.19.2", inCluster: true },
    ];
    const shards = [
      { index: "i", shard: "0", prirep: "p" as const, state: "STARTED" as const, node: "a" },
      { index: "i", shard: "0", prirep: "r" as const, state: "UNASSIGNED" as const, node: null },
    ];
    assert.equal(onlyVersionBlockedReplicas(nodes, shards), true);
    assert.equal(onlyVersionBlockedReplicas(nodes, [{ ...shards[0], node: "b" }, shards[1]]), false, "primary on the old node: the replica could go to the new one");
    assert.equal(onlyVersionBlockedReplicas(nodes.map((n) => ({ ...n, version: "9.1.2" })), shards), false, "not a mixed cluster");
  });
});

describe("elastic refresh", function () {
  this.timeout(60_000);

  it("reports the lowest running version, so an out-of-band partial upgrade shows as drift", async () => {
    await withSim(threeNodeWorld("8.17.3"), async (sim) => {
      const inputs = selfManagedInputs(sim, "8.17.3");
      const adopted = await h.create(inputs, testCtx());
      assert.equal(adopted.outputs.outcome, "adopted");
      assert.equal(adopted.outputs.version, "8.17.3");
      await sim.elasticsearch!.cluster.upgradeNode("es-0", "8.18.2");
      const c = sim.elasticsearch!.cluster;
      assert.ok(await c.waitFor(() => c.node("es-0")!.joined, 10_000));
      const partial = await h.read(adopted.id, adopted.outputs, inputs, testCtx());
      assert.equal(partial!.outputs.version, "8.17.3");
      assert.deepEqual(partial!.outputs.nodes!.map((n) => `${n.name}@${n.version}`), ["es-0@8.18.2", "es-1@8.17.3", "es-2@8.17.3"]);
      for (const n of ["es-1", "es-2"]) await c.upgradeNode(n, "8.18.2");
      assert.ok(await c.waitFor(() => c.nodes.every((n) => n.joined), 10_000));
      const full = await h.read(adopted.id, partial!.outputs, inputs, testCtx());
      assert.equal(full!.outputs.version, "8.18.2");
      const d = await h.diff(adopted.id, full!.outputs, inputs, testCtx());
      assert.deepEqual(d.detailedDiff.version, { kind: "update", inputDiff: true });
      await assert.rejects(h.update(adopted.id, full!.outputs, inputs, testCtx()), DowngradeRefusedError);
    });
  });

  it("imports a self-managed cluster by id using provider config", async () => {
    await withSim(tieredWorld("8.18.2"), async (sim) => {
      const config = new ProviderConfig({ elasticsearchUrl: sim.elasticsearch!.url, elasticsearchApiKey: sim.credentials.apiKey, kibanaUrl: sim.kibana!.url, kibanaApiKey: sim.credentials.apiKey }, {});
      const id = `elasticsearch:${sim.elasticsearch!.cluster.clusterUuid}`;
      const r = await h.read(id, undefined, undefined, testCtx({ config }));
      assert.equal(r!.id, id);
      assert.equal(r!.outputs.version, "8.18.2");
      assert.equal(r!.outputs.kibanaVersion, "8.18.2");
      assert.equal(r!.outputs.nodes!.length, 7);
      assert.equal(r!.inputs.version, "8.18.2");
      assert.equal(r!.inputs.elasticsearch, undefined, "the URL stays in provider config");
    });
  });
});
