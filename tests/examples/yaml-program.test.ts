// The Pulumi YAML subset interpreter used by tests/examples/yaml.test.ts: references keep their type when they stand
// alone, interpolate as text inside strings, `$${` escapes; config is typed; unsupported constructs are refused.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { canonicalToken, evaluate, evaluateOutputs, loadProgram, resolveConfig, resolveResources, YamlProgramError, type YamlProgram } from "./yaml-program";

function programIn(text: string): { program: YamlProgram; cleanup(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "yaml-program-"));
  fs.writeFileSync(path.join(dir, "Pulumi.yaml"), text);
  try {
    return { program: loadProgram(dir), cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
  } catch (e) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}

describe("tests/examples/yaml-program: the Pulumi YAML subset interpreter", function () {
  const scope = { cmd: ["/bin/up", "--all"], v: "8.19.2", n: 3, es: { plan: { phases: [{ name: "hot" }] }, "odd.key": 1 } };

  it("a lone reference keeps its type; inside a string it interpolates as text; $${ is literal", () => {
    assert.deepEqual(evaluate("${cmd}", scope), ["/bin/up", "--all"]);
    assert.equal(evaluate("${n}", scope), 3);
    assert.equal(evaluate("v${v} x${n}", scope), "v8.19.2 x3");
    assert.equal(evaluate("${es.plan.phases[0].name}", scope), "hot");
    assert.equal(evaluate('${es["odd.key"]}', scope), 1);
    assert.equal(evaluate("literal $${v} and ${v}", scope), "literal ${v} and 8.19.2");
    assert.deepEqual(evaluate({ a: ["${v}", { b: "${n}" }] }, scope), { a: ["8.19.2", { b: 3 }] });
  });

  it("refuses unknown names, missing properties, objects inside strings and fn:: functions", () => {
    assert.throws(() => evaluate("${nope}", scope), /nope is not a config key or resource in scope/);
    assert.throws(() => evaluate("${es.nothing}", scope), /no property "nothing"/);
    assert.throws(() => evaluate("run ${cmd}", scope), /is an array: it can only stand alone/);
    assert.throws(() => evaluate({ "fn::join": [",", "${cmd}"] }, scope), YamlProgramError);
  });

  it("types config from the stack file, applies defaults, and refuses missing, undeclared, encrypted or mistyped values", () => {
    const { program, cleanup } = programIn(
      ["name: p", "runtime: yaml", "config:", "  v: {type: string}", "  cmd: {type: array, items: {type: string}}", "  n: {type: integer, default: 2}", "  on: {type: boolean, default: false}"].join("\n"),
    );
    try {
      assert.deepEqual(resolveConfig(program, { "p:v": "9.1.2", "p:cmd": ["/x"], "p:on": "true", "upgrades:kibanaUrl": "https://k" }), { v: "9.1.2", cmd: ["/x"], n: 2, on: true });
      assert.deepEqual(resolveConfig(program, { v: "9.1.2", "p:cmd": '["/x","y"]', "p:n": "5" }), { v: "9.1.2", cmd: ["/x", "y"], n: 5, on: false });
      assert.throws(() => resolveConfig(program, { "p:cmd": ["/x"] }), /config p:v is required: pulumi config set v <value>/);
      assert.throws(() => resolveConfig(program, { "p:v": "1", "p:cmd": [], "p:other": 1 }), /p:other is not declared/);
      assert.throws(() => resolveConfig(program, { "p:v": { secure: "v1:abc" }, "p:cmd": [] }), /encrypted/);
      assert.throws(() => resolveConfig(program, { "p:v": "1", "p:cmd": [{ a: 1 }] }), /config cmd\[0\]: expected string/);
      assert.throws(() => resolveConfig(program, { "p:v": "1", "p:cmd": [], "p:n": "two" }), /config n: expected integer/);
    } finally {
      cleanup();
    }
  });

  it("resolves resource tokens (full and shorthand), evaluates properties from config and outputs from resources", () => {
    assert.deepEqual(canonicalToken("upgrades:RedisClusterVersion"), { token: "upgrades:index:RedisClusterVersion", pkg: "upgrades", typeName: "RedisClusterVersion" });
    const { program, cleanup } = programIn(
      [
        "name: p",
        "runtime: yaml",
        "plugins: {providers: [{name: upgrades, path: ../plugin}]}",
        "config: {v: {type: string}}",
        "resources:",
        "  rs: {type: 'upgrades:RedisClusterVersion', properties: {version: '${v}'}}",
        "outputs: {ver: '${rs.version}', text: 'at ${rs.version}'}",
      ].join("\n"),
    );
    try {
      assert.equal(program.packages.upgrades, path.resolve(program.dir, "../plugin"));
      const config = resolveConfig(program, { "p:v": "7.22.0-95" });
      const [rs] = resolveResources(program, config);
      assert.deepEqual(rs, { name: "rs", token: "upgrades:index:RedisClusterVersion", pkg: "upgrades", typeName: "RedisClusterVersion", inputs: { version: "7.22.0-95" } });
      assert.deepEqual(evaluateOutputs(program, config, { rs: { version: "7.22.0-95" } }), { ver: "7.22.0-95", text: "at 7.22.0-95" });
    } finally {
      cleanup();
    }
  });

  it("refuses what it does not interpret: variables, resource options, references between resources", () => {
    assert.throws(() => programIn("name: p\nruntime: yaml\nvariables: {a: 1}\n"), /outside the supported Pulumi YAML subset/);
    assert.throws(() => programIn("name: p\nruntime: yaml\nresources: {a: {type: 'x:index:Y', options: {protect: true}}}\n"), /outside the supported Pulumi YAML subset/);
    const { program, cleanup } = programIn("name: p\nruntime: yaml\nresources:\n  a: {type: 'x:index:A'}\n  b: {type: 'x:index:B', properties: {v: '${a.version}'}}\n");
    try {
      assert.throws(() => resolveResources(program, {}), /resource b references resource a: references between resources are not supported/);
    } finally {
      cleanup();
    }
  });
});
