// The TypeScript SDK classes under pulumi.runtime.setMocks: token, pre-declared outputs, secret credentials, the
// predicted URN, and the serialized __provider (small, capture-free, identical to what the harness hosts).
import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { registerResource, unregisterResource } from "../../provider/resources/core/types";
import { defineDynamicResource, specFromHandler } from "../../sdk";
import { serializedShim } from "../harness";
import { counterHandler } from "./fixtures/counter-resource";

interface Registered {
  type: string;
  name: string;
  inputs: Record<string, unknown>;
}

describe("hosting: SDK dynamic resource classes (setMocks)", function () {
  const registered: Registered[] = [];
  before(() => {
    registerResource(counterHandler);
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
  });
  after(() => unregisterResource("TestCounter"));

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
