// paths: all-pairs findPath over the GA-dated Elasticsearch catalog (6.8.0 and newer), on an index built once.
import { performance } from "perf_hooks";
import { Bench } from "./bench";
import { compareVersions, findPath, loadCatalog, warmPathIndex } from "../../provider/versions";

export const pathsBench: Bench = {
  key: "paths",
  title: "all-pairs upgrade paths, Elasticsearch 6.8+ catalog",
  async run() {
    const versions = loadCatalog("elasticsearch")
      .entries.filter((e) => !e.parsed.prerelease && compareVersions("elasticsearch", e.version, "6.8.0") >= 0)
      .map((e) => e.version);
    const t0 = process.hrtime.bigint();
    warmPathIndex("elasticsearch", {}, "6.8.0");
    const buildMs = Number(process.hrtime.bigint() - t0) / 1e6;

    // JIT warm-up on a slice of the pairs (untimed), as any steady-state measurement does
    for (let i = 0; i < versions.length; i += 7) for (const b of versions) findPath("elasticsearch", versions[i], b);

    const samples = new Float64Array(versions.length * versions.length);
    let k = 0;
    let found = 0;
    // performance.now() returns a double (no BigInt allocation per sample, unlike hrtime.bigint)
    const start = performance.now();
    for (const a of versions) {
      for (const b of versions) {
        const s = performance.now();
        const r = findPath("elasticsearch", a, b);
        samples[k++] = (performance.now() - s) * 1e3;
        if (r.path) found++;
      }
    }
    const totalSec = (performance.now() - start) / 1e3;
    samples.sort();
    const p99 = samples[Math.min(samples.length - 1, Math.floor(samples.length * 0.99))];
    return {
      figures: {
        pairsPerSecond: Math.round(k / totalSec),
        p99Micros: Number(p99.toFixed(1)),
      },
      targets: { pairsPerSecond: ">= 50000" },
      notes: [
        `${versions.length} versions, ${k} ordered pairs (${found} with a path; the rest are downgrades or blocked); ` +
          `index built once in ${buildMs.toFixed(0)} ms before timing`,
      ],
    };
  },
};
