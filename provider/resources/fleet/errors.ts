/**
 * @module resources/fleet/errors — one class per way FleetIntegration refuses or stops, each saying what to do next.
 * Messages never carry credentials (they name packages, versions, policies and fields only).
 */

/** A named rule the requested upgrade breaks (same shape as versions' Violation, plus Fleet-only rules). */
export interface RuleViolation {
  rule: string;
  message: string;
  fix: string;
}

/** The target breaks one or more upgrade rules (downgrade, prerelease, Kibana range, out-of-date without force …). */
export class UpgradeRefusedError extends Error {
  override readonly name = "UpgradeRefusedError";
  constructor(readonly packageName: string, readonly target: string, readonly violations: RuleViolation[]) {
    super(
      `${packageName} ${target} is refused: ` +
        violations.map((v) => `${v.message} [${v.rule}]; ${v.fix}`).join(" | ") +
        ". Nothing was changed.",
    );
  }
}

/** onConflict: block and at least one selected policy does not validate against the target. Nothing was changed. */
export class PolicyConflictsError extends Error {
  override readonly name = "PolicyConflictsError";
  constructor(
    readonly packageName: string,
    readonly target: string,
    readonly conflicts: { policyId: string; policyName: string; field: string; message: string }[],
  ) {
    const policies = new Set(conflicts.map((c) => c.policyId)).size;
    super(
      `${packageName} ${target}: ${policies} integration ${policies === 1 ? "policy conflicts" : "policies conflict"} with the target, so nothing was changed:\n` +
        conflicts.map((c) => `  - ${c.policyName} (${c.policyId}): ${c.field}: ${c.message}`).join("\n") +
        `\nSet the missing or invalid values on those policies in Kibana, exclude them with policyIds, or set onConflict: "skip" to upgrade the clean ones and leave these.`,
    );
  }
}

/** policyIds names policies that are not policies of the package in the space. */
export class UnknownPoliciesError extends Error {
  override readonly name = "UnknownPoliciesError";
  constructor(readonly packageName: string, readonly spaceId: string, readonly ids: string[]) {
    super(
      `policyIds ${ids.join(", ")} ${ids.length === 1 ? "is not an integration policy" : "are not integration policies"} of ${packageName} in space "${spaceId}": ` +
        `check the ids (Fleet → Integrations → ${packageName} → Integration policies) and the space.`,
    );
  }
}

/** Kibana's status did not include its version (redacted status): the range rule cannot be evaluated. */
export class KibanaVersionUnknownError extends Error {
  override readonly name = "KibanaVersionUnknownError";
  constructor(url: string) {
    super(
      `Kibana at ${url} did not report its version on /api/status, so the package's Kibana version range cannot be checked: ` +
        `use credentials that can read the full status (any authenticated user with access to Kibana), then run again.`,
    );
  }
}

/** The install call returned but Kibana never reported the target as installed. */
export class InstallNotConfirmedError extends Error {
  override readonly name = "InstallNotConfirmedError";
  constructor(readonly packageName: string, readonly target: string, detail: string) {
    super(`${packageName} ${target} was not confirmed as installed: ${detail}. Check Fleet → Integrations → ${packageName} and Kibana's logs, then run again.`);
  }
}
