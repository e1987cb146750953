/**
 * @module plan/status
 * Steps store their status; every parent (phase, hop group, plan) derives its status through
 * `aggregateStatus`, the one ordered rule ladder (after DC/OS PlanUtils.getAggregateStatus).
 */
import { Hop, Plan, PlanPhase, PlanStep, Status } from "./schema";

const ACTIVE: ReadonlySet<Status> = new Set<Status>(["PREPARED", "STARTING", "STARTED", "IN_PROGRESS"]);

/**
 * Derives a parent's status from its children's statuses.
 * @param children statuses of the children (already derived for parents)
 * @param hasErrors the parent itself carries errors
 * @param interrupted the parent itself waits for an approval
 * @example aggregateStatus(["COMPLETE", "PENDING"], false, false) // "IN_PROGRESS"
 */
export function aggregateStatus(children: readonly Status[], hasErrors: boolean, interrupted: boolean): Status {
  // Ordering matters throughout this function. Modify with care: an error always wins, then "done",
  // then an explicit interruption, then "the next child to run waits for an approval" (children run in
  // order; only the first incomplete one can hold the parent up), then partial progress, then pending.
  if (hasErrors || children.includes("ERROR")) return "ERROR";
  if (children.every((s) => s === "COMPLETE")) return "COMPLETE";
  if (interrupted) return "WAITING";
  const anyActive = children.some((s) => ACTIVE.has(s));
  const next = children.find((s) => s !== "COMPLETE");
  if (!anyActive && next === "WAITING") return "WAITING";
  if (anyActive || children.includes("COMPLETE")) return "IN_PROGRESS";
  if (children.every((s) => s === "PENDING" || s === "WAITING")) return "PENDING";
  // Unreachable with the statuses above; report rather than guess (DC/OS: "Unexpected state").
  return "ERROR";
}

/** A step reports WAITING while interrupted (needs an approval) and not yet started. */
export function stepStatus(step: PlanStep): Status {
  if (step.interrupted && (step.status === "PENDING" || step.status === "PREPARED")) return "WAITING";
  return step.status;
}

export function phaseStatus(phase: PlanPhase): Status {
  return aggregateStatus(phase.steps.map(stepStatus), false, phase.interrupted === true);
}

/** Phases of one hop, in plan order. */
export function phasesOfHop(plan: Plan, hop: Hop): PlanPhase[] {
  return plan.phases.filter((p) => p.hop.from === hop.from && p.hop.to === hop.to);
}

export function hopStatus(plan: Plan, hop: Hop): Status {
  return aggregateStatus(phasesOfHop(plan, hop).map(phaseStatus), false, false);
}

export function planStatus(plan: Plan): Status {
  // Read like DC/OS PlanInfo: the plan status is computed from the same snapshot as the phases.
  return aggregateStatus(plan.phases.map(phaseStatus), plan.errors.length > 0, false);
}

/** Counts for progress lines: steps complete out of all steps. */
export function stepCounts(plan: Plan): { complete: number; total: number } {
  let complete = 0;
  let total = 0;
  for (const p of plan.phases) {
    for (const s of p.steps) {
      total++;
      if (s.status === "COMPLETE") complete++;
    }
  }
  return { complete, total };
}
