/** @module clients/redis-enterprise — the Redis Enterprise Software REST client and its response schemas. */
export * from "./schemas";
export * from "./client";
