/**
 * @module resources/fleet/apply — preview and up of one FleetIntegration. Order (fleet.md §0, §5): survey without
 * side effects → refuse on rules → refuse on conflicts (onConflict: block) before touching anything → install the
 * package (force only when needed) → wait until installationInfo.version is the target → ONE dry run for the
 * selected policies (authoritative, it compares against the now-installed package) → upgrade each clean policy
 * with its own call (Fleet's bulk call is not atomic, §0.5) → keepPoliciesUpToDate as asked → observe and record.
 * A failure after the first change throws PartialFailureError with the per-policy record; the next up resumes
 * from what Kibana reports (policies already on the target are never upgraded again).
 */
import * as semver from "semver";
import { dryRunErrors, type KibanaFleetClient, type PackagePolicy } from "../../clients/kibana-fleet";
import { messageOf } from "../../rollout";
import { PartialFailureError, redact, type ResourceContext } from "../core";
import { clientsFor, resolveConnection, secretsOf, type Clients } from "./connect";
import { InstallNotConfirmedError, PolicyConflictsError, UpgradeRefusedError } from "./errors";
import { conflictsByPolicy, impactSummary, markStep, PACKAGE_PHASE, planUpgrade, policyRecords, POLICIES_PHASE } from "./plan";
import type { ConflictRecord, Inputs, Outcome, Outputs } from "./schema";
import { AUTO_UPGRADE_POLICIES_PACKAGES, observe, policyVersion, survey, type Observation, type Survey } from "./survey";

/** Resource id: the package name, prefixed by the space when it is not the default one (`ops/nginx`). */
export const resourceId = (spaceId: string, pkg: string): string => (spaceId === "default" ? pkg : `${spaceId}/${pkg}`);

/** How long to wait for Kibana to report the target as installed (install is synchronous; this is a safety net). */
export const installWait = { timeoutMs: 300_000, intervalMs: 500 };

export async function withClients<T>(inputs: Inputs, ctx: ResourceContext, fn: (c: Clients, url: string, spaceId: string, secrets: string[]) => Promise<T>): Promise<T> {
  const conn = resolveConnection(inputs, ctx.config);
  const clients = clientsFor(conn);
  for (const w of clients.fleet.warnings) ctx.warn(w);
  const secrets = [...secretsOf(conn), ...ctx.config.secretValues()];
  try {
    return await fn(clients, conn.url, conn.spaceId, secrets);
  } finally {
    await clients.close();
  }
}

interface RunRecord {
  upgraded: Set<string>;
  failures: Map<string, string>;
  conflicts: ConflictRecord[];
}

export function buildOutputs(
  inputs: Inputs,
  where: { url: string; spaceId: string },
  obs: Observation,
  s: Pick<Survey, "kibanaVersion" | "latest" | "removed" | "breaking"> | undefined,
  run: RunRecord,
  outcome: Outcome,
  extra: { plan?: Outputs["plan"]; message?: string } = {},
): Outputs {
  const selectedIds = new Set(
    !inputs.upgradePolicies ? [] : obs.policies.filter((p) => !inputs.policyIds || inputs.policyIds.includes(p.id)).map((p) => p.id),
  );
  const stillBehind = new Set(obs.policies.filter((p) => policyVersion(p) !== inputs.version).map((p) => p.id));
  const conflicts = run.conflicts.filter((c) => stillBehind.has(c.policyId));
  const o: Outputs = {
    package: inputs.package,
    version: obs.installed?.version ?? "",
    targetVersion: inputs.version,
    latestVersion: s?.latest,
    kibanaUrl: where.url,
    spaceId: where.spaceId,
    kibanaVersion: s?.kibanaVersion,
    policiesFollowPackage: obs.installed?.keepPoliciesUpToDate ?? false,
    alwaysFollowsPackage: AUTO_UPGRADE_POLICIES_PACKAGES.includes(inputs.package),
    policies: policyRecords(obs.policies, { target: inputs.version, selectedIds, conflicts: conflictsByPolicy(conflicts), failures: run.failures, upgraded: run.upgraded }),
    conflicts,
    removedInputs: (s?.removed ?? []).filter((r) => stillBehind.has(r.policyId)),
    breakingChanges: s?.breaking ?? [],
    outcome,
    message: extra.message,
    plan: extra.plan,
    upgradePolicies: inputs.upgradePolicies,
    policyIds: inputs.policyIds,
    keepPoliciesUpToDate: inputs.keepPoliciesUpToDate,
    allowPrerelease: inputs.allowPrerelease,
    force: inputs.force,
    onConflict: inputs.onConflict,
    adjacentVersionsOnly: inputs.adjacentVersionsOnly,
  };
  return JSON.parse(JSON.stringify(o)) as Outputs;
}

