/**
 * @module resources/fleet/schema — inputs and outputs of FleetIntegration (zod; types via z.infer).
 * Cross-field rules live in `inputProblems` so check() reports them with property paths next to the schema's own.
 */
import { z } from "zod";
import { Plan } from "../../plan/schema";

export const KibanaConnection = z
  .object({
    url: z.string().min(1).optional().describe("Kibana URL, e.g. https://kibana.example:5601. Falls back to provider config kibanaUrl, then KIBANA_URL."),
    apiKey: z.string().min(1).optional().describe("Kibana API key (base64 id:key). Secret. Falls back to kibanaApiKey / KIBANA_API_KEY."),
    username: z.string().min(1).optional().describe("Basic-auth user (with password) when no API key is set. Falls back to kibanaUsername / KIBANA_USERNAME."),
    password: z.string().min(1).optional().describe("Basic-auth password. Secret. Falls back to kibanaPassword / KIBANA_PASSWORD."),
    spaceId: z.string().min(1).default("default").describe("Kibana space whose package policies are upgraded (requests go to /s/<space>/api/fleet)."),
    caCertificate: z.string().min(1).optional().describe("PEM of the CA that signed Kibana's certificate."),
    insecureSkipVerify: z.boolean().optional().describe("Disable TLS verification (test stacks only)."),
  })
  .strict();
export type KibanaConnection = z.output<typeof KibanaConnection>;

export const ON_CONFLICT = ["block", "skip"] as const;

/** Fleet package names: lower case, digits and underscores (package-spec `name` pattern). */
const PACKAGE_NAME_RE = /^[a-z0-9_]+$/;

export const inputSchema = z
  .object({
    kibana: KibanaConnection.prefault({}).describe("How to reach Kibana."),
    package: z.string().regex(PACKAGE_NAME_RE, "a Fleet package name: lower case letters, digits and underscores, e.g. nginx").describe("Integration package name, e.g. nginx."),
    version: z.string().min(1).describe("Package version to install, e.g. 1.20.0."),
    upgradePolicies: z.boolean().default(true).describe("Upgrade the package's integration policies after the package (one by one)."),
    policyIds: z.array(z.string().min(1)).optional().describe("Only these integration policies (ids); default: every policy of the package in the space."),
    keepPoliciesUpToDate: z.boolean().optional().describe("Set Fleet's keepPoliciesUpToDate for the package; unset leaves it as it is."),
    allowPrerelease: z.boolean().default(false).describe("Allow a prerelease target (x.y.z-rc1, 0.x, beta/experimental)."),
    force: z.boolean().default(false).describe("Install a version older than the latest compatible one (Fleet refuses it otherwise)."),
    onConflict: z.enum(ON_CONFLICT).default("block").describe("block: refuse the whole upgrade when a policy conflicts; skip: upgrade the clean policies and report the others."),
    adjacentVersionsOnly: z.boolean().default(false).describe("Refuse a target further than the next minor line of the installed version."),
  })
  .strict();
export type Inputs = z.output<typeof inputSchema>;
export type InputsIn = z.input<typeof inputSchema>;

export const SECRET_INPUT_PATHS = ["kibana.apiKey", "kibana.password"] as const;

