/**
 * @module clients/elastic-cloud/schemas — zod schemas for the Elastic Cloud Hosted / ECE deployment API
 * (elastic-api-shapes.md §13; SDK = elastic/cloud-sdk-go swagger + testdata). Strict on the version, plan
 * and step fields the provider follows; loose everywhere else (the payloads are large and evolve).
 */
import { z } from "zod";

/** One step of a plan attempt log (`ClusterPlanStepInfo`). */
export const PlanStep = z.looseObject({
  step_id: z.string(),
  started: z.string().optional(),
  completed: z.string().optional(),
  duration_in_millis: z.number().optional(),
  status: z.enum(["success", "warning", "error", "pending"]),
  stage: z.enum(["starting", "in_progress", "completed"]),
  info_log: z
    .array(
      z.looseObject({
        timestamp: z.string().optional(),
        delta_in_millis: z.number().optional(),
        stage: z.string().optional(),
        message: z.string(),
        details: z.record(z.string(), z.unknown()).optional(),
        failure_type: z.string().optional(),
      }),
    )
    .default([]),
});
export type PlanStep = z.infer<typeof PlanStep>;

/** A plan attempt (`current`, `pending` or a history entry of `plan_info`). `plan` is per resource kind. */
export const PlanAttempt = z.looseObject({
  plan_attempt_id: z.string().optional(),
  plan_attempt_name: z.string().optional(),
  healthy: z.boolean().optional(),
  attempt_start_time: z.string().optional(),
  attempt_end_time: z.string().optional(),
  plan_end_time: z.string().optional(),
  plan: z
    .looseObject({
      elasticsearch: z.looseObject({ version: z.string().optional() }).optional(),
      kibana: z.looseObject({ version: z.string().optional() }).optional(),
      cluster_topology: z.array(z.unknown()).optional(),
    })
    .optional(),
  plan_attempt_log: z.array(PlanStep).optional(),
  source: z.looseObject({ action: z.string().optional(), date: z.string().optional(), facilitator: z.string().optional() }).optional(),
  error: z.unknown().optional(),
  warnings: z.array(z.unknown()).optional(),
});
export type PlanAttempt = z.infer<typeof PlanAttempt>;

export const PlanInfo = z.looseObject({
  healthy: z.boolean().optional(),
  current: PlanAttempt.optional(),
  /** present (non-null) only while a plan runs */
  pending: PlanAttempt.nullable().optional(),
  history: z.array(PlanAttempt).optional(),
});
export type PlanInfo = z.infer<typeof PlanInfo>;

/** `info.status` (SDK swagger `ElasticsearchClusterInfo`); loose so a new status does not break reads. */
export const ResourceStatus = z.string();

export const Instance = z.looseObject({
  instance_name: z.string(),
  healthy: z.boolean().optional(),
  service_running: z.boolean().optional(),
  maintenance_mode: z.boolean().optional(),
  /** the version this instance actually runs (progress counter during a rolling plan) */
  service_version: z.string().optional(),
  zone: z.string().optional(),
  node_roles: z.array(z.string()).nullable().optional(),
  service_roles: z.array(z.string()).optional(),
});
export type Instance = z.infer<typeof Instance>;

export const ElasticsearchResource = z.looseObject({
  ref_id: z.string(),
  id: z.string().optional(),
  region: z.string().optional(),
  info: z.looseObject({
    cluster_id: z.string().optional(),
    cluster_name: z.string().optional(),
    deployment_id: z.string().optional(),
    healthy: z.boolean().optional(),
    status: ResourceStatus.optional(),
    elasticsearch: z.looseObject({ healthy: z.boolean().optional(), shards_status: z.looseObject({ status: z.string() }).optional() }).optional(),
    plan_info: PlanInfo,
    topology: z.looseObject({ healthy: z.boolean().optional(), instances: z.array(Instance) }).optional(),
  }),
});
export type ElasticsearchResource = z.infer<typeof ElasticsearchResource>;

export const KibanaResource = z.looseObject({
  ref_id: z.string(),
  id: z.string().optional(),
  region: z.string().optional(),
  elasticsearch_cluster_ref_id: z.string().optional(),
  info: z.looseObject({
    status: ResourceStatus.optional(),
    healthy: z.boolean().optional(),
    plan_info: PlanInfo,
    topology: z.looseObject({ instances: z.array(Instance) }).optional(),
  }),
});
export type KibanaResource = z.infer<typeof KibanaResource>;

/** `GET /deployments/{id}` (`DeploymentGetResponse`); other resource kinds are kept as they come. */
export const Deployment = z.looseObject({
  id: z.string(),
  name: z.string().optional(),
  healthy: z.boolean().optional(),
  resources: z.looseObject({
    elasticsearch: z.array(ElasticsearchResource),
    kibana: z.array(KibanaResource).optional(),
    apm: z.array(z.unknown()).optional(),
    appsearch: z.array(z.unknown()).optional(),
    enterprise_search: z.array(z.unknown()).optional(),
    integrations_server: z.array(z.unknown()).optional(),
  }),
});
export type Deployment = z.infer<typeof Deployment>;

/** `PUT /deployments/{id}` 200 (`DeploymentUpdateResponse`). */
export const DeploymentUpdateResponse = z.looseObject({
  id: z.string(),
  name: z.string().optional(),
  alias: z.string().optional(),
  resources: z.array(z.looseObject({ id: z.string().optional(), kind: z.string(), ref_id: z.string(), region: z.string().optional() })),
  shutdown_resources: z.unknown().optional(),
  diagnostics: z.unknown().optional(),
});
export type DeploymentUpdateResponse = z.infer<typeof DeploymentUpdateResponse>;

/** `DELETE /deployments/{id}/{kind}/{ref_id}/plan/pending` 200. */
export const CancelPlanResponse = z.looseObject({ id: z.string(), kind: z.string(), ref_id: z.string() });
export type CancelPlanResponse = z.infer<typeof CancelPlanResponse>;

/** `StackVersionConfig` (required in swagger: elasticsearch, kibana, template, upgradable_to; we rely on version + upgradable_to). */
export const StackVersion = z.looseObject({
  version: z.string(),
  upgradable_to: z.array(z.string()),
  min_upgradable_from: z.string().optional(),
  deleted: z.boolean().optional(),
  accessible: z.boolean().optional(),
  whitelisted: z.boolean().optional(),
  metadata: z
    .looseObject({
      pre_release: z.boolean().optional(),
      min_platform_version: z.string().optional(),
      min_wire_compatibility_version: z.string().optional(),
      min_index_compatibility_version: z.string().optional(),
    })
    .optional(),
  elasticsearch: z.unknown().optional(),
  kibana: z.unknown().optional(),
  template: z.unknown().optional(),
});
export type StackVersion = z.infer<typeof StackVersion>;

export const StackVersions = z.looseObject({ stacks: z.array(StackVersion) });
export type StackVersions = z.infer<typeof StackVersions>;

/** `GET /deployments/{id}/upgrade_assistant/status`. */
export const UpgradeAssistantStatus = z.looseObject({ ready_for_upgrade: z.boolean(), details: z.string().optional() });
export type UpgradeAssistantStatus = z.infer<typeof UpgradeAssistantStatus>;

/** Error body `BasicFailedReply`. */
export const BasicFailedReply = z.looseObject({
  errors: z.array(z.looseObject({ code: z.string(), message: z.string(), fields: z.array(z.string()).optional() })),
});
export type BasicFailedReply = z.infer<typeof BasicFailedReply>;
