// The node-upgrade script (stand-in for `ssh <node> sudo ./install.sh -y`) run as a real child process with the
// UPGRADES_* environment a provider sets.
import * as assert from "assert";
import { ChildProcess, execFile } from "child_process";
import { nodeUpgradeCommand, nodeUpgradeEnv, REDIS_NODE_UPGRADE_SCRIPT, rest, until } from "./helpers";
import { RedisSim, startRedisSim } from "./index";

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  killed: boolean;
  stdout: string;
  stderr: string;
}

function runScript(env: Record<string, string>, onChild?: (child: ChildProcess) => void, argv: string[] = [process.execPath, REDIS_NODE_UPGRADE_SCRIPT]): Promise<Run> {
  return new Promise((resolve) => {
    const opts = { env: { PATH: process.env.PATH ?? "", ...env }, timeout: 15_000 };
    const child = execFile(argv[0], argv.slice(1), opts, (err, stdout, stderr) => {
      const e = err as (Error & { code?: number | string; signal?: NodeJS.Signals; killed?: boolean }) | null;
      resolve({
        code: e ? (typeof e.code === "number" ? e.code : null) : 0,
        signal: e?.signal ?? null,
        killed: e?.killed ?? false,
        stdout,
        stderr,
      });
    });
    onChild?.(child);
  });
}

describe("redis sim: node-upgrade script (execFile)", () => {
  let sim: RedisSim;
  beforeEach(async () => {
    sim = await startRedisSim({ nodes: { count: 3, version: "7.4.2-54" }, timeScale: 0.0002 });
  });
  afterEach(() => sim.stop());

  it("upgrades the node named by UPGRADES_NODE_UID to UPGRADES_TARGET_VERSION and exits 0", async () => {
    const r = await runScript(nodeUpgradeEnv(sim, 1, "7.8.2-34"));
    assert.strictEqual(r.code, 0, r.stderr);
    assert.match(r.stdout, /Node 1 upgraded to 7\.8\.2-34/);
    const n = (await rest(sim, "GET", "/v1/nodes/1")).body as { software_version: string; status: string };
    assert.deepStrictEqual([n.software_version, n.status], ["7.8.2-34", "active"]);
    assert.strictEqual(sim.state.node(2)!.software_version, "7.4.2-54", "only that node changed");
  });

  it("takes the control URL from --control-url (nodeUpgradeCommand) when the env var is absent", async () => {
    const env = nodeUpgradeEnv(sim, 3, "7.8.2-34");
    delete env.UPGRADES_SIM_CONTROL_URL;
    const r = await runScript(env, undefined, nodeUpgradeCommand(sim));
    assert.strictEqual(r.code, 0, r.stderr);
    assert.strictEqual(sim.state.node(3)!.software_version, "7.8.2-34");
  });

  it("exits 1 with the installer's reason when the cluster is not healthy", async () => {
    sim.state.controlStop(3);
    const r = await runScript(nodeUpgradeEnv(sim, 1, "7.8.2-34"));
    assert.strictEqual(r.code, 1);
    assert.match(r.stderr, /cluster is not healthy.*\[cluster_unhealthy\]/);
    assert.strictEqual(sim.state.node(1)!.software_version, "7.4.2-54");
  });

  it("exits 1 when the installer fails (install_fails)", async () => {
    sim.state.addFault({ kind: "install_fails", node: 2, message: "Error: --install-dir cannot be set during upgrade." });
    const r = await runScript(nodeUpgradeEnv(sim, 2, "7.8.2-34"));
    assert.strictEqual(r.code, 1);
    assert.match(r.stderr, /--install-dir cannot be set during upgrade/);
  });

  it("hangs while the installer hangs, until the caller kills it (install_hangs)", async () => {
    sim.state.addFault({ kind: "install_hangs", node: 2 });
    let child: ChildProcess | undefined;
    const run = runScript(nodeUpgradeEnv(sim, 2, "7.8.2-34"), (c) => (child = c));
    await until(() => sim.state.installing === 2);
    let settled = false;
    void run.then(() => (settled = true));
    await new Promise((r) => setImmediate(r));
    assert.strictEqual(settled, false, "the script has not exited while the installer hangs");
    child!.kill("SIGTERM");
    const r = await run;
    assert.strictEqual(r.signal, "SIGTERM", "ended only by the caller's kill");
    assert.strictEqual(sim.state.installing, 2, "the simulated installer is still running");
  });

  it("exits 2 when the environment is incomplete, naming the missing variables", async () => {
    const env = nodeUpgradeEnv(sim, 1, "7.8.2-34");
    delete env.UPGRADES_SIM_CONTROL_URL;
    delete env.UPGRADES_NODE_UID;
    const r = await runScript(env);
    assert.strictEqual(r.code, 2);
    assert.match(r.stderr, /UPGRADES_NODE_UID/);
    assert.match(r.stderr, /UPGRADES_SIM_CONTROL_URL/);
  });

  it("exits 1 when UPGRADES_NODE_ADDR is not the node's address", async () => {
    const env = { ...nodeUpgradeEnv(sim, 1, "7.8.2-34"), UPGRADES_NODE_ADDR: "10.9.9.9" };
    const r = await runScript(env);
    assert.strictEqual(r.code, 1);
    assert.match(r.stderr, /has address 10\.0\.0\.11/);
  });
});
