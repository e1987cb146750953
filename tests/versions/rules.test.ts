import * as assert from "assert";
import { Product, RULE_NAMES, RuleName, RuleOptions, checkHop, compareVersions, loadCatalog, upgradeRules } from "../../provider/versions";

type Row = [from: string, to: string, refusedBy: RuleName[], opts?: RuleOptions];

function expectVerdict(product: Product, [from, to, refusedBy, opts]: Row): void {
  const v = checkHop(product, from, to, opts);
  assert.deepStrictEqual(v.violations.map((x) => x.rule), refusedBy, `${from} → ${to}: ${JSON.stringify(v.violations)}`);
  assert.strictEqual(v.allowed, refusedBy.length === 0);
  for (const x of v.violations) {
    assert.ok(x.message.length > 10 && x.fix.length > 10, `${x.rule} has a message and a fix`);
  }
}

function table(product: Product, rows: Row[]): void {
  for (const row of rows) {
    const [from, to, refusedBy, opts] = row;
    const how = refusedBy.length ? `refuses by ${refusedBy.join(", ")}` : "allows";
    it(`${how}: ${product} ${from} → ${to}${opts ? " " + JSON.stringify(opts) : ""}`, () => expectVerdict(product, row));
  }
}

describe("upgrade rules API", () => {
  it("is a flat list with exactly the named rules, each documented with a source", () => {
    assert.deepStrictEqual(upgradeRules.map((r) => r.name), [...RULE_NAMES]);
    for (const r of upgradeRules) assert.ok(r.source && r.refuses, r.name);
  });
  it("treats the same version as a no-op that is allowed", () => {
    for (const [p, v] of [["elasticsearch", "8.19.3"], ["redis-enterprise", "7.4.2-54"], ["fleet-package", "1.2.0-preview1"]] as const) {
      const r = checkHop(p, v, v);
      assert.deepStrictEqual([r.allowed, r.noop, r.violations], [true, true, []]);
    }
    assert.strictEqual(checkHop("elasticsearch", "8.19.2", "8.19.3").noop, false);
  });
});

describe("target_released_after_current: Elastic's out-of-order pairs (elastic.md §a2)", () => {
  // [current, refused target, first allowed target of that minor]
  const pairs: [string, string, string][] = [
    ["7.17.1", "8.0.0", "8.0.1"],
    ["7.17.29", "8.18.2", "8.18.3"],
    ["9.0.5", "9.1.0", "9.1.2"],
    ["9.0.5", "9.1.1", "9.1.2"],
    ["8.18.2", "9.0.0", "9.0.2"],
    ["8.18.2", "9.0.1", "9.0.2"],
    ["8.17.10", "8.19.0", "8.19.2"],
    ["8.17.10", "8.19.1", "8.19.2"],
  ];
  const es = loadCatalog("elasticsearch");
  for (const [cur, bad, good] of pairs) {
    it(`refuses ${cur} → ${bad}, names both GA dates and ${good}; allows ${cur} → ${good}`, () => {
      const v = checkHop("elasticsearch", cur, bad);
      assert.deepStrictEqual(v.violations.map((x) => x.rule), ["target_released_after_current"]);
      const m = v.violations[0].message;
      assert.ok(m.includes(es.dateOf(cur)!) && m.includes(es.dateOf(bad)!), m);
      assert.match(m, new RegExp(`first later .* is ${good.replace(/\./g, "\\.")} `));
      assert.match(v.violations[0].fix, new RegExp(`target ${good.replace(/\./g, "\\.")} or later`));
      assert.strictEqual(checkHop("elasticsearch", cur, good).allowed, true);
    });
  }
  table("elasticsearch", [
    // same GA day is allowed: 8.18.0 and 9.0.0 both GA 2025-04-15 (their git tags differ: 04-10 vs 04-08)
    ["8.18.0", "9.0.0", []],
    ["6.8.0", "7.1.0", []],
    ["7.17.29", "8.17.8", []],
    ["7.17.29", "8.19.0", []],
    ["8.17.10", "8.18.5", []],
    ["6.8.0", "7.0.0", ["target_released_after_current", "major_upgrade_from_bridge_minor"]],
  ]);
  table("kibana", [
    ["9.0.5", "9.1.0", ["target_released_after_current"]],
    ["9.0.5", "9.1.2", []],
  ]);
  it("says to wait when no later release of the target's minor is allowed yet", () => {
    const v = checkHop("elasticsearch", "8.19.20", "9.2.0");
    const r = v.violations.find((x) => x.rule === "target_released_after_current")!;
    assert.match(r.fix, /wait for a 9\.2 release published on or after 2026-08-11/);
  });
});

