/** @module clients/elastic-cloud — the Elastic Cloud Hosted / ECE client, its schemas and plan helpers. */
export * from "./client";
export * from "./schemas";
export * from "./plans";
