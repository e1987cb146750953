// redis.overheadPct: what RedisClusterVersion adds on top of the simulator's own node time, for a 5-node cluster
// rolled 7.4.2-54 → 7.22.0-95 through the real handler (observation, gates, checks, master re-identification, the
// node command, waits). overheadPct = 100 × (wall − inherent) / inherent, where inherent = nodes × (stop + install +
// start) × timeScale: the time the simulated installers themselves take.
//
// The node command is a one-line `sh -c 'curl …'` calling the simulator's installer (what a user's ssh + install.sh
// wrapper does), so process start-up of the stand-in script (a Node.js process loading undici) is not counted as
// provider overhead; redis.nodeScriptMs reports that script's extra cost separately for reference.
import { performance } from "perf_hooks";
import { quietContext } from "../support/context";
import type { ResourceContext } from "../../provider/resources/core/types";
import { redisClusterVersion } from "../../provider/resources/redis";
import { nodeUpgradeCommand, startRedisSim, type RedisSimConfigInput } from "../sim/redis";
import { Bench } from "./bench";

const NODES = 5;
const TIMINGS = { stopMs: 20_000, installMs: 120_000, startMs: 30_000, dbUpgradeStepMs: 5_000 };
/** ≈2 s of real installer time per node */
const TIME_SCALE = 0.012;

function ctx(): ResourceContext {
  return quietContext("RedisClusterVersion", "rs", "bench");
}

const CURL_HOOK = (controlUrl: string) => [
  "sh",
  "-c",
  'exec curl -sf -X POST -H "content-type: application/json" ' +
    '-d "{\\"version\\":\\"$UPGRADES_TARGET_VERSION\\",\\"addr\\":\\"$UPGRADES_NODE_ADDR\\"}" ' +
    `"${controlUrl}/_sim/nodes/$UPGRADES_NODE_UID/upgrade" > /dev/null`,
];

async function once(useScript: boolean): Promise<{ wallMs: number; inherentMs: number; requests: number }> {
  const cfg: RedisSimConfigInput = { nodes: { count: NODES, version: "7.4.2-54", master: 3 }, databases: [{ name: "cache", redis_version: "7.2" }], timeScale: TIME_SCALE, timings: TIMINGS };
  const sim = await startRedisSim(cfg);
  try {
    const raw = {
      cluster: { url: sim.url, username: sim.credentials.username, password: sim.credentials.password },
      version: "7.22.0-95",
      nodeUpgrade: { command: useScript ? nodeUpgradeCommand(sim) : CURL_HOOK(sim.controlUrl), timeoutSeconds: 60 },
      rollout: { nodeTimeoutSeconds: 60 },
    };
    const checked = await redisClusterVersion.check(undefined, raw, ctx());
    if (!checked.inputs) throw new Error(`bench inputs refused: ${JSON.stringify(checked.failures)}`);
    const t0 = performance.now();
    const r = await redisClusterVersion.create(checked.inputs, ctx());
    const wallMs = performance.now() - t0;
    if (r.outputs.version !== "7.22.0-95") throw new Error(`bench rollout ended on ${r.outputs.version}`);
    const perNode = (TIMINGS.stopMs + TIMINGS.installMs + TIMINGS.startMs) * TIME_SCALE;
    return { wallMs, inherentMs: NODES * perNode, requests: sim.api.log.length };
  } finally {
    await sim.stop();
  }
}

export const redisBench: Bench = {
  key: "redis",
  title: "RedisClusterVersion: overhead over the simulator's installer time, 5 nodes, one hop",
  async run() {
    const light = await once(false);
    const script = await once(true);
    const overheadPct = (100 * (light.wallMs - light.inherentMs)) / light.inherentMs;
    return {
      figures: {
        overheadPct: Math.round(overheadPct * 100) / 100,
        wallMs: Math.round(light.wallMs),
        inherentMs: Math.round(light.inherentMs),
        restRequestsPerNode: Math.round((light.requests / NODES) * 10) / 10,
        nodeScriptMs: Math.round((script.wallMs - light.wallMs) / NODES),
      },
      targets: { overheadPct: "< 5" },
      notes: [
        `inherent = ${NODES} nodes × (stop ${TIMINGS.stopMs} + install ${TIMINGS.installMs} + start ${TIMINGS.startMs}) simulated ms × timeScale ${TIME_SCALE}`,
        "nodeScriptMs: extra wall time per node when the hook is the Node.js stand-in script instead of sh + curl (process start-up, not provider work)",
      ],
    };
  },
};


