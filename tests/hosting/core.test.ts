// In-process tests of the shared envelope: config precedence, secret/value plumbing, input helpers, schema
// derivation, registry, and the dynamic shim's dispatch table.
import * as assert from "assert";
import { z } from "zod";
import { MissingSettingError, ProviderConfig, parseProviderConfig, ConfigError } from "../../provider/config";
import { diffInputs, validateInputs } from "../../provider/resources/core/inputs";
import { buildPackageSchema } from "../../provider/resources/core/schema";
import { getHandler, registerResource, unregisterResource, pluginToken, dynamicToken, typeNameOf, UNKNOWN, UnknownResourceTypeError } from "../../provider/resources/core/types";
import { parsePath, redact, secretValue, unwrapSecrets, wrapSecretPaths, wrapSecretValues } from "../../provider/resources/core/values";
import { counterHandler } from "./fixtures/counter-resource";

describe("hosting core: provider config precedence", () => {
  const env = { ELASTICSEARCH_API_KEY: "from-env", EC_HOST: "https://ece.local" };
  it("resource input beats provider config beats environment", () => {
    const cfg = new ProviderConfig({ elasticsearchApiKey: "from-config" }, env);
    assert.deepStrictEqual(cfg.resolve("elasticsearchApiKey", "from-input"), { value: "from-input", source: "input" });
    assert.deepStrictEqual(cfg.resolve("elasticsearchApiKey"), { value: "from-config", source: "config" });
    assert.deepStrictEqual(new ProviderConfig({}, env).resolve("elasticsearchApiKey", ""), { value: "from-env", source: "env" });
    assert.deepStrictEqual(new ProviderConfig({}, env).resolve("ecEndpoint"), { value: "https://ece.local", source: "env" }, "second env name");
    assert.strictEqual(new ProviderConfig({}, {}).resolve("kibanaUrl"), undefined);
  });
  it("a missing setting names all three places and never echoes values", () => {
    const cfg = new ProviderConfig({ elasticsearchApiKey: "s3cret-value" }, {});
    assert.throws(() => cfg.require("kibanaApiKey", undefined, "kibana.apiKey"), (e: unknown) => {
      assert.ok(e instanceof MissingSettingError);
      assert.match(e.message, /kibana\.apiKey.*upgrades:kibanaApiKey.*KIBANA_API_KEY/);
      assert.ok(!e.message.includes("s3cret-value"));
      return true;
    });
    assert.deepStrictEqual(cfg.secretValues(), ["s3cret-value"]);
  });
  it("parses namespaced (dynamic) and plain (plugin) config; unknown upgrades:* keys are errors", () => {
    assert.deepStrictEqual(parseProviderConfig({ "upgrades:kibanaUrl": "https://k", "proj:x": "1", "aws:region": "y" }, { namespaced: true }), { kibanaUrl: "https://k" });
    assert.deepStrictEqual(parseProviderConfig({ kibanaUrl: "https://k", version: "0.1.0", insecureSkipVerify: true }, { namespaced: false }), { kibanaUrl: "https://k", insecureSkipVerify: "true" });
    assert.throws(() => parseProviderConfig({ "upgrades:kibanaURL": "x" }, { namespaced: true }), ConfigError);
  });
});

describe("hosting core: values", () => {
  it("unwraps secrets recording their paths and re-wraps them idempotently", () => {
    const wrapped = { a: secretValue("k"), b: { c: [1, secretValue("x")] }, d: "plain" };
    const { value, secretPaths } = unwrapSecrets(wrapped);
    assert.deepStrictEqual(value, { a: "k", b: { c: [1, "x"] }, d: "plain" });
    assert.deepStrictEqual(secretPaths, [["a"], ["b", "c", 1]]);
    const again = wrapSecretPaths(wrapSecretPaths(value, secretPaths), secretPaths);
    assert.deepStrictEqual(again, wrapped);
    assert.deepStrictEqual(parsePath("conn.hosts[2].key"), ["conn", "hosts", 2, "key"]);
    assert.deepStrictEqual(wrapSecretValues({ x: ["k", "other"] }, ["k"]), { x: [secretValue("k"), "other"] });
  });
  it("redacts every credential occurrence", () => {
    assert.strictEqual(redact("key abcd1234 and abcd1234!", ["abcd1234", "ab"]), "key [redacted] and [redacted]!");
  });
});

