/**
 * @module rollout/wait
 * The one wait helper: server-side wait first (when the resource supplies one), else poll with backoff.
 * Every wait has a deadline, honours an AbortSignal and fails fast on a terminal probe.
 */
import { Clock, systemClock } from "./clock";
import { WaitAbortedError, WaitTerminalError, WaitTimeoutError } from "./errors";
import type { Backoff, Probe, WaitSpec } from "./types";

export interface WaitOptions {
  readonly signal?: AbortSignal;
  readonly clock?: Clock;
  /** absolute `clock.now()` value that caps `spec.timeoutMs` (the run's own deadline) */
  readonly deadlineAt?: number;
  /** called after each "not yet" probe */
  onWait?(reason: string, attempt: number): void;
}

export const DEFAULT_BACKOFF: Required<Backoff> = { initialMs: 250, maxMs: 10_000, factor: 2 };

/** Delay sequence: initial, initial*factor, … capped at maxMs. */
export function backoffDelay(backoff: Backoff | undefined, attempt: number): number {
  const b = { ...DEFAULT_BACKOFF, ...backoff };
  return Math.min(b.maxMs, b.initialMs * Math.pow(b.factor, Math.max(0, attempt - 1)));
}

/**
 * Resolves when the condition holds; throws WaitTimeoutError, WaitTerminalError or WaitAbortedError.
 * A probe that throws propagates at once: probes should return `{done:false}` for expected transient
 * states (e.g. connection refused while a node restarts).
 * @example
 * await waitUntil({ what: "es-0 rejoined", timeoutMs: 600_000, poll: async () =>
 *   (await nodeVersion("es-0")) === "8.19.4" ? { done: true } : { done: false, reason: "not rejoined" } })
 */
export async function waitUntil(spec: WaitSpec, options: WaitOptions = {}): Promise<void> {
  const clock = options.clock ?? systemClock;
  const signal = options.signal ?? new AbortController().signal;
  if (!spec.serverSide && !spec.poll) throw new TypeError(`wait for ${spec.what} has neither serverSide nor poll`);
  const start = clock.now();
  const deadline = Math.min(start + spec.timeoutMs, options.deadlineAt ?? Infinity);
  let lastReason: string | undefined;
  for (let attempt = 1; ; attempt++) {
    if (signal.aborted) throw new WaitAbortedError(spec.what);
    const remaining = deadline - clock.now();
    if (remaining <= 0) throw new WaitTimeoutError(spec.what, deadline - start, lastReason);
    let probe: Probe;
    try {
      probe = spec.serverSide ? await spec.serverSide({ signal, timeoutMs: remaining }) : await spec.poll!(signal);
    } catch (e) {
      if (signal.aborted) throw new WaitAbortedError(spec.what);
      throw e;
    }
    if ("terminal" in probe) throw new WaitTerminalError(spec.what, probe.terminal);
    if (probe.done) return;
    lastReason = probe.reason;
    options.onWait?.(probe.reason, attempt);
    const left = deadline - clock.now();
    if (left <= 0) throw new WaitTimeoutError(spec.what, deadline - start, lastReason);
    try {
      await clock.sleep(Math.min(backoffDelay(spec.backoff, attempt), left), signal);
    } catch {
      throw new WaitAbortedError(spec.what);
    }
  }
}
