/**
 * @module resources/fleet/handler — FleetIntegration: check (schema, cross-field rules, the rules against the live
 * Kibana when it answers), diff (against the OBSERVED installed version and policy records in outputs), preview /
 * create / update (apply.ts), read (refresh/import: installed version and policy versions, so drift shows), delete
 * (forget: nothing is uninstalled or downgraded).
 */
import * as semver from "semver";
import { MissingSettingError } from "../../config";
import {
  CheckFailure,
  CheckResult,
  containsUnknowns,
  DiffResult,
  diffInputs,
  ReadResult,
  ResourceContext,
  ResourceHandler,
  validateInputs,
} from "../core";
import { apply, buildOutputs, previouslyUpgraded, resourceId, withClients } from "./apply";
import { clientsFor, resolveConnection } from "./connect";
import { targetViolations } from "./rules";
import { Inputs, inputProblems, inputSchema, Outputs, outputSchema, SECRET_INPUT_PATHS } from "./schema";
import { AUTO_UPGRADE_POLICIES_PACKAGES, kibanaVersionOf, observe } from "./survey";

export const TYPE = "FleetIntegration";

async function check(_olds: Inputs | undefined, news: unknown, ctx: ResourceContext): Promise<CheckResult<Inputs>> {
  const r = validateInputs(inputSchema, news);
  if (!r.inputs) return r;
  const inputs = r.inputs;
  if (containsUnknowns(inputs)) return r;
  const failures: CheckFailure[] = inputProblems(inputs);
  // a URL set nowhere (input, upgrades:kibanaUrl, KIBANA_URL) fails here, not at preview (unknowns returned above)
  if (!ctx.config.resolve("kibanaUrl", inputs.kibana.url)) failures.push({ property: "kibana.url", reason: new MissingSettingError("kibanaUrl", "kibana.url").message });
  if (!semver.valid(inputs.version)) failures.push({ property: "version", reason: `"${inputs.version}" is not a package version: write Major.Minor.Patch (semver), e.g. 1.20.0` });
  if (!failures.length) failures.push(...(await liveCheck(inputs, ctx)));
  return failures.length ? { failures } : { inputs, failures: [] };
}

/** Best effort: when Kibana answers quickly, report the rules the target breaks on `version`. Never fails on I/O. */
async function liveCheck(inputs: Inputs, ctx: ResourceContext): Promise<CheckFailure[]> {
  let clients: ReturnType<typeof clientsFor> | undefined;
  try {
    const conn = resolveConnection(inputs, ctx.config);
    clients = clientsFor(conn, { timeoutMs: 5000, retry: { maxRetries: 0 } });
    const [kibanaVersion, obs, target] = await Promise.all([
      kibanaVersionOf(clients.status, conn.url, ctx.signal),
      observe(clients.fleet, inputs.package, ctx.signal),
      clients.fleet.getPackageInfo(inputs.package, inputs.version, { signal: ctx.signal }),
    ]);
    return targetViolations({
      packageName: inputs.package,
      installed: obs.installed?.version,
      target: inputs.version,
      latest: target.item.latestVersion,
      kibanaRange: target.item.conditions?.kibana?.version,
      release: target.item.release,
      kibanaVersion,
      allowPrerelease: inputs.allowPrerelease,
      force: inputs.force,
      adjacentVersionsOnly: inputs.adjacentVersionsOnly,
    }).map((v) => ({ property: v.rule === "older_than_latest_needs_force" ? "force" : "version", reason: `${v.message} [${v.rule}]; ${v.fix}` }));
  } catch {
    return []; // unreachable, unknown package or version …: preview/up report it with the full error
  } finally {
    await clients?.close();
  }
}

const ECHO_KEYS = ["upgradePolicies", "policyIds", "allowPrerelease", "force", "onConflict", "adjacentVersionsOnly"] as const;

async function diff(_id: string, olds: Outputs, news: Inputs): Promise<DiffResult> {
  const base = diffInputs(olds as unknown as Record<string, unknown>, news as unknown as Record<string, unknown>, ECHO_KEYS);
  const detailed = { ...base.detailedDiff };
  const replaces: string[] = [];
  if (containsUnknowns(news.package) || news.package !== olds.package) {
    detailed.package = { kind: "update-replace", inputDiff: true };
    replaces.push("package");
  }
  const unfinished = olds.policies.some(
    (p) => p.status === "pending" || p.status === "failed" || (p.status === "conflict" && news.onConflict === "block"),
  );
  if (containsUnknowns(news.version) || olds.version !== news.version || olds.targetVersion !== news.version || olds.outcome === "failed" || unfinished) {
    detailed.version = { kind: "update", inputDiff: true };
  }
  const alwaysFollows = AUTO_UPGRADE_POLICIES_PACKAGES.includes(olds.package);
  if (news.keepPoliciesUpToDate !== undefined && (containsUnknowns(news.keepPoliciesUpToDate) || (news.keepPoliciesUpToDate !== olds.policiesFollowPackage && !(alwaysFollows && !news.keepPoliciesUpToDate)))) {
    detailed.keepPoliciesUpToDate = { kind: "update", inputDiff: true };
  }
  const k = news.kibana ?? {};
  const url = k.url;
  if (url !== undefined && (containsUnknowns(url) || url.replace(/\/$/, "") !== (olds.kibanaUrl ?? "").replace(/\/$/, ""))) detailed.kibana = { kind: "update", inputDiff: true };
  if (containsUnknowns(k.spaceId) || (k.spaceId ?? "default") !== olds.spaceId) {
    // another space is another set of policies (and a different id): replace
    detailed.kibana = { kind: "update-replace", inputDiff: true };
    replaces.push("kibana");
  }
  const changed = Object.keys(detailed);
  return { changes: changed.length > 0, replaces, detailedDiff: detailed, stables: replaces.length ? [] : ["package", "spaceId", "alwaysFollowsPackage"] };
}

