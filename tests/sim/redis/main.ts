#!/usr/bin/env node
// Runs the simulated Redis Enterprise cluster until interrupted:
//   node dist/tests/sim/redis/main.js [--config FILE.json] [--time-scale X]
// and prints one JSON line: {"url","controlUrl","credentials","nodeUpgradeScript","env"}.
import * as fs from "fs";
import { REDIS_NODE_UPGRADE_SCRIPT, SIM_CONTROL_URL_ENV } from "./helpers";
import { startRedisSim } from "./index";

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const file = arg("--config");
  const scale = arg("--time-scale");
  const config = file ? (JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, unknown>) : {};
  if (scale !== undefined) {
    const n = Number(scale);
    if (!(n > 0)) throw new Error(`--time-scale must be a positive number (got ${scale})`);
    config.timeScale = n;
  }
  const sim = await startRedisSim(config);
  process.stdout.write(
    JSON.stringify({
      url: sim.url,
      controlUrl: sim.controlUrl,
      credentials: sim.credentials,
      nodeUpgradeScript: REDIS_NODE_UPGRADE_SCRIPT,
      env: { [SIM_CONTROL_URL_ENV]: sim.controlUrl },
    }) + "\n",
  );
  const shutdown = () => {
    void sim.stop().then(() => process.exit(0));
  };
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
}

main().catch((e: unknown) => {
  process.stderr.write(`redis simulator: ${(e as Error).message}\n`);
  process.exit(1);
});
