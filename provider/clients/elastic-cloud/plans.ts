/**
 * @module clients/elastic-cloud/plans — pure helpers over deployment payloads: which versions run (lowest
 * wins, so a partial upgrade shows as drift, as terraform-provider-ec does), which resources have a pending
 * plan, how a plan attempt ended (cloud-sdk-go `pkg/plan/track_step.go`), and the version-change request body.
 */
import * as semver from "semver";
import type { Deployment, PlanAttempt } from "./schemas";

export const PLAN_COMPLETED_STEP = "plan-completed";

export type PlanOutcome =
  | { state: "running"; step?: string; message?: string }
  | { state: "completed" }
  | { state: "failed"; step: string; message: string };

/**
 * How a plan attempt stands: finished when its last step is `plan-completed`; failed when any step has
 * status `error` (message = that step's last info_log message). A step in error before `plan-completed`
 * means the platform is rolling back; the attempt is still running until `plan-completed` appears.
 */
export function planOutcome(attempt: PlanAttempt): PlanOutcome {
  const log = attempt.plan_attempt_log ?? [];
  const last = log[log.length - 1];
  const lastMessage = (i: number) => {
    const info = log[i]?.info_log ?? [];
    return info[info.length - 1]?.message;
  };
  if (last?.step_id === PLAN_COMPLETED_STEP) {
    const errIdx = log.findIndex((s) => s.status === "error");
    if (errIdx < 0) return { state: "completed" };
    const message = lastMessage(errIdx) ?? lastMessage(log.length - 1) ?? "the plan failed without a message";
    return { state: "failed", step: log[errIdx].step_id, message };
  }
  return { state: "running", ...(last ? { step: last.step_id } : {}), ...(last && lastMessage(log.length - 1) ? { message: lastMessage(log.length - 1) } : {}) };
}

export interface InstanceVersion {
  kind: "elasticsearch" | "kibana";
  refId: string;
  instance: string;
  version?: string;
}

export interface DeploymentVersions {
  /** lowest current-plan version across Elasticsearch resources */
  elasticsearch?: string;
  /** lowest current-plan version across Kibana resources */
  kibana?: string;
  /** what each instance reports running (`service_version`) */
  instances: InstanceVersion[];
  /** lowest version any Elasticsearch instance actually runs (falls back to the plan version) */
  elasticsearchRunning?: string;
  /** resources with a plan in flight */
  pending: { kind: string; refId: string; version?: string }[];
}

function lowest(versions: (string | undefined)[]): string | undefined {
  const valid = versions.filter((v): v is string => typeof v === "string" && semver.valid(v) !== null);
  return valid.sort(semver.compare)[0];
}

/** Versions of a deployment as the provider reports them (the lowest wins). */
export function deploymentVersions(d: Deployment): DeploymentVersions {
  const es = d.resources.elasticsearch;
  const kb = d.resources.kibana ?? [];
  const instances: InstanceVersion[] = [
    ...es.flatMap((r) => (r.info.topology?.instances ?? []).map((i) => ({ kind: "elasticsearch" as const, refId: r.ref_id, instance: i.instance_name, version: i.service_version }))),
    ...kb.flatMap((r) => (r.info.topology?.instances ?? []).map((i) => ({ kind: "kibana" as const, refId: r.ref_id, instance: i.instance_name, version: i.service_version }))),
  ];
  const pending = [
    ...es.filter((r) => r.info.plan_info.pending).map((r) => ({ kind: "elasticsearch", refId: r.ref_id, version: r.info.plan_info.pending?.plan?.elasticsearch?.version })),
    ...kb.filter((r) => r.info.plan_info.pending).map((r) => ({ kind: "kibana", refId: r.ref_id, version: r.info.plan_info.pending?.plan?.kibana?.version })),
  ];
  const esPlan = lowest(es.map((r) => r.info.plan_info.current?.plan?.elasticsearch?.version));
  const running = lowest(instances.filter((i) => i.kind === "elasticsearch").map((i) => i.version));
  return {
    elasticsearch: esPlan,
    kibana: lowest(kb.map((r) => r.info.plan_info.current?.plan?.kibana?.version)),
    instances,
    elasticsearchRunning: running ?? esPlan,
    pending: pending.map((p) => (p.version === undefined ? { kind: p.kind, refId: p.refId } : p)),
  };
}

/** Resource kinds whose plan carries `plan.<kind>.version` (SDK `deploymentapi.Update` PayloadOverrides). */
const VERSIONED_KINDS = ["elasticsearch", "kibana", "apm", "integrations_server", "enterprise_search", "appsearch"] as const;

export interface VersionUpdateOptions {
  /** a major hop: Elastic requires rolling `group_by: "__all__"` (terraform-provider-ec PR #1017) */
  majorUpgrade?: boolean;
}

/**
 * The `PUT /deployments/{id}` body that moves every resource's current plan to `targetVersion`, keeping
 * everything else as it is (`prune_orphans: false`). Resources without a current plan are left out.
 */
export function buildVersionUpdate(d: Deployment, targetVersion: string, o: VersionUpdateOptions = {}): { prune_orphans: false; resources: Record<string, unknown[]> } {
  const resources: Record<string, unknown[]> = {};
  const all = d.resources as Record<string, unknown>;
  for (const kind of VERSIONED_KINDS) {
    const list = all[kind];
    if (!Array.isArray(list)) continue;
    const out: unknown[] = [];
    for (const item of list) {
      if (!item || typeof item !== "object") continue;
      const r = item as { ref_id?: unknown; region?: unknown; elasticsearch_cluster_ref_id?: unknown; info?: { plan_info?: { current?: { plan?: Record<string, unknown> } } } };
      const plan = r.info?.plan_info?.current?.plan;
      if (typeof r.ref_id !== "string" || !plan) continue;
      const section = (plan[kind] && typeof plan[kind] === "object" ? plan[kind] : {}) as Record<string, unknown>;
      const next: Record<string, unknown> = { ...plan, [kind]: { ...section, version: targetVersion } };
      if (kind === "elasticsearch" && o.majorUpgrade) {
        const transient = (plan["transient"] && typeof plan["transient"] === "object" ? plan["transient"] : {}) as Record<string, unknown>;
        next["transient"] = { ...transient, strategy: { rolling: { group_by: "__all__" } } };
      }
      out.push({
        ref_id: r.ref_id,
        ...(typeof r.region === "string" ? { region: r.region } : {}),
        ...(typeof r.elasticsearch_cluster_ref_id === "string" ? { elasticsearch_cluster_ref_id: r.elasticsearch_cluster_ref_id } : {}),
        plan: next,
      });
    }
    if (out.length) resources[kind] = out;
  }
  return { prune_orphans: false, resources };
}
