/**
 * @module plan/schema
 * The plain-data form of a rollout plan (plan → phases → steps, phases grouped by hop) and of the inputs
 * that build it. Types come from these zod schemas. The `Plan` document goes into resource outputs and is
 * what `upgrades plan show` finds and renders.
 */
import { z } from "zod";

/** One version hop of an upgrade path, e.g. 8.17.3 → 8.19.4. Computed by provider/versions. */
export const Hop = z.object({ from: z.string().min(1), to: z.string().min(1) });
export type Hop = z.infer<typeof Hop>;

/**
 * Statuses a step STORES. Progression: PENDING → PREPARED → STARTING → STARTED → COMPLETE, or ERROR.
 * - PREPARED: gates passed and the step is claimed; its `prepare` (e.g. disable shard allocation) runs.
 * - STARTING: the action (restart/upgrade) is running.
 * - STARTED: the action returned; waiting for the post-condition (e.g. node rejoined on the target version).
 */
export const STEP_STATUSES = ["PENDING", "PREPARED", "STARTING", "STARTED", "COMPLETE", "ERROR"] as const;
export const StepStatus = z.enum(STEP_STATUSES);
export type StepStatus = z.infer<typeof StepStatus>;

/**
 * Every status an element can REPORT. WAITING and IN_PROGRESS are derived only and never stored:
 * WAITING = interrupted (needs an approval) while PENDING/PREPARED, IN_PROGRESS = a parent partly done.
 */
export const STATUSES = [...STEP_STATUSES, "WAITING", "IN_PROGRESS"] as const;
export const Status = z.enum(STATUSES);
export type Status = z.infer<typeof Status>;

export const STRATEGY_NAMES = ["serial", "parallel", "canary", "manual"] as const;
export const StrategyName = z.enum(STRATEGY_NAMES);
export type StrategyName = z.infer<typeof StrategyName>;

/**
 * How a plan runs. `serial` (default): one step at a time. `parallel`: up to `maxUnavailable` steps of a
 * phase at once. `canary`: the first `canarySteps` steps of the plan each need a go-ahead
 * (`Approvals.canaryApproved`), then the rest runs unattended. `manual`: a phase runs only once approved
 * (`Approvals.approvedThrough`). Phases always run one after another; canary/manual run steps in parallel
 * inside a phase when `maxUnavailable` > 1.
 */
export const Strategy = z.object({
  name: StrategyName.default("serial"),
  maxUnavailable: z.number().int().min(1).default(1),
  canarySteps: z.number().int().min(1).default(2),
});
export type Strategy = z.output<typeof Strategy>;
export type StrategyInput = z.input<typeof Strategy>;

/**
 * The only persisted intent. `approvedThrough`: last phase allowed to run under `manual`, as
 * "<phase>" (first hop that has it), "<to>/<phase>", "<from>-><to>/<phase>", or "*" (everything).
 * `canaryApproved`: how many of the canary steps have been released (0 = none).
 */
export const Approvals = z.object({
  approvedThrough: z.string().min(1).optional(),
  canaryApproved: z.number().int().min(0).optional(),
});
export type Approvals = z.infer<typeof Approvals>;

/**
 * When a step went through its lifecycle, as clock times in epoch milliseconds (the executor's clock;
 * a VirtualClock in tests). All optional: plans built before timings existed, or steps never started,
 * have none. Segments drawn by `upgrades plan show --svg`: prepare = preparedAt→startedAt (stop /
 * restart preparation), upgrade = startedAt→actedAt (the node's action), rejoin = actedAt→rejoinedAt,
 * recovery = rejoinedAt→completedAt; without `rejoinedAt` the segment actedAt→completedAt is
 * "rejoin/recovery".
 */
export const StepTiming = z.object({
  /** claimed after the gates passed; `prepare` starts */
  preparedAt: z.number().finite().optional(),
  /** the action (restart/upgrade) starts */
  startedAt: z.number().finite().optional(),
  /** the action returned; the post-condition wait starts */
  actedAt: z.number().finite().optional(),
  /** optional mark set by a resource: the node is back in the cluster (recovery still running) */
  rejoinedAt: z.number().finite().optional(),
  completedAt: z.number().finite().optional(),
  failedAt: z.number().finite().optional(),
  /** the run stopped (cancel/deadline) while this step was in flight */
  stoppedAt: z.number().finite().optional(),
});
export type StepTiming = z.infer<typeof StepTiming>;

