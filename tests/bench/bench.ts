// Shape of one benchmark module. tests/bench/main.ts runs every dist/tests/bench/*.bench.js it finds,
// so each area adds its own file without touching the runner.
export interface BenchResult {
  /** figures keyed by name, e.g. { pairsPerSecond: 61000, p99Micros: 40 } */
  figures: Record<string, number>;
  /** optional human targets per figure, e.g. { pairsPerSecond: ">= 50000" } */
  targets?: Record<string, string>;
  /** optional notes printed under the table */
  notes?: string[];
}

export interface Bench {
  /** key in the --json object, e.g. "paths", "executor", "plan", "plugin", "elastic" */
  key: string;
  /** one-line description for the table */
  title: string;
  run(): Promise<BenchResult>;
}
