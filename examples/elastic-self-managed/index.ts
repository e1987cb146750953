// A self-managed Elasticsearch cluster (+ Kibana) kept on the Elastic Stack version in stack config (Pulumi.<stack>.yaml).
//
//   pulumi config set elastic-self-managed:version 9.1.2
//   pulumi preview   # 8.17.3 → 8.19.x → 9.1.2, nodes frozen → cold → warm → hot → … → masters, Kibana after
//   pulumi up        # one node at a time behind health gates; a failure records progress, the next `up` resumes
//
// Connections come from provider config (upgrades:elasticsearchUrl, upgrades:elasticsearchApiKey, upgrades:kibanaUrl,
// upgrades:kibanaApiKey) or ELASTICSEARCH_URL / ELASTICSEARCH_API_KEY / KIBANA_URL / KIBANA_API_KEY. The two
// commands are your own scripts around `systemctl stop …; apt-get install …=$UPGRADES_TARGET_VERSION; systemctl start …`.
import * as pulumi from "@pulumi/pulumi";
import * as upgrades from "pulumi-upgrades";

const config = new pulumi.Config();
const strategy = (config.get("strategy") ?? "serial") as "serial" | "canary" | "manual";

const stack = new upgrades.ElasticDeploymentVersion("stack", {
  version: config.require("version"),
  nodeUpgrade: { command: config.requireObject<string[]>("nodeUpgradeCommand"), timeoutSeconds: 1800 },
  kibana: {},
  kibanaUpgrade: { command: config.requireObject<string[]>("kibanaUpgradeCommand"), timeoutSeconds: 1800 },
  rollout: {
    strategy,
    approvedThrough: strategy === "manual" ? config.get("approvedThrough") : undefined,
    nodeTimeoutSeconds: 1800,
    healthTimeoutSeconds: 3600,
  },
  deprecations: "block-critical",
});

export const version = stack.version;
export const elasticsearchVersion = stack.elasticsearchVersion;
export const kibanaVersion = stack.kibanaVersion;
export const path = stack.path;
export const outcome = stack.outcome;
export const plan = stack.plan;
