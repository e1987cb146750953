import * as assert from "assert";
import redisData from "../../provider/versions/data/redis-enterprise-versions.json";
import {
  Product, RuleOptions, checkHop, compareVersions, findPath, loadCatalog, parseVersion, pathCandidates,
} from "../../provider/versions";

/**
 * Independent brute force: legality of every pair from the public checkHop, then a plain BFS from every node.
 * Shares nothing with the path index except the rules themselves.
 */
class BruteForce {
  readonly nodes: string[];
  readonly legal: boolean[][];
  readonly dist: number[][]; // dist[a][b] = fewest legal hops a → b (Infinity when none)
  constructor(readonly product: Product, readonly opts: RuleOptions = {}) {
    this.nodes = [...pathCandidates(product, opts)].sort((a, b) => compareVersions(product, a, b));
    const n = this.nodes.length;
    this.legal = this.nodes.map((a, i) =>
      this.nodes.map((b, j) => j > i && checkHop(product, a, b, opts).allowed),
    );
    this.dist = this.nodes.map((_, s) => {
      const d = new Array<number>(n).fill(Infinity);
      d[s] = 0;
      const queue = [s];
      while (queue.length) {
        const u = queue.shift()!;
        for (let v = 0; v < n; v++) {
          if (this.legal[u][v] && d[v] === Infinity) {
            d[v] = d[u] + 1;
            queue.push(v);
          }
        }
      }
      return d;
    });
  }
  idx(v: string): number {
    return this.nodes.indexOf(v);
  }
}

const bruteCache = new Map<string, BruteForce>();
function brute(product: Product, opts: RuleOptions = {}): BruteForce {
  const key = product + JSON.stringify(opts);
  let bf = bruteCache.get(key);
  if (!bf) bruteCache.set(key, (bf = new BruteForce(product, opts)));
  return bf;
}

/** Every property the issue asks of a path, checked against the brute force. */
function checkAllPairs(bf: BruteForce, sources: string[], targets: string[]): number {
  const { product, opts } = bf;
  let found = 0;
  for (const a of sources) {
    for (const b of targets) {
      const r = findPath(product, a, b, opts);
      const [ia, ib] = [bf.idx(a), bf.idx(b)];
      const want = bf.dist[ia][ib];
      if (a === b) {
        assert.deepStrictEqual([r.path, r.hops, r.violations], [[a], [], []]);
        continue;
      }
      if (want === Infinity) {
        assert.strictEqual(r.path, null, `${a} → ${b}: brute force finds no chain, findPath found ${r.path}`);
        assert.ok(r.violations.length > 0, `${a} → ${b}: a null path names its blocking rules`);
        continue;
      }
      found++;
      assert.ok(r.path, `${a} → ${b}: brute force finds ${want} hop(s), findPath found none`);
      const p = r.path!;
      assert.strictEqual(p.length - 1, want, `${a} → ${b}: not shortest: ${p.join(" → ")}`);
      assert.deepStrictEqual([p[0], p[p.length - 1]], [a, b]);
      assert.strictEqual(r.hops.length, p.length - 1);
      for (let k = 0; k + 1 < p.length; k++) {
        assert.ok(compareVersions(product, p[k], p[k + 1]) < 0, `${p.join(" → ")} is not strictly increasing`);
        assert.ok(!parseVersion(product, p[k + 1]).prerelease);
        assert.ok(checkHop(product, p[k], p[k + 1], opts).allowed, `hop ${p[k]} → ${p[k + 1]} fails checkHop`);
        assert.deepStrictEqual([r.hops[k].from, r.hops[k].to], [p[k], p[k + 1]]);
        assert.ok(r.hops[k].reason.length > 0);
        // tie-break: no newer next version that is reachable and keeps the remaining hop count
        if (k + 2 < p.length) {
          const [cur, next] = [bf.idx(p[k]), bf.idx(p[k + 1])];
          for (let w = next + 1; w < ib; w++) {
            assert.ok(
              !(bf.legal[cur][w] && bf.dist[w][ib] === bf.dist[next][ib]),
              `${a} → ${b}: ${bf.nodes[w]} is newer than ${p[k + 1]} and keeps every later hop legal`,
            );
          }
        }
      }
    }
  }
  return found;
}

describe("findPath: generated checks over the bundled catalogs", () => {
  it("Elasticsearch 6.8+ (every ordered pair) matches the brute force", function () {
    this.timeout(60_000);
    const bf = brute("elasticsearch");
    const modern = bf.nodes.filter((v) => compareVersions("elasticsearch", v, "6.8.0") >= 0);
    assert.ok(modern.length > 250);
    const found = checkAllPairs(bf, modern, modern);
    assert.ok(found > 10_000, `only ${found} pairs had a path`);
  });

  it("Elasticsearch before 6.8 (a sample of sources to every target)", function () {
    this.timeout(60_000);
    const bf = brute("elasticsearch");
    const old = bf.nodes.filter((v, i) => compareVersions("elasticsearch", v, "6.8.0") < 0 && i % 9 === 0);
    checkAllPairs(bf, old, bf.nodes);
  });

  it("Kibana (a sample) matches the brute force", function () {
    this.timeout(60_000);
    const bf = brute("kibana");
    checkAllPairs(bf, bf.nodes.filter((_, i) => i % 11 === 0), bf.nodes.filter((_, i) => i % 3 === 0));
  });

  it("Redis Enterprise (every ordered pair of builds) matches the brute force", function () {
    this.timeout(60_000);
    const bf = brute("redis-enterprise");
    checkAllPairs(bf, bf.nodes, bf.nodes);
  });

  it("adjacent-versions policy (a sample) matches the brute force", function () {
    this.timeout(60_000);
    const es = brute("elasticsearch", { adjacentVersionsOnly: true });
    const modern = es.nodes.filter((v, i) => compareVersions("elasticsearch", v, "6.8.0") >= 0 && i % 4 === 0);
    checkAllPairs(es, modern, modern);
    const rs = brute("redis-enterprise", { adjacentVersionsOnly: true });
    checkAllPairs(rs, rs.nodes.filter((_, i) => i % 3 === 0), rs.nodes);
  });
});

