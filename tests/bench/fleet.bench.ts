// fleet.*: 50 packages × 20 integration policies upgraded 1.0.0 → 1.2.0 against the simulated Kibana Fleet.
//   requests / wallMs: the real FleetIntegration handler (one resource per package, what a program with 50
//     resources does), packages run with bounded parallelism (FLEET_PARALLELISM at a time, like the engine's
//     --parallel), each doing its survey, ONE dry run for its policies and one upgrade call per policy.
//   baselineRequests / baselineWallMs: a sequential script on the same client, one package after the other,
//     one dry-run call and one upgrade call per policy (what a careful hand-written loop does).
// Both runs start from identical fresh simulators in the same process; every /api request gets the same simulated
// network latency (LATENCY_MS) so parallelism and request counts show in wall time.
import { performance } from "perf_hooks";
import { createKibanaFleetClient } from "../../provider/clients/kibana-fleet";
import { quietContext } from "../support/context";
import type { ResourceContext } from "../../provider/resources/core/types";
import { fleetIntegration, clientTuning } from "../../provider/resources/fleet";
import { defaultCatalog, startFleetSim, syntheticPackages, type FleetSim } from "../sim/fleet";
import { Bench } from "./bench";

const PACKAGES = 50;
const POLICIES = 20;
const FROM = "1.0.0";
const TARGET = "1.2.0";
const FLEET_PARALLELISM = 8;
const LATENCY_MS = 2;

function ctx(name: string): ResourceContext {
  return quietContext("FleetIntegration", name, "bench");
}

async function world(): Promise<{ sim: FleetSim; names: string[] }> {
  const synthetic = syntheticPackages(PACKAGES);
  const sim = await startFleetSim({ catalog: { ...defaultCatalog(), ...synthetic }, timeScale: 0.001 });
  const names = Object.keys(synthetic);
  for (const name of names) {
    sim.state.seedInstallation(name, FROM);
    for (let i = 1; i <= POLICIES; i++) sim.state.seedPolicy({ id: `${name}-pp-${i}`, name: `${name}-${i}`, package: name });
  }
  sim.faults.add({ path: "^(/s/[^/]+)?/api/", delayMs: LATENCY_MS });
  return { sim, names };
}

/** Every policy of every package on the target, or an error naming the first one that is not. */
function verify(sim: FleetSim, names: string[]): void {
  for (const name of names) if (sim.state.installations.get(name)?.version !== TARGET) throw new Error(`bench: ${name} is not on ${TARGET}`);
  for (const p of sim.state.policies.values()) if (p.package.version !== TARGET) throw new Error(`bench: policy ${p.id} is on ${p.package.version}`);
}

async function pool<T>(items: T[], size: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(size, items.length) }, async () => {
      while (next < items.length) await fn(items[next++]);
    }),
  );
}

async function withResource(): Promise<{ requests: number; wallMs: number; dryRunsPerPackage: number }> {
  const { sim, names } = await world();
  try {
    const checkedInputs = [];
    for (const name of names) {
      const r = await fleetIntegration.check(undefined, { kibana: { url: sim.url, apiKey: sim.credentials.apiKey }, package: name, version: TARGET }, ctx(name));
      if (!r.inputs) throw new Error(`bench inputs refused: ${JSON.stringify(r.failures)}`);
      checkedInputs.push(r.inputs);
    }
    const mark = sim.server.log.length;
    const t0 = performance.now();
    await pool(checkedInputs, FLEET_PARALLELISM, async (inputs) => {
      const r = await fleetIntegration.create(inputs, ctx(inputs.package));
      if (r.outputs.outcome !== "complete") throw new Error(`bench: ${inputs.package} ended ${r.outputs.outcome}`);
    });
    const wallMs = performance.now() - t0;
    verify(sim, names);
    const log = sim.server.log.slice(mark);
    // every package has policies behind, so it needs at least one dry run: total / packages = 1 means exactly one each
    const dryRuns = log.filter((r) => r.path.endsWith("/package_policies/upgrade/dryrun")).length;
    return { requests: log.length, wallMs, dryRunsPerPackage: dryRuns / names.length };
  } finally {
    await sim.stop();
  }
}

async function baseline(): Promise<{ requests: number; wallMs: number }> {
  const { sim, names } = await world();
  const fleet = createKibanaFleetClient({ url: sim.url, apiKey: sim.credentials.apiKey, retry: clientTuning.retry });
  try {
    const mark = sim.server.log.length;
    const t0 = performance.now();
    for (const name of names) {
      await fleet.installPackage(name, TARGET);
      for (const p of await fleet.listPoliciesOfPackage(name)) {
        const [item] = await fleet.dryRunUpgrade([p.id]);
        if (!item.hasErrors) await fleet.upgradePolicy(p.id);
      }
    }
    const wallMs = performance.now() - t0;
    verify(sim, names);
    return { requests: sim.server.log.length - mark, wallMs };
  } finally {
    await fleet.close();
    await sim.stop();
  }
}

export const fleetBench: Bench = {
  key: "fleet",
  title: `FleetIntegration: ${PACKAGES} packages × ${POLICIES} policies ${FROM} → ${TARGET} vs a sequential one-call-per-policy script`,
  async run() {
    const ours = await withResource();
    const base = await baseline();
    return {
      figures: {
        requests: ours.requests,
        wallMs: Math.round(ours.wallMs),
        baselineRequests: base.requests,
        baselineWallMs: Math.round(base.wallMs),
        dryRunCallsPerPackage: Math.round(ours.dryRunsPerPackage * 100) / 100,
      },
      targets: { dryRunCallsPerPackage: "<= 1", wallMs: "< baselineWallMs" },
      notes: [
        `packages run ${FLEET_PARALLELISM} at a time (one resource each); every /api request is delayed ${LATENCY_MS} ms by the simulator`,
        "requests include each resource's read-only survey (Kibana status, package info, policy list, target info, changelog) and the final observation",
        "baseline: install, list, then per policy one dry-run call and one upgrade call, strictly sequential",
      ],
    };
  },
};