/** Poll package info until Kibana reports the target installed; fail fast on a failed attempt at the target. */
async function waitInstalled(fleet: KibanaFleetClient, pkg: string, target: string, signal: AbortSignal): Promise<void> {
  const deadline = Date.now() + installWait.timeoutMs;
  for (;;) {
    const info = (await fleet.getPackageInfo(pkg, undefined, { signal })).item.installationInfo;
    if (info?.version === target && info.install_status === "installed") return;
    if (info?.install_status === "install_failed") throw new InstallNotConfirmedError(pkg, target, `Kibana reports install_failed (${info.latest_install_failed_attempts?.[0]?.error.message ?? "no detail"})`);
    if (info?.install_status === "installed" && info.latest_install_failed_attempts?.[0]?.target_version === target) {
      throw new InstallNotConfirmedError(pkg, target, `Kibana rolled back to ${info.version}: ${info.latest_install_failed_attempts[0].error.message}`);
    }
    if (Date.now() > deadline) throw new InstallNotConfirmedError(pkg, target, `still ${info?.version ?? "not installed"} (${info?.install_status ?? "unknown"}) after ${installWait.timeoutMs} ms`);
    if (signal.aborted) throw new InstallNotConfirmedError(pkg, target, "cancelled while waiting");
    await new Promise((r) => setTimeout(r, installWait.intervalMs));
  }
}

/** Ids an earlier run recorded as upgraded (kept so the record still says "upgraded" after a resume). */
export function previouslyUpgraded(olds: Outputs | undefined, target: string): Set<string> {
  if (!olds || olds.targetVersion !== target) return new Set();
  return new Set(olds.policies.filter((p) => p.status === "upgraded").map((p) => p.id));
}

