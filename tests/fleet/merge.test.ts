/** @module Table tests of the pure client-side Fleet policy merge (provider/resources/fleet/merge.ts). */
import * as assert from "assert";
import {
  ExistingPolicy,
  isSuspiciousYaml,
  mergePolicies,
  mergePolicy,
  PolicyInput,
  TargetPackage,
  validateVarValue,
  VarDefinition,
} from "../../provider/resources/fleet/merge";

// ---- fluent fixtures -----------------------------------------------------------------------------------
function pkg(version: string, inputs: { type: string; vars?: VarDefinition[] }[], streams: { dataset: string; input: string; enabled?: boolean; vars?: VarDefinition[] }[], vars?: VarDefinition[]): TargetPackage {
  return {
    name: "demo",
    version,
    policy_templates: [{ name: "demo", inputs }],
    data_streams: [...new Set(streams.map((s) => s.dataset))].map((dataset) => ({
      type: "logs",
      dataset,
      streams: streams.filter((s) => s.dataset === dataset).map(({ input, enabled, vars: v }) => ({ input, enabled, vars: v })),
    })),
    ...(vars ? { vars } : {}),
  };
}

function input(type: string, enabled: boolean, vars: Record<string, unknown> = {}, streams: { dataset: string; enabled?: boolean; vars?: Record<string, unknown> }[] = []): PolicyInput {
  const v = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).map(([k, value]) => [k, { type: "text", value }]));
  return {
    type,
    policy_template: "demo",
    enabled,
    ...(Object.keys(vars).length ? { vars: v(vars) } : {}),
    streams: streams.map((s) => ({ enabled: s.enabled ?? enabled, data_stream: { type: "logs", dataset: s.dataset }, ...(s.vars ? { vars: v(s.vars) } : {}) })),
  };
}

const policy = (id: string, inputs: PolicyInput[], extra: Partial<ExistingPolicy> = {}): ExistingPolicy => ({ id, name: `policy-${id}`, namespace: "default", package: { name: "demo", version: "1.0.0" }, inputs, ...extra });

const text = (name: string, extra: Partial<VarDefinition> = {}): VarDefinition => ({ name, type: "text", title: name.toUpperCase(), ...extra });

interface Case {
  name: string;
  policy: ExistingPolicy;
  target: TargetPackage;
  conflicts: { field: string; message: string }[];
  removed?: { input: string; stream?: string; wasEnabled: boolean }[];
  check?: (merged: ReturnType<typeof mergePolicy>["merged"]) => void;
}

