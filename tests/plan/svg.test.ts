import * as assert from "assert";
import { buildPlan, Plan } from "../../provider/plan";
import { escapeXml, renderTimelineSvg, tickStep } from "../../provider/plan/svg";
import { parseXml, select, textOf, titleOf, XmlElement } from "./svg-xml.test";

const STEP = (hop: string, phase: string, target: string) => `${hop}/${phase}/${target}`;
const H1 = "8.17.3->8.19.4";
const H2 = "8.19.4->9.1.2";

/** Two hops; hop 1 fully timed (es-0 with a rejoin mark, a gate hold), hop 2: one ERROR step, rest not started. */
function timedPlan(): Plan {
  const phases = () => [
    { name: "hot", steps: [{ target: "es-1" }, { target: "es-2" }] },
    { name: "master", strategy: "serial" as const, steps: [{ target: "es-0", tags: ["master"] }] },
  ];
  const plan = buildPlan({
    name: "upgrade es",
    hops: [
      { from: "8.17.3", to: "8.19.4", phases: phases() },
      { from: "8.19.4", to: "9.1.2", phases: phases() },
    ],
  });
  const T0 = 1_764_655_200_000; // 2025-12-02T06:00:00Z
  const [hot1, master1, hot2] = plan.phases;
  hot1.steps[0].status = "COMPLETE";
  hot1.steps[0].timing = { preparedAt: T0, startedAt: T0 + 2_000, actedAt: T0 + 32_000, completedAt: T0 + 92_000 };
  hot1.steps[1].status = "COMPLETE";
  hot1.steps[1].timing = { preparedAt: T0 + 92_000, startedAt: T0 + 93_000, actedAt: T0 + 120_000, completedAt: T0 + 200_000 };
  master1.steps[0].status = "COMPLETE";
  master1.steps[0].gates = [{ gate: "only_restart_when_green_or_yellow", reason: "cluster health is red", firstAt: T0 + 200_000, lastAt: T0 + 260_000, count: 7 }];
  master1.steps[0].timing = { preparedAt: T0 + 260_000, startedAt: T0 + 261_000, actedAt: T0 + 300_000, rejoinedAt: T0 + 330_000, completedAt: T0 + 400_000 };
  hot2.steps[0].status = "ERROR";
  hot2.steps[0].error = "es-1 did not rejoin within 600s";
  hot2.steps[0].timing = { preparedAt: T0 + 400_000, startedAt: T0 + 401_000, actedAt: T0 + 430_000, failedAt: T0 + 500_000 };
  plan.stoppedAt = hot2.steps[0].id;
  return plan;
}

function rows(svg: XmlElement): XmlElement[] {
  return select(svg, "g", "row");
}

function n(v: string | undefined): number {
  assert.ok(v !== undefined, "attribute missing");
  const x = Number(v);
  assert.ok(Number.isFinite(x), `not a number: ${v}`);
  return x;
}

