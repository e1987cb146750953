/** @module changelog.yml parsing and selection, and the client's getChangelog against the Fleet simulator. */
import * as assert from "assert";
import { ChangelogFormatError, changesBetween, createKibanaFleetClient, parseChangelog } from "../../../provider/clients/kibana-fleet";
import { startFleetSim } from "../../sim/fleet";

// Shape of elastic/integrations packages/*/changelog.yml (descriptions of system 2.0.0 / 3.0.0 and nginx 1.22.0 verbatim, fleet.md §2.4)
const SAMPLE = `# newer versions go on top
- version: "3.0.0"
  changes:
    - description: 'The auth data stream no longer writes the affected account to \`user.name\`: see the PR.'
      type: breaking-change
      link: https://github.com/elastic/integrations/pull/20353
- version: 2.0.0
  changes:
    - description: Remove deprecated httpjson input.
      type: enhancement
      link: https://github.com/elastic/integrations/pull/9101
    - description: ECS version updated to 8.11.0. Update the kibana constraint to ^8.13.0.
        Modified the field definitions to remove ECS fields made redundant by the ecs@mappings component template.
      type: enhancement
      link: https://github.com/elastic/integrations/pull/8543
- version: "1.64.0"
  changes:
    - description: "Add support for Kibana \`9.0.0\`."
      type: enhancement
      link: https://github.com/elastic/integrations/pull/11200 # trailing comment
`;

describe("Fleet changelog.yml", () => {
  it("parses the package-spec changelog shape: quoting styles, colons, continuation lines, comments", () => {
    const entries = parseChangelog(SAMPLE);
    assert.deepStrictEqual(entries.map((e) => [e.version, e.changes.length]), [["3.0.0", 1], ["2.0.0", 2], ["1.64.0", 1]]);
    assert.strictEqual(entries[0].changes[0].description, "The auth data stream no longer writes the affected account to `user.name`: see the PR.");
    assert.strictEqual(entries[1].changes[1].description, "ECS version updated to 8.11.0. Update the kibana constraint to ^8.13.0. Modified the field definitions to remove ECS fields made redundant by the ecs@mappings component template.");
    assert.strictEqual(entries[2].changes[0].description, "Add support for Kibana `9.0.0`.");
    assert.strictEqual(entries[2].changes[0].link, "https://github.com/elastic/integrations/pull/11200");
  });

  it("selects (installed, target] newest first and flags breaking changes", () => {
    const picked = changesBetween(parseChangelog(SAMPLE), "1.64.0", "3.0.0");
    assert.deepStrictEqual(picked.map((e) => [e.version, e.breaking]), [["3.0.0", true], ["2.0.0", false]]);
    assert.deepStrictEqual(changesBetween(parseChangelog(SAMPLE), "3.0.0", "3.0.0"), []);
  });

  it("refuses text that is not a changelog with the line number", () => {
    assert.throws(() => parseChangelog("- version: 1.0.0\n  changes:\n    - description: x\n      type: enhancement\n  nonsense here\n"), (e: unknown) => e instanceof ChangelogFormatError && e.line === 5);
    assert.throws(() => parseChangelog("- version: 1.0.0\n  changes:\n    - type: enhancement\n"), ChangelogFormatError); // description missing
  });

  it("getChangelog reads a not-installed version's changelog through Kibana", async () => {
    const sim = await startFleetSim();
    const fleet = createKibanaFleetClient({ url: sim.url, apiKey: sim.credentials.apiKey, retry: { maxRetries: 0 } });
    try {
      sim.state.seedInstallation("nginx", "1.15.0");
      const entries = await fleet.getChangelog("nginx", "1.22.0");
      const between = changesBetween(entries, "1.15.0", "1.22.0");
      assert.deepStrictEqual(between.map((e) => e.version), ["1.22.0", "1.21.0", "1.20.0", "1.19.1", "1.19.0", "1.18.0", "1.17.0", "1.16.0"]);
      assert.deepStrictEqual(between.filter((e) => e.breaking).map((e) => e.version), ["1.21.0", "1.20.0"]);
      assert.ok(between[0].changes.some((c) => c.description.startsWith("ECS version updated to 8.11.0. Update the kibana constraint to ^8.13.0.")));
    } finally {
      await fleet.close();
      await sim.stop();
    }
  });
});