const cases: Case[] = [
  {
    name: "a new required input var without default on an enabled input is a conflict",
    policy: policy("p1", [input("httpjson", true, { url: "https://x" })]),
    target: pkg("2.0.0", [{ type: "httpjson", vars: [text("url", { required: true }), text("api_token", { required: true, title: "API token" })] }], []),
    conflicts: [{ field: "inputs.httpjson.vars.api_token", message: "API token is required" }],
  },
  {
    name: "the same new required var on a disabled input is not validated",
    policy: policy("p2", [input("httpjson", false, { url: "https://x" })]),
    target: pkg("2.0.0", [{ type: "httpjson", vars: [text("url", { required: true }), text("api_token", { required: true })] }], []),
    conflicts: [],
  },
  {
    name: "a new required var with a default takes the default and is clean",
    policy: policy("p3", [input("logfile", true, {}, [{ dataset: "demo.access", vars: { paths: ["/a"] } }])]),
    target: pkg("2.0.0", [{ type: "logfile" }], [{ dataset: "demo.access", input: "logfile", vars: [text("paths", { multi: true, required: true }), text("tz", { required: true, default: "UTC" })] }]),
    conflicts: [],
    check: (m) => assert.deepStrictEqual(m.inputs[0].streams[0].vars?.tz, { type: "text", value: "UTC" }),
  },
  {
    name: "a text→bool type change with an old string value is a conflict",
    policy: policy("p4", [input("logfile", true, {}, [{ dataset: "demo.access", vars: { flag: "yes" } }])]),
    target: pkg("2.0.0", [{ type: "logfile" }], [{ dataset: "demo.access", input: "logfile", vars: [{ name: "flag", type: "bool", required: true, default: false }] }]),
    conflicts: [{ field: "inputs.logfile.streams.demo.access.vars.flag", message: "Boolean values must be either true or false" }],
    check: (m) => assert.deepStrictEqual(m.inputs[0].streams[0].vars?.flag, { type: "bool", value: "yes" }),
  },
  {
    name: "a text→integer type change keeps '10s' and fails, '10' passes",
    policy: policy("p5", [input("metrics", true, {}, [{ dataset: "demo.a", vars: { period: "10s" } }, { dataset: "demo.b", vars: { period: "10" } }])]),
    target: pkg("2.0.0", [{ type: "metrics" }], [
      { dataset: "demo.a", input: "metrics", vars: [{ name: "period", type: "integer", title: "Period", required: true, default: 10 }] },
      { dataset: "demo.b", input: "metrics", vars: [{ name: "period", type: "integer", title: "Period", required: true, default: 10 }] },
    ]),
    conflicts: [{ field: "inputs.metrics.streams.demo.a.vars.period", message: "Invalid integer" }],
  },
  {
    name: "a removed input is dropped silently: a warning, never a conflict",
    policy: policy("p6", [input("logfile", true, {}, [{ dataset: "demo.access" }]), input("httpjson", true, { url: "u" }, [{ dataset: "demo.access" }])]),
    target: pkg("2.0.0", [{ type: "logfile" }], [{ dataset: "demo.access", input: "logfile" }]),
    conflicts: [],
    removed: [{ input: "demo-httpjson", wasEnabled: true }],
    check: (m) => assert.deepStrictEqual(m.inputs.map((i) => i.type), ["logfile"]),
  },
  {
    name: "a removed stream is dropped from an input that stays",
    policy: policy("p7", [input("metrics", true, {}, [{ dataset: "demo.cpu" }, { dataset: "demo.memory", enabled: false }])]),
    target: pkg("2.0.0", [{ type: "metrics" }], [{ dataset: "demo.memory", input: "metrics" }]),
    conflicts: [],
    removed: [{ input: "demo-metrics", stream: "demo.cpu", wasEnabled: true }],
    check: (m) => assert.deepStrictEqual(m.inputs[0].streams.map((s) => [s.data_stream.dataset, s.enabled]), [["demo.memory", false]]),
  },
  {
    name: "a custom value is preserved while the definition changes",
    policy: policy("p8", [input("logfile", true, {}, [{ dataset: "demo.access", vars: { paths: ["/custom/*.log"] } }])]),
    target: pkg("2.0.0", [{ type: "logfile" }], [{ dataset: "demo.access", input: "logfile", vars: [text("paths", { multi: true, required: true, default: ["/var/log/*.log"] })] }]),
    conflicts: [],
    check: (m) => assert.deepStrictEqual(m.inputs[0].streams[0].vars?.paths.value, ["/custom/*.log"]),
  },
  {
    name: "a new stream and a new input are added with package defaults",
    policy: policy("p9", [input("logfile", true, {}, [{ dataset: "demo.access" }])]),
    target: pkg("2.0.0", [{ type: "logfile" }, { type: "udp", vars: [text("host", { required: true, default: "localhost:9000" })] }], [
      { dataset: "demo.access", input: "logfile" },
      { dataset: "demo.error", input: "logfile", enabled: false },
      { dataset: "demo.access", input: "udp" },
    ]),
    conflicts: [],
    check: (m) => {
      assert.deepStrictEqual(m.inputs.map((i) => [i.type, i.enabled, i.streams.map((s) => `${s.data_stream.dataset}:${s.enabled}`)]), [
        ["logfile", true, ["demo.access:true", "demo.error:false"]],
        ["udp", true, ["demo.access:true"]],
      ]);
    },
  },
  {
    name: "a required new var without default in a new ENABLED stream of an existing input is a conflict",
    policy: policy("p10", [input("logfile", true, {}, [{ dataset: "demo.access" }])]),
    target: pkg("2.0.0", [{ type: "logfile" }], [{ dataset: "demo.access", input: "logfile" }, { dataset: "demo.audit", input: "logfile", vars: [text("key", { required: true, title: "Key" })] }]),
    conflicts: [{ field: "inputs.logfile.streams.demo.audit.vars.key", message: "Key is required" }],
  },
  {
    name: "a package-level required var without value is a conflict even with every input disabled",
    policy: policy("p11", [input("logfile", false, {}, [{ dataset: "demo.access" }])]),
    target: pkg("2.0.0", [{ type: "logfile" }], [{ dataset: "demo.access", input: "logfile" }], [text("region", { required: true, title: "Region" })]),
    conflicts: [{ field: "vars.region", message: "Region is required" }],
  },
  {
    name: "a select var whose kept value is no longer an option is a conflict",
    policy: policy("p12", [input("logfile", true, { mode: "legacy" })]),
    target: pkg("2.0.0", [{ type: "logfile", vars: [{ name: "mode", type: "select", title: "Mode", options: [{ value: "fast" }, { value: "safe" }], default: "safe" }] }], []),
    conflicts: [{ field: "inputs.logfile.vars.mode", message: "Invalid value for select type" }],
  },
  {
    name: "a multi var holding a scalar is a format conflict",
    policy: policy("p13", [input("logfile", true, { hosts: "a:1" })]),
    target: pkg("2.0.0", [{ type: "logfile", vars: [text("hosts", { multi: true, title: "Hosts" })] }], []),
    conflicts: [{ field: "inputs.logfile.vars.hosts", message: "Invalid format for Hosts: expected array" }],
  },
  {
    name: "an input without policy_template matches by type and gets the template",
    policy: policy("p14", [{ type: "logfile", enabled: true, streams: [] }]),
    target: pkg("2.0.0", [{ type: "logfile" }], []),
    conflicts: [],
    check: (m) => assert.strictEqual(m.inputs[0].policy_template, "demo"),
  },
];

