/**
 * @module clients/redis-enterprise/schemas — zod schemas of the Redis Enterprise Software REST responses the
 * provider reads (field names of redis.md §1c: docs:content/operate/rs/references/rest-api/** and the real
 * fixtures of redis-developer/redis-enterprise-rs). They accept the documented type quirks: `node_uid` as a
 * string or an int, action `progress` as "100" or 100.0. Unknown fields are dropped; fields the docs example
 * omits are optional.
 */
import { z } from "zod";

/** An integer sent either as a JSON number or as a string of digits (cluster/check sends "1", nodes/check 1). */
const intLike = z.union([z.number().int(), z.string().regex(/^\d+$/).transform(Number)]);
/** A number that v1 tasks send as a string ("100") and later versions as a float (redis.md §1c quirk). */
const numberLike = z.union([z.number(), z.string().regex(/^-?\d+(\.\d+)?$/).transform(Number)]);

// ---------- GET /v1/cluster ----------

/** objects/cluster/_index.md; `upgrade_mode` is documented, `upgrade_in_progress` only seen in a real response.
 * There is no software-version field: the cluster version is derived from the nodes. */
export const ClusterSchema = z.object({
  name: z.string(),
  upgrade_mode: z.boolean().optional(),
  upgrade_in_progress: z.boolean().optional(),
  block_cluster_changes: z.boolean().optional(),
  created_time: z.string().optional(),
  rack_aware: z.boolean().optional(),
  cnm_https_port: z.number().int().optional(),
});
export type Cluster = z.infer<typeof ClusterSchema>;

// ---------- GET /v1/nodes, /v1/nodes/{uid} ----------

export const NODE_STATUSES = ["active", "decommissioning", "down", "provisioning"] as const;
export type NodeStatusValue = (typeof NODE_STATUSES)[number];

export const SupportedDatabaseVersionSchema = z.object({
  db_type: z.string(),
  major: z.boolean().optional(),
  /** "7.4"; absent for memcached */
  redis_version: z.string().optional(),
  version: z.string(),
});
export type SupportedDatabaseVersion = z.infer<typeof SupportedDatabaseVersionSchema>;

export const NodeSchema = z.object({
  uid: z.number().int(),
  addr: z.string(),
  /** "Installed Redis Software cluster software version", e.g. "7.4.6-22" */
  software_version: z.string(),
  status: z.enum(NODE_STATUSES),
  shard_count: z.number().int().optional(),
  shard_list: z.array(z.number().int()).optional(),
  accept_servers: z.boolean().optional(),
  rack_id: z.string().optional(),
  /** the DB versions this node's software bundles (upgrade-database.md) */
  supported_database_versions: z.array(SupportedDatabaseVersionSchema).default([]),
  os_family: z.string().optional(),
  uptime: z.number().optional(),
  total_memory: z.number().optional(),
});
export type Node = z.infer<typeof NodeSchema>;
export const NodeListSchema = z.array(NodeSchema);

// ---------- GET /v1/nodes/status (from 6.2.18-49), /v1/nodes/{uid}/status ----------

export const NodeRoleSchema = z.enum(["master", "slave"]);
export type NodeRole = z.infer<typeof NodeRoleSchema>;

export const MaintenanceSnapshotSchema = z.object({
  created_time: z.string().optional(),
  name: z.string(),
  node_uid: intLike.optional(),
});

/** One node's status. The docs example abbreviates nodes 2 and 3 to hostname and role, so only role is required. */
export const NodeStatusEntrySchema = z.object({
  role: NodeRoleSchema,
  hostname: z.string().optional(),
  node_status: z.string().optional(),
  software_version: z.string().optional(),
  software_version_sha: z.string().optional(),
  /** present only while a node maintenance is in progress or was stopped improperly */
  maintenance_snapshot: MaintenanceSnapshotSchema.optional(),
  master_shards: z.array(z.unknown()).optional(),
  slave_shards: z.array(z.unknown()).optional(),
  cores: z.number().optional(),
  free_ram: z.number().optional(),
  total_memory: z.number().optional(),
});
export type NodeStatusEntry = z.infer<typeof NodeStatusEntrySchema>;

/** Keyed by node uid as a string ("1"). */
export const NodesStatusSchema = z.record(z.string().regex(/^\d+$/), NodeStatusEntrySchema);
export type NodesStatus = z.infer<typeof NodesStatusSchema>;

