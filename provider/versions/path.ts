/**
 * @module versions/path: the shortest sequence of legal hops (`findPath`), over an index built once per
 * product + catalog + policy: catalog GA versions sorted ascending, a lazily filled legality matrix, and
 * cached distance-to-target / reachable-from arrays. Ties between equally short paths go to the highest
 * next version that still reaches the target in the remaining hops, i.e. the newest patch of each bridge
 * minor that keeps every later hop legal. Deterministic: no iteration over unordered collections.
 */
import { Catalog, loadCatalog } from "./catalog";
import { Resolved, RuleOptions, hopContext, prepare } from "./check";
import { Violation, hopLegal, hopViolations } from "./rules";
import { Product, assertProduct, compareParsed, parseVersion } from "./version";

export interface Hop {
  from: string;
  to: string;
  /** why this hop is needed */
  reason: string;
}

export interface PathResult {
  product: Product;
  from: string;
  to: string;
  /** versions from first to last (just [from] for a no-op), or null when no chain of legal hops exists */
  path: string[] | null;
  hops: Hop[];
  /** when path is null: the rules that block it, each with what would unblock it */
  violations: Violation[];
}

const INF = 0x7fff;

/** Nodes sorted ascending; edges only go upwards (i < j). */
interface Graph {
  readonly size: number;
  node(i: number): Resolved;
  legal(i: number, j: number): boolean;
}

/** Fewest hops from every node i ≤ t to t (INF when t is unreachable). */
function distancesTo(g: Graph, t: number): Int16Array {
  const dist = new Int16Array(g.size).fill(INF);
  dist[t] = 0;
  for (let i = t - 1; i >= 0; i--) {
    let best = INF;
    for (let j = t; j > i && best > 1; j--) {
      const dj = dist[j] + 1;
      if (dj < best && g.legal(i, j)) best = dj;
    }
    dist[i] = best;
  }
  return dist;
}

/** 1 for every node reachable from s by legal hops. */
function reachableFrom(g: Graph, s: number): Uint8Array {
  const r = new Uint8Array(g.size);
  r[s] = 1;
  for (let j = s + 1; j < g.size; j++) {
    for (let i = s; i < j; i++) {
      if (r[i] && g.legal(i, j)) {
        r[j] = 1;
        break;
      }
    }
  }
  return r;
}

/** Shortest path s → t, choosing the highest next node that keeps the remaining distance. */
function walk(g: Graph, s: number, t: number, dist: Int16Array): number[] {
  const out = [s];
  let cur = s;
  while (cur !== t) {
    const want = dist[cur] - 1;
    let next = -1;
    for (let j = t; j > cur; j--) {
      if (dist[j] === want && g.legal(cur, j)) {
        next = j;
        break;
      }
    }
    if (next < 0) throw new Error(`path index inconsistent at ${g.node(cur).parsed.raw}`); // unreachable by construction
    out.push(next);
    cur = next;
  }
  return out;
}

/** The per-(catalog, policy) index: GA versions usable as hops, with memoized legality. */
export class PathIndex implements Graph {
  readonly nodes: Resolved[];
  readonly size: number;
  private readonly pos = new Map<string, number>();
  private readonly memo: Uint8Array; // 0 unknown, 1 legal, 2 illegal
  private readonly distCache = new Map<number, Int16Array>();
  private readonly reachCache = new Map<number, Uint8Array>();
  private readonly opts: RuleOptions;

  constructor(readonly product: Product, readonly catalog: Catalog, adjacent: boolean) {
    this.opts = { adjacentVersionsOnly: adjacent };
    // Intermediate hops are GA only; for Redis only full builds ("7.4.6-280"), not line-level names ("6.2.10").
    this.nodes = catalog.entries
      .filter((e) => !e.parsed.prerelease && (product !== "redis-enterprise" || e.parsed.build >= 0))
      .map((e) => ({ parsed: e.parsed, date: e.date }));
    this.size = this.nodes.length;
    this.nodes.forEach((n, i) => this.pos.set(n.parsed.raw, i));
    this.memo = new Uint8Array(this.size * this.size);
  }

