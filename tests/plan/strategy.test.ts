import * as assert from "assert";
import { Plan, selectCandidates, Selection } from "../../provider/plan";
import { oneHopPlan, setStatus } from "./fixtures";

function names(sel: Selection): string {
  if (sel.state !== "run") return sel.state;
  return `${sel.phase.name}:[${sel.candidates.map((s) => s.name).join(",")}]/${sel.budget}`;
}

describe("selectCandidates", () => {
  it("serial offers only the first pending step of the first incomplete phase", () => {
    const plan = oneHopPlan();
    assert.strictEqual(names(selectCandidates(plan)), "data:[d-0]/1");
    setStatus(plan, "d-0", "COMPLETE");
    assert.strictEqual(names(selectCandidates(plan)), "data:[d-1]/1");
  });

  it("serial offers nothing while a step is active", () => {
    const plan = oneHopPlan();
    setStatus(plan, "d-0", "STARTED");
    assert.strictEqual(names(selectCandidates(plan)), "data:[d-1]/0");
  });

  it("moves to the next phase only when every step of the current one is complete", () => {
    const plan = oneHopPlan({ name: "parallel", maxUnavailable: 5 });
    for (const n of ["d-0", "d-1"]) setStatus(plan, n, "COMPLETE");
    assert.strictEqual(names(selectCandidates(plan)), "data:[d-2]/5");
    setStatus(plan, "d-2", "COMPLETE");
    assert.strictEqual(names(selectCandidates(plan)), "master:[m-0]/1");
  });

  it("parallel offers all pending steps with a budget of maxUnavailable minus active steps", () => {
    const plan = oneHopPlan({ name: "parallel", maxUnavailable: 2 });
    assert.strictEqual(names(selectCandidates(plan)), "data:[d-0,d-1,d-2]/2");
    setStatus(plan, "d-0", "STARTING");
    assert.strictEqual(names(selectCandidates(plan)), "data:[d-1,d-2]/1");
    setStatus(plan, "d-1", "PREPARED");
    assert.strictEqual(names(selectCandidates(plan)), "data:[d-2]/0");
  });

  it("stops on a step in ERROR", () => {
    const plan = oneHopPlan();
    setStatus(plan, "d-0", "ERROR");
    assert.strictEqual(selectCandidates(plan).state, "error");
  });

  it("reports complete when every step is", () => {
    const plan: Plan = oneHopPlan();
    for (const p of plan.phases) for (const s of p.steps) s.status = "COMPLETE";
    assert.strictEqual(selectCandidates(plan).state, "complete");
  });

  it("manual: an unapproved phase asks for approval", () => {
    const plan = oneHopPlan({ name: "manual" }, { approvedThrough: "data" });
    assert.strictEqual(names(selectCandidates(plan)), "data:[d-0]/1");
    for (const n of ["d-0", "d-1", "d-2"]) setStatus(plan, n, "COMPLETE");
    assert.strictEqual(selectCandidates(plan).state, "approval");
  });

  it("canary: each canary step one at a time after its go-ahead, the rest waits for all canaries", () => {
    const plan = oneHopPlan({ name: "canary", canarySteps: 2, maxUnavailable: 3 }, { canaryApproved: 1 });
    assert.strictEqual(names(selectCandidates(plan)), "data:[d-0]/1");
    setStatus(plan, "d-0", "COMPLETE");
    assert.strictEqual(selectCandidates(plan).state, "approval");
    plan.phases[0].steps[1].interrupted = false;
    assert.strictEqual(names(selectCandidates(plan)), "data:[d-1]/1");
    setStatus(plan, "d-1", "STARTING");
    assert.strictEqual(names(selectCandidates(plan)), "data:[]/0");
    setStatus(plan, "d-1", "COMPLETE");
    assert.strictEqual(names(selectCandidates(plan)), "data:[d-2]/3");
  });

  it("applies a live re-ordering of pending steps (e.g. Redis master first)", () => {
    const plan = oneHopPlan();
    const sel = selectCandidates(plan, (pending) => [...pending].reverse());
    assert.strictEqual(names(sel), "data:[d-2]/1");
  });
});
