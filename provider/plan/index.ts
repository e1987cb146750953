/**
 * @module plan
 * PURE plan model: build, approvals, strategies, status derivation, rendering. No clients, timers or Pulumi.
 */
export * from "./schema";
export * from "./status";
export * from "./errors";
export { buildPlan, stepId } from "./build";
export { applyApprovals, approvedPhaseIndex, nextApproval, phaseKey } from "./approvals";
export { reconcilePlan, stepRefs } from "./reconcile";
export { currentPhase, selectCandidates, Selection } from "./strategy";
export { renderPlan, strategyLabel } from "./render";
export { renderTimelineSvg, LocatedPlan, TimelineSvgOptions } from "./svg";
export { planTimeline, stepSegments, formatDuration } from "./timeline";
