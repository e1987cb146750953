// plan.build1000Ms: time to build (and validate) a 1,000-node, two-hop plan.
import { performance } from "perf_hooks";
import { buildPlan, PlanInput, renderPlan } from "../../provider/plan";
import { Bench } from "./bench";

function input(nodes: number): PlanInput {
  const tiers = ["frozen", "cold", "warm", "hot", "other", "coordinating", "master"];
  const phases = tiers.map((name, t) => ({
    name,
    steps: Array.from({ length: nodes }, (_, i) => i).filter((i) => i % tiers.length === t).map((i) => ({ target: `es-${i}` })),
  }));
  return { name: "bench", strategy: { name: "manual" }, approvals: { approvedThrough: "8.19.4/hot" }, hops: [{ from: "8.17.3", to: "8.19.4", phases }] };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

export const planBench: Bench = {
  key: "plan",
  title: "plan build / render for 1,000 nodes",
  async run() {
    const inp = input(1000);
    buildPlan(input(50)); // warm-up
    const build: number[] = [];
    const render: number[] = [];
    for (let i = 0; i < 7; i++) {
      const t0 = performance.now();
      const plan = buildPlan(inp);
      const t1 = performance.now();
      renderPlan(plan);
      render.push(performance.now() - t1);
      build.push(t1 - t0);
    }
    return {
      figures: { build1000Ms: Number(median(build).toFixed(2)), render1000Ms: Number(median(render).toFixed(2)) },
      targets: { build1000Ms: "< 50" },
      notes: ["median of 7 builds; build includes zod validation of the input and approvals"],
    };
  },
};
