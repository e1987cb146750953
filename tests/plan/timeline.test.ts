import * as assert from "assert";
import { buildPlan, Plan, PlanStep } from "../../provider/plan";
import {
  formatDuration,
  MAX_GATE_HOLDS,
  MAX_GATE_REASON,
  planTimeline,
  recordGateHold,
  recordStatusMark,
  stepSegments,
} from "../../provider/plan/timeline";

function step(timing?: PlanStep["timing"]): PlanStep {
  return { id: "1->2/p/a", name: "a", target: "a", status: "PENDING", timing };
}

describe("plan timeline model", () => {
  it("maps marks to prepare / upgrade / rejoin/recovery segments", () => {
    assert.deepStrictEqual(stepSegments(step({ preparedAt: 10, startedAt: 15, actedAt: 40, completedAt: 100 })), [
      { kind: "prepare", label: "prepare", start: 10, end: 15, open: false },
      { kind: "upgrade", label: "upgrade", start: 15, end: 40, open: false },
      { kind: "rejoin", label: "rejoin/recovery", start: 40, end: 100, open: false },
    ]);
  });

  it("splits rejoin and recovery when a rejoin mark exists", () => {
    assert.deepStrictEqual(stepSegments(step({ preparedAt: 0, startedAt: 1, actedAt: 2, rejoinedAt: 5, completedAt: 9 })).map((s) => [s.label, s.start, s.end]), [
      ["prepare", 0, 1],
      ["upgrade", 1, 2],
      ["rejoin", 2, 5],
      ["recovery", 5, 9],
    ]);
  });

  it("ends the last segment at the failure or stop, and leaves it open when the step is still running", () => {
    assert.deepStrictEqual(stepSegments(step({ preparedAt: 0, startedAt: 3, failedAt: 8 })).map((s) => [s.kind, s.end, s.open]), [
      ["prepare", 3, false],
      ["upgrade", 8, false],
    ]);
    assert.deepStrictEqual(stepSegments(step({ preparedAt: 0, stoppedAt: 4 })).map((s) => [s.kind, s.end]), [["prepare", 4]]);
    assert.deepStrictEqual(stepSegments(step({ preparedAt: 0, startedAt: 3, actedAt: 6 })).at(-1), { kind: "rejoin", label: "rejoin/recovery", start: 6, end: 6, open: true });
    assert.deepStrictEqual(stepSegments(step()), []);
  });

  it("records the mark each stored status implies", () => {
    const s = step();
    recordStatusMark(s, "PREPARED", 1);
    recordStatusMark(s, "STARTING", 2);
    recordStatusMark(s, "STARTED", 3);
    recordStatusMark(s, "PENDING", 4);
    recordStatusMark(s, "COMPLETE", 5);
    assert.deepStrictEqual(s.timing, { preparedAt: 1, startedAt: 2, actedAt: 3, completedAt: 5 });
    const failed = step();
    recordStatusMark(failed, "ERROR", 6);
    assert.deepStrictEqual(failed.timing, { failedAt: 6 });
  });

  it("coalesces repeated holds of a gate into one marker and keeps the list bounded", () => {
    const s = step();
    for (let t = 0; t < 1000; t++) recordGateHold(s, "one_master_at_a_time", `held ${t}`, 100 + t);
    assert.deepStrictEqual(s.gates, [{ gate: "one_master_at_a_time", reason: "held 999", firstAt: 100, lastAt: 1099, count: 1000 }]);
    for (let g = 0; g < 40; g++) recordGateHold(s, `gate_${g}`, "x".repeat(1000), 5000 + g);
    assert.strictEqual(s.gates!.length, MAX_GATE_HOLDS);
    assert.ok(s.gates!.every((h) => h.reason.length <= MAX_GATE_REASON));
    assert.strictEqual(s.gates!.reduce((n, h) => n + h.count, 0), 1040, "no hold is lost, extra gates fold into the last marker");
  });

  it("groups rows by hop and phase and totals where the time went", () => {
    const plan: Plan = buildPlan({
      name: "p",
      hops: [
        { from: "1.0.0", to: "2.0.0", phases: [{ name: "a", steps: [{ target: "x" }] }, { name: "b", steps: [{ target: "y" }] }] },
        { from: "2.0.0", to: "3.0.0", phases: [{ name: "a", steps: [{ target: "x" }] }] },
      ],
    });
    plan.phases[0].steps[0].timing = { preparedAt: 100, startedAt: 110, actedAt: 150, completedAt: 250 };
    plan.phases[1].steps[0].gates = [{ gate: "g", reason: "r", firstAt: 250, lastAt: 400, count: 3 }];
    plan.phases[1].steps[0].timing = { preparedAt: 400, startedAt: 400, actedAt: 420, rejoinedAt: 430, completedAt: 500 };
    const tl = planTimeline(plan);
    assert.strictEqual(tl.start, 100);
    assert.strictEqual(tl.end, 500);
    assert.deepStrictEqual(tl.totals, { prepare: 10, upgrade: 60, rejoin: 110, recovery: 70 });
    assert.strictEqual(tl.gateHolds, 1);
    assert.deepStrictEqual(tl.hops.map((h) => [`${h.hop.from}->${h.hop.to}`, h.phases.map((p) => [p.phase.name, p.rows.map((r) => r.step.target)])]), [
      ["1.0.0->2.0.0", [["a", ["x"]], ["b", ["y"]]]],
      ["2.0.0->3.0.0", [["a", ["x"]]]],
    ]);
    const empty = planTimeline(buildPlan({ name: "e", hops: [{ from: "1.0.0", to: "2.0.0", phases: [{ name: "a", steps: [{ target: "x" }] }] }] }));
    assert.strictEqual(empty.start, undefined);
    assert.strictEqual(empty.end, undefined);
  });

  it("formats durations compactly", () => {
    assert.deepStrictEqual([0, 250, 1000, 1500, 9_960, 42_000, 120_000, 125_000, 3_600_000, 3_720_000].map(formatDuration), [
      "0ms", "250ms", "1s", "1.5s", "10s", "42s", "2m", "2m05s", "1h", "1h02m",
    ]);
  });
});
