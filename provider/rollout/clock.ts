/**
 * @module rollout/clock
 * Time as a dependency: `systemClock` for real runs, `VirtualClock` for tests and benches (sleeping
 * advances virtual time at once and yields to other tasks, so scenarios run with zero real delay).
 */

export interface Clock {
  now(): number;
  /** resolves after `ms`, rejects with an AbortError-named Error when `signal` aborts first */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export function abortError(signal?: AbortSignal): Error {
  const reason: unknown = signal?.reason;
  if (reason instanceof Error) return reason;
  const e = new Error(typeof reason === "string" ? reason : "the operation was aborted");
  e.name = "AbortError";
  return e;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep(ms, signal) {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(abortError(signal));
      const onAbort = () => {
        clearTimeout(timer);
        reject(abortError(signal));
      };
      const timer = setTimeout(() => {
        signal?.removeEventListener("abort", onAbort);
        resolve();
      }, Math.max(0, ms));
      signal?.addEventListener("abort", onAbort, { once: true });
    });
  },
};

/** Virtual time: `sleep(ms)` moves `now()` forward by `ms` and resolves on the next macrotask. */
export class VirtualClock implements Clock {
  private t: number;
  /** total virtual milliseconds slept, for assertions on "did it back off" (not on real time) */
  slept = 0;
  constructor(start = 0) {
    this.t = start;
  }
  now(): number {
    return this.t;
  }
  advance(ms: number): void {
    this.t += ms;
  }
  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) throw abortError(signal);
    this.t += Math.max(0, ms);
    this.slept += Math.max(0, ms);
    await new Promise<void>((r) => setImmediate(r));
    if (signal?.aborted) throw abortError(signal);
  }
}
