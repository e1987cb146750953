import * as assert from "assert";
import {
  executeRollout,
  GateEvaluationError,
  GateTimeoutError,
  isRolloutStopped,
  ObservationError,
  RolloutStoppedError,
  StepFailedError,
  VirtualClock,
  WaitTerminalError,
  WaitTimeoutError,
} from "../../provider/rollout";
import { renderPlan } from "../../provider/plan";
import { FakeCluster, node, onlyRestartWhenGreenOrYellow } from "./fake-system";

async function stopped<T extends RolloutStoppedError>(p: Promise<unknown>, cls: new (...a: never[]) => T): Promise<T> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof cls, `expected ${cls.name}, got ${String(e)}`);
    assert.ok(isRolloutStopped(e));
    return e;
  }
  assert.fail(`expected ${cls.name}`);
}

const IDS = ["d-0", "d-1", "d-2", "m-0", "m-1"];
function cluster(): FakeCluster {
  return new FakeCluster(node("d-0").data(), node("d-1").data(), node("d-2").data(), node("m-0").master(), node("m-1").master());
}

describe("executeRollout: failure, checkpoint and resume", () => {
  IDS.forEach((failing, i) => {
    it(`resumes after a failure at step ${i} (${failing}) without touching finished nodes again`, async () => {
      const c = cluster();
      c.get(failing).actFailures = 1;
      const clock = new VirtualClock();
      const plan = c.plan(["8.17.3", "8.19.4"]);
      const e = await stopped(executeRollout(c.spec(plan), { clock }), StepFailedError);
      const statuses = e.checkpoint.plan.phases.flatMap((p) => p.steps.map((s) => `${s.target}:${s.status}`));
      assert.deepStrictEqual(statuses, IDS.map((id, j) => `${id}:${j < i ? "COMPLETE" : j === i ? "ERROR" : "PENDING"}`));
      assert.strictEqual(e.checkpoint.stoppedAt, `8.17.3->8.19.4/${i < 3 ? "data" : "master"}/${failing}`);
      assert.strictEqual(e.checkpoint.error, `upgrade command failed on ${failing}`);
      assert.ok(c.log.includes(`cleanup ${failing} failed`), "cleanup ran for the failed step");
      assert.strictEqual(c.allocationEnabled, true);
      assert.deepStrictEqual(c.restarts, IDS.slice(0, i));

      const restartsBefore = c.restarts.length;
      const r = await executeRollout(c.spec(e.checkpoint.plan), { clock });
      assert.strictEqual(r.outcome, "complete");
      assert.deepStrictEqual(c.restarts.slice(restartsBefore), IDS.slice(i), "the second run starts at the failed node");
      assert.strictEqual(r.plan.errors.length, 0);
    });
  });

  it("lets other in-flight steps finish before handing back the checkpoint", async () => {
    const c = new FakeCluster(node("d-0").data().rejoinsAfterPolls(3), node("d-1").data().failsAct());
    const e = await stopped(executeRollout(c.spec(c.plan(["8.17.3", "8.19.4"], { name: "parallel", maxUnavailable: 2 })), { clock: new VirtualClock() }), StepFailedError);
    assert.deepStrictEqual(e.checkpoint.plan.phases[0].steps.map((s) => s.status), ["COMPLETE", "ERROR"]);
    assert.deepStrictEqual(c.log.filter((l) => l.startsWith("cleanup")).sort(), ["cleanup d-0 complete", "cleanup d-1 failed"]);
  });

  it("fails fast on a terminal state instead of waiting for the deadline", async () => {
    const c = new FakeCluster(node("d-0").data().endsIn("install_failed"));
    const e = await stopped(executeRollout(c.spec(c.plan(["8.17.3", "8.19.4"])), { clock: new VirtualClock() }), StepFailedError);
    assert.ok(e.cause instanceof WaitTerminalError);
    assert.strictEqual(c.get("d-0").polls, 1);
    assert.match(e.checkpoint.plan.phases[0].steps[0].error ?? "", /install_failed/);
  });

  it("fails the step when its post-condition deadline expires", async () => {
    const c = new FakeCluster(node("d-0").data().neverRejoins(), node("d-1").data());
    const clock = new VirtualClock();
    const e = await stopped(executeRollout(c.spec(c.plan(["8.17.3", "8.19.4"])), { clock }), StepFailedError);
    assert.ok(e.cause instanceof WaitTimeoutError);
    assert.match(e.message, /timed out after 60000 ms waiting for d-0 rejoined on 8.19.4 \(last seen: d-0 not in the cluster yet\)/);
    assert.ok(c.log.includes("cleanup d-0 failed"));
    assert.deepStrictEqual(c.restarts, ["d-0"], "nothing after the failed node is touched");
  });

  it("gives up on a gate that stays closed past gateTimeoutMs, with the gate named", async () => {
    const c = new FakeCluster(node("d-0").data());
    c.health = "red";
    const e = await stopped(
      executeRollout(c.spec(c.plan(["8.17.3", "8.19.4"]), { gates: [onlyRestartWhenGreenOrYellow] }), { clock: new VirtualClock(), gateTimeoutMs: 5_000 }),
      GateTimeoutError,
    );
    assert.strictEqual(e.gate, "only_restart_when_green_or_yellow");
    assert.strictEqual(e.checkpoint.stoppedAt, "8.17.3->8.19.4/data/d-0");
    assert.strictEqual(e.checkpoint.plan.phases[0].steps[0].status, "PENDING");
    assert.strictEqual(e.checkpoint.plan.phases[0].steps[0].message, "waiting on gate only_restart_when_green_or_yellow: cluster health is red");
    assert.deepStrictEqual(c.restarts, []);
  });

  it("stops when a gate cannot be evaluated, which is not the same as 'not now'", async () => {
    const c = new FakeCluster(node("d-0").data());
    const broken = { name: "allocation_restored", why: "x", check: () => { throw new Error("GET _cluster/settings: 503"); } };
    const e = await stopped(executeRollout(c.spec(c.plan(["8.17.3", "8.19.4"]), { gates: [broken] }), { clock: new VirtualClock() }), GateEvaluationError);
    assert.strictEqual(e.gate, "allocation_restored");
    assert.deepStrictEqual(e.checkpoint.plan.errors, ["gate allocation_restored could not be evaluated for d-0: GET _cluster/settings: 503"]);
    assert.deepStrictEqual(c.restarts, []);
  });

  it("stops with an ObservationError when the live system cannot be read", async () => {
    const c = new FakeCluster(node("d-0").data());
    const spec = c.spec(c.plan(["8.17.3", "8.19.4"]), { observe: async () => { throw new Error("connect ECONNREFUSED 127.0.0.1:9200"); } });
    const e = await stopped(executeRollout(spec, { clock: new VirtualClock() }), ObservationError);
    assert.match(e.message, /ECONNREFUSED/);
  });

  it("fails the step when cleanup fails after a successful upgrade", async () => {
    const c = new FakeCluster(node("d-0").data());
    const spec = c.spec(c.plan(["8.17.3", "8.19.4"]));
    const steps = { ...spec.steps, cleanup: async () => { throw new Error("could not re-enable allocation"); } };
    const e = await stopped(executeRollout({ ...spec, steps }, { clock: new VirtualClock() }), StepFailedError);
    assert.strictEqual(e.checkpoint.error, "could not re-enable allocation");
    // the node is on the target now, so the next run finds it complete and does not restart it
    const r = await executeRollout(c.spec(e.checkpoint.plan), { clock: new VirtualClock() });
    assert.strictEqual(r.stepsRun, 0);
    assert.deepStrictEqual(c.restarts, ["d-0"]);
  });

  it("resumes a multi-hop rollout that failed in the second hop without repeating the first", async () => {
    const c = new FakeCluster(node("m-0").master(), node("d-0").data(), node("d-1").data());
    const clock = new VirtualClock();
    const plan = c.plan(["8.17.3", "8.19.4", "9.1.2"]);
    let crashed = false;
    c.onPoll = (_c, n) => {
      if (!crashed && n.id === "d-1" && n.pendingVersion === "9.1.2") {
        crashed = true;
        n.terminal = "node crashed on start";
      }
    };
    const e = await stopped(executeRollout(c.spec(plan), { clock }), StepFailedError);
    assert.deepStrictEqual(e.checkpoint.plan.phases.map((p) => p.steps.map((s) => s.status).join(",")), ["COMPLETE,COMPLETE", "COMPLETE", "COMPLETE,ERROR", "PENDING"]);
    assert.match(renderPlan(e.checkpoint.plan), /errors:\n- d-1: gave up waiting for d-1 rejoined on 9\.1\.2: node crashed on start/);
    // the operator fixes d-1: it is back, still on 8.19.4
    delete c.get("d-1").terminal;
    c.get("d-1").up = true;
    const before = c.restarts.length;
    const r = await executeRollout(c.spec(e.checkpoint.plan), { clock });
    assert.strictEqual(r.outcome, "complete");
    assert.deepStrictEqual(c.log.filter((l) => l.startsWith("restart")).slice(before), ["restart d-1 -> 9.1.2", "restart m-0 -> 9.1.2"]);
  });
});
