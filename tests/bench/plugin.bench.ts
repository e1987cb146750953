// plugin.coldStartMs / plugin.rssMb / plugin.previewMedianMs: the PulumiPlugin.yaml plugin started exactly as the
// engine starts it (node @pulumi/pulumi/cmd/run-plugin <pluginDir> <engine>), measured from spawn to the port line;
// its resident memory after the preview loop; and the median of one resource's preview (Check + Diff +
// Update(preview=true) through gRPC) against a system that answers locally (the test-only counter resource).
// The *Direct figures start the shipped `pulumi-resource-upgrades` executable (exec node <main>), which the engine runs
// in preference to PulumiPlugin.yaml when the plugin directory holds it (reference pulumi.md §2.1; not verifiable here
// without the CLI).
import * as fs from "fs";
import { performance } from "perf_hooks";
import { provproto, secret, startHarness, type Harness, type ResourceDecl } from "../harness";
import { CREDENTIAL, COUNTER_MODULE, systemFile } from "../hosting/common";
import type { Bench } from "./bench";

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

function rssMbOf(pid: number): number {
  const m = /VmRSS:\s+(\d+)\s+kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Math.round((Number(m[1]) / 1024) * 10) / 10 : NaN;
}

/** Spawn → port line, and spawn → first GetSchema answered (the resources are loaded after the port is printed). */
async function coldStarts(direct: boolean, n: number): Promise<{ port: number[]; ready: number[] }> {
  const port: number[] = [];
  const ready: number[] = [];
  for (let i = 0; i < n; i++) {
    const h = await startHarness({ kind: "plugin", skipConfigure: true, direct });
    const t0 = performance.now();
    await h.provider.rpc.getSchema(new provproto.GetSchemaRequest());
    port.push(h.provider.startMs);
    ready.push(h.provider.startMs + performance.now() - t0);
    await h.stop();
  }
  return { port, ready };
}

/** Preview loop; returns per-preview ms (after warm-up) and the provider's RSS afterwards. */
async function previews(direct: boolean, n: number): Promise<{ times: number[]; rss: number }> {
  const h: Harness = await startHarness({ kind: "plugin", direct, preload: [COUNTER_MODULE], config: { "upgrades:elasticsearchApiKey": secret(CREDENTIAL) } });
  const s = systemFile();
  try {
    const d: ResourceDecl = { name: "bench", type: "TestCounter", inputs: { stateFile: s.file, target: 2 } };
    const [up] = await h.deployment.up([d]);
    if (!up.ok) throw new Error(`bench setup failed: ${JSON.stringify(up.error)}`);
    const next: ResourceDecl = { ...d, inputs: { ...d.inputs, target: 40 } };
    const times: number[] = [];
    for (let i = 0; i < n + 30; i++) {
      h.deployment.transcript.length = 0;
      const t0 = performance.now();
      const [p] = await h.deployment.preview([next]);
      const dt = performance.now() - t0;
      if (!p.ok || p.op !== "update") throw new Error(`unexpected preview ${JSON.stringify(p)}`);
      if (i >= 30) times.push(dt); // warm-up excluded
    }
    return { times, rss: rssMbOf(h.provider.child.pid!) };
  } finally {
    await h.stop();
    s.cleanup();
  }
}

export const pluginBench: Bench = {
  key: "plugin",
  title: "provider plugin: cold start, RSS, per-resource preview",
  async run() {
    const starts = await coldStarts(false, 5);
    const startsDirect = await coldStarts(true, 5);
    const viaRunPlugin = await previews(false, 200);
    const direct = await previews(true, 50);
    return {
      figures: {
        coldStartMs: Math.round(median(starts.port)),
        coldReadyMs: Math.round(median(starts.ready)),
        rssMb: viaRunPlugin.rss,
        previewMedianMs: Math.round(median(viaRunPlugin.times) * 100) / 100,
        coldStartDirectMs: Math.round(median(startsDirect.port)),
        coldReadyDirectMs: Math.round(median(startsDirect.ready)),
        rssDirectMb: direct.rss,
      },
      targets: { coldStartMs: "< 500", rssMb: "< 150", previewMedianMs: "< 20", coldStartDirectMs: "< 500", rssDirectMb: "< 150" },
      notes: [
        `cold start = spawn → port line, median of 5; run-plugin runs: ${starts.port.map((x) => x.toFixed(0)).join(", ")} ms; direct: ${startsDirect.port.map((x) => x.toFixed(0)).join(", ")} ms`,
        "coldReady = spawn → first GetSchema answered: the handlers (and zod) load just after the port is printed, overlapping the engine's handshake",
        "run-plugin (the PulumiPlugin.yaml path) registers ts-node + typescript and loads the @pulumi/pulumi runtime before require()ing our entry; the *Direct figures start the shipped pulumi-resource-upgrades executable (exec node dist/provider/server/main.js), the path the engine prefers when the executable is present",
        "preview = Check + Diff + Update(preview=true) for one TestCounter (test-only resource, local system), median of 200 after 30 warm-up",
      ],
    };
  },
};
