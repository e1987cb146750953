/**
 * @module versions/redis-matrix: the Redis Enterprise supported-upgrade matrix at the granularity the docs use
 * (rows 6.2.4/6.2.8 vs 6.2.10+; columns 8.0.2–8.0.10 vs 8.0.16–8.0.20). Source: redis.md §1a,
 * data/redis-enterprise-versions.json `paths` (current matrix), data/redis-older-paths.json (older targets).
 */
import { z } from "zod";
import redisData from "./data/redis-enterprise-versions.json";
import olderData from "./data/redis-older-paths.json";
import { ParsedVersion, compareParsed, parseRedisVersion } from "./version";

/** A matrix pattern: "7.4.x" (any build of the line), "6.2.10" (any build of that patch), "8.0.2-8.0.10" (patch range). */
export interface RedisPattern {
  readonly label: string;
  matches(v: ParsedVersion): boolean;
}

export function redisPattern(label: string): RedisPattern {
  let m = /^(\d+)\.(\d+)\.x$/.exec(label);
  if (m) {
    const line = `${m[1]}.${m[2]}`;
    return { label, matches: (v) => v.line === line };
  }
  m = /^(\d+)\.(\d+)\.(\d+)-(\d+)\.(\d+)\.(\d+)$/.exec(label);
  if (m && m[1] === m[4] && m[2] === m[5]) {
    const line = `${m[1]}.${m[2]}`;
    const [lo, hi] = [Number(m[3]), Number(m[6])];
    return { label, matches: (v) => v.line === line && v.patch >= lo && v.patch <= hi };
  }
  m = /^(\d+)\.(\d+)\.(\d+)$/.exec(label);
  if (m) {
    const line = `${m[1]}.${m[2]}`;
    const patch = Number(m[3]);
    return { label, matches: (v) => v.line === line && v.patch === patch };
  }
  throw new Error(`bundled Redis matrix pattern ${JSON.stringify(label)} is not understood`);
}

/** One target column: which source rows may upgrade straight into it. */
export interface RedisColumn {
  readonly label: string;
  readonly source: string;
  readonly target: RedisPattern;
  /** row patterns that may upgrade into this column; empty when `fromMin` decides */
  readonly from: readonly RedisPattern[];
  /** legacy release-note rule: any source at or above this version */
  readonly fromMin?: ParsedVersion;
  allows(from: ParsedVersion): boolean;
}

const PathsData = z.object({
  paths: z.array(z.object({ to: z.string(), from: z.array(z.string()), not_from: z.array(z.string()).optional() })),
  paths_source: z.string(),
  source: z.object({ matrix_commit: z.string() }),
});
const OlderData = z.object({
  history: z.object({ source: z.string(), paths: z.array(z.object({ to: z.string(), from: z.array(z.string()) })) }),
  legacy: z.array(z.object({ to: z.string(), from_min: z.string(), source: z.string() })),
});

function matrixColumn(label: string, source: string, from: string[]): RedisColumn {
  const pats = from.map(redisPattern);
  return { label, source, target: redisPattern(label), from: pats, allows: (f) => pats.some((p) => p.matches(f)) };
}

function buildColumns(): { current: RedisColumn[]; older: RedisColumn[] } {
  const cur = PathsData.parse(redisData);
  const src = `Redis Enterprise upgrade matrix (${cur.paths_source.split(" ")[0]} @ ${cur.source.matrix_commit.split(" ")[0]})`;
  const current = cur.paths.map((p) => matrixColumn(p.to, src, p.from));
  const old = OlderData.parse(olderData);
  const older: RedisColumn[] = old.history.paths.map((p) =>
    matrixColumn(p.to, `older Redis Enterprise matrix (${old.history.source}); same-line upgrades inferred`, p.from),
  );
  for (const l of old.legacy) {
    const min = parseRedisVersion(l.from_min);
    older.push({
      label: l.to, source: `release notes (${l.source})`, target: redisPattern(l.to), from: [], fromMin: min,
      allows: (f) => compareParsed(f, min) >= 0,
    });
  }
  return { current, older };
}

const COLUMNS = buildColumns();

/** Every current-matrix row label, most specific first ("6.2.10" before "6.2.x"). */
export const REDIS_ROWS: readonly RedisPattern[] = (() => {
  const labels = new Set<string>();
  for (const c of COLUMNS.current) for (const p of c.from) labels.add(p.label);
  labels.add("6.2.x");
  return [...labels].map(redisPattern).sort((a, b) => Number(a.label.endsWith(".x")) - Number(b.label.endsWith(".x")));
})();

export const REDIS_COLUMNS: readonly RedisColumn[] = COLUMNS.current;

/** The column that decides hops into `to`: the current matrix first, then older tables and release-note rules. */
export function redisColumnFor(to: ParsedVersion): RedisColumn | undefined {
  return COLUMNS.current.find((c) => c.target.matches(to)) ?? COLUMNS.older.find((c) => c.target.matches(to));
}

/** The matrix row a source version belongs to, e.g. "6.2.10" or "7.4.x". */
export function redisRowOf(from: ParsedVersion): string {
  return REDIS_ROWS.find((r) => r.matches(from))?.label ?? `${from.line}.x`;
}

/** Whether the matrix (or, for old targets, the older tables) allows a direct hop. */
export function redisHopSupported(from: ParsedVersion, to: ParsedVersion): boolean {
  const col = redisColumnFor(to);
  return col !== undefined && col.allows(from);
}
