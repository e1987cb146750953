// runDemo: the whole `npm run demo` in-process, writing its lines through `out` (tests capture them).
//
//   1. start the simulated world (world.ts) on 127.0.0.1;
//   2. run each example program with its stack file and collect its resources (stacks.ts);
//   3. per stack, start the real plugin (node @pulumi/pulumi/cmd/run-plugin <repo>) and drive it with the
//      engine-less harness (tests/harness) exactly as the engine's `pulumi preview`, then `pulumi up`, would:
//      CheckConfig/Configure, Check, Create(preview=true), then Check, Create;
//   4. print each resource's impact summary (the durable Engine.Log lines of the preview), the live progress of the
//      up (Engine.Log lines as the fake engine receives them, one line each, prefixed by the resource), then the
//      plan trees and a one-line result per resource;
//   5. stop every plugin process and every simulator server, also on failure or abort (Ctrl-C), and check that
//      each plugin process is gone.
// The stacks' ups run concurrently (one plugin process per stack, as separate `pulumi up`s would).
import * as fs from "fs";
import * as path from "path";
import { startHarness, type Harness, type ResourceDecl, type StepResult } from "../harness";
import { demoStacks, programResources, readStackFile, type DemoStack } from "./stacks";
import { indent, planTree, resultLine, startVersion } from "./format";
import { startDemoWorld, type DemoWorld, type WorldVersions } from "./world";

export const DEFAULT_TIME_SCALE = 0.02;

/**
 * Pids of plugin processes started and not yet stopped. main.ts SIGKILLs what is left here when the process exits
 * abnormally (an uncaught error, a second Ctrl-C), so a crash of the demo cannot orphan a plugin.
 */
export const livePluginPids = new Set<number>();

export class DemoInterruptedError extends Error {
  override readonly name = "DemoInterruptedError";
  constructor() {
    super("interrupted: the provider was cancelled, the plugin processes and the simulators were stopped");
  }
}

export class DemoSetupError extends Error {
  override readonly name = "DemoSetupError";
}

export interface DemoOptions {
  /** real ms = simulated ms × timeScale (default DEFAULT_TIME_SCALE) */
  timeScale?: number;
  /** receives each output line (no trailing newline) */
  out: (line: string) => void;
  /** abort = Ctrl-C: Cancel is sent to every provider, then everything is stopped */
  signal?: AbortSignal;
}

export interface ResourceReport {
  example: string;
  stack: string;
  type: string;
  name: string;
  urn: string;
  ok: boolean;
  from?: string;
  /** outputs after up (partial outputs when it failed) */
  outputs: Record<string, unknown>;
  /** real ms of the up's Create/Update call */
  ms: number;
  /** durable preview log lines (the impact summary) */
  summary: string[];
  /** live progress lines printed during up */
  progress: string[];
  tree?: string;
  line: string;
  error?: string;
}

export interface DemoReport {
  ok: boolean;
  wallMs: number;
  timeScale: number;
  resources: ResourceReport[];
  /** pid of every plugin process started (all gone when runDemo returns) */
  pluginPids: number[];
  /** every URL the world listened on (all closed when runDemo returns) */
  urls: string[];
  before?: WorldVersions;
  after?: WorldVersions;
  /** plugin pids still alive after stop (empty unless something went wrong) */
  leftovers: number[];
  world?: DemoWorld;
}

