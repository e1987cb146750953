import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import {
  CatalogFeedError, CatalogFileError, UnknownVersionError, catalogFromFeed, checkHop, findPath, loadCatalog,
} from "../../provider/versions";

describe("release catalogs", () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "upgrades-catalog-"));
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it("bundles Elasticsearch GA dates, not git-tag dates", () => {
    const es = loadCatalog("elasticsearch");
    assert.strictEqual(es.dateOf("9.0.0"), "2025-04-15"); // tag 2025-04-08
    assert.strictEqual(es.dateOf("8.18.0"), "2025-04-15"); // tag 2025-04-10
    assert.strictEqual(es.newest()?.version, "9.5.2");
    assert.strictEqual(es.entries.length, 389);
  });

  it("derives Kibana from the Elastic data: ES-only versions dropped, Kibana dates where they differ", () => {
    const kb = loadCatalog("kibana");
    assert.strictEqual(kb.get("1.0.0"), undefined);
    assert.strictEqual(kb.dateOf("6.4.0"), "2018-08-23");
    assert.strictEqual(loadCatalog("elasticsearch").dateOf("6.4.0"), "2018-08-17");
    assert.strictEqual(kb.dateOf("9.1.2"), "2025-08-12");
  });

  it("bundles Redis Enterprise releases and lines", () => {
    const rs = loadCatalog("redis-enterprise");
    assert.ok(rs.get("7.4.2-54") && rs.get("8.2.0-46"));
    assert.ok(rs.lines.includes("7.22") && rs.lines.includes("8.2"));
  });

  it("refuses a version no catalog knows, saying how to add it", () => {
    assert.throws(() => checkHop("elasticsearch", "9.5.2", "9.6.0"), (e: unknown) => {
      assert.ok(e instanceof UnknownVersionError);
      assert.match(e.message, /elasticsearch 9\.6\.0 is not in the release catalog \(bundled data ends at 9\.5\.2\)/);
      assert.match(e.message, /`catalog` input \[\{"version":"9\.6\.0","date":"YYYY-MM-DD"\}\]/);
      assert.match(e.message, /--catalog FILE/);
      return true;
    });
    assert.throws(() => findPath("redis-enterprise", "7.4.2-55", "8.2.0-46"), UnknownVersionError);
  });

  it("extends the catalog with inline entries", () => {
    const catalog = [{ version: "9.6.0", date: "2026-09-15" }, { version: "8.19.21", date: "2026-09-15" }];
    assert.strictEqual(checkHop("elasticsearch", "9.5.2", "9.6.0", { catalog }).allowed, true);
    const p = findPath("elasticsearch", "7.17.29", "9.6.0", { catalog });
    assert.deepStrictEqual(p.path, ["7.17.29", "8.19.21", "9.6.0"]);
  });

  it("overrides a bundled date from a catalog file (bare array or {releases})", () => {
    const file = path.join(tmp, "override.json");
    // pretend 9.1.0 shipped after 9.0.5: the out-of-order refusal disappears
    fs.writeFileSync(file, JSON.stringify({ source: "test", releases: [{ version: "9.1.0", date: "2025-08-20" }] }));
    assert.strictEqual(checkHop("elasticsearch", "9.0.5", "9.1.0").allowed, false);
    assert.strictEqual(checkHop("elasticsearch", "9.0.5", "9.1.0", { catalog: file }).allowed, true);
    const bare = path.join(tmp, "bare.json");
    fs.writeFileSync(bare, JSON.stringify([{ version: "9.1.0", date: "2025-08-20" }]));
    assert.strictEqual(loadCatalog("elasticsearch", bare).dateOf("9.1.0"), "2025-08-20");
  });

  it("re-reads a catalog file when it changes", () => {
    const file = path.join(tmp, "changing.json");
    fs.writeFileSync(file, JSON.stringify([{ version: "9.6.0", date: "2026-09-15" }]));
    assert.strictEqual(loadCatalog("elasticsearch", file).dateOf("9.6.0"), "2026-09-15");
    fs.writeFileSync(file, JSON.stringify([{ version: "9.6.0", date: "2026-09-16" }, { version: "9.6.1", date: "2026-10-01" }]));
    assert.strictEqual(loadCatalog("elasticsearch", file).dateOf("9.6.0"), "2026-09-16");
  });

  const badFiles: [string, string, RegExp][] = [
    ["missing.json", "", /cannot read the file \(ENOENT\)/],
    ["notjson.json", "{nope", /is not valid JSON/],
    ["shape.json", JSON.stringify({ versions: [] }), /Expected a JSON array of \{"version"/],
    ["date.json", JSON.stringify([{ version: "9.6.0", date: "15/09/2026" }]), /YYYY-MM-DD/],
  ];
  for (const [name, body, msg] of badFiles) {
    it(`refuses a bad catalog file (${name}) with what is wrong and the expected shape`, () => {
      const file = path.join(tmp, name);
      if (body) fs.writeFileSync(file, body);
      assert.throws(() => loadCatalog("elasticsearch", file), (e: unknown) => e instanceof CatalogFileError && msg.test(e.message));
    });
  }

  it("maps endoflife release-data, the endoflife.date API and plain entries; drops non-GA names", () => {
    const rd = { releases: {}, versions: { "9.6.0": { name: "9.6.0", date: "2026-09-15" }, "9.6.0-rc1": { name: "9.6.0-rc1", date: "2026-09-01" }, "9.5.3": { name: "9.5.3", date: "2026-09-02" } } };
    assert.deepStrictEqual(catalogFromFeed("u", rd), [{ version: "9.5.3", date: "2026-09-02" }, { version: "9.6.0", date: "2026-09-15" }]);
    const api = [{ cycle: "9", releaseDate: "2025-04-15", latest: "9.6.1", latestReleaseDate: "2026-10-01" }, { cycle: "8.19", releaseDate: "2025-07-29", latest: "8.19.21", latestReleaseDate: "2026-09-15" }];
    assert.deepStrictEqual(catalogFromFeed("u", api), [
      { version: "8.19.0", date: "2025-07-29" }, { version: "8.19.21", date: "2026-09-15" }, { version: "9.6.1", date: "2026-10-01" },
    ]);
    assert.deepStrictEqual(catalogFromFeed("u", { releases: [{ version: "9.6.0", date: "2026-09-15" }] }), [{ version: "9.6.0", date: "2026-09-15" }]);
    assert.throws(() => catalogFromFeed("u", { hello: 1 }), CatalogFeedError);
    assert.throws(() => catalogFromFeed("u", { versions: { "9.6.0-rc1": { date: "2026-09-01" } } }), /no GA releases/);
  });
});
