// A Redis Enterprise Software cluster kept on the version in stack config (Pulumi.<stack>.yaml).
//
//   pulumi config set redis-enterprise:version 7.22.0-95
//   pulumi preview   # path 6.2.18-70 → 7.8.6-303 → 7.22.0-95, nodes master first, databases before/after
//   pulumi up        # one node at a time; a failure records progress and the next `up` resumes
//
// The connection comes from provider config (upgrades:redisEnterpriseUrl / Username / Password) or the
// REDIS_ENTERPRISE_* environment variables; nodeUpgradeCommand is your script around `sudo ./install.sh -y`.
import * as pulumi from "@pulumi/pulumi";
import * as upgrades from "pulumi-upgrades";

const config = new pulumi.Config();
const strategy = (config.get("strategy") ?? "serial") as "serial" | "canary" | "manual";

const cluster = new upgrades.RedisClusterVersion("redis", {
  version: config.require("version"),
  nodeUpgrade: {
    command: config.requireObject<string[]>("nodeUpgradeCommand"),
    timeoutSeconds: 3600,
  },
  databases: {
    upgrade: (config.get("databaseUpgrade") ?? "after") as "none" | "after",
    redisVersion: "latest",
    preserveRoles: true,
  },
  rollout: {
    strategy,
    approvedThrough: strategy === "manual" ? config.get("approvedThrough") : undefined,
    nodeTimeoutSeconds: 1800,
  },
});

export const version = cluster.version;
export const path = cluster.path;
export const nodes = cluster.nodes;
export const databasesBefore = cluster.databasesBefore;
export const databases = cluster.databaseVersions;
export const outcome = cluster.outcome;
export const plan = cluster.plan;
