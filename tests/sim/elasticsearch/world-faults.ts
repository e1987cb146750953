// The fault catalogue of the simulated Elastic world (Elasticsearch, Kibana, Elastic Cloud, hook scripts), as data: the same objects go in a config file's
// `faults` list, in `POST <controlUrl>/_sim/faults`, and in `sim.addFault(...)`.
import { z } from "zod";


const times = z.number().int().min(1).optional();

export const FaultSpecSchema = z.discriminatedUnion("kind", [
  /** the node's `systemctl start` fails after the upgrade (hook script exits non-zero; node stays down) */
  z.object({ kind: z.literal("es.node_fails_to_start"), node: z.string(), times }),
  /** the node comes back reporting `version` instead of the installed one */
  z.object({ kind: z.literal("es.node_wrong_version"), node: z.string(), version: z.string(), times }),
  /** the node starts but joins the cluster `delayMs` simulated ms late */
  z.object({ kind: z.literal("es.node_slow_rejoin"), node: z.string(), delayMs: z.number().min(0), times }),
  /** node shutdown status for this node stays `status` (default STALLED; NOT_STARTED and IN_PROGRESS also possible) */
  z.object({ kind: z.literal("es.shutdown_stalled"), node: z.string(), status: z.enum(["NOT_STARTED", "IN_PROGRESS", "STALLED"]).default("STALLED") }),
  /** every copy of a shard is lost now (health red) for `durationMs` simulated ms, or until the fault is removed */
  z.object({ kind: z.literal("es.shard_red"), index: z.string(), shard: z.number().int().min(0).default(0), durationMs: z.number().min(0).optional() }),
  /** `GET /_migration/deprecations` gains a critical item */
  z.object({
    kind: z.literal("es.critical_deprecation"),
    section: z.enum(["cluster_settings", "node_settings", "ml_settings", "index_settings", "data_streams", "templates", "ilm_policies"]).default("index_settings"),
    key: z.string().optional(),
    message: z.string().default("Index created before 8.0"),
    details: z.string().optional(),
  }),
  /** transport faults on one server: 429/503 bursts (`status` + `times`), `reset`, slow answers (`delayMs`, real ms) */
  z.object({
    kind: z.literal("http"),
    service: z.enum(["elasticsearch", "kibana", "cloud"]),
    method: z.string().optional(),
    path: z.string().optional(),
    status: z.number().int().optional(),
    body: z.unknown().optional(),
    headers: z.record(z.string(), z.string()).optional(),
    delayMs: z.number().min(0).optional(),
    reset: z.boolean().optional(),
    times,
  }),
  /** the next cloud plan fails at step `step` (e.g. "rolling-upgrade", "snapshot-cluster") */
  z.object({
    kind: z.literal("cloud.plan_fails"),
    deployment: z.string().optional(),
    resource: z.enum(["elasticsearch", "kibana"]).optional(),
    step: z.string(),
    message: z.string().optional(),
    times,
  }),
  /** a plan is already pending on the resource (holds until cancelled with DELETE …/plan/pending or the fault is removed) */
  z.object({ kind: z.literal("cloud.plan_pending"), deployment: z.string().optional(), resource: z.enum(["elasticsearch", "kibana"]).default("elasticsearch") }),
  /** the deployment's Upgrade Assistant reports critical deprecations */
  z.object({ kind: z.literal("cloud.critical_deprecation"), deployment: z.string().optional(), count: z.number().int().min(1).default(1) }),
  /** Kibana never becomes available */
  z.object({ kind: z.literal("kibana.never_available") }),
  /** the hook script for `target` (a node name, or "kibana") exits with `exitCode` without doing anything */
  z.object({ kind: z.literal("script.exit"), target: z.string(), exitCode: z.number().int().min(1).max(255).default(1), times }),
  /** the hook script for `target` hangs forever (until killed) */
  z.object({ kind: z.literal("script.hang"), target: z.string(), times }),
]);
export type FaultSpec = z.output<typeof FaultSpecSchema>;
export type FaultSpecInput = z.input<typeof FaultSpecSchema>;