describe("major_upgrade_from_bridge_minor (elastic.md §a1)", () => {
  table("elasticsearch", [
    ["6.7.2", "7.1.0", ["major_upgrade_from_bridge_minor"]],
    ["6.8.23", "7.17.0", []],
    ["6.8.1", "7.0.1", ["target_released_after_current", "major_upgrade_from_bridge_minor"]],
    ["7.16.3", "8.0.1", ["major_upgrade_from_bridge_minor"]],
    ["7.17.0", "8.0.0", []],
    ["8.18.1", "9.0.1", []],
    ["8.18.5", "9.1.2", ["major_upgrade_from_bridge_minor"]],
    ["8.19.0", "9.1.0", []],
    ["8.19.2", "9.0.6", ["major_upgrade_from_bridge_minor"]],
    ["8.17.0", "9.0.0", ["major_upgrade_from_bridge_minor"]],
    ["7.17.29", "9.1.0", ["major_upgrade_from_bridge_minor"]],
    ["6.8.23", "8.19.0", ["major_upgrade_from_bridge_minor"]],
    ["7.10.2", "7.17.29", []],
  ]);
  table("kibana", [
    ["7.17.29", "8.19.0", []],
    ["7.16.3", "8.19.0", ["major_upgrade_from_bridge_minor"]],
  ]);
  it("explains 8.19 → 9.0 and skipped majors with the way forward", () => {
    assert.match(checkHop("elasticsearch", "8.19.2", "9.0.6").violations[0].fix, /9\.1\.0 or later/);
    const skip = checkHop("elasticsearch", "7.17.29", "9.1.0").violations[0];
    assert.match(skip.message, /skips major 8/);
    assert.match(skip.fix, /7\.17 patch, then to 8\.x/);
    assert.match(checkHop("elasticsearch", "7.16.3", "8.0.1").violations[0].fix, /newest 7\.17 patch/);
  });
});

describe("no_prerelease_source / no_prerelease_target", () => {
  table("elasticsearch", [
    ["9.0.0-rc1", "9.0.0", ["no_prerelease_source"]],
    ["9.0.0-rc1", "9.0.0", ["no_prerelease_source"], { allowPrerelease: true }],
    ["8.18.0", "9.0.0-rc1", ["no_prerelease_target"]],
    ["8.18.0", "9.0.0-rc1", [], { allowPrerelease: true }],
    ["9.1.2", "9.2.0-beta1", ["no_prerelease_target"]],
    ["9.1.2", "9.2.0-SNAPSHOT", ["no_prerelease_target"]],
    ["8.19.2", "9.0.0-alpha1", ["no_prerelease_target", "major_upgrade_from_bridge_minor"], { allowPrerelease: false }],
  ]);
  table("fleet-package", [
    ["1.2.0-preview1", "1.2.0", ["no_prerelease_source"]],
    ["1.1.0", "1.2.0-preview1", ["no_prerelease_target"]],
    ["1.1.0", "1.2.0-preview1", [], { allowPrerelease: true }],
  ]);
  table("redis-enterprise", [["5.4.6-18", "5.5 (preview)", ["no_prerelease_target", "redis_supported_path"]]]);
});

describe("no_downgrade", () => {
  table("elasticsearch", [["9.1.2", "9.0.5", ["no_downgrade"]], ["8.0.0", "7.17.29", ["no_downgrade"]], ["9.0.0", "9.0.0-rc1", ["no_prerelease_target", "no_downgrade"]]]);
  table("redis-enterprise", [["7.4.6-22", "7.4.2-54", ["no_downgrade"]], ["7.4.2-104", "7.4.2-54", ["no_downgrade"]]]);
  table("fleet-package", [["1.20.0", "1.3.0", ["no_downgrade"]], ["1.3.0", "1.20.0", []]]);
});

describe("adjacent_versions_only (opt-in)", () => {
  const adj = { adjacentVersionsOnly: true };
  table("elasticsearch", [
    ["8.10.0", "8.12.0", ["adjacent_versions_only"], adj],
    ["8.10.0", "8.12.0", []],
    ["8.10.0", "8.11.0", [], adj],
    ["8.10.0", "8.10.4", [], adj],
    ["7.17.29", "8.19.0", [], adj],
    ["8.18.8", "9.0.8", [], adj],
  ]);
  table("redis-enterprise", [
    ["7.4.6-22", "7.22.0-95", ["adjacent_versions_only"], adj],
    ["7.4.6-22", "7.8.2-34", [], adj],
    ["6.4.2-30", "7.2.4-52", [], adj],
  ]);
  table("fleet-package", [
    ["1.2.0", "1.4.0", ["adjacent_versions_only"], adj],
    ["1.2.0", "1.3.5", [], adj],
    ["1.9.0", "2.0.0", [], adj],
    ["1.9.0", "2.1.0", ["adjacent_versions_only"], adj],
  ]);
});

