/**
 * @module plan/svg
 * PURE: draws rollout plans as a timeline SVG (one row per step, grouped by hop and phase; bars for
 * prepare / upgrade / rejoin / recovery; gate holds as markers), from the timings the executor records.
 * Standalone document, deterministic for a given input, every text escaped.
 */
import { Plan, PlanStep } from "./schema";
import { planStatus } from "./status";
import { formatDuration, planTimeline, PlanTimeline, SegmentKind, TimelineRow } from "./timeline";

export interface TimelineSvgOptions {
  /** total width in px (default 1000, at least 400) */
  readonly width?: number;
  /** width of the label column in px (default 260) */
  readonly labelWidth?: number;
  /** height of one step row in px (default 20) */
  readonly rowHeight?: number;
  /** document title (default: the plan names) */
  readonly title?: string;
}

const PAD = 16;
const SEGMENT_FILL: Record<SegmentKind, string> = { prepare: "#9ecae1", upgrade: "#3182bd", rejoin: "#fd8d3c", recovery: "#fdd0a2" };
const LEGEND: Array<[string, string]> = [
  ["prepare", SEGMENT_FILL.prepare],
  ["upgrade", SEGMENT_FILL.upgrade],
  ["rejoin (or rejoin/recovery)", SEGMENT_FILL.rejoin],
  ["recovery", SEGMENT_FILL.recovery],
];
const STYLE = [
  "text{font-family:sans-serif;font-size:11px;fill:#222}",
  ".plan-title{font-size:14px;font-weight:bold}",
  ".summary,.note,.tick-label{fill:#555}",
  ".hop-title{font-weight:bold}",
  ".phase-title{font-style:italic}",
  ".tick{stroke:#ddd}",
  ".axis-line{stroke:#888}",
  ".seg{stroke:#333;stroke-width:0.5}",
  ".seg.open{stroke-dasharray:2,2}",
  ".gate-span{stroke:#c00;stroke-width:1.5}",
  ".gate-mark{fill:#c00}",
  ".error .label{fill:#c00;font-weight:bold}",
  ".error-mark{fill:#c00;font-weight:bold}",
].join("");

/** Escapes text for XML content and attribute values; drops characters XML 1.0 does not allow. */
export function escapeXml(text: string): string {
  let out = "";
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (ch === "&") out += "&amp;";
    else if (ch === "<") out += "&lt;";
    else if (ch === ">") out += "&gt;";
    else if (ch === '"') out += "&quot;";
    else if (ch === "'") out += "&apos;";
    else if ((c < 0x20 && c !== 0x9 && c !== 0xa && c !== 0xd) || (c >= 0xd800 && c <= 0xdfff) || c === 0xfffe || c === 0xffff) out += "\uFFFD";
    else out += ch;
  }
  return out;
}

/** Fixed 2-decimal numbers: the same input always gives the same text. */
function num(x: number): string {
  const r = Math.round(x * 100) / 100;
  return Object.is(r, -0) ? "0" : String(r);
}

function attrs(a: Record<string, string | number | undefined>): string {
  return Object.entries(a)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${typeof v === "number" ? num(v) : escapeXml(v as string)}"`)
    .join("");
}

function truncate(text: string, max: number): string {
  const cps = Array.from(text);
  return cps.length <= max ? text : `${cps.slice(0, max - 1).join("")}…`;
}

const TICK_STEPS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000, 900_000, 1_800_000, 3_600_000, 7_200_000, 10_800_000, 21_600_000, 43_200_000, 86_400_000];

/** A tick interval giving at most 8 intervals over `span` ms. */
export function tickStep(span: number): number {
  for (const s of TICK_STEPS) if (span / s <= 8) return s;
  return Math.ceil(span / 8 / 86_400_000) * 86_400_000;
}

const EPOCH_2001 = 978_307_200_000;

class Canvas {
  readonly lines: string[] = [];
  y = 0;
  constructor(readonly width: number, readonly labelWidth: number, readonly rowHeight: number) {}
  get chartX(): number {
    return PAD + this.labelWidth;
  }
  get chartW(): number {
    return this.width - this.chartX - PAD;
  }
  text(x: number, y: number, cls: string, content: string, extra: Record<string, string | number | undefined> = {}): string {
    return `<text${attrs({ class: cls, x, y, ...extra })}>${escapeXml(content)}</text>`;
  }
}

function summaryOf(tl: PlanTimeline): string {
  if (tl.start === undefined || tl.end === undefined) return "no timings recorded: the plan has not run (or was stored before timings existed)";
  const parts = [`total ${formatDuration(tl.end - tl.start)}`];
  const t = tl.totals;
  parts.push(`prepare ${formatDuration(t.prepare)}`, `upgrade ${formatDuration(t.upgrade)}`);
  parts.push(`rejoin/recovery ${formatDuration(t.rejoin + t.recovery)}${t.recovery > 0 ? ` (recovery after a rejoin mark ${formatDuration(t.recovery)})` : ""}`);
  parts.push(`${tl.gateHolds} gate hold${tl.gateHolds === 1 ? "" : "s"}`);
  if (tl.start >= EPOCH_2001) parts.push(`started ${new Date(tl.start).toISOString()}`);
  return parts.join(" · ");
}

