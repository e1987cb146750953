/**
 * @module resources/redis/handler — RedisClusterVersion: check, diff, preview/create/update (the rollout), read
 * (refresh/import), delete (forget). "Where am I" always comes from observing the cluster, never from old inputs.
 */
import { MissingSettingError } from "../../config";
import { checkHop, findPath, parseVersion } from "../../versions";
import { isRolloutStopped, messageOf } from "../../rollout";
import type { RedisEnterpriseClient } from "../../clients/redis-enterprise";
import {
  CheckFailure,
  CheckResult,
  containsUnknowns,
  DiffResult,
  diffInputs,
  isUnknown,
  PartialFailureError,
  ReadResult,
  ResourceContext,
  ResourceHandler,
  UNKNOWN,
  validateInputs,
} from "../core";
import { DatabasePrerequisiteError, MissingNodeUpgradeError, RolesUnavailableError } from "./errors";
import { byVersion, clientFor, Observation, observeCluster, resolveConnection } from "./observe";
import { impactSummary, Picture, planUpgrade, reconcileWith, ruleOptions } from "./plan";
import { runRollout } from "./rollout";
import { Inputs, inputProblems, inputSchema, Outcome, Outputs, outputSchema, SECRET_INPUT_PATHS } from "./schema";

export const TYPE = "RedisClusterVersion";

const masterGateDisabled = (i: Inputs) => i.rollout.disabledGates.some((g) => g === "*" || g === "master_node_first");

const BUILD_RE = /^\d+\.\d+\.\d+-\d+$/;

/** Secrets to keep out of messages: the resolved password. */
function secretsOf(inputs: Inputs, ctx: ResourceContext): string[] {
  const out = [...ctx.config.secretValues()];
  if (inputs.cluster.password) out.push(inputs.cluster.password);
  return out;
}

function outputsFrom(
  inputs: Inputs,
  obs: Observation,
  cluster: { name: string; url: string },
  pic: Picture | undefined,
  outcome: Outcome,
  extra: { plan?: Outputs["plan"]; message?: string } = {},
): Outputs {
  const o: Outputs = {
    version: obs.lowest,
    targetVersion: inputs.version,
    mixedVersions: obs.mixed,
    clusterName: cluster.name,
    clusterUrl: cluster.url,
    masterUid: obs.masterUid,
    nodes: obs.nodes.map((n) => ({ uid: n.uid, addr: n.addr, version: n.version, status: n.status, role: n.role })),
    databaseVersions: obs.databases.map((d) => ({ uid: d.uid, name: d.name, redisVersion: d.redis_version ?? "", status: d.status ?? "" })),
    path: pic?.path ?? [obs.lowest],
    databasesBefore: pic?.databasesBefore ?? [],
    // still to do: a database already on its target is no longer listed
    databasesAfter: (pic?.databasesAfter ?? []).filter((d) => obs.databases.find((x) => x.uid === d.uid)?.redis_version !== d.to),
    outcome,
    message: extra.message,
    plan: extra.plan,
    nodeUpgrade: inputs.nodeUpgrade,
    databases: inputs.databases,
    rollout: inputs.rollout,
    adjacentVersionsOnly: inputs.adjacentVersionsOnly,
    catalog: inputs.catalog,
  };
  return JSON.parse(JSON.stringify(o)) as Outputs;
}

/** Preview with inputs not known yet (computed from other resources): everything observed is unknown too. */
function unknownOutputs(inputs: Inputs): Outputs {
  const u = UNKNOWN;
  return {
    version: u,
    targetVersion: isUnknown(inputs.version) ? u : inputs.version,
    mixedVersions: u as unknown as boolean,
    clusterName: u,
    clusterUrl: u,
    nodes: u as unknown as Outputs["nodes"],
    databaseVersions: u as unknown as Outputs["databaseVersions"],
    path: u as unknown as string[],
    databasesBefore: u as unknown as Outputs["databasesBefore"],
    databasesAfter: u as unknown as Outputs["databasesAfter"],
    outcome: "planned",
    nodeUpgrade: inputs.nodeUpgrade,
    databases: inputs.databases,
    rollout: inputs.rollout,
    adjacentVersionsOnly: inputs.adjacentVersionsOnly,
    catalog: inputs.catalog,
  };
}

async function withClient<T>(inputs: Inputs, ctx: ResourceContext, fn: (rs: RedisEnterpriseClient, url: string) => Promise<T>): Promise<T> {
  const conn = resolveConnection(inputs, ctx.config);
  const rs = clientFor(conn);
  for (const w of rs.warnings) ctx.warn(w);
  try {
    return await fn(rs, rs.baseUrl);
  } finally {
    await rs.close().catch(() => undefined);
  }
}

