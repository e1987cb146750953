/**
 * @module rollout/executor
 * `executeRollout`: observe (once per pass) → candidates from the strategy → named gates → act → wait for
 * the post-condition → record. Stops at safe points on cancellation/deadline, hands back a checkpoint on
 * failure, and on every run re-derives completion from the live system, so resuming is running again.
 */
import { applyApprovalsInPlace, refreshNextInPlace } from "../plan/approvals";
import { Plan, PlanPhase, PlanStep, StepStatus } from "../plan/schema";
import { selectCandidates } from "../plan/strategy";
import { stepRefs } from "../plan/reconcile";
import { recordGateHold, recordMark, recordStatusMark } from "../plan/timeline";
import { Clock, systemClock } from "./clock";
import {
  GateEvaluationError,
  GateTimeoutError,
  messageOf,
  ObservationError,
  RolloutCancelledError,
  RolloutDeadlineError,
  StepFailedError,
} from "./errors";
import { activeGates, GateThrew, runGates } from "./gates";
import type {
  Checkpoint,
  Gate,
  GateContext,
  ProgressEvent,
  RolloutOptions,
  RolloutResult,
  RolloutSpec,
  StepRef,
} from "./types";
import { runStepLifecycle, StepHost } from "./step-runner";
import { backoffDelay } from "./wait";

export const DEFAULT_GATE_TIMEOUT_MS = 30 * 60_000;

/**
 * Runs (or resumes) a rollout. Resolves `complete` or `paused` (waiting for the approval in `next`);
 * throws a `RolloutStoppedError` subclass with a `checkpoint` otherwise.
 * @example
 * try {
 *   const r = await executeRollout({ plan, observe, isComplete, gates, steps }, { signal, onProgress });
 *   outputs.plan = r.plan;
 * } catch (e) {
 *   if (isRolloutStopped(e)) outputs.plan = e.checkpoint.plan; // store partial progress, then fail
 *   throw e;
 * }
 */
export async function executeRollout<O>(spec: RolloutSpec<O>, options: RolloutOptions = {}): Promise<RolloutResult> {
  // async: input errors (UnknownApprovalError, a badly named gate) reject instead of throwing synchronously
  return new Run(spec, options).execute();
}

interface Failure {
  readonly stepId: string;
  readonly error: unknown;
}

class Run<O> {
  private readonly plan: Plan;
  private readonly clock: Clock;
  private readonly gates: Gate<O>[];
  private readonly refs = new Map<string, StepRef>();
  private readonly steps = new Map<string, PlanStep>();
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly abort = new AbortController();
  private readonly deadlineAt: number;
  private failure: Failure | undefined;
  private stoppedAt: string | undefined;
  private stepsRun = 0;
  private complete = 0;
  private readonly total: number;
  private readonly host: StepHost<O>;

  constructor(private readonly spec: RolloutSpec<O>, private readonly options: RolloutOptions) {
    this.clock = options.clock ?? systemClock;
    this.deadlineAt = options.timeoutMs === undefined ? Infinity : this.clock.now() + options.timeoutMs;
    // Statuses stored by a previous run are never trusted: start from PENDING and re-observe.
    // Timings (`timing`, `gates`) carry over only for steps found complete on the first pass.
    this.plan = structuredClone(spec.plan);
    this.plan.errors = [];
    delete this.plan.stoppedAt;
    for (const phase of this.plan.phases) {
      for (const step of phase.steps) {
        step.status = "PENDING";
        delete step.error;
        delete step.message;
        this.steps.set(step.id, step);
      }
    }
    for (const ref of stepRefs(this.plan)) this.refs.set(ref.id, ref);
    const index = this.refs.size;
    this.total = index;
    this.host = {
      handlers: spec.steps,
      clock: this.clock,
      signal: this.abort.signal,
      deadlineAt: this.deadlineAt,
      stopRequested: () => this.stopRequested(),
      emit: (e) => this.emit(e),
      markRejoined: (ref) => {
        const step = this.steps.get(ref.id);
        // only between the action and the end of its post-condition wait
        if (step?.status === "STARTED" && step.timing?.rejoinedAt === undefined) recordMark(step, "rejoinedAt", this.clock.now());
      },
    };
    applyApprovalsInPlace(this.plan, spec.approvals ?? spec.plan.approvals);
    const { active, warnings } = activeGates(spec.gates ?? [], options.disabledGates);
    this.gates = active;
    for (const w of warnings) this.emit({ kind: "gate-disabled", level: "warning", gate: w.gate, message: w.message });
    if (options.signal) {
      if (options.signal.aborted) this.abort.abort(options.signal.reason);
      else options.signal.addEventListener("abort", () => this.abort.abort(options.signal?.reason), { once: true });
    }
  }

