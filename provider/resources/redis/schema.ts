/**
 * @module resources/redis/schema — inputs and outputs of RedisClusterVersion (zod; types via z.infer).
 * Cross-field rules live in `inputProblems` so check() reports them with property paths next to the schema's own.
 */
import { z } from "zod";
import { Plan } from "../../plan/schema";

export const ClusterConnection = z
  .object({
    url: z.string().min(1).optional().describe("REST API URL, usually https://<cluster FQDN>:9443. Falls back to provider config redisEnterpriseUrl, then REDIS_ENTERPRISE_URL."),
    username: z.string().min(1).optional().describe("REST API user. Falls back to redisEnterpriseUsername / REDIS_ENTERPRISE_USERNAME."),
    password: z.string().min(1).optional().describe("REST API password. Secret. Falls back to redisEnterprisePassword / REDIS_ENTERPRISE_PASSWORD."),
    caCertificate: z.string().min(1).optional().describe("PEM of the CA that signed the cluster certificate (RS ships a self-signed one)."),
    insecureSkipVerify: z.boolean().optional().describe("Disable TLS verification (test clusters only)."),
  })
  .strict();
export type ClusterConnection = z.infer<typeof ClusterConnection>;

export const NodeUpgrade = z
  .object({
    command: z
      .array(z.string().min(1))
      .min(1)
      .describe(
        "argv of your per-node upgrade command (no shell), e.g. [\"ssh\", \"$host\", \"sudo\", \"./install.sh\", \"-y\"] wrapped in a script. " +
          "Gets UPGRADES_NODE_UID, UPGRADES_NODE_ADDR, UPGRADES_FROM_VERSION, UPGRADES_TARGET_VERSION.",
      ),
    timeoutSeconds: z.number().positive().default(3600).describe("Kill the command (its process group) after this long; default 3600."),
  })
  .strict();
export type NodeUpgrade = z.output<typeof NodeUpgrade>;

/** `latest`, `major`, or an explicit Redis DB version such as "7.4". */
export const DbVersionChoice = z
  .string()
  .regex(/^(latest|major|\d+\.\d+)$/, 'expected "latest", "major" or a Redis DB version such as "7.4"');

export const DatabaseSettings = z
  .object({
    upgrade: z.enum(["none", "after"]).default("none").describe("after: once every node runs the target, upgrade each database, one at a time."),
    redisVersion: DbVersionChoice.default("latest").describe(
      'Redis version the databases move to: "latest" (newest the target bundles), "major" (newest bundled of the database\'s own major) or e.g. "7.4".',
    ),
    preserveRoles: z.boolean().default(true).describe("Send preserve_roles (an extra failover keeps master shards where they were); the docs recommend it."),
  })
  .strict();
export type DatabaseSettings = z.output<typeof DatabaseSettings>;

export const ROLLOUT_STRATEGIES = ["serial", "canary", "manual"] as const;

export const RolloutSettings = z
  .object({
    strategy: z.enum(ROLLOUT_STRATEGIES).default("serial").describe("serial (default), canary (the first canarySteps nodes each need a go-ahead) or manual (each phase needs approvedThrough)."),
    approvedThrough: z.string().min(1).optional().describe('manual: last phase allowed to run: "nodes", "<version>/nodes", "databases" or "*".'),
    canarySteps: z.number().int().min(1).default(1).describe("canary: how many nodes go first, one at a time (the master is the first)."),
    canaryApproved: z.number().int().min(0).default(0).describe("canary: how many canary nodes are released."),
    nodeTimeoutSeconds: z.number().positive().default(1800).describe("Per node: wait for the node to report the hop's version, be active and pass its checks; also bounds waits on gates."),
    disabledGates: z.array(z.string().min(1)).default([]).describe('Safety gates to skip by name ("*" = all). Each is reported as a warning.'),
  })
  .strict();
export type RolloutSettings = z.output<typeof RolloutSettings>;

export const CatalogEntry = z
  .object({ version: z.string().min(1), date: z.string().regex(/^\d{4}-\d{2}(-\d{2})?$/, "date must be YYYY-MM-DD (GA date)") })
  .strict();