describe("Fleet merge (client-side conflict computation)", () => {
  for (const c of cases) {
    it(c.name, () => {
      const r = mergePolicy(c.policy, c.target);
      assert.deepStrictEqual(
        r.conflicts,
        c.conflicts.map((x) => ({ policyId: c.policy.id, policyName: c.policy.name, ...x })),
      );
      assert.deepStrictEqual(
        r.removed,
        (c.removed ?? []).map((x) => ({ policyId: c.policy.id, policyName: c.policy.name, input: x.input, ...(x.stream ? { stream: x.stream } : {}), wasEnabled: x.wasEnabled })),
      );
      assert.strictEqual(r.merged.package.version, c.target.version);
      c.check?.(r.merged);
    });
  }

  it("uses <template>-<type> input keys when the package has several policy templates", () => {
    const target: TargetPackage = {
      name: "aws",
      version: "2.11.0",
      policy_templates: [
        { name: "cloudtrail", data_streams: ["cloudtrail"], inputs: [{ type: "aws-s3" }] },
        { name: "cloudwatch", data_streams: ["cloudwatch_logs"], inputs: [{ type: "aws-s3" }] },
      ],
      data_streams: [
        { type: "logs", dataset: "aws.cloudtrail", path: "cloudtrail", streams: [{ input: "aws-s3", vars: [text("queue_url", { required: true, title: "Queue URL" })] }] },
        { type: "logs", dataset: "aws.cloudwatch_logs", path: "cloudwatch_logs", streams: [{ input: "aws-s3", vars: [text("queue_url", { required: true, title: "Queue URL" })] }] },
      ],
    };
    const p: ExistingPolicy = {
      id: "aws-1",
      name: "aws-1",
      inputs: [
        { type: "aws-s3", policy_template: "cloudtrail", enabled: true, streams: [{ enabled: true, data_stream: { dataset: "aws.cloudtrail" } }] },
        { type: "aws-s3", policy_template: "cloudwatch", enabled: true, streams: [{ enabled: true, data_stream: { dataset: "aws.cloudwatch_logs" } }] },
      ],
    };
    // the keys of the real dry-run error list in kibana PR #116093 (fleet.md §1.6)
    assert.deepStrictEqual(mergePolicy(p, target).conflicts.map((c) => [c.field, c.message]), [
      ["inputs.cloudtrail-aws-s3.streams.aws.cloudtrail.vars.queue_url", "Queue URL is required"],
      ["inputs.cloudwatch-aws-s3.streams.aws.cloudwatch_logs.vars.queue_url", "Queue URL is required"],
    ]);
  });

  it("mergePolicies concatenates per-policy results in order and does not mutate its inputs", () => {
    const target = pkg("2.0.0", [{ type: "httpjson", vars: [text("api_token", { required: true, title: "T" })] }], []);
    const a = policy("a", [input("httpjson", true)]);
    const b = policy("b", [input("httpjson", false)]);
    const before = JSON.stringify([a, b]);
    const r = mergePolicies([a, b], target);
    assert.deepStrictEqual(r.conflicts.map((c) => c.policyId), ["a"]);
    assert.strictEqual(r.merged.length, 2);
    assert.strictEqual(JSON.stringify([a, b]), before);
  });

  it("validateVarValue covers required yaml, integers in arrays and * prefixes", () => {
    assert.deepStrictEqual(validateVarValue("", { name: "ssl", type: "yaml", required: true }), ["ssl is required"]);
    assert.deepStrictEqual(validateVarValue("a: [1, 2", { name: "ssl", type: "yaml" }), ["Invalid YAML format"]);
    assert.deepStrictEqual(validateVarValue(["1", "x"], { name: "ports", type: "integer", multi: true }), ["Invalid integer"]);
    assert.deepStrictEqual(validateVarValue(["*.log"], { name: "paths", type: "text", multi: true })[0].startsWith("paths must be quoted"), true);
    assert.deepStrictEqual(validateVarValue(undefined, undefined), []);
    assert.strictEqual(isSuspiciousYaml("a: 1\nb:\n  - x # comment [\n"), false);
    assert.strictEqual(isSuspiciousYaml("a:\n\t- x"), true);
  });
});
