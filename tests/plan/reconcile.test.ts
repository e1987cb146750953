import * as assert from "assert";
import { buildPlan, reconcilePlan, renderPlan, stepRefs } from "../../provider/plan";
import { oneHopPlan, twoHopInput } from "./fixtures";

describe("reconcilePlan", () => {
  it("re-derives completion from the live system and forgets stored statuses and errors", () => {
    const stored = oneHopPlan();
    stored.phases[0].steps[0].status = "COMPLETE"; // stored COMPLETE, but the node is not on 2.0.0 any more
    stored.phases[0].steps[1].status = "ERROR";
    stored.phases[0].steps[1].error = "boom";
    stored.errors.push("rollout cancelled");
    stored.stoppedAt = stored.phases[0].steps[1].id;
    const live: Record<string, string> = { "d-0": "1.0.0", "d-1": "2.0.0", "d-2": "1.0.0", "m-0": "2.0.0", "m-1": "1.0.0" };
    const plan = reconcilePlan(stored, (s) => live[s.target] === s.hop.to);
    assert.deepStrictEqual(plan.phases.flatMap((p) => p.steps.map((s) => `${s.target}:${s.status}`)), ["d-0:PENDING", "d-1:COMPLETE", "d-2:PENDING", "m-0:COMPLETE", "m-1:PENDING"]);
    assert.deepStrictEqual(plan.errors, []);
    assert.strictEqual(plan.stoppedAt, undefined);
    assert.ok(!plan.phases[0].steps[1].error);
    assert.strictEqual(stored.phases[0].steps[1].status, "ERROR", "the input plan is not modified");
  });

  it("keeps the plan's approvals unless new ones are given", () => {
    const plan = buildPlan(twoHopInput({ name: "manual" }, { approvedThrough: "8.19.4/hot" }));
    assert.strictEqual(reconcilePlan(plan, () => false).next, 'approvedThrough: "8.19.4/master"');
    const moved = reconcilePlan(plan, () => false, { approvedThrough: "9.1.2/hot" });
    assert.strictEqual(moved.next, 'approvedThrough: "9.1.2/master"');
    assert.match(renderPlan(moved), /^upgrade es 8\.17\.3 → 9\.1\.2 \(serial-manual strategy\) \(PENDING\)/);
  });
});

describe("stepRefs", () => {
  it("gives every step its phase, hop, tags and plan-wide index", () => {
    const refs = stepRefs(buildPlan(twoHopInput()));
    assert.strictEqual(refs.length, 6);
    assert.deepStrictEqual(refs[5], { id: "8.19.4->9.1.2/master/es-0", name: "es-0", target: "es-0", tags: ["master"], phase: "master", hop: { from: "8.19.4", to: "9.1.2" }, index: 5 });
    assert.ok(Object.isFrozen(refs[5]));
  });
});
