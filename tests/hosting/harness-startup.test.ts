// The test harness itself: a provider that never answers Configure must not outlive startHarness (the start-up RPCs
// have a deadline, and a failed start-up stops every process it spawned), and FakeEngine.onLog delivers each Engine
// Log request as it arrives.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as grpc from "@grpc/grpc-js";
import * as engrpc from "@pulumi/pulumi/proto/engine_grpc_pb";
import * as engproto from "@pulumi/pulumi/proto/engine_pb";
import * as os from "os";
import * as path from "path";
import { FakeEngine, HarnessStartError, startHarness, type RecordedLog } from "../harness";

/** pids of every live descendant of `root` (Linux /proc), so a grandchild left behind by run-plugin is seen too */
function descendants(root: number): number[] {
  const parent = new Map<number, number>();
  for (const d of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${d}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" "); // state ppid …
      if (fields[0] !== "Z") parent.set(Number(d), Number(fields[1]));
    } catch {
      // exited while scanning
    }
  }
  const out: number[] = [];
  const walk = (p: number) => {
    for (const [c, pp] of parent) if (pp === p) out.push(c), walk(c);
  };
  walk(root);
  return out;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe("harness: start-up deadline and cleanup", function () {
  this.timeout(60_000);
  let dir = "";
  let hangModule = "";
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "upgrades-harness-hang-"));
    hangModule = path.join(dir, "hang-configure.js");
    // Preloaded in the provider process: every gRPC service registered after it gets a Configure that never answers
    // (the same @grpc/grpc-js instance the provider's server uses: both resolve from this repo's node_modules).
    fs.writeFileSync(
      hangModule,
      [
        `const grpc = require(${JSON.stringify(require.resolve("@grpc/grpc-js"))});`,
        "const addService = grpc.Server.prototype.addService;",
        "grpc.Server.prototype.addService = function (def, impl) {",
        "  if (impl && typeof impl.configure === 'function') impl = { ...impl, configure() {} };",
        "  return addService.call(this, def, impl);",
        "};",
        "",
      ].join("\n"),
    );
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("a plugin that never answers Configure: startHarness rejects with HarnessStartError and no child process remains", async () => {
    const before = new Set(descendants(process.pid));
    const e = await startHarness({ kind: "plugin", preload: [hangModule], startupTimeoutMs: 1500 }).then(
      () => assert.fail("startHarness resolved although Configure never answers"),
      (x: unknown) => x,
    );
    assert.ok(e instanceof HarnessStartError, `expected HarnessStartError, got ${String(e)}`);
    assert.equal(e.pids.length, 1, e.message);
    const cause = e.cause as { code?: number };
    assert.equal(cause.code, grpc.status.DEADLINE_EXCEEDED, `cause: ${String(e.cause)}`);
    assert.match(e.message, /DEADLINE_EXCEEDED|Deadline exceeded/i);
    assert.match(e.message, new RegExp(`provider process ${e.pids[0]} was stopped`));
    assert.ok(!alive(e.pids[0]), `provider process ${e.pids[0]} still alive`);
    const left = descendants(process.pid).filter((p) => !before.has(p));
    assert.deepEqual(left, [], `child processes left behind: ${left.join(", ")}`);
  });

  it("a provider that cannot start at all (entry throws): HarnessStartError, nothing left running", async () => {
    const bad = path.join(dir, "throws.js");
    fs.writeFileSync(bad, "throw new Error('broken plugin entry');\n");
    const before = new Set(descendants(process.pid));
    const e = await startHarness({ kind: "plugin", preload: [bad], startupTimeoutMs: 1500 }).then(
      () => assert.fail("startHarness resolved with a broken plugin"),
      (x: unknown) => x,
    );
    assert.ok(e instanceof HarnessStartError, `expected HarnessStartError, got ${String(e)}`);
    assert.deepEqual(e.pids, [], "no process got as far as printing its port");
    assert.match(e.message, /broken plugin entry/);
    const left = descendants(process.pid).filter((p) => !before.has(p));
    assert.deepEqual(left, [], `child processes left behind: ${left.join(", ")}`);
  });
});

describe("harness: FakeEngine.onLog", () => {
  it("delivers each Log request as it arrives, in order, until unsubscribed", async () => {
    const engine = await FakeEngine.start();
    const client = new engrpc.EngineClient(engine.address, grpc.credentials.createInsecure());
    const send = (message: string, severity: engproto.LogSeverity) =>
      new Promise<void>((resolve, reject) => {
        const r = new engproto.LogRequest();
        r.setMessage(message);
        r.setSeverity(severity);
        r.setUrn("urn:pulumi:dev::proj::t::x");
        r.setEphemeral(true);
        client.log(r, (err) => (err ? reject(err) : resolve()));
      });
    try {
      const seen: Array<{ log: RecordedLog; recorded: number }> = [];
      const off = engine.onLog((log) => seen.push({ log, recorded: engine.logs.length }));
      await send("first", engproto.LogSeverity.INFO);
      assert.equal(seen.length, 1, "delivered before the Log call returned");
      await send("second", engproto.LogSeverity.WARNING);
      off();
      await send("third", engproto.LogSeverity.ERROR);
      assert.deepEqual(
        seen.map((s) => [s.log.message, s.log.severity, s.log.ephemeral, s.log.urn, s.recorded]),
        [
          ["first", "info", true, "urn:pulumi:dev::proj::t::x", 1],
          ["second", "warning", true, "urn:pulumi:dev::proj::t::x", 2],
        ],
      );
      assert.deepEqual(engine.logs.map((l) => l.message), ["first", "second", "third"], "logs still records everything");
    } finally {
      client.close();
      engine.stop();
    }
  });
});
