/**
 * @module resources/fleet/survey — read-only look at Kibana for one FleetIntegration: running Kibana version,
 * installed version, the TARGET version's package info (fetched without installing it), the package's policies in
 * the space, the client-side merge of each selected policy into the target (merge.ts: conflicts, removed
 * inputs/streams), breaking changes from the changelog, and the rules. Used by preview, up, check and read.
 */
import * as semver from "semver";
import { changesBetween, type KibanaFleetClient, type PackageInfo, type PackagePolicy } from "../../clients/kibana-fleet";
import type { KibanaStatusClient } from "../../clients/kibana";
import { messageOf } from "../../rollout";
import { KibanaVersionUnknownError, UnknownPoliciesError, type RuleViolation } from "./errors";
import { mergePolicies, type ExistingPolicy, type TargetPackage } from "./merge";
import { needsForce, targetViolations } from "./rules";
import type { ChangeRecord, ConflictRecord, Inputs, RemovedRecord } from "./schema";

/** Packages whose policies always follow the package (fleet.md §3.1, Kibana `autoUpgradePoliciesPackages`). */
export const AUTO_UPGRADE_POLICIES_PACKAGES: readonly string[] = ["apm", "synthetics", "cloud_security_posture", "cloud_asset_inventory"];

export interface Installed {
  version: string;
  keepPoliciesUpToDate: boolean;
}

/** What Kibana says now about the package and its policies (no target needed). */
export interface Observation {
  installed?: Installed;
  /** every policy of the package in the space, oldest first */
  policies: PackagePolicy[];
}

export interface Survey extends Observation {
  kibanaVersion: string;
  target: PackageInfo;
  latest?: string;
  needForce: boolean;
  violations: RuleViolation[];
  /** selected policies (policyIds / upgradePolicies) */
  selected: PackagePolicy[];
  /** selected policies not yet on the target */
  behind: PackagePolicy[];
  conflicts: ConflictRecord[];
  removed: RemovedRecord[];
  breaking: ChangeRecord[];
  /** version the changelog and plan hop start from (lowest of installed and behind policies) */
  from?: string;
  warnings: string[];
}

export const policyVersion = (p: PackagePolicy): string => p.package?.version ?? "";

/** Installed version (installationInfo.version: `status` says installed for ANY version, fleet.md §0.7) and policies. */
export async function observe(fleet: KibanaFleetClient, packageName: string, signal?: AbortSignal): Promise<Observation> {
  const [info, policies] = await Promise.all([
    fleet.getPackageInfo(packageName, undefined, { signal }).catch((e: unknown) => {
      if ((e as { status?: number }).status === 404) return undefined;
      throw e;
    }),
    fleet.listPoliciesOfPackage(packageName, { signal }),
  ]);
  const inst = info?.item.installationInfo;
  const installed = inst && inst.install_status === "installed" ? { version: inst.version, keepPoliciesUpToDate: info?.item.keepPoliciesUpToDate ?? false } : undefined;
  return { installed, policies };
}

export async function kibanaVersionOf(status: KibanaStatusClient, url: string, signal?: AbortSignal): Promise<string> {
  const s = await status.status({ signal });
  if (!s.version) throw new KibanaVersionUnknownError(url);
  return s.version;
}

/** Selection by policyIds / upgradePolicies; unknown ids are refused (they would otherwise be silently ignored). */
export function selectPolicies(inputs: Inputs, policies: PackagePolicy[], spaceId: string): PackagePolicy[] {
  if (!inputs.upgradePolicies) return [];
  if (!inputs.policyIds) return policies;
  const missing = inputs.policyIds.filter((id) => !policies.some((p) => p.id === id));
  if (missing.length) throw new UnknownPoliciesError(inputs.package, spaceId, missing);
  return policies.filter((p) => inputs.policyIds!.includes(p.id));
}

const behindTarget = (p: PackagePolicy, target: string): boolean => {
  const v = policyVersion(p);
  return v !== target && (!semver.valid(v) || semver.lt(v, target));
};

/** The full read-only survey. Throws client errors (registry unreachable, auth …) as they come. */
export async function survey(clients: { fleet: KibanaFleetClient; status: KibanaStatusClient }, inputs: Inputs, url: string, spaceId: string, signal?: AbortSignal): Promise<Survey> {
  const { fleet } = clients;
  const [kibanaVersion, obs] = await Promise.all([kibanaVersionOf(clients.status, url, signal), observe(fleet, inputs.package, signal)]);
  const target = (await fleet.getPackageInfo(inputs.package, inputs.version, { signal })).item;
  const latest = target.latestVersion;
  const facts = {
    packageName: inputs.package,
    installed: obs.installed?.version,
    target: inputs.version,
    latest,
    kibanaRange: target.conditions?.kibana?.version,
    release: target.release,
    kibanaVersion,
    allowPrerelease: inputs.allowPrerelease,
    force: inputs.force,
    adjacentVersionsOnly: inputs.adjacentVersionsOnly,
  };
  const violations = targetViolations(facts);
  const selected = selectPolicies(inputs, obs.policies, spaceId);
  const behind = selected.filter((p) => behindTarget(p, inputs.version));
  const merged = mergePolicies(behind as unknown as ExistingPolicy[], target as unknown as TargetPackage);
  const conflicts: ConflictRecord[] = merged.conflicts.map((c) => ({ ...c, source: "merge" as const }));
  const removed: RemovedRecord[] = merged.removed.map((r) => ({ ...r }));
  const lows = [obs.installed?.version, ...behind.map(policyVersion)].filter((v): v is string => !!v && semver.valid(v) !== null && semver.lt(v, inputs.version));
  const from = lows.sort(semver.compare)[0] ?? obs.installed?.version;
  const warnings: string[] = [];
  let breaking: ChangeRecord[] = [];
  if (from && semver.valid(from) && semver.lt(from, inputs.version)) {
    try {
      const entries = changesBetween(await fleet.getChangelog(inputs.package, inputs.version, { signal }), from, inputs.version);
      breaking = entries.flatMap((e) => e.changes.filter((c) => c.type === "breaking-change").map((c) => ({ version: e.version, type: c.type, description: c.description, ...(c.link ? { link: c.link } : {}) })));
    } catch (e) {
      warnings.push(`the changelog of ${inputs.package} ${inputs.version} could not be read (${messageOf(e)}); breaking changes are not listed`);
    }
  }
  return { ...obs, kibanaVersion, target, latest, needForce: needsForce(facts), violations, selected, behind, conflicts, removed, breaking, from, warnings };
}
