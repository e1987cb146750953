/**
 * @module resources/redis/databases — PURE: the Redis DB versions a cluster version bundles
 * (rs-bundled-db-versions.md, bundled in provider/versions/data), the database prerequisite of a cluster upgrade
 * ("every database must run a Redis version the target bundles") and the version each database moves to afterwards.
 */
import redisData from "../../versions/data/redis-enterprise-versions.json";
import { parseVersion } from "../../versions";
import type { DatabaseChange, DatabaseSettings } from "./schema";

interface BundledRow {
  cluster: string;
  db_versions: string[];
  default: string;
}

const ROWS: readonly BundledRow[] = (redisData as { bundled_db_versions: BundledRow[] }).bundled_db_versions;

function rowMatches(pattern: string, major: number, minor: number, patch: number): boolean {
  const [a, b, c] = pattern.split(".");
  if (Number(a) !== major || Number(b) !== minor) return false;
  return c === "x" || Number(c) === patch;
}

export interface Bundled {
  /** Redis DB versions, e.g. ["6.2", "7.2", "7.4"] */
  db: readonly string[];
  default: string;
}

/**
 * The DB versions a cluster build bundles. A patch line the table does not name takes the nearest lower row of its
 * line [inferred]; 6.0.x (older than the table) bundles 5.0 and 6.0 [inferred from paths_history: 6.0 needed DBs on
 * Redis 5]; a line newer than the table takes the newest row [inferred].
 */
export function bundledDbVersions(clusterVersion: string): Bundled {
  const v = parseVersion("redis-enterprise", clusterVersion);
  const exact = ROWS.find((r) => rowMatches(r.cluster, v.major, v.minor, v.patch));
  if (exact) return { db: exact.db_versions, default: exact.default };
  const sameLine = ROWS.filter((r) => r.cluster.startsWith(`${v.major}.${v.minor}.`));
  if (sameLine.length) {
    const lower = sameLine.filter((r) => Number(r.cluster.split(".")[2]) <= v.patch);
    const row = lower[0] ?? sameLine[sameLine.length - 1];
    return { db: row.db_versions, default: row.default };
  }
  if (v.major === 6 && v.minor === 0) return { db: ["5.0", "6.0"], default: "6.0" };
  if (v.major < 6) return { db: ["5.0"], default: "5.0" };
  return { db: ROWS[0].db_versions, default: ROWS[0].default };
}

/** Compare Redis DB versions "6.2" < "7.4" < "8.0". */
export function compareDb(a: string, b: string): number {
  const [a1, a2] = a.split(".").map(Number);
  const [b1, b2] = b.split(".").map(Number);
  return a1 - b1 || (a2 ?? 0) - (b2 ?? 0);
}

export interface DbLike {
  uid: number;
  name: string;
  redis_version?: string;
}

/**
 * Databases that block the path: each must already run a Redis version that EVERY hop's target bundles
 * (databases can only be upgraded once all nodes are upgraded, so they cannot move between hops here).
 */
export function databasePrerequisite(dbs: readonly DbLike[], hopTargets: readonly string[], currentVersion: string): DatabaseChange[] {
  const out: DatabaseChange[] = [];
  if (hopTargets.length === 0) return out;
  const current = new Set(bundledDbVersions(currentVersion).db);
  const sets = hopTargets.map((t) => ({ t, db: bundledDbVersions(t).db }));
  for (const d of dbs) {
    const v = d.redis_version;
    if (!v) continue;
    const blocking = sets.filter((s) => !s.db.includes(v));
    if (!blocking.length) continue;
    // the fix: the lowest version the current cluster already offers that every hop target bundles
    const common = [...current].filter((x) => sets.every((s) => s.db.includes(x)) && compareDb(x, v) > 0).sort(compareDb);
    const to = common[0] ?? "";
    out.push({
      uid: d.uid,
      name: d.name,
      from: v,
      to,
      reason: `Redis ${v} is not bundled by ${blocking.map((b) => b.t).join(", ")} (${blocking[0].db.join(", ")})`,
    });
  }
  return out;
}

/** The one-line fix for blocking databases, naming each (used by preview and up). */
export function prerequisiteFix(blocking: readonly DatabaseChange[]): string {
  const parts = blocking.map((b) =>
    b.to
      ? `POST /v1/bdbs/${b.uid}/upgrade {"redis_version":"${b.to}"} (or \`rladmin upgrade db ${b.name} redis_version ${b.to}\`) for database ${b.name} (uid ${b.uid})`
      : `upgrade database ${b.name} (uid ${b.uid}) off Redis ${b.from} (no version bundled by both the current and the target cluster: choose an intermediate target)`,
  );
  return `on the current cluster, run \`rladmin tune cluster redis_upgrade_policy latest\` if needed, then ${parts.join("; ")}; then run the update again`;
}

/**
 * The Redis version a database moves to after the nodes, or undefined when it stays. `latest` = newest version the
 * target bundles; `major` = newest bundled version of the database's own major [inferred from redis_upgrade_policy];
 * an explicit version must be bundled by the target (else an error message is returned).
 */
export function dbTargetVersion(current: string, settings: DatabaseSettings, clusterTarget: string): { to?: string; error?: string } {
  const bundled = [...bundledDbVersions(clusterTarget).db].sort(compareDb);
  let to: string | undefined;
  if (settings.redisVersion === "latest") to = bundled[bundled.length - 1];
  else if (settings.redisVersion === "major") {
    const major = current.split(".")[0];
    to = bundled.filter((b) => b.split(".")[0] === major).pop();
  } else {
    if (!bundled.includes(settings.redisVersion)) {
      return { error: `databases.redisVersion ${settings.redisVersion} is not bundled by ${clusterTarget} (it bundles ${bundled.join(", ")}); pick one of those, "latest" or "major"` };
    }
    to = settings.redisVersion;
  }
  if (!to || compareDb(to, current) <= 0) return {};
  return { to };
}
