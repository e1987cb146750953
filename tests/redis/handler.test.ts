// RedisClusterVersion handler against the simulated cluster: preview without side effects, up along the legal path,
// refused hops, master-first ordering while the role moves, manual approvals across runs, databases before/after,
// refresh drift.
import assert from "node:assert/strict";
import { PartialFailureError, UNKNOWN } from "../../provider/resources/core/types";
import { DatabasePrerequisiteError, redisClusterVersion, RolesUnavailableError } from "../../provider/resources/redis";
import type { Outputs } from "../../provider/resources/redis";
import { control, rest } from "../sim/redis/helpers";
import type { RedisSim } from "../sim/redis";
import { checked, installOrder, makeCtx, rawInputs, startSim, up } from "./helpers";

describe("RedisClusterVersion (handler against the simulator)", function () {
  let sim: RedisSim | undefined;
  afterEach(async () => {
    await sim?.stop();
    sim = undefined;
  });

  it("previews 6.2.18 → 7.22 along the legal path, master first, databases after, with no side effect", async () => {
    sim = await startSim({ nodes: { count: 3, version: "6.2.18-70", master: 2 }, databases: [{ name: "cache", redis_version: "6.2" }] });
    const inputs = await checked(rawInputs(sim, "7.22.0-95", { databases: { upgrade: "after" } }));
    const before = sim.api.log.length;
    const ctx = makeCtx({ preview: true });
    const { outputs } = await redisClusterVersion.create(inputs, ctx);
    assert.deepEqual(outputs.path, ["6.2.18-70", "7.8.6-303", "7.22.0-95"]);
    assert.equal(outputs.outcome, "planned");
    assert.equal(outputs.version, "6.2.18-70");
    assert.deepEqual(outputs.databasesAfter.map((d) => [d.name, d.from, d.to]), [["cache", "6.2", "7.4"]]);
    assert.deepEqual(outputs.databasesBefore, []);
    const plan = outputs.plan!;
    assert.deepEqual(plan.hops, [{ from: "6.2.18-70", to: "7.8.6-303" }, { from: "7.8.6-303", to: "7.22.0-95" }]);
    assert.deepEqual(plan.phases.map((p) => `${p.hop.to}/${p.name}`), ["7.8.6-303/nodes", "7.22.0-95/nodes", "7.22.0-95/databases"]);
    assert.deepEqual(plan.phases[0].steps.map((s) => s.target), ["2", "1", "3"], "the current master first");
    assert.ok(plan.phases.every((p) => p.steps.every((s) => s.status === "PENDING")));
    assert.equal(ctx.log.info.length, 1, "one impact paragraph");
    assert.match(ctx.log.info[0], /6\.2\.18-70 → 7\.8\.6-303 → 7\.22\.0-95/);
    assert.match(ctx.log.info[0], /master first: node 2, node 1, node 3/);
    assert.match(ctx.log.info[0], /cache 6\.2 → 7\.4/);
    // no side effect: read-only requests only, no installer, nothing changed
    const reqs = sim.api.log.slice(before);
    assert.ok(reqs.length > 0);
    assert.deepEqual([...new Set(reqs.map((r) => r.method))], ["GET"]);
    assert.equal(sim.state.history.length, 0);
    assert.deepEqual(sim.state.versions(), ["6.2.18-70"]);
  });

  it("upgrades 6.2.18 → 7.22 via 7.8, one node at a time, the master of the moment first in every hop", async () => {
    sim = await startSim({ nodes: { count: 3, version: "6.2.18-70", master: 2 } });
    const inputs = await checked(rawInputs(sim, "7.22.0-95"));
    const out = await up(inputs);
    assert.equal(out.outcome, "complete");
    assert.equal(out.version, "7.22.0-95");
    assert.equal(out.mixedVersions, false);
    assert.deepEqual(out.nodes.map((n) => n.version), ["7.22.0-95", "7.22.0-95", "7.22.0-95"]);
    const order = installOrder(sim);
    assert.deepEqual(order.map((o) => o.to), ["7.8.6-303", "7.8.6-303", "7.8.6-303", "7.22.0-95", "7.22.0-95", "7.22.0-95"]);
    assert.equal(order[0].node, 2, "hop 1 starts on the initial master");
    for (const o of order) {
      // every node was either the master when its installer started, or the master was already on that hop's version
      const masterDone = o.node === o.master || order.filter((x) => x.to === o.to && x.node === o.master).length > 0;
      assert.ok(masterDone, `node ${o.node} went before master ${o.master} on ${o.to}`);
    }
    assert.equal(new Set(order.map((o) => `${o.node}@${o.to}`)).size, 6, "no node upgraded twice to the same version");
    assert.ok(out.plan && out.plan.phases.every((p) => p.steps.every((s) => s.status === "COMPLETE")));
  });

  it("follows the master when it moves mid-run (re-identified before every node)", async () => {
    sim = await startSim({ nodes: { count: 4, version: "7.4.2-54", master: 1 }, faults: [{ kind: "master_moves", afterUpgrades: 1, to: 4 }] });
    const out = await up(await checked(rawInputs(sim, "7.22.0-95")));
    assert.equal(out.outcome, "complete");
    assert.deepEqual(installOrder(sim).map((o) => o.node), [1, 4, 2, 3]);
  });

  it("plans around a refused direct hop (6.0.x → 7.4.x goes via 7.2) and refuses to roll without master roles", async () => {
    sim = await startSim({ nodes: { count: 3, version: "6.0.20-97" }, databases: [{ name: "cache", redis_version: "6.0" }] });
    const inputs = await checked(rawInputs(sim, "7.4.2-54"));
    const ctx = makeCtx({ preview: true });
    const { outputs } = await redisClusterVersion.create(inputs, ctx);
    assert.deepEqual(outputs.path, ["6.0.20-97", "7.2.4-154", "7.4.2-54"]);
    assert.match(ctx.log.info[0], /master unknown/);
    // the rollout needs roles (GET /v1/nodes/status exists from 6.2.18-49): refused before anything runs
    await assert.rejects(up(inputs), (e: unknown) => e instanceof RolesUnavailableError && /rladmin/.test(e.message) && /master_node_first/.test(e.message));
    assert.equal(installOrder(sim).length, 0);
    // with the gate disabled by name the nodes go in uid order, via 7.2
    const anyway = await checked(rawInputs(sim, "7.4.2-54", { rollout: { disabledGates: ["master_node_first"] } }));
    const ctx2 = makeCtx();
    const out = await up(anyway, undefined, ctx2);
    assert.equal(out.version, "7.4.2-54");
    assert.deepEqual(installOrder(sim).map((o) => `${o.node}@${o.to}`), ["1@7.2.4-154", "2@7.2.4-154", "3@7.2.4-154", "1@7.4.2-54", "2@7.4.2-54", "3@7.4.2-54"]);
    assert.ok(ctx2.log.warn.some((w) => /master_node_first is disabled/.test(w)));
  });

  it("check refuses a downgrade and an unknown build with the rule's message on `version`", async () => {
    sim = await startSim({ nodes: { count: 2, version: "7.22.0-95" } });
    const r = await redisClusterVersion.check(undefined, rawInputs(sim, "7.4.2-54"), makeCtx());
    assert.equal(r.inputs, undefined);
    assert.ok(r.failures.some((f) => f.property === "version" && /no_downgrade/.test(f.reason) && /lower than the current 7\.22\.0-95/.test(f.reason)), JSON.stringify(r.failures));
    const bad = await redisClusterVersion.check(undefined, { ...rawInputs(sim, "7.22"), rollout: { nodeTimeoutSeconds: -1 } }, makeCtx());
    assert.ok(bad.failures.some((f) => f.property === "rollout.nodeTimeoutSeconds"), JSON.stringify(bad.failures));
    const form = await redisClusterVersion.check(undefined, rawInputs(sim, "7.22"), makeCtx());
    assert.ok(form.failures.some((f) => f.property === "version" && /Major\.Minor\.Patch-Build/.test(f.reason)));
    const unknown = await redisClusterVersion.check(undefined, rawInputs(sim, "7.22.0-9999"), makeCtx());
    assert.ok(unknown.failures.some((f) => f.property === "version"), JSON.stringify(unknown.failures));
    const manual = await redisClusterVersion.check(undefined, rawInputs(sim, "7.22.0-95", { rollout: { approvedThrough: "nodes" } }), makeCtx());
    assert.ok(manual.failures.some((f) => f.property === "rollout.approvedThrough"));
  });

  it("refuses when a database runs a Redis version the path does not bundle, naming it and the fix (preview and up)", async () => {
    sim = await startSim({ nodes: { count: 3, version: "6.2.18-70" }, databases: [{ name: "legacy", redis_version: "6.0" }, { name: "cache", redis_version: "6.2" }] });
    const inputs = await checked(rawInputs(sim, "7.22.0-95"));
    const refused = (e: unknown) =>
      e instanceof DatabasePrerequisiteError && /legacy \(uid 1\)/.test(e.message) && !/cache/.test(e.message) && /redis_version":"6\.2"/.test(e.message) && /redis_upgrade_policy latest/.test(e.message);
    await assert.rejects(redisClusterVersion.create(inputs, makeCtx({ preview: true })), refused);
    await assert.rejects(up(inputs), refused);
    assert.equal(installOrder(sim).length, 0, "nothing ran");
    // the fix named in the message, then the same up succeeds
    const fixed = await rest(sim, "POST", "/v1/bdbs/1/upgrade", { body: { redis_version: "6.2" } });
    assert.equal(fixed.status, 200);
    await waitFor(() => sim!.state.database(1)?.redis_version === "6.2");
    const out = await up(inputs);
    assert.equal(out.version, "7.22.0-95");
  });

  it("upgrades every database after the last node, one at a time, following each action", async () => {
    sim = await startSim({ nodes: { count: 3, version: "7.4.2-54" }, databases: [{ name: "a", redis_version: "6.2" }, { name: "b", redis_version: "7.2" }, { name: "c", redis_version: "7.2" }] });
    const out = await up(await checked(rawInputs(sim, "7.22.0-95", { databases: { upgrade: "after", redisVersion: "major" } })));
    assert.equal(out.outcome, "complete");
    // "major": the newest bundled version of each database's own major [inferred]
    assert.deepEqual(out.databaseVersions.map((d) => d.redisVersion), ["6.2", "7.4", "7.4"]);
    const h = sim.state.history;
    const lastInstall = Math.max(...h.map((e, i) => (e.kind === "install_completed" ? i : -1)));
    const dbEvents = h.map((e, i) => ({ e, i })).filter((x) => x.e.kind.startsWith("bdb_upgrade"));
    assert.deepEqual(dbEvents.map((x) => `${x.e.kind}:${x.e.bdb}`), ["bdb_upgrade_started:2", "bdb_upgrade_completed:2", "bdb_upgrade_started:3", "bdb_upgrade_completed:3"]);
    assert.ok(dbEvents.every((x) => x.i > lastInstall), "databases only after every node");
  });

  it("pauses at each manual approval and resumes across runs without repeating a node", async () => {
    sim = await startSim({ nodes: { count: 3, version: "6.2.18-70" }, databases: [{ name: "cache", redis_version: "6.2" }] });
    const none = await checked(rawInputs(sim, "7.22.0-95", { rollout: { strategy: "manual" }, databases: { upgrade: "after" } }));
    const first = await up(none);
    assert.equal(first.outcome, "paused");
    assert.match(first.message ?? "", /approvedThrough: "7\.8\.6-303\/nodes"/);
    assert.equal(installOrder(sim).length, 0);

    const hop1 = await checked(rawInputs(sim, "7.22.0-95", { rollout: { strategy: "manual", approvedThrough: "7.8.6-303/nodes" }, databases: { upgrade: "after" } }));
    const second = await up(hop1, first);
    assert.equal(second.outcome, "paused");
    assert.equal(second.version, "7.8.6-303");
    assert.match(second.message ?? "", /7\.22\.0-95\/nodes/);
    const diff = await redisClusterVersion.diff("cluster.sim.local", second, hop1, makeCtx());
    assert.equal(diff.changes, true);
    assert.ok(diff.detailedDiff.version);

    const all = await checked(rawInputs(sim, "7.22.0-95", { rollout: { strategy: "manual", approvedThrough: "*" }, databases: { upgrade: "after" } }));
    const third = await up(all, second);
    assert.equal(third.outcome, "complete");
    assert.equal(third.version, "7.22.0-95");
    assert.equal(third.databaseVersions[0].redisVersion, "7.4");
    assert.equal(installOrder(sim).length, 6, "each node once per hop");
    const settled = await redisClusterVersion.diff("cluster.sim.local", third, all, makeCtx());
    assert.equal(settled.changes, false, JSON.stringify(settled.detailedDiff));
  });

  it("canary: the master goes first and alone, after its go-ahead; then the rest runs unattended", async () => {
    sim = await startSim({ nodes: { count: 3, version: "7.4.2-54", master: 3 } });
    const held = await up(await checked(rawInputs(sim, "7.22.0-95", { rollout: { strategy: "canary", canarySteps: 1 } })));
    assert.equal(held.outcome, "paused");
    assert.match(held.message ?? "", /canaryApproved: 1/);
    assert.equal(installOrder(sim).length, 0);
    const out = await up(await checked(rawInputs(sim, "7.22.0-95", { rollout: { strategy: "canary", canarySteps: 1, canaryApproved: 1 } })), held);
    assert.equal(out.outcome, "complete");
    assert.equal(installOrder(sim)[0].node, 3, "the canary is the master");
  });

  it("preview with inputs not known yet predicts unknown outputs and calls nothing", async () => {
    sim = await startSim({ nodes: { count: 1, version: "7.4.2-54" } });
    const raw = { ...rawInputs(sim, "7.22.0-95"), version: UNKNOWN };
    const r = await redisClusterVersion.check(undefined, raw, makeCtx());
    assert.deepEqual(r.failures, []);
    const n = sim.api.log.length;
    const { outputs } = await redisClusterVersion.create(r.inputs!, makeCtx({ preview: true }));
    assert.equal(outputs.version, UNKNOWN);
    assert.equal(outputs.outcome, "planned");
    assert.equal(sim.api.log.length, n);
    const d = await redisClusterVersion.diff("x", { version: "7.4.2-54", targetVersion: "7.4.2-54" } as Outputs, r.inputs!, makeCtx());
    assert.equal(d.changes, true);
  });

  it("refresh reports per-node versions; a mixed cluster is drift with a warning, and up finishes it", async () => {
    sim = await startSim({ nodes: { versions: ["7.22.0-95", "7.4.2-54", "7.4.2-54"], master: 1 } });
    const inputs = await checked(rawInputs(sim, "7.22.0-95"));
    const ctx = makeCtx();
    const got = await redisClusterVersion.read("cluster.sim.local", undefined, inputs, ctx);
    assert.ok(got);
    assert.equal(got.outputs.version, "7.4.2-54");
    assert.equal(got.outputs.mixedVersions, true);
    assert.deepEqual(got.outputs.nodes.map((n) => [n.uid, n.version, n.role]), [[1, "7.22.0-95", "master"], [2, "7.4.2-54", "slave"], [3, "7.4.2-54", "slave"]]);
    assert.ok(ctx.log.warn.some((w) => /mixed versions must not be left in place/.test(w)));
    const d = await redisClusterVersion.diff("cluster.sim.local", got.outputs, inputs, makeCtx());
    assert.equal(d.changes, true);
    assert.deepEqual(d.detailedDiff.version, { kind: "update", inputDiff: true });
    const out = await up(inputs, got.outputs);
    assert.equal(out.version, "7.22.0-95");
    assert.deepEqual(installOrder(sim).map((o) => o.node), [2, 3], "node 1 was already there");
    const again = await redisClusterVersion.read("cluster.sim.local", out, inputs, makeCtx());
    assert.equal((await redisClusterVersion.diff("cluster.sim.local", again!.outputs, inputs, makeCtx())).changes, false);
  });

  it("a cancelled up leaves the partial record and the next up resumes", async () => {
    sim = await startSim({ nodes: { count: 3, version: "7.4.2-54" } });
    const inputs = await checked(rawInputs(sim, "7.22.0-95"));
    const ac = new AbortController();
    const ctx = makeCtx({ signal: ac.signal, onStatus: (m) => /complete \(1 of 3\)/.test(m) && ac.abort() });
    const e = await up(inputs, undefined, ctx).then(() => undefined, (x: unknown) => x);
    assert.ok(e instanceof PartialFailureError, String(e));
    const partial = (e as PartialFailureError<Outputs>).outputs;
    assert.equal(partial.outcome, "failed");
    assert.equal(partial.mixedVersions, true);
    assert.deepEqual(partial.plan!.phases[0].steps.map((s) => s.status), ["COMPLETE", "PENDING", "PENDING"]);
    const out = await up(inputs, partial);
    assert.equal(out.version, "7.22.0-95");
    assert.deepEqual(installOrder(sim).map((o) => o.node), [1, 2, 3]);
  });

  it("delete forgets: nothing is sent to the cluster", async () => {
    sim = await startSim({ nodes: { count: 1, version: "7.22.0-95" } });
    const n = sim.api.log.length;
    await redisClusterVersion.delete("cluster.sim.local", {} as Outputs, makeCtx());
    assert.equal(sim.api.log.length, n);
    void control;
  });
});

async function waitFor(probe: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error("condition not reached");
    await new Promise((r) => setTimeout(r, 5));
  }
}
