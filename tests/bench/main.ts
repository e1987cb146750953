// `npm run bench [-- --json] [-- --only key,key]`: runs every *.bench.js beside this file, prints one
// table (or, with --json, one JSON object keyed by benchmark).
import * as fs from "fs";
import * as path from "path";
import { Bench } from "./bench";

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const json = args.includes("--json");
  const onlyIdx = args.indexOf("--only");
  const only = onlyIdx >= 0 ? new Set(args[onlyIdx + 1].split(",")) : undefined;
  const files = fs.readdirSync(__dirname).filter((f) => f.endsWith(".bench.js")).sort();
  const benches: Bench[] = [];
  for (const f of files) {
    const mod = require(path.join(__dirname, f));
    for (const b of Object.values(mod) as unknown[]) {
      if (b && typeof b === "object" && "key" in b && "run" in b) benches.push(b as Bench);
    }
  }
  const out: Record<string, Record<string, number>> = {};
  const rows: string[][] = [];
  const notes: string[] = [];
  for (const b of benches) {
    if (only && !only.has(b.key)) continue;
    if (!json) process.stderr.write(`running ${b.key} …\n`);
    const r = await b.run();
    out[b.key] = r.figures;
    for (const [k, v] of Object.entries(r.figures)) {
      rows.push([`${b.key}.${k}`, formatNumber(v), r.targets?.[k] ?? "", b.title]);
    }
    for (const n of r.notes ?? []) notes.push(`${b.key}: ${n}`);
  }
  if (json) {
    process.stdout.write(JSON.stringify(out) + "\n");
    return;
  }
  const header = ["figure", "value", "target", "benchmark"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => (i === 1 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join("  ").trimEnd();
  console.log(line(header));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const r of rows) console.log(line(r));
  if (notes.length) console.log("\n" + notes.join("\n"));
}

function formatNumber(v: number): string {
  if (Number.isInteger(v)) return String(v);
  return Math.abs(v) >= 100 ? v.toFixed(0) : v.toPrecision(3);
}

main().catch((e) => {
  process.stderr.write(String(e && e.stack ? e.stack : e) + "\n");
  process.exitCode = 1;
});
