// `npm run sim -- [--config FILE] [--time-scale X]`: starts the simulated world, prints ONE JSON line
// (URLs, credentials, control URL, hook scripts) and runs until SIGINT/SIGTERM, then stops cleanly.
import { readFileSync } from "fs";
import { defaultSimConfig } from "./default-config";
import { type SimConfigInput, startSim } from "./index";

class UsageError extends Error {}

function parseArgs(argv: string[]): { config?: string; timeScale?: number } {
  const out: { config?: string; timeScale?: number } = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const [flag, inline] = a.includes("=") ? a.split(/=(.*)/s) : [a, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new UsageError(`${flag} needs a value`);
      return v;
    };
    if (flag === "--config") out.config = value();
    else if (flag === "--time-scale") {
      const v = Number(value());
      if (!Number.isFinite(v) || v < 0) throw new UsageError("--time-scale must be a number ≥ 0 (1 = real time, 0.01 = 100× faster)");
      out.timeScale = v;
    } else if (flag === "--help" || flag === "-h") {
      process.stdout.write("usage: npm run sim -- [--config FILE] [--time-scale X]\n");
      process.exit(0);
    } else throw new UsageError(`unknown argument ${a}; usage: npm run sim -- [--config FILE] [--time-scale X]`);
  }
  return out;
}

async function main(): Promise<void> {
  let args: ReturnType<typeof parseArgs>;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    process.exit(2);
  }
  let cfg: SimConfigInput = defaultSimConfig();
  if (args.config) {
    try {
      cfg = JSON.parse(readFileSync(args.config, "utf8")) as SimConfigInput;
    } catch (e) {
      process.stderr.write(`cannot read config ${args.config}: ${(e as Error).message}\n`);
      process.exit(2);
    }
  }
  if (args.timeScale !== undefined) cfg = { ...cfg, timeScale: args.timeScale };
  const sim = await startSim(cfg);
  process.stdout.write(JSON.stringify(sim.summary()) + "\n");
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await sim.stop();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop());
  process.on("SIGTERM", () => void stop());
}

main().catch((e: unknown) => {
  process.stderr.write(`sim failed to start: ${(e as Error).message}\n`);
  process.exit(1);
});
