// executor.msPerStep: executor overhead per step for a 1,000-node plan against a zero-latency fake system.
import { performance } from "perf_hooks";
import { buildPlan } from "../../provider/plan";
import { executeRollout, Gate, gateOk, gateWait, Probe } from "../../provider/rollout";
import { Bench } from "./bench";

interface Obs {
  readonly versions: ReadonlyMap<string, string>;
  readonly health: string;
}

async function once(nodes: number): Promise<number> {
  const ids = Array.from({ length: nodes }, (_, i) => `n-${i}`);
  const versions = new Map(ids.map((id) => [id, "1.0.0"]));
  const masters = new Set(ids.slice(0, 3));
  const plan = buildPlan({
    name: "bench",
    hops: [{
      from: "1.0.0",
      to: "2.0.0",
      phases: [
        { name: "data", steps: ids.filter((id) => !masters.has(id)).map((target) => ({ target })) },
        { name: "master", steps: [...masters].map((target) => ({ target, tags: ["master"] })) },
      ],
    }],
  });
  const gates: Gate<Obs>[] = [
    { name: "only_restart_when_green_or_yellow", why: "bench", check: (_s, ctx) => (ctx.observation.health === "red" ? gateWait("red") : gateOk) },
    { name: "one_master_at_a_time", why: "bench", appliesTo: (s) => s.tags.includes("master"), check: (_s, ctx) => (ctx.inFlight.length > 0 ? gateWait("busy") : gateOk) },
  ];
  const t0 = performance.now();
  const r = await executeRollout<Obs>({
    plan,
    observe: async () => ({ versions, health: "green" }),
    isComplete: (step, obs) => obs.versions.get(step.target) === step.hop.to,
    gates,
    steps: {
      prepare: async () => undefined,
      act: async (step) => { versions.set(step.target, step.hop.to); },
      postCondition: (step) => ({ what: step.name, timeoutMs: 1000, poll: async (): Promise<Probe> => (versions.get(step.target) === step.hop.to ? { done: true } : { done: false, reason: "not yet" }) }),
      cleanup: async () => undefined,
    },
  }, { onProgress: () => undefined });
  const ms = performance.now() - t0;
  if (r.outcome !== "complete" || r.stepsRun !== nodes) throw new Error(`bench rollout did not complete: ${r.outcome} ${r.stepsRun}`);
  return ms;
}

export const executorBench: Bench = {
  key: "executor",
  title: "executor overhead per step, 1,000-node serial plan, zero-latency fake",
  async run() {
    const nodes = 1000;
    await once(100); // warm-up
    const runs: number[] = [];
    for (let i = 0; i < 5; i++) runs.push(await once(nodes));
    runs.sort((a, b) => a - b);
    const median = runs[Math.floor(runs.length / 2)];
    return {
      figures: { msPerStep: Number((median / nodes).toFixed(4)) },
      targets: { msPerStep: "< 1" },
      notes: [`median of 5 runs: ${median.toFixed(1)} ms for ${nodes} steps (2 gates, prepare/act/post-condition/cleanup each)`],
    };
  },
};