export const inputSchema = z
  .object({
    cluster: ClusterConnection.prefault({}).describe("How to reach the cluster's REST API."),
    version: z.string().min(1).describe("Target Redis Enterprise Software build, e.g. 7.22.0-95."),
    nodeUpgrade: NodeUpgrade.optional().describe("The per-node upgrade command (required whenever a node must be upgraded)."),
    databases: DatabaseSettings.prefault({}).describe("Database upgrade after the nodes."),
    rollout: RolloutSettings.prefault({}).describe("How nodes roll."),
    adjacentVersionsOnly: z.boolean().default(false).describe("Each hop moves at most to the next release line."),
    catalog: z.array(CatalogEntry).optional().describe("Extra or overriding releases {version, date}."),
  })
  .strict();
export type Inputs = z.output<typeof inputSchema>;
export type InputsIn = z.input<typeof inputSchema>;

export const SECRET_INPUT_PATHS = ["cluster.password"] as const;

/** Cross-field problems, with dotted property paths. */
export function inputProblems(i: Inputs): { property: string; reason: string }[] {
  const out: { property: string; reason: string }[] = [];
  const c = i.cluster;
  if (c.url && !/^https?:\/\//.test(c.url)) out.push({ property: "cluster.url", reason: "must start with https:// (or http://)" });
  if (c.url && /\/\/[^/]*@/.test(c.url)) out.push({ property: "cluster.url", reason: "credentials in the URL are not allowed; use cluster.username and cluster.password" });
  if (i.rollout.strategy !== "manual" && i.rollout.approvedThrough !== undefined) {
    out.push({ property: "rollout.approvedThrough", reason: 'approvedThrough only applies to strategy "manual"' });
  }
  if (i.databases.upgrade === "none" && i.databases.redisVersion !== "latest") {
    out.push({ property: "databases.redisVersion", reason: 'redisVersion only applies with databases.upgrade "after"' });
  }
  return out;
}

// ------------------------------------------------------------------------------------------ outputs

export const NodeRecord = z.object({
  uid: z.number(),
  addr: z.string(),
  version: z.string(),
  status: z.string(),
  /** "master" | "slave" | "unknown" (roles need 6.2.18-49 or later) */
  role: z.string(),
});
export type NodeRecord = z.infer<typeof NodeRecord>;

export const DatabaseRecord = z.object({
  uid: z.number(),
  name: z.string(),
  redisVersion: z.string(),
  status: z.string(),
});
export type DatabaseRecord = z.infer<typeof DatabaseRecord>;

/** A database whose Redis version must change: before the nodes (prerequisite) or after them (planned). */
export const DatabaseChange = z.object({
  uid: z.number(),
  name: z.string(),
  from: z.string(),
  to: z.string(),
  reason: z.string(),
});
export type DatabaseChange = z.infer<typeof DatabaseChange>;

export const OUTCOMES = ["planned", "complete", "paused", "failed", "observed"] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const outputSchema = z.object({
  version: z.string().describe("Lowest software version running on any node (there is no cluster version field); a partial upgrade shows as drift."),
  targetVersion: z.string().describe("The version last asked for."),
  mixedVersions: z.boolean().describe("Nodes run different versions: an upgrade is in progress and must be finished."),
  clusterName: z.string(),
  clusterUrl: z.string(),
  masterUid: z.number().optional().describe("Node holding the master role when last observed."),
  nodes: z.array(NodeRecord),
  databaseVersions: z.array(DatabaseRecord),
  /** versions from the current one to the target, e.g. ["6.2.18-70","7.8.6-303","7.22.0-95"] */
  path: z.array(z.string()),
  databasesBefore: z.array(DatabaseChange).describe("Databases on a Redis version a hop's target does not bundle: raise them first."),
  databasesAfter: z.array(DatabaseChange).describe("Databases upgraded after the nodes (databases.upgrade = after)."),
  outcome: z.enum(OUTCOMES),
  message: z.string().optional(),
  plan: Plan.optional(),
  /** echo of the non-secret settings, compared by diff */
  nodeUpgrade: NodeUpgrade.optional(),
  databases: DatabaseSettings,
  rollout: RolloutSettings,
  adjacentVersionsOnly: z.boolean(),
  catalog: z.array(CatalogEntry).optional(),
});
export type Outputs = z.output<typeof outputSchema>;
