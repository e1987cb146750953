import * as assert from "assert";
import { renderPlan } from "../../provider/plan";
import { UnknownApprovalError } from "../../provider/plan";
import { executeRollout, RolloutResult, VirtualClock } from "../../provider/rollout";
import { FakeCluster, node } from "./fake-system";

function paused(r: RolloutResult): string {
  assert.strictEqual(r.outcome, "paused");
  return r.outcome === "paused" ? r.next : "";
}

describe("executeRollout: approvals across runs", () => {
  it("canary: each of the first N steps needs its own go-ahead, then the rest runs unattended", async () => {
    const c = new FakeCluster(node("m-0").master(), node("d-0").data(), node("d-1").data(), node("d-2").data());
    const clock = new VirtualClock();
    const plan = c.plan(["8.17.3", "8.19.4"], { name: "canary", canarySteps: 2 });

    const r1 = await executeRollout(c.spec(plan), { clock });
    assert.strictEqual(paused(r1), "canaryApproved: 1");
    assert.deepStrictEqual(c.restarts, []);

    const r2 = await executeRollout(c.spec(r1.plan, { approvals: { canaryApproved: 1 } }), { clock });
    assert.strictEqual(paused(r2), "canaryApproved: 2");
    assert.deepStrictEqual(c.restarts, ["d-0"]);
    assert.match(renderPlan(r2.plan), /d-1 \(WAITING\)/);

    const r3 = await executeRollout(c.spec(r2.plan, { approvals: { canaryApproved: 2 } }), { clock });
    assert.strictEqual(r3.outcome, "complete");
    assert.deepStrictEqual(c.restarts, ["d-0", "d-1", "d-2", "m-0"]);
    assert.strictEqual(r3.plan.next, undefined);
  });

  it("manual: each run advances through the approved phase and reports the next one", async () => {
    const c = new FakeCluster(node("m-0").master(), node("d-0").data(), node("d-1").data());
    const clock = new VirtualClock();
    const plan = c.plan(["8.17.3", "8.19.4", "9.1.2"], { name: "manual" });
    const events: string[] = [];
    const onProgress = (e: { kind: string; message: string }) => e.kind === "paused" && events.push(e.message);

    const r1 = await executeRollout(c.spec(plan), { clock, onProgress });
    assert.strictEqual(paused(r1), 'approvedThrough: "8.19.4/data"');
    assert.deepStrictEqual(c.restarts, []);

    const r2 = await executeRollout(c.spec(r1.plan, { approvals: { approvedThrough: "8.19.4/data" } }), { clock, onProgress });
    assert.strictEqual(paused(r2), 'approvedThrough: "8.19.4/master"');
    assert.deepStrictEqual(c.restarts, ["d-0", "d-1"]);
    assert.deepStrictEqual(r2.plan.approvals, { approvedThrough: "8.19.4/data" });

    // approving the same phase again does not move anything
    const r2b = await executeRollout(c.spec(r2.plan, { approvals: { approvedThrough: "8.19.4/data" } }), { clock });
    assert.strictEqual(paused(r2b), 'approvedThrough: "8.19.4/master"');
    assert.strictEqual(r2b.stepsRun, 0);

    const r3 = await executeRollout(c.spec(r2.plan, { approvals: { approvedThrough: "9.1.2/data" } }), { clock, onProgress });
    assert.strictEqual(paused(r3), 'approvedThrough: "9.1.2/master"');
    assert.deepStrictEqual(c.restarts, ["d-0", "d-1", "m-0", "d-0", "d-1"]);

    const r4 = await executeRollout(c.spec(r3.plan, { approvals: { approvedThrough: "*" } }), { clock });
    assert.strictEqual(r4.outcome, "complete");
    assert.deepStrictEqual(c.restarts, ["d-0", "d-1", "m-0", "d-0", "d-1", "m-0"]);
    assert.deepStrictEqual(events, [
      'paused before data: set approvedThrough: "8.19.4/data" to continue',
      'paused before master: set approvedThrough: "8.19.4/master" to continue',
      'paused before master: set approvedThrough: "9.1.2/master" to continue',
    ]);
  });

  it("manual: a phase already done in the live system needs no approval to be reported complete", async () => {
    const c = new FakeCluster(node("m-0").master(), node("d-0").data().onVersion("8.19.4"));
    const r = await executeRollout(c.spec(c.plan(["8.17.3", "8.19.4"], { name: "manual" })), { clock: new VirtualClock() });
    assert.strictEqual(paused(r), 'approvedThrough: "master"');
    assert.deepStrictEqual(r.plan.phases.map((p) => p.steps[0].status), ["COMPLETE", "PENDING"]);
    assert.deepStrictEqual(c.restarts, []);
  });

  it("rejects an approval that names no phase before touching anything", async () => {
    const c = new FakeCluster(node("m-0").master(), node("d-0").data());
    const spec = c.spec(c.plan(["8.17.3", "8.19.4"], { name: "manual" }), { approvals: { approvedThrough: "dat" } });
    await assert.rejects(executeRollout(spec, { clock: new VirtualClock() }), (e: unknown) => e instanceof UnknownApprovalError && /use one of: "data", "master"/.test(e.message));
    assert.strictEqual(c.observations, 0);
  });
});