/** `ops/nginx` → {spaceId: "ops", package: "nginx"}; `nginx` → default space. */
function parseId(id: string): { spaceId: string; package: string } {
  const i = id.lastIndexOf("/");
  return i < 0 ? { spaceId: "default", package: id } : { spaceId: id.slice(0, i), package: id.slice(i + 1) };
}

async function read(id: string, olds: Outputs | undefined, inputs: Inputs | undefined, ctx: ResourceContext): Promise<ReadResult<Inputs, Outputs> | undefined> {
  const fromId = parseId(id);
  const pkg = inputs?.package ?? olds?.package ?? fromId.package;
  const effective: Inputs =
    inputs ??
    inputSchema.parse({
      package: pkg,
      version: olds?.targetVersion ?? "0.0.0",
      kibana: { ...(olds?.kibanaUrl ? { url: olds.kibanaUrl } : {}), spaceId: olds?.spaceId ?? fromId.spaceId },
      upgradePolicies: olds?.upgradePolicies,
      policyIds: olds?.policyIds,
      keepPoliciesUpToDate: olds?.keepPoliciesUpToDate,
      allowPrerelease: olds?.allowPrerelease,
      force: olds?.force,
      onConflict: olds?.onConflict,
      adjacentVersionsOnly: olds?.adjacentVersionsOnly,
    });
  return withClients(effective, ctx, async (clients, url, spaceId) => {
    const obs = await observe(clients.fleet, pkg, ctx.signal);
    if (!obs.installed) return undefined; // uninstalled out of band: gone
    const kibanaVersion = await kibanaVersionOf(clients.status, url, ctx.signal).catch(() => olds?.kibanaVersion);
    const resolvedInputs: Inputs = inputs ?? (olds ? effective : inputSchema.parse({ ...effective, version: obs.installed.version }));
    // keep what the last up recorded about conflicts and failures of policies that are still behind
    const run = {
      upgraded: previouslyUpgraded(olds, resolvedInputs.version),
      failures: new Map((olds?.policies ?? []).filter((p) => p.status === "failed").map((p) => [p.id, p.message ?? "upgrade failed"] as [string, string])),
      conflicts: olds?.conflicts ?? [],
    };
    const outputs = buildOutputs(
      resolvedInputs,
      { url, spaceId },
      obs,
      { kibanaVersion: kibanaVersion ?? "", latest: olds?.latestVersion, removed: olds?.removedInputs ?? [], breaking: olds?.breakingChanges ?? [] },
      run,
      olds?.outcome === "failed" ? "failed" : "observed",
      { plan: olds?.plan, message: olds?.message },
    );
    if (obs.installed.version !== resolvedInputs.version) ctx.warn(`${pkg}: Kibana reports ${obs.installed.version} installed, not ${resolvedInputs.version}`);
    return { id: id || resourceId(spaceId, pkg), outputs, inputs: resolvedInputs };
  });
}

export const fleetIntegration: ResourceHandler<Inputs, Outputs> = {
  type: TYPE,
  description:
    "The installed version of a Kibana Fleet integration package and the upgrade of its integration policies. " +
    "Preview merges every policy into the target version client-side (conflicts, silently removed inputs, breaking " +
    "changes) without installing anything; up refuses on conflicts before touching anything (onConflict: block) or " +
    "installs the package and upgrades each clean policy one by one. Deleting the resource forgets it.",
  inputSchema: inputSchema as unknown as ResourceHandler<Inputs, Outputs>["inputSchema"],
  outputSchema: outputSchema as unknown as ResourceHandler<Inputs, Outputs>["outputSchema"],
  secretInputPaths: SECRET_INPUT_PATHS,
  replaceOnChanges: ["package"],
  check,
  diff: (id, olds, news) => diff(id, olds, news),
  create: (inputs, ctx) => apply(inputs, ctx),
  update: async (_id, olds, news, ctx) => (await apply(news, ctx, olds)).outputs,
  read,
  async delete() {
    // forget: never uninstall or downgrade the package, never touch its policies
  },
};
