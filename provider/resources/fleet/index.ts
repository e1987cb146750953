/**
 * @module resources/fleet — FleetIntegration: registers the handler and types the SDK class (ResourceTypeMap).
 * docs/fleet.md describes inputs, rules, outputs and resuming.
 */
import type { z } from "zod";
import { registerResource } from "../core/types";
import { fleetIntegration } from "./handler";
import type { inputSchema, outputSchema } from "./schema";

declare module "../core/types" {
  interface ResourceTypeMap {
    FleetIntegration: { inputs: z.input<typeof inputSchema>; outputs: z.output<typeof outputSchema> };
  }
}

registerResource(fleetIntegration);

export { fleetIntegration, TYPE } from "./handler";
export * from "./schema";
export * from "./errors";
export { apply, buildOutputs, resourceId, installWait } from "./apply";
export { clientTuning, resolveConnection, clientsFor } from "./connect";
export type { Connection } from "./connect";
export { targetViolations, needsForce, isPrereleasePackage } from "./rules";
export type { TargetFacts } from "./rules";
export { survey, observe, selectPolicies, AUTO_UPGRADE_POLICIES_PACKAGES } from "./survey";
export type { Survey, Observation } from "./survey";
export { planUpgrade, policyRecords, impactSummary, PACKAGE_PHASE, POLICIES_PHASE } from "./plan";
export { mergePolicy, mergePolicies } from "./merge";