  async execute(): Promise<RolloutResult> {
    let firstPass = true;
    let gateWaitSince: number | undefined;
    let gateAttempt = 0;
    for (;;) {
      if (this.failure) return this.fail();
      if (this.stopRequested()) return this.stop();
      let observation: O;
      try {
        observation = await this.spec.observe(this.abort.signal);
      } catch (e) {
        if (this.stopRequested()) return this.stop();
        await this.drain();
        throw new ObservationError(e, this.checkpoint(messageOf(e)));
      }
      this.reconcile(observation, firstPass);
      if (firstPass) {
        firstPass = false;
        this.emit({ kind: "started", level: "info", complete: this.complete, total: this.total, message: `${this.complete} of ${this.total} steps already complete` });
      }
      const sel = selectCandidates(this.plan, this.spec.order ? (pending) => this.ordered(pending, observation) : undefined);
      if (sel.state === "complete") {
        this.emit({ kind: "complete", level: "info", total: this.total, message: `all ${this.total} steps complete` });
        return { outcome: "complete", plan: this.plan, stepsRun: this.stepsRun };
      }
      if (sel.state === "error") return this.fail();
      if (sel.state === "approval") {
        if (this.inFlight.size > 0) {
          await this.nextSettled();
          continue;
        }
        refreshNextInPlace(this.plan);
        const next = this.plan.next ?? "an approval";
        this.emit({ kind: "paused", level: "info", next, message: `paused before ${sel.phase.name}: set ${next} to continue` });
        return { outcome: "paused", plan: this.plan, next, stepsRun: this.stepsRun };
      }
      const selected: StepRef[] = [];
      let blocked: { step: StepRef; gate: string; reason: string } | undefined;
      for (const cand of sel.candidates) {
        if (selected.length >= sel.budget) break;
        if (this.inFlight.has(cand.id)) continue;
        const ref = this.refs.get(cand.id)!;
        const ctx = this.gateContext(observation, selected);
        let verdict: { gate: string; reason: string } | undefined;
        try {
          verdict = await runGates(this.gates, ref, ctx);
        } catch (e) {
          await this.drain();
          const gate = e instanceof GateThrew ? e.gate : "(unknown)";
          const cause = e instanceof GateThrew ? e.cause : e;
          this.stoppedAt = ref.id;
          throw new GateEvaluationError(gate, ref.id, cause, this.checkpoint(`gate ${gate} could not be evaluated for ${ref.name}: ${messageOf(cause)}`));
        }
        if (verdict) {
          cand.message = `waiting on gate ${verdict.gate}: ${verdict.reason}`;
          recordGateHold(cand, verdict.gate, verdict.reason, this.clock.now());
          if (!blocked) {
            // one event per pass (the first held step), however many parallel candidates are held
            this.emit({ kind: "gate-waiting", level: "status", step: ref, gate: verdict.gate, reason: verdict.reason, message: `${ref.name}: ${cand.message}` });
            blocked = { step: ref, ...verdict };
          }
          if (sel.phase.strategy === "serial") break; // serial never skips ahead
          continue;
        }
        delete cand.message;
        selected.push(ref);
        this.start(ref, cand, observation);
      }
      if (selected.length > 0 || this.inFlight.size > 0) {
        // gate time only counts while nothing is moving
        gateWaitSince = undefined;
        gateAttempt = 0;
      }
      if (this.inFlight.size > 0) {
        await this.nextSettled();
        continue;
      }
      if (blocked) {
        // nothing running and the gates say "not now": re-observe after a backoff, until gateTimeoutMs
        const timeout = this.options.gateTimeoutMs ?? DEFAULT_GATE_TIMEOUT_MS;
        gateWaitSince ??= this.clock.now();
        if (this.clock.now() - gateWaitSince >= timeout) {
          this.stoppedAt = blocked.step.id;
          throw new GateTimeoutError(blocked.gate, blocked.step.id, blocked.reason, timeout,
            this.checkpoint(`${blocked.step.name} waited ${timeout} ms on gate ${blocked.gate}: ${blocked.reason}`));
        }
        gateAttempt++;
        this.stoppedAt = blocked.step.id;
        const delay = Math.min(backoffDelay(this.options.gateBackoff, gateAttempt), Math.max(0, this.deadlineAt - this.clock.now()));
        try {
          await this.clock.sleep(delay, this.abort.signal);
        } catch {
          // cancelled while waiting on a gate: the top of the loop stops cleanly
        }
        continue;
      }
      // The strategy offered nothing to start although nothing runs: a bug, not a state to spin in.
      throw new Error(`rollout made no progress in phase ${sel.phase.name}; this is a bug in the plan strategy`);
    }
  }