  node(i: number): Resolved {
    return this.nodes[i];
  }
  indexOf(version: string): number {
    return this.pos.get(version) ?? -1;
  }
  legal(i: number, j: number): boolean {
    const k = i * this.size + j;
    let m = this.memo[k];
    if (m === 0) {
      m = hopLegal(hopContext(this.product, this.catalog, this.nodes[i], this.nodes[j], this.opts)) ? 1 : 2;
      this.memo[k] = m;
    }
    return m === 1;
  }
  distTo(t: number): Int16Array {
    let d = this.distCache.get(t);
    if (!d) this.distCache.set(t, (d = distancesTo(this, t)));
    return d;
  }
  reachFrom(s: number): Uint8Array {
    let r = this.reachCache.get(s);
    if (!r) this.reachCache.set(s, (r = reachableFrom(this, s)));
    return r;
  }
  /** Fill every cache for targets in [lo, hi] (bench / long-running callers). */
  warm(lo = 0, hi = this.size - 1): void {
    for (let t = lo; t <= hi; t++) this.distTo(t);
    for (let s = lo; s <= hi; s++) this.reachFrom(s);
  }
}

const indexes = new WeakMap<Catalog, Map<boolean, PathIndex>>();

export function pathIndexFor(product: Product, catalog: Catalog, adjacent: boolean): PathIndex {
  let byPolicy = indexes.get(catalog);
  if (!byPolicy) indexes.set(catalog, (byPolicy = new Map()));
  let idx = byPolicy.get(adjacent);
  if (!idx) byPolicy.set(adjacent, (idx = new PathIndex(product, catalog, adjacent)));
  return idx;
}

/** A small graph for endpoints that are not index nodes (prereleases, Redis line names, fleet packages). */
function localGraph(idx: PathIndex, from: Resolved, to: Resolved, opts: RuleOptions): { g: Graph; s: number; t: number } {
  const nodes: Resolved[] = [];
  const ipos: number[] = [];
  const fi = idx.indexOf(from.parsed.raw);
  nodes.push(fi >= 0 ? idx.nodes[fi] : from);
  ipos.push(fi);
  for (let i = 0; i < idx.size; i++) {
    const v = idx.nodes[i].parsed;
    if (compareParsed(v, from.parsed) > 0 && compareParsed(v, to.parsed) < 0) {
      nodes.push(idx.nodes[i]);
      ipos.push(i);
    }
  }
  const ti = idx.indexOf(to.parsed.raw);
  nodes.push(ti >= 0 ? idx.nodes[ti] : to);
  ipos.push(ti);
  const g: Graph = {
    size: nodes.length,
    node: (i) => nodes[i],
    legal: (i, j) =>
      ipos[i] >= 0 && ipos[j] >= 0
        ? idx.legal(ipos[i], ipos[j])
        : hopLegal(hopContext(idx.product, idx.catalog, nodes[i], nodes[j], opts)),
  };
  return { g, s: 0, t: nodes.length - 1 };
}

function reasons(product: Product, catalog: Catalog, nodes: Resolved[], opts: RuleOptions): Hop[] {
  const hops: Hop[] = [];
  for (let k = 0; k + 1 < nodes.length; k++) {
    const a = nodes[k];
    const b = nodes[k + 1];
    let reason: string;
    if (k + 2 < nodes.length) {
      const c = nodes[k + 2];
      const blocked = hopViolations(hopContext(product, catalog, a, c, opts)).map((v) => v.rule);
      reason =
        `${b.parsed.raw} is needed because ${a.parsed.raw} → ${c.parsed.raw} directly is refused (${blocked.join(", ")}); ` +
        `it is the newest ${b.parsed.line} release reachable from ${a.parsed.raw} that keeps every later hop legal`;
    } else if (nodes.length === 2) {
      reason = "direct hop: every rule allows it";
    } else {
      reason = `final hop to the target: every rule allows ${a.parsed.raw} → ${b.parsed.raw}`;
    }
    hops.push({ from: a.parsed.raw, to: b.parsed.raw, reason });
  }
  return hops;
}

