/**
 * @module plan/approvals
 * Approvals are interruptions (DC/OS InterruptibleStrategy): `manual` interrupts every phase after
 * `approvedThrough`; `canary` interrupts the first `canarySteps` steps beyond `canaryApproved`.
 * Only the approvals are persisted; everything else is re-derived.
 */
import { UnknownApprovalError } from "./errors";
import { Approvals, Plan, PlanPhase } from "./schema";
import { phaseStatus } from "./status";

/** The name a user writes in `approvedThrough` for a phase: "<phase>" for one hop, else "<to>/<phase>". */
export function phaseKey(plan: Plan, phase: PlanPhase): string {
  return plan.hops.length > 1 ? `${phase.hop.to}/${phase.name}` : phase.name;
}

/**
 * Index of the last phase `approvedThrough` allows to run: -1 for none, last index for "*".
 * Accepts "<phase>" (first hop that has it), "<to>/<phase>" and "<from>-><to>/<phase>".
 * @throws UnknownApprovalError when the name matches no phase
 */
export function approvedPhaseIndex(plan: Plan, approvedThrough: string | undefined): number {
  if (approvedThrough === undefined) return -1;
  const wanted = approvedThrough.trim();
  if (wanted === "*") return plan.phases.length - 1;
  const idx = plan.phases.findIndex(
    (p) =>
      p.name === wanted ||
      `${p.hop.to}/${p.name}` === wanted ||
      `${p.hop.from}->${p.hop.to}/${p.name}` === wanted,
  );
  if (idx < 0) throw new UnknownApprovalError(approvedThrough, plan.phases.map((p) => phaseKey(plan, p)));
  return idx;
}

/** Sets interruption flags, `approvals` and `next` on a plan owned by the caller (mutates it). */
export function applyApprovalsInPlace(plan: Plan, approvals: Approvals): Plan {
  plan.approvals = { ...approvals };
  const manual = plan.strategy.name === "manual";
  const canary = plan.strategy.name === "canary";
  const approvedIdx = manual ? approvedPhaseIndex(plan, approvals.approvedThrough) : -1;
  const released = approvals.canaryApproved ?? 0;
  let index = 0;
  plan.phases.forEach((phase, i) => {
    if (manual && i > approvedIdx) phase.interrupted = true;
    else delete phase.interrupted;
    for (const step of phase.steps) {
      if (canary && index < plan.strategy.canarySteps && index >= released) step.interrupted = true;
      else delete step.interrupted;
      index++;
    }
  });
  refreshNextInPlace(plan);
  return plan;
}

/** Pure form of `applyApprovalsInPlace`. */
export function applyApprovals(plan: Plan, approvals: Approvals): Plan {
  return applyApprovalsInPlace(structuredClone(plan), approvals);
}

/**
 * What to approve next, as the user writes it (`approvedThrough: "master"`, `canaryApproved: 2`),
 * or undefined when nothing incomplete waits for an approval.
 */
export function nextApproval(plan: Plan): string | undefined {
  if (plan.strategy.name === "manual") {
    const phase = plan.phases.find((p) => p.interrupted && phaseStatus(p) !== "COMPLETE");
    return phase ? `approvedThrough: "${phaseKey(plan, phase)}"` : undefined;
  }
  if (plan.strategy.name === "canary") {
    let index = 0;
    for (const phase of plan.phases) {
      for (const step of phase.steps) {
        if (step.interrupted && step.status !== "COMPLETE") return `canaryApproved: ${index + 1}`;
        index++;
      }
    }
  }
  return undefined;
}

export function refreshNextInPlace(plan: Plan): void {
  const next = nextApproval(plan);
  if (next === undefined) delete plan.next;
  else plan.next = next;
}
