// Every simulator fault ends in a safe stop (PartialFailureError with the plan statuses and versions reached) and,
// once the fault clears, the next up resumes from the live state without repeating a completed node.
import assert from "node:assert/strict";
import { PartialFailureError } from "../../provider/resources/core/types";
import type { Inputs, Outputs } from "../../provider/resources/redis";
import type { RedisSim, RedisSimConfigInput } from "../sim/redis";
import { control } from "../sim/redis/helpers";
import { checked, installOrder, makeCtx, rawInputs, startSim, up } from "./helpers";

const THREE: RedisSimConfigInput = { nodes: { count: 3, version: "7.4.2-54", master: 1 } };
const TARGET = "7.22.0-95";

/** Runs an up that must stop; returns the partial outputs. */
async function mustStop(inputs: Inputs, olds?: Outputs, onStatus?: (m: string) => void): Promise<{ partial: Outputs; error: PartialFailureError<Outputs> }> {
  const e = await up(inputs, olds, makeCtx({ onStatus })).then(() => undefined, (x: unknown) => x);
  assert.ok(e instanceof PartialFailureError, `expected a safe stop, got ${e instanceof Error ? e.stack : String(e)}`);
  const error = e as PartialFailureError<Outputs>;
  assert.equal(error.outputs.outcome, "failed");
  assert.ok(error.outputs.plan, "the partial record carries the plan");
  assert.equal(error.outputs.targetVersion, TARGET);
  assert.ok(!JSON.stringify(error.outputs).includes("sim-password") && !error.message.includes("sim-password"), "no credential in the record");
  return { partial: error.outputs, error };
}

function statuses(o: Outputs): string[] {
  return o.plan!.phases.flatMap((p) => p.steps.map((s) => `${s.target}:${s.status}`));
}

/** Installs started per node for the target (the failed node may be re-run; completed nodes never are). */
function installsOf(sim: RedisSim, node: number): number {
  return installOrder(sim).filter((o) => o.node === node && o.to === TARGET).length;
}

