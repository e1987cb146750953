/**
 * @module resources/elastic/handler — the ElasticDeploymentVersion resource handler: check, diff, preview (create/
 * update with ctx.preview), create (adopt, then upgrade), update (resume from outputs), read (refresh/import),
 * delete (forget). Self-managed work is in ./self-managed.ts, Elastic Cloud in ./cloud.ts; both share ./topology.ts.
 */
import type { RequestCounter } from "../../clients/http";
import { MissingSettingError } from "../../config";
import { messageOf } from "../../rollout";
import { findPath, parseVersion, type RuleOptions } from "../../versions";
import { containsUnknowns, isUnknown, type CheckFailure, type DiffResult, type ResourceContext, type ResourceHandler } from "../core/types";
import { jsonEqual, validateInputs } from "../core/inputs";
import { applyCloud, previewCloud, readCloud, type CloudDeps } from "./cloud";
import { connectCloud, connectElasticsearch, connectKibana } from "./connect";
import { BadResourceIdError, TargetMismatchError } from "./errors";
import { inputSchema, outputSchema, SECRET_INPUT_PATHS, targetProblems, type Inputs, type Outputs } from "./schema";
import { applySelfManaged, previewSelfManaged, readSelfManaged, type SelfManagedDeps } from "./self-managed";

export const TYPE = "ElasticDeploymentVersion";

/** Names of the safety gates of a self-managed rollout (usable in rollout.disabledGates). */
export const GATE_NAMES = [
  "only_restart_when_cluster_is_green_or_safely_yellow",
  "one_master_at_a_time",
  "keep_a_quorum_of_master_eligible_nodes",
  "last_master_after_every_other_node",
  "do_not_restart_two_nodes_holding_the_same_shard",
  "kibana_after_every_elasticsearch_node",
] as const;

/** Knobs for tests and benches; production uses the defaults. */
export interface ElasticHandlerOptions {
  /** backoff between gate re-checks (default executor backoff) */
  gateBackoff?: { initialMs?: number; maxMs?: number };
  /** backoff between Elastic Cloud plan polls (default DEFAULT_PLAN_POLL_BACKOFF of ./cloud.ts: 250 ms doubling to a 1 s cap, restarted when the plan changes step) */
  pollBackoff?: { initialMs?: number; maxMs?: number };
  /** counts every request (bench) */
  counter?: RequestCounter;
}

const SETTING_KEYS = ["allowPrerelease", "adjacentVersionsOnly", "catalog", "rollout", "deprecations", "nodeUpgrade", "kibanaUpgrade"] as const;

export const ruleOptions = (i: Pick<Inputs, "allowPrerelease" | "adjacentVersionsOnly" | "catalog">): RuleOptions => ({
  allowPrerelease: i.allowPrerelease,
  adjacentVersionsOnly: i.adjacentVersionsOnly,
  ...(i.catalog && i.catalog.length ? { catalog: i.catalog } : {}),
});

const DESCRIPTION =
  "The Elastic Stack version of a self-managed Elasticsearch cluster (+ its Kibana) or an Elastic Cloud Hosted / ECE deployment. " +
  "Preview shows the legal path of hops and the node order; `up` rolls it node by node behind health gates and resumes after a failure.";

