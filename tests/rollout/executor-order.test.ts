import * as assert from "assert";
import { executeRollout, ProgressEvent, VirtualClock } from "../../provider/rollout";
import { FakeCluster, lastMasterAfterAllOthers, node, oneMasterAtATime, onlyRestartWhenGreenOrYellow } from "./fake-system";

function collect(): { events: ProgressEvent[]; sink: (e: ProgressEvent) => void } {
  const events: ProgressEvent[] = [];
  return { events, sink: (e) => events.push(e) };
}

describe("executeRollout: ordering and progress", () => {
  it("restarts data nodes in plan order, then masters, one at a time", async () => {
    const c = new FakeCluster(node("es-0").master(), node("es-1").data("hot"), node("es-2").data("warm"), node("es-3").master());
    const r = await executeRollout(c.spec(c.plan(["8.17.3", "8.19.4"])), { clock: new VirtualClock() });
    assert.strictEqual(r.outcome, "complete");
    assert.strictEqual(r.stepsRun, 4);
    assert.deepStrictEqual(c.restarts, ["es-1", "es-2", "es-0", "es-3"]);
    assert.strictEqual(c.maxInFlight, 1);
    assert.ok(r.plan.phases.every((p) => p.steps.every((s) => s.status === "COMPLETE")));
    assert.deepStrictEqual(c.log.slice(0, 3), ["prepare es-1", "restart es-1 -> 8.19.4", "cleanup es-1 complete"]);
  });

  it("never restarts a node that is already on the target version", async () => {
    const c = new FakeCluster(node("es-0").master(), node("es-1").data().onVersion("8.19.4"), node("es-2").data());
    const { events, sink } = collect();
    const r = await executeRollout(c.spec(c.plan(["8.17.3", "8.19.4"])), { clock: new VirtualClock(), onProgress: sink });
    assert.deepStrictEqual(c.restarts, ["es-2", "es-0"]);
    assert.strictEqual(r.stepsRun, 2);
    assert.ok(!c.log.some((l) => l.includes("es-1")), c.log.join("\n"));
    assert.strictEqual(events[0].kind, "started");
    assert.strictEqual(events[0].message, "1 of 3 steps already complete");
  });

  it("walks every hop in order and skips hops a node has already passed", async () => {
    const c = new FakeCluster(node("es-0").master(), node("es-1").data().onVersion("8.19.4"), node("es-2").data().onVersion("9.1.2"));
    const r = await executeRollout(c.spec(c.plan(["8.17.3", "8.19.4", "9.1.2"])), { clock: new VirtualClock() });
    assert.strictEqual(r.outcome, "complete");
    assert.deepStrictEqual(c.log.filter((l) => l.startsWith("restart")), [
      "restart es-0 -> 8.19.4",
      "restart es-1 -> 9.1.2",
      "restart es-0 -> 9.1.2",
    ]);
  });

  it("reports n of m as steps start and finish", async () => {
    const c = new FakeCluster(node("es-0").master(), node("es-1").data(), node("es-2").data().onVersion("8.19.4"));
    const { events, sink } = collect();
    await executeRollout(c.spec(c.plan(["8.17.3", "8.19.4"])), { clock: new VirtualClock(), onProgress: sink });
    const milestones = events.filter((e) => e.kind === "step-started" || e.kind === "step-finished" || e.kind === "complete").map((e) => e.message);
    assert.deepStrictEqual(milestones, [
      "es-1: starting (2 of 3)",
      "es-1: complete (2 of 3)",
      "es-0: starting (3 of 3)",
      "es-0: complete (3 of 3)",
      "all 3 steps complete",
    ]);
    const statuses = events.filter((e) => e.kind === "step-status" && e.step.target === "es-1").map((e) => (e.kind === "step-status" ? e.status : ""));
    assert.deepStrictEqual(statuses, ["PREPARED", "STARTING", "STARTED", "COMPLETE"]);
  });

  it("observes once per pass and shares the observation between gates", async () => {
    const c = new FakeCluster(node("d-0").data(), node("d-1").data(), node("d-2").data());
    const seen: number[][] = [];
    const gate = (name: string) => ({
      name,
      why: "records the observation it saw",
      check: (_s: unknown, ctx: { observation: { seq: number } }) => {
        if (name === "first_gate") seen.push([ctx.observation.seq]);
        else seen[seen.length - 1].push(ctx.observation.seq);
        return { ok: true as const };
      },
    });
    await executeRollout(c.spec(c.plan(["8.17.3", "8.19.4"]), { gates: [gate("first_gate"), gate("second_gate")] }), { clock: new VirtualClock() });
    assert.strictEqual(c.observations, 4, "one observation per start plus the final pass");
    assert.deepStrictEqual(seen, [[1, 1], [2, 2], [3, 3]]);
  });

  it("re-orders each pass from live state: the current master goes first (Redis-like)", async () => {
    const c = new FakeCluster(...["r-1", "r-2", "r-3"].map((id) => node(id).master().onVersion("7.4.2")));
    c.electedMaster = "r-2";
    const spec = c.spec(c.plan(["7.4.2", "7.8.2"], undefined, undefined, { mastersParallel: true }), {
      order: (steps, obs) => [...steps].sort((a, b) => Number(b.target === obs.master) - Number(a.target === obs.master)),
    });
    await executeRollout(spec, { clock: new VirtualClock() });
    // r-2 goes first; its restart moves the role to r-1, which is then first among the rest
    assert.deepStrictEqual(c.restarts, ["r-2", "r-1", "r-3"]);
  });
});