describe("redis_supported_path: every row and column of the matrix (redis.md §1a)", () => {
  const columns = ["7.2.x", "7.4.x", "7.8.x", "7.22.x", "8.0.2–8.0.10", "8.0.16–8.0.20", "8.2.x"];
  // Copied from the reference table (rs-upgrade-paths.md @ c6671f2c4). Y supported, N not, – target older.
  const matrix: [rows: string[], cells: string][] = [
    [["6.0.x"], "YNNNNNN"],
    [["6.2.4", "6.2.8"], "YYNNNNN"],
    [["6.2.10", "6.2.12", "6.2.18"], "YYYNNNN"],
    [["6.4.x"], "YYYYYNN"],
    [["7.2.x"], "YYYYYYY"],
    [["7.4.x"], "–YYYYYY"],
    [["7.8.x"], "––YYYYY"],
    [["7.22.x"], "–––YYYY"],
    [["8.0.2", "8.0.6", "8.0.10"], "––––YYY"],
    [["8.0.16", "8.0.18", "8.0.20"], "–––––YY"],
    [["8.2.x"], "––––––Y"],
  ];
  const cat = loadCatalog("redis-enterprise");
  const builds = cat.entries.filter((e) => e.parsed.build >= 0 && !e.parsed.prerelease);
  const member = (pattern: string) => (v: (typeof builds)[number]) =>
    pattern.endsWith(".x") ? v.parsed.line === pattern.slice(0, -2) : v.version.startsWith(pattern + "-");
  // a row is represented by the OLDEST build of each listed version, a column by the NEWEST build of each listed version
  const rowBuilds = (label: string) => [builds.find(member(label))!.version];
  const colBuilds = (label: string) =>
    label.includes("–")
      ? label === "8.0.2–8.0.10" ? ["8.0.2", "8.0.6", "8.0.10"] : ["8.0.16", "8.0.18", "8.0.20"]
      : [label];
  for (const [rows, cells] of matrix) {
    for (const row of rows) {
      columns.forEach((col, ci) => {
        const cell = [...cells][ci];
        const from = rowBuilds(row)[0];
        // within a split column, members below the row's own version are downgrades, not matrix cells
        const targets = colBuilds(col).map((t) => [...builds].reverse().find(member(t))!);
        for (const target of cell === "Y" ? targets.filter((t) => compareVersions("redis-enterprise", t.version, from) >= 0) : targets) {
          const to = target.version;
          it(`row ${row} × column ${col}: ${from} → ${to} is ${cell}`, () => {
            const v = checkHop("redis-enterprise", from, to);
            const rules = v.violations.map((x) => x.rule);
            if (cell === "Y") assert.deepStrictEqual(rules, []);
            else if (cell === "N") assert.deepStrictEqual(rules, ["redis_supported_path"]);
            else assert.deepStrictEqual(rules, ["no_downgrade"]);
          });
        }
      });
    }
  }
  it("names the row, the column and an intermediate in the refusal", () => {
    const v = checkHop("redis-enterprise", "6.2.4-55", "7.8.2-34").violations[0];
    assert.match(v.message, /row 6\.2\.4\b.*column 7\.8\.x/);
    assert.match(v.fix, /upgrade to 7\.4\.6-280 first/);
    const w = checkHop("redis-enterprise", "6.4.2-131", "8.0.16-29").violations[0];
    assert.match(w.message, /column 8\.0\.16-8\.0\.20/);
    assert.match(w.fix, /upgrade to 8\.0\.10-81 first/);
  });
  table("redis-enterprise", [
    // older targets: the 2024-11 matrix and release-note minimums
    ["6.0.20-97", "6.2.18-72", []],
    ["6.2.10-90", "6.4.2-131", []],
    ["6.4.2-30", "6.4.2-131", []],
    ["5.4.14-31", "6.0.20-97", ["redis_supported_path"]],
    ["5.6.0-39", "6.0.20-97", []],
    ["5.0.0-31", "5.4.6-18", []],
    ["4.4.2-42", "5.6.0-39", ["redis_supported_path"]],
  ]);
});