/** Absolute path of a `pulumi` executable on PATH, if any. */
export function findPulumiCli(env: NodeJS.ProcessEnv = process.env): string | undefined {
  for (const dir of (env.PATH ?? "").split(path.delimiter)) {
    if (!dir) continue;
    const p = path.join(dir, "pulumi");
    try {
      fs.accessSync(p, fs.constants.X_OK);
      if (fs.statSync(p).isFile()) return p;
    } catch {
      // not here
    }
  }
  return undefined;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

interface Running {
  stack: DemoStack;
  decls: ResourceDecl[];
  harness: Harness;
  /** real ms of each non-preview Create/Update, by URN */
  stepMs: Map<string, number>;
}

/** Records the real duration of each Create/Update (not preview) per URN, at the gRPC client. */
function timeSteps(h: Harness, into: Map<string, number>): void {
  const rpc = h.provider.rpc;
  const create = rpc.create;
  const update = rpc.update;
  rpc.create = async (req) => {
    const t0 = performance.now();
    try {
      return await create(req);
    } finally {
      if (!req.getPreview()) into.set(req.getUrn(), performance.now() - t0);
    }
  };
  rpc.update = async (req) => {
    const t0 = performance.now();
    try {
      return await update(req);
    } finally {
      if (!req.getPreview()) into.set(req.getUrn(), performance.now() - t0);
    }
  };
}

const label = (urn: string) => {
  const parts = urn.split("::");
  return `${parts[2]?.split(":").pop() ?? "?"} ${parts[3] ?? "?"}`;
};

function stepError(s: StepResult): string | undefined {
  if (s.ok) return undefined;
  if (s.failures?.length) return s.failures.map((f) => `${f.property}: ${f.reason}`).join("; ");
  return [s.error?.message, ...(s.error?.initFailed?.reasons ?? [])].filter(Boolean).join(" — ") || "failed";
}

/** One line: what runs where, e.g. "Elasticsearch 9.1.2 on 7 nodes, Kibana 9.1.2; Elastic Cloud …". */
export function describeVersions(v: WorldVersions): string {
  const uniq = (xs: string[]) => [...new Set(xs)].join("/");
  const es = Object.values(v.elasticsearch);
  return [
    `Elasticsearch ${uniq(es)} on ${es.length} nodes, Kibana ${v.kibana ?? "-"}`,
    `Elastic Cloud ${Object.entries(v.cloud).map(([id, d]) => `${id} ${d.elasticsearch} (Kibana ${d.kibana})`).join(", ")}`,
    `Fleet ${Object.entries(v.fleet).map(([k, x]) => `${k} ${x}`).join(", ")}`,
    `Redis Enterprise ${uniq(Object.values(v.redis.nodes))} on ${Object.keys(v.redis.nodes).length} nodes, databases ${Object.entries(v.redis.databases).map(([k, x]) => `${k} ${x}`).join(", ")}`,
  ].join("; ");
}

export async function runDemo(opts: DemoOptions): Promise<DemoReport> {
  const t0 = performance.now();
  const timeScale = opts.timeScale ?? DEFAULT_TIME_SCALE;
  const out = opts.out;
  const signal = opts.signal;
  const report: DemoReport = { ok: false, wallMs: 0, timeScale, resources: [], pluginPids: [], urls: [], leftovers: [] };
  const running: Running[] = [];
  let world: DemoWorld | undefined;
  const checkAbort = () => {
    if (signal?.aborted) throw new DemoInterruptedError();
  };
  const onAbort = () => {
    out("");
    out("Ctrl-C: sending Cancel to the providers (as the engine does), then stopping everything …");
    for (const r of running) void r.harness.deployment.cancel().catch(() => undefined);
  };
  signal?.addEventListener("abort", onAbort, { once: true });

  try {
    const cli = findPulumiCli();
    out(`pulumi-upgrades demo (time scale ${timeScale}: 1 simulated minute takes ${((60_000 * timeScale) / 1000).toFixed(2)} s)`);
    out(
      cli
        ? `A pulumi CLI is on PATH (${cli}); the demo still drives the provider through the engine-less harness (tests/harness), the same gRPC calls \`pulumi preview\` / \`pulumi up\` make.`
        : "No pulumi CLI on PATH: the provider is driven by the engine-less harness (tests/harness), the same gRPC calls `pulumi preview` / `pulumi up` make.",
    );
    out("");

    // ---------------------------------------------------------------- 1. the world
    const cloudDeploymentId = String(readStackFile("elastic-cloud", "prod")["elastic-cloud:deploymentId"] ?? "");
    world = await startDemoWorld({ timeScale, cloudDeploymentId: cloudDeploymentId || undefined });
    report.world = world;
    report.urls = world.urls();
    report.before = world.versions();
    const b = report.before;
    out("== Simulated world (127.0.0.1)");
    out(`   Elasticsearch ${world.sim.elasticsearch!.url}  ${Object.keys(b.elasticsearch).length} nodes on ${[...new Set(Object.values(b.elasticsearch))].join(", ")} (${Object.keys(b.elasticsearch).join(", ")})`);
    out(`   Kibana        ${world.sim.kibana!.url}  ${b.kibana}`);
    out(`   Elastic Cloud ${world.sim.cloud!.url}  deployment ${Object.keys(b.cloud).join(", ")} on ${Object.values(b.cloud).map((d) => d.elasticsearch).join(", ")}`);
    out(`   Kibana Fleet  ${world.fleet.url}  Kibana ${world.fleet.state.kibanaVersion}; ${Object.entries(b.fleet).map(([k, v]) => `${k} ${v}`).join(", ")}; ${world.fleet.state.policies.size} integration policies`);
    out(`   Redis Ent.    ${world.redis.url}  ${Object.keys(b.redis.nodes).length} nodes on ${[...new Set(Object.values(b.redis.nodes))].join(", ")}; databases ${Object.entries(b.redis.databases).map(([k, v]) => `${k} (Redis ${v})`).join(", ")}`);
    out(`   Control APIs  ${world.sim.controlUrl}/_sim/state (Elastic), ${world.redis.controlUrl}/_sim/state (Redis), ${world.fleet.url}/_sim/state (Fleet)`);
    out("");
    checkAbort();

    // ---------------------------------------------------------------- 2. the programs
    out("== The examples' stacks (each program run with its Pulumi.<stack>.yaml; values swapped to reach the simulators)");
    const stacks = demoStacks(world);
    const programs: { stack: DemoStack; decls: ResourceDecl[] }[] = [];
    for (const stack of stacks) {
      const decls = await programResources(stack);
      decls.sort((x, y) => x.name.localeCompare(y.name));
      programs.push({ stack, decls });
      out(`   examples/${stack.example} (stack ${stack.stack}): ${decls.map((d) => `${d.type} ${d.name} → ${String(d.inputs.version)}`).join(", ")}; swapped: ${stack.overrides.join(", ")}`);
      checkAbort();
    }
    out("");

    // ---------------------------------------------------------------- 3. one plugin process per stack
    out(`== Starting ${programs.length} plugin processes (node @pulumi/pulumi/cmd/run-plugin, one per stack) …`);
    const started = await Promise.allSettled(
      programs.map(async (p) => {
        const harness = await startHarness({ kind: "plugin", config: p.stack.providerConfig, stack: p.stack.stack, project: p.stack.project });
        const r: Running = { ...p, harness, stepMs: new Map() };
        running.push(r);
        const pid = harness.provider.child.pid ?? -1;
        report.pluginPids.push(pid);
        livePluginPids.add(pid);
        return r;
      }),
    );
    const failedStart = started.find((s): s is PromiseRejectedResult => s.status === "rejected");
    if (failedStart) throw new DemoSetupError(`a plugin process did not start: ${(failedStart.reason as Error).message}`);
    running.sort((x, y) => stacks.indexOf(x.stack) - stacks.indexOf(y.stack));
    out(`   pids ${running.map((r) => `${r.stack.example}=${r.harness.provider.child.pid}`).join(", ")}`);
    out("");
    checkAbort();

    // logs: collected per URN and phase; during up each line is printed as it arrives
    let phase: "preview" | "up" = "preview";
    const summaries = new Map<string, string[]>();
    const progress = new Map<string, string[]>();
    const lastLine = new Map<string, string>();
    const width = Math.max(...running.flatMap((r) => r.decls.map((d) => `${d.type} ${d.name}`.length)));
    for (const r of running) {
      timeSteps(r.harness, r.stepMs);
      r.harness.engine.onLog((l) => {
        if (!l.urn || l.severity === "debug") return;
        if (phase === "preview") {
          if (!l.ephemeral) summaries.set(l.urn, [...(summaries.get(l.urn) ?? []), `${l.severity === "info" ? "" : `${l.severity}: `}${l.message}`]);
          return;
        }
        const text = l.message.replace(/\s+/g, " ").trim();
        if (!text || lastLine.get(l.urn) === text) return;
        // up logs the preview's impact summary again: it was printed above
        if (!l.ephemeral && (summaries.get(l.urn) ?? []).some((m) => m.replace(/\s+/g, " ").trim().endsWith(text))) return;
        lastLine.set(l.urn, text);
        progress.set(l.urn, [...(progress.get(l.urn) ?? []), text]);
        out(`   ${label(l.urn).padEnd(width)} │ ${l.severity === "info" ? "" : `${l.severity}: `}${text}`);
      });
    }

    // ---------------------------------------------------------------- 4a. pulumi preview
    out("== pulumi preview (per stack: Check, then Create with preview=true; nothing is changed)");
    const previews = new Map<string, StepResult>();
    let previewOk = true;
    for (const r of running) {
      const steps = await r.harness.deployment.preview(r.decls);
      for (const s of steps) {
        previews.set(s.urn, s);
        out("");
        out(` ${label(s.urn)}  (examples/${r.stack.example}, stack ${r.stack.stack}: ${s.ok ? s.op : "FAILED"})`);
        for (const m of summaries.get(s.urn) ?? []) out(indent(m, "   "));
        const err = stepError(s);
        if (err) {
          previewOk = false;
          out(`   error: ${err}`);
        }
      }
      checkAbort();
    }
    out("");
    if (!previewOk) throw new DemoSetupError("a preview failed (see above); nothing was changed");

    // ---------------------------------------------------------------- 4b. pulumi up
    out("== pulumi up (per stack: Check, then Create; the stacks run at the same time; live progress below)");
    phase = "up";
    const ups = await Promise.all(running.map(async (r) => ({ r, steps: await r.harness.deployment.up(r.decls) })));
    out("");

    for (const { r, steps } of ups) {
      for (const s of steps) {
        const decl = r.decls.find((d) => r.harness.deployment.urnOf(d.type, d.name) === s.urn);
        const outputs = (s.ok ? s.outputs : s.error?.initFailed?.properties) ?? {};
        const from = startVersion(previews.get(s.urn)?.outputs);
        const type = decl?.type ?? label(s.urn).split(" ")[0];
        const name = decl?.name ?? label(s.urn).split(" ")[1];
        const ms = r.stepMs.get(s.urn) ?? 0;
        report.resources.push({
          example: r.stack.example,
          stack: r.stack.stack,
          type,
          name,
          urn: s.urn,
          ok: s.ok,
          from,
          outputs,
          ms,
          summary: summaries.get(s.urn) ?? [],
          progress: progress.get(s.urn) ?? [],
          tree: planTree(outputs),
          line: resultLine({ type, name, from, outputs, ms, ok: s.ok }),
          error: stepError(s),
        });
      }
    }
    checkAbort();

    // ---------------------------------------------------------------- 4c. plans and results
    out("== Plans (renderPlan of each resource's `plan` output)");
    for (const res of report.resources) {
      out("");
      out(` ${res.type} ${res.name}  (examples/${res.example}, stack ${res.stack})`);
      out(res.tree ? indent(res.tree, "   ") : "   (no plan in the outputs)");
    }
    out("");
    out("== Results");
    for (const res of report.resources) {
      out(`   ${res.ok ? "✓" : "✗"} ${res.line}`);
      if (res.error) out(`     error: ${res.error}`);
    }
    report.after = world.versions();
    out("");
    out(`== World after: ${describeVersions(report.after)}`);
    report.ok = report.resources.length > 0 && report.resources.every((r) => r.ok);
    return report;
  } finally {
    signal?.removeEventListener("abort", onAbort);
    const stops = await Promise.allSettled(running.map((r) => r.harness.stop()));
    if (world) await world.stop();
    report.leftovers = report.pluginPids.filter((pid) => pid > 0 && alive(pid));
    for (const pid of report.pluginPids) if (!report.leftovers.includes(pid)) livePluginPids.delete(pid);
    report.wallMs = performance.now() - t0;
    const failedStops = stops.filter((s) => s.status === "rejected").length;
    out("");
    out(
      `== Stopped ${running.length} plugin process${running.length === 1 ? "" : "es"}${world ? ` and ${report.urls.length} simulator servers` : ""}` +
        `${report.leftovers.length || failedStops ? ` — STILL RUNNING: pids ${report.leftovers.join(", ")}` : ""}; wall time ${(report.wallMs / 1000).toFixed(1)} s`,
    );
  }
}
