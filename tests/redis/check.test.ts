// RedisClusterVersion check() without a cluster: a REST API URL set nowhere (input, provider config, environment)
// fails check on `cluster.url` with the three ways to set it, as ElasticDeploymentVersion does for elasticsearch.url.
import assert from "node:assert/strict";
import { ProviderConfig } from "../../provider/config";
import { UNKNOWN } from "../../provider/resources/core/types";
import { redisClusterVersion } from "../../provider/resources/redis";
import { makeCtx } from "./helpers";

// Nothing listens on port 9 (discard): the best-effort live check fails fast and is skipped.
const DEAD = "http://127.0.0.1:9";
const raw = { cluster: { username: "u", password: "p" }, version: "7.22.0-95", nodeUpgrade: { command: ["/usr/local/bin/rs-upgrade"] } };

describe("RedisClusterVersion check (no cluster needed)", () => {
  it("fails on cluster.url naming the input, the stack config and the environment variable when no URL is set anywhere", async () => {
    const r = await redisClusterVersion.check(undefined, raw, makeCtx({ config: new ProviderConfig({}, {}) }));
    assert.equal(r.inputs, undefined);
    assert.equal(r.failures.length, 1, JSON.stringify(r.failures));
    assert.equal(r.failures[0].property, "cluster.url");
    assert.match(r.failures[0].reason, /`cluster\.url`/);
    assert.match(r.failures[0].reason, /pulumi config set upgrades:redisEnterpriseUrl/);
    assert.match(r.failures[0].reason, /REDIS_ENTERPRISE_URL/);
    assert.doesNotMatch(r.failures[0].reason, /\bp\b.*\bu\b/, "no credential in the reason");
  });

  it("passes with the URL in the input, in provider config, in the environment, or unknown during preview", async () => {
    const ok = async (news: unknown, config = new ProviderConfig({}, {}), preview = false) => (await redisClusterVersion.check(undefined, news, makeCtx({ config, preview }))).failures;
    assert.deepEqual(await ok({ ...raw, cluster: { ...raw.cluster, url: DEAD } }), []);
    assert.deepEqual(await ok(raw, new ProviderConfig({ redisEnterpriseUrl: DEAD }, {})), []);
    assert.deepEqual(await ok(raw, new ProviderConfig({}, { REDIS_ENTERPRISE_URL: DEAD })), []);
    assert.deepEqual(await ok({ ...raw, cluster: { ...raw.cluster, url: UNKNOWN } }, undefined, true), []);
  });
});