/** Preview and up share this: observe, plan, refuse early, then (not in preview) roll. */
async function apply(inputs: Inputs, ctx: ResourceContext, knownId?: string): Promise<{ id: string; outputs: Outputs }> {
  if (ctx.preview && containsUnknowns(inputs)) return { id: knownId ?? "", outputs: unknownOutputs(inputs) };
  return withClient(inputs, ctx, async (rs, url) => {
    const cluster = await rs.getCluster({ signal: ctx.signal });
    const id = knownId ?? cluster.name;
    const info = { name: cluster.name, url };
    const obs = await observeCluster(rs, ctx.signal);
    const pic = planUpgrade(inputs, obs, ctx.name);
    if (pic.databasesBefore.length) throw new DatabasePrerequisiteError(inputs.version, pic.databasesBefore);
    if (pic.nodesToUpgrade.length && !inputs.nodeUpgrade) throw new MissingNodeUpgradeError(pic.nodesToUpgrade);
    if (obs.mixed) ctx.warn(`the cluster runs mixed versions (${[...new Set(obs.nodes.map((n) => n.version))].join(", ")}); an interrupted upgrade must be finished, not left in place`);
    ctx.info(impactSummary(ctx.name, obs, pic));
    if (ctx.preview) {
      const plan = pic.plan ? reconcileWith(pic.plan, obs, pic.dbTargets) : undefined;
      return { id, outputs: outputsFrom(inputs, obs, info, pic, "planned", { plan }) };
    }
    if (!pic.plan) return { id, outputs: outputsFrom(inputs, obs, info, pic, "complete") };
    if (pic.nodesToUpgrade.length && obs.rolesUnavailable && !masterGateDisabled(inputs)) {
      throw new RolesUnavailableError(obs.rolesUnavailable);
    }

    const secrets = secretsOf(inputs, ctx);
    let last = obs;
    try {
      const r = await runRollout({ rs, inputs, plan: pic.plan, dbTargets: pic.dbTargets, ctx, secrets, onObserved: (o) => (last = o) });
      const after = await observeCluster(rs).catch(() => last);
      if (r.outcome === "paused") {
        const message = `paused: set rollout.${r.next} to continue`;
        ctx.info(message);
        return { id, outputs: outputsFrom(inputs, after, info, pic, "paused", { plan: r.plan, message }) };
      }
      return { id, outputs: outputsFrom(inputs, after, info, pic, "complete", { plan: r.plan }) };
    } catch (e) {
      if (!isRolloutStopped(e)) throw e;
      // the partial record: plan statuses and the versions reached, so the next up resumes from here
      let after = last;
      try {
        after = await observeCluster(rs);
      } catch {
        // keep the last observation
      }
      const message = e.message;
      throw new PartialFailureError<Outputs>(message, {
        id,
        outputs: outputsFrom(inputs, after, info, pic, "failed", { plan: e.checkpoint.plan, message }),
        reasons: [message, ...(e.checkpoint.plan.errors ?? [])].filter((x, i, all) => all.indexOf(x) === i),
      });
    }
  });
}

/** check(): the schema, cross-field rules, the version form, and the rules against the live version when reachable. */
async function check(olds: Inputs | undefined, news: unknown, ctx: ResourceContext): Promise<CheckResult<Inputs>> {
  const r = validateInputs(inputSchema, news);
  if (!r.inputs) return r;
  const inputs = r.inputs;
  if (containsUnknowns(inputs)) return r;
  const failures: CheckFailure[] = inputProblems(inputs);
  // a URL set nowhere (input, upgrades:redisEnterpriseUrl, REDIS_ENTERPRISE_URL) fails here, not at preview
  // (inputs with unknowns returned above)
  if (!ctx.config.resolve("redisEnterpriseUrl", inputs.cluster.url)) {
    failures.push({ property: "cluster.url", reason: new MissingSettingError("redisEnterpriseUrl", "cluster.url").message });
  }
  const v = inputs.version;
  let known = false;
  if (!BUILD_RE.test(v)) {
    failures.push({ property: "version", reason: `"${v}" is not a Redis Enterprise build: write Major.Minor.Patch-Build, e.g. 7.22.0-95` });
  } else {
    try {
      parseVersion("redis-enterprise", v);
      checkHop("redis-enterprise", v, v, ruleOptions(inputs)); // throws for a version the catalog does not know
      known = true;
    } catch (e) {
      failures.push({ property: "version", reason: messageOf(e) });
    }
  }
  // A lower target than before is only a downgrade if the cluster got there: the live check decides, from the nodes.
  if (known && olds?.version && BUILD_RE.test(olds.version) && byVersion(v, olds.version) < 0) {
    ctx.warn(`version was ${olds.version} and is now ${v}: downgrades are refused; the cluster's own versions decide`);
  }
  if (known && !failures.length) failures.push(...(await liveCheck(inputs, ctx)));
  return failures.length ? { failures } : { inputs, failures: [] };
}

