#!/usr/bin/env node
// Stand-in for the user's per-node upgrade command (`ssh <node> sudo ./install.sh -y`) against the simulated
// Redis Enterprise cluster. The provider sets UPGRADES_NODE_UID, UPGRADES_NODE_ADDR, UPGRADES_FROM_VERSION and
// UPGRADES_TARGET_VERSION; the simulator's controlUrl comes from `--control-url URL` (so a provider's
// nodeUpgrade.command can carry it) or from UPGRADES_SIM_CONTROL_URL. The script asks
// the simulator to run the installer on that node and waits for it, like install.sh, which returns when the
// node's processes are back.
// Exit codes: 0 upgraded (or already on the target); 1 the installer refused or failed; 2 bad environment;
// 3 the simulator could not be reached.
import { Agent, request } from "undici";

const ENV_CONTROL_URL = "UPGRADES_SIM_CONTROL_URL";

async function main(): Promise<number> {
  const env = process.env;
  const uid = env.UPGRADES_NODE_UID ?? "";
  const addr = env.UPGRADES_NODE_ADDR;
  const from = env.UPGRADES_FROM_VERSION;
  const target = env.UPGRADES_TARGET_VERSION ?? "";
  const i = process.argv.indexOf("--control-url");
  const controlUrl = (i >= 0 ? process.argv[i + 1] : undefined) ?? env[ENV_CONTROL_URL] ?? "";
  const missing = [
    !/^\d+$/.test(uid) && "UPGRADES_NODE_UID (a node uid such as 1)",
    !target && "UPGRADES_TARGET_VERSION (a build such as 7.22.0-95)",
    !controlUrl && `--control-url or ${ENV_CONTROL_URL} (the simulator's controlUrl)`,
  ].filter(Boolean);
  if (missing.length > 0) {
    process.stderr.write(`redis-node-upgrade: missing or invalid environment: ${missing.join(", ")}\n`);
    return 2;
  }
  process.stdout.write(`Upgrading node ${uid}${addr ? ` (${addr})` : ""} from ${from ?? "?"} to ${target}...\n`);
  // install.sh has no time limit of its own: the caller's timeout is what bounds a hung run.
  const dispatcher = new Agent({ headersTimeout: 0, bodyTimeout: 0 });
  let status: number;
  let text: string;
  try {
    const res = await request(`${controlUrl.replace(/\/$/, "")}/_sim/nodes/${uid}/upgrade`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ version: target, addr, from }),
      dispatcher,
    });
    status = res.statusCode;
    text = await res.body.text();
  } catch (e) {
    process.stderr.write(`redis-node-upgrade: cannot reach the simulator at ${controlUrl}: ${(e as Error).message}\n`);
    return 3;
  } finally {
    void dispatcher.close();
  }
  let body: { result?: string; error?: string; reason?: string; noop?: boolean } = {};
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    body = { error: text };
  }
  if (status === 200) {
    process.stdout.write(body.noop ? `Node ${uid} already runs ${target}; nothing to do.\n` : `Node ${uid} upgraded to ${target}.\n`);
    return 0;
  }
  process.stderr.write(`Error: ${body.error ?? `installer answered HTTP ${status}`}${body.reason ? ` [${body.reason}]` : ""}\n`);
  return 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`redis-node-upgrade: ${(e as Error).message}\n`);
    process.exitCode = 1;
  },
);
