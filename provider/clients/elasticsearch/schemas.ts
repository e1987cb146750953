/**
 * @module clients/elasticsearch/schemas — zod schemas for the Elasticsearch responses the provider reads.
 * Strict on the fields we use, loose (extra keys kept) on everything else, so newer servers still parse.
 * Shapes: /work/shared/reference/elastic-api-shapes.md (SPEC = elasticsearch-specification, ECK fixtures).
 */
import { z } from "zod";

/** `green|yellow|red`; ES sends this enum upper- or lowercase depending on the API (SPEC HealthStatus). */
export const HealthStatus = z
  .string()
  .transform((s) => s.toLowerCase())
  .pipe(z.enum(["green", "yellow", "red"]));
export type HealthStatus = z.infer<typeof HealthStatus>;

/** `GET /` (SPEC `_global/info/RootNodeInfoResponse.ts`). */
export const RootInfo = z.looseObject({
  name: z.string().optional(),
  cluster_name: z.string(),
  cluster_uuid: z.string().optional(),
  version: z.looseObject({
    number: z.string(),
    build_flavor: z.string().optional(),
    build_date: z.string().optional(),
    minimum_wire_compatibility_version: z.string().optional(),
    minimum_index_compatibility_version: z.string().optional(),
  }),
  tagline: z.string().optional(),
});
export type RootInfo = z.infer<typeof RootInfo>;

/** One node of `GET /_nodes` (SPEC `nodes/info/types.ts`); basic info is present even with metric `_none`. */
export const NodeInfo = z.looseObject({
  name: z.string(),
  version: z.string(),
  roles: z.array(z.string()),
  host: z.string().optional(),
  ip: z.string().optional(),
  transport_address: z.string().optional(),
  attributes: z.record(z.string(), z.string()).optional(),
  build_flavor: z.string().optional(),
  http: z.looseObject({ publish_address: z.string().optional() }).optional(),
});
export type NodeInfo = z.infer<typeof NodeInfo>;

/** `GET /_nodes[/{filter}[/{metric}]]`; keys of `nodes` are full node ids. SPEC's example abbreviates `_nodes` to `{}`. */
export const NodesInfo = z.looseObject({
  _nodes: z.looseObject({ total: z.number().optional(), successful: z.number().optional(), failed: z.number().optional() }).optional(),
  cluster_name: z.string(),
  nodes: z.record(z.string(), NodeInfo),
});
export type NodesInfo = z.infer<typeof NodesInfo>;

/** Any `_cat/*?format=json` row: every value a string (numbers too) or null; keys are the requested columns. */
export const CatRow = z.record(z.string(), z.string().nullable());
export type CatRow = z.infer<typeof CatRow>;

/** `_cat/nodes?format=json&full_id=true&h=id,name,ip,version,node.role,master` as requested by the client. */
export const CatNode = z.looseObject({
  id: z.string(),
  name: z.string(),
  ip: z.string().nullable().optional(),
  version: z.string(),
  "node.role": z.string(),
  /** `*` elected master, `-` otherwise */
  master: z.string(),
});
export type CatNode = z.infer<typeof CatNode>;

/** `_cat/shards?format=json&h=index,shard,prirep,state,node` (ECK `client/test_fixtures/shards.go`). */
export const CatShard = z.looseObject({
  index: z.string(),
  shard: z.string(),
  prirep: z.enum(["p", "r"]),
  state: z.enum(["STARTED", "INITIALIZING", "RELOCATING", "UNASSIGNED"]),
  /** null when unassigned; `src -> ip id dst` while relocating */
  node: z.string().nullable(),
});
export type CatShard = z.infer<typeof CatShard>;

/** `GET /_cluster/health` body, also sent with HTTP 408 and `timed_out: true` (SPEC `ClusterHealthResponse.ts`). */
export const ClusterHealth = z.looseObject({
  cluster_name: z.string(),
  status: HealthStatus,
  timed_out: z.boolean(),
  number_of_nodes: z.number(),
  number_of_data_nodes: z.number(),
  active_primary_shards: z.number(),
  active_shards: z.number(),
  relocating_shards: z.number(),
  initializing_shards: z.number(),
  unassigned_shards: z.number(),
  /** newer ES only (absent from the SPEC example and 7.x payloads) */
  unassigned_primary_shards: z.number().optional(),
  delayed_unassigned_shards: z.number(),
  number_of_pending_tasks: z.number(),
  number_of_in_flight_fetch: z.number(),
  task_max_waiting_in_queue_millis: z.number(),
  active_shards_percent_as_number: z.number(),
});
export type ClusterHealth = z.infer<typeof ClusterHealth>;

const SettingsMap = z.record(z.string(), z.unknown());

/** `GET /_cluster/settings` — nested by default, flat with `flat_settings=true`. */
export const ClusterSettings = z.looseObject({
  persistent: SettingsMap,
  transient: SettingsMap,
  defaults: SettingsMap.optional(),
});
export type ClusterSettings = z.infer<typeof ClusterSettings>;

/** `PUT /_cluster/settings` echoes only the applied update (a `null` reset echoes as `{}`). */
export const ClusterSettingsUpdate = z.looseObject({
  acknowledged: z.boolean(),
  persistent: SettingsMap,
  transient: SettingsMap,
});
export type ClusterSettingsUpdate = z.infer<typeof ClusterSettingsUpdate>;

/** `{"acknowledged": true}` (SPEC `AcknowledgedResponseBase`). */
export const Acknowledged = z.looseObject({ acknowledged: z.boolean() });
export type Acknowledged = z.infer<typeof Acknowledged>;

