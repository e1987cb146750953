// Plan inputs shared by the plan tests.
import { buildPlan, Plan, PlanInput, StrategyInput } from "../../provider/plan";

/** Two-hop Elastic-like plan: hot (es-1, es-2), master (es-0) per hop. */
export function twoHopInput(strategy?: StrategyInput, approvals?: PlanInput["approvals"]): PlanInput {
  const phases = () => [
    { name: "frozen", steps: [] },
    { name: "hot", steps: [{ target: "es-1" }, { target: "es-2" }] },
    { name: "master", strategy: "serial" as const, steps: [{ target: "es-0", tags: ["master"] }] },
  ];
  return {
    name: "upgrade es 8.17.3 → 9.1.2",
    strategy,
    hops: [
      { from: "8.17.3", to: "8.19.4", phases: phases() },
      { from: "8.19.4", to: "9.1.2", phases: phases() },
    ],
    approvals,
  };
}

/** One hop, phases data (d-0..d-2) and master (m-0, m-1). */
export function oneHopPlan(strategy?: StrategyInput, approvals?: PlanInput["approvals"]): Plan {
  return buildPlan({
    name: "upgrade",
    strategy,
    hops: [
      {
        from: "1.0.0",
        to: "2.0.0",
        phases: [
          { name: "data", steps: [{ target: "d-0" }, { target: "d-1" }, { target: "d-2" }] },
          { name: "master", strategy: "serial", steps: [{ target: "m-0" }, { target: "m-1" }] },
        ],
      },
    ],
    approvals,
  });
}

export function setStatus(plan: Plan, name: string, status: Plan["phases"][number]["steps"][number]["status"], hop = 0): void {
  const hopTo = plan.hops[hop].to;
  const step = plan.phases.filter((p) => p.hop.to === hopTo).flatMap((p) => p.steps).find((s) => s.name === name);
  if (!step) throw new Error(`no step ${name}`);
  step.status = status;
}
