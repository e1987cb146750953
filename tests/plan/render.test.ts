import * as assert from "assert";
import { applyApprovals, buildPlan, renderPlan } from "../../provider/plan";
import { oneHopPlan, setStatus, twoHopInput } from "./fixtures";

describe("renderPlan (golden)", () => {
  it("draws a fresh serial plan as PENDING", () => {
    assert.strictEqual(renderPlan(oneHopPlan()), [
      "upgrade (serial strategy) (PENDING)",
      "└─ 1.0.0 → 2.0.0 (PENDING)",
      "   ├─ data (serial strategy) (PENDING)",
      "   │  ├─ d-0 (PENDING)",
      "   │  ├─ d-1 (PENDING)",
      "   │  └─ d-2 (PENDING)",
      "   └─ master (serial strategy) (PENDING)",
      "      ├─ m-0 (PENDING)",
      "      └─ m-1 (PENDING)",
    ].join("\n"));
  });

  it("draws IN_PROGRESS with COMPLETE, PREPARED and STARTING steps", () => {
    const plan = oneHopPlan({ name: "parallel", maxUnavailable: 2 });
    setStatus(plan, "d-0", "COMPLETE");
    setStatus(plan, "d-1", "STARTING");
    setStatus(plan, "d-2", "PREPARED");
    assert.strictEqual(renderPlan(plan), [
      "upgrade (parallel strategy) (IN_PROGRESS)",
      "└─ 1.0.0 → 2.0.0 (IN_PROGRESS)",
      "   ├─ data (parallel strategy) (IN_PROGRESS)",
      "   │  ├─ d-0 (COMPLETE)",
      "   │  ├─ d-1 (STARTING)",
      "   │  └─ d-2 (PREPARED)",
      "   └─ master (serial strategy) (PENDING)",
      "      ├─ m-0 (PENDING)",
      "      └─ m-1 (PENDING)",
    ].join("\n"));
  });

  it("draws a manual plan paused after a complete phase as WAITING with what to approve", () => {
    const plan = oneHopPlan({ name: "manual" }, { approvedThrough: "data" });
    for (const n of ["d-0", "d-1", "d-2"]) setStatus(plan, n, "COMPLETE");
    assert.strictEqual(renderPlan(plan), [
      "upgrade (serial-manual strategy) (WAITING)",
      "└─ 1.0.0 → 2.0.0 (WAITING)",
      "   ├─ data (serial strategy) (COMPLETE)",
      "   │  ├─ d-0 (COMPLETE)",
      "   │  ├─ d-1 (COMPLETE)",
      "   │  └─ d-2 (COMPLETE)",
      "   └─ master (serial strategy) (WAITING)",
      "      ├─ m-0 (PENDING)",
      "      └─ m-1 (PENDING)",
      "",
      'next: approvedThrough: "master"',
    ].join("\n"));
  });

  it("draws canary steps waiting for their go-ahead as WAITING", () => {
    const plan = applyApprovals(oneHopPlan({ name: "canary", canarySteps: 2 }), { canaryApproved: 1 });
    setStatus(plan, "d-0", "COMPLETE");
    assert.strictEqual(renderPlan(plan), [
      "upgrade (serial-canary strategy) (WAITING)",
      "└─ 1.0.0 → 2.0.0 (WAITING)",
      "   ├─ data (serial strategy) (WAITING)",
      "   │  ├─ d-0 (COMPLETE)",
      "   │  ├─ d-1 (WAITING)",
      "   │  └─ d-2 (PENDING)",
      "   └─ master (serial strategy) (PENDING)",
      "      ├─ m-0 (PENDING)",
      "      └─ m-1 (PENDING)",
      "",
      "next: canaryApproved: 2",
    ].join("\n"));
  });

  it("draws a two-hop plan with the first hop COMPLETE and the second IN_PROGRESS", () => {
    const plan = buildPlan(twoHopInput());
    for (const n of ["es-1", "es-2", "es-0"]) setStatus(plan, n, "COMPLETE", 0);
    setStatus(plan, "es-1", "STARTED", 1);
    assert.strictEqual(renderPlan(plan), [
      "upgrade es 8.17.3 → 9.1.2 (serial strategy) (IN_PROGRESS)",
      "├─ 8.17.3 → 8.19.4 (COMPLETE)",
      "│  ├─ hot (serial strategy) (COMPLETE)",
      "│  │  ├─ es-1 (COMPLETE)",
      "│  │  └─ es-2 (COMPLETE)",
      "│  └─ master (serial strategy) (COMPLETE)",
      "│     └─ es-0 (COMPLETE)",
      "└─ 8.19.4 → 9.1.2 (IN_PROGRESS)",
      "   ├─ hot (serial strategy) (IN_PROGRESS)",
      "   │  ├─ es-1 (STARTED)",
      "   │  └─ es-2 (PENDING)",
      "   └─ master (serial strategy) (PENDING)",
      "      └─ es-0 (PENDING)",
    ].join("\n"));
  });

  it("draws ERROR up the tree, where it stopped, and errors last", () => {
    const plan = oneHopPlan();
    setStatus(plan, "d-0", "COMPLETE");
    setStatus(plan, "d-1", "ERROR");
    plan.phases[0].steps[1].error = "node did not rejoin within 600000 ms";
    plan.stoppedAt = plan.phases[0].steps[1].id;
    plan.errors.push("rollout cancelled");
    assert.strictEqual(renderPlan(plan), [
      "upgrade (serial strategy) (ERROR)",
      "└─ 1.0.0 → 2.0.0 (ERROR)",
      "   ├─ data (serial strategy) (ERROR)",
      "   │  ├─ d-0 (COMPLETE)",
      "   │  ├─ d-1 (ERROR)",
      "   │  └─ d-2 (PENDING)",
      "   └─ master (serial strategy) (PENDING)",
      "      ├─ m-0 (PENDING)",
      "      └─ m-1 (PENDING)",
      "",
      "stopped at: 1.0.0->2.0.0/data/d-1",
      "",
      "errors:",
      "- d-1: node did not rejoin within 600000 ms",
      "- rollout cancelled",
    ].join("\n"));
  });

  it("draws a fully COMPLETE plan", () => {
    const plan = oneHopPlan({ name: "parallel", maxUnavailable: 3 });
    for (const p of plan.phases) for (const s of p.steps) s.status = "COMPLETE";
    const out = renderPlan(plan).split("\n");
    assert.strictEqual(out[0], "upgrade (parallel strategy) (COMPLETE)");
    assert.ok(out.every((l) => l.endsWith("(COMPLETE)")), out.join("\n"));
  });
});
