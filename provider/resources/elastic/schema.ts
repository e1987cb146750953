/**
 * @module resources/elastic/schema — inputs and outputs of ElasticDeploymentVersion (zod; types via z.infer).
 * Cross-field rules (exactly one target, one kind of credential) live in `targetProblems` so check() can report
 * them with property paths next to the schema's own issues.
 */
import { z } from "zod";
import { Plan } from "../../plan/schema";

const Url = z.string().min(1).describe("Endpoint URL, e.g. https://es.example.com:9200.");

/** Connection block shared by `elasticsearch` and `kibana`. Every field may instead come from provider config/env. */
const Connection = (what: string, env: string) =>
  z
    .object({
      url: Url.optional().describe(`${what} URL. Falls back to provider config, then ${env}.`),
      apiKey: z.string().min(1).optional().describe(`${what} API key (base64 id:key as sent in \`Authorization: ApiKey\`). Secret.`),
      username: z.string().min(1).optional().describe(`${what} basic-auth user (with password).`),
      password: z.string().min(1).optional().describe(`${what} basic-auth password. Secret.`),
      caCertificate: z.string().min(1).optional().describe("PEM of the CA that signed the server certificate."),
      insecureSkipVerify: z.boolean().optional().describe("Disable TLS verification (test clusters only)."),
    })
    .strict();

export const ElasticsearchConnection = Connection("Elasticsearch", "ELASTICSEARCH_URL");
export type ElasticsearchConnection = z.infer<typeof ElasticsearchConnection>;
export const KibanaConnection = Connection("Kibana", "KIBANA_URL");
export type KibanaConnection = z.infer<typeof KibanaConnection>;

export const HookCommand = z
  .object({
    command: z
      .array(z.string().min(1))
      .min(1)
      .describe("argv of your upgrade command (no shell): stops, upgrades and starts one node. Gets UPGRADES_NODE_NAME, UPGRADES_NODE_ID, UPGRADES_NODE_HOST, UPGRADES_FROM_VERSION, UPGRADES_TARGET_VERSION."),
    timeoutSeconds: z.number().int().min(1).default(1800).describe("Kill the command (process group) after this long; default 1800."),
  })
  .strict();
export type HookCommand = z.output<typeof HookCommand>;

export const ElasticCloudTarget = z
  .object({
    deploymentId: z.string().min(1).describe("Deployment id (Elastic Cloud Hosted or ECE)."),
    apiKey: z.string().min(1).optional().describe("Elastic Cloud / ECE API key. Falls back to provider config, then EC_API_KEY. Secret."),
    endpoint: z.string().min(1).optional().describe("API endpoint; default Elastic Cloud Hosted (https://api.elastic-cloud.com). Set it for ECE."),
  })
  .strict();
export type ElasticCloudTarget = z.infer<typeof ElasticCloudTarget>;

export const ROLLOUT_STRATEGIES = ["serial", "canary", "manual"] as const;

export const RolloutSettings = z
  .object({
    strategy: z.enum(ROLLOUT_STRATEGIES).default("serial").describe("serial (default), canary (first canarySteps nodes each need a go-ahead) or manual (each phase needs approvedThrough)."),
    approvedThrough: z.string().min(1).optional().describe('manual: last phase allowed to run, e.g. "hot", "9.1.2/master" or "*".'),
    canarySteps: z.number().int().min(1).default(1).describe("canary: how many nodes go first, one at a time."),
    canaryApproved: z.number().int().min(0).default(0).describe("canary: how many canary nodes are released (raise it after checking each)."),
    maxUnavailable: z.number().int().min(1).default(1).describe("Data nodes of one tier restarted at once (masters always one at a time)."),
    waitForStatus: z.enum(["green", "yellow"]).default("green").describe("Health required between nodes; yellow accepts any yellow without moving shards."),
    nodeTimeoutSeconds: z.number().int().min(1).default(1800).describe("Per node: upgrade command + rejoin + health."),
    healthTimeoutSeconds: z.number().int().min(1).default(1800).describe("How long to wait for a healthy cluster before a node may restart."),
    disabledGates: z.array(z.string().min(1)).default([]).describe('Safety gates to skip by name ("*" = all). Each is reported as a warning.'),
  })
  .strict();
export type RolloutSettings = z.output<typeof RolloutSettings>;

export const DEPRECATION_POLICIES = ["block-critical", "block-warning", "ignore"] as const;
export type DeprecationPolicy = (typeof DEPRECATION_POLICIES)[number];

export const CatalogEntry = z.object({ version: z.string().min(1), date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "date must be YYYY-MM-DD (GA date)") }).strict();

export const inputSchema = z
  .object({
    version: z.string().min(1).describe("Target Elastic Stack version, e.g. 9.1.2."),
    allowPrerelease: z.boolean().default(false).describe("Allow a prerelease target (never a prerelease source)."),
    adjacentVersionsOnly: z.boolean().default(false).describe("Each hop moves at most to the next minor line."),
    catalog: z.array(CatalogEntry).optional().describe("Extra or overriding releases {version, date} (GA dates)."),
    elasticsearch: ElasticsearchConnection.optional().describe("Self-managed cluster connection."),
    nodeUpgrade: HookCommand.optional().describe("Self-managed: the per-node upgrade command."),
    kibana: KibanaConnection.optional().describe("Self-managed Kibana to upgrade after Elasticsearch (needs kibanaUpgrade)."),
    kibanaUpgrade: HookCommand.optional().describe("Self-managed: stops every Kibana instance, upgrades and starts them."),
    elasticCloud: ElasticCloudTarget.optional().describe("Elastic Cloud Hosted / ECE deployment (instead of elasticsearch)."),
    rollout: RolloutSettings.prefault({}).describe("How nodes roll."),
    deprecations: z.enum(DEPRECATION_POLICIES).default("block-critical").describe("Before a major hop: block on critical (default) or warning deprecations, or ignore."),
  })
  .strict();
