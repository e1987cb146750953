// `npm run demo [-- --time-scale X]`: the simulated world, the examples' stacks previewed and upgraded through the real
// plugin process, the plan trees and one result line per resource; then everything is stopped (docs/demo.md).
// Exit codes: 0 every resource reached its target, 1 a failure (the message says which and why), 2 bad arguments,
// 130 interrupted (Ctrl-C; the providers are cancelled and everything is stopped first).
import { DEFAULT_TIME_SCALE, DemoInterruptedError, livePluginPids, runDemo, type DemoReport } from "./run";

export class UsageError extends Error {
  override readonly name = "UsageError";
}

export const USAGE = "usage: npm run demo [-- --time-scale X]   (X: real seconds per simulated second, default " + DEFAULT_TIME_SCALE + "; 0.1 to watch it slowly)";

export function parseArgs(argv: readonly string[]): { timeScale: number; help: boolean } {
  let timeScale = DEFAULT_TIME_SCALE;
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const [flag, inline] = a.includes("=") ? a.split(/=(.*)/s) : [a, undefined];
    if (flag === "--help" || flag === "-h") help = true;
    else if (flag === "--time-scale") {
      const v = inline ?? argv[++i];
      const n = Number(v);
      if (v === undefined || v.trim() === "" || !Number.isFinite(n) || n <= 0 || n > 10) throw new UsageError(`--time-scale needs a number in (0, 10], got ${v === undefined ? "nothing" : JSON.stringify(v)}; ${USAGE}`);
      timeScale = n;
    } else throw new UsageError(`unknown argument ${JSON.stringify(a)}; ${USAGE}`);
  }
  return { timeScale, help };
}

/** Runs the demo; resolves to the process exit code. */
export async function main(
  argv: readonly string[],
  io: { out(line: string): void; err(line: string): void },
  signal?: AbortSignal,
  /** receives the run's report (tests read the world and the pids from it) */
  onReport?: (r: DemoReport) => void,
): Promise<number> {
  let args: ReturnType<typeof parseArgs>;
  try {
    args = parseArgs(argv);
  } catch (e) {
    io.err((e as Error).message);
    return 2;
  }
  if (args.help) {
    io.out(USAGE);
    return 0;
  }
  try {
    const report = await runDemo({ timeScale: args.timeScale, out: io.out, signal });
    onReport?.(report);
    if (report.leftovers.length) {
      io.err(`demo failed: plugin processes ${report.leftovers.join(", ")} did not exit; kill them with kill ${report.leftovers.join(" ")}`);
      return 1;
    }
    if (!report.ok) {
      const bad = report.resources.filter((r) => !r.ok);
      io.err(`demo failed: ${bad.map((r) => `${r.type} ${r.name}: ${r.error ?? "did not complete"}`).join("; ")}`);
      io.err("Everything was stopped. Re-run with --time-scale 0.05 to watch it slowly, or run the resource's tests (docs/demo.md).");
      return 1;
    }
    return 0;
  } catch (e) {
    if (e instanceof DemoInterruptedError || signal?.aborted) {
      io.err(new DemoInterruptedError().message);
      return 130;
    }
    io.err(`demo failed: ${(e as Error).message}`);
    io.err("Everything that was started has been stopped. Check that `npx tsc -p .` built dist/ and retry.");
    return 1;
  }
}

if (require.main === module) {
  const ac = new AbortController();
  let interrupts = 0;
  const onSignal = () => {
    interrupts++;
    if (interrupts === 1) ac.abort();
    else {
      process.stderr.write("second interrupt: exiting now (plugin processes get SIGKILL from their own teardown timers)\n");
      process.exit(130);
    }
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  process.on("exit", () => {
    for (const pid of livePluginPids) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
  });
  // `npm run demo | head`: once stdout is closed, stop writing and wind down as on Ctrl-C
  let stdoutOpen = true;
  process.stdout.on("error", () => {
    stdoutOpen = false;
    ac.abort();
  });
  main(
    process.argv.slice(2),
    { out: (l) => void (stdoutOpen && process.stdout.write(l + "\n")), err: (l) => process.stderr.write(l + "\n") },
    ac.signal,
  ).then(
    (code) => {
      process.exitCode = code;
      // every server and child is closed by now; exit even if a library left a timer behind
      setImmediate(() => process.exit(code));
    },
    (e: unknown) => {
      process.stderr.write(`demo failed: ${(e as Error).message}\n`);
      process.exit(1);
    },
  );
}
