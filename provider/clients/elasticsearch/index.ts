/** @module clients/elasticsearch — the Elasticsearch client, its response schemas and helpers. */
export * from "./client";
export * from "./schemas";
export * from "./deprecations";