/** Cross-field problems, with dotted property paths. */
export function inputProblems(i: Inputs): { property: string; reason: string }[] {
  const out: { property: string; reason: string }[] = [];
  const k = i.kibana;
  if (k.url && !/^https?:\/\//.test(k.url)) out.push({ property: "kibana.url", reason: "must start with https:// (or http://)" });
  if (k.url && /\/\/[^/]*@/.test(k.url)) out.push({ property: "kibana.url", reason: "credentials in the URL are not allowed; use kibana.apiKey, or kibana.username and kibana.password" });
  if (k.apiKey && (k.username || k.password)) {
    out.push({ property: "kibana.apiKey", reason: "set either kibana.apiKey or kibana.username + kibana.password, not both (remove one of them)" });
  }
  if (k.password && !k.username && !k.apiKey) out.push({ property: "kibana.username", reason: "kibana.password needs kibana.username" });
  if (i.policyIds && !i.upgradePolicies) out.push({ property: "policyIds", reason: "policyIds only applies with upgradePolicies: true" });
  if (i.policyIds && new Set(i.policyIds).size !== i.policyIds.length) out.push({ property: "policyIds", reason: "policy ids must be unique" });
  return out;
}

// ------------------------------------------------------------------------------------------ outputs

export const POLICY_STATUSES = ["upgraded", "current", "pending", "conflict", "failed", "not-selected"] as const;

/** One integration policy of the package, as last observed, and what happened to it. */
export const PolicyRecord = z.object({
  id: z.string(),
  name: z.string(),
  /** package version the policy is on */
  version: z.string(),
  /**
   * upgraded: moved to the target by this resource; current: already on the target; pending: still to upgrade;
   * conflict: does not validate against the target (left as it is); failed: its upgrade call failed (retried by
   * the next up); not-selected: outside policyIds / upgradePolicies false.
   */
  status: z.enum(POLICY_STATUSES),
  message: z.string().optional(),
});
export type PolicyRecord = z.infer<typeof PolicyRecord>;

export const ConflictRecord = z.object({
  policyId: z.string(),
  policyName: z.string(),
  /** Kibana's dry-run error key, e.g. inputs.httpjson.vars.api_token */
  field: z.string(),
  message: z.string(),
  /** merge = computed client-side before installing; dryrun = Kibana's dry run after installing */
  source: z.enum(["merge", "dryrun"]),
});
export type ConflictRecord = z.infer<typeof ConflictRecord>;

export const RemovedRecord = z.object({
  policyId: z.string(),
  policyName: z.string(),
  input: z.string(),
  stream: z.string().optional(),
  wasEnabled: z.boolean(),
});
export type RemovedRecord = z.infer<typeof RemovedRecord>;

export const ChangeRecord = z.object({
  version: z.string(),
  type: z.string(),
  description: z.string(),
  link: z.string().optional(),
});
export type ChangeRecord = z.infer<typeof ChangeRecord>;

export const OUTCOMES = ["planned", "complete", "failed", "observed"] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const outputSchema = z.object({
  package: z.string(),
  version: z.string().describe("Installed package version as Kibana reports it (installationInfo.version); \"\" when not installed."),
  targetVersion: z.string().describe("The version last asked for."),
  latestVersion: z.string().optional().describe("Latest version compatible with the running Kibana, when the registry answered."),
  kibanaUrl: z.string(),
  spaceId: z.string(),
  kibanaVersion: z.string().optional(),
  policiesFollowPackage: z.boolean().describe("Fleet's keepPoliciesUpToDate as observed: policies are upgraded by Fleet on every package install."),
  alwaysFollowsPackage: z.boolean().describe("apm, synthetics, cloud_security_posture, cloud_asset_inventory: policies always follow the package and cannot be held back."),
  policies: z.array(PolicyRecord),
  conflicts: z.array(ConflictRecord),
  removedInputs: z.array(RemovedRecord).describe("Inputs/streams Fleet drops silently when the policies are upgraded."),
  breakingChanges: z.array(ChangeRecord).describe("Changelog entries of type breaking-change between the installed and the target version."),
  outcome: z.enum(OUTCOMES),
  message: z.string().optional(),
  plan: Plan.optional(),
  /** echo of the non-secret settings, compared by diff */
  upgradePolicies: z.boolean(),
  policyIds: z.array(z.string()).optional(),
  keepPoliciesUpToDate: z.boolean().optional(),
  allowPrerelease: z.boolean(),
  force: z.boolean(),
  onConflict: z.enum(ON_CONFLICT),
  adjacentVersionsOnly: z.boolean(),
});
export type Outputs = z.output<typeof outputSchema>;
