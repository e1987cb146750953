/**
 * @module rollout/errors
 * One class per way a rollout stops or a wait fails. Every `RolloutStoppedError` carries a `checkpoint`
 * (the plan with accurate statuses + the error) so the resource can store partial outputs; running again
 * re-observes and resumes.
 */
import type { Checkpoint } from "./types";

/** A wait reached its deadline without its condition becoming true. */
export class WaitTimeoutError extends Error {
  override name = "WaitTimeoutError";
  constructor(readonly what: string, readonly timeoutMs: number, readonly lastReason: string | undefined) {
    super(
      `timed out after ${timeoutMs} ms waiting for ${what}` +
        (lastReason ? ` (last seen: ${lastReason})` : "") +
        "; check the node, then run again to resume",
    );
  }
}

/** A wait saw a state that can never turn into success (e.g. install_failed). */
export class WaitTerminalError extends Error {
  override name = "WaitTerminalError";
  constructor(readonly what: string, readonly state: string) {
    super(`gave up waiting for ${what}: ${state}; fix the cause, then run again to resume`);
  }
}

/** A wait was aborted by the run's cancellation signal. */
export class WaitAbortedError extends Error {
  override name = "WaitAbortedError";
  constructor(readonly what: string) {
    super(`stopped waiting for ${what}: the rollout was cancelled`);
  }
}

/** Base of every error that ends a rollout early; `checkpoint` is what to store. */
export abstract class RolloutStoppedError extends Error {
  constructor(message: string, readonly checkpoint: Checkpoint, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** A step's prepare/act/post-condition/cleanup failed. */
export class StepFailedError extends RolloutStoppedError {
  override name = "StepFailedError";
  constructor(readonly stepId: string, cause: unknown, checkpoint: Checkpoint) {
    const msg = messageOf(cause);
    const next = /run again/.test(msg) ? "" : "; fix the cause and run again: the rollout resumes from the live state";
    super(`step ${stepId} failed: ${msg}${next}`, checkpoint, { cause });
  }
}

/** A gate threw: it could not be evaluated (not the same as "not now"). */
export class GateEvaluationError extends RolloutStoppedError {
  override name = "GateEvaluationError";
  constructor(readonly gate: string, readonly stepId: string, cause: unknown, checkpoint: Checkpoint) {
    super(`gate ${gate} could not be evaluated for step ${stepId}: ${messageOf(cause)}`, checkpoint, { cause });
  }
}

/** A gate kept saying "not now" for longer than gateTimeoutMs. */
export class GateTimeoutError extends RolloutStoppedError {
  override name = "GateTimeoutError";
  constructor(readonly gate: string, readonly stepId: string, readonly reason: string, readonly timeoutMs: number, checkpoint: Checkpoint) {
    super(
      `step ${stepId} waited ${timeoutMs} ms on gate ${gate} (${reason}); fix the condition and run again, ` +
        `or disable the gate by name if you accept the risk`,
      checkpoint,
    );
  }
}

/** Observing the live system failed. */
export class ObservationError extends RolloutStoppedError {
  override name = "ObservationError";
  constructor(cause: unknown, checkpoint: Checkpoint) {
    super(`could not observe the live system: ${messageOf(cause)}; check connectivity and run again`, checkpoint, { cause });
  }
}

/** The run was cancelled (signal) and stopped at a safe point. */
export class RolloutCancelledError extends RolloutStoppedError {
  override name = "RolloutCancelledError";
  constructor(checkpoint: Checkpoint) {
    super(`rollout cancelled${checkpoint.stoppedAt ? ` at ${checkpoint.stoppedAt}` : ""}; run again to resume`, checkpoint);
  }
}

/** The run's own deadline (timeoutMs) passed; it stopped at a safe point. */
export class RolloutDeadlineError extends RolloutStoppedError {
  override name = "RolloutDeadlineError";
  constructor(readonly timeoutMs: number, checkpoint: Checkpoint) {
    super(`rollout deadline of ${timeoutMs} ms reached${checkpoint.stoppedAt ? ` at ${checkpoint.stoppedAt}` : ""}; run again to resume`, checkpoint);
  }
}

export function isRolloutStopped(e: unknown): e is RolloutStoppedError {
  return e instanceof RolloutStoppedError;
}

export function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
