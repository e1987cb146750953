// Configuration of the simulated Elasticsearch cluster (zod: it arrives from JSON files and the control API).
// Every duration is in simulated milliseconds (see SimClock); the defaults are realistic orders of magnitude
// for a small cluster on a package install («synth»: no source gives exact figures).
import { z } from "zod";

export const ES_ROLES = [
  "master",
  "data",
  "data_hot",
  "data_warm",
  "data_cold",
  "data_frozen",
  "data_content",
  "ingest",
  "ml",
  "remote_cluster_client",
  "transform",
  "voting_only",
] as const;
export type EsRole = (typeof ES_ROLES)[number];

export const EsNodeConfigSchema = z.object({
  name: z.string().min(1),
  roles: z.array(z.enum(ES_ROLES)),
  /** defaults to the cluster version */
  version: z.string().optional(),
  /** full node id; derived from the name when omitted */
  id: z.string().optional(),
  host: z.string().optional(),
  /** start stopped (e.g. to model a node that is down when the run begins) */
  stopped: z.boolean().optional(),
});
export type EsNodeConfig = z.infer<typeof EsNodeConfigSchema>;

export const TIERS = ["hot", "warm", "cold", "frozen", "content"] as const;
export type Tier = (typeof TIERS)[number];

export const EsIndexConfigSchema = z.object({
  name: z.string().min(1),
  tier: z.enum(TIERS).default("content"),
  primaries: z.number().int().min(1).default(1),
  replicas: z.number().int().min(0).default(1),
  docs: z.number().int().min(0).default(1000),
});
export type EsIndexConfig = z.infer<typeof EsIndexConfigSchema>;

export const DeprecationSchema = z.object({
  level: z.enum(["none", "info", "warning", "critical"]),
  message: z.string(),
  url: z.string().default("https://ela.st/es-deprecation"),
  details: z.string().optional(),
  resolve_during_rolling_upgrade: z.boolean().default(false),
});
export type Deprecation = z.infer<typeof DeprecationSchema>;

export const DeprecationsSchema = z.object({
  cluster_settings: z.array(DeprecationSchema).default([]),
  node_settings: z.array(DeprecationSchema).default([]),
  ml_settings: z.array(DeprecationSchema).default([]),
  index_settings: z.record(z.string(), z.array(DeprecationSchema)).default({}),
  data_streams: z.record(z.string(), z.array(DeprecationSchema)).default({}),
  templates: z.record(z.string(), z.array(DeprecationSchema)).default({}),
  ilm_policies: z.record(z.string(), z.array(DeprecationSchema)).default({}),
});
export type Deprecations = z.infer<typeof DeprecationsSchema>;

export const EsTimingsSchema = z.object({
  /** `systemctl stop` until the process is gone */
  stopMs: z.number().min(0).default(5_000),
  /** `apt-get install elasticsearch=V` */
  installMs: z.number().min(0).default(60_000),
  /** `systemctl start` until the process is up */
  startMs: z.number().min(0).default(15_000),
  /** process up → joined the cluster */
  joinMs: z.number().min(0).default(3_000),
  /** primary recovering from its own store after a restart */
  primaryRecoveryMs: z.number().min(0).default(3_000),
  /** replica recovering onto a node that still holds a copy (operations-based recovery) */
  replicaRecoveryMs: z.number().min(0).default(5_000),
  /** full peer recovery (re-replication, relocation) to a node without a copy */
  peerRecoveryMs: z.number().min(0).default(60_000),
  /** `index.unassigned.node_left.delayed_timeout` (ES default 1m) */
  nodeLeftDelayMs: z.number().min(0).default(60_000),
  /** taking a snapshot (wait_for_completion=true waits this long) */
  snapshotMs: z.number().min(0).default(10_000),
  /** restart-type node shutdown: IN_PROGRESS until this has elapsed, then COMPLETE */
  shutdownPrepareMs: z.number().min(0).default(2_000),
});
export type EsTimings = z.infer<typeof EsTimingsSchema>;

export const EsConfigSchema = z.object({
  clusterName: z.string().default("sim-cluster"),
  version: z.string().default("8.17.3"),
  nodes: z.array(EsNodeConfigSchema).min(1),
  indices: z.array(EsIndexConfigSchema).default([]),
  persistentSettings: z.record(z.string(), z.unknown()).default({}),
  deprecations: DeprecationsSchema.optional(),
  /** snapshot repositories (PUT /_snapshot/{repo}/{snapshot}) */
  snapshotRepositories: z.array(z.string()).default(["sim-backups"]),
  /** anomaly detection job ids (GET /_ml/anomaly_detectors) */
  mlJobs: z.array(z.string()).default([]),
  systemFeaturesStatus: z.enum(["NO_MIGRATION_NEEDED", "MIGRATION_NEEDED", "IN_PROGRESS", "ERROR"]).default("NO_MIGRATION_NEEDED"),
  timings: EsTimingsSchema.prefault({}),
});
export type EsConfigInput = z.input<typeof EsConfigSchema>;
export type EsConfig = z.output<typeof EsConfigSchema>;
