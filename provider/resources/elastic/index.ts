/**
 * @module resources/elastic — ElasticDeploymentVersion: registers the handler and types the SDK class.
 * See docs/elastic.md.
 */
import type { z } from "zod";
import { registerResource } from "../core/types";
import { createElasticHandler } from "./handler";
import type { inputSchema, outputSchema } from "./schema";

declare module "../core/types" {
  interface ResourceTypeMap {
    ElasticDeploymentVersion: { inputs: z.input<typeof inputSchema>; outputs: z.output<typeof outputSchema> };
  }
}

export const elasticHandler = registerResource(createElasticHandler());

export { createElasticHandler, GATE_NAMES, TYPE, ruleOptions, type ElasticHandlerOptions } from "./handler";
export * from "./schema";
export * from "./errors";
export { ES_PHASES, phaseOf, planPath, impactSummary, buildSelfManagedPlan, buildCloudPlan, type NodeView } from "./topology";
export { onlyVersionBlockedReplicas, observeCluster, type EsObservation } from "./self-managed";