describe("hosting core: input helpers", () => {
  const schema = z.object({ url: z.string().url(), n: z.number().int(), nested: z.object({ v: z.string() }) });
  it("validates with property paths and tolerates preview unknowns", () => {
    const bad = validateInputs(schema, { url: "nope", n: 1.5, nested: { v: 3 } });
    assert.deepStrictEqual(bad.failures.map((f) => f.property).sort(), ["n", "nested.v", "url"]);
    const unknown = validateInputs(schema, { url: UNKNOWN, n: 1, nested: UNKNOWN });
    assert.deepStrictEqual(unknown, { inputs: { url: UNKNOWN, n: 1, nested: UNKNOWN }, failures: [] });
  });
  it("diffs top-level keys, unknowns count as changes, replace keys replace", () => {
    const d = diffInputs({ a: 1, b: { x: [1, 2] }, c: "k" }, { a: 1, b: { x: [1, 2] }, c: UNKNOWN, e: 5 }, ["a", "b", "c", "e"], ["e"]);
    assert.deepStrictEqual(d.detailedDiff, { c: { kind: "update", inputDiff: true }, e: { kind: "add-replace", inputDiff: true } });
    assert.deepStrictEqual(d.replaces, ["e"]);
    assert.deepStrictEqual(d.stables, ["a", "b"]);
    assert.strictEqual(diffInputs({ a: { p: 1, q: 2 } }, { a: { q: 2, p: 1 } }, ["a"]).changes, false);
  });
});

describe("hosting core: registry and schema", () => {
  before(() => registerResource(counterHandler));
  after(() => unregisterResource("TestCounter"));
  it("finds handlers by type name or either token", () => {
    assert.strictEqual(getHandler("TestCounter"), counterHandler);
    assert.strictEqual(getHandler(pluginToken("TestCounter")), counterHandler);
    assert.strictEqual(getHandler(dynamicToken("TestCounter")), counterHandler);
    assert.strictEqual(typeNameOf("upgrades:TestCounter"), "TestCounter");
    assert.throws(() => getHandler("upgrades:index:Nope"), UnknownResourceTypeError);
  });
  it("derives nested types, maps, enums and secrets from zod", () => {
    const h = {
      ...counterHandler,
      type: "Shape",
      inputSchema: z.object({
        conn: z.object({ url: z.string().describe("URL"), apiKey: z.string() }).describe("Connection"),
        tags: z.record(z.string(), z.string()).optional(),
        mode: z.enum(["serial", "parallel"]).default("serial"),
        hosts: z.array(z.object({ name: z.string() })),
      }),
      outputSchema: z.object({ version: z.string().nullable() }),
      secretInputPaths: ["conn.apiKey"],
    };
    const s = buildPackageSchema([h], "1.2.3");
    const r = s.resources["upgrades:index:Shape"];
    assert.deepStrictEqual(r.inputProperties.conn, { $ref: "#/types/upgrades:index:ShapeConn", description: "Connection" });
    assert.deepStrictEqual(s.types["upgrades:index:ShapeConn"].properties.apiKey, { type: "string", secret: true });
    assert.deepStrictEqual(s.types["upgrades:index:ShapeConn"].required, ["url", "apiKey"]);
    assert.deepStrictEqual(r.inputProperties.tags, { type: "object", additionalProperties: { type: "string" } });
    assert.strictEqual(r.inputProperties.mode.type, "string");
    assert.strictEqual(r.inputProperties.mode.default, "serial");
    assert.deepStrictEqual(r.inputProperties.hosts.items, { $ref: "#/types/upgrades:index:ShapeHostsItem" });
    assert.deepStrictEqual(r.requiredInputs.sort(), ["conn", "hosts"]);
    assert.deepStrictEqual(r.properties.version, { type: "string" });
  });
});

describe("hosting core: dynamic shim dispatch", () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const dyn = require("../../provider/dynamic") as typeof import("../../provider/dynamic");
  it("rejects call shapes it does not know, naming what to do", async () => {
    await assert.rejects(dyn.shim(0, [42]), (e: unknown) => e instanceof dyn.UnknownShimCallError && /report it with its version/.test(e.message));
    await assert.rejects(dyn.shim(1, [{}]), dyn.UnknownShimCallError);
  });
  it("routes configure by the host's Config object and rejects state without __type", async () => {
    await dyn.shim(0, [{ config: { get: (k: string) => (k === "upgrades:kibanaUrl" ? "https://kb" : undefined) } }]);
    assert.strictEqual(dyn.dynamicHostCore.config.resolve("kibanaUrl")?.value, "https://kb");
    await assert.rejects(dyn.shim(0, [{ version: "1" }]), dyn.MissingTypeError, "create without __type");
    await assert.rejects(dyn.shim(1, ["id", { a: 1 }]), dyn.MissingTypeError, "delete without __type");
  });
});
