/**
 * @module rollout/step-runner
 * One step's lifecycle: prepare → (safe point) → act → wait for the post-condition → cleanup, whatever
 * happened. Returns the outcome; the executor records it. The action itself is never interrupted.
 */
import type { StepStatus } from "../plan/schema";
import type { Clock } from "./clock";
import { WaitAbortedError, WaitTimeoutError } from "./errors";
import type { ProgressEvent, StepContext, StepHandlers, StepOutcome, StepRef, WaitSpec } from "./types";
import { waitUntil } from "./wait";

/** What the runner needs from the run that hosts it. */
export interface StepHost<O> {
  readonly handlers: StepHandlers<O>;
  readonly clock: Clock;
  /** the run's cancellation signal (also aborted when the run deadline passes) */
  readonly signal: AbortSignal;
  /** absolute clock time of the run deadline (Infinity when none) */
  readonly deadlineAt: number;
  stopRequested(): boolean;
  emit(e: ProgressEvent): void;
  /** records that the step's node rejoined (timeline: rejoin ends, recovery starts); see markRejoined */
  markRejoined?(ref: StepRef): void;
}

/**
 * The StepContext the runner hands out, plus `markRejoined()`: a resource may call it from its
 * post-condition wait when the node is back in the cluster but recovery (e.g. shards) still runs, so the
 * timeline splits "rejoin/recovery" into rejoin and recovery. Not in `StepContext` (rollout/types.ts) yet:
 * until it is, call it as `(ctx as TimedStepContext<O>).markRejoined?.()`.
 */
export interface TimedStepContext<O> extends StepContext<O> {
  markRejoined(): void;
}

export interface StepRunResult {
  readonly outcome: StepOutcome;
  readonly error?: unknown;
  /** the action was issued (the node may have changed) */
  readonly acted: boolean;
}

const NEVER = new AbortController().signal;

/** Context for a step's callbacks; cleanup gets one that is never aborted and has no run deadline. */
export function stepContext<O>(host: StepHost<O>, ref: StepRef, observation: O, forCleanup: boolean): TimedStepContext<O> {
  const signal = forCleanup ? NEVER : host.signal;
  return {
    markRejoined: () => {
      if (!forCleanup) host.markRejoined?.(ref);
    },
    observation,
    signal,
    clock: host.clock,
    note: (message) => host.emit({ kind: "step-note", level: "status", step: ref, message: `${ref.name}: ${message}` }),
    waitUntil: (w: WaitSpec) =>
      waitUntil(w, {
        signal,
        clock: host.clock,
        deadlineAt: forCleanup ? undefined : host.deadlineAt,
        onWait: (reason, attempt) =>
          host.emit({ kind: "waiting", level: "status", step: ref, what: w.what, reason, attempt, message: `${ref.name}: waiting for ${w.what}: ${reason}` }),
      }),
  };
}

export async function runStepLifecycle<O>(
  host: StepHost<O>,
  ref: StepRef,
  observation: O,
  setStatus: (status: StepStatus) => void,
): Promise<StepRunResult> {
  const h = host.handlers;
  const ctx = stepContext(host, ref, observation, false);
  let outcome: StepOutcome = "complete";
  let error: unknown;
  let acted = false;
  try {
    if (h.prepare) await h.prepare(ref, ctx);
    // safe point: prepared, nothing done to the node yet
    if (host.stopRequested()) {
      outcome = "cancelled";
    } else {
      setStatus("STARTING");
      acted = true;
      await h.act(ref, ctx); // never interrupted: the executor does not leave a node half-done
      setStatus("STARTED");
      await ctx.waitUntil(h.postCondition(ref, ctx));
    }
  } catch (e) {
    // an aborted wait, or a wait cut short by the run deadline, is a stop, not a step failure
    if (e instanceof WaitAbortedError || (e instanceof WaitTimeoutError && host.clock.now() >= host.deadlineAt)) outcome = "cancelled";
    else {
      outcome = "failed";
      error = e;
    }
  }
  if (h.cleanup) {
    try {
      await h.cleanup(ref, stepContext(host, ref, observation, true), outcome);
    } catch (e) {
      if (outcome !== "failed") error = e;
      outcome = "failed";
    }
  }
  return { outcome, error, acted };
}
