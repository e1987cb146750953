/**
 * @module resources/redis — RedisClusterVersion: registers the handler and types the SDK class (ResourceTypeMap).
 * docs/redis.md describes inputs, gates, outputs and resuming.
 */
import type { z } from "zod";
import { registerResource } from "../core/types";
import { redisClusterVersion } from "./handler";
import type { inputSchema, outputSchema } from "./schema";

declare module "../core/types" {
  interface ResourceTypeMap {
    RedisClusterVersion: { inputs: z.input<typeof inputSchema>; outputs: z.output<typeof outputSchema> };
  }
}

registerResource(redisClusterVersion);

export { redisClusterVersion, TYPE } from "./handler";
export * from "./schema";
export { gates as redisGates, rolloutSpec, Obs } from "./rollout";
export { planUpgrade, impactSummary, masterFirst, stepComplete, Picture, NODES_PHASE, DATABASES_PHASE } from "./plan";
export { bundledDbVersions, databasePrerequisite, dbTargetVersion } from "./databases";
export { clientTuning, observeCluster, resolveConnection, Observation } from "./observe";
export * from "./errors";
