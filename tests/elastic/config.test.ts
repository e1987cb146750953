// Where the endpoints come from: check fails on a URL set nowhere (input, provider config, env) with the three ways
// to set it; a refresh uses only what the outputs record (a provider-config kibanaUrl meant for a FleetIntegration is
// not adopted), an import adopts the configured Kibana.
import { strict as assert } from "assert";
import { ProviderConfig } from "../../provider/config";
import { UNKNOWN } from "../../provider/resources/core/types";
import { DEFAULT_PLAN_POLL_BACKOFF, restartingBackoff } from "../../provider/resources/elastic/cloud";
import { backoffDelay } from "../../provider/rollout";
import * as es from "./helpers";

const h = es.testHandler();
const hook = { command: ["/bin/upgrade-node"] };

describe("elastic endpoints: check and refresh", function () {
  this.timeout(20_000);

  it("check fails on elasticsearch.url (and kibana.url) naming the input, the stack config and the env var when set nowhere", async () => {
    const r = await h.check(undefined, { version: "8.19.2", elasticsearch: { apiKey: "k" }, nodeUpgrade: hook }, es.testCtx());
    assert.equal(r.inputs, undefined);
    const f = Object.fromEntries(r.failures.map((x) => [x.property, x.reason]));
    assert.deepEqual(Object.keys(f), ["elasticsearch.url"]);
    assert.match(f["elasticsearch.url"], /`elasticsearch\.url`.*upgrades:elasticsearchUrl.*ELASTICSEARCH_URL/);
    const kb = await h.check(undefined, { version: "8.19.2", elasticsearch: { url: "http://127.0.0.1:9", apiKey: "k" }, nodeUpgrade: hook, kibana: {}, kibanaUpgrade: hook }, es.testCtx());
    assert.deepEqual(kb.failures.map((x) => x.property), ["kibana.url"]);
    assert.match(kb.failures[0].reason, /upgrades:kibanaUrl.*KIBANA_URL/);
  });

  it("check passes with the URL from provider config, from the environment, or unknown during preview", async () => {
    const raw = { version: "8.19.2", elasticsearch: { apiKey: "k" }, nodeUpgrade: hook };
    assert.deepEqual((await h.check(undefined, raw, es.testCtx({ config: new ProviderConfig({ elasticsearchUrl: "http://127.0.0.1:9" }, {}) }))).failures, []);
    assert.deepEqual((await h.check(undefined, raw, es.testCtx({ config: new ProviderConfig({}, { ELASTICSEARCH_URL: "http://127.0.0.1:9" }) }))).failures, []);
    const unknown = await h.check(undefined, { ...raw, elasticsearch: { apiKey: "k", url: UNKNOWN } }, es.testCtx({ preview: true }));
    assert.deepEqual(unknown.failures, []);
    // an Elastic Cloud target needs no Elasticsearch URL
    assert.deepEqual((await h.check(undefined, { version: "8.19.2", elasticCloud: { deploymentId: "abc", apiKey: "k" } }, es.testCtx())).failures, []);
  });

  it("refresh without inputs does not adopt a Kibana from provider config; import does", async () => {
    const sim = await es.startSim({ ...es.threeNodeWorld("8.19.2"), kibana: { version: "8.19.2" } });
    try {
      const { kibana: _k, kibanaUpgrade: _ku, ...noKibana } = es.selfManagedInputs(sim, "8.19.2");
      const created = await h.create(noKibana, es.testCtx());
      assert.equal(created.outputs.kibanaUrl, undefined, "Kibana not managed after up");
      const config = new ProviderConfig({ kibanaUrl: sim.kibana!.url, kibanaApiKey: sim.credentials.apiKey, elasticsearchApiKey: sim.credentials.apiKey }, {});
      const r = await h.read(created.id, created.outputs, undefined, es.testCtx({ config }));
      assert.equal(r?.outputs.kibanaUrl, undefined, `refresh adopted Kibana at ${r?.outputs.kibanaUrl}`);
      assert.equal(r?.outputs.kibanaVersion, undefined);
      assert.equal(r?.outputs.version, "8.19.2");
      // import (no olds): the configured Kibana is part of what runs now
      const imported = await h.read(created.id, undefined, undefined, es.testCtx({ config: new ProviderConfig({ ...config.values, elasticsearchUrl: sim.elasticsearch!.url }, {}) }));
      assert.equal(imported?.outputs.kibanaUrl, sim.kibana!.url.replace(/\/+$/, ""));
      assert.equal(imported?.outputs.kibanaVersion, "8.19.2");
    } finally {
      await sim.stop();
    }
  });
});

describe("elastic cloud plan polling pace", () => {
  it("defaults to 250 ms doubling to a 1 s cap, and restarts at 250 ms after the poll that saw the plan change", () => {
    assert.deepEqual(DEFAULT_PLAN_POLL_BACKOFF, { initialMs: 250, maxMs: 1_000 });
    const pace = restartingBackoff(undefined);
    const delays: number[] = [];
    // what waitUntil sleeps after attempt n: backoffDelay(spec.backoff, n), spec.backoff read anew each time
    const pollThenSleep = (attempt: number, changed: boolean) => {
      pace.polled(changed);
      delays.push(backoffDelay(pace.backoff, attempt));
    };
    [false, false, false, false, false].forEach((c, n) => pollThenSleep(n + 1, c));
    assert.deepEqual(delays, [250, 500, 1000, 1000, 1000]);
    pollThenSleep(6, true); // the plan moved to another step
    pollThenSleep(7, false);
    pollThenSleep(8, false);
    pollThenSleep(9, false);
    assert.deepEqual(delays.slice(5), [250, 500, 1000, 1000]);
  });

  it("follows a configured pollBackoff (bench and tests scale it)", () => {
    const pace = restartingBackoff({ initialMs: 10, maxMs: 40 });
    const delays = [1, 2, 3, 4].map((a) => (pace.polled(false), backoffDelay(pace.backoff, a)));
    assert.deepEqual(delays, [10, 20, 40, 40]);
  });
});
