import * as assert from "assert";
import {
  UnknownProductError, VersionFormatError, compareVersions, parseVersion, Product,
} from "../../provider/versions";

describe("version parsing and ordering", () => {
  const ordered: [Product, string[]][] = [
    ["elasticsearch", ["8.19.20", "9.0.0-SNAPSHOT", "9.0.0-alpha1", "9.0.0-alpha2", "9.0.0-beta1", "9.0.0-rc1", "9.0.0-rc2", "9.0.0", "9.0.1", "9.0.10", "9.1.0", "10.0.0"]],
    ["redis-enterprise", ["5.5 (preview)", "6.0", "6.0.20-97", "6.2.4-55", "6.2.10", "6.2.10-90", "6.2.10-129", "7.4.2-54", "7.4.2-104", "7.4.6-22", "7.8.6-303", "7.22.0-28", "8.0.2-17", "8.0.16-29", "8.2.0-46"]],
    ["fleet-package", ["1.2.0-preview1", "1.2.0-preview2", "1.2.0", "1.10.0", "1.20.0", "2.0.0-beta.1", "2.0.0"]],
  ];
  for (const [product, list] of ordered) {
    it(`orders ${product} versions: ${list.join(" < ")}`, () => {
      for (let i = 0; i < list.length; i++) {
        for (let j = 0; j < list.length; j++) {
          const c = compareVersions(product, list[i], list[j]);
          assert.strictEqual(Math.sign(c), Math.sign(i - j), `${list[i]} vs ${list[j]}`);
        }
      }
    });
  }

  it("marks prereleases in every family", () => {
    assert.deepStrictEqual(
      ["9.0.0-rc1", "9.0.0-beta1", "9.0.0-alpha1", "9.0.0-SNAPSHOT", "9.0.0"].map((v) => parseVersion("kibana", v).prerelease),
      [true, true, true, true, false],
    );
    assert.strictEqual(parseVersion("redis-enterprise", "5.3 (beta)").prerelease, true);
    assert.strictEqual(parseVersion("redis-enterprise", "7.4.2-54").prerelease, false);
    assert.strictEqual(parseVersion("fleet-package", "1.2.0-preview1").prerelease, true);
  });

  it("reads Redis builds as major.minor.patch-build with the release line", () => {
    const v = parseVersion("redis-enterprise", "7.22.2-179");
    assert.deepStrictEqual([v.major, v.minor, v.patch, v.build, v.line], [7, 22, 2, 179, "7.22"]);
  });

  const bad: [Product, string, RegExp][] = [
    ["elasticsearch", "9.1", /MAJOR\.MINOR\.PATCH/],
    ["elasticsearch", "v9.1.2", /e\.g\. 9\.1\.2/],
    ["elasticsearch", "9.0.0-rc", /-rcN/],
    ["kibana", "9.1.x", /kibana version "9\.1\.x" is malformed/],
    ["redis-enterprise", "7.4.x", /MAJOR\.MINOR\.PATCH-BUILD, e\.g\. 7\.4\.2-54/],
    ["redis-enterprise", "7.4-54", /redis-enterprise version "7\.4-54"/],
    ["fleet-package", "1.2", /semantic version/],
    ["fleet-package", "latest", /1\.2\.0-preview1/],
  ];
  for (const [product, input, msg] of bad) {
    it(`refuses malformed ${product} ${JSON.stringify(input)} naming the input and the expected form`, () => {
      assert.throws(() => parseVersion(product, input), (e: unknown) => {
        assert.ok(e instanceof VersionFormatError);
        assert.strictEqual(e.input, input);
        assert.match(e.message, msg);
        return true;
      });
    });
  }

  it("refuses an unknown product from untyped callers", () => {
    assert.throws(() => parseVersion("opensearch" as Product, "2.0.0"), UnknownProductError);
  });
});
