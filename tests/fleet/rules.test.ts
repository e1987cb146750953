// The pure target rules of FleetIntegration, table-driven: which named rules a target breaks for a given
// installed version, latest compatible version, Kibana range and running Kibana.
import assert from "node:assert/strict";
import { isPrereleasePackage, needsForce, targetViolations, type TargetFacts } from "../../provider/resources/fleet";

const base: TargetFacts = {
  packageName: "nginx",
  installed: "1.15.0",
  target: "1.20.0",
  latest: "1.20.0",
  kibanaRange: "^8.8.0",
  release: "ga",
  kibanaVersion: "8.14.3",
  allowPrerelease: false,
  force: false,
  adjacentVersionsOnly: false,
};

const cases: [string, Partial<TargetFacts>, string[]][] = [
  ["allows the latest compatible GA version", {}, []],
  ["allows reinstalling nothing: the installed version is the target", { installed: "1.20.0" }, []],
  ["refuses a downgrade (and does not also ask for force)", { installed: "1.22.0", latest: "1.22.0" }, ["no_downgrade"]],
  ["refuses a target older than the latest compatible without force", { latest: "1.22.0" }, ["older_than_latest_needs_force"]],
  ["allows it with force", { latest: "1.22.0", force: true }, []],
  ["refuses a semver prerelease without the opt-in", { target: "1.24.0-rc1", latest: "1.24.0-rc1", kibanaRange: "^8.13.0 || ^9.0.0" }, ["no_prerelease_target"]],
  ["allows it with allowPrerelease", { target: "1.24.0-rc1", latest: "1.24.0-rc1", kibanaRange: "^8.13.0 || ^9.0.0", allowPrerelease: true }, []],
  ["treats 0.x as a prerelease (Kibana's isPackagePrerelease)", { installed: undefined, target: "0.2.0", latest: "0.2.0" }, ["no_prerelease_target"]],
  ["treats a beta release as a prerelease", { release: "beta" }, ["no_prerelease_target"]],
  ["refuses a Kibana range that excludes the running Kibana", { target: "1.23.0", latest: "1.22.0", kibanaRange: "^8.15.0", force: true }, ["kibana_version_in_package_range"]],
  ["accepts a SNAPSHOT Kibana inside the range", { kibanaVersion: "8.15.0-SNAPSHOT", kibanaRange: "^8.15.0" }, []],
  ["refuses skipping minor lines when adjacentVersionsOnly", { adjacentVersionsOnly: true }, ["adjacent_versions_only"]],
  ["allows the next minor when adjacentVersionsOnly", { installed: "1.19.1", adjacentVersionsOnly: true }, []],
  ["allows upgrading FROM a prerelease package (Fleet does it routinely)", { installed: "1.19.0-rc1" }, []],
  ["checks a fresh install only against prerelease, range and latest", { installed: undefined, latest: "1.22.0" }, ["older_than_latest_needs_force"]],
];

describe("FleetIntegration target rules", () => {
  for (const [name, over, rules] of cases) {
    it(name, () => {
      const v = targetViolations({ ...base, ...over });
      assert.deepEqual(v.map((x) => x.rule), rules, JSON.stringify(v));
      for (const x of v) assert.ok(x.message.length > 0 && x.fix.length > 0, "each violation says what to do");
    });
  }

  it("needsForce only when something is installed below the latest, never for the installed version itself", () => {
    assert.equal(needsForce({ installed: "1.15.0", target: "1.20.0", latest: "1.22.0" }), true);
    assert.equal(needsForce({ installed: "1.20.0", target: "1.20.0", latest: "1.22.0" }), false);
    assert.equal(needsForce({ installed: "1.15.0", target: "1.22.0", latest: "1.22.0" }), false);
    assert.equal(needsForce({ installed: "1.15.0", target: "1.20.0", latest: undefined }), false);
  });

  it("isPrereleasePackage follows Kibana (0.x, a tag) and the release field", () => {
    assert.deepEqual(["1.0.0", "0.9.0", "1.0.0-rc1", "1.0.0"].map((v, i) => isPrereleasePackage(v, i === 3 ? "experimental" : "ga")), [false, true, true, true]);
  });
});