describe("RedisClusterVersion faults: safe stop, then resume", function () {
  let sim: RedisSim | undefined;
  afterEach(async () => {
    await sim?.stop();
    sim = undefined;
  });

  it("node check fails after its upgrade: stops on that node; after repair the rest goes on, the node is not re-run", async () => {
    sim = await startSim({ ...THREE, faults: [{ kind: "node_check_fails_after_upgrade", node: 2 }] });
    const inputs = await checked(rawInputs(sim, TARGET, { rollout: { nodeTimeoutSeconds: 0.5 } }));
    const { partial, error } = await mustStop(inputs);
    assert.match(error.message, /node 2 check fails/);
    assert.deepEqual(statuses(partial), ["1:COMPLETE", "2:ERROR", "3:PENDING"]);
    assert.deepEqual(partial.nodes.map((n) => n.version), [TARGET, TARGET, "7.4.2-54"], "versions reached");
    assert.equal((await control(sim, "POST", "/_sim/nodes/2/repair")).status, 200);
    const out = await up(inputs, partial);
    assert.equal(out.version, TARGET);
    assert.deepEqual([installsOf(sim, 1), installsOf(sim, 2), installsOf(sim, 3)], [1, 1, 1]);
  });

  it("node never returns: stops after the node timeout; the next up re-runs that node's command and finishes", async () => {
    sim = await startSim({ ...THREE, faults: [{ kind: "node_never_returns", node: 2 }] });
    const inputs = await checked(rawInputs(sim, TARGET, { rollout: { nodeTimeoutSeconds: 0.5 } }));
    const { partial, error } = await mustStop(inputs);
    assert.match(error.message, /node 2 is down/);
    assert.equal(partial.nodes.find((n) => n.uid === 2)?.status, "down");
    const out = await up(inputs, partial);
    assert.equal(out.version, TARGET);
    assert.equal(out.nodes.every((n) => n.status === "active"), true);
    assert.deepEqual([installsOf(sim, 1), installsOf(sim, 2), installsOf(sim, 3)], [1, 2, 1]);
  });

  it("master moves unexpectedly just before a node runs: nothing runs on it; the next up starts on the new master", async () => {
    sim = await startSim(THREE);
    const inputs = await checked(rawInputs(sim, TARGET));
    let moved = false;
    const { partial, error } = await mustStop(inputs, undefined, (m) => {
      // the moment node 2 is claimed (before its pre-action re-check), a failover hands the role to node 3
      if (!moved && /^node 2 .*PREPARED/.test(m)) {
        moved = true;
        sim!.state.moveMaster(3, "test failover");
      }
    });
    assert.match(error.message, /master role moved to node 3/);
    assert.deepEqual(installOrder(sim).map((o) => o.node), [1], "nothing ran on node 2");
    assert.deepEqual(statuses(partial), ["1:COMPLETE", "2:ERROR", "3:PENDING"]);
    const out = await up(inputs, partial);
    assert.equal(out.version, TARGET);
    assert.deepEqual(installOrder(sim).map((o) => o.node), [1, 3, 2]);
  });

  it("a database moves to a Redis version the hop does not bundle mid-run: the gate holds, then resumes once fixed", async () => {
    sim = await startSim({ ...THREE, databases: [{ name: "cache", redis_version: "7.2" }] });
    const inputs = await checked(rawInputs(sim, TARGET, { rollout: { nodeTimeoutSeconds: 0.3 } }));
    let done = false;
    const { partial, error } = await mustStop(inputs, undefined, (m) => {
      if (!done && /complete \(1 of 3\)/.test(m)) {
        done = true;
        sim!.state.patchDatabase(1, { redis_version: "6.0" });
      }
    });
    assert.match(error.message, /databases_on_bundled_versions/);
    assert.match(error.message, /cache \(uid 1\) runs Redis 6\.0/);
    assert.deepEqual(statuses(partial), ["1:COMPLETE", "2:PENDING", "3:PENDING"]);
    sim.state.patchDatabase(1, { redis_version: "7.2" });
    const out = await up(inputs, partial);
    assert.equal(out.version, TARGET);
    assert.deepEqual([installsOf(sim, 1), installsOf(sim, 2), installsOf(sim, 3)], [1, 1, 1]);
  });

  it("a 401 burst stops the run (credentials are not retried); the next up resumes", async () => {
    sim = await startSim(THREE);
    const inputs = await checked(rawInputs(sim, TARGET));
    let armed = false;
    const { partial, error } = await mustStop(inputs, undefined, (m) => {
      if (!armed && /complete \(1 of 3\)/.test(m)) {
        armed = true;
        sim!.httpFaults.add({ status: 401, times: 2 });
      }
    });
    assert.match(error.message, /401/);
    assert.equal(partial.nodes.filter((n) => n.version === TARGET).length >= 1, true);
    const out = await up(inputs, partial);
    assert.equal(out.version, TARGET);
    assert.deepEqual([installsOf(sim, 1), installsOf(sim, 2), installsOf(sim, 3)], [1, 1, 1]);
  });

  it("5xx: a short burst is retried without stopping; a long one stops and the next up resumes", async () => {
    sim = await startSim(THREE);
    const inputs = await checked(rawInputs(sim, TARGET));
    let armed = 0;
    const { partial, error } = await mustStop(inputs, undefined, (m) => {
      if (armed === 0 && /complete \(1 of 3\)/.test(m)) {
        armed = 1;
        sim!.httpFaults.add({ path: "^/v1/nodes$", status: 503, times: 2 }); // absorbed by retries
      }
      if (armed === 1 && /complete \(2 of 3\)/.test(m)) {
        armed = 2;
        sim!.httpFaults.add({ status: 503, times: 200 }); // outlasts every retry
      }
    });
    assert.match(error.message, /503/);
    assert.deepEqual(statuses(partial), ["1:COMPLETE", "2:COMPLETE", "3:PENDING"], "the short burst did not stop node 2");
    sim.httpFaults.clear();
    const out = await up(inputs, partial);
    assert.equal(out.version, TARGET);
    assert.deepEqual([installsOf(sim, 1), installsOf(sim, 2), installsOf(sim, 3)], [1, 1, 1]);
  });

  it("slow responses slow the run down but do not fail it", async () => {
    sim = await startSim({ ...THREE, httpFaults: [{ delayMs: 150, times: 15 }] });
    const out = await up(await checked(rawInputs(sim, TARGET)));
    assert.equal(out.version, TARGET);
    assert.equal(sim.httpFaults.list().length, 0, "every slow answer was consumed by the run");
  });

  it("the node command exits non-zero after stopping the node: stops; the next up re-runs it on that node", async () => {
    sim = await startSim({ ...THREE, faults: [{ kind: "install_fails", node: 2, phase: "after_stop" }] });
    const inputs = await checked(rawInputs(sim, TARGET));
    const { partial, error } = await mustStop(inputs);
    assert.match(error.message, /exited with code 1/);
    assert.deepEqual(statuses(partial), ["1:COMPLETE", "2:ERROR", "3:PENDING"]);
    assert.equal(partial.nodes.find((n) => n.uid === 2)?.status, "down", "left down on the old version");
    const out = await up(inputs, partial);
    assert.equal(out.version, TARGET);
    assert.deepEqual([installsOf(sim, 1), installsOf(sim, 2), installsOf(sim, 3)], [1, 2, 1]);
  });

  it("the node command hangs: killed at its timeout, stops; once the installer is released the next up finishes", async () => {
    sim = await startSim({ ...THREE, faults: [{ kind: "install_hangs", node: 2 }] });
    const raw = rawInputs(sim, TARGET);
    const inputs = await checked({ ...raw, nodeUpgrade: { ...raw.nodeUpgrade, timeoutSeconds: 3 } });
    const { partial, error } = await mustStop(inputs);
    assert.match(error.message, /hung/);
    assert.deepEqual(statuses(partial), ["1:COMPLETE", "2:ERROR", "3:PENDING"]);
    assert.equal((await control(sim, "DELETE", "/_sim/faults")).status < 300, true);
    // 3 s provokes the hang while leaving room for a healthy node command (a node process starting) on a loaded
    // machine; the resumed up runs with the default node timeout
    const out = await up(await checked(raw), partial);
    assert.equal(out.version, TARGET);
    assert.deepEqual([installsOf(sim, 1), installsOf(sim, 3)], [1, 1]);
  });

  it("a failing database action stops in the databases phase; the next up upgrades only what is left", async () => {
    sim = await startSim({ ...THREE, databases: [{ name: "a", redis_version: "7.2" }, { name: "b", redis_version: "7.2" }], faults: [{ kind: "bdb_upgrade_fails", bdb: 2, error: "configure_shards failed: shard did not restart" }] });
    const inputs = await checked(rawInputs(sim, TARGET, { databases: { upgrade: "after" } }));
    const { partial, error } = await mustStop(inputs);
    assert.match(error.message, /ended failed/);
    assert.deepEqual(partial.databaseVersions.map((d) => d.redisVersion), ["7.4", "7.2"]);
    assert.deepEqual(partial.databasesAfter.map((d) => d.name), ["b"]);
    const out = await up(inputs, partial);
    assert.deepEqual(out.databaseVersions.map((d) => d.redisVersion), ["7.4", "7.4"]);
    assert.equal(sim.state.history.filter((e) => e.kind === "bdb_upgrade_started" && e.bdb === 1).length, 1);
    assert.equal(installOrder(sim).length, 3);
  });
});
