// The executor records step timings and gate holds into the plan, on the run's clock.
import * as assert from "assert";
import { Plan } from "../../provider/plan";
import { renderTimelineSvg } from "../../provider/plan/svg";
import { executeRollout, isRolloutStopped, RolloutCancelledError, RolloutSpec, StepFailedError, VirtualClock } from "../../provider/rollout";
import { TimedStepContext } from "../../provider/rollout/step-runner";
import { FakeCluster, node, Obs, onlyRestartWhenGreenOrYellow } from "../rollout/fake-system";
import { parseXml, select } from "./svg-xml.test";

/** prepare takes 1 s and the action 5 s of (virtual) time; the post-condition polls as the fake says. */
function slowSteps(c: FakeCluster, plan: Plan, extra: Partial<RolloutSpec<Obs>> = {}): RolloutSpec<Obs> {
  const spec = c.spec(plan, extra);
  return {
    ...spec,
    steps: {
      ...spec.steps,
      prepare: async (step, ctx) => {
        await spec.steps.prepare!(step, ctx);
        await ctx.clock.sleep(1000);
      },
      act: async (step, ctx) => {
        await ctx.clock.sleep(5000);
        await spec.steps.act(step, ctx);
      },
    },
  };
}

async function stopped<T>(p: Promise<unknown>, cls: new (...a: never[]) => T): Promise<T> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof cls, `expected ${cls.name}, got ${String(e)}`);
    return e;
  }
  assert.fail(`expected ${cls.name}`);
}

const D = "8.17.3->8.19.4/data/";
const M = "8.17.3->8.19.4/master/";

