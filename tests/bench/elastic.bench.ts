// elastic.overheadPct: what ElasticDeploymentVersion adds on top of the simulator's own node and recovery time, for a
// 9-node tiered cluster (3 masters, 3 hot, 2 warm, 1 frozen) rolled one hop 8.19.2 → 9.1.2 through the real handler
// with production settings (observation, gates, node shutdown API, the node command, server-side waits).
//   overheadPct = 100 × (wall − inherent) / inherent
//   inherent    = Σ nodes (shutdownPrepare + stop + install + start + join + the slowest recovery onto that node) × timeScale
// The simulator does not report an "inherent time" itself: it is computed here from the simulator's configured
// timings and its recovery log (which copies recovered onto which node, and how: existing store, ops, peer).
// elastic.requestsPerNode: HTTP requests the provider sent (logical, retries excluded) per node.
//
// The node command is a one-line `sh -c 'curl …'` calling the simulator's hook endpoint (what a user's ssh + apt
// wrapper does), so Node.js start-up of the stand-in script is not counted as provider overhead.
import { performance } from "perf_hooks";
import { ProviderConfig } from "../../provider/config";
import { RequestCounter } from "../../provider/clients/http";
import type { ResourceContext } from "../../provider/resources/core/types";
import { createElasticHandler } from "../../provider/resources/elastic";
import { inputSchema } from "../../provider/resources/elastic/schema";
import { startSim } from "../sim";
import { Bench } from "./bench";

/** ≈1.8 s of simulated node time per node */
const TIME_SCALE = 0.02;
const FROM = "8.19.2";
const TO = "9.1.2";

function ctx(): ResourceContext {
  return {
    host: "test",
    urn: "urn:pulumi:bench::elastic::upgrades:index:ElasticDeploymentVersion::es",
    name: "es",
    preview: false,
    signal: new AbortController().signal,
    config: new ProviderConfig({}, {}),
    status: () => undefined,
    info: () => undefined,
    warn: () => undefined,
  };
}

export const elasticBench: Bench = {
  key: "elastic",
  title: "ElasticDeploymentVersion rollout overhead (9 nodes, one hop, simulator time scale 0.02)",
  async run() {
    const hot = ["data_hot", "data_content", "ingest"] as const;
    const sim = await startSim({
      timeScale: TIME_SCALE,
      elasticsearch: {
        version: FROM,
        nodes: [
          { name: "es-master-0", roles: ["master"] },
          { name: "es-master-1", roles: ["master"] },
          { name: "es-master-2", roles: ["master"] },
          { name: "es-hot-0", roles: [...hot] },
          { name: "es-hot-1", roles: [...hot] },
          { name: "es-hot-2", roles: [...hot] },
          { name: "es-warm-0", roles: ["data_warm"] },
          { name: "es-warm-1", roles: ["data_warm"] },
          { name: "es-frozen-0", roles: ["data_frozen"] },
        ],
        indices: [
          { name: "logs-hot", tier: "hot", primaries: 3, replicas: 1, docs: 100_000 },
          { name: "logs-warm", tier: "warm", primaries: 1, replicas: 1, docs: 100_000 },
          { name: "logs-frozen", tier: "frozen", primaries: 1, replicas: 0, docs: 100_000 },
        ],
      },
    });
    try {
      const body = `{"node":"'"$UPGRADES_NODE_NAME"'","version":"'"$UPGRADES_TARGET_VERSION"'"}`;
      const script = `curl -sf -X POST -H 'content-type: application/json' -d '${body}' '${sim.controlUrl}/_sim/hooks/es-node' | grep -q '"ok":true'`;
      const inputs = inputSchema.parse({
        version: TO,
        elasticsearch: { url: sim.elasticsearch!.url, apiKey: sim.credentials.apiKey },
        nodeUpgrade: { command: ["sh", "-c", script], timeoutSeconds: 600 },
      });
      const counter = new RequestCounter();
      const h = createElasticHandler({ counter });
      const t0 = performance.now();
      const r = await h.create(inputs, ctx());
      const wall = performance.now() - t0;
      if (r.outputs.version !== TO) throw new Error(`bench rollout ended on ${r.outputs.version}`);

      const c = sim.elasticsearch!.cluster;
      const t = c.timings;
      const recoveryMs = { empty_store: t.primaryRecoveryMs, existing_store: t.primaryRecoveryMs, ops: t.replicaRecoveryMs, peer: t.peerRecoveryMs, relocation: t.peerRecoveryMs } as const;
      let inherentSim = 0;
      for (const n of c.nodes) {
        const recoveries = c.recoveries.filter((x) => x.node === n.name).map((x) => recoveryMs[x.kind]);
        inherentSim += t.shutdownPrepareMs + t.stopMs + t.installMs + t.startMs + t.joinMs + (recoveries.length ? Math.max(...recoveries) : 0);
      }
      const inherent = inherentSim * TIME_SCALE;
      const nodes = c.nodes.length;
      return {
        figures: {
          overheadPct: Math.round((1000 * (wall - inherent)) / inherent) / 10,
          requestsPerNode: Math.round((10 * counter.requests) / nodes) / 10,
          wallMs: Math.round(wall),
          inherentMs: Math.round(inherent),
        },
        targets: { overheadPct: "< 5" },
        notes: [
          `inherent time computed from the simulator's timings and recovery log (the simulator does not report it): ${Math.round(inherent)} ms for ${nodes} nodes`,
          `${counter.requests} requests (${counter.retries} retries) for ${nodes} nodes; node command: sh -c curl`,
        ],
      };
    } finally {
      await sim.stop();
    }
  },
};


