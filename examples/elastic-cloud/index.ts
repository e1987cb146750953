// An Elastic Cloud Hosted / ECE deployment kept on the Elastic Stack version in stack config (Pulumi.<stack>.yaml).
//
//   pulumi config set elastic-cloud:version 9.1.2
//   pulumi preview   # e.g. 8.18.2 → 9.0.x → 9.1.2, each hop checked against upgradable_to and the Upgrade Assistant
//   pulumi up        # one plan per hop; a pending plan is refused, a failed plan stops with the step's message
//
// The API key comes from provider config (upgrades:ecApiKey, secret) or EC_API_KEY; upgrades:ecEndpoint selects ECE.
import * as pulumi from "@pulumi/pulumi";
import * as upgrades from "pulumi-upgrades";

const config = new pulumi.Config();

const deployment = new upgrades.ElasticDeploymentVersion("deployment", {
  version: config.require("version"),
  elasticCloud: { deploymentId: config.require("deploymentId") },
  rollout: { nodeTimeoutSeconds: 7200 },
});

export const version = deployment.version;
export const path = deployment.path;
export const cloudPlans = deployment.cloudPlans;
export const outcome = deployment.outcome;
