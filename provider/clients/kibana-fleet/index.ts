/** @module clients/kibana-fleet — the Kibana Fleet client, its response schemas and its error classes. */
export * from "./schemas";
export * from "./errors";
export * from "./changelog";
export * from "./client";
