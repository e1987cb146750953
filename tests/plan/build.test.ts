import * as assert from "assert";
import { buildPlan, Plan, PlanInputError } from "../../provider/plan";
import { twoHopInput } from "./fixtures";

describe("buildPlan", () => {
  it("groups phases per hop in order, drops empty phases and names steps by hop/phase/target", () => {
    const plan = buildPlan(twoHopInput());
    assert.deepStrictEqual(
      plan.phases.map((p) => `${p.hop.from}->${p.hop.to}:${p.name}:${p.strategy}`),
      ["8.17.3->8.19.4:hot:serial", "8.17.3->8.19.4:master:serial", "8.19.4->9.1.2:hot:serial", "8.19.4->9.1.2:master:serial"],
    );
    assert.deepStrictEqual(plan.phases[0].steps[0], { id: "8.17.3->8.19.4/hot/es-1", name: "es-1", target: "es-1", status: "PENDING" });
    assert.deepStrictEqual(plan.phases[1].steps[0].tags, ["master"]);
    assert.deepStrictEqual(plan.hops, [{ from: "8.17.3", to: "8.19.4" }, { from: "8.19.4", to: "9.1.2" }]);
    assert.deepStrictEqual(plan.strategy, { name: "serial", maxUnavailable: 1, canarySteps: 2 });
    assert.deepStrictEqual(plan.errors, []);
  });

  it("makes phases parallel under maxUnavailable unless the phase forces serial", () => {
    const plan = buildPlan(twoHopInput({ name: "parallel", maxUnavailable: 3 }));
    assert.deepStrictEqual(plan.phases.map((p) => [p.name, p.strategy, p.maxUnavailable]), [
      ["hot", "parallel", 3], ["master", "serial", 1], ["hot", "parallel", 3], ["master", "serial", 1],
    ]);
  });

  it("runs canary and manual plans serially inside phases unless maxUnavailable > 1", () => {
    assert.strictEqual(buildPlan(twoHopInput({ name: "canary" })).phases[0].strategy, "serial");
    assert.strictEqual(buildPlan(twoHopInput({ name: "manual", maxUnavailable: 2 })).phases[0].strategy, "parallel");
  });

  it("produces a document the Plan schema accepts unchanged, also after a JSON round trip", () => {
    const plan = buildPlan(twoHopInput({ name: "manual" }, { approvedThrough: "8.19.4/hot" }));
    assert.deepStrictEqual(Plan.parse(plan), plan);
    assert.deepStrictEqual(Plan.parse(JSON.parse(JSON.stringify(plan))), plan);
  });

  it("refuses duplicate steps with a PlanInputError naming the step", () => {
    const input = twoHopInput();
    input.hops[0].phases[1].steps.push({ target: "es-1" });
    input.hops[0].phases[1].steps.push({ target: "es-1" });
    assert.throws(() => buildPlan(input), (e: unknown) => e instanceof PlanInputError && /duplicate step "8.17.3->8.19.4\/hot\/es-1"/.test(e.message));
  });

  it("refuses a malformed input with the path of the problem", () => {
    const bad = { name: "x", hops: [{ from: "1", to: "2", phases: [{ name: "", steps: [] }] }] };
    assert.throws(() => buildPlan(bad), (e: unknown) => e instanceof PlanInputError && /hops\.0\.phases\.0\.name/.test(e.message));
  });
});
