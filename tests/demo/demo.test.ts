// `npm run demo` end to end at a fast time scale: in-process through main() (exit code, output, the simulators'
// final state, nothing left running), and as the real CLI interrupted by SIGINT mid-rollout (exit 130, the
// plugin processes and hook scripts gone).
import { strict as assert } from "assert";
import { spawn } from "child_process";
import * as fs from "fs";
import * as net from "net";
import * as path from "path";
import { main } from "./main";
import type { DemoReport } from "./run";

const MAIN_JS = path.join(__dirname, "main.js");
const FAST = "0.001";

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** true when nothing accepts a TCP connection at the URL's host:port any more */
function refuses(url: string): Promise<boolean> {
  const u = new URL(url);
  return new Promise((resolve) => {
    const s = net.connect({ host: u.hostname, port: Number(u.port) });
    s.once("connect", () => {
      s.destroy();
      resolve(false);
    });
    s.once("error", () => resolve(true));
  });
}

/** command lines of live processes mentioning one of `needles` (Linux /proc; [] elsewhere) */
function processesMentioning(needles: string[]): string[] {
  if (!fs.existsSync("/proc")) return [];
  const out: string[] = [];
  for (const d of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(d) || Number(d) === process.pid) continue;
    let cmd: string;
    try {
      cmd = fs.readFileSync(`/proc/${d}/cmdline`, "utf8").replace(/\0/g, " ");
    } catch {
      continue;
    }
    if (needles.some((n) => cmd.includes(n))) out.push(`${d}: ${cmd}`);
  }
  return out;
}

/** the lines between the header starting with `from` and the next "== " header */
function section(lines: string[], from: string): string[] {
  const i = lines.findIndex((l) => l.startsWith(from));
  assert.ok(i >= 0, `no section ${from}`);
  const j = lines.findIndex((l, k) => k > i && l.startsWith("== "));
  return lines.slice(i + 1, j < 0 ? undefined : j);
}

