import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { buildPlan, Plan, renderPlan } from "../../provider/plan";
import { CliIOCapture, runCli } from "../support/cli";
import { parseXml, select, textOf } from "../plan/svg-xml.test";

const URN = "urn:pulumi:dev::infra::upgrades:index:ElasticsearchUpgrade::es";

function timedPlan(name: string): Plan {
  const plan = buildPlan({ name, hops: [{ from: "8.17.3", to: "8.19.4", phases: [{ name: "hot", steps: [{ target: "es-1" }, { target: "es-2" }] }, { name: "master", steps: [{ target: "es-0" }] }] }] });
  const [a, b] = plan.phases[0].steps;
  a.status = "COMPLETE";
  a.timing = { preparedAt: 1_000, startedAt: 2_000, actedAt: 10_000, completedAt: 30_000 };
  b.status = "COMPLETE";
  b.gates = [{ gate: "allocation_restored", reason: "shard allocation is still disabled", firstAt: 30_000, lastAt: 31_000, count: 2 }];
  b.timing = { preparedAt: 31_000, startedAt: 32_000, actedAt: 40_000, completedAt: 50_000 };
  return plan;
}

function stackExport(...plans: Plan[]): unknown {
  return {
    version: 3,
    deployment: {
      resources: plans.map((plan, i) => ({ urn: `${URN}${i}`, custom: true, type: "upgrades:index:ElasticsearchUpgrade", outputs: { plan } })),
    },
  };
}

async function run(args: string[], stdin = ""): Promise<{ code: number; io: CliIOCapture }> {
  const io = new CliIOCapture(stdin);
  const code = await runCli(["plan", "show", ...args], io);
  return { code, io };
}

describe("upgrades plan show --svg", () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "plan-svg-"));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("writes a timeline of every plan found in a stack export FILE and prints one line", async () => {
    const input = path.join(dir, "export.json");
    const out = path.join(dir, "rollout.svg");
    fs.writeFileSync(input, JSON.stringify(stackExport(timedPlan("upgrade es"), timedPlan("upgrade kibana"))));
    const { code, io } = await run(["--svg", out, input]);
    assert.strictEqual(code, 0, io.stderr);
    assert.strictEqual(io.stdout, `wrote a timeline of 2 plans (6 steps, 4 with timings) to ${out}\n`);
    assert.strictEqual(io.stderr, "");
    const svg = parseXml(fs.readFileSync(out, "utf8"));
    assert.strictEqual(svg.name, "svg");
    const plans = select(svg, "g", "plan");
    assert.deepStrictEqual(plans.map((p) => p.attrs["data-plan"]), ["upgrade es", "upgrade kibana"]);
    assert.ok(select(plans[0], "text", "summary").some((t) => textOf(t) === `${URN}0 .outputs.plan`), "located by URN");
    assert.strictEqual(select(svg, "g", "row").length, 6);
    assert.strictEqual(select(svg, "g", "gate").length, 2);
    assert.strictEqual(select(svg, "rect", "seg").length, 12);
  });

  it("reads stdin with --svg=OUT (and -), from `pulumi stack output --json`", async () => {
    const out = path.join(dir, "out.svg");
    const plan = timedPlan("upgrade es");
    const { code, io } = await run([`--svg=${out}`, "-"], JSON.stringify({ esPlan: plan, other: 1 }));
    assert.strictEqual(code, 0, io.stderr);
    assert.match(io.stdout, /^wrote a timeline of 1 plan \(3 steps, 2 with timings\) to /);
    const rows = select(parseXml(fs.readFileSync(out, "utf8")), "g", "row");
    assert.deepStrictEqual(rows.map((r) => r.attrs["data-step"]), plan.phases.flatMap((p) => p.steps.map((s) => s.id)));
  });

  it("keeps the text rendering unchanged without --svg", async () => {
    const plan = timedPlan("upgrade es");
    const { code, io } = await run([], JSON.stringify({ plan }));
    assert.strictEqual(code, 0, io.stderr);
    assert.strictEqual(io.stdout, `# $.plan\n${renderPlan(plan)}\n`);
    assert.deepStrictEqual(fs.readdirSync(dir), []);
  });

  it("exits 2 with a clear message on bad input, and writes nothing", async () => {
    const out = path.join(dir, "x.svg");
    const cases: Array<[string[], string, RegExp]> = [
      [["--svg"], "{}", /--svg needs an output file name/],
      [["--svg", "-"], "{}", /--svg needs an output file name/],
      [["--svg", out, "--svg", out], "{}", /--svg given twice/],
      [["--svg", out, "--png", "x"], "{}", /unknown option --png/],
      [["--svg", out, "a.json", "b.json"], "{}", /expected at most one FILE, got 2/],
      [["--svg", out, "-"], "not json", /stdin is not JSON/],
      [["--svg", out, "-"], JSON.stringify({ a: 1 }), /no upgrade plan found in stdin/],
      [["--svg", out, path.join(dir, "missing.json")], "", /cannot read .*missing\.json \(ENOENT\)/],
    ];
    for (const [args, stdin, msg] of cases) {
      const { code, io } = await run(args, stdin);
      assert.strictEqual(code, 2, `${args.join(" ")}: ${io.stderr}`);
      assert.match(io.stderr, msg);
      assert.strictEqual(io.stdout, "");
    }
    assert.deepStrictEqual(fs.readdirSync(dir), []);
  });

  it("exits 2 when the output cannot be written", async () => {
    const out = path.join(dir, "no-such-dir", "x.svg");
    const { code, io } = await run(["--svg", out, "-"], JSON.stringify({ plan: timedPlan("p") }));
    assert.strictEqual(code, 2);
    assert.match(io.stderr, /cannot write .*x\.svg \(ENOENT\); pass a writable path to --svg/);
  });
});
