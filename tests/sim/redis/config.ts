// Configuration and control-API bodies of the simulated Redis Enterprise cluster, as zod schemas (they cross a
// process boundary: the control API is called by the node-upgrade script and by tests over HTTP).
import { z } from "zod";
import { isValidRsVersion } from "./versions";

const rsVersion = z.string().refine(isValidRsVersion, { message: "expected a Redis Enterprise build such as 7.4.2-54" });
const redisDbVersion = z.string().regex(/^\d+\.\d+$/, { message: 'expected a Redis DB version such as "7.2"' });

/** Domain faults live in the simulator's state; each fires `times` times (default 1) and is reproducible. */
export const RedisFaultSpecSchema = z.discriminatedUnion("kind", [
  z.object({
    /** after the matching node's install, its node check (and so the cluster check) fails until repaired */
    kind: z.literal("node_check_fails_after_upgrade"),
    node: z.number().int().optional(),
    error: z.string().optional(),
    times: z.number().int().positive().optional(),
  }),
  z.object({
    /** the matching node is installed but stays `down` (the installer still exits 0) until started */
    kind: z.literal("node_never_returns"),
    node: z.number().int().optional(),
    times: z.number().int().positive().optional(),
  }),
  z.object({
    /** the master role moves to `to` (default: the lowest-uid active node other than the master) once
     * `afterUpgrades` more node installs have completed (0 = at once) */
    kind: z.literal("master_moves"),
    afterUpgrades: z.number().int().min(0).optional(),
    to: z.number().int().optional(),
    times: z.number().int().positive().optional(),
  }),
  z.object({
    /** the installer exits non-zero: at its pre-checks (node untouched) or after stopping the node (node left down) */
    kind: z.literal("install_fails"),
    node: z.number().int().optional(),
    phase: z.enum(["precheck", "after_stop"]).optional(),
    message: z.string().optional(),
    times: z.number().int().positive().optional(),
  }),
  z.object({
    /** the installer never answers (until the fault is cleared or the simulator stops) */
    kind: z.literal("install_hangs"),
    node: z.number().int().optional(),
    phase: z.enum(["precheck", "after_stop"]).optional(),
    times: z.number().int().positive().optional(),
  }),
  z.object({
    /** the next database upgrade action ends `failed` */
    kind: z.literal("bdb_upgrade_fails"),
    bdb: z.number().int().optional(),
    error: z.string().optional(),
    times: z.number().int().positive().optional(),
  }),
]);
export type RedisFaultSpec = z.infer<typeof RedisFaultSpecSchema>;

/** Transport faults (tests/sim/common FaultBook rules) applied to the REST API before auth and routing. */
export const HttpFaultRuleSchema = z.object({
  method: z.string().optional(),
  path: z.string().optional(),
  status: z.number().int().min(100).max(599).optional(),
  body: z.unknown().optional(),
  headers: z.record(z.string(), z.string()).optional(),
  delayMs: z.number().min(0).optional(),
  reset: z.boolean().optional(),
  times: z.number().int().positive().optional(),
});

export const RedisDatabaseConfigSchema = z.object({
  name: z.string().min(1),
  redis_version: redisDbVersion.default("6.2"),
  /** master shards */
  shards: z.number().int().min(1).max(64).default(1),
  /** one replica per master shard */
  replication: z.boolean().default(true),
});

export const RedisSimConfigSchema = z.object({
  clusterName: z.string().default("cluster.sim.local"),
  nodes: z
    .object({
      count: z.number().int().min(1).max(64).default(3),
      version: rsVersion.default("6.2.18-70"),
      /** per-node versions (a mixed cluster); overrides count and version */
      versions: z.array(rsVersion).min(1).optional(),
      /** uid of the initial master (default 1) */
      master: z.number().int().positive().optional(),
    })
    .prefault({}),
  databases: z
    .array(RedisDatabaseConfigSchema)
    .default([
      { name: "cache", redis_version: "6.2", shards: 2, replication: true },
      { name: "sessions", redis_version: "6.2", shards: 1, replication: true },
    ]),
  /** real ms = simulated ms × timeScale */
  timeScale: z.number().positive().default(1),
  username: z.string().min(1).default("admin@cluster.sim.local"),
  password: z.string().min(1).default("sim-password"),
  /** simulated durations of the installer's phases and of each database-upgrade state */
  timings: z
    .object({
      stopMs: z.number().min(0).default(20_000),
      installMs: z.number().min(0).default(120_000),
      startMs: z.number().min(0).default(30_000),
      dbUpgradeStepMs: z.number().min(0).default(5_000),
    })
    .prefault({}),
  faults: z.array(RedisFaultSpecSchema).default([]),
  httpFaults: z.array(HttpFaultRuleSchema).default([]),
});
export type RedisSimConfigInput = z.input<typeof RedisSimConfigSchema>;
export type RedisSimConfig = z.output<typeof RedisSimConfigSchema>;

export const NodeUpgradeRequestSchema = z.object({
  version: rsVersion,
  /** when given, must be the node's address (catches a caller passing the wrong node's identity) */
  addr: z.string().optional(),
  /** informational: the version the caller believes the node runs */
  from: z.string().optional(),
});

export const SetMasterRequestSchema = z.object({ uid: z.number().int().positive() });

export const PatchDatabaseRequestSchema = z.object({
  redis_version: redisDbVersion.optional(),
  status: z.enum(["active", "active-change-pending", "pending", "recovery"]).optional(),
});

/** `POST /v1/bdbs/{uid}/upgrade` body fields (requests/bdbs/upgrade.md); unknown fields are rejected with 400. */
export const BdbUpgradeBodySchema = z
  .object({
    force_restart: z.boolean().optional(),
    keep_redis_version: z.boolean().optional(),
    keep_crdt_protocol_version: z.boolean().optional(),
    may_discard_data: z.boolean().optional(),
    force_discard: z.boolean().optional(),
    preserve_roles: z.boolean().optional(),
    swap_roles: z.boolean().optional(),
    parallel_shards_upgrade: z.number().int().optional(),
    modules: z.array(z.unknown()).optional(),
    redis_version: z.string().optional(),
    latest_with_modules: z.boolean().optional(),
  })
  .strict();