  private ordered(pending: PlanStep[], observation: O): PlanStep[] {
    const refs = pending.map((s) => this.refs.get(s.id)!);
    const out: PlanStep[] = [];
    const seen = new Set<string>();
    for (const r of this.spec.order!(refs, observation)) {
      const s = this.steps.get(r.id);
      if (s && s.status === "PENDING" && !seen.has(r.id)) {
        out.push(s);
        seen.add(r.id);
      }
    }
    for (const s of pending) if (!seen.has(s.id)) out.push(s);
    return out;
  }

  /** Marks steps whose goal is reached in the live system as COMPLETE (never acted on). */
  private reconcile(observation: O, firstPass: boolean): void {
    for (const phase of this.plan.phases) {
      for (const step of phase.steps) {
        if (step.status !== "PENDING" || this.inFlight.has(step.id)) continue;
        if (this.spec.isComplete(this.refs.get(step.id)!, observation)) {
          // found complete, never acted on in this run: timings of an earlier run (if passed back) stay
          step.status = "COMPLETE";
          delete step.message;
          this.complete++;
          if (!firstPass) {
            this.emit({ kind: "step-status", level: "status", step: this.refs.get(step.id)!, status: "COMPLETE", message: `${step.name}: found complete in the live system` });
          }
        } else if (firstPass) {
          // this run (re)does the step: timings of an earlier attempt would mix two runs in one bar
          delete step.timing;
          delete step.gates;
        }
      }
    }
  }

  private gateContext(observation: O, selected: readonly StepRef[]): GateContext<O> {
    return {
      observation,
      plan: this.plan,
      inFlight: [...this.inFlight.keys()].map((id) => this.refs.get(id)!),
      selected: [...selected],
      isStepComplete: (id) => this.steps.get(id)?.status === "COMPLETE",
    };
  }

  private start(ref: StepRef, step: PlanStep, observation: O): void {
    // PREPARED is set when the step is claimed, so the strategy counts it against maxUnavailable at once.
    this.setStatus(ref, step, "PREPARED");
    const n = this.complete + this.inFlight.size + 1;
    this.emit({ kind: "step-started", level: "info", step: ref, n, total: this.total, message: `${ref.name}: starting (${n} of ${this.total})` });
    const p = this.runStep(ref, step, observation).finally(() => this.inFlight.delete(ref.id));
    this.inFlight.set(ref.id, p);
  }

