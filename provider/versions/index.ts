/**
 * @module versions: pure version rules for Elasticsearch, Kibana, Redis Enterprise and Fleet packages —
 * parse/compare, release catalogs (bundled + user), named upgrade rules, shortest legal upgrade path.
 * No clients, timers or Pulumi in here.
 */
export { PRODUCTS, isProduct, assertProduct, parseVersion, compareVersions, compareParsed, compareLines, formOf,
  parseElasticVersion, parseRedisVersion, parsePackageVersion, ELASTIC_FORM, REDIS_FORM, PACKAGE_FORM } from "./version";
export type { Product, ParsedVersion } from "./version";
export { VersionFormatError, UnknownVersionError, CatalogFileError, UnknownProductError, CatalogFeedError } from "./errors";
export { Catalog, CatalogEntryInput, CatalogFile, loadCatalog } from "./catalog";
export type { CatalogSource, CatalogEntry } from "./catalog";
export { RULE_NAMES, upgradeRules, rulesFor, bridgeLine } from "./rules";
export type { RuleName, Violation, UpgradeRule, HopContext } from "./rules";
export { checkHop, isHopAllowed } from "./check";
export type { RuleOptions, Verdict } from "./check";
export { findPath, pathCandidates, warmPathIndex } from "./path";
export type { PathResult, Hop } from "./path";
export { REDIS_COLUMNS, REDIS_ROWS, redisColumnFor, redisRowOf, redisHopSupported, redisPattern } from "./redis-matrix";
export { catalogFromFeed, DEFAULT_FEED_URLS } from "./catalog-feed";
export type { FeedEntry } from "./catalog-feed";