/** Preview (ctx.preview) and up share this. */
export async function apply(inputs: Inputs, ctx: ResourceContext, olds?: Outputs): Promise<{ id: string; outputs: Outputs }> {
  return withClients(inputs, ctx, async (clients, url, spaceId, secrets) => {
    const { fleet } = clients;
    const id = resourceId(spaceId, inputs.package);
    const where = { url, spaceId };
    const s = await survey(clients, inputs, url, spaceId, ctx.signal);
    for (const w of s.warnings) ctx.warn(w);
    if (s.violations.length) throw new UpgradeRefusedError(inputs.package, inputs.version, s.violations);

    const alwaysFollows = AUTO_UPGRADE_POLICIES_PACKAGES.includes(inputs.package);
    if (alwaysFollows && (!inputs.upgradePolicies || inputs.policyIds || inputs.keepPoliciesUpToDate === false)) {
      ctx.warn(`${inputs.package} policies always follow the package: Fleet upgrades every one of them on install and they cannot be held back (upgradePolicies, policyIds and keepPoliciesUpToDate: false do not apply)`);
    }
    if (s.removed.length) {
      ctx.warn(`Fleet drops these silently when the policies are upgraded: ${s.removed.map((r) => `${r.policyName}: ${r.input}${r.stream ? `/${r.stream}` : ""}${r.wasEnabled ? " (was collecting data)" : ""}`).join(", ")}`);
    }
    const installNeeded = s.installed?.version !== inputs.version;
    const mergeConflicted = new Set(s.conflicts.map((c) => c.policyId));
    const toUpgrade = s.behind.filter((p) => !mergeConflicted.has(p.id));
    const plan = planUpgrade(inputs.package, s.from, inputs.version, installNeeded, toUpgrade);
    ctx.info(
      impactSummary({
        resource: ctx.name, packageName: inputs.package, spaceId, kibanaVersion: s.kibanaVersion, installed: s.installed?.version, target: inputs.version,
        latest: s.latest, needForce: s.needForce, toUpgrade: s.behind.length, conflicts: s.conflicts, onConflict: inputs.onConflict, removed: s.removed,
        breaking: s.breaking, notSelected: s.policies.length - s.selected.length, alwaysFollows, keepPoliciesUpToDate: inputs.keepPoliciesUpToDate,
      }),
    );
    const run: RunRecord = { upgraded: previouslyUpgraded(olds, inputs.version), failures: new Map(), conflicts: [...s.conflicts] };

    if (ctx.preview) {
      if (s.conflicts.length && inputs.onConflict === "block") ctx.warn(new PolicyConflictsError(inputs.package, inputs.version, s.conflicts).message);
      return { id, outputs: buildOutputs(inputs, where, s, s, run, "planned", { plan }) };
    }
    // block: refuse with the full conflict list BEFORE anything changes
    if (s.conflicts.length && inputs.onConflict === "block") throw new PolicyConflictsError(inputs.package, inputs.version, s.conflicts);
    if (s.conflicts.length) ctx.warn(`onConflict: skip — left as they are: ${[...conflictsByPolicy(s.conflicts)].map(([pid, m]) => `${s.behind.find((p) => p.id === pid)?.name ?? pid} (${m})`).join("; ")}`);

    let changed = false;
    let stop: unknown;
    try {
      if (installNeeded) {
        ctx.status(`installing ${inputs.package} ${inputs.version}${s.needForce ? " (force)" : ""}`);
        markStep(plan, PACKAGE_PHASE, inputs.package, "STARTING");
        await fleet.installPackage(inputs.package, inputs.version, { force: s.needForce, signal: ctx.signal });
        changed = true;
        await waitInstalled(fleet, inputs.package, inputs.version, ctx.signal);
        markStep(plan, PACKAGE_PHASE, inputs.package, "COMPLETE");
        ctx.info(`${inputs.package} ${inputs.version} installed${s.installed ? ` (was ${s.installed.version})` : ""}`);
      }
      if (s.selected.length) await upgradePolicies(fleet, inputs, ctx, s, mergeConflicted, run, plan, () => (changed = true));
      if (inputs.keepPoliciesUpToDate !== undefined && !(alwaysFollows && inputs.keepPoliciesUpToDate === false)) {
        const now = await observe(fleet, inputs.package, ctx.signal);
        if (now.installed && now.installed.keepPoliciesUpToDate !== inputs.keepPoliciesUpToDate) {
          await fleet.updatePackageSettings(inputs.package, { keepPoliciesUpToDate: inputs.keepPoliciesUpToDate }, { signal: ctx.signal });
          changed = true;
          ctx.info(`${inputs.package}: keepPoliciesUpToDate set to ${inputs.keepPoliciesUpToDate}`);
        }
      }
    } catch (e) {
      if (!changed) throw e; // nothing moved: a plain error, the state stays as it was
      stop = e;
      if (plan) plan.errors.push(redact(messageOf(e), secrets));
    }

    let after: Observation;
    try {
      after = await observe(fleet, inputs.package);
    } catch {
      after = { installed: s.installed && !installNeeded ? s.installed : undefined, policies: s.policies };
    }
    const blockedByDryRun = inputs.onConflict === "block" && run.conflicts.some((c) => c.source === "dryrun");
    if (stop !== undefined || run.failures.size || blockedByDryRun) {
      const reasons = [
        ...(stop !== undefined ? [redact(messageOf(stop), secrets)] : []),
        ...[...run.failures].map(([pid, m]) => `policy ${s.policies.find((p) => p.id === pid)?.name ?? pid} (${pid}) was not upgraded: ${m}`),
        ...(blockedByDryRun ? run.conflicts.filter((c) => c.source === "dryrun").map((c) => `policy ${c.policyName} (${c.policyId}) conflicts per Kibana's dry run: ${c.field}: ${c.message}`) : []),
      ];
      const outputs = buildOutputs(inputs, where, after, s, run, "failed", { plan, message: reasons[0] });
      const done = outputs.policies.filter((p) => p.status === "upgraded").map((p) => p.name);
      const message =
        `${inputs.package} ${inputs.version}: stopped part-way (package ${outputs.version || "not installed"}; upgraded: ${done.join(", ") || "none"}; ` +
        `not upgraded: ${outputs.policies.filter((p) => p.status === "failed" || p.status === "pending" || p.status === "conflict").map((p) => p.name).join(", ") || "none"}). ` +
        `Fix the causes listed and run up again: it resumes and never upgrades a policy twice.`;
      throw new PartialFailureError<Outputs>(message, { id, outputs, reasons: [message, ...reasons] });
    }
    return { id, outputs: buildOutputs(inputs, where, after, s, run, "complete", { plan }) };
  });
}