describe("executeRollout records timings for the timeline", () => {
  it("records prepare, act and post-condition times of every step on the run's clock", async () => {
    const c = new FakeCluster(node("es-0").master(), node("es-1").data().rejoinsAfterPolls(3));
    const clock = new VirtualClock(1_000);
    const r = await executeRollout(slowSteps(c, c.plan(["8.17.3", "8.19.4"])), { clock });
    assert.strictEqual(r.outcome, "complete");
    Plan.parse(r.plan); // still a valid plan document
    const [es1, es0] = [r.plan.phases[0].steps[0], r.plan.phases[1].steps[0]];
    assert.strictEqual(es1.id, `${D}es-1`);
    assert.strictEqual(es0.id, `${M}es-0`);
    // es-1: 1 s prepare, 5 s action, 3 "not yet" polls backing off 100 + 200 + 400 ms
    assert.deepStrictEqual(es1.timing, { preparedAt: 1_000, startedAt: 2_000, actedAt: 7_000, completedAt: 7_700 });
    assert.deepStrictEqual(es0.timing, { preparedAt: 7_700, startedAt: 8_700, actedAt: 13_700, completedAt: 13_700 });
    assert.strictEqual(es1.gates, undefined);

    const svg = parseXml(renderTimelineSvg(r.plan));
    const widths = (id: string) => select(svg, "rect", "seg").filter((s) => s.attrs["data-step"] === id).map((s) => Number(s.attrs.width));
    const [prep, up, rejoin] = widths(es1.id);
    assert.ok(Math.abs(up / prep - 5) < 0.01, `upgrade bar 5x the prepare bar (${up} vs ${prep})`);
    assert.ok(Math.abs(rejoin / prep - 0.7) < 0.01);
  });

  it("splits rejoin from recovery when the post-condition marks the rejoin", async () => {
    const c = new FakeCluster(node("d-0").data().rejoinsAfterPolls(3));
    const base = c.spec(c.plan(["8.17.3", "8.19.4"]));
    const spec: RolloutSpec<Obs> = {
      ...base,
      steps: {
        ...base.steps,
        postCondition: (step, ctx) => {
          const inner = base.steps.postCondition(step, ctx);
          return {
            ...inner,
            poll: async (signal) => {
              const p = await inner.poll!(signal);
              if (c.get(step.target).polls === 2) (ctx as TimedStepContext<Obs>).markRejoined(); // node back, shards recovering
              return p;
            },
          };
        },
      },
    };
    const r = await executeRollout(spec, { clock: new VirtualClock() });
    const s = r.plan.phases[0].steps[0];
    // polls at 0, 100, 300, 700: marked at the second poll (t = 100)
    assert.deepStrictEqual(s.timing, { preparedAt: 0, startedAt: 0, actedAt: 0, rejoinedAt: 100, completedAt: 700 });
    const svg = parseXml(renderTimelineSvg(r.plan));
    assert.deepStrictEqual(select(svg, "rect", "seg").map((x) => [x.attrs["data-segment"], x.attrs["data-label"]]).slice(2), [["rejoin", "rejoin"], ["recovery", "recovery"]]);
  });

  it("records gate holds coalesced per gate, with first and last time and count", async () => {
    const c = new FakeCluster(node("es-0").master(), node("es-1").data());
    c.onObserve = (cl) => { cl.health = cl.observations <= 4 ? "red" : "green"; };
    const clock = new VirtualClock();
    const r = await executeRollout(c.spec(c.plan(["8.17.3", "8.19.4"]), { gates: [onlyRestartWhenGreenOrYellow] }), {
      clock,
      gateBackoff: { initialMs: 100, maxMs: 10_000 },
    });
    const [es1, es0] = [r.plan.phases[0].steps[0], r.plan.phases[1].steps[0]];
    // held at observations 1-4: t = 0, then after 100, 200, 400 ms of backoff
    assert.deepStrictEqual(es1.gates, [{ gate: "only_restart_when_green_or_yellow", reason: "cluster health is red", firstAt: 0, lastAt: 700, count: 4 }]);
    assert.strictEqual(es1.timing?.preparedAt, 1_500, "claimed after the last backoff (800 ms)");
    assert.strictEqual(es0.gates, undefined);
    const svg = parseXml(renderTimelineSvg(r.plan));
    const gate = select(svg, "g", "gate");
    assert.deepStrictEqual(gate.map((g) => [g.attrs["data-step"], g.attrs["data-gate"], g.attrs["data-count"]]), [[es1.id, "only_restart_when_green_or_yellow", "4"]]);
  });

  it("marks a failed step's failure time, and a resumed run keeps the earlier run's timings of completed steps", async () => {
    const c = new FakeCluster(node("d-0").data(), node("d-1").data().failsAct(1));
    const clock = new VirtualClock();
    const plan = c.plan(["8.17.3", "8.19.4"]);
    const e = await stopped(executeRollout(slowSteps(c, plan), { clock }), StepFailedError);
    const [d0, d1] = e.checkpoint.plan.phases[0].steps;
    assert.deepStrictEqual(d0.timing, { preparedAt: 0, startedAt: 1_000, actedAt: 6_000, completedAt: 6_000 });
    assert.deepStrictEqual(d1.timing, { preparedAt: 6_000, startedAt: 7_000, failedAt: 12_000 });
    assert.strictEqual(d1.status, "ERROR");
    const failedSvg = parseXml(renderTimelineSvg(e.checkpoint.plan));
    assert.strictEqual(select(failedSvg, "text", "error-mark").length, 1);
    assert.deepStrictEqual(select(failedSvg, "rect", "seg").filter((s) => s.attrs["data-step"] === d1.id).map((s) => s.attrs["data-segment"]), ["prepare", "upgrade"]);

    clock.advance(60_000);
    const r = await executeRollout(slowSteps(c, e.checkpoint.plan), { clock });
    const [r0, r1] = r.plan.phases[0].steps;
    assert.deepStrictEqual(r0.timing, d0.timing, "found complete: the first run's timing is kept");
    assert.deepStrictEqual(r1.timing, { preparedAt: 72_000, startedAt: 73_000, actedAt: 78_000, completedAt: 78_000 }, "re-run: fresh timing, no stale failedAt");
    assert.strictEqual(r.stepsRun, 1);

    // a plan rebuilt from inputs has no timings: completed steps show as such
    const rebuilt = await executeRollout(c.spec(c.plan(["8.17.3", "8.19.4"])), { clock });
    assert.ok(rebuilt.plan.phases[0].steps.every((s) => s.status === "COMPLETE" && s.timing === undefined));
    const svg = parseXml(renderTimelineSvg(rebuilt.plan));
    assert.deepStrictEqual(select(svg, "text", "note").map((t) => t.attrs["data-note"]), ["no-timing", "no-timing"]);
  });

  it("records where a cancelled step stopped", async () => {
    const c = new FakeCluster(node("d-0").data().rejoinsAfterPolls(100));
    const ac = new AbortController();
    c.onPoll = (_c, n) => { if (n.polls === 3) ac.abort(); };
    const clock = new VirtualClock();
    const e = await stopped(executeRollout(c.spec(c.plan(["8.17.3", "8.19.4"])), { clock, signal: ac.signal }), RolloutCancelledError);
    assert.ok(isRolloutStopped(e));
    const s = e.checkpoint.plan.phases[0].steps[0];
    assert.strictEqual(s.status, "STARTED");
    // acted at 0, polled at 0, 100, 300 (aborted on the third poll): the wait stops without sleeping again
    assert.deepStrictEqual(s.timing, { preparedAt: 0, startedAt: 0, actedAt: 0, stoppedAt: 300 });
    const svg = parseXml(renderTimelineSvg(e.checkpoint.plan));
    const segs = select(svg, "rect", "seg").filter((r) => r.attrs["data-step"] === s.id);
    assert.deepStrictEqual(segs.map((r) => [r.attrs["data-segment"], r.attrs["data-end"]]), [["prepare", "0"], ["upgrade", "0"], ["rejoin", "300"]]);
  });
});