function noteFor(step: PlanStep): { key: string; text: string } {
  if (step.status === "PENDING") return { key: "not-started", text: "not started" };
  if (step.status === "COMPLETE") return { key: "no-timing", text: "complete (no timing recorded)" };
  return { key: "no-timing", text: `${step.status} (no timing recorded)` };
}

function drawRow(c: Canvas, row: TimelineRow, x: (t: number) => number, rel: (t: number) => string): void {
  const { step } = row;
  const h = c.rowHeight;
  const top = c.y;
  const mid = top + h / 2;
  const barTop = top + 3;
  const barH = h - 6;
  const error = step.status === "ERROR";
  c.lines.push(`<g${attrs({ class: `row${error ? " error" : ""}`, "data-step": step.id, "data-status": step.status })}>`);
  const label = truncate(step.name === step.target ? step.name : `${step.name} (${step.target})`, Math.max(8, Math.floor((c.labelWidth - 40) / 6.2)));
  c.lines.push(`<text${attrs({ class: "label", x: PAD + 24, y: mid + 4 })}><title>${escapeXml(`${step.id}: ${step.status}`)}</title>${escapeXml(label)}</text>`);
  if (row.segments.length === 0 && row.gates.length === 0) {
    const note = noteFor(step);
    c.lines.push(c.text(c.chartX + 4, mid + 4, "note", note.text, { "data-note": note.key }));
  }
  for (const s of row.segments) {
    const x0 = x(s.start);
    const w = x(s.end) - x0;
    const title = s.open ? `${step.name}: ${s.label} since ${rel(s.start)} (not finished when stored)` : `${step.name}: ${s.label} ${formatDuration(s.end - s.start)} (${rel(s.start)} → ${rel(s.end)})`;
    c.lines.push(
      `<rect${attrs({ class: `seg seg-${s.kind}${s.open ? " open" : ""}`, "data-step": step.id, "data-segment": s.kind, "data-label": s.label, "data-start": s.start, "data-end": s.end, x: x0, y: barTop, width: w, height: barH, fill: SEGMENT_FILL[s.kind] })}><title>${escapeXml(title)}</title></rect>`,
    );
    if (s.open) c.lines.push(c.text(x0 + w + 2, mid + 4, "note", "…", { "data-note": "open" }));
  }
  for (const g of row.gates) {
    const gx0 = x(g.firstAt);
    const gx1 = x(g.lastAt);
    const title = `waiting on gate ${g.gate}: ${g.reason} (${g.count} hold${g.count === 1 ? "" : "s"}, ${rel(g.firstAt)} → ${rel(g.lastAt)})`;
    c.lines.push(`<g${attrs({ class: "gate", "data-step": step.id, "data-gate": g.gate, "data-count": g.count, "data-first": g.firstAt, "data-last": g.lastAt })}><title>${escapeXml(title)}</title>`);
    if (gx1 > gx0) c.lines.push(`<line${attrs({ class: "gate-span", x1: gx0, y1: mid, x2: gx1, y2: mid })}/>`);
    c.lines.push(`<polygon${attrs({ class: "gate-mark", points: `${num(gx0)},${num(mid - 5)} ${num(gx0 + 4)},${num(mid)} ${num(gx0)},${num(mid + 5)} ${num(gx0 - 4)},${num(mid)}` })}/>`);
    c.lines.push("</g>");
  }
  if (error) {
    const last = row.segments[row.segments.length - 1];
    const ex = last ? x(last.end) + 3 : c.chartX + 4 + 6.2 * noteFor(step).text.length + 6;
    c.lines.push(`<text${attrs({ class: "error-mark", x: ex, y: mid + 4, "data-error": step.id })}><title>${escapeXml(`${step.name} failed: ${step.error ?? "no message recorded"}`)}</title>✕ error</text>`);
  }
  c.lines.push("</g>");
  c.y += h;
}

