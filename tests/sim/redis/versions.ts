// What the simulated Redis Enterprise Software (RS) cluster knows about its own versions: build strings
// ("7.4.2-54"), the Redis DB versions each cluster version bundles (redis.md §1a/§2, rs-bundled-db-versions.md)
// and the supported-path matrix (content/embeds/rs-upgrade-paths.md @ c6671f2c4). The simulator keeps its own
// copy of these small tables, as the real installer carries its own knowledge; it never reads /work/shared.

export interface RsVersion {
  major: number;
  minor: number;
  patch: number;
  build: number;
  raw: string;
}

export class SimVersionError extends Error {
  constructor(raw: string) {
    super(`"${raw}" is not a Redis Enterprise Software version; write it as Major.Minor.Patch-Build, e.g. 7.4.2-54`);
    this.name = "SimVersionError";
  }
}

export function parseRsVersion(raw: string): RsVersion {
  const m = /^(\d+)\.(\d+)\.(\d+)(?:-(\d+))?$/.exec(raw.trim());
  if (!m) throw new SimVersionError(raw);
  return { major: +m[1], minor: +m[2], patch: +m[3], build: m[4] === undefined ? 0 : +m[4], raw };
}

export function compareRsVersions(a: string, b: string): number {
  const x = parseRsVersion(a);
  const y = parseRsVersion(b);
  return x.major - y.major || x.minor - y.minor || x.patch - y.patch || x.build - y.build;
}

export function isValidRsVersion(raw: string): boolean {
  return /^(\d+)\.(\d+)\.(\d+)(?:-(\d+))?$/.test(raw.trim());
}

/** `/v1/nodes/status` (with the `role` field) exists from 6.2.18-49 on (RS82566, rs-6-2-18-49.md). */
export const NODES_STATUS_SINCE = "6.2.18-49";

export function hasNodesStatusEndpoint(version: string): boolean {
  return compareRsVersions(version, NODES_STATUS_SINCE) >= 0;
}

// rs-bundled-db-versions.md (data file `bundled_db_versions`). Rows are matched most specific first.
interface BundledRow {
  cluster: string;
  db: string[];
  default: string;
}
const BUNDLED: BundledRow[] = [
  { cluster: "8.2.0", db: ["6.2", "7.2", "7.4", "8.0", "8.2", "8.4", "8.6"], default: "8.6" },
  { cluster: "8.0.20", db: ["6.2", "7.2", "7.4", "8.0", "8.2", "8.4", "8.6"], default: "8.6" },
  { cluster: "8.0.18", db: ["6.2", "7.2", "7.4", "8.0", "8.2", "8.4", "8.6"], default: "8.6" },
  { cluster: "8.0.16", db: ["6.2", "7.2", "7.4", "8.0", "8.2", "8.4"], default: "8.4" },
  { cluster: "8.0.10", db: ["6.2", "7.2", "7.4", "8.0", "8.2", "8.4"], default: "8.4" },
  { cluster: "8.0.6", db: ["6.2", "7.2", "7.4", "8.0", "8.2"], default: "8.2" },
  { cluster: "8.0.2", db: ["6.2", "7.2", "7.4", "8.0", "8.2"], default: "8.2" },
  { cluster: "7.22.x", db: ["6.2", "7.2", "7.4"], default: "7.4" },
  { cluster: "7.8.x", db: ["6.2", "7.2", "7.4"], default: "7.4" },
  { cluster: "7.4.x", db: ["6.0", "6.2", "7.2"], default: "7.2" },
  { cluster: "7.2.4", db: ["6.0", "6.2", "7.2"], default: "7.2" },
  { cluster: "6.4.2", db: ["6.0", "6.2"], default: "6.2" },
  // default 6.0 with redis_upgrade_policy=major (the default since 6.2.4); 6.2 with `latest`
  { cluster: "6.2.x", db: ["6.0", "6.2"], default: "6.0" },
];

/** Full Redis versions reported next to each DB version. 6.2/7.2/7.4/8.0 come from the real
 * `nodes_list.json` fixture (redis.md §1c); the others are constructed. */
export const REDIS_FULL_VERSION: Record<string, string> = {
  "5.0": "5.0.14", // constructed
  "6.0": "6.0.20", // constructed
  "6.2": "6.2.13",
  "7.2": "7.2.7",
  "7.4": "7.4.2",
  "8.0": "8.0.0",
  "8.2": "8.2.1", // constructed
  "8.4": "8.4.0", // constructed
  "8.6": "8.6.0", // constructed
};

