/**
 * @module plan/reconcile
 * Re-derives step completion from an observation of the live system (DC/OS hasReachedGoalState):
 * a step whose goal is already reached is COMPLETE, every other step starts over as PENDING. Stored
 * statuses of a previous run are never trusted; only approvals carry over.
 */
import { applyApprovalsInPlace } from "./approvals";
import { Approvals, Plan, StepRef } from "./schema";

/** Read-only views of every step, in plan order (the same objects shape the executor hands out). */
export function stepRefs(plan: Plan): StepRef[] {
  const refs: StepRef[] = [];
  for (const phase of plan.phases) {
    for (const step of phase.steps) {
      refs.push(Object.freeze({
        id: step.id,
        name: step.name,
        target: step.target,
        tags: Object.freeze([...(step.tags ?? [])]),
        phase: phase.name,
        hop: Object.freeze({ from: phase.hop.from, to: phase.hop.to }),
        index: refs.length,
      }));
    }
  }
  return refs;
}

/**
 * For previews: the plan as the live system stands, without acting. Use the same `isComplete` as the
 * executor's `RolloutSpec.isComplete`, partially applied to an observation.
 * @param approvals default: the plan's own approvals
 * @example const preview = reconcilePlan(plan, (s) => onOrAfter(obs.nodes[s.target].version, s.hop.to))
 */
export function reconcilePlan(plan: Plan, isComplete: (step: StepRef) => boolean, approvals: Approvals = plan.approvals): Plan {
  const next = structuredClone(plan);
  next.errors = [];
  delete next.stoppedAt;
  const refs = stepRefs(next);
  let i = 0;
  for (const phase of next.phases) {
    for (const step of phase.steps) {
      step.status = isComplete(refs[i++]) ? "COMPLETE" : "PENDING";
      delete step.error;
      delete step.message;
    }
  }
  return applyApprovalsInPlace(next, approvals);
}
