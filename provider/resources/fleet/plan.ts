/**
 * @module resources/fleet/plan — PURE: the rollout plan of one package upgrade (phase "package": the install;
 * phase "policies": one step per clean policy, in order), the per-policy record, and the one-paragraph impact
 * summary shown by preview. Step statuses are derived from observed versions, never remembered.
 */
import { buildPlan, type Plan } from "../../plan";
import type { PackagePolicy } from "../../clients/kibana-fleet";
import type { ChangeRecord, ConflictRecord, PolicyRecord, RemovedRecord } from "./schema";

export const PACKAGE_PHASE = "package";
export const POLICIES_PHASE = "policies";

const versionOf = (p: PackagePolicy): string => p.package?.version ?? "";

/** Plan for `packageName` from → target: the install step (when needed) and one step per policy to upgrade. */
export function planUpgrade(packageName: string, from: string | undefined, target: string, installNeeded: boolean, toUpgrade: PackagePolicy[]): Plan | undefined {
  if (!installNeeded && toUpgrade.length === 0) return undefined;
  const plan = buildPlan({
    name: `${packageName} ${from ?? "(not installed)"} → ${target}`,
    hops: [
      {
        from: from ?? "none",
        to: target,
        phases: [
          { name: PACKAGE_PHASE, steps: [{ target: packageName, name: `install ${packageName} ${target}` }] },
          { name: POLICIES_PHASE, steps: toUpgrade.map((p) => ({ target: p.id, name: p.name })) },
        ],
      },
    ],
  });
  if (!installNeeded) plan.phases[0].steps[0].status = "COMPLETE";
  return plan;
}

/** Mark a step by target (package name or policy id). */
export function markStep(plan: Plan | undefined, phase: string, target: string, status: "COMPLETE" | "ERROR" | "STARTING", error?: string): void {
  const step = plan?.phases.find((p) => p.name === phase)?.steps.find((s) => s.target === target);
  if (!step) return;
  step.status = status;
  if (error) step.error = error;
  else delete step.error;
}

export interface RecordFacts {
  target: string;
  selectedIds: ReadonlySet<string>;
  /** policy id → conflict summary */
  conflicts: ReadonlyMap<string, string>;
  /** policy id → why its upgrade failed */
  failures: ReadonlyMap<string, string>;
  /** ids this resource moved to the target (this run or an earlier one) */
  upgraded: ReadonlySet<string>;
}

/** One record per policy: which were upgraded, which not and why. */
export function policyRecords(policies: PackagePolicy[], f: RecordFacts): PolicyRecord[] {
  return policies.map((p) => {
    const base = { id: p.id, name: p.name, version: versionOf(p) };
    if (!f.selectedIds.has(p.id)) return { ...base, status: "not-selected" as const };
    if (base.version === f.target) return { ...base, status: f.upgraded.has(p.id) ? ("upgraded" as const) : ("current" as const) };
    const conflict = f.conflicts.get(p.id);
    if (conflict) return { ...base, status: "conflict" as const, message: conflict };
    const failure = f.failures.get(p.id);
    if (failure) return { ...base, status: "failed" as const, message: failure };
    return { ...base, status: "pending" as const };
  });
}

/** policy id → "field: message; field: message" */
export function conflictsByPolicy(conflicts: ConflictRecord[]): Map<string, string> {
  const m = new Map<string, string>();
  for (const c of conflicts) m.set(c.policyId, [m.get(c.policyId), `${c.field}: ${c.message}`].filter(Boolean).join("; "));
  return m;
}

export interface ImpactFacts {
  resource: string;
  packageName: string;
  spaceId: string;
  kibanaVersion: string;
  installed?: string;
  target: string;
  latest?: string;
  needForce: boolean;
  toUpgrade: number;
  conflicts: ConflictRecord[];
  onConflict: "block" | "skip";
  removed: RemovedRecord[];
  breaking: ChangeRecord[];
  notSelected: number;
  alwaysFollows: boolean;
  keepPoliciesUpToDate?: boolean;
}

/** A changelog or Kibana text as a clause inside the paragraph: trimmed, without its own closing "." or ";". */
const clause = (s: string): string => s.trim().replace(/[\s.;]+$/, "");

/** The preview paragraph: versions, install, policies to upgrade, conflicts, silent removals, breaking changes. */
export function impactSummary(f: ImpactFacts): string {
  const parts: string[] = [];
  const who = f.resource ? `${f.resource}: ` : "";
  if (f.installed === f.target) parts.push(`${who}${f.packageName} ${f.target} is installed (Kibana ${f.kibanaVersion}, space ${f.spaceId})`);
  else
    parts.push(
      `${who}${f.packageName} ${f.installed ?? "(not installed)"} → ${f.target} (Kibana ${f.kibanaVersion}, space ${f.spaceId})` +
        (f.needForce ? `, installed with force because ${f.latest} is the latest compatible version` : ""),
    );
  const conflicted = new Set(f.conflicts.map((c) => c.policyId));
  if (f.alwaysFollows) {
    parts.push(`${f.packageName} policies always follow the package: Fleet upgrades them on install and they cannot be held back`);
  } else {
    const clean = f.toUpgrade - conflicted.size;
    parts.push(`${f.toUpgrade} integration ${f.toUpgrade === 1 ? "policy" : "policies"} to upgrade one by one${f.toUpgrade ? ` (${clean} clean)` : ""}`);
  }
  if (conflicted.size) {
    const names = [...new Map(f.conflicts.map((c) => [c.policyId, c.policyName])).values()];
    parts.push(
      `${conflicted.size} ${conflicted.size === 1 ? "has" : "have"} conflicts (${f.conflicts.map((c) => `${c.policyName}: ${c.field}: ${clause(c.message)}`).join("; ")}) — ` +
        (f.onConflict === "block" ? "up will refuse before changing anything (onConflict: block)" : `up leaves ${names.join(", ")} on ${f.installed ?? "their version"} (onConflict: skip)`),
    );
  }
  if (f.notSelected) parts.push(`${f.notSelected} not selected`);
  if (f.removed.length) {
    parts.push(`Fleet will silently drop ${f.removed.length} input/stream ${f.removed.length === 1 ? "entry" : "entries"} (${f.removed.map((r) => `${r.policyName}: ${r.input}${r.stream ? `/${r.stream}` : ""}`).join(", ")})`);
  }
  if (f.breaking.length) parts.push(`breaking changes: ${f.breaking.map((b) => `${b.version}: ${clause(b.description)}`).join("; ")}`);
  if (f.keepPoliciesUpToDate !== undefined && !f.alwaysFollows) parts.push(`keepPoliciesUpToDate → ${f.keepPoliciesUpToDate}`);
  return `${clause(parts.join("; "))}.`;
}
