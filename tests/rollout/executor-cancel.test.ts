import * as assert from "assert";
import { executeRollout, RolloutCancelledError, RolloutDeadlineError, VirtualClock } from "../../provider/rollout";
import { FakeCluster, node, onlyRestartWhenGreenOrYellow } from "./fake-system";

async function rejects<T>(p: Promise<unknown>, cls: new (...a: never[]) => T): Promise<T> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof cls, `expected ${cls.name}, got ${String(e)}`);
    return e;
  }
  assert.fail(`expected ${cls.name}`);
}

describe("executeRollout: cancellation and deadlines", () => {
  it("cancelled mid-wait: stops at the node, runs its cleanup, records where it stopped, then resumes", async () => {
    const c = new FakeCluster(node("d-0").data(), node("d-1").data().rejoinsAfterPolls(100), node("d-2").data());
    const ac = new AbortController();
    c.onPoll = (_c, n) => { if (n.id === "d-1" && n.polls === 3) ac.abort(); };
    const clock = new VirtualClock();
    const stoppedEvents: string[] = [];
    const e = await rejects(
      executeRollout(c.spec(c.plan(["8.17.3", "8.19.4"])), { clock, signal: ac.signal, onProgress: (ev) => ev.kind === "stopped" && stoppedEvents.push(ev.message) }),
      RolloutCancelledError,
    );
    assert.deepStrictEqual(e.checkpoint.plan.phases[0].steps.map((s) => s.status), ["COMPLETE", "STARTED", "PENDING"]);
    assert.strictEqual(e.checkpoint.stoppedAt, "8.17.3->8.19.4/data/d-1");
    assert.strictEqual(e.checkpoint.plan.stoppedAt, "8.17.3->8.19.4/data/d-1");
    assert.deepStrictEqual(e.checkpoint.plan.errors, ["rollout cancelled"]);
    assert.strictEqual(c.log.at(-1), "cleanup d-1 cancelled");
    assert.strictEqual(c.allocationEnabled, true, "allocation restored by cleanup");
    assert.deepStrictEqual(c.restarts, ["d-0", "d-1"]);
    assert.deepStrictEqual(stoppedEvents, ["rollout stopped: cancelled at 8.17.3->8.19.4/data/d-1"]);

    // meanwhile d-1 came back on the target: the next run finds it complete and never restarts it
    const d1 = c.get("d-1");
    d1.up = true;
    d1.version = "8.19.4";
    const r = await executeRollout(c.spec(e.checkpoint.plan), { clock });
    assert.strictEqual(r.outcome, "complete");
    assert.deepStrictEqual(c.restarts, ["d-0", "d-1", "d-2"]);
  });

  it("cancelled while preparing: the node is not acted on and goes back to PENDING", async () => {
    const c = new FakeCluster(node("d-0").data());
    const ac = new AbortController();
    const spec = c.spec(c.plan(["8.17.3", "8.19.4"]));
    const prepare = spec.steps.prepare!;
    const steps = { ...spec.steps, prepare: async (s: Parameters<typeof prepare>[0], ctx: Parameters<typeof prepare>[1]) => { await prepare(s, ctx); ac.abort(); } };
    const e = await rejects(executeRollout({ ...spec, steps }, { clock: new VirtualClock(), signal: ac.signal }), RolloutCancelledError);
    assert.strictEqual(e.checkpoint.plan.phases[0].steps[0].status, "PENDING");
    assert.deepStrictEqual(c.restarts, []);
    assert.deepStrictEqual(c.log, ["prepare d-0", "cleanup d-0 cancelled"]);
  });

  it("never interrupts a node's action: cancellation during act waits for it, then stops", async () => {
    const c = new FakeCluster(node("d-0").data(), node("d-1").data());
    const ac = new AbortController();
    const spec = c.spec(c.plan(["8.17.3", "8.19.4"]));
    const act = spec.steps.act;
    let actFinished = false;
    const steps = {
      ...spec.steps,
      act: async (s: Parameters<typeof act>[0], ctx: Parameters<typeof act>[1]) => {
        ac.abort();
        await new Promise((r) => setImmediate(r));
        await act(s, ctx);
        actFinished = true;
      },
    };
    const e = await rejects(executeRollout({ ...spec, steps }, { clock: new VirtualClock(), signal: ac.signal }), RolloutCancelledError);
    assert.ok(actFinished);
    assert.strictEqual(e.checkpoint.plan.phases[0].steps[0].status, "STARTED");
    assert.deepStrictEqual(c.restarts, ["d-0"]);
  });

  it("cancelled while waiting on a gate: nothing was prepared, so nothing needs cleanup", async () => {
    const c = new FakeCluster(node("d-0").data());
    c.health = "red";
    const ac = new AbortController();
    c.onObserve = (cl) => { if (cl.observations === 3) ac.abort(); };
    const e = await rejects(
      executeRollout(c.spec(c.plan(["8.17.3", "8.19.4"]), { gates: [onlyRestartWhenGreenOrYellow] }), { clock: new VirtualClock(), signal: ac.signal }),
      RolloutCancelledError,
    );
    assert.strictEqual(e.checkpoint.stoppedAt, "8.17.3->8.19.4/data/d-0");
    assert.deepStrictEqual(c.log, []);
  });

  it("does nothing when already cancelled", async () => {
    const c = new FakeCluster(node("d-0").data());
    const ac = new AbortController();
    ac.abort();
    await rejects(executeRollout(c.spec(c.plan(["8.17.3", "8.19.4"])), { clock: new VirtualClock(), signal: ac.signal }), RolloutCancelledError);
    assert.strictEqual(c.observations, 0);
    assert.deepStrictEqual(c.log, []);
  });

  it("stops at the run deadline like a cancellation, cleaning up the node it was waiting on", async () => {
    const c = new FakeCluster(node("d-0").data(), node("d-1").data().neverRejoins(), node("d-2").data());
    const e = await rejects(executeRollout(c.spec(c.plan(["8.17.3", "8.19.4"])), { clock: new VirtualClock(), timeoutMs: 5_000 }), RolloutDeadlineError);
    assert.match(e.message, /rollout deadline of 5000 ms reached at 8.17.3->8.19.4\/data\/d-1; run again to resume/);
    assert.deepStrictEqual(e.checkpoint.plan.phases[0].steps.map((s) => s.status), ["COMPLETE", "STARTED", "PENDING"]);
    assert.strictEqual(c.log.at(-1), "cleanup d-1 cancelled");
    assert.deepStrictEqual(c.restarts, ["d-0", "d-1"]);
  });
});
