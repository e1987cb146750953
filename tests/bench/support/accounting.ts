// Shared accounting for the rollout benchmarks (tests/bench/elastic.bench.ts): the simulator's inherent time of a
// run and the HTTP requests it answered. The simulators do not report an "inherent time" themselves: it is computed
// here from their configured timings and their logs, so every tool measured against them (ours, the runbook models in
// tests/bench/baselines/) is charged the same way.
//
//   overheadPct = 100 × (wall − inherent) / inherent
//
// Self-managed Elasticsearch, per node restart (node process starts counted between a mark and now):
//   inherent += stop + install + start + join                   (what `systemctl stop; apt-get install; systemctl start` costs)
//             + shutdownPrepare   if the node shutdown API was used for it (a PUT /_nodes/<id>/shutdown in the request log)
//             + the slowest shard recovery onto that node        (the simulator's recovery log: existing_store, ops, peer…)
// Elastic Cloud, per plan attempt started after the mark:
//   inherent += stepMs for each plain step + instanceMs for each instance restarted inside rolling-upgrade
// Requests: entries of the simulator's own request log (SimServer.log) after the mark — retries included, node
// commands (the control API) excluded — so a client-side counter cannot flatter anyone.
import type { StartedSim } from "../../sim";
import type { SimServer } from "../../sim/common/http";

/** ms of simulated time → ms of real time */
const real = (sim: StartedSim, simMs: number) => simMs * sim.config.timeScale;

export interface EsMark {
  /** Date.now() when the mark was taken */
  at: number;
  /** node name → process starts so far */
  starts: Map<string, number>;
  /** length of the Elasticsearch request log */
  requests: number;
}

/** Marks the start of a self-managed run (take it just before the tool under test starts). */
export function markEs(sim: StartedSim): EsMark {
  const es = requireEs(sim);
  return { at: Date.now(), starts: new Map(es.cluster.nodes.map((n) => [n.name, n.starts])), requests: es.server.log.length };
}

export interface EsInherent {
  /** real ms the simulator itself needed for the restarts and recoveries of the run */
  inherentMs: number;
  /** the same in simulated ms */
  inherentSimMs: number;
  /** node process starts during the run */
  restarts: number;
  /** nodes prepared through the node shutdown API (each costs shutdownPrepareMs) */
  shutdownPrepares: number;
  /** recoveries the run caused (recovery log entries after the mark) */
  recoveries: number;
}

export function esInherent(sim: StartedSim, mark: EsMark): EsInherent {
  const es = requireEs(sim);
  const c = es.cluster;
  const t = c.timings;
  const recoveryMs = { empty_store: t.primaryRecoveryMs, existing_store: t.primaryRecoveryMs, ops: t.replicaRecoveryMs, peer: t.peerRecoveryMs, relocation: t.peerRecoveryMs } as const;
  const recoveries = c.recoveries.filter((r) => r.at >= mark.at);
  const prepared = new Set(
    es.server.log
      .slice(mark.requests)
      .filter((r) => r.method === "PUT" && r.status === 200)
      .map((r) => /^\/_nodes\/([^/]+)\/shutdown$/.exec(r.path)?.[1])
      .filter((id): id is string => !!id),
  );
  let simMs = 0;
  let restarts = 0;
  let shutdownPrepares = 0;
  for (const n of c.nodes) {
    const k = n.starts - (mark.starts.get(n.name) ?? 0);
    if (k <= 0) continue;
    restarts += k;
    const onto = recoveries.filter((r) => r.node === n.name).map((r) => recoveryMs[r.kind]);
    const prep = prepared.has(n.id) ? t.shutdownPrepareMs : 0;
    if (prep) shutdownPrepares++;
    simMs += k * (t.stopMs + t.installMs + t.startMs + t.joinMs) + prep + (onto.length ? Math.max(...onto) : 0);
  }
  return { inherentMs: real(sim, simMs), inherentSimMs: simMs, restarts, shutdownPrepares, recoveries: recoveries.length };
}

/** Elasticsearch API requests the simulator answered since the mark. */
export function esRequestsSince(sim: StartedSim, mark: EsMark): number {
  return requireEs(sim).server.log.length - mark.requests;
}

export interface CloudMark {
  at: number;
  requests: number;
}

export function markCloud(sim: StartedSim): CloudMark {
  const cloud = requireCloud(sim);
  return { at: Date.now(), requests: cloud.server.log.length };
}

export interface CloudInherent {
  inherentMs: number;
  inherentSimMs: number;
  /** plan attempts that ran after the mark (one per resource per version change) */
  plans: number;
}

export function cloudInherent(sim: StartedSim, mark: CloudMark): CloudInherent {
  const cloud = requireCloud(sim);
  const { stepMs, instanceMs } = cloud.sim.cfg.timings;
  let simMs = 0;
  let plans = 0;
  for (const d of cloud.sim.deployments.values()) {
    for (const r of [d.elasticsearch, d.kibana]) {
      const attempts = [r.current, ...(r.pending ? [r.pending] : []), ...r.history];
      const seen = new Set<string>();
      for (const a of attempts) {
        if (seen.has(a.plan_attempt_id) || Date.parse(a.attempt_start_time) < mark.at) continue;
        seen.add(a.plan_attempt_id);
        const steps = a.plan_attempt_log.filter((s) => s.step_id !== "plan-completed");
        if (steps.length === 0) continue;
        plans++;
        for (const s of steps) {
          simMs += s.step_id === "rolling-upgrade" ? instanceMs * s.info_log.filter((l) => l.message.startsWith("Upgrading ")).length : stepMs;
        }
      }
    }
  }
  return { inherentMs: real(sim, simMs), inherentSimMs: simMs, plans };
}

export function cloudRequestsSince(sim: StartedSim, mark: CloudMark): number {
  return requireCloud(sim).server.log.length - mark.requests;
}

/** 100 × (wall − inherent) / inherent, one decimal */
export function overheadPct(wallMs: number, inherentMs: number): number {
  return round1((100 * (wallMs - inherentMs)) / inherentMs);
}

export function round1(x: number): number {
  return Math.round(x * 10) / 10;
}

export function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

function requireEs(sim: StartedSim): { cluster: NonNullable<StartedSim["elasticsearch"]>["cluster"]; server: SimServer } {
  if (!sim.elasticsearch) throw new Error("this simulator has no Elasticsearch: start it with an `elasticsearch` section");
  return sim.elasticsearch;
}

function requireCloud(sim: StartedSim): NonNullable<StartedSim["cloud"]> {
  if (!sim.cloud) throw new Error("this simulator has no Elastic Cloud: start it with a `cloud` section");
  return sim.cloud;
}
