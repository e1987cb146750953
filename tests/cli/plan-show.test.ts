import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { buildPlan, Plan, renderPlan } from "../../provider/plan";
import { CliIOCapture, runCli } from "../support/cli";

function samplePlan(name: string): Plan {
  const plan = buildPlan({
    name,
    hops: [{ from: "8.17.3", to: "8.19.4", phases: [{ name: "hot", steps: [{ target: "es-1" }, { target: "es-2" }] }, { name: "master", steps: [{ target: "es-0" }] }] }],
  });
  plan.phases[0].steps[0].status = "COMPLETE";
  plan.phases[0].steps[1].status = "ERROR";
  plan.phases[0].steps[1].error = "es-2 did not rejoin";
  return plan;
}

const URN = "urn:pulumi:dev::infra::pulumi-nodejs:dynamic:Resource::es-upgrade";

function stackExport(plan: unknown): unknown {
  return {
    version: 3,
    deployment: {
      manifest: { time: "2026-12-02T06:00:00Z", magic: "x", version: "v3.248.0" },
      resources: [
        { urn: "urn:pulumi:dev::infra::pulumi:pulumi:Stack::infra-dev", custom: false, type: "pulumi:pulumi:Stack", outputs: { note: "no plan here" } },
        { urn: URN, custom: true, id: "es-upgrade", type: "pulumi-nodejs:dynamic:Resource", inputs: { targetVersion: "8.19.4" }, outputs: { __provider: "exports.handler = …", currentVersion: "8.17.3", plan } },
      ],
    },
  };
}

async function run(args: string[], stdin = ""): Promise<{ code: number; io: CliIOCapture }> {
  const io = new CliIOCapture(stdin);
  const code = await runCli(["plan", "show", ...args], io);
  return { code, io };
}

describe("upgrades plan show", () => {
  it("renders the plan of a resource in `pulumi stack export` output, located by URN", async () => {
    const plan = samplePlan("upgrade es");
    const { code, io } = await run(["-"], JSON.stringify(stackExport(plan)));
    assert.strictEqual(code, 0, io.stderr);
    assert.strictEqual(io.stdout, [
      `# ${URN} .outputs.plan`,
      "upgrade es (serial strategy) (ERROR)",
      "└─ 8.17.3 → 8.19.4 (ERROR)",
      "   ├─ hot (serial strategy) (ERROR)",
      "   │  ├─ es-1 (COMPLETE)",
      "   │  └─ es-2 (ERROR)",
      "   └─ master (serial strategy) (PENDING)",
      "      └─ es-0 (PENDING)",
      "",
      "errors:",
      "- es-2: es-2 did not rejoin",
      "",
    ].join("\n"));
    assert.strictEqual(io.stderr, "");
  });

  it("renders every plan in `pulumi stack output --json` output, including one stored as a JSON string", async () => {
    const a = samplePlan("upgrade es");
    const b = samplePlan("upgrade kibana");
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "plan-show-")), "out.json");
    fs.writeFileSync(file, JSON.stringify({ esPlan: a, nested: { "kibana-plan": JSON.stringify(b) }, other: [1, "x", null] }));
    const { code, io } = await run([file]);
    assert.strictEqual(code, 0, io.stderr);
    assert.strictEqual(io.stdout, `# $.esPlan\n${renderPlan(a)}\n\n# $.nested["kibana-plan"](json)\n${renderPlan(b)}\n`);
  });

  it("reads stdin when no FILE is given", async () => {
    const { code, io } = await run([], JSON.stringify({ p: samplePlan("x") }));
    assert.strictEqual(code, 0);
    assert.match(io.stdout, /^# \$\.p\nx \(serial strategy\) \(ERROR\)/);
  });

  it("exits 2 with a clear message when no plan is found", async () => {
    const { code, io } = await run(["-"], JSON.stringify({ version: 3, deployment: { resources: [] } }));
    assert.strictEqual(code, 2);
    assert.match(io.stderr, /no upgrade plan found in stdin; expected the output of `pulumi stack export` or `pulumi stack output --json`/);
    assert.strictEqual(io.stdout, "");
  });

  it("exits 2 on input that is not JSON", async () => {
    const { code, io } = await run(["-"], "Current stack is dev:\n    esPlan  {…}");
    assert.strictEqual(code, 2);
    assert.match(io.stderr, /stdin is not JSON/);
  });

  it("exits 2 on an unreadable file, naming it", async () => {
    const { code, io } = await run(["/nonexistent/stack.json"]);
    assert.strictEqual(code, 2);
    assert.match(io.stderr, /cannot read \/nonexistent\/stack.json \(ENOENT\)/);
  });

  it("skips an object marked as a plan that does not match the schema, and says where", async () => {
    const broken = { ...samplePlan("x"), phases: "nope" };
    const { code, io } = await run(["-"], JSON.stringify(stackExport(broken)));
    assert.strictEqual(code, 2);
    assert.match(io.stderr, new RegExp(`skipped a plan that does not match the plan schema at ${URN.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} \\.outputs\\.plan: phases: `));
    assert.match(io.stderr, /no upgrade plan found/);
  });

  it("refuses a missing or unknown sub-command with exit 2", async () => {
    const io = new CliIOCapture();
    assert.strictEqual(await runCli(["plan"], io), 2);
    assert.match(io.stderr, /missing sub-command/);
    assert.strictEqual(await runCli(["plan", "apply"], io), 2);
    assert.match(io.stderr, /unknown or missing sub-command "apply"/);
  });
});