describe("findPath: documented paths", () => {
  const cases: [Product, string, string, string[] | null, RuleOptions?][] = [
    // 7.17 → 8.19 → 9.y (docs-content upgrade-717.md); 8.19.0 is the newest 8.19 dated on or before 9.1.0
    ["elasticsearch", "7.10.2", "9.1.0", ["7.10.2", "7.17.29", "8.19.0", "9.1.0"]],
    ["elasticsearch", "6.2.4", "9.5.2", ["6.2.4", "6.8.23", "7.17.29", "8.19.20", "9.5.2"]],
    ["elasticsearch", "8.17.0", "9.1.0", ["8.17.0", "8.19.0", "9.1.0"]],
    ["elasticsearch", "8.18.0", "9.0.0", ["8.18.0", "9.0.0"]],
    ["elasticsearch", "7.17.29", "8.18.2", null],
    ["elasticsearch", "6.8.0", "7.0.0", null],
    ["elasticsearch", "9.0.0-rc1", "9.0.0", null],
    ["elasticsearch", "8.18.0", "9.0.0-rc1", ["8.18.0", "9.0.0-rc1"], { allowPrerelease: true }],
    // a prerelease has no GA date, so only the bridge rule applies to the last hop
    ["elasticsearch", "8.17.0", "9.0.0-rc1", ["8.17.0", "8.18.8", "9.0.0-rc1"], { allowPrerelease: true }],
    ["elasticsearch", "8.17.0", "9.0.0-rc1", null],
    ["kibana", "7.16.3", "8.19.3", ["7.16.3", "7.17.29", "8.19.3"]],
    ["redis-enterprise", "6.2.4-55", "8.2.0-46", ["6.2.4-55", "7.4.6-280", "8.2.0-46"]],
    ["redis-enterprise", "6.4.2-131", "8.0.20-96", ["6.4.2-131", "8.0.10-81", "8.0.20-96"]],
    ["redis-enterprise", "6.2.10", "7.22.2-179", ["6.2.10", "7.8.6-303", "7.22.2-179"]],
    ["fleet-package", "1.2.0", "1.20.0", ["1.2.0", "1.20.0"]],
    ["fleet-package", "1.2.0", "1.4.0", null, { adjacentVersionsOnly: true }],
    ["fleet-package", "1.2.0", "1.4.0", ["1.2.0", "1.3.1", "1.4.0"], {
      adjacentVersionsOnly: true,
      catalog: [{ version: "1.3.0", date: "2026-01-01" }, { version: "1.3.1", date: "2026-02-01" }],
    }],
    ["fleet-package", "1.20.0", "1.2.0", null],
  ];
  for (const [product, from, to, want, opts] of cases) {
    it(`${product} ${from} → ${to}${opts ? " " + JSON.stringify(opts) : ""}: ${want ? want.join(" → ") : "none"}`, () => {
      assert.deepStrictEqual(findPath(product, from, to, opts).path, want);
    });
  }

  it("explains each hop and, without a path, what blocks it and what would unblock it", () => {
    const p = findPath("elasticsearch", "7.10.2", "9.1.0");
    assert.match(p.hops[0].reason, /7\.10\.2 → 8\.19\.0 directly is refused \(major_upgrade_from_bridge_minor\)/);
    assert.match(p.hops[2].reason, /final hop/);
    const none = findPath("elasticsearch", "7.17.29", "8.18.2");
    assert.strictEqual(none.violations[0].rule, "target_released_after_current");
    assert.match(none.violations[0].fix, /target 8\.18\.3 or later/);
    assert.ok(none.violations.some((v) => /^via 8\.17\.10 /.test(v.message)));
    assert.deepStrictEqual(findPath("elasticsearch", "9.1.2", "9.0.5").violations.map((v) => v.rule), ["no_downgrade"]);
  });

  it("agrees with the data file's own BFS of the Redis matrix (derived_min_hops)", () => {
    const cat = loadCatalog("redis-enterprise");
    const builds = cat.entries.filter((e) => e.parsed.build >= 0).map((e) => e.version);
    const match = (pat: string) => (v: string) => (pat.endsWith(".x") ? v.startsWith(pat.slice(0, -1)) : v.startsWith(pat + "-"));
    for (const item of redisData.derived_min_hops.items) {
      const from = builds.find(match(item.from))!;
      const to = [...builds].reverse().find(match(item.to))!;
      const r = findPath("redis-enterprise", from, to);
      assert.strictEqual(r.path!.length - 1, item.min_hops, `${from} → ${to}: ${r.path}`);
    }
  });

  it("is deterministic, also across separately built indexes", () => {
    const other = { catalog: [{ version: "99.0.0", date: "2099-01-01" }] };
    for (const [a, b] of [["6.2.4", "9.5.2"], ["7.0.0", "8.9.2"], ["8.1.0", "9.3.4"], ["6.8.5", "7.9.3"]]) {
      const first = findPath("elasticsearch", a, b);
      assert.deepStrictEqual(findPath("elasticsearch", a, b), first);
      assert.deepStrictEqual(findPath("elasticsearch", a, b, other), first);
    }
  });
});
