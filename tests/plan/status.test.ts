import * as assert from "assert";
import { aggregateStatus, stepStatus, Status } from "../../provider/plan";

describe("aggregateStatus (one test per outcome)", () => {
  it("is ERROR when the parent has errors, even if every child is complete", () => {
    assert.strictEqual(aggregateStatus(["COMPLETE", "COMPLETE"], true, false), "ERROR");
  });
  it("is ERROR when any child is in ERROR, ahead of WAITING and IN_PROGRESS", () => {
    assert.strictEqual(aggregateStatus(["COMPLETE", "STARTING", "ERROR", "WAITING"], false, true), "ERROR");
  });
  it("is COMPLETE when every child is complete, even if the parent is interrupted", () => {
    assert.strictEqual(aggregateStatus(["COMPLETE", "COMPLETE"], false, true), "COMPLETE");
    assert.strictEqual(aggregateStatus([], false, false), "COMPLETE");
  });
  it("is WAITING when the parent is interrupted and not complete", () => {
    assert.strictEqual(aggregateStatus(["COMPLETE", "PENDING"], false, true), "WAITING");
  });
  it("is WAITING when the next child to run waits and no child is active", () => {
    assert.strictEqual(aggregateStatus(["COMPLETE", "WAITING", "PENDING"], false, false), "WAITING");
  });
  it("is not WAITING when only a later child waits", () => {
    assert.strictEqual(aggregateStatus(["PENDING", "WAITING"], false, false), "PENDING");
    assert.strictEqual(aggregateStatus(["COMPLETE", "PENDING", "WAITING"], false, false), "IN_PROGRESS");
  });
  it("is IN_PROGRESS when a child is active, even if another child waits", () => {
    for (const active of ["PREPARED", "STARTING", "STARTED", "IN_PROGRESS"] as Status[]) {
      assert.strictEqual(aggregateStatus(["WAITING", active, "PENDING"], false, false), "IN_PROGRESS", active);
    }
  });
  it("is IN_PROGRESS when some children are complete and the rest pending", () => {
    assert.strictEqual(aggregateStatus(["COMPLETE", "PENDING"], false, false), "IN_PROGRESS");
  });
  it("is PENDING when every child is pending (or waits behind a pending one)", () => {
    assert.strictEqual(aggregateStatus(["PENDING", "PENDING"], false, false), "PENDING");
  });
});

describe("stepStatus", () => {
  const base = { id: "a", name: "a", target: "a" };
  it("reports WAITING for an interrupted step that has not started, never stores it", () => {
    assert.strictEqual(stepStatus({ ...base, status: "PENDING", interrupted: true }), "WAITING");
    assert.strictEqual(stepStatus({ ...base, status: "PREPARED", interrupted: true }), "WAITING");
  });
  it("reports the stored status once the step has started or when not interrupted", () => {
    assert.strictEqual(stepStatus({ ...base, status: "STARTING", interrupted: true }), "STARTING");
    assert.strictEqual(stepStatus({ ...base, status: "COMPLETE", interrupted: true }), "COMPLETE");
    assert.strictEqual(stepStatus({ ...base, status: "PENDING" }), "PENDING");
  });
});
