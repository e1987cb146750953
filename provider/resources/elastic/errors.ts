/**
 * @module resources/elastic/errors — one class per way ElasticDeploymentVersion refuses or stops. Every message
 * says what to do next and never carries a credential.
 */
import type { Violation } from "../../versions";

/** The target is not a legal upgrade from what runs now (a named rule from provider/versions). */
export class UpgradeRefusedError extends Error {
  override readonly name = "UpgradeRefusedError";
  constructor(readonly from: string, readonly to: string, readonly violations: readonly Violation[]) {
    super(
      `refusing to upgrade ${from} → ${to}: ` +
        violations.map((v) => `${v.rule}: ${v.message} (fix: ${v.fix})`).join("; ") +
        ". Nothing was changed.",
    );
  }
}

/** Something already runs a version above the target: upgrades never go back down. */
export class DowngradeRefusedError extends Error {
  override readonly name = "DowngradeRefusedError";
  constructor(readonly what: string, readonly running: string, readonly target: string) {
    super(`refusing to downgrade: ${what} runs ${running}, above the target ${target} (rule no_downgrade). Set version to ${running} or higher; nothing was changed.`);
  }
}

/** `GET /_migration/deprecations` (or the Upgrade Assistant) reports blocking findings before a major hop. */
export class DeprecationsBlockedError extends Error {
  override readonly name = "DeprecationsBlockedError";
  constructor(readonly hop: string, readonly findings: readonly string[], readonly policy: string) {
    super(
      `the major upgrade ${hop} is blocked by ${findings.length} deprecation finding(s) (policy deprecations: "${policy}"): ` +
        findings.slice(0, 5).join("; ") +
        (findings.length > 5 ? `; +${findings.length - 5} more` : "") +
        `. Resolve them (Kibana Upgrade Assistant or GET /_migration/deprecations), then run the update again.`,
    );
  }
}

/** An Elastic Cloud plan is already running on the deployment. */
export class CloudPlanPendingError extends Error {
  override readonly name = "CloudPlanPendingError";
  constructor(readonly deploymentId: string, readonly resources: readonly string[]) {
    super(
      `deployment ${deploymentId} has a plan still pending on ${resources.join(", ")}; ` +
        `wait for it to finish or cancel it (DELETE /deployments/${deploymentId}/<kind>/<ref_id>/plan/pending), then run the update again. Nothing was changed.`,
    );
  }
}

/** The Elastic Cloud plan attempt ended in error. */
export class CloudPlanFailedError extends Error {
  override readonly name = "CloudPlanFailedError";
  constructor(readonly resource: string, readonly to: string, readonly step: string, readonly detail: string) {
    super(`the Elastic Cloud plan upgrading ${resource} to ${to} failed at step ${step}: ${detail}. Check the deployment's activity page, fix the cause, then run the update again.`);
  }
}

/** Elastic Cloud does not offer the hop (stack versions API `upgradable_to`). */
export class CloudHopNotOfferedError extends Error {
  override readonly name = "CloudHopNotOfferedError";
  constructor(readonly from: string, readonly to: string, readonly offered: readonly string[]) {
    super(
      `Elastic Cloud does not offer ${from} → ${to} (upgradable_to of ${from}: ${offered.length ? offered.slice(-8).join(", ") : "none"}). ` +
        `Pick a target the platform offers, or a catalog entry it knows; nothing was changed.`,
    );
  }
}

/** Kibana runs a version above Elasticsearch's target: Kibana never goes ahead of Elasticsearch. */
export class KibanaAheadError extends Error {
  override readonly name = "KibanaAheadError";
  constructor(readonly kibana: string, readonly target: string) {
    super(`Kibana runs ${kibana}, above the target ${target}; Kibana must never be ahead of Elasticsearch. Raise version to at least ${kibana}; nothing was changed.`);
  }
}

/** The id given to import/refresh does not match the cluster found at the configured endpoint. */
export class TargetMismatchError extends Error {
  override readonly name = "TargetMismatchError";
  constructor(readonly id: string, readonly found: string) {
    super(`resource id ${id} does not match the cluster at the configured endpoint (${found}); point elasticsearch.url (or ELASTICSEARCH_URL) at the right cluster.`);
  }
}

/** An id that is neither `elasticsearch:<cluster uuid>` nor `cloud:<deployment id>`. */
export class BadResourceIdError extends Error {
  override readonly name = "BadResourceIdError";
  constructor(readonly id: string) {
    super(`"${id}" is not an ElasticDeploymentVersion id: use elasticsearch:<cluster_uuid> (self-managed; url from ELASTICSEARCH_URL or provider config) or cloud:<deployment id>.`);
  }
}