  private async runStep(ref: StepRef, step: PlanStep, observation: O): Promise<void> {
    const { outcome, error, acted } = await runStepLifecycle(this.host, ref, observation, (status) => this.setStatus(ref, step, status));
    if (outcome === "complete") {
      this.setStatus(ref, step, "COMPLETE");
      this.complete++;
      this.stepsRun++;
      this.emit({ kind: "step-finished", level: "info", step: ref, status: "COMPLETE", complete: this.complete, total: this.total, message: `${ref.name}: complete (${this.complete} of ${this.total})` });
    } else if (outcome === "cancelled") {
      // Where it stopped: STARTED if the node was acted on (the next run checks it), else back to PENDING.
      recordMark(step, "stoppedAt", this.clock.now());
      this.setStatus(ref, step, acted ? "STARTED" : "PENDING");
      this.stoppedAt = ref.id;
    } else {
      step.error = messageOf(error);
      this.setStatus(ref, step, "ERROR");
      this.stoppedAt = ref.id;
      this.failure ??= { stepId: ref.id, error };
      this.emit({ kind: "step-finished", level: "error", step: ref, status: "ERROR", complete: this.complete, total: this.total, message: `${ref.name}: failed: ${step.error}` });
    }
  }

  /** The one place step statuses change during a run (DC/OS AbstractStep.setStatus). */
  private setStatus(ref: StepRef, step: PlanStep, status: StepStatus): void {
    if (step.status === status) return;
    step.status = status;
    recordStatusMark(step, status, this.clock.now());
    this.emit({ kind: "step-status", level: "status", step: ref, status, message: `${ref.name}: ${status}` });
  }

  private deadlineHit(): boolean {
    return this.clock.now() >= this.deadlineAt;
  }

  private stopRequested(): boolean {
    if (!this.abort.signal.aborted && this.deadlineHit()) this.abort.abort(new Error("rollout deadline reached"));
    return this.abort.signal.aborted;
  }

  private async nextSettled(): Promise<void> {
    await Promise.race(this.inFlight.values());
  }

  private async drain(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight.values()]);
  }

  private async fail(): Promise<never> {
    await this.drain();
    const f = this.failure!;
    throw new StepFailedError(f.stepId, f.error, this.checkpoint(undefined));
  }

  private async stop(): Promise<never> {
    await this.drain();
    if (this.failure) return this.fail();
    const deadline = this.deadlineHit() && !(this.options.signal?.aborted ?? false);
    const reason = deadline ? `deadline of ${this.options.timeoutMs} ms reached` : "cancelled";
    this.emit({ kind: "stopped", level: "warning", reason, message: `rollout stopped: ${reason}${this.stoppedAt ? ` at ${this.stoppedAt}` : ""}` });
    const cp = this.checkpoint(`rollout ${reason}`);
    throw deadline ? new RolloutDeadlineError(this.options.timeoutMs ?? 0, cp) : new RolloutCancelledError(cp);
  }

  private checkpoint(planError: string | undefined): Checkpoint {
    if (planError) this.plan.errors.push(planError);
    if (this.stoppedAt) this.plan.stoppedAt = this.stoppedAt;
    refreshNextInPlace(this.plan);
    const stepError = this.failure ? messageOf(this.failure.error) : undefined;
    return { plan: structuredClone(this.plan), error: stepError ?? planError ?? "stopped", stoppedAt: this.stoppedAt };
  }

  private emit(e: ProgressEvent): void {
    try {
      this.options.onProgress?.(e);
    } catch {
      // a broken progress sink must not break a rollout
    }
  }
}

/** Phase of a step, for resources that need it from a plan document. */
export function phaseOfStep(plan: Plan, stepId: string): PlanPhase | undefined {
  return plan.phases.find((p) => p.steps.some((s) => s.id === stepId));
}