/** Best effort: when the cluster answers quickly, refuse a target no legal path reaches. Never fails on I/O. */
async function liveCheck(inputs: Inputs, ctx: ResourceContext): Promise<CheckFailure[]> {
  let rs: RedisEnterpriseClient | undefined;
  try {
    rs = clientFor(resolveConnection(inputs, ctx.config), { timeoutMs: 5000, retry: { maxRetries: 0 } });
    const nodes = await rs.listNodes({ signal: ctx.signal });
    const versions = [...new Set(nodes.map((n) => n.software_version))].sort(byVersion);
    if (!versions.length) return [];
    const lowest = versions[0];
    const highest = versions[versions.length - 1];
    const opts = ruleOptions(inputs);
    if (byVersion(highest, inputs.version) > 0) {
      return checkHop("redis-enterprise", highest, inputs.version, opts).violations.map((x) => ({ property: "version", reason: `${x.message} [${x.rule}]; ${x.fix}` }));
    }
    const p = findPath("redis-enterprise", lowest, inputs.version, opts);
    if (p.path) return [];
    return p.violations.map((x) => ({ property: "version", reason: `${x.message} [${x.rule}]; ${x.fix}` }));
  } catch {
    return [];
  } finally {
    await rs?.close().catch(() => undefined);
  }
}

const ECHO_KEYS = ["nodeUpgrade", "databases", "rollout", "adjacentVersionsOnly", "catalog"] as const;

async function diff(_id: string, olds: Outputs, news: Inputs): Promise<DiffResult> {
  const base = diffInputs(olds as unknown as Record<string, unknown>, news as unknown as Record<string, unknown>, ECHO_KEYS);
  const detailed = { ...base.detailedDiff };
  const unknownVersion = containsUnknowns(news.version);
  if (unknownVersion || olds.version !== news.version || olds.targetVersion !== news.version || olds.mixedVersions || olds.outcome === "failed") {
    detailed.version = { kind: "update", inputDiff: true };
  }
  if (news.databases?.upgrade === "after" && (olds.databasesAfter?.length ?? 0) > 0) detailed.databases = { kind: "update", inputDiff: true };
  const url = news.cluster?.url;
  if (url !== undefined && (containsUnknowns(url) || url.replace(/\/$/, "") !== (olds.clusterUrl ?? "").replace(/\/$/, ""))) {
    detailed.cluster = { kind: "update", inputDiff: true };
  }
  const changed = Object.keys(detailed);
  return {
    changes: changed.length > 0,
    replaces: [],
    detailedDiff: detailed,
    stables: ["clusterName"],
  };
}

async function read(id: string, olds: Outputs | undefined, inputs: Inputs | undefined, ctx: ResourceContext): Promise<ReadResult<Inputs, Outputs> | undefined> {
  const effective: Inputs = inputs ?? inputSchema.parse({ version: olds?.targetVersion ?? "0.0.0-0", cluster: olds?.clusterUrl ? { url: olds.clusterUrl } : {} });
  return withClient(effective, ctx, async (rs, url) => {
    const cluster = await rs.getCluster({ signal: ctx.signal });
    const obs = await observeCluster(rs, ctx.signal);
    if (obs.mixed) {
      ctx.warn(
        `the cluster runs mixed versions (${obs.nodes.map((n) => `node ${n.uid}: ${n.version}`).join(", ")}); mixed versions must not be left in place: ` +
          "run `pulumi up` to finish the upgrade",
      );
    }
    const resolvedInputs: Inputs = inputs ?? inputSchema.parse({ version: obs.lowest, cluster: { url } });
    const outputs = outputsFrom(resolvedInputs, obs, { name: cluster.name, url }, undefined, "observed", {
      plan: olds?.plan,
      message: olds?.message,
    });
    // keep what the last up recorded about the path and databases; versions are what the cluster says now
    if (olds) {
      outputs.targetVersion = olds.targetVersion;
      outputs.path = olds.path;
      outputs.databasesBefore = olds.databasesBefore;
      outputs.databasesAfter = olds.databasesAfter.filter((d) => {
        const now = obs.databases.find((x) => x.uid === d.uid);
        return !now || now.redis_version !== d.to;
      });
      if (olds.outcome === "failed" || olds.outcome === "paused") outputs.outcome = olds.outcome;
    }
    return { id: id || cluster.name, outputs, inputs: resolvedInputs };
  });
}

export const redisClusterVersion: ResourceHandler<Inputs, Outputs> = {
  type: TYPE,
  description:
    "The software version of a Redis Enterprise Software cluster, upgraded along the supported-path matrix: per hop the " +
    "master node first (re-identified before every node), one node at a time behind cluster and node checks, then " +
    "optionally each database. Deleting the resource forgets it; nothing is downgraded.",
  inputSchema: inputSchema as unknown as ResourceHandler<Inputs, Outputs>["inputSchema"],
  outputSchema: outputSchema as unknown as ResourceHandler<Inputs, Outputs>["outputSchema"],
  secretInputPaths: SECRET_INPUT_PATHS,
  check,
  diff: (id, olds, news) => diff(id, olds, news),
  create: (inputs, ctx) => apply(inputs, ctx),
  update: async (id, _olds, news, ctx) => (await apply(news, ctx, id)).outputs,
  read,
  async delete() {
    // forget: never downgrade or touch the cluster
  },
};