/** `POST /_flush` (SPEC `ShardsOperationResponseBase`). */
export const FlushResponse = z.looseObject({
  _shards: z.looseObject({
    total: z.number(),
    successful: z.number(),
    failed: z.number(),
    skipped: z.number().optional(),
    failures: z.array(z.unknown()).optional(),
  }),
});
export type FlushResponse = z.infer<typeof FlushResponse>;

const Upper = <T extends readonly [string, ...string[]]>(values: T) =>
  z
    .string()
    .transform((s) => s.toUpperCase())
    .pipe(z.enum(values));

/** Shutdown statuses; real responses are UPPERCASE though the spec enum is lowercase (ECK `client/model.go`). */
export const ShutdownStatus = Upper(["NOT_STARTED", "IN_PROGRESS", "STALLED", "COMPLETE"] as const);
export type ShutdownStatus = z.infer<typeof ShutdownStatus>;

/** One record of `GET /_nodes[/{id}]/shutdown`; note the real key `shutdown_startedmillis`. */
export const NodeShutdown = z.looseObject({
  node_id: z.string(),
  type: Upper(["RESTART", "REMOVE", "REPLACE", "SIGTERM"] as const),
  reason: z.string(),
  shutdown_startedmillis: z.number().optional(),
  allocation_delay: z.string().optional(),
  status: ShutdownStatus,
  shard_migration: z
    .looseObject({ status: ShutdownStatus, shard_migrations_remaining: z.number().optional(), explanation: z.string().optional() })
    .optional(),
  persistent_tasks: z.looseObject({ status: ShutdownStatus }).optional(),
  plugins: z.looseObject({ status: ShutdownStatus }).optional(),
});
export type NodeShutdown = z.infer<typeof NodeShutdown>;

export const NodeShutdowns = z.looseObject({ nodes: z.array(NodeShutdown) });
export type NodeShutdowns = z.infer<typeof NodeShutdowns>;

/** Body of `PUT /_nodes/{id}/shutdown` (SPEC `ShutdownPutNodeRequest.ts`). */
export const NodeShutdownRequest = z.object({
  type: z.enum(["restart", "remove", "replace"]),
  reason: z.string().min(1),
  allocation_delay: z.string().optional(),
  target_node_name: z.string().optional(),
});
export type NodeShutdownRequest = z.infer<typeof NodeShutdownRequest>;

/** One deprecation finding (SPEC `migration/deprecations/types.ts`); old servers omit `resolve_during_rolling_upgrade`. */
export const Deprecation = z.looseObject({
  level: z.enum(["none", "info", "warning", "critical"]),
  message: z.string(),
  url: z.string().optional(),
  details: z.string().nullable().optional(),
  resolve_during_rolling_upgrade: z.boolean().optional(),
  _meta: z.record(z.string(), z.unknown()).optional(),
});
export type Deprecation = z.infer<typeof Deprecation>;

const DeprecationList = z.array(Deprecation);
const DeprecationsByName = z.record(z.string(), DeprecationList);

/** `GET /_migration/deprecations`; every section optional because older servers lack the newer keys. */
export const Deprecations = z.looseObject({
  cluster_settings: DeprecationList.optional(),
  node_settings: DeprecationList.optional(),
  ml_settings: DeprecationList.optional(),
  index_settings: DeprecationsByName.optional(),
  data_streams: DeprecationsByName.optional(),
  templates: DeprecationsByName.optional(),
  ilm_policies: DeprecationsByName.optional(),
});
export type Deprecations = z.infer<typeof Deprecations>;

export const MigrationStatus = z.enum(["NO_MIGRATION_NEEDED", "MIGRATION_NEEDED", "IN_PROGRESS", "ERROR"]);
export type MigrationStatus = z.infer<typeof MigrationStatus>;

/** `GET /_migration/system_features` (SPEC `migration/get_feature_upgrade_status`). */
export const SystemFeatures = z.looseObject({
  features: z.array(
    z.looseObject({
      feature_name: z.string(),
      minimum_index_version: z.string().optional(),
      migration_status: MigrationStatus,
      indices: z.array(z.looseObject({ index: z.string(), version: z.string().optional(), failure_cause: z.unknown().optional() })).optional(),
    }),
  ),
  migration_status: MigrationStatus,
});
export type SystemFeatures = z.infer<typeof SystemFeatures>;

/**
 * `GET /_ml/anomaly_detectors` → `{count, jobs[]}`. Not in the shapes reference: field names from the ES ML
 * get-jobs API documentation («inferred»); only `count` and `jobs[].job_id` are relied on.
 */
export const MlJobs = z.looseObject({
  count: z.number(),
  jobs: z.array(z.looseObject({ job_id: z.string(), state: z.string().optional() })),
});
export type MlJobs = z.infer<typeof MlJobs>;

/** `GET /_ml/info` — `upgrade_mode` tells whether ML upgrade mode is on (field per ES ML info API «inferred»). */
export const MlInfo = z.looseObject({ upgrade_mode: z.boolean() });
export type MlInfo = z.infer<typeof MlInfo>;

/** ES error body `{"error": {…ErrorCause…}, "status": <int>}` (SPEC `ErrorResponseBase`). */
export const ErrorResponse = z.looseObject({
  error: z.union([z.looseObject({ type: z.string(), reason: z.string().nullable().optional() }), z.string()]),
  status: z.number(),
});
export type ErrorResponse = z.infer<typeof ErrorResponse>;
