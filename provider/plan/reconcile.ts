/**
 * @module plan/reconcile
 * Re-derives step completion from an observation of the live system (DC/OS hasReachedGoalState):
 * a step whose goal is already reached is COMPLETE, every other step starts over as PENDING. Stored
 * statuses of a previous run are never trusted; only approvals carry over.
 */
import { applyApprovalsInPlace } from "./approvals";
import { Approvals, Plan, PlanPhase, PlanStep } from "./schema";

/**
 * @param isComplete the resource's answer for one step (e.g. node already on `phase.hop.to`)
 * @param approvals default: the plan's own approvals
 * @example const preview = reconcilePlan(plan, (s, p) => versionOf(s.target) >= p.hop.to)
 */
export function reconcilePlan(
  plan: Plan,
  isComplete: (step: PlanStep, phase: PlanPhase) => boolean,
  approvals: Approvals = plan.approvals,
): Plan {
  const next = structuredClone(plan);
  next.errors = [];
  delete next.stoppedAt;
  for (const phase of next.phases) {
    for (const step of phase.steps) {
      step.status = isComplete(step, phase) ? "COMPLETE" : "PENDING";
      delete step.error;
      delete step.message;
    }
  }
  return applyApprovalsInPlace(next, approvals);
}
