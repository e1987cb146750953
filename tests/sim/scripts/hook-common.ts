// Shared by the hook scripts: ask the simulator's control API to play a package upgrade, then exit the
// way the real commands would (0 on success, non-zero when `systemctl start` fails). Faults can make the
// script exit non-zero without doing anything, or hang until killed.
export interface HookAnswer {
  action: "done" | "exit" | "hang";
  ok?: boolean;
  exitCode?: number;
  version?: string;
  message?: string;
}

export function requireEnv(name: string): string {
  const v = process.env[name];
  if (!v) {
    process.stderr.write(`${name} is not set; the provider sets it for each node hook (the simulator URL comes from startSim().hookEnv())\n`);
    process.exit(2);
  }
  return v;
}

/** `--control-url URL` (argv, handy inside a provider's hook command) or UPGRADES_SIM_CONTROL_URL */
export function controlUrl(): string {
  const i = process.argv.indexOf("--control-url");
  if (i >= 0 && process.argv[i + 1]) return process.argv[i + 1];
  const eq = process.argv.find((a) => a.startsWith("--control-url="));
  if (eq) return eq.slice("--control-url=".length);
  return requireEnv("UPGRADES_SIM_CONTROL_URL");
}

export async function runHook(path: string, body: Record<string, string>, label: string): Promise<never> {
  const base = controlUrl().replace(/\/$/, "");
  let answer: HookAnswer;
  try {
    const res = await fetch(`${base}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    const json = (await res.json()) as HookAnswer & { error?: string };
    if (!res.ok) {
      process.stderr.write(`${label}: ${json.error ?? `control API answered ${res.status}`}\n`);
      process.exit(1);
    }
    answer = json;
  } catch (e) {
    process.stderr.write(`${label}: cannot reach the simulator control API at ${base}: ${(e as Error).message}\n`);
    process.exit(1);
  }
  if (answer.action === "hang") {
    process.stdout.write(`${label}: ${answer.message ?? "hanging"}\n`);
    setInterval(() => {}, 60_000);
    return new Promise<never>(() => {});
  }
  if (answer.action === "exit") {
    process.stderr.write(`${label}: ${answer.message ?? "failed"}\n`);
    process.exit(answer.exitCode ?? 1);
  }
  if (answer.ok) {
    process.stdout.write(`${label}: ${answer.message ?? "done"}\n`);
    process.exit(0);
  }
  process.stderr.write(`${label}: ${answer.message ?? "failed"}\n`);
  process.exit(answer.exitCode ?? 1);
}
