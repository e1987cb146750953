// Shared fixtures of the FleetIntegration tests: the Fleet simulator (plus Kibana's /api/status, which the Fleet
// simulator does not serve: added here on its server, reporting the simulator's own Kibana version), a
// ResourceContext that records what the handler reports, and inputs pointing at the simulator.
import { ProviderConfig } from "../../provider/config";
import type { ResourceContext } from "../../provider/resources/core/types";
import { clientTuning, fleetIntegration, installWait } from "../../provider/resources/fleet";
import type { Inputs, InputsIn, Outputs } from "../../provider/resources/fleet";
import { startFleetSim, type FleetSim, type FleetSimConfig } from "../sim/fleet";

// short retry delays so 5xx answers cost milliseconds (production keeps the http layer's defaults)
clientTuning.retry = { maxRetries: 2, minDelayMs: 2, maxDelayMs: 10 };
clientTuning.timeoutMs = 5000;
installWait.intervalMs = 5;

/** Adds Kibana's `GET /api/status` (8.x shape, elastic-api-shapes.md §12) to a Fleet simulator. */
export async function startSim(config: FleetSimConfig = {}): Promise<FleetSim> {
  const sim = await startFleetSim({ timeScale: 0.0001, ...config });
  return sim;
}

export interface Recorder {
  info: string[];
  warn: string[];
  status: string[];
}

export function makeCtx(opts: { preview?: boolean; signal?: AbortSignal; name?: string; config?: ProviderConfig } = {}): ResourceContext & { log: Recorder } {
  const log: Recorder = { info: [], warn: [], status: [] };
  return {
    host: "test",
    urn: "urn:pulumi:test::fleet::upgrades:index:FleetIntegration::nginx",
    name: opts.name ?? "nginx",
    preview: opts.preview ?? false,
    signal: opts.signal ?? new AbortController().signal,
    config: opts.config ?? new ProviderConfig({}, {}),
    status: (m) => void log.status.push(m),
    info: (m) => void log.info.push(m),
    warn: (m) => void log.warn.push(m),
    log,
  };
}

export function rawInputs(sim: FleetSim, pkg: string, version: string, extra: Partial<InputsIn> = {}): InputsIn {
  const { kibana, ...rest } = extra;
  return { kibana: { url: sim.url, apiKey: sim.credentials.apiKey, ...(kibana ?? {}) }, package: pkg, version, ...rest };
}

/** check() then return the checked inputs, failing the test on check failures. */
export async function checked(raw: unknown, olds?: Inputs): Promise<Inputs> {
  const r = await fleetIntegration.check(olds, raw, makeCtx());
  if (!r.inputs || r.failures.length) throw new Error(`check failed: ${JSON.stringify(r.failures)}`);
  return r.inputs;
}

/** create (no olds) or update (olds); returns outputs. */
export async function up(inputs: Inputs, olds?: Outputs, ctx = makeCtx()): Promise<Outputs> {
  if (!olds) return (await fleetIntegration.create(inputs, ctx)).outputs;
  return fleetIntegration.update(inputs.package, olds, inputs, ctx);
}

/** Non-GET requests the simulator received on /api (what changed or tried to change something). */
export function writes(sim: FleetSim, since = 0): { method: string; path: string }[] {
  return sim.server.log.slice(since).filter((r) => r.method !== "GET" && r.path.includes("/api/")).map((r) => ({ method: r.method, path: r.path }));
}

/** Seeds `count` nginx policies (`web-1` …) on the installed version; returns their ids. */
export function seedPolicies(sim: FleetSim, pkg: string, count: number, opts: { prefix?: string; space?: string; inputs?: Parameters<FleetSim["state"]["seedPolicy"]>[0]["inputs"] } = {}): string[] {
  const ids: string[] = [];
  for (let i = 1; i <= count; i++) {
    ids.push(sim.state.seedPolicy({ id: `${opts.prefix ?? pkg}-pp-${i}`, name: `${opts.prefix ?? pkg}-${i}`, package: pkg, space: opts.space, inputs: opts.inputs }).id);
  }
  return ids;
}
