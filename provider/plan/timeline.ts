/**
 * @module plan/timeline
 * PURE: turns the timings the executor records on plan steps (`PlanStep.timing`, `PlanStep.gates`) into
 * segments per step (prepare, upgrade, rejoin, recovery) and gate markers, grouped by hop and phase,
 * for `renderTimelineSvg`. Also the small recorders the executor uses to write those timings.
 */
import { GateHold, Hop, Plan, PlanPhase, PlanStep, StepStatus, StepTiming } from "./schema";

export type SegmentKind = "prepare" | "upgrade" | "rejoin" | "recovery";
export const SEGMENT_KINDS: readonly SegmentKind[] = ["prepare", "upgrade", "rejoin", "recovery"];

export interface TimelineSegment {
  readonly kind: SegmentKind;
  /** "prepare", "upgrade", "rejoin", "recovery", or "rejoin/recovery" when no rejoin mark was recorded */
  readonly label: string;
  /** epoch ms */
  readonly start: number;
  /** epoch ms; equals `start` when `open` */
  readonly end: number;
  /** the segment had not ended when the plan was stored (the run was still going) */
  readonly open: boolean;
}

export interface TimelineRow {
  readonly step: PlanStep;
  readonly segments: readonly TimelineSegment[];
  readonly gates: readonly GateHold[];
}

export interface TimelinePhase {
  readonly phase: PlanPhase;
  readonly rows: readonly TimelineRow[];
}

export interface TimelineHop {
  readonly hop: Hop;
  readonly phases: readonly TimelinePhase[];
}

export interface PlanTimeline {
  readonly plan: Plan;
  /** earliest recorded time (epoch ms); undefined when nothing was recorded */
  readonly start: number | undefined;
  /** latest recorded time (epoch ms) */
  readonly end: number | undefined;
  readonly hops: readonly TimelineHop[];
  /** summed segment durations per kind, ms ("rejoin" includes unsplit rejoin/recovery) */
  readonly totals: Readonly<Record<SegmentKind, number>>;
  /** number of gate markers (coalesced holds) */
  readonly gateHolds: number;
}

/** Which timing mark a stored status sets when a step enters it. */
const MARK_OF_STATUS: Partial<Record<StepStatus, keyof StepTiming>> = {
  PREPARED: "preparedAt",
  STARTING: "startedAt",
  STARTED: "actedAt",
  COMPLETE: "completedAt",
  ERROR: "failedAt",
};

/** Records `mark` on the step (in place). */
export function recordMark(step: PlanStep, mark: keyof StepTiming, at: number): void {
  step.timing = { ...step.timing, [mark]: at };
}

/** Records the mark that entering `status` implies (PREPARED → preparedAt, …); no-op for others. */
export function recordStatusMark(step: PlanStep, status: StepStatus, at: number): void {
  const mark = MARK_OF_STATUS[status];
  if (mark) recordMark(step, mark, at);
}

/** Longest reason kept on a gate hold. */
export const MAX_GATE_REASON = 200;
/** Most distinct gates kept per step (further gates are folded into the last entry's count). */
export const MAX_GATE_HOLDS = 16;

/** Records that `gate` held the step at `at`, coalescing repeated holds of the same gate (in place). */
export function recordGateHold(step: PlanStep, gate: string, reason: string, at: number): void {
  const text = reason.length > MAX_GATE_REASON ? `${reason.slice(0, MAX_GATE_REASON - 1)}…` : reason;
  const holds = (step.gates ??= []);
  const same = holds.find((h) => h.gate === gate) ?? (holds.length >= MAX_GATE_HOLDS ? holds[holds.length - 1] : undefined);
  if (same) {
    same.lastAt = Math.max(same.lastAt, at);
    same.firstAt = Math.min(same.firstAt, at);
    same.count++;
    if (same.gate === gate) same.reason = text;
    return;
  }
  holds.push({ gate, reason: text, firstAt: at, lastAt: at, count: 1 });
}

