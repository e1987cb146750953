/**
 * @module plan/errors
 * One class per kind of plan failure; messages say what to do next.
 */

/** The plan input is malformed (bad shape, duplicate step ids). */
export class PlanInputError extends Error {
  override name = "PlanInputError";
  constructor(readonly problems: readonly string[]) {
    super(`invalid plan input: ${problems.join("; ")}. Fix the hops/phases/steps handed to buildPlan.`);
  }
}

/** `approvedThrough` names no phase of the plan. */
export class UnknownApprovalError extends Error {
  override name = "UnknownApprovalError";
  constructor(readonly approvedThrough: string, readonly valid: readonly string[]) {
    super(
      `approvedThrough "${approvedThrough}" names no phase of this plan; ` +
        `use one of: ${valid.map((v) => `"${v}"`).join(", ")} (or "*" to approve everything)`,
    );
  }
}
