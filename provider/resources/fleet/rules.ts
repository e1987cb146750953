/**
 * @module resources/fleet/rules — PURE: the rules a package target must pass before anything is installed.
 * The version rules come from provider/versions (product "fleet-package": no_downgrade, no_prerelease_target,
 * adjacent_versions_only); Fleet adds three of its own, named like them:
 *   - kibana_version_in_package_range: Kibana itself does not check the requested version's
 *     `conditions.kibana.version` (fleet.md §0.3), so the provider does;
 *   - older_than_latest_needs_force: Fleet answers 400 "out-of-date" for any version older than the latest
 *     compatible one unless forced (fleet.md §0.2), so say it before trying;
 *   - no_prerelease_target also covers Kibana's own notion of a prerelease package (`0.x`, or a beta/experimental
 *     release: `isPackagePrerelease`, fleet.md §2.2, §3.2.9), not only semver prerelease tags.
 */
import * as semver from "semver";
import { checkHop } from "../../versions";
import type { RuleViolation } from "./errors";

export interface TargetFacts {
  packageName: string;
  /** installed version, undefined when no version is installed */
  installed?: string;
  target: string;
  /** Kibana's latestVersion for the target (latest compatible ≥ target; the target itself when the registry is down) */
  latest?: string;
  /** the target manifest's conditions.kibana.version */
  kibanaRange?: string;
  /** the target manifest's release (ga | beta | experimental) */
  release?: string;
  kibanaVersion: string;
  allowPrerelease: boolean;
  force: boolean;
  adjacentVersionsOnly: boolean;
}

/** Kibana's `isPackagePrerelease` plus semver tags and non-GA releases. */
export function isPrereleasePackage(version: string, release?: string): boolean {
  const v = semver.parse(version);
  return (v !== null && (v.prerelease.length > 0 || v.major === 0)) || release === "beta" || release === "experimental";
}

/** Whether installing `target` needs `force` (it is older than the latest compatible version). */
export function needsForce(f: Pick<TargetFacts, "installed" | "target" | "latest">): boolean {
  if (f.installed === f.target) return false; // nothing to install
  return f.latest !== undefined && semver.valid(f.latest) !== null && semver.lt(f.target, f.latest);
}

/** Every rule the target breaks (empty = allowed). Throws only for a malformed version (VersionFormatError). */
export function targetViolations(f: TargetFacts): RuleViolation[] {
  const out: RuleViolation[] = [];
  if (f.installed !== undefined && f.installed !== f.target) {
    const verdict = checkHop("fleet-package", f.installed, f.target, { allowPrerelease: f.allowPrerelease, adjacentVersionsOnly: f.adjacentVersionsOnly });
    // Fleet upgrades from beta/rc packages routinely (a prerelease SOURCE is fine for packages, unlike the stack)
    out.push(...verdict.violations.filter((v) => v.rule !== "no_prerelease_source"));
  }
  if (!f.allowPrerelease && !out.some((v) => v.rule === "no_prerelease_target") && isPrereleasePackage(f.target, f.release) && f.installed !== f.target) {
    out.push({
      rule: "no_prerelease_target",
      message: `${f.target}${f.release && f.release !== "ga" ? ` (release ${f.release})` : ""} is a prerelease package for Fleet`,
      fix: "choose a GA version, or opt in with allowPrerelease: true",
    });
  }
  const kibana = f.kibanaVersion.replace(/-SNAPSHOT$/, "");
  if (f.kibanaRange && f.installed !== f.target && !semver.satisfies(kibana, f.kibanaRange, { includePrerelease: true })) {
    out.push({
      rule: "kibana_version_in_package_range",
      message: `${f.packageName} ${f.target} requires Kibana ${f.kibanaRange} but Kibana runs ${f.kibanaVersion} (Kibana would install it anyway)`,
      fix: `upgrade Kibana into ${f.kibanaRange} first, or pick a ${f.packageName} version whose range includes ${f.kibanaVersion}`,
    });
  }
  if (!f.force && needsForce(f) && !out.some((v) => v.rule === "no_downgrade")) {
    out.push({
      rule: "older_than_latest_needs_force",
      message: `${f.target} is older than the latest compatible ${f.packageName} ${f.latest}; Fleet refuses it as out-of-date`,
      fix: `set force: true to install ${f.target} anyway, or target ${f.latest}`,
    });
  }
  return out;
}
