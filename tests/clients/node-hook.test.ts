// Real child processes (node -e scripts) for the per-node upgrade command runner.
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { NodeHookError } from "../../provider/clients/errors";
import { nodeHookEnv, runNodeHook } from "../../provider/clients/node-hook";

const NODE = process.execPath;

function script(src: string, ...args: string[]): string[] {
  return [NODE, "-e", src, "--", ...args];
}

async function rejection(p: Promise<unknown>): Promise<NodeHookError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof NodeHookError, `expected NodeHookError, got ${String(e)}`);
    return e;
  }
  assert.fail("expected the hook to fail");
}

/** running (a zombie awaiting its reaper counts as dead: it was killed, only not yet collected) */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    return !/^\d+ \(.*\) [ZX]/.test(stat);
  } catch {
    return true;
  }
}

describe("node hook runner", () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "upgrades-hook-"));
  });
  after(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("runs the command with the UPGRADES_* variables and resolves with exit code 0", async () => {
    const env = nodeHookEnv({ nodeName: "es-hot-0", nodeId: "k3jD1lX0TqGv2xv4m9pQwA", nodeHost: "10.0.0.11", fromVersion: "8.19.2", targetVersion: "9.1.2" });
    const r = await runNodeHook({
      command: script(
        "const k=['UPGRADES_NODE_NAME','UPGRADES_NODE_ID','UPGRADES_NODE_HOST','UPGRADES_FROM_VERSION','UPGRADES_TARGET_VERSION'];" +
          "console.log(JSON.stringify(k.map(x=>process.env[x]))); console.log('PATH set: '+(process.env.PATH!==undefined))",
      ),
      env,
      timeoutMs: 10_000,
    });
    assert.strictEqual(r.exitCode, 0);
    assert.ok(r.durationMs >= 0);
    const lines = r.tail.split("\n");
    assert.deepStrictEqual(JSON.parse(lines[0]), ["es-hot-0", "k3jD1lX0TqGv2xv4m9pQwA", "10.0.0.11", "8.19.2", "9.1.2"]);
    assert.strictEqual(lines[1], "PATH set: true", "process.env is inherited");
  });

  it("passes a node name full of shell metacharacters verbatim and never executes it", async () => {
    const marker = path.join(dir, "pwned");
    const nasty = `es-0"; touch ${marker}1; echo $(touch ${marker}2) \`touch ${marker}3\` | cat > ${marker}4 & rm -rf / ; '`;
    const r = await runNodeHook({
      command: script("console.log(JSON.stringify({env: process.env.UPGRADES_NODE_NAME, arg: process.argv[process.argv.length-1]}))", nasty),
      env: { UPGRADES_NODE_NAME: nasty },
      timeoutMs: 10_000,
    });
    const seen = JSON.parse(r.tail) as { env: string; arg: string };
    assert.strictEqual(seen.env, nasty);
    assert.strictEqual(seen.arg, nasty);
    for (const n of [1, 2, 3, 4]) assert.ok(!fs.existsSync(`${marker}${n}`), `marker ${n} must not exist`);
  });

  it("rejects a non-zero exit with the exit code and only the last lines of output", async () => {
    const err = await rejection(
      runNodeHook({
        command: script("for (let i=1;i<=100;i++) console.log('line '+i); console.error('systemctl: unit failed'); process.exit(7)"),
        timeoutMs: 10_000,
        tailLines: 5,
      }),
    );
    assert.strictEqual(err.failure, "exit");
    assert.strictEqual(err.exitCode, 7);
    const tail = err.tail.split("\n");
    assert.strictEqual(tail.length, 5);
    assert.ok(err.tail.includes("stderr| systemctl: unit failed"));
    assert.ok(err.tail.includes("line 100"));
    assert.ok(!err.tail.includes("line 1\n") && !err.tail.startsWith("line 1"));
    assert.match(err.message, /exited with code 7/);
    assert.match(err.message, /line 100/);
  });

  it("kills a hung command and everything it started, and reports it as hung", async () => {
    // the hook starts a grandchild that would outlive a plain child.kill()
    const src =
      "const {spawn}=require('child_process');" +
      "const g=spawn(process.execPath,['-e','setInterval(()=>{},1000)'],{stdio:'ignore'});" +
      "console.log('grandchild '+g.pid); setInterval(()=>{},1000)";
    let grandchild = 0;
    const err = await rejection(
      runNodeHook({
        command: script(src),
        timeoutMs: 400,
        killGraceMs: 200,
        onLine: (l) => {
          const m = /^grandchild (\d+)$/.exec(l);
          if (m) grandchild = Number(m[1]);
        },
      }),
    );
    assert.strictEqual(err.failure, "hung");
    assert.match(err.message, /hung/);
    assert.ok(grandchild > 0, "the grandchild pid was printed");
    // SIGTERM went to the whole group; give the kernel a moment to reap, polling rather than sleeping fixed
    for (let i = 0; i < 150 && alive(grandchild); i++) await new Promise((r) => setTimeout(r, 20));
    assert.ok(!alive(grandchild), "grandchild was killed with the group");
  });

  it("escalates to SIGKILL when the command ignores SIGTERM", async () => {
    const err = await rejection(
      runNodeHook({
        command: script("process.on('SIGTERM',()=>console.log('ignoring TERM')); console.log('up'); setInterval(()=>{},1000)"),
        timeoutMs: 300,
        killGraceMs: 200,
      }),
    );
    assert.strictEqual(err.failure, "hung");
    assert.strictEqual(err.signal, "SIGKILL");
  });

  it("stops the command when the AbortSignal fires", async () => {
    const ac = new AbortController();
    const err = await rejection(
      runNodeHook({
        command: script("console.log('ready'); setInterval(()=>{},1000)"),
        timeoutMs: 30_000,
        signal: ac.signal,
        onLine: (l) => {
          if (l === "ready") ac.abort();
        },
      }),
    );
    assert.strictEqual(err.failure, "aborted");
    assert.match(err.message, /cancelled/);
  });

  it("does not start at all when already aborted", async () => {
    const marker = path.join(dir, "started");
    const ac = new AbortController();
    ac.abort();
    const err = await rejection(runNodeHook({ command: script(`require('fs').writeFileSync(${JSON.stringify(marker)},'x')`), timeoutMs: 5000, signal: ac.signal }));
    assert.strictEqual(err.failure, "aborted");
    assert.ok(!fs.existsSync(marker));
  });

  it("reports a missing executable clearly", async () => {
    const err = await rejection(runNodeHook({ command: [path.join(dir, "no-such-upgrade-script.sh")], timeoutMs: 5000 }));
    assert.strictEqual(err.failure, "spawn");
    assert.match(err.message, /executable not found/);
  });

  it("refuses an empty argv", async () => {
    const err = await rejection(runNodeHook({ command: [], timeoutMs: 5000 }));
    assert.strictEqual(err.failure, "spawn");
  });

  it("applies the redact function to captured output", async () => {
    const err = await rejection(
      runNodeHook({
        command: script("console.log('token=hunter2-secret'); process.exit(1)"),
        timeoutMs: 5000,
        redact: (s) => s.split("hunter2-secret").join("[REDACTED]"),
      }),
    );
    assert.ok(!err.message.includes("hunter2-secret"));
    assert.match(err.tail, /token=\[REDACTED\]/);
  });
});