/** ONE dry run for the selected policies still behind, then one upgrade call per clean policy, in order. */
async function upgradePolicies(
  fleet: KibanaFleetClient,
  inputs: Inputs,
  ctx: ResourceContext,
  s: Survey,
  mergeConflicted: ReadonlySet<string>,
  run: RunRecord,
  plan: Outputs["plan"],
  onChange: () => void,
): Promise<void> {
  const selectedIds = new Set(s.selected.map((p) => p.id));
  // re-read: keepPoliciesUpToDate packages have just been upgraded by Fleet itself on install
  const now = (await fleet.listPoliciesOfPackage(inputs.package, { signal: ctx.signal })).filter((p) => selectedIds.has(p.id));
  const behind = now.filter((p) => policyVersion(p) !== inputs.version && (!semver.valid(policyVersion(p)) || semver.lt(policyVersion(p), inputs.version)));
  // behind at the survey, on the target now: Fleet moved them on install (keepPoliciesUpToDate)
  for (const p of now) {
    if (behind.includes(p) || !s.behind.some((b) => b.id === p.id)) continue;
    run.upgraded.add(p.id);
    markStep(plan, POLICIES_PHASE, p.id, "COMPLETE");
  }
  const candidates = behind.filter((p) => !mergeConflicted.has(p.id));
  if (!candidates.length) return;
  ctx.status(`dry run of ${candidates.length} ${inputs.package} ${candidates.length === 1 ? "policy" : "policies"} against ${inputs.version}`);
  const items = await fleet.dryRunUpgrade(candidates.map((p) => p.id), { signal: ctx.signal });
  const clean: PackagePolicy[] = [];
  candidates.forEach((p, i) => {
    const item = items[i];
    const errs = item ? dryRunErrors(item) : [{ key: undefined, message: "no dry-run result for this policy" }];
    if (item && !item.hasErrors) return void clean.push(p);
    for (const e of errs.length ? errs : [{ key: undefined, message: item?.body?.message ?? "the dry run reports errors" }]) {
      run.conflicts.push({ policyId: p.id, policyName: p.name, field: e.key ?? "(policy)", message: e.message, source: "dryrun" });
    }
    markStep(plan, POLICIES_PHASE, p.id, "ERROR", `conflicts per Kibana's dry run: ${errs.map((e) => `${e.key ?? "(policy)"}: ${e.message}`).join("; ")}`);
  });
  for (const [i, p] of clean.entries()) {
    if (ctx.signal.aborted) {
      run.failures.set(p.id, "not attempted: the operation was cancelled");
      continue;
    }
    ctx.status(`upgrading policy ${p.name} to ${inputs.version} (${i + 1}/${clean.length})`);
    markStep(plan, POLICIES_PHASE, p.id, "STARTING");
    try {
      await fleet.upgradePolicy(p.id, { signal: ctx.signal });
      onChange();
      run.upgraded.add(p.id);
      markStep(plan, POLICIES_PHASE, p.id, "COMPLETE");
      ctx.info(`policy ${p.name} (${p.id}) upgraded ${policyVersion(p)} → ${inputs.version}`);
    } catch (e) {
      const m = messageOf(e);
      run.failures.set(p.id, m);
      markStep(plan, POLICIES_PHASE, p.id, "ERROR", m);
      ctx.warn(`policy ${p.name} (${p.id}) was not upgraded: ${m}`);
    }
  }
  if (ctx.signal.aborted && plan) plan.stoppedAt = plan.phases.find((ph) => ph.name === POLICIES_PHASE)?.steps.find((st) => st.status === "PENDING")?.id;
}
