/**
 * @module plan/strategy
 * Which steps may start now. One rule for every strategy: phases run in order; inside the current phase,
 * `serial` offers the first pending step, `parallel` every pending step within the `maxUnavailable`
 * budget; interrupted (unapproved) steps and phases are never offered; under `canary` the canary steps go
 * one at a time and nothing else starts before they are all complete.
 */
import { Plan, PlanPhase, PlanStep, StepStatus } from "./schema";

const ACTIVE: ReadonlySet<StepStatus> = new Set<StepStatus>(["PREPARED", "STARTING", "STARTED"]);

export type Selection =
  | { readonly state: "complete" }
  /** a step of the current phase is in ERROR: nothing starts */
  | { readonly state: "error"; readonly phase: PlanPhase }
  /** the next thing to run needs an approval (see plan.next) */
  | { readonly state: "approval"; readonly phase: PlanPhase }
  /** `candidates` in order; at most `budget` of them may start now (0 while the budget is used up) */
  | { readonly state: "run"; readonly phase: PlanPhase; readonly candidates: readonly PlanStep[]; readonly budget: number };

/** The first phase that still has an incomplete step. */
export function currentPhase(plan: Plan): PlanPhase | undefined {
  return plan.phases.find((p) => p.steps.some((s) => s.status !== "COMPLETE"));
}

/**
 * @param order optional re-ordering of the current phase's PENDING steps from live state
 */
export function selectCandidates(plan: Plan, order?: (pending: PlanStep[], phase: PlanPhase) => PlanStep[]): Selection {
  const phase = currentPhase(plan);
  if (!phase) return { state: "complete" };
  if (phase.steps.some((s) => s.status === "ERROR")) return { state: "error", phase };
  if (phase.interrupted) return { state: "approval", phase };
  const active = phase.steps.filter((s) => ACTIVE.has(s.status)).length;
  let pending = phase.steps.filter((s) => s.status === "PENDING");
  if (plan.strategy.name === "canary") {
    const canary = firstIncompleteCanary(plan);
    if (canary) {
      // canary steps go one at a time, each after its own go-ahead; the rest waits for them
      if (canary.status !== "PENDING") return { state: "run", phase, candidates: [], budget: 0 };
      if (canary.interrupted) return { state: "approval", phase };
      return { state: "run", phase, candidates: [canary], budget: active === 0 ? 1 : 0 };
    }
  }
  if (order && pending.length > 1) pending = order(pending, phase);
  const limit = phase.strategy === "serial" ? 1 : phase.maxUnavailable;
  const budget = Math.max(0, limit - active);
  if (phase.strategy === "serial") {
    const first = pending[0];
    if (!first) return { state: "run", phase, candidates: [], budget: 0 };
    if (first.interrupted) return { state: "approval", phase };
    return { state: "run", phase, candidates: [first], budget };
  }
  const candidates = pending.filter((s) => !s.interrupted);
  if (candidates.length === 0 && active === 0 && pending.length > 0) return { state: "approval", phase };
  return { state: "run", phase, candidates, budget };
}

function firstIncompleteCanary(plan: Plan): PlanStep | undefined {
  let index = 0;
  for (const phase of plan.phases) {
    for (const step of phase.steps) {
      if (index >= plan.strategy.canarySteps) return undefined;
      if (step.status !== "COMPLETE") return step;
      index++;
    }
  }
  return undefined;
}