// ---------- GET /v1/cluster/check, /v1/nodes/check/{uid} ----------

export const NodeCheckSchema = z.object({
  node_uid: intLike,
  result: z.boolean(),
  /** the first failing check only */
  error: z.string().optional(),
});
export type NodeCheck = z.infer<typeof NodeCheckSchema>;

export const ClusterCheckSchema = z.object({
  /** true when every test passed (the docs' wording is ambiguous; the example's false means a node failed) */
  cluster_test_result: z.boolean(),
  nodes: z.array(NodeCheckSchema),
});
export type ClusterCheck = z.infer<typeof ClusterCheckSchema>;

// ---------- GET /v1/bdbs, /v1/bdbs/{uid}, POST /v1/bdbs/{uid}/upgrade ----------

export const BDB_STATUSES = [
  "pending",
  "active",
  "active-change-pending",
  "delete-pending",
  "import-pending",
  "creation-failed",
  "recovery",
] as const;

export const BdbSchema = z.object({
  uid: z.number().int(),
  name: z.string(),
  type: z.string().optional(),
  status: z.enum(BDB_STATUSES).optional(),
  /** "Version of the redis-server processes: e.g. 6.0, 5.0-big" (absent on memcached databases [inferred]) */
  redis_version: z.string().optional(),
  /** full compatibility version, e.g. "8.0.0" */
  version: z.string().optional(),
  /** the currently running action, when any */
  action_uid: z.string().optional(),
  auto_upgrade: z.boolean().optional(),
  replication: z.boolean().optional(),
  shards_count: z.number().int().optional(),
  shard_list: z.array(z.number().int()).optional(),
  sharding: z.boolean().optional(),
  crdt: z.boolean().optional(),
  module_list: z
    .array(z.object({ module_name: z.string().optional(), semantic_version: z.string().optional() }))
    .optional(),
});
export type Bdb = z.infer<typeof BdbSchema>;
export const BdbListSchema = z.array(BdbSchema);

/** Body of `POST /v1/bdbs/{uid}/upgrade` (requests/bdbs/upgrade.md). The docs recommend `preserve_roles: true`. */
export const BdbUpgradeRequestSchema = z.object({
  redis_version: z.string().optional(),
  preserve_roles: z.boolean().optional(),
  force_restart: z.boolean().optional(),
  may_discard_data: z.boolean().optional(),
  force_discard: z.boolean().optional(),
  keep_crdt_protocol_version: z.boolean().optional(),
  parallel_shards_upgrade: z.number().int().optional(),
  swap_roles: z.boolean().optional(),
});
export type BdbUpgradeRequest = z.infer<typeof BdbUpgradeRequestSchema>;

// ---------- GET /v1/actions, /v1/actions/{uid}, /v1/actions/bdb/{uid} ----------

/** Task statuses (objects/action.md) and state-machine / v1 statuses (objects/state-machine.md). */
export const ACTION_STATUSES = [
  "queued",
  "starting",
  "running",
  "pending",
  "active",
  "completed",
  "failed",
  "aborted",
  "cancelling",
  "cancelled",
] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];
export const TERMINAL_ACTION_STATUSES: readonly ActionStatus[] = ["completed", "failed", "aborted", "cancelled"];

/** A task or a state machine; both carry action_uid, name, progress and status. */
export const ActionSchema = z.object({
  action_uid: z.string(),
  name: z.string(),
  status: z.enum(ACTION_STATUSES),
  progress: numberLike.optional(),
  object_name: z.string().optional(),
  node_uid: intLike.optional(),
  task_id: z.string().optional(),
  state: z.string().optional(),
  heartbeat: z.number().optional(),
  creation_time: numberLike.optional(),
  pending_ops: z.record(z.string(), z.unknown()).optional(),
  error: z.string().optional(),
  error_code: z.string().optional(),
  error_message: z.string().optional(),
});
export type Action = z.infer<typeof ActionSchema>;

export const ActionListSchema = z.object({
  actions: z.array(ActionSchema).default([]),
  "state-machines": z.array(ActionSchema).default([]),
});
export type ActionList = z.infer<typeof ActionListSchema>;

export const BdbActionListSchema = z.array(ActionSchema);