function rowMatches(pattern: string, v: RsVersion): boolean {
  const [a, b, c] = pattern.split(".");
  if (+a !== v.major || +b !== v.minor) return false;
  return c === "x" || +c === v.patch;
}

/** The Redis DB versions a cluster version bundles, newest last, and the default for upgrades. */
export function bundledDbVersions(version: string): { db: string[]; default: string } {
  const v = parseRsVersion(version);
  const exact = BUNDLED.find((r) => rowMatches(r.cluster, v));
  if (exact) return { db: exact.db, default: exact.default };
  // A patch line the table does not name (e.g. 8.0.4, 7.2.6): the nearest lower row of the same line,
  // else the line's lowest row. [inferred]
  const sameLine = BUNDLED.filter((r) => {
    const [a, b] = r.cluster.split(".");
    return +a === v.major && +b === v.minor;
  });
  if (sameLine.length > 0) {
    const lower = sameLine.filter((r) => +r.cluster.split(".")[2] <= v.patch);
    const row = lower[0] ?? sameLine[sameLine.length - 1];
    return { db: row.db, default: row.default };
  }
  // Older than the table (6.0.x and before): constructed from paths_history (6.0 took DBs from 5.0 on).
  if (v.major === 6 && v.minor === 0) return { db: ["5.0", "6.0"], default: "6.0" };
  if (v.major < 6) return { db: ["5.0"], default: "5.0" };
  // Newer than the table: assume the newest row's set. [constructed]
  return { db: BUNDLED[0].db, default: BUNDLED[0].default };
}

export interface SupportedDatabaseVersion {
  db_type: string;
  major?: boolean;
  redis_version?: string;
  version: string;
}

/** `supported_database_versions` as a node reports it (shape of the real `nodes_list.json` fixture). */
export function supportedDatabaseVersions(version: string): SupportedDatabaseVersion[] {
  const { db } = bundledDbVersions(version);
  const redis = [...db]
    .reverse()
    .map((rv) => ({ db_type: "redis", major: true, redis_version: rv, version: REDIS_FULL_VERSION[rv] ?? `${rv}.0` }));
  return [...redis, { db_type: "memcached", version: "1.4.17" }];
}

// content/embeds/rs-upgrade-paths.md @ c6671f2c4 (data file `paths`). "X.Y.x" = any build of any X.Y.*
// release; "6.2.10" = any 6.2.10-<build>; same-line upgrades are listed as supported.
interface PathRow {
  to: string[];
  from: string[];
}
const PATHS: PathRow[] = [
  { to: ["7.2.x"], from: ["6.0.x", "6.2.4", "6.2.8", "6.2.10", "6.2.12", "6.2.18", "6.4.x", "7.2.x"] },
  { to: ["7.4.x"], from: ["6.2.4", "6.2.8", "6.2.10", "6.2.12", "6.2.18", "6.4.x", "7.2.x", "7.4.x"] },
  { to: ["7.8.x"], from: ["6.2.10", "6.2.12", "6.2.18", "6.4.x", "7.2.x", "7.4.x", "7.8.x"] },
  { to: ["7.22.x"], from: ["6.4.x", "7.2.x", "7.4.x", "7.8.x", "7.22.x"] },
  { to: ["8.0.2", "8.0.6", "8.0.10"], from: ["6.4.x", "7.2.x", "7.4.x", "7.8.x", "7.22.x", "8.0.2", "8.0.6", "8.0.10"] },
  {
    to: ["8.0.16", "8.0.18", "8.0.20"],
    from: ["7.2.x", "7.4.x", "7.8.x", "7.22.x", "8.0.2", "8.0.6", "8.0.10", "8.0.16", "8.0.18", "8.0.20"],
  },
  {
    to: ["8.2.x"],
    from: ["7.2.x", "7.4.x", "7.8.x", "7.22.x", "8.0.2", "8.0.6", "8.0.10", "8.0.16", "8.0.18", "8.0.20", "8.2.x"],
  },
];

/**
 * Whether the installer accepts a hop from `from` to `to`. Targets the matrix covers (7.2 and later) follow
 * it; older targets follow the legacy rule "any newer version" (the legacy minimum-source rules are not
 * enforced by the simulator). That install.sh itself refuses hops outside the matrix is [inferred].
 */
export function isSupportedHop(from: string, to: string): boolean {
  const f = parseRsVersion(from);
  const t = parseRsVersion(to);
  const rows = PATHS.filter((r) => r.to.some((p) => rowMatches(p, t)));
  if (rows.length === 0) return compareRsVersions(to, from) >= 0 && (t.major < 7 || (t.major === 7 && t.minor < 2));
  return rows.some((r) => r.from.some((p) => rowMatches(p, f)));
}
