// pulumi-upgrades TypeScript SDK: dynamic resources for Pulumi TypeScript/JavaScript programs.
//
//   import * as upgrades from "pulumi-upgrades";
//   new upgrades.ElasticDeploymentVersion("es", { ... });
//
// Each class is a pulumi.dynamic.Resource (token `pulumi-nodejs:dynamic/upgrades:<Type>`) whose provider is the tiny
// shim in ./shim.ts; the work happens in `pulumi-upgrades/dynamic` inside Pulumi's dynamic-provider host. Args and
// outputs are typed from each resource's zod schemas (ResourceTypeMap, provider/resources/core/types.ts).
import { z } from "zod";
import "../provider/resources/all"; // registers the handlers (their schemas give output names and typing)
import { getHandler } from "../provider/resources/core/types";
import { parsePath } from "../provider/resources/core/values";
import { defineDynamicResource, type DynamicResourceSpec } from "./define";

export { defineDynamicResource, predictUrn, wrapSecretLeaves } from "./define";
export type { ArgsOf, OutputsOf, DeepInput, DynamicResourceClass, DynamicResourceSpec } from "./define";

/**
 * Output names and credential leaves of a registered resource type, from its handler: the SDK wraps only the leaves
 * at `secretInputPaths` (e.g. `elasticsearch.apiKey`, not the whole `elasticsearch` block), and lists in
 * additionalSecretOutputs only the outputs whose name is the top-level name of a credential input (outputs never
 * carry credentials; this is defence in depth for a handler that echoes such an input).
 */
export function specFromHandler(type: string): DynamicResourceSpec {
  const h = getHandler(type);
  const outputNames = h.outputSchema instanceof z.ZodObject ? Object.keys(h.outputSchema.shape) : [];
  const secretInputPaths = h.secretInputPaths.map(parsePath);
  const secretOutputs = [...new Set(secretInputPaths.map((p) => String(p[0])))].filter((k) => outputNames.includes(k));
  return { outputNames, secretInputPaths, secretOutputs };
}

/** Elastic Stack version of a self-managed cluster or an Elastic Cloud / ECE deployment (Elasticsearch + Kibana). */
export const ElasticDeploymentVersion = defineDynamicResource("ElasticDeploymentVersion", () => specFromHandler("ElasticDeploymentVersion"));
export type ElasticDeploymentVersion = InstanceType<typeof ElasticDeploymentVersion>;

/** Installed version of a Kibana Fleet integration package and the upgrade of its integration policies. */
export const FleetIntegration = defineDynamicResource("FleetIntegration", () => specFromHandler("FleetIntegration"));
export type FleetIntegration = InstanceType<typeof FleetIntegration>;

/** Software version of a Redis Enterprise Software cluster (and optionally its databases). */
export const RedisClusterVersion = defineDynamicResource("RedisClusterVersion", () => specFromHandler("RedisClusterVersion"));
export type RedisClusterVersion = InstanceType<typeof RedisClusterVersion>;
