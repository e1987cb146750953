// Several Kibana Fleet integration packages kept on the versions in ONE stack config map (Pulumi.<stack>.yaml):
//
//   pulumi config set --path 'fleet-integrations:packages.nginx.version' 1.20.0
//   pulumi preview   # per package: installed → target, policies to upgrade, conflicts, dropped inputs, breaking changes
//   pulumi up        # blocks on conflicts before touching anything, or installs and upgrades each clean policy
//
// The Kibana connection comes from provider config (upgrades:kibanaUrl, upgrades:kibanaApiKey or
// upgrades:kibanaUsername/kibanaPassword) or the KIBANA_* environment variables.
import * as pulumi from "@pulumi/pulumi";
import * as upgrades from "pulumi-upgrades";

interface PackageSettings {
  version: string;
  onConflict?: "block" | "skip";
  force?: boolean;
  allowPrerelease?: boolean;
  upgradePolicies?: boolean;
  policyIds?: string[];
  keepPoliciesUpToDate?: boolean;
  adjacentVersionsOnly?: boolean;
}

const config = new pulumi.Config();
const packages = config.requireObject<Record<string, string | PackageSettings>>("packages");
const spaceId = config.get("spaceId") ?? "default";

const integrations = Object.entries(packages).map(([name, entry]) => {
  const settings: PackageSettings = typeof entry === "string" ? { version: entry } : entry;
  return new upgrades.FleetIntegration(name, { ...settings, package: name, kibana: { spaceId } });
});

const byPackage = <T>(pick: (i: upgrades.FleetIntegration) => pulumi.Output<T>) =>
  pulumi.all(integrations.map((i) => pulumi.all([i.package, pick(i)]))).apply((pairs) => Object.fromEntries(pairs) as Record<string, T>);

/** installed version per package, as Kibana reports it */
export const versions = byPackage((i) => i.version);
/** per package: each integration policy, its version and what happened to it */
export const policies = byPackage((i) => i.policies);
/** per package: policies that do not validate against the target (policy, field, message) */
export const conflicts = byPackage((i) => i.conflicts);
/** per package: inputs/streams Fleet drops silently on upgrade */
export const removedInputs = byPackage((i) => i.removedInputs);
export const breakingChanges = byPackage((i) => i.breakingChanges);
/** rollout plans, readable with `pulumi stack output --json | upgrades plan show` */
export const plans = byPackage((i) => i.plan);
