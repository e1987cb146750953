/**
 * @module rollout/types
 * What a resource supplies to the executor (`RolloutSpec`) and what it gets back (`RolloutResult`,
 * `ProgressEvent`, checkpoints on the thrown `RolloutStoppedError`). See docs/rollout.md.
 */
import type { Approvals, Plan, StepRef, StepStatus } from "../plan/schema";
export type { StepRef } from "../plan/schema";
import type { Clock } from "./clock";

/** A gate's answer. "Not now" is a value; throwing means the gate could not be evaluated. */
export type GateVerdict = { readonly ok: true } | { readonly ok: false; readonly wait: string };

export interface GateContext<O> {
  /** this pass's observation (observed once per pass) */
  readonly observation: O;
  /** the working plan as of this pass (step statuses are current) */
  readonly plan: Readonly<Plan>;
  /** steps acted on and not finished yet */
  readonly inFlight: readonly StepRef[];
  /** candidates already selected in this pass, before this one (ECK "alreadySelected") */
  readonly selected: readonly StepRef[];
  /** whether a step (by id) is COMPLETE in the working plan */
  isStepComplete(stepId: string): boolean;
}

/**
 * A named safety rule checked before a step is started. Names are public snake_case sentences
 * (`one_master_at_a_time`); they appear in progress events and plan messages and can be disabled by name.
 */
export interface Gate<O> {
  readonly name: string;
  /** one sentence: why the rule exists (shown when the gate is disabled) */
  readonly why: string;
  /** limit the gate to some steps (default: all) */
  appliesTo?(step: StepRef): boolean;
  check(step: StepRef, ctx: GateContext<O>): GateVerdict | Promise<GateVerdict>;
}

/** One probe of a wait: done, not yet (with why), or a terminal state that will never become done. */
export type Probe =
  | { readonly done: true }
  | { readonly done: false; readonly reason: string }
  | { readonly terminal: string };

export interface Backoff {
  /** first delay, ms (default 250) */
  initialMs?: number;
  /** delay cap, ms (default 10_000) */
  maxMs?: number;
  /** growth factor (default 2) */
  factor?: number;
}

/**
 * A post-condition (or any condition) to wait for. Prefers `serverSide` (one long call such as
 * `_cluster/health?wait_for_nodes=…&timeout=…`, given the remaining time) when supplied, otherwise `poll`
 * with backoff. Always bounded by `timeoutMs`; fails fast on a `terminal` probe.
 */
export interface WaitSpec {
  /** what is awaited, for messages: "es-0 rejoined on 8.19.4" */
  readonly what: string;
  readonly timeoutMs: number;
  serverSide?(opts: { signal: AbortSignal; timeoutMs: number }): Promise<Probe>;
  poll?(signal: AbortSignal): Promise<Probe>;
  readonly backoff?: Backoff;
}

/** Handed to a step's callbacks. */
export interface StepContext<O> {
  /** the observation of the pass that selected the step */
  readonly observation: O;
  /**
   * The run's cancellation signal. Use it for waits. Do NOT abort a node's action half-way on it: the
   * executor never cancels inside `act`; it stops at the next safe point and runs `cleanup`.
   */
  readonly signal: AbortSignal;
  readonly clock: Clock;
  /** emit a free-form status line for this step */
  note(message: string): void;
  /** the wait helper bound to this run's signal, clock and deadline */
  waitUntil(spec: WaitSpec): Promise<void>;
  /**
   * Records that the step's node is back (timeline: the rejoin bar ends, recovery starts). Call it from the
   * post-condition once the node answers again; effective only while the step waits for its post-condition.
   */
  markRejoined?(): void;
}

export type StepOutcome = "complete" | "failed" | "cancelled";

