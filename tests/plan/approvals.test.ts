import * as assert from "assert";
import { applyApprovals, approvedPhaseIndex, buildPlan, phaseStatus, UnknownApprovalError } from "../../provider/plan";
import { oneHopPlan, twoHopInput } from "./fixtures";

describe("manual approvals (approvedThrough)", () => {
  it("interrupts every phase and asks for the first one when nothing is approved", () => {
    const plan = oneHopPlan({ name: "manual" });
    assert.deepStrictEqual(plan.phases.map((p) => p.interrupted), [true, true]);
    assert.deepStrictEqual(plan.phases.map(phaseStatus), ["WAITING", "WAITING"]);
    assert.strictEqual(plan.next, 'approvedThrough: "data"');
  });

  it("lets phases through the approved one run and asks for the next", () => {
    const plan = oneHopPlan({ name: "manual" }, { approvedThrough: "data" });
    assert.deepStrictEqual(plan.phases.map((p) => p.interrupted ?? false), [false, true]);
    assert.strictEqual(plan.next, 'approvedThrough: "master"');
    assert.deepStrictEqual(plan.approvals, { approvedThrough: "data" });
  });

  it("uses <to>/<phase> keys in multi-hop plans and accepts the bare name for the first hop", () => {
    const plan = buildPlan(twoHopInput({ name: "manual" }));
    assert.strictEqual(plan.next, 'approvedThrough: "8.19.4/hot"');
    assert.strictEqual(approvedPhaseIndex(plan, "master"), 1);
    assert.strictEqual(approvedPhaseIndex(plan, "9.1.2/hot"), 2);
    assert.strictEqual(approvedPhaseIndex(plan, "8.19.4->9.1.2/master"), 3);
    assert.strictEqual(approvedPhaseIndex(plan, "*"), 3);
    assert.strictEqual(applyApprovals(plan, { approvedThrough: "9.1.2/hot" }).next, 'approvedThrough: "9.1.2/master"');
  });

  it("approves everything with * and then has nothing to ask", () => {
    const plan = buildPlan(twoHopInput({ name: "manual" }, { approvedThrough: "*" }));
    assert.ok(plan.phases.every((p) => !p.interrupted));
    assert.strictEqual(plan.next, undefined);
  });

  it("refuses an approval naming no phase and lists the valid names", () => {
    assert.throws(
      () => buildPlan(twoHopInput({ name: "manual" }, { approvedThrough: "warm" })),
      (e: unknown) => e instanceof UnknownApprovalError && e.message.includes('"8.19.4/hot", "8.19.4/master", "9.1.2/hot", "9.1.2/master"'),
    );
  });

  it("ignores approvedThrough under strategies other than manual", () => {
    const plan = oneHopPlan({ name: "serial" }, { approvedThrough: "nonsense" });
    assert.ok(plan.phases.every((p) => !p.interrupted));
    assert.strictEqual(plan.next, undefined);
  });
});

describe("canary approvals (canaryApproved)", () => {
  it("interrupts the first canarySteps steps beyond the released count", () => {
    const plan = oneHopPlan({ name: "canary", canarySteps: 2 }, { canaryApproved: 1 });
    const flags = plan.phases.flatMap((p) => p.steps.map((s) => `${s.name}:${s.interrupted ?? false}`));
    assert.deepStrictEqual(flags, ["d-0:false", "d-1:true", "d-2:false", "m-0:false", "m-1:false"]);
    assert.strictEqual(plan.next, "canaryApproved: 2");
  });

  it("asks for nothing once every canary step is released", () => {
    assert.strictEqual(oneHopPlan({ name: "canary", canarySteps: 2 }, { canaryApproved: 2 }).next, undefined);
  });

  it("skips canary steps already complete when saying what to approve next", () => {
    const plan = oneHopPlan({ name: "canary", canarySteps: 3 });
    plan.phases[0].steps[0].status = "COMPLETE";
    assert.strictEqual(applyApprovals(plan, {}).next, "canaryApproved: 2");
  });
});
