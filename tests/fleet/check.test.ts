// FleetIntegration check() without a Kibana: cross-field credential rules, and a Kibana URL that is set nowhere
// (input, provider config, environment) failing check on `kibana.url` with the three ways to set it.
import assert from "node:assert/strict";
import { ProviderConfig } from "../../provider/config";
import { UNKNOWN } from "../../provider/resources/core";
import { fleetIntegration, impactSummary } from "../../provider/resources/fleet";
import { makeCtx } from "./helpers";

// Nothing listens on port 9 (discard): the best-effort live check fails fast and is skipped.
const DEAD = "http://127.0.0.1:9";

describe("FleetIntegration check (no Kibana needed)", () => {
  it("refuses kibana.apiKey together with kibana.username + password, as ElasticDeploymentVersion does", async () => {
    const r = await fleetIntegration.check(undefined, { kibana: { url: DEAD, apiKey: "k", username: "elastic", password: "pw" }, package: "nginx", version: "1.20.0" }, makeCtx());
    assert.equal(r.inputs, undefined);
    const f = r.failures.find((x) => x.property === "kibana.apiKey");
    assert.ok(f, JSON.stringify(r.failures));
    assert.match(f.reason, /either kibana\.apiKey or kibana\.username \+ kibana\.password, not both/);
    assert.doesNotMatch(f.reason, /\bpw\b/, "no credential in the reason");
    const keyOnly = await fleetIntegration.check(undefined, { kibana: { url: DEAD, apiKey: "k" }, package: "nginx", version: "1.20.0" }, makeCtx());
    assert.deepEqual(keyOnly.failures, []);
    const basicOnly = await fleetIntegration.check(undefined, { kibana: { url: DEAD, username: "elastic", password: "pw" }, package: "nginx", version: "1.20.0" }, makeCtx());
    assert.deepEqual(basicOnly.failures, []);
  });

  it("fails on kibana.url naming the input, the stack config and the environment variable when no URL is set anywhere", async () => {
    const r = await fleetIntegration.check(undefined, { kibana: { apiKey: "k" }, package: "nginx", version: "1.20.0" }, makeCtx({ config: new ProviderConfig({}, {}) }));
    assert.equal(r.inputs, undefined);
    assert.equal(r.failures.length, 1, JSON.stringify(r.failures));
    assert.equal(r.failures[0].property, "kibana.url");
    assert.match(r.failures[0].reason, /`kibana\.url`/);
    assert.match(r.failures[0].reason, /pulumi config set upgrades:kibanaUrl/);
    assert.match(r.failures[0].reason, /KIBANA_URL/);
  });

  it("passes when the URL comes from provider config or the environment, and when it is unknown during preview", async () => {
    const raw = { kibana: { apiKey: "k" }, package: "nginx", version: "1.20.0" };
    const fromConfig = await fleetIntegration.check(undefined, raw, makeCtx({ config: new ProviderConfig({ kibanaUrl: DEAD }, {}) }));
    assert.deepEqual(fromConfig.failures, []);
    const fromEnv = await fleetIntegration.check(undefined, raw, makeCtx({ config: new ProviderConfig({}, { KIBANA_URL: DEAD }) }));
    assert.deepEqual(fromEnv.failures, []);
    const unknown = await fleetIntegration.check(undefined, { ...raw, kibana: { apiKey: "k", url: UNKNOWN } }, makeCtx({ preview: true }));
    assert.deepEqual(unknown.failures, []);
  });

  it("impact paragraph: changelog and conflict texts ending in '.' do not double the final period", () => {
    const s = impactSummary({
      resource: "",
      packageName: "nginx",
      spaceId: "default",
      kibanaVersion: "8.14.3",
      installed: "1.15.0",
      target: "1.20.0",
      needForce: false,
      toUpgrade: 2,
      conflicts: [{ policyId: "p1", policyName: "web-1", field: "inputs.httpjson.vars.api_token", message: "API token is required.", source: "merge" }],
      onConflict: "skip",
      removed: [],
      breaking: [
        { version: "1.18.0", type: "breaking-change", description: "Drops field x. " },
        { version: "1.20.0", type: "breaking-change", description: "Requires an API token (`api_token`)." },
      ],
      notSelected: 0,
      alwaysFollows: false,
    });
    assert.match(s, /breaking changes: 1\.18\.0: Drops field x; 1\.20\.0: Requires an API token \(`api_token`\)\.$/);
    assert.match(s, /api_token: API token is required\) — up leaves web-1/);
    assert.doesNotMatch(s, /\.\.|\.;|\.\)/);
  });
});
