/**
 * @module plan/render
 * Draws a plan like `dcos elastic plan show`: `name (STATUS)` lines in a ├─ │ └─ tree
 * (plan → hop → phase → step), then what to approve next, then where the run stopped, errors last.
 */
import { Plan, Strategy } from "./schema";
import { hopStatus, phasesOfHop, phaseStatus, planStatus, stepStatus } from "./status";

/** "serial", "parallel", "serial-canary", "parallel-manual", … (DC/OS composes names the same way). */
export function strategyLabel(strategy: Strategy): string {
  if (strategy.name === "serial" || strategy.name === "parallel") return strategy.name;
  const inner = strategy.maxUnavailable > 1 ? "parallel" : "serial";
  return `${inner}-${strategy.name}`;
}

/**
 * @example
 * renderPlan(plan)
 * // upgrade es (serial strategy) (IN_PROGRESS)
 * // └─ 8.17.3 → 8.19.4 (IN_PROGRESS)
 * //    └─ master (serial strategy) (IN_PROGRESS)
 * //       ├─ es-0 (COMPLETE)
 * //       └─ es-1 (STARTING)
 */
export function renderPlan(plan: Plan): string {
  const lines: string[] = [`${plan.name} (${strategyLabel(plan.strategy)} strategy) (${planStatus(plan)})`];
  plan.hops.forEach((hop, hi) => {
    const lastHop = hi === plan.hops.length - 1;
    lines.push(`${lastHop ? "└─ " : "├─ "}${hop.from} → ${hop.to} (${hopStatus(plan, hop)})`);
    const hopIndent = lastHop ? "   " : "│  ";
    const phases = phasesOfHop(plan, hop);
    phases.forEach((phase, pi) => {
      const lastPhase = pi === phases.length - 1;
      lines.push(`${hopIndent}${lastPhase ? "└─ " : "├─ "}${phase.name} (${phase.strategy} strategy) (${phaseStatus(phase)})`);
      const phaseIndent = hopIndent + (lastPhase ? "   " : "│  ");
      phase.steps.forEach((step, si) => {
        const lastStep = si === phase.steps.length - 1;
        lines.push(`${phaseIndent}${lastStep ? "└─ " : "├─ "}${step.name} (${stepStatus(step)})`);
      });
    });
  });
  if (plan.next) lines.push("", `next: ${plan.next}`);
  if (plan.stoppedAt) lines.push("", `stopped at: ${plan.stoppedAt}`);
  const errors = [
    ...plan.phases.flatMap((p) => p.steps.filter((s) => s.error).map((s) => `${s.name}: ${s.error}`)),
    ...plan.errors,
  ];
  if (errors.length > 0) lines.push("", "errors:", ...errors.map((e) => `- ${e}`));
  return lines.join("\n");
}