/** Builds the handler; `registerResource(createElasticHandler())` is done by ./index.ts. */
export function createElasticHandler(opts: ElasticHandlerOptions = {}): ResourceHandler<Inputs, Outputs> {
  const selfDeps = (i: Inputs, ctx: ResourceContext): SelfManagedDeps => {
    const es = connectElasticsearch(i.elasticsearch, ctx.config, { counter: opts.counter });
    const kb = i.kibana ? connectKibana(i.kibana, ctx.config, { counter: opts.counter }) : undefined;
    return { es: es.client, esUrl: es.url, ...(kb ? { kibana: { client: kb.client, url: kb.url } } : {}), secrets: [...es.secrets, ...(kb?.secrets ?? []), ...ctx.config.secretValues()] };
  };
  const closeSelf = async (d: SelfManagedDeps) => {
    await Promise.allSettled([d.es.close(), d.kibana?.client.close()]);
  };
  const cloudDeps = (i: Inputs, ctx: ResourceContext): CloudDeps => {
    const c = connectCloud(i.elasticCloud!, ctx.config, { counter: opts.counter });
    return { client: c.client, endpoint: c.endpoint, deploymentId: i.elasticCloud!.deploymentId, secrets: [...c.secrets, ...ctx.config.secretValues()] };
  };

  /** preview or apply, self-managed or cloud */
  const run = async (inputs: Inputs, olds: Outputs | undefined, ctx: ResourceContext): Promise<{ id: string; outputs: Outputs }> => {
    if (containsUnknowns(inputs)) {
      // preview with values not known yet: nothing can be read; predict from the inputs alone
      return {
        id: "",
        outputs: {
          version: inputs.version,
          targetVersion: inputs.version,
          elasticsearchVersion: inputs.version,
          targetKind: inputs.elasticCloud ? "elastic-cloud" : "self-managed",
          path: [],
          outcome: "planned",
          message: "inputs not known until apply",
          allowPrerelease: inputs.allowPrerelease,
          adjacentVersionsOnly: inputs.adjacentVersionsOnly,
          rollout: inputs.rollout,
          deprecations: inputs.deprecations,
        },
      };
    }
    const ro = ruleOptions(inputs);
    if (inputs.elasticCloud) {
      const deps = cloudDeps(inputs, ctx);
      try {
        const r = { inputs, ...(olds ? { olds } : {}), ctx, deps, ruleOptions: ro, ...(opts.pollBackoff ? { pollBackoff: opts.pollBackoff } : {}) };
        if (ctx.preview) {
          const p = await previewCloud(r);
          ctx.info(p.summary);
          return { id: `cloud:${deps.deploymentId}`, outputs: p.outputs };
        }
        return await applyCloud(r);
      } finally {
        await deps.client.close().catch(() => undefined);
      }
    }
    const deps = selfDeps(inputs, ctx);
    try {
      const r = { inputs, ...(olds ? { olds } : {}), ctx, deps, ruleOptions: ro, ...(opts.gateBackoff ? { gateBackoff: opts.gateBackoff } : {}) };
      if (ctx.preview) {
        const p = await previewSelfManaged(r);
        ctx.info(p.summary);
        return { id: p.outputs.clusterUuid ? `elasticsearch:${p.outputs.clusterUuid}` : "", outputs: p.outputs };
      }
      return await applySelfManaged(r);
    } finally {
      await closeSelf(deps);
    }
  };

  return {
    type: TYPE,
    description: DESCRIPTION,
    inputSchema,
    outputSchema,
    secretInputPaths: SECRET_INPUT_PATHS,

    async check(olds, news, ctx) {
      const r = validateInputs(inputSchema, news);
      if (r.failures.length || !r.inputs) return r;
      const i = r.inputs;
      if (containsUnknowns(i)) return r;
      const failures: CheckFailure[] = targetProblems(i);
      // endpoints set nowhere (input, upgrades:<key>, env) fail here rather than at preview (unknowns returned above)
      if (!i.elasticCloud && (i.elasticsearch || i.nodeUpgrade) && !ctx.config.resolve("elasticsearchUrl", i.elasticsearch?.url)) {
        failures.push({ property: "elasticsearch.url", reason: new MissingSettingError("elasticsearchUrl", "elasticsearch.url").message });
      }
      if (i.kibana && !ctx.config.resolve("kibanaUrl", i.kibana.url)) failures.push({ property: "kibana.url", reason: new MissingSettingError("kibanaUrl", "kibana.url").message });
      let parsed;
      try {
        parsed = parseVersion("elasticsearch", i.version);
      } catch (e) {
        failures.push({ property: "version", reason: messageOf(e) });
      }
      if (parsed) {
        const ro = ruleOptions(i);
        try {
          if (olds?.version && !isUnknown(olds.version) && olds.version !== i.version) {
            // refuse an illegal target against the previous one, with the rule and its fix
            const p = findPath("elasticsearch", olds.version, i.version, ro);
            if (!p.path) for (const v of p.violations) failures.push({ property: "version", reason: `${v.rule}: ${v.message} (fix: ${v.fix})` });
          } else {
            findPath("elasticsearch", i.version, i.version, ro); // known to the catalog (or a prerelease)
          }
          if (parsed.prerelease && !i.allowPrerelease) {
            failures.push({ property: "version", reason: `no_prerelease_target: ${i.version} is a prerelease (fix: set allowPrerelease: true for a test cluster, or pick a GA version)` });
          }
        } catch (e) {
          failures.push({ property: i.catalog && /catalog/i.test(messageOf(e)) ? "catalog" : "version", reason: messageOf(e) });
        }
      }
      i.rollout.disabledGates.forEach((g, n) => {
        if (g !== "*" && !(GATE_NAMES as readonly string[]).includes(g)) failures.push({ property: `rollout.disabledGates[${n}]`, reason: `no gate named ${g}; known gates: ${GATE_NAMES.join(", ")}` });
      });
      return failures.length ? { failures } : { inputs: i, failures: [] };
    },

    async diff(_id, olds, news): Promise<DiffResult> {
      const detailedDiff: DiffResult["detailedDiff"] = {};
      const replaces: string[] = [];
      const kind = news.elasticCloud ? "elastic-cloud" : "self-managed";
      if (olds.targetKind && olds.targetKind !== kind) {
        const key = kind === "elastic-cloud" ? "elasticCloud" : "elasticsearch";
        detailedDiff[key] = { kind: "update-replace", inputDiff: true };
        replaces.push(key);
      } else if (news.elasticCloud && (containsUnknowns(news.elasticCloud.deploymentId) || news.elasticCloud.deploymentId !== olds.deploymentId)) {
        detailedDiff["elasticCloud.deploymentId"] = { kind: "update-replace", inputDiff: true };
        replaces.push("elasticCloud");
      }
      const pending = olds.outcome === "failed" || olds.outcome === "planned" || olds.outcome === "paused";
      if (containsUnknowns(news.version) || news.version !== olds.version || news.version !== olds.targetVersion || pending) {
        detailedDiff.version = { kind: "update", inputDiff: true };
      }
      for (const k of SETTING_KEYS) {
        const n = news[k];
        const o = olds[k];
        if (containsUnknowns(n) || !jsonEqual(o ?? null, n ?? null)) detailedDiff[k] = { kind: o === undefined ? "add" : n === undefined ? "delete" : "update", inputDiff: true };
      }
      for (const [k, url, old] of [["elasticsearch.url", news.elasticsearch?.url, olds.elasticsearchUrl], ["kibana.url", news.kibana?.url, olds.kibanaUrl]] as const) {
        if (url !== undefined && (isUnknown(url) || url.replace(/\/+$/, "") !== old)) detailedDiff[k] = { kind: "update", inputDiff: true };
      }
      const changed = Object.keys(detailedDiff);
      const stables = ["targetKind", "clusterUuid", "clusterName", "deploymentId"];
      return { changes: changed.length > 0, replaces, detailedDiff, stables, deleteBeforeReplace: false };
    },

    async create(inputs, ctx) {
      return run(inputs, undefined, ctx);
    },

    async update(_id, olds, news, ctx) {
      return (await run(news, olds, ctx)).outputs;
    },

    async read(id, olds, inputs, ctx) {
      const kind = inputs ? (inputs.elasticCloud ? "elastic-cloud" : "self-managed") : olds ? olds.targetKind : id.startsWith("cloud:") ? "elastic-cloud" : id.startsWith("elasticsearch:") ? "self-managed" : undefined;
      if (!kind) throw new BadResourceIdError(id);
      // inputs to connect with: the program's (refresh), or built from the id and provider config (import)
      const base: Inputs =
        inputs ??
        inputSchema.parse(
          kind === "elastic-cloud"
            ? { version: olds?.targetVersion ?? "0.0.0", elasticCloud: { deploymentId: olds?.deploymentId ?? id.slice("cloud:".length) } }
            : {
                version: olds?.targetVersion ?? "0.0.0",
                ...(olds?.elasticsearchUrl ? { elasticsearch: { url: olds.elasticsearchUrl } } : {}),
                // refresh (olds given): manage Kibana only if the outputs record it; provider config may hold a
                // kibanaUrl meant for a FleetIntegration. Import (no olds): adopt the configured Kibana.
                ...(olds ? (olds.kibanaUrl ? { kibana: { url: olds.kibanaUrl } } : {}) : ctx.config.resolve("kibanaUrl") ? { kibana: {} } : {}),
              },
        );
      const ro = ruleOptions(base);
      let r: { id: string; outputs: Outputs } | undefined;
      if (kind === "elastic-cloud") {
        const deps = cloudDeps(base, ctx);
        try {
          r = await readCloud({ inputs: base, ...(olds ? { olds } : {}), ctx, deps, ruleOptions: ro });
        } finally {
          await deps.client.close().catch(() => undefined);
        }
      } else {
        const deps = selfDeps(base, ctx);
        try {
          r = await readSelfManaged({ inputs: base, ...(olds ? { olds } : {}), ctx, deps, ruleOptions: ro });
        } finally {
          await closeSelf(deps);
        }
        if (id.startsWith("elasticsearch:") && r.id !== id) throw new TargetMismatchError(id, r.id);
      }
      if (!r) return undefined;
      if (inputs) return { id: r.id, outputs: r.outputs, inputs };
      // import: inputs that reproduce what runs now (credentials stay in provider config / env)
      const imported: Inputs = { ...base, version: r.outputs.version };
      const outputs: Outputs = olds ? r.outputs : { ...r.outputs, targetVersion: r.outputs.version, outcome: "adopted" };
      return {
        id: r.id,
        outputs,
        inputs: { ...imported, ...(imported.kibana && !imported.kibanaUpgrade ? { kibana: undefined } : {}) } as Inputs,
      };
    },

    async delete(_id, _olds, ctx) {
      ctx.info("forgotten: the cluster keeps running its current version (delete never downgrades)");
    },
  };
}