/** What a resource does for one step. */
export interface StepHandlers<O> {
  /** e.g. disable shard allocation and flush; step becomes PREPARED */
  prepare?(step: StepRef, ctx: StepContext<O>): Promise<void>;
  /** the action, e.g. run the node hook / call the upgrade API; STARTING while it runs, STARTED after */
  act(step: StepRef, ctx: StepContext<O>): Promise<void>;
  /** the post-condition to wait for after `act` (e.g. node rejoined on the target version) */
  postCondition(step: StepRef, ctx: StepContext<O>): WaitSpec;
  /**
   * Always runs once `prepare` has run (or, without prepare, once the step was selected), whatever the
   * outcome: e.g. re-enable shard allocation. Errors here fail the rollout.
   */
  cleanup?(step: StepRef, ctx: StepContext<O>, outcome: StepOutcome): Promise<void>;
}

/** Everything a resource supplies to roll its nodes. */
export interface RolloutSpec<O> {
  /** built by `buildPlan` from the hops and phases/steps per hop */
  readonly plan: Plan;
  /** approvals (persisted intent); default: the plan's own `approvals` */
  readonly approvals?: Approvals;
  /** observe the live system; called once per pass, the result is shared by all gates of that pass */
  observe(signal: AbortSignal): Promise<O>;
  /** has this step's goal been reached (e.g. node already on hop.to)? Such steps are never acted on */
  isComplete(step: StepRef, observation: O): boolean;
  /**
   * Optional: order the not-yet-complete steps of the current phase from live state before selection
   * (e.g. Redis: current master node first, re-identified every pass). Default: plan order.
   */
  order?(steps: readonly StepRef[], observation: O): readonly StepRef[];
  readonly gates?: readonly Gate<O>[];
  readonly steps: StepHandlers<O>;
}

export type ProgressLevel = "status" | "info" | "warning" | "error";

/**
 * Progress events. `status` = ephemeral (Pulumi status line), `info` = milestone, `warning`/`error` durable.
 * Every event carries a ready-to-print `message`.
 */
export type ProgressEvent = { readonly level: ProgressLevel; readonly message: string } & (
  | { readonly kind: "started"; readonly complete: number; readonly total: number }
  | { readonly kind: "gate-disabled"; readonly gate: string }
  | { readonly kind: "step-started"; readonly step: StepRef; readonly n: number; readonly total: number }
  | { readonly kind: "step-status"; readonly step: StepRef; readonly status: StepStatus }
  | { readonly kind: "step-note"; readonly step: StepRef }
  | { readonly kind: "step-finished"; readonly step: StepRef; readonly status: StepStatus; readonly complete: number; readonly total: number }
  | { readonly kind: "gate-waiting"; readonly step: StepRef; readonly gate: string; readonly reason: string }
  | { readonly kind: "waiting"; readonly step?: StepRef; readonly what: string; readonly reason: string; readonly attempt: number }
  | { readonly kind: "paused"; readonly next: string }
  | { readonly kind: "stopped"; readonly reason: string }
  | { readonly kind: "complete"; readonly total: number }
);

export type ProgressSink = (event: ProgressEvent) => void;

export interface RolloutOptions {
  /** cancellation (Pulumi Cancel, SIGINT): stops at the next safe point */
  readonly signal?: AbortSignal;
  readonly onProgress?: ProgressSink;
  /** default: the system clock */
  readonly clock?: Clock;
  /** gate names to skip (a warning is emitted per name); "*" disables every gate */
  readonly disabledGates?: readonly string[];
  /** how long the rollout may wait on gates before giving up (default 30 min) */
  readonly gateTimeoutMs?: number;
  /** backoff between gate re-checks (re-observing each time) */
  readonly gateBackoff?: Backoff;
  /** deadline for the whole run, ms from start; reaching it stops like a cancellation */
  readonly timeoutMs?: number;
}

/** A run that ended normally: everything complete, or paused waiting for the approval named in `next`. */
export type RolloutResult =
  | { readonly outcome: "complete"; readonly plan: Plan; readonly stepsRun: number }
  | { readonly outcome: "paused"; readonly plan: Plan; readonly next: string; readonly stepsRun: number };

/** Carried by every RolloutStoppedError: the plan with accurate statuses and what went wrong. */
export interface Checkpoint {
  readonly plan: Plan;
  readonly error: string;
  /** the step id where the run stopped, when one was involved */
  readonly stoppedAt?: string;
}
