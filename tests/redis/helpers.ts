// Shared fixtures of the RedisClusterVersion tests: a simulator with a small time scale, a ResourceContext that
// records what the handler reports, and inputs pointing at the simulator.
import { ProviderConfig } from "../../provider/config";
import type { ResourceContext } from "../../provider/resources/core/types";
import { clientTuning, redisClusterVersion } from "../../provider/resources/redis";
import type { Inputs, InputsIn, Outputs } from "../../provider/resources/redis";
import { nodeUpgradeCommand, RedisSim, RedisSimConfigInput, startRedisSim } from "../sim/redis";

// short retry delays so 5xx bursts cost milliseconds (production keeps the http layer's defaults)
clientTuning.retry = { minDelayMs: 5, maxDelayMs: 40 };
clientTuning.timeoutMs = 5000;

export const TIME_SCALE = 0.0001;

export function startSim(config: RedisSimConfigInput = {}): Promise<RedisSim> {
  return startRedisSim({ timeScale: TIME_SCALE, ...config });
}

export interface Recorder {
  info: string[];
  warn: string[];
  status: string[];
}

export function makeCtx(opts: { preview?: boolean; signal?: AbortSignal; name?: string; onStatus?: (m: string) => void; config?: ProviderConfig } = {}): ResourceContext & { log: Recorder } {
  const log: Recorder = { info: [], warn: [], status: [] };
  return {
    host: "test",
    urn: "urn:pulumi:test::redis::upgrades:index:RedisClusterVersion::rs",
    name: opts.name ?? "rs",
    preview: opts.preview ?? false,
    signal: opts.signal ?? new AbortController().signal,
    config: opts.config ?? new ProviderConfig({}, {}),
    status(m) {
      log.status.push(m);
      opts.onStatus?.(m);
    },
    info(m) {
      log.info.push(m);
      opts.onStatus?.(m);
    },
    warn(m) {
      log.warn.push(m);
    },
    log,
  };
}

export function rawInputs(sim: RedisSim, version: string, extra: Partial<InputsIn> = {}): InputsIn {
  return {
    cluster: { url: sim.url, username: sim.credentials.username, password: sim.credentials.password },
    version,
    nodeUpgrade: { command: nodeUpgradeCommand(sim), timeoutSeconds: 20 },
    ...extra,
    rollout: { nodeTimeoutSeconds: 5, ...(extra.rollout ?? {}) },
  };
}

/** check() then return the checked inputs, failing the test on check failures. */
export async function checked(raw: unknown, olds?: Inputs): Promise<Inputs> {
  const r = await redisClusterVersion.check(olds, raw, makeCtx());
  if (!r.inputs || r.failures.length) throw new Error(`check failed: ${JSON.stringify(r.failures)}`);
  return r.inputs;
}

/** Run create (no olds) or update (olds) and return outputs, or the PartialFailureError. */
export async function up(inputs: Inputs, olds?: Outputs, ctx = makeCtx()): Promise<Outputs> {
  if (!olds) return (await redisClusterVersion.create(inputs, ctx)).outputs;
  return redisClusterVersion.update("cluster.sim.local", olds, inputs, ctx);
}

/** Install events in order: [uid, to, masterAtThatTime]. */
export function installOrder(sim: RedisSim): { node: number; to: string; master: number }[] {
  let master = sim.config.nodes.master ?? 1;
  const out: { node: number; to: string; master: number }[] = [];
  for (const ev of sim.state.history) {
    if (ev.kind === "master_moved" && ev.node !== undefined) master = ev.node;
    if (ev.kind === "install_started" && ev.node !== undefined) out.push({ node: ev.node, to: ev.to ?? "", master });
  }
  return out;
}