const EXPECTED = [
  {
    type: "ElasticDeploymentVersion",
    name: "stack",
    summary: /^8\.17\.3 → 8\.19\.\d+ → 9\.1\.2: 2 hops, 7 nodes per hop in this order: frozen \(1\), warm \(1\), hot \(2\), master \(3/,
    root: /^sim-cluster: 8\.17\.3 → 8\.19\.\d+ → 9\.1\.2 \(serial strategy\) \(COMPLETE\)$/,
    result: /^✓ ElasticDeploymentVersion stack: 8\.17\.3 → 9\.1\.2 in 2 hops, 14 node restarts, Kibana ×2, [\d.]+ s$/,
  },
  {
    type: "ElasticDeploymentVersion",
    name: "deployment",
    summary: /^8\.17\.3 → 8\.19\.\d+ → 9\.1\.2: 2 Elastic Cloud plans/,
    root: /^0123456789abcdef0123456789abcdef: 8\.17\.3 → 8\.19\.\d+ → 9\.1\.2 \(serial strategy\) \(COMPLETE\)$/,
    result: /^✓ ElasticDeploymentVersion deployment: 8\.17\.3 → 9\.1\.2 in 2 hops, 4 cloud plans completed, [\d.]+ s$/,
  },
  {
    type: "FleetIntegration",
    name: "nginx",
    summary: /^nginx: nginx 1\.15\.0 → 1\.20\.0 .*1 has conflicts \(nginx-splunk/,
    root: /^nginx 1\.15\.0 → 1\.20\.0 \(serial strategy\) \(COMPLETE\)$/,
    result: /^✓ FleetIntegration nginx: 1\.15\.0 → 1\.20\.0, 3 policies upgraded, 1 skipped \(conflict\), [\d.]+ s$/,
  },
  {
    type: "FleetIntegration",
    name: "synthetics",
    summary: /^synthetics: synthetics 1\.1\.0 → 1\.2\.0/,
    root: /^synthetics 1\.1\.0 → 1\.2\.0 \(serial strategy\) \(COMPLETE\)$/,
    result: /^✓ FleetIntegration synthetics: 1\.1\.0 → 1\.2\.0, 2 policies upgraded, [\d.]+ s$/,
  },
  {
    type: "FleetIntegration",
    name: "system",
    summary: /^system: system 1\.54\.0 → 2\.1\.0 .*2 integration policies to upgrade/,
    root: /^system 1\.54\.0 → 2\.1\.0 \(serial strategy\) \(COMPLETE\)$/,
    result: /^✓ FleetIntegration system: 1\.54\.0 → 2\.1\.0, 2 policies upgraded, [\d.]+ s$/,
  },
  {
    type: "RedisClusterVersion",
    name: "redis",
    summary: /legal path to 7\.22\.0-95 is 6\.2\.18-70 → 7\.8\.6-303 → 7\.22\.0-95/,
    root: /^redis: Redis Enterprise 6\.2\.18-70 → 7\.22\.0-95 \(serial strategy\) \(COMPLETE\)$/,
    result: /^✓ RedisClusterVersion redis: 6\.2\.18-70 → 7\.22\.0-95 in 2 hops, 6 node upgrades, databases cache 7\.4, sessions 7\.4, [\d.]+ s$/,
  },
];

describe("npm run demo", function () {
  this.timeout(90_000);

  it("previews and upgrades every example's stack through the plugin, prints summaries, live progress, plans and results, and leaves nothing running", async () => {
    const lines: string[] = [];
    const errs: string[] = [];
    const reports: DemoReport[] = [];
    const code = await main(["--time-scale", FAST], { out: (l) => lines.push(...l.split("\n")), err: (l) => errs.push(l) }, undefined, (r) => reports.push(r));
    assert.equal(code, 0, `exit ${code}: ${errs.join("\n")}\n${lines.slice(-40).join("\n")}`);
    assert.equal(reports.length, 1);
    const report = reports[0];
    assert.equal(report.resources.length, EXPECTED.length);

    const preview = section(lines, "== pulumi preview");
    const up = section(lines, "== pulumi up");
    const plans = section(lines, "== Plans");
    const results = section(lines, "== Results").map((l) => l.trim()).filter(Boolean);
    for (const e of EXPECTED) {
      const label = `${e.type} ${e.name}`;
      const res = report.resources.find((r) => r.type === e.type && r.name === e.name);
      assert.ok(res?.ok, `${label}: ${res?.error ?? "missing"}`);
      // the preview's impact summary (durable Engine.Log lines), printed under the resource's heading
      assert.ok(res.summary.some((m) => e.summary.test(m)), `${label} summary: ${JSON.stringify(res.summary)}`);
      const head = preview.findIndex((l) => l.startsWith(` ${label}  (`));
      assert.ok(head >= 0, `${label}: heading in the preview section`);
      const body: string[] = [];
      for (let k = head + 1; k < preview.length && !/^ \S/.test(preview[k]); k++) body.push(preview[k].trim());
      assert.ok(body.some((l) => e.summary.test(l)), `${label}: summary printed under its heading: ${JSON.stringify(body)}`);
      // live progress: several lines prefixed by the resource, in the up section, printed as they arrived
      const mine = up.filter((l) => l.trimStart().startsWith(`${label} `) && l.includes(" │ "));
      assert.ok(mine.length >= 2, `${label}: progress lines ${JSON.stringify(mine)}`);
      assert.deepEqual(res.progress.length, mine.length);
      // the plan tree (renderPlan) and the one-line result
      assert.ok(plans.some((l) => e.root.test(l.trim())), `${label}: plan tree root in ${JSON.stringify(plans)}`);
      assert.ok(results.some((l) => e.result.test(l)), `${label}: result line in ${JSON.stringify(results)}`);
    }
    // node-by-node progress of the self-managed cluster: every node of both hops started and completed
    const esProgress = report.resources.find((r) => r.name === "stack")!.progress;
    for (const node of ["es-frozen-0", "es-warm-0", "es-hot-0", "es-hot-1", "es-master-0", "es-master-1", "es-master-2"]) {
      assert.equal(esProgress.filter((m) => m.startsWith(`${node}: complete (`)).length, 2, `${node} completed once per hop`);
    }
    const at = (h: string) => lines.findIndex((l) => l.startsWith(h));
    assert.ok(at("== Simulated world") < at("== pulumi preview") && at("== pulumi preview") < at("== pulumi up") && at("== pulumi up") < at("== Plans") && at("== Plans") < at("== Results"));

    // the simulators end on the targets (read from the simulators, not from the provider's outputs)
    const world = report.world!;
    const v = world.versions();
    assert.deepEqual(new Set(Object.values(v.elasticsearch)), new Set(["9.1.2"]));
    assert.equal(Object.keys(v.elasticsearch).length, 7);
    assert.equal(v.kibana, "9.1.2");
    assert.deepEqual(Object.values(v.cloud), [{ elasticsearch: "9.1.2", kibana: "9.1.2" }]);
    assert.deepEqual(v.fleet, { nginx: "1.20.0", system: "2.1.0", synthetics: "1.2.0" });
    assert.equal(world.fleet.state.policies.get("nginx-splunk")?.package.version, "1.15.0", "the conflicting policy was skipped, not broken");
    assert.deepEqual(new Set(Object.values(v.redis.nodes)), new Set(["7.22.0-95"]));
    assert.deepEqual(v.redis.databases, { cache: "7.4", sessions: "7.4" });
    assert.deepEqual(report.before?.redis.databases, { cache: "6.2", sessions: "6.2" });
    assert.ok(lines.some((l) => l.startsWith("== World after: Elasticsearch 9.1.2 on 7 nodes, Kibana 9.1.2;")));

    // nothing left running: the 4 plugin processes are gone, every simulator port is closed, no hook script lives
    assert.equal(report.pluginPids.length, 4);
    assert.deepEqual(report.pluginPids.filter(alive), [], "plugin processes still alive");
    assert.deepEqual(report.leftovers, []);
    assert.equal(report.urls.length, 7);
    for (const url of report.urls) assert.ok(await refuses(url), `${url} still accepts connections`);
    assert.deepEqual(processesMentioning([world.sim.controlUrl, world.redis.controlUrl]), []);
    assert.match(lines[lines.length - 1], /^== Stopped 4 plugin processes and 7 simulator servers; wall time [\d.]+ s$/);
  });

  it("SIGINT mid-rollout: the CLI cancels the providers, stops the plugins and the simulators, and exits 130", async () => {
    const child = spawn(process.execPath, [MAIN_JS, "--time-scale", "0.002"], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    let sent = false;
    child.stdout.setEncoding("utf8");
    child.stderr.setEncoding("utf8");
    child.stdout.on("data", (d: string) => {
      stdout += d;
      const upAt = stdout.indexOf("== pulumi up");
      // interrupt once the self-managed cluster has finished its first node: the rollout is under way
      if (!sent && upAt >= 0 && /ElasticDeploymentVersion stack +│ es-frozen-0: complete \(1 of/.test(stdout.slice(upAt))) {
        sent = true;
        child.kill("SIGINT");
      }
    });
    child.stderr.on("data", (d: string) => (stderr += d));
    const code = await new Promise<number | null>((resolve) => child.once("exit", (c) => resolve(c)));
    assert.ok(sent, `never saw the first node complete:\n${stdout.slice(-2000)}\n${stderr}`);
    assert.equal(code, 130, `stdout:\n${stdout.slice(-2000)}\nstderr:\n${stderr}`);
    assert.match(stderr, /interrupted: the provider was cancelled, the plugin processes and the simulators were stopped/);
    assert.match(stdout, /Ctrl-C: sending Cancel to the providers/);
    assert.match(stdout, /== Stopped 4 plugin processes and 7 simulator servers; wall time/);
    assert.doesNotMatch(stdout, /STILL RUNNING|== Results/);

    const pids = [...(/pids (.*)/.exec(stdout)?.[1] ?? "").matchAll(/=(\d+)/g)].map((m) => Number(m[1]));
    assert.equal(pids.length, 4);
    assert.deepEqual(pids.filter(alive), [], "plugin processes still alive after the demo exited");
    const urls = [...stdout.matchAll(/http:\/\/127\.0\.0\.1:\d+/g)].map((m) => m[0]);
    assert.ok(urls.length >= 7);
    for (const url of new Set(urls)) assert.ok(await refuses(url), `${url} still accepts connections`);
    assert.deepEqual(processesMentioning([...new Set(urls)]), [], "hook scripts still running");
  });

  it("refuses bad arguments with the usage and exit 2", async () => {
    const errs: string[] = [];
    const io = { out: () => undefined, err: (l: string) => errs.push(l) };
    assert.equal(await main(["--time-scale", "fast"], io), 2);
    assert.equal(await main(["--time-scale", "0"], io), 2);
    assert.equal(await main(["--frobnicate"], io), 2);
    assert.equal(errs.length, 3);
    assert.ok(errs.every((e) => e.includes("usage: npm run demo")));
  });
});
