/**
 * @module rollout
 * The executor every resource uses to roll nodes. See docs/rollout.md.
 */
export * from "./types";
export * from "./errors";
export { Clock, systemClock, VirtualClock } from "./clock";
export { executeRollout, DEFAULT_GATE_TIMEOUT_MS, phaseOfStep } from "./executor";
export { activeGates, gateOk, gateWait, isGateName, runGates } from "./gates";
export { backoffDelay, DEFAULT_BACKOFF, waitUntil, WaitOptions } from "./wait";
export { memoize } from "./memo";
export { TimedStepContext } from "./step-runner";
