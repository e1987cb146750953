/**
 * @module plan/build
 * `buildPlan`: hops with their phases and steps → a `Plan` document (all steps PENDING, approvals
 * applied). Pure and synchronous. Empty phases are dropped.
 */
import { applyApprovalsInPlace } from "./approvals";
import { PlanInputError } from "./errors";
import { Plan, PlanInput, PlanPhase, PLAN_KIND, Strategy } from "./schema";

export function stepId(hop: { from: string; to: string }, phase: string, target: string): string {
  return `${hop.from}->${hop.to}/${phase}/${target}`;
}

/**
 * @example
 * buildPlan({
 *   name: "upgrade es 8.17.3 → 9.1.2",
 *   strategy: { name: "manual" },
 *   hops: [{ from: "8.17.3", to: "8.19.4", phases: [{ name: "hot", steps: [{ target: "es-1" }] },
 *     { name: "master", strategy: "serial", steps: [{ target: "es-0", tags: ["master"] }] }] }],
 *   approvals: { approvedThrough: "hot" },
 * })
 */
export function buildPlan(input: PlanInput): Plan {
  const parsed = PlanInput.safeParse(input);
  if (!parsed.success) {
    throw new PlanInputError(parsed.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`));
  }
  const { name, hops, approvals } = parsed.data;
  const strategy = Strategy.parse(parsed.data.strategy ?? {});
  // serial means one at a time whatever maxUnavailable says; canary/manual run their inner strategy.
  const inner = strategy.name === "serial" || (strategy.name !== "parallel" && strategy.maxUnavailable === 1) ? "serial" : "parallel";
  if (strategy.name === "serial") strategy.maxUnavailable = 1;
  const seen = new Set<string>();
  const problems: string[] = [];
  const phases: PlanPhase[] = [];
  for (const hop of hops) {
    for (const ph of hop.phases) {
      if (ph.steps.length === 0) continue;
      const phaseStrategy = ph.strategy ?? inner;
      const phase: PlanPhase = {
        name: ph.name,
        hop: { from: hop.from, to: hop.to },
        strategy: phaseStrategy,
        maxUnavailable: phaseStrategy === "serial" ? 1 : ph.maxUnavailable ?? strategy.maxUnavailable,
        steps: [],
      };
      for (const s of ph.steps) {
        const id = stepId(hop, ph.name, s.target);
        if (seen.has(id)) problems.push(`duplicate step "${id}"`);
        seen.add(id);
        const step: PlanPhase["steps"][number] = { id, name: s.name ?? s.target, target: s.target, status: "PENDING" };
        if (s.tags && s.tags.length > 0) step.tags = [...s.tags];
        phase.steps.push(step);
      }
      phases.push(phase);
    }
  }
  if (problems.length > 0) throw new PlanInputError(problems);
  const plan: Plan = {
    kind: PLAN_KIND,
    version: 1,
    name,
    strategy,
    hops: hops.map((h) => ({ from: h.from, to: h.to })),
    phases,
    approvals: {},
    errors: [],
  };
  return applyApprovalsInPlace(plan, approvals ?? {});
}
