// The TypeScript SDK classes under pulumi.runtime.setMocks: token, pre-declared outputs, secret credentials, the
// predicted URN, and the serialized __provider (small, capture-free, identical to what the harness hosts).
import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { registerResource, unregisterResource } from "../../provider/resources/core/types";
import { defineDynamicResource, ElasticDeploymentVersion, FleetIntegration, specFromHandler } from "../../sdk";
import { isSecret, serializedShim } from "../harness";
import { connHandler } from "./fixtures/conn-resource";
import { counterHandler } from "./fixtures/counter-resource";

/** What the SDK put on the wire: the RegisterResource request's object (secret wrappers where Pulumi serialized them). */
interface Wire {
  name: string;
  object: Record<string, unknown>;
  additionalSecretOutputs: string[];
}

interface RegisterRequest {
  getName(): string;
  getObject(): { toJavaScript(): unknown } | undefined;
  getAdditionalsecretoutputsList(): string[];
}

interface Registered {
  type: string;
  name: string;
  inputs: Record<string, unknown>;
}

describe("hosting: SDK dynamic resource classes (setMocks)", function () {
  const registered: Registered[] = [];
  const wire: Wire[] = [];
  before(() => {
    registerResource(counterHandler);
    registerResource(connHandler);
    void pulumi.runtime.setMocks(
      {
        newResource: (args) => {
          registered.push({ type: args.type, name: args.name, inputs: args.inputs as Record<string, unknown> });
          return { id: `${args.name}-id`, state: { ...args.inputs, current: 9 } };
        },
        call: () => ({}),
      },
      "proj",
      "dev",
      false,
    );
    // The mocks' newResource sees inputs after deserialization, which lifts a nested secret to its parent object
    // (rpc deserializeProperty); the request as sent to the engine is what state and the provider get.
    const monitor = pulumi.runtime.getMonitor() as unknown as { registerResource(req: RegisterRequest, cb: unknown): unknown };
    const original = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req, cb) => {
      wire.push({ name: req.getName(), object: req.getObject()!.toJavaScript() as Record<string, unknown>, additionalSecretOutputs: req.getAdditionalsecretoutputsList() });
      return original(req, cb);
    };
  });
  after(() => {
    unregisterResource("TestCounter");
    unregisterResource("TestConn");
  });
  const sent = async (r: pulumi.CustomResource, name: string): Promise<Wire> => {
    await outputOf(r.urn);
    const w = wire.find((x) => x.name === name);
    assert.ok(w, `no RegisterResource for ${name}`);
    return w;
  };

  const outputOf = <T>(o: pulumi.Output<T>) => new Promise<T>((resolve) => o.apply((v) => resolve(v)));

  it("registers pulumi-nodejs:dynamic/upgrades:<Type> with a tiny, stable __provider and the SDK's internal inputs", async () => {
    const TestCounter = defineDynamicResource("TestCounter", () => specFromHandler("TestCounter"));
    const r = new TestCounter("c1", { stateFile: "/tmp/x.json", target: 3, apiKey: "k-123" });
    const current = await outputOf(r.current as pulumi.Output<number>);
    assert.strictEqual(current, 9, "outputs are pre-declared so the engine's values reach the program");
    const reg = registered.find((x) => x.name === "c1")!;
    assert.strictEqual(reg.type, "pulumi-nodejs:dynamic/upgrades:TestCounter");
    const text = reg.inputs.__provider as string;
    assert.strictEqual(typeof text, "string");
    assert.ok(text.length < 1024, `__provider is ${text.length} bytes`);
    assert.strictEqual(text, await serializedShim(), "the harness hosts exactly what programs store");
    assert.ok(!/pulumi-upgrades\/dynamic".*version|\/work\/|node_modules/.test(text), "captures no paths or versions");
    assert.strictEqual(reg.inputs.__type, "TestCounter");
    assert.strictEqual(reg.inputs.__urn, "urn:pulumi:dev::proj::pulumi-nodejs:dynamic/upgrades:TestCounter::c1");
    for (const k of ["current", "completed", "plannedPath"]) {
      assert.ok(pulumi.Output.isInstance((r as unknown as Record<string, unknown>)[k]), `output ${k} pre-declared (pulumi/pulumi#2931)`);
    }
  });

  it("marks credential inputs secret", async () => {
    const TestCounter = defineDynamicResource("TestCounter", () => specFromHandler("TestCounter"));
    const r = new TestCounter("c2", { stateFile: "/tmp/y.json", target: 3, apiKey: "k-456" });
    const apiKey = (r as unknown as { apiKey: pulumi.Output<string> }).apiKey;
    assert.strictEqual(await pulumi.isSecret(apiKey), true);
    const w = await sent(r, "c2");
    assert.ok(isSecret(w.object.apiKey), "a top-level credential input is sent as a secret");
    assert.strictEqual(w.object.stateFile, "/tmp/y.json", "other inputs are sent plain");
  });

  it("wraps only the credential leaves of a connection block: url and spaceId are sent plain, apiKey/password secret", async () => {
    const TestConn = defineDynamicResource("TestConn", () => specFromHandler("TestConn"));
    const r = new TestConn("leaf", { conn: { url: "http://kb", spaceId: "space-7", apiKey: "K-leaf", username: "u", password: "P-leaf" } });
    const w = await sent(r, "leaf");
    const conn = w.object.conn as Record<string, unknown>;
    assert.ok(!isSecret(conn), `the block itself is not secret: ${JSON.stringify(conn)}`);
    assert.strictEqual(conn.url, "http://kb");
    assert.strictEqual(conn.spaceId, "space-7");
    assert.strictEqual(conn.username, "u");
    assert.ok(isSecret(conn.apiKey) && conn.apiKey.value === "K-leaf");
    assert.ok(isSecret(conn.password) && conn.password.value === "P-leaf");
    assert.deepStrictEqual(w.additionalSecretOutputs, [], "no output of TestConn could carry a credential");
  });

  it("wraps the leaves inside a block given as an Output or Promise, and omits absent leaves", async () => {
    const TestConn = defineDynamicResource("TestConn", () => specFromHandler("TestConn"));
    const a = new TestConn("out", { conn: pulumi.output({ url: "http://kb2", spaceId: "space-8", apiKey: "K-out" }) });
    const b = new TestConn("prom", { conn: Promise.resolve({ url: "http://kb3", spaceId: "space-9" }) });
    const ca = (await sent(a, "out")).object.conn as Record<string, unknown>;
    assert.ok(!isSecret(ca) && ca.spaceId === "space-8" && isSecret(ca.apiKey) && ca.apiKey.value === "K-out", JSON.stringify(ca));
    const cb = (await sent(b, "prom")).object.conn as Record<string, unknown>;
    assert.deepStrictEqual(cb, { url: "http://kb3", spaceId: "space-9" }, "no apiKey/password key invented");
  });

  it("keeps a block the program marked secret as a whole secret (the program asked for it)", async () => {
    const TestConn = defineDynamicResource("TestConn", () => specFromHandler("TestConn"));
    const r = new TestConn("whole", { conn: pulumi.secret({ url: "http://kb4", spaceId: "space-10", apiKey: "K-whole" }) });
    const conn = (await sent(r, "whole")).object.conn;
    assert.ok(isSecret(conn), JSON.stringify(conn));
  });

  it("shipped classes: only elasticsearch/kibana/elasticCloud credential leaves are secret; no additionalSecretOutputs", async () => {
    const es = new ElasticDeploymentVersion("es-leaf", {
      targetVersion: "9.1.2",
      elasticsearch: { url: "https://es:9200", apiKey: "ES-K", username: "elastic", password: "ES-P" },
      kibana: { url: "https://kb:5601", apiKey: "KB-K" },
    } as never);
    const w = await sent(es, "es-leaf");
    const esConn = w.object.elasticsearch as Record<string, unknown>;
    const kbConn = w.object.kibana as Record<string, unknown>;
    assert.strictEqual(esConn.url, "https://es:9200");
    assert.strictEqual(esConn.username, "elastic");
    assert.ok(isSecret(esConn.apiKey) && isSecret(esConn.password));
    assert.strictEqual(kbConn.url, "https://kb:5601");
    assert.ok(isSecret(kbConn.apiKey));
    assert.deepStrictEqual(w.additionalSecretOutputs, []);
    const ec = new ElasticDeploymentVersion("ec-leaf", { targetVersion: "9.1.2", elasticCloud: { deploymentId: "dep-123", apiKey: "EC-K" } } as never);
    const cloud = (await sent(ec, "ec-leaf")).object.elasticCloud as Record<string, unknown>;
    assert.strictEqual(cloud.deploymentId, "dep-123");
    assert.ok(isSecret(cloud.apiKey));
    const fl = new FleetIntegration("fl-leaf", { package: "nginx", version: "1.20.0", kibana: { url: "https://kb:5601", spaceId: "team-a", apiKey: "FL-K" } } as never);
    const flKb = (await sent(fl, "fl-leaf")).object.kibana as Record<string, unknown>;
    assert.strictEqual(flKb.spaceId, "team-a");
    assert.ok(isSecret(flKb.apiKey));
    assert.deepStrictEqual(specFromHandler("RedisClusterVersion").secretInputPaths, [["cluster", "password"]]);
  });

  it("lists in additionalSecretOutputs only outputs named like a credential input", () => {
    registerResource({ ...connHandler, type: "TestConnEcho", outputSchema: connHandler.inputSchema } as never);
    try {
      assert.deepStrictEqual(specFromHandler("TestConnEcho").secretOutputs, ["conn"]);
      assert.deepStrictEqual(specFromHandler("TestConn").secretOutputs, []);
    } finally {
      unregisterResource("TestConnEcho");
    }
  });

  it("predicts the URN under a parent component", async () => {
    class Group extends pulumi.ComponentResource {
      constructor(name: string) {
        super("acme:index:Group", name, {}, {});
      }
    }
    const TestCounter = defineDynamicResource("TestCounter", () => specFromHandler("TestCounter"));
    const g = new Group("g");
    new TestCounter("c3", { stateFile: "/tmp/z.json", target: 1 }, { parent: g });
    await outputOf(g.urn);
    await new Promise((r) => setImmediate(r));
    const reg = registered.find((x) => x.name === "c3");
    assert.ok(reg);
    assert.strictEqual(reg.inputs.__urn, "urn:pulumi:dev::proj::acme:index:Group$pulumi-nodejs:dynamic/upgrades:TestCounter::c3");
  });

  it("rejects reserved __ inputs", () => {
    const TestCounter = defineDynamicResource("TestCounter", () => specFromHandler("TestCounter"));
    assert.throws(() => new TestCounter("c4", { stateFile: "/tmp/q.json", target: 1, __type: "x" } as never), /reserved/);
  });
});