function drawPlan(c: Canvas, tl: PlanTimeline, index: number, location: string | undefined): void {
  const plan = tl.plan;
  const start = tl.start ?? 0;
  const span = Math.max(1, (tl.end ?? start) - start);
  const x = (t: number) => c.chartX + ((t - start) / span) * c.chartW;
  const rel = (t: number) => `+${formatDuration(t - start)}`;
  c.lines.push(`<g${attrs({ class: "plan", "data-plan": plan.name, "data-index": index, "data-start": tl.start, "data-end": tl.end })}>`);
  c.y += 18;
  c.lines.push(c.text(PAD, c.y, "plan-title", `${plan.name} (${planStatus(plan)})`));
  if (location) {
    c.y += 15;
    c.lines.push(c.text(PAD, c.y, "summary", location));
  }
  c.y += 15;
  c.lines.push(c.text(PAD, c.y, "summary", summaryOf(tl)));
  // time axis
  c.y += 18;
  const axisY = c.y;
  const step = tickStep(span);
  const tickTop = axisY;
  const bodyRows = tl.hops.reduce((n, h) => n + 1 + h.phases.reduce((m, p) => m + 1 + p.rows.length, 0), 0);
  const bottom = axisY + 6 + bodyRows * c.rowHeight;
  c.lines.push(`<g class="axis">`);
  c.lines.push(`<line${attrs({ class: "axis-line", x1: c.chartX, y1: axisY, x2: c.chartX + c.chartW, y2: axisY })}/>`);
  if (tl.start !== undefined) {
    for (let k = 0; k * step <= span; k++) {
      const tx = x(start + k * step);
      c.lines.push(`<line${attrs({ class: "tick", "data-t": k * step, x1: tx, y1: tickTop - 4, x2: tx, y2: bottom })}/>`);
      c.lines.push(c.text(tx, tickTop - 6, "tick-label", k === 0 ? "0s" : `+${formatDuration(k * step)}`, { "text-anchor": "middle" }));
    }
  }
  c.lines.push("</g>");
  c.y += 6;
  for (const hop of tl.hops) {
    c.lines.push(`<g${attrs({ class: "hop", "data-hop": `${hop.hop.from}->${hop.hop.to}` })}>`);
    c.lines.push(c.text(PAD, c.y + c.rowHeight / 2 + 4, "hop-title", `${hop.hop.from} → ${hop.hop.to}`));
    c.y += c.rowHeight;
    for (const ph of hop.phases) {
      c.lines.push(`<g${attrs({ class: "phase", "data-phase": ph.phase.name })}>`);
      c.lines.push(c.text(PAD + 12, c.y + c.rowHeight / 2 + 4, "phase-title", `${ph.phase.name} (${ph.phase.strategy})`));
      c.y += c.rowHeight;
      for (const row of ph.rows) drawRow(c, row, x, rel);
      c.lines.push("</g>");
    }
    c.lines.push("</g>");
  }
  c.lines.push("</g>");
}

export interface LocatedPlan {
  readonly plan: Plan;
  /** where the plan was found (shown under its title), e.g. a resource URN */
  readonly location?: string;
}

/**
 * Draws one or more plans (stacked, each on its own time axis) as a standalone SVG document.
 * Rows carry `data-step`/`data-status`; bars are `<rect data-segment="prepare|upgrade|rejoin|recovery"
 * data-start data-end>` with x/width proportional to the recorded times; gate holds are
 * `<g class="gate" data-gate>` markers with a `<title>` naming the gate and reason.
 * @example fs.writeFileSync("rollout.svg", renderTimelineSvg(result.plan))
 */
export function renderTimelineSvg(input: Plan | LocatedPlan | ReadonlyArray<Plan | LocatedPlan>, opts: TimelineSvgOptions = {}): string {
  const list = (Array.isArray(input) ? input : [input]) as ReadonlyArray<Plan | LocatedPlan>;
  const items: LocatedPlan[] = list.map((p) => ("kind" in p ? { plan: p } : p));
  const width = Math.max(400, Math.round(opts.width ?? 1000));
  const labelWidth = Math.min(width - 200, Math.max(80, Math.round(opts.labelWidth ?? 260)));
  const rowHeight = Math.max(12, Math.round(opts.rowHeight ?? 20));
  const c = new Canvas(width, labelWidth, rowHeight);
  const title = opts.title ?? (items.length === 0 ? "rollout timeline" : `rollout timeline: ${items.map((i) => i.plan.name).join(", ")}`);
  c.y = 4;
  // legend
  c.y += 14;
  let lx = PAD;
  c.lines.push(`<g class="legend">`);
  for (const [name, fill] of LEGEND) {
    c.lines.push(`<rect${attrs({ x: lx, y: c.y - 9, width: 10, height: 10, fill })}/>`);
    c.lines.push(c.text(lx + 14, c.y, "legend-label", name));
    lx += 14 + name.length * 6.2 + 16;
  }
  c.lines.push(`<polygon${attrs({ class: "gate-mark", points: `${num(lx + 4)},${num(c.y - 10)} ${num(lx + 8)},${num(c.y - 5)} ${num(lx + 4)},${num(c.y)} ${num(lx)},${num(c.y - 5)}` })}/>`);
  c.lines.push(c.text(lx + 12, c.y, "legend-label", "gate hold"));
  c.lines.push("</g>");
  if (items.length === 0) {
    c.y += 20;
    c.lines.push(c.text(PAD, c.y, "note", "no plans"));
  }
  items.forEach((item, i) => {
    c.y += i === 0 ? 8 : 24;
    drawPlan(c, planTimeline(item.plan), i, item.location);
  });
  const height = Math.ceil(c.y + PAD);
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<svg${attrs({ xmlns: "http://www.w3.org/2000/svg", width, height, viewBox: `0 0 ${width} ${height}`, role: "img" })}>`,
    `<title>${escapeXml(title)}</title>`,
    `<style>${STYLE}</style>`,
    `<rect${attrs({ class: "background", x: 0, y: 0, width, height, fill: "#fff" })}/>`,
    ...c.lines,
    "</svg>",
    "",
  ].join("\n");
}