/**
 * The shortest legal path from `from` to `to`.
 * @example findPath("elasticsearch", "7.10.2", "9.1.0").path // ["7.10.2", "7.17.x", "8.19.y", "9.1.0"]
 * @throws VersionFormatError | UnknownVersionError | CatalogFileError | UnknownProductError on bad input
 */
export function findPath(product: Product, from: string, to: string, opts: RuleOptions = {}): PathResult {
  const prep = prepare(product, from, to, opts);
  const { ctx, catalog } = prep;
  const base = { product: prep.product, from: ctx.from.raw, to: ctx.to.raw };
  if (ctx.cmp === 0) return { ...base, path: [ctx.from.raw], hops: [], violations: [] };
  if (ctx.cmp < 0) return { ...base, path: null, hops: [], violations: hopViolations(ctx) };

  const idx = pathIndexFor(prep.product, catalog, opts.adjacentVersionsOnly === true);
  const fi = idx.indexOf(ctx.from.raw);
  const ti = idx.indexOf(ctx.to.raw);
  let g: Graph, s: number, t: number, dist: Int16Array;
  let reach: () => Uint8Array;
  if (fi >= 0 && ti >= 0 && !(ctx.to.prerelease || ctx.from.prerelease)) {
    g = idx; s = fi; t = ti;
    dist = idx.distTo(t);
    reach = () => idx.reachFrom(fi);
  } else {
    ({ g, s, t } = localGraph(idx, prep.from, prep.to, opts));
    dist = distancesTo(g, t);
    const lg = g, ls = s;
    reach = () => reachableFrom(lg, ls);
  }

  if (dist[s] < INF) {
    const nodes = walk(g, s, t, dist).map((i) => g.node(i));
    return { ...base, path: nodes.map((n) => n.parsed.raw), hops: reasons(prep.product, catalog, nodes, opts), violations: [] };
  }

  // No path: what blocks the direct hop, and what blocks the furthest version we can reach.
  const violations = hopViolations(ctx);
  const r = reach();
  for (let j = t - 1; j > s; j--) {
    if (!r[j]) continue;
    const via = g.node(j);
    for (const v of hopViolations(hopContext(prep.product, catalog, via, prep.to, opts))) {
      violations.push({
        ...v,
        message: `via ${via.parsed.raw} (the newest version reachable from ${ctx.from.raw}): ${v.message}`,
      });
    }
    break;
  }
  return { ...base, path: null, hops: [], violations };
}

/** The versions a path may pass through (GA catalog versions; Redis: full builds). For tests and tooling. */
export function pathCandidates(product: Product, opts: RuleOptions = {}): string[] {
  const p = assertProduct(product);
  return pathIndexFor(p, loadCatalog(p, opts.catalog), opts.adjacentVersionsOnly === true).nodes.map((n) => n.parsed.raw);
}

/**
 * Build every cache of the path index for versions at or above `minVersion` (or all), so later findPath calls
 * are lookups. Returns the number of index nodes warmed.
 */
export function warmPathIndex(product: Product, opts: RuleOptions = {}, minVersion?: string): number {
  const p = assertProduct(product);
  const idx = pathIndexFor(p, loadCatalog(p, opts.catalog), opts.adjacentVersionsOnly === true);
  const min = minVersion === undefined ? undefined : parseVersion(p, minVersion);
  const lo = min ? idx.nodes.findIndex((n) => compareParsed(n.parsed, min) >= 0) : 0;
  if (lo < 0) return 0;
  idx.warm(lo);
  return idx.size - lo;
}