export type Inputs = z.output<typeof inputSchema>;
export type InputsIn = z.input<typeof inputSchema>;

export const SECRET_INPUT_PATHS = ["elasticsearch.apiKey", "elasticsearch.password", "kibana.apiKey", "kibana.password", "elasticCloud.apiKey"] as const;

/** Cross-field problems, with dotted property paths. */
export function targetProblems(i: Inputs): { property: string; reason: string }[] {
  const out: { property: string; reason: string }[] = [];
  const selfManaged = i.elasticsearch !== undefined || i.nodeUpgrade !== undefined || i.kibana !== undefined || i.kibanaUpgrade !== undefined;
  if (i.elasticCloud && selfManaged) {
    const extra = ["elasticsearch", "nodeUpgrade", "kibana", "kibanaUpgrade"].filter((k) => i[k as keyof Inputs] !== undefined);
    out.push({ property: "elasticCloud", reason: `set exactly one target: elasticCloud (a deployment) or elasticsearch + nodeUpgrade (self-managed); remove ${extra.join(", ")}` });
  }
  if (!i.elasticCloud && !i.nodeUpgrade) {
    out.push({
      property: i.elasticsearch ? "nodeUpgrade" : "elasticsearch",
      reason: i.elasticsearch
        ? "a self-managed cluster needs nodeUpgrade.command: the command that stops, upgrades and starts one node"
        : "set a target: elasticsearch {url, credentials} + nodeUpgrade {command} for a self-managed cluster, or elasticCloud {deploymentId} for a deployment",
    });
  }
  for (const [key, c] of [["elasticsearch", i.elasticsearch], ["kibana", i.kibana]] as const) {
    if (!c) continue;
    if (c.apiKey && (c.username || c.password)) out.push({ property: `${key}.apiKey`, reason: "set either apiKey or username + password, not both" });
    if (c.username && !c.password) out.push({ property: `${key}.password`, reason: "username needs a password" });
    if (c.password && !c.username) out.push({ property: `${key}.username`, reason: "password needs a username" });
    if (c.url && !/^https?:\/\//.test(c.url)) out.push({ property: `${key}.url`, reason: "must start with http:// or https://" });
    if (c.url && /\/\/[^/]*@/.test(c.url)) out.push({ property: `${key}.url`, reason: "credentials in the URL are not allowed; use apiKey or username/password" });
  }
  if (i.kibanaUpgrade && !i.kibana) out.push({ property: "kibana", reason: "kibanaUpgrade needs a kibana block (url may come from provider config or KIBANA_URL)" });
  if (i.kibana && !i.kibanaUpgrade) out.push({ property: "kibanaUpgrade", reason: "kibana is upgraded by your command: set kibanaUpgrade.command (or remove kibana)" });
  if (i.rollout.strategy !== "manual" && i.rollout.approvedThrough !== undefined) {
    out.push({ property: "rollout.approvedThrough", reason: 'approvedThrough only applies to strategy "manual"' });
  }
  return out;
}

// ------------------------------------------------------------------------------------------ outputs

export const NodeRecord = z.object({
  id: z.string(),
  name: z.string(),
  host: z.string(),
  roles: z.array(z.string()),
  /** version the node reports; "" when it is not in the cluster */
  version: z.string(),
  phase: z.string(),
  inCluster: z.boolean(),
});
export type NodeRecord = z.infer<typeof NodeRecord>;

export const CloudPlanRecord = z.object({
  hop: z.string(),
  resource: z.string(),
  attemptId: z.string().optional(),
  status: z.enum(["running", "completed", "failed"]),
  step: z.string().optional(),
  message: z.string().optional(),
});
export type CloudPlanRecord = z.infer<typeof CloudPlanRecord>;

export const OUTCOMES = ["planned", "complete", "paused", "failed", "adopted"] as const;

export const outputSchema = z.object({
  /** lowest version running anywhere in the stack (ES and Kibana): a partial upgrade shows as drift */
  version: z.string().describe("Lowest Elastic Stack version running (Elasticsearch and Kibana); a partial upgrade shows as drift."),
  targetVersion: z.string().describe("The version last asked for."),
  elasticsearchVersion: z.string().describe("Lowest Elasticsearch version running."),
  kibanaVersion: z.string().optional().describe("Kibana version running (when Kibana is managed)."),
  targetKind: z.enum(["self-managed", "elastic-cloud"]),
  clusterName: z.string().optional(),
  clusterUuid: z.string().optional(),
  deploymentId: z.string().optional(),
  elasticsearchUrl: z.string().optional(),
  kibanaUrl: z.string().optional(),
  cloudEndpoint: z.string().optional(),
  /** versions from the current one to the target, e.g. ["8.17.3","8.19.2","9.1.2"] */
  path: z.array(z.string()),
  outcome: z.enum(OUTCOMES),
  message: z.string().optional(),
  plan: Plan.optional(),
  nodes: z.array(NodeRecord).optional(),
  cloudPlans: z.array(CloudPlanRecord).optional(),
  /** echo of the non-secret settings, compared by diff */
  allowPrerelease: z.boolean(),
  adjacentVersionsOnly: z.boolean(),
  catalog: z.array(CatalogEntry).optional(),
  rollout: RolloutSettings,
  deprecations: z.enum(DEPRECATION_POLICIES),
  nodeUpgrade: HookCommand.optional(),
  kibanaUpgrade: HookCommand.optional(),
});
export type Outputs = z.output<typeof outputSchema>;
