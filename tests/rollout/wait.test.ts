import * as assert from "assert";
import { backoffDelay, memoize, Probe, VirtualClock, waitUntil, WaitAbortedError, WaitTerminalError, WaitTimeoutError } from "../../provider/rollout";

function script(...probes: Probe[]): { calls: number; poll: () => Promise<Probe> } {
  const s = {
    calls: 0,
    poll: async () => probes[Math.min(s.calls++, probes.length - 1)],
  };
  return s;
}

const notYet: Probe = { done: false, reason: "not yet" };

describe("waitUntil", () => {
  it("polls with exponential backoff until done", async () => {
    const clock = new VirtualClock();
    const s = script(notYet, notYet, notYet, { done: true });
    const waits: number[] = [];
    await waitUntil({ what: "x", timeoutMs: 10_000, poll: s.poll, backoff: { initialMs: 100, maxMs: 300 } }, { clock, onWait: (_r, a) => waits.push(a) });
    assert.strictEqual(s.calls, 4);
    assert.deepStrictEqual(waits, [1, 2, 3]);
    assert.strictEqual(clock.slept, 100 + 200 + 300);
  });

  it("prefers the server-side wait and passes it the remaining time", async () => {
    const clock = new VirtualClock();
    const poll = script({ done: true });
    const budgets: number[] = [];
    await waitUntil(
      {
        what: "green",
        timeoutMs: 30_000,
        serverSide: async ({ timeoutMs }) => {
          budgets.push(timeoutMs);
          clock.advance(timeoutMs > 20_000 ? 10_000 : 0); // the server held the first call for 10 s
          return budgets.length === 1 ? notYet : { done: true };
        },
        poll: poll.poll,
        backoff: { initialMs: 1000 },
      },
      { clock },
    );
    assert.deepStrictEqual(budgets, [30_000, 19_000]);
    assert.strictEqual(poll.calls, 0);
  });

  it("times out at its deadline with the last reason", async () => {
    const clock = new VirtualClock();
    await assert.rejects(
      waitUntil({ what: "es-0 rejoined", timeoutMs: 1_000, poll: script({ done: false, reason: "es-0 is restarting" }).poll, backoff: { initialMs: 300 } }, { clock }),
      (e: unknown) => e instanceof WaitTimeoutError && e.message === "timed out after 1000 ms waiting for es-0 rejoined (last seen: es-0 is restarting); check the node, then run again to resume",
    );
    assert.ok(clock.now() <= 1_000);
  });

  it("is capped by an absolute deadlineAt", async () => {
    const clock = new VirtualClock(500);
    await assert.rejects(
      waitUntil({ what: "x", timeoutMs: 60_000, poll: script(notYet).poll }, { clock, deadlineAt: 1_500 }),
      (e: unknown) => e instanceof WaitTimeoutError && e.timeoutMs === 1_000,
    );
  });

  it("fails fast on a terminal state", async () => {
    const s = script(notYet, { terminal: "install_failed" }, { done: true });
    await assert.rejects(waitUntil({ what: "install", timeoutMs: 60_000, poll: s.poll }, { clock: new VirtualClock() }), WaitTerminalError);
    assert.strictEqual(s.calls, 2);
  });

  it("honours the AbortSignal mid-wait and before starting", async () => {
    const ac = new AbortController();
    let calls = 0;
    const poll = async (): Promise<Probe> => { if (++calls === 2) ac.abort(); return notYet; };
    await assert.rejects(waitUntil({ what: "x", timeoutMs: 60_000, poll }, { clock: new VirtualClock(), signal: ac.signal }), WaitAbortedError);
    assert.strictEqual(calls, 2);
    await assert.rejects(waitUntil({ what: "x", timeoutMs: 60_000, poll }, { clock: new VirtualClock(), signal: ac.signal }), WaitAbortedError);
    assert.strictEqual(calls, 2);
  });

  it("propagates a probe error at once", async () => {
    const poll = async (): Promise<Probe> => { throw new Error("401 unauthorized"); };
    await assert.rejects(waitUntil({ what: "x", timeoutMs: 60_000, poll }, { clock: new VirtualClock() }), /401 unauthorized/);
  });

  it("computes capped backoff delays", () => {
    assert.deepStrictEqual([1, 2, 3, 4, 5, 6, 7, 8].map((a) => backoffDelay(undefined, a)), [250, 500, 1000, 2000, 4000, 8000, 10000, 10000]);
  });
});

describe("memoize", () => {
  it("reads once however many callers ask", async () => {
    let reads = 0;
    const health = memoize(async () => ++reads);
    assert.deepStrictEqual(await Promise.all([health(), health(), health()]), [1, 1, 1]);
    assert.strictEqual(reads, 1);
  });
});