/**
 * Gate holds of a step, coalesced per gate name so the list stays bounded: first and last time the gate
 * said "not now", how many times, and the latest reason.
 */
export const GateHold = z.object({
  gate: z.string().min(1),
  reason: z.string(),
  firstAt: z.number().finite(),
  lastAt: z.number().finite(),
  count: z.number().int().min(1),
});
export type GateHold = z.infer<typeof GateHold>;

export const PlanStep = z.object({
  /** unique in the plan: "<from>-><to>/<phase>/<target>" */
  id: z.string().min(1),
  /** display name, defaults to the target */
  name: z.string().min(1),
  /** the node/unit the step acts on (resource-defined id) */
  target: z.string().min(1),
  /** resource-defined labels, e.g. ["master"], readable by gates */
  tags: z.array(z.string()).optional(),
  status: StepStatus,
  /** needs an approval before it may start (canary); reported as WAITING while PENDING/PREPARED */
  interrupted: z.boolean().optional(),
  /** last note about the step, e.g. which gate it waits on */
  message: z.string().optional(),
  error: z.string().optional(),
  /** lifecycle times recorded by the executor (epoch ms) */
  timing: StepTiming.optional(),
  /** gate holds recorded by the executor, one entry per gate */
  gates: z.array(GateHold).optional(),
});
export type PlanStep = z.infer<typeof PlanStep>;

export const PhaseStrategy = z.enum(["serial", "parallel"]);
export type PhaseStrategy = z.infer<typeof PhaseStrategy>;

export const PlanPhase = z.object({
  name: z.string().min(1),
  hop: Hop,
  strategy: PhaseStrategy,
  maxUnavailable: z.number().int().min(1),
  /** not approved yet (manual): reported as WAITING until complete */
  interrupted: z.boolean().optional(),
  steps: z.array(PlanStep),
});
export type PlanPhase = z.infer<typeof PlanPhase>;

export const PLAN_KIND = "upgrades.plan";

export const Plan = z.object({
  kind: z.literal(PLAN_KIND),
  version: z.literal(1),
  name: z.string().min(1),
  strategy: Strategy,
  hops: z.array(Hop),
  phases: z.array(PlanPhase),
  approvals: Approvals,
  /** what to approve next, e.g. `approvedThrough: "master"`; absent when nothing waits for approval */
  next: z.string().optional(),
  /** where the last run stopped (step id), when it stopped early */
  stoppedAt: z.string().optional(),
  /** plan-level errors (step errors live on the steps) */
  errors: z.array(z.string()),
});
export type Plan = z.infer<typeof Plan>;

// ---- inputs to buildPlan -------------------------------------------------------------------------

export const StepInput = z.object({
  target: z.string().min(1),
  name: z.string().min(1).optional(),
  tags: z.array(z.string()).optional(),
});
export type StepInput = z.input<typeof StepInput>;

export const PhaseInput = z.object({
  name: z.string().min(1),
  /** force this phase serial (e.g. masters) or parallel; default follows the plan strategy */
  strategy: PhaseStrategy.optional(),
  /** override the plan's maxUnavailable for this phase (parallel only) */
  maxUnavailable: z.number().int().min(1).optional(),
  steps: z.array(StepInput),
});
export type PhaseInput = z.input<typeof PhaseInput>;

export const HopInput = Hop.extend({ phases: z.array(PhaseInput) });
export type HopInput = z.input<typeof HopInput>;

export const PlanInput = z.object({
  name: z.string().min(1),
  strategy: Strategy.optional(),
  hops: z.array(HopInput),
  approvals: Approvals.optional(),
});
export type PlanInput = z.input<typeof PlanInput>;

/** Read-only view of one step, as resource callbacks (isComplete, gates, handlers) receive it. */
export interface StepRef {
  /** unique in the plan: "<from>-><to>/<phase>/<target>" */
  readonly id: string;
  readonly name: string;
  /** the node/unit id the step acts on */
  readonly target: string;
  readonly tags: readonly string[];
  readonly phase: string;
  readonly hop: Hop;
  /** 0-based position in the whole plan */
  readonly index: number;
}
