/** @module versions/version: parse and compare the three version families (Elastic stack, Redis Enterprise builds, Fleet package semver). */
import * as semver from "semver";
import { UnknownProductError, VersionFormatError } from "./errors";

export const PRODUCTS = ["elasticsearch", "kibana", "redis-enterprise", "fleet-package"] as const;
export type Product = (typeof PRODUCTS)[number];

export function isProduct(p: string): p is Product {
  return (PRODUCTS as readonly string[]).includes(p);
}

export function assertProduct(p: string): Product {
  if (!isProduct(p)) throw new UnknownProductError(p, PRODUCTS);
  return p;
}

/** A parsed version of any family. `key` orders versions of one family lexicographically. */
export interface ParsedVersion {
  readonly raw: string;
  readonly family: "elastic" | "redis" | "package";
  readonly major: number;
  readonly minor: number;
  /** -1 when the input has no patch (Redis line-level names such as "6.0") */
  readonly patch: number;
  /** Redis build number ("7.4.2-54" → 54); -1 when absent or not a Redis version */
  readonly build: number;
  readonly prerelease: boolean;
  /** the minor line, "8.19" / "7.22" */
  readonly line: string;
  readonly key: readonly number[];
  /** for fleet packages: the semver object (full precedence rules) */
  readonly semver?: semver.SemVer;
}

export const ELASTIC_FORM = "MAJOR.MINOR.PATCH with an optional -alphaN, -betaN, -rcN or -SNAPSHOT suffix, e.g. 9.1.2 or 9.0.0-rc1";
export const REDIS_FORM =
  'MAJOR.MINOR.PATCH-BUILD, e.g. 7.4.2-54 (also MAJOR.MINOR.PATCH or MAJOR.MINOR for a whole release line, e.g. 6.2.10)';
export const PACKAGE_FORM = "semantic version MAJOR.MINOR.PATCH with an optional -prerelease, e.g. 1.20.0 or 1.2.0-preview1";

const ELASTIC_RE = /^(\d+)\.(\d+)\.(\d+)(?:-(?:(alpha|beta|rc)(\d+)|(SNAPSHOT)))?$/;
// alpha < beta < rc < GA; SNAPSHOT builds sort before every labelled prerelease of the same version.
const PRE_RANK: Record<string, number> = { SNAPSHOT: 0, alpha: 1, beta: 2, rc: 3 };
const GA_RANK = 4;

export function parseElasticVersion(input: string, product: Product = "elasticsearch"): ParsedVersion {
  const m = ELASTIC_RE.exec(input);
  if (!m) throw new VersionFormatError(product, input, ELASTIC_FORM);
  const [major, minor, patch] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const label = m[4] ?? m[6];
  const rank = label ? PRE_RANK[label] : GA_RANK;
  const num = m[5] ? Number(m[5]) : 0;
  return {
    raw: input, family: "elastic", major, minor, patch, build: -1,
    prerelease: label !== undefined, line: `${major}.${minor}`, key: [major, minor, patch, rank, num],
  };
}

// Redis Enterprise: "Major1.Major2.Minor-Build" (redis.md §1a). Catalog data also holds line-level names
// ("6.2.10", "6.0") and two non-GA lines written "5.3 (beta)" / "5.5 (preview)".
const REDIS_RE = /^(\d+)\.(\d+)(?:\.(\d+))?(?:-(\d+))?(?: \((beta|preview)\))?$/;

export function parseRedisVersion(input: string): ParsedVersion {
  const m = REDIS_RE.exec(input);
  if (!m) throw new VersionFormatError("redis-enterprise", input, REDIS_FORM);
  const major = Number(m[1]);
  const minor = Number(m[2]);
  const patch = m[3] === undefined ? -1 : Number(m[3]);
  const build = m[4] === undefined ? -1 : Number(m[4]);
  if (patch < 0 && build >= 0) throw new VersionFormatError("redis-enterprise", input, REDIS_FORM);
  const prerelease = m[5] !== undefined;
  return {
    raw: input, family: "redis", major, minor, patch, build, prerelease,
    line: `${major}.${minor}`, key: [major, minor, patch, build, prerelease ? 0 : 1],
  };
}

export function parsePackageVersion(input: string): ParsedVersion {
  const v = semver.valid(input) ? new semver.SemVer(input) : null;
  if (!v) throw new VersionFormatError("fleet-package", input, PACKAGE_FORM);
  return {
    raw: input, family: "package", major: v.major, minor: v.minor, patch: v.patch, build: -1,
    prerelease: v.prerelease.length > 0, line: `${v.major}.${v.minor}`,
    key: [v.major, v.minor, v.patch, v.prerelease.length > 0 ? 0 : 1], semver: v,
  };
}

/**
 * Parse a version of the given product.
 * @example parseVersion("elasticsearch", "9.0.0-rc1").prerelease === true
 * @throws VersionFormatError naming the input and the expected form
 */
export function parseVersion(product: Product, input: string): ParsedVersion {
  if (typeof input !== "string") throw new VersionFormatError(product, String(input), formOf(product));
  const s = input.trim();
  switch (product) {
    case "elasticsearch":
    case "kibana":
      return parseElasticVersion(s, product);
    case "redis-enterprise":
      return parseRedisVersion(s);
    case "fleet-package":
      return parsePackageVersion(s);
    default:
      throw new UnknownProductError(String(product), PRODUCTS);
  }
}

export function formOf(product: Product): string {
  return product === "redis-enterprise" ? REDIS_FORM : product === "fleet-package" ? PACKAGE_FORM : ELASTIC_FORM;
}

/** Order two parsed versions of the same family: negative, zero, positive. */
export function compareParsed(a: ParsedVersion, b: ParsedVersion): number {
  if (a.semver && b.semver) return semver.compare(a.semver, b.semver);
  const n = Math.max(a.key.length, b.key.length);
  for (let i = 0; i < n; i++) {
    const d = (a.key[i] ?? 0) - (b.key[i] ?? 0);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return 0;
}

/** @example compareVersions("redis-enterprise", "7.4.2-54", "7.4.2-104") < 0 */
export function compareVersions(product: Product, a: string, b: string): number {
  return compareParsed(parseVersion(product, a), parseVersion(product, b));
}

/** Compare two "X.Y" line names numerically ("7.8" < "7.22"). */
export function compareLines(a: string, b: string): number {
  const [am, an] = a.split(".").map(Number);
  const [bm, bn] = b.split(".").map(Number);
  return am !== bm ? am - bm : an - bn;
}