describe("renderTimelineSvg", () => {
  it("is a well-formed standalone SVG with xmlns, width, height and a matching viewBox", () => {
    const svg = parseXml(renderTimelineSvg(timedPlan(), { width: 1200 }));
    assert.strictEqual(svg.name, "svg");
    assert.strictEqual(svg.attrs.xmlns, "http://www.w3.org/2000/svg");
    assert.strictEqual(svg.attrs.width, "1200");
    const h = n(svg.attrs.height);
    assert.ok(h > 100);
    assert.strictEqual(svg.attrs.viewBox, `0 0 1200 ${h}`);
    assert.match(titleOf(svg) ?? "", /upgrade es/);
  });

  it("draws one row per step, in plan order, under hop and phase headings", () => {
    const plan = timedPlan();
    const svg = parseXml(renderTimelineSvg(plan));
    const ids = plan.phases.flatMap((p) => p.steps.map((s) => s.id));
    assert.deepStrictEqual(rows(svg).map((r) => r.attrs["data-step"]), ids);
    const hops = select(svg, "g", "hop");
    assert.deepStrictEqual(hops.map((h) => h.attrs["data-hop"]), [H1, H2]);
    for (const hop of hops) {
      assert.deepStrictEqual(select(hop, "g", "phase").map((p) => p.attrs["data-phase"]), ["hot", "master"]);
      assert.ok(select(hop, "text", "hop-title").some((t) => textOf(t) === hop.attrs["data-hop"].replace("->", " → ")));
      for (const phase of select(hop, "g", "phase")) {
        for (const r of rows(phase)) assert.ok(r.attrs["data-step"].startsWith(`${hop.attrs["data-hop"]}/${phase.attrs["data-phase"]}/`));
      }
    }
    // rows stack downwards
    const ys = rows(svg).map((r) => n(select(r, "text", "label")[0].attrs.y));
    assert.deepStrictEqual([...ys].sort((a, b) => a - b), ys);
    assert.strictEqual(new Set(ys).size, ys.length);
  });

  it("maps timings to prepare / upgrade / rejoin(/recovery) bars with x and width proportional to time", () => {
    const plan = timedPlan();
    const svg = parseXml(renderTimelineSvg(plan));
    const segs = select(svg, "rect", "seg");
    const byStep = (id: string) => segs.filter((s) => s.attrs["data-step"] === id);
    assert.deepStrictEqual(byStep(STEP(H1, "hot", "es-1")).map((s) => [s.attrs["data-segment"], s.attrs["data-label"]]), [
      ["prepare", "prepare"],
      ["upgrade", "upgrade"],
      ["rejoin", "rejoin/recovery"],
    ]);
    assert.deepStrictEqual(byStep(STEP(H1, "master", "es-0")).map((s) => s.attrs["data-label"]), ["prepare", "upgrade", "rejoin", "recovery"]);
    const t0 = plan.phases[0].steps[0].timing!.preparedAt!;
    const es0 = byStep(STEP(H1, "master", "es-0"));
    assert.deepStrictEqual(es0.map((s) => [n(s.attrs["data-start"]) - t0, n(s.attrs["data-end"]) - t0]), [
      [260_000, 261_000],
      [261_000, 300_000],
      [300_000, 330_000],
      [330_000, 400_000],
    ]);
    // one scale for every bar: px per ms from the first bar, origin at the 0 tick
    const zeroTick = select(svg, "line", "tick").find((t) => t.attrs["data-t"] === "0")!;
    const x0 = n(zeroTick.attrs.x1);
    const axisLine = select(svg, "line", "axis-line")[0];
    const planEl = select(svg, "g", "plan")[0];
    assert.strictEqual(n(axisLine.attrs.x1), x0);
    const k = (n(axisLine.attrs.x2) - x0) / (n(planEl.attrs["data-end"]) - n(planEl.attrs["data-start"]));
    assert.ok(k > 0);
    for (const s of segs) {
      const start = n(s.attrs["data-start"]) - t0;
      const dur = n(s.attrs["data-end"]) - n(s.attrs["data-start"]);
      assert.ok(Math.abs(n(s.attrs.x) - (x0 + k * start)) < 0.02, `x of ${s.attrs["data-step"]} ${s.attrs["data-segment"]}`);
      assert.ok(Math.abs(n(s.attrs.width) - k * dur) < 0.02, `width of ${s.attrs["data-step"]} ${s.attrs["data-segment"]}`);
    }
    // the last bar (the failed step's rejoin, ends at failedAt = the latest time) reaches the axis end
    const axis = select(svg, "line", "axis-line")[0];
    const last = byStep(STEP(H2, "hot", "es-1")).at(-1)!;
    assert.ok(Math.abs(n(last.attrs.x) + n(last.attrs.width) - n(axis.attrs.x2)) < 0.02);
    // ticks: every 2 minutes over a 500 s span (at most 8 intervals), labelled as elapsed time
    const ticks = select(svg, "line", "tick").map((t) => n(t.attrs["data-t"]));
    assert.deepStrictEqual(ticks, [0, 120_000, 240_000, 360_000, 480_000]);
    assert.deepStrictEqual(select(svg, "text", "tick-label").map(textOf), ["0s", "+2m", "+4m", "+6m", "+8m"]);
  });

  it("marks gate holds with a titled marker naming the gate, the reason and how often it held", () => {
    const svg = parseXml(renderTimelineSvg(timedPlan()));
    const gates = select(svg, "g", "gate");
    assert.strictEqual(gates.length, 1);
    const g = gates[0];
    assert.strictEqual(g.attrs["data-gate"], "only_restart_when_green_or_yellow");
    assert.strictEqual(g.attrs["data-step"], STEP(H1, "master", "es-0"));
    assert.strictEqual(g.attrs["data-count"], "7");
    assert.strictEqual(titleOf(g), "waiting on gate only_restart_when_green_or_yellow: cluster health is red (7 holds, +3m20s → +4m20s)");
    assert.strictEqual(select(g, "polygon", "gate-mark").length, 1);
    const span = select(g, "line", "gate-span")[0];
    assert.ok(n(span.attrs.x2) > n(span.attrs.x1));
  });

  it("shows steps without timing as labelled empty rows and marks ERROR steps with their error", () => {
    const svg = parseXml(renderTimelineSvg(timedPlan()));
    const row = (id: string) => rows(svg).find((r) => r.attrs["data-step"] === id)!;
    for (const id of [STEP(H2, "hot", "es-2"), STEP(H2, "master", "es-0")]) {
      const r = row(id);
      assert.strictEqual(select(r, "rect", "seg").length, 0);
      assert.deepStrictEqual(select(r, "text", "note").map((t) => [t.attrs["data-note"], textOf(t)]), [["not-started", "not started"]]);
    }
    const failed = row(STEP(H2, "hot", "es-1"));
    assert.strictEqual(failed.attrs["data-status"], "ERROR");
    assert.ok(failed.attrs.class.split(" ").includes("error"));
    const mark = select(failed, "text", "error-mark");
    assert.strictEqual(mark.length, 1);
    assert.strictEqual(titleOf(mark[0]), "es-1 failed: es-1 did not rejoin within 600s");
    assert.strictEqual(rows(svg).filter((r) => r.attrs["data-status"] === "ERROR").length, 1);
    const summary = select(svg, "text", "summary").map(textOf).join("\n");
    assert.match(summary, /^total 8m20s · prepare 5s · upgrade 2m05s · rejoin\/recovery 5m10s \(recovery after a rejoin mark 1m10s\) · 1 gate hold · started 2025-12-02T06:00:00.000Z$/m);
  });

  it("escapes hostile names, reasons and errors (the document still parses and shows the raw text)", () => {
    const hostile = `<script>alert("x")</script> & 'q' ]]> \u0007`;
    const plan = buildPlan({ name: `plan ${hostile}`, hops: [{ from: "1.0.0", to: "2.0.0", phases: [{ name: `ph<&>"`, steps: [{ target: `n<&"'>` }, { target: "b", name: `x]]>&amp;` }] }] }] });
    const [a, b] = plan.phases[0].steps;
    a.status = "ERROR";
    a.error = `failed: </text></svg><svg onload="x">`;
    a.timing = { preparedAt: 0, startedAt: 10, actedAt: 20, failedAt: 30 };
    a.gates = [{ gate: "g<&>", reason: `"bad" <reason> & more`, firstAt: 0, lastAt: 0, count: 1 }];
    b.timing = { preparedAt: 30 };
    const text = renderTimelineSvg(plan);
    const svg = parseXml(text);
    assert.deepStrictEqual(select(svg, "svg").length, 1, "no injected svg element");
    assert.strictEqual(select(svg, "script").length, 0);
    assert.strictEqual(select(svg, "text", "plan-title").map(textOf)[0], `plan <script>alert("x")</script> & 'q' ]]> \uFFFD (ERROR)`);
    const labels = select(svg, "text", "label").map(textOf);
    assert.deepStrictEqual(labels, [`n<&"'>`, `x]]>&amp; (b)`]);
    assert.strictEqual(select(svg, "g", "phase")[0].attrs["data-phase"], `ph<&>"`);
    assert.strictEqual(select(svg, "g", "gate")[0].attrs["data-gate"], "g<&>");
    assert.match(titleOf(select(svg, "g", "gate")[0]) ?? "", /"bad" <reason> & more/);
    assert.strictEqual(titleOf(select(svg, "text", "error-mark")[0]), `n<&"'> failed: failed: </text></svg><svg onload="x">`);
    // an open segment (prepared, nothing after) is drawn with zero width and an ellipsis note
    const open = select(svg, "rect", "seg").filter((s) => s.attrs["data-step"] === b.id);
    assert.deepStrictEqual(open.map((s) => [s.attrs["data-segment"], s.attrs.width, s.attrs.class]), [["prepare", "0", "seg seg-prepare open"]]);
    assert.strictEqual(escapeXml(`a<b>&"'`), "a&lt;b&gt;&amp;&quot;&apos;");
  });

  it("is deterministic and stacks several plans, each on its own time axis", () => {
    const p1 = timedPlan();
    const p2 = buildPlan({ name: "redis", hops: [{ from: "7.4.2", to: "7.8.2", phases: [{ name: "nodes", steps: [{ target: "1" }, { target: "2" }] }] }] });
    p2.phases[0].steps[0].timing = { preparedAt: 5, startedAt: 6, actedAt: 16, completedAt: 26 };
    const a = renderTimelineSvg([{ plan: p1, location: "urn:a" }, p2]);
    assert.strictEqual(renderTimelineSvg([{ plan: structuredClone(p1), location: "urn:a" }, structuredClone(p2)]), a);
    const svg = parseXml(a);
    const plans = select(svg, "g", "plan");
    assert.deepStrictEqual(plans.map((p) => [p.attrs["data-plan"], p.attrs["data-start"]]), [["upgrade es", String(p1.phases[0].steps[0].timing!.preparedAt)], ["redis", "5"]]);
    const lastRowY = Math.max(...rows(plans[0]).map((r) => n(select(r, "text", "label")[0].attrs.y)));
    const secondTitleY = n(select(plans[1], "text", "plan-title")[0].attrs.y);
    assert.ok(secondTitleY > lastRowY, "second plan below the first");
    assert.ok(n(svg.attrs.height) > Math.max(...rows(plans[1]).map((r) => n(select(r, "text", "label")[0].attrs.y))));
    assert.strictEqual(rows(svg).length, 8);
    // the second plan's 20 ms span fills the same chart width as the first plan's 500 s
    const width = (p: XmlElement) => select(p, "rect", "seg").reduce((s, r) => s + n(r.attrs.width), 0);
    assert.ok(Math.abs(width(plans[1]) - n(select(plans[1], "line", "axis-line")[0].attrs.x2) + n(select(plans[1], "line", "axis-line")[0].attrs.x1)) < 0.05);
    assert.ok(select(plans[0], "text", "summary").some((t) => textOf(t) === "urn:a"));
  });

  it("draws a plan with no timings at all as rows of 'not started' and says so", () => {
    const plan = buildPlan({ name: "fresh", hops: [{ from: "1.0.0", to: "2.0.0", phases: [{ name: "p", steps: [{ target: "a" }, { target: "b" }] }] }] });
    plan.phases[0].steps[1].status = "COMPLETE";
    const svg = parseXml(renderTimelineSvg(plan));
    assert.deepStrictEqual(select(svg, "text", "note").map((t) => t.attrs["data-note"]), ["not-started", "no-timing"]);
    assert.strictEqual(select(svg, "line", "tick").length, 0);
    assert.match(select(svg, "text", "summary").map(textOf).join(""), /no timings recorded/);
  });

  it("picks round tick intervals (at most 8 per axis)", () => {
    assert.strictEqual(tickStep(1), 1);
    assert.strictEqual(tickStep(20), 5);
    assert.strictEqual(tickStep(500_000), 120_000);
    assert.strictEqual(tickStep(3_600_000), 600_000);
    for (const span of [7, 999, 61_000, 5_000_000, 90_000_000, 1e10]) assert.ok(span / tickStep(span) <= 8, String(span));
  });
});