/** The bar segments of one step, in time order; empty when the step has no timing. */
export function stepSegments(step: PlanStep): TimelineSegment[] {
  const t = step.timing;
  if (!t) return [];
  const bounds: Array<[SegmentKind, number | undefined]> = [
    ["prepare", t.preparedAt],
    ["upgrade", t.startedAt],
    ["rejoin", t.actedAt],
    ["recovery", t.rejoinedAt],
  ];
  const present = bounds.filter((b): b is [SegmentKind, number] => b[1] !== undefined);
  const end = t.completedAt ?? t.failedAt ?? t.stoppedAt;
  const split = t.rejoinedAt !== undefined;
  const out: TimelineSegment[] = [];
  present.forEach(([kind, start], i) => {
    const nextStart = i + 1 < present.length ? present[i + 1][1] : end;
    const label = kind === "rejoin" && !split ? "rejoin/recovery" : kind;
    if (nextStart === undefined) out.push({ kind, label, start, end: start, open: true });
    else out.push({ kind, label, start, end: Math.max(start, nextStart), open: false });
  });
  return out;
}

function timesOf(step: PlanStep): number[] {
  const out: number[] = [];
  if (step.timing) for (const v of Object.values(step.timing)) if (typeof v === "number") out.push(v);
  for (const g of step.gates ?? []) out.push(g.firstAt, g.lastAt);
  return out;
}

/** Segments and gate markers of every step, grouped by hop then phase (plan order). */
export function planTimeline(plan: Plan): PlanTimeline {
  let start: number | undefined;
  let end: number | undefined;
  const totals: Record<SegmentKind, number> = { prepare: 0, upgrade: 0, rejoin: 0, recovery: 0 };
  let gateHolds = 0;
  const hopKey = (h: Hop) => `${h.from}->${h.to}`;
  const hops: Array<{ hop: Hop; phases: TimelinePhase[] }> = [];
  const byKey = new Map<string, { hop: Hop; phases: TimelinePhase[] }>();
  for (const h of plan.hops) {
    const entry = { hop: h, phases: [] as TimelinePhase[] };
    if (!byKey.has(hopKey(h))) {
      byKey.set(hopKey(h), entry);
      hops.push(entry);
    }
  }
  for (const phase of plan.phases) {
    let entry = byKey.get(hopKey(phase.hop));
    if (!entry) {
      entry = { hop: phase.hop, phases: [] };
      byKey.set(hopKey(phase.hop), entry);
      hops.push(entry);
    }
    const rows: TimelineRow[] = phase.steps.map((step) => {
      for (const t of timesOf(step)) {
        start = start === undefined ? t : Math.min(start, t);
        end = end === undefined ? t : Math.max(end, t);
      }
      const segments = stepSegments(step);
      for (const s of segments) totals[s.kind] += s.end - s.start;
      const gates = [...(step.gates ?? [])];
      gateHolds += gates.length;
      return { step, segments, gates };
    });
    entry.phases.push({ phase, rows });
  }
  return { plan, start, end, hops: hops.filter((h) => h.phases.length > 0), totals, gateHolds };
}

/** "250ms", "1.5s", "42s", "2m", "2m05s", "1h", "1h02m". */
export function formatDuration(ms: number): string {
  const v = Math.max(0, Math.round(ms));
  if (v < 1000) return `${v}ms`;
  if (v < 10_000) {
    const s = Math.round(v / 100) / 10;
    return `${Number.isInteger(s) ? s.toFixed(0) : s.toFixed(1)}s`;
  }
  const totalS = Math.round(v / 1000);
  if (totalS < 60) return `${totalS}s`;
  if (totalS < 3600) {
    const m = Math.floor(totalS / 60);
    const s = totalS % 60;
    return s === 0 ? `${m}m` : `${m}m${String(s).padStart(2, "0")}s`;
  }
  const totalM = Math.round(totalS / 60);
  const h = Math.floor(totalM / 60);
  const m = totalM % 60;
  return m === 0 ? `${h}h` : `${h}h${String(m).padStart(2, "0")}m`;
}
