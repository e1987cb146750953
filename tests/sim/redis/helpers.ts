// Small helpers for tests that drive the Redis Enterprise simulator over HTTP (REST with Basic auth, control API).
import * as path from "path";
import type { RedisSim } from "./index";

export interface Reply {
  status: number;
  body: unknown;
}

/** The compiled node-upgrade script (dist/tests/sim/scripts/redis-node-upgrade.js). */
export const REDIS_NODE_UPGRADE_SCRIPT = path.join(__dirname, "..", "scripts", "redis-node-upgrade.js");
/** The environment variable the script reads the control URL from. */
export const SIM_CONTROL_URL_ENV = "UPGRADES_SIM_CONTROL_URL";

/** A provider `nodeUpgrade.command` (argv) that upgrades nodes of this simulator: node, the script, --control-url. */
export function nodeUpgradeCommand(sim: RedisSim): string[] {
  return [process.execPath, REDIS_NODE_UPGRADE_SCRIPT, "--control-url", sim.controlUrl];
}

/** The env a provider would give the node-upgrade script, plus the control URL. */
export function nodeUpgradeEnv(sim: RedisSim, uid: number, target: string): Record<string, string> {
  const n = sim.state.node(uid);
  return {
    UPGRADES_NODE_UID: String(uid),
    UPGRADES_NODE_ADDR: n?.addr ?? "",
    UPGRADES_FROM_VERSION: n?.software_version ?? "",
    UPGRADES_TARGET_VERSION: target,
    [SIM_CONTROL_URL_ENV]: sim.controlUrl,
  };
}

function basic(sim: RedisSim): string {
  return `Basic ${Buffer.from(`${sim.credentials.username}:${sim.credentials.password}`).toString("base64")}`;
}

async function reply(res: Response): Promise<Reply> {
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // keep the text
  }
  return { status: res.status, body };
}

/** A REST call with the simulator's credentials (or `auth: null` for none). */
export async function rest(
  sim: RedisSim,
  method: string,
  p: string,
  opts: { body?: unknown; auth?: string | null; signal?: AbortSignal } = {},
): Promise<Reply> {
  const headers: Record<string, string> = { accept: "application/json" };
  const auth = opts.auth === undefined ? basic(sim) : opts.auth;
  if (auth) headers.authorization = auth;
  if (opts.body !== undefined) headers["content-type"] = "application/json";
  const res = await fetch(sim.url + p, {
    method,
    headers,
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
    signal: opts.signal,
  });
  return reply(res);
}

/** A control-API call (`/_sim/...`). */
export async function control(sim: RedisSim, method: string, p: string, body?: unknown): Promise<Reply> {
  const res = await fetch(sim.controlUrl + p, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return reply(res);
}

/** Polls `probe` until it returns a value other than undefined/false (bounded by `timeoutMs`). */
export async function until<T>(probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 5000, everyMs = 5): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`condition not reached within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