describe("executeRollout: maxUnavailable and gates", () => {
  it("runs at most maxUnavailable steps of a phase at once and reaches that bound", async () => {
    const c = new FakeCluster(...["d-0", "d-1", "d-2", "d-3", "d-4"].map((id) => node(id).data().rejoinsAfterPolls(2)), node("m-0").master());
    const r = await executeRollout(c.spec(c.plan(["8.17.3", "8.19.4"], { name: "parallel", maxUnavailable: 2 })), { clock: new VirtualClock() });
    assert.strictEqual(r.outcome, "complete");
    assert.strictEqual(c.maxInFlight, 2);
    assert.strictEqual(c.restarts.at(-1), "m-0", "the master phase starts after every data node");
  });

  it("holds a second master with one_master_at_a_time even when maxUnavailable allows more", async () => {
    const c = new FakeCluster(...["m-0", "m-1", "m-2"].map((id) => node(id).master().rejoinsAfterPolls(2)));
    const plan = c.plan(["8.17.3", "8.19.4"], { name: "parallel", maxUnavailable: 3 }, undefined, { mastersParallel: true });
    const events: string[] = [];
    await executeRollout(c.spec(plan, { gates: [oneMasterAtATime] }), { clock: new VirtualClock(), onProgress: (e) => e.kind === "gate-waiting" && events.push(e.gate) });
    assert.strictEqual(c.maxMastersInFlight, 1);
    assert.ok(events.includes("one_master_at_a_time"));
  });

  it("lets masters go together when one_master_at_a_time is disabled, with a warning", async () => {
    const c = new FakeCluster(...["m-0", "m-1", "m-2"].map((id) => node(id).master().rejoinsAfterPolls(2)));
    const plan = c.plan(["8.17.3", "8.19.4"], { name: "parallel", maxUnavailable: 3 }, undefined, { mastersParallel: true });
    const warnings: string[] = [];
    await executeRollout(c.spec(plan, { gates: [oneMasterAtATime] }), {
      clock: new VirtualClock(),
      disabledGates: ["one_master_at_a_time"],
      onProgress: (e) => e.level === "warning" && warnings.push(e.message),
    });
    assert.strictEqual(c.maxMastersInFlight, 3);
    assert.deepStrictEqual(warnings, ["gate one_master_at_a_time is disabled: two masters down at once can lose the quorum — this safety rule will not be checked"]);
  });

  it("disables every gate with * and warns about unknown names", async () => {
    const c = new FakeCluster(node("d-0").data());
    c.health = "red";
    const warnings: string[] = [];
    const r = await executeRollout(c.spec(c.plan(["8.17.3", "8.19.4"]), { gates: [onlyRestartWhenGreenOrYellow] }), {
      clock: new VirtualClock(),
      disabledGates: ["*", "no_such_gate"],
      onProgress: (e) => e.kind === "gate-disabled" && warnings.push(e.gate),
    });
    assert.strictEqual(r.outcome, "complete");
    assert.deepStrictEqual(warnings, ["only_restart_when_green_or_yellow", "no_such_gate"]);
  });

  it("waits on a red cluster, re-observing with backoff, and continues once it is yellow", async () => {
    const c = new FakeCluster(node("d-0").data(), node("d-1").data());
    c.health = "red";
    c.onObserve = (cl) => { if (cl.observations === 4) cl.health = "yellow"; };
    const clock = new VirtualClock();
    const waits: string[] = [];
    const r = await executeRollout(c.spec(c.plan(["8.17.3", "8.19.4"]), { gates: [onlyRestartWhenGreenOrYellow] }), {
      clock,
      gateBackoff: { initialMs: 10, maxMs: 40 },
      onProgress: (e) => e.kind === "gate-waiting" && waits.push(e.message),
    });
    assert.strictEqual(r.outcome, "complete");
    assert.deepStrictEqual(waits, [
      "d-0: waiting on gate only_restart_when_green_or_yellow: cluster health is red",
      "d-0: waiting on gate only_restart_when_green_or_yellow: cluster health is red",
      "d-0: waiting on gate only_restart_when_green_or_yellow: cluster health is red",
    ]);
    assert.strictEqual(clock.slept, 10 + 20 + 40);
    assert.deepStrictEqual(c.restarts, ["d-0", "d-1"]);
  });

  it("keeps the last master until every other node of the hop is done (last_master_after_all_others)", async () => {
    const c = new FakeCluster(node("m-0").master(), node("d-0").data().rejoinsAfterPolls(1), node("d-1").data().rejoinsAfterPolls(1));
    // one phase with everything in parallel, so only the gate keeps the master back
    const plan = c.plan(["8.17.3", "8.19.4"], { name: "parallel", maxUnavailable: 3 }, undefined, { mastersParallel: true });
    plan.phases = [{ ...plan.phases[1], name: "all", steps: [...plan.phases[1].steps, ...plan.phases[0].steps] }];
    await executeRollout(c.spec(plan, { gates: [lastMasterAfterAllOthers] }), { clock: new VirtualClock() });
    assert.strictEqual(c.restarts.at(-1), "m-0");
  });

  it("reports one gate-waiting event per pass however many parallel candidates are held", async () => {
    const c = new FakeCluster(...["d-0", "d-1", "d-2", "d-3"].map((id) => node(id).data().rejoinsAfterPolls(1)));
    c.health = "red";
    c.onObserve = (cl) => { if (cl.observations === 3) cl.health = "green"; };
    const held: string[] = [];
    await executeRollout(c.spec(c.plan(["8.17.3", "8.19.4"], { name: "parallel", maxUnavailable: 4 }), { gates: [onlyRestartWhenGreenOrYellow] }), {
      clock: new VirtualClock(),
      onProgress: (e) => e.kind === "gate-waiting" && held.push(e.step.target),
    });
    assert.deepStrictEqual(held, ["d-0", "d-0"]);
    assert.strictEqual(c.maxInFlight, 4);
  });

  it("keeps going when the progress sink throws", async () => {
    const c = new FakeCluster(node("d-0").data());
    const r = await executeRollout(c.spec(c.plan(["8.17.3", "8.19.4"])), { clock: new VirtualClock(), onProgress: () => { throw new Error("sink broke"); } });
    assert.strictEqual(r.outcome, "complete");
  });
});
