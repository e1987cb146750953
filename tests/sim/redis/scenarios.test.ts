// Scenario tests of the simulated Redis Enterprise cluster: the documented in-place rolling upgrade (master
// first, one node at a time, checks before and after), the master role moving, the installer's refusals, the
// version-gated /v1/nodes/status, and each injectable fault, observed through the REST and control APIs.
import * as assert from "assert";
import { control, rest, until } from "./helpers";
import { RedisSim, RedisSimConfigInput, startRedisSim } from "./index";

type Json = Record<string, unknown>;
type NodeJson = { uid: number; software_version: string; status: string; supported_database_versions: { redis_version?: string }[] };

const FAST = { timeScale: 0.0002 };

async function nodes(sim: RedisSim): Promise<NodeJson[]> {
  return (await rest(sim, "GET", "/v1/nodes")).body as NodeJson[];
}

async function masterUid(sim: RedisSim): Promise<number> {
  const st = (await rest(sim, "GET", "/v1/nodes/status")).body as Record<string, { role: string }>;
  const hit = Object.entries(st).find(([, s]) => s.role === "master");
  assert.ok(hit, "a node reports role master");
  return Number(hit[0]);
}

async function clusterCheck(sim: RedisSim): Promise<{ cluster_test_result: boolean; nodes: { node_uid: string; result: boolean; error?: string }[] }> {
  return (await rest(sim, "GET", "/v1/cluster/check")).body as never;
}

async function withSim(config: RedisSimConfigInput, fn: (sim: RedisSim) => Promise<void>): Promise<void> {
  const sim = await startRedisSim({ ...FAST, ...config });
  try {
    await fn(sim);
  } finally {
    await sim.stop();
  }
}

/** The documented procedure, through REST only: master first (re-read before each node), checks before and after. */
async function rollTo(sim: RedisSim, target: string, seen: { order: number[]; mixedSeen: boolean }): Promise<void> {
  for (;;) {
    const list = await nodes(sim);
    const todo = list.filter((n) => n.software_version !== target);
    if (todo.length === 0) return;
    const master = await masterUid(sim);
    const next = todo.find((n) => n.uid === master) ?? todo[0];
    assert.strictEqual((await clusterCheck(sim)).cluster_test_result, true, "cluster check passes before each node");
    const r = await control(sim, "POST", `/_sim/nodes/${next.uid}/upgrade`, { version: target });
    assert.strictEqual(r.status, 200, JSON.stringify(r.body));
    seen.order.push(next.uid);
    const after = await until(async () => {
      const n = (await rest(sim, "GET", `/v1/nodes/${next.uid}`)).body as NodeJson;
      return n.status === "active" ? n : undefined;
    });
    assert.strictEqual(after.software_version, target);
    assert.strictEqual(((await rest(sim, "GET", `/v1/nodes/check/${next.uid}`)).body as Json).result, true);
    const versions = new Set((await nodes(sim)).map((n) => n.software_version));
    if (versions.size > 1) {
      seen.mixedSeen = true;
      assert.strictEqual(((await rest(sim, "GET", "/v1/cluster")).body as Json).upgrade_in_progress, true);
    }
  }
}

describe("redis sim: rolling upgrade, master role and installer", () => {
  it("a rolling upgrade master-first along 6.2.18 → 7.8 → 7.22 ends with every node on 7.22.0-95, mixed versions visible midway", () =>
    withSim({ nodes: { count: 3, version: "6.2.18-70", master: 2 } }, async (sim) => {
      const hop1 = { order: [] as number[], mixedSeen: false };
      await rollTo(sim, "7.8.2-34", hop1);
      assert.strictEqual(hop1.order[0], 2, "the initial master (node 2) is upgraded first");
      assert.deepStrictEqual([...hop1.order].sort(), [1, 2, 3]);
      assert.ok(hop1.mixedSeen);
      const hop2 = { order: [] as number[], mixedSeen: false };
      await rollTo(sim, "7.22.0-95", hop2);
      const final = await nodes(sim);
      assert.deepStrictEqual(final.map((n) => n.software_version), ["7.22.0-95", "7.22.0-95", "7.22.0-95"]);
      assert.ok(final.every((n) => n.status === "active"));
      // supported_database_versions follow the installed version (7.22 bundles 6.2, 7.2, 7.4)
      assert.deepStrictEqual(
        final[0].supported_database_versions.map((v) => v.redis_version).filter(Boolean).sort(),
        ["6.2", "7.2", "7.4"],
      );
      const cluster = (await rest(sim, "GET", "/v1/cluster")).body as Json;
      assert.strictEqual(cluster.upgrade_mode, false);
      assert.strictEqual(cluster.upgrade_in_progress, false);
      assert.strictEqual((await clusterCheck(sim)).cluster_test_result, true);
    }));

  it("the master role moves when the master node restarts and does not move back; upgrade_mode is on while the installer runs", () =>
    // the installer is held right after stopping the node (install_hangs, after_stop) so the window is observed deterministically
    withSim({ nodes: { count: 3, version: "7.4.2-54" }, faults: [{ kind: "install_hangs", node: 1, phase: "after_stop" }] }, async (sim) => {
      assert.strictEqual(await masterUid(sim), 1);
      const held = control(sim, "POST", "/_sim/nodes/1/upgrade", { version: "7.8.2-34" });
      await until(() => sim.state.history.some((e) => e.kind === "install_hung"));
      assert.strictEqual(await masterUid(sim), 2, "the lowest-uid active node took the role");
      assert.strictEqual(((await rest(sim, "GET", "/v1/cluster")).body as Json).upgrade_mode, true);
      const st = (await rest(sim, "GET", "/v1/nodes/status")).body as Record<string, Json>;
      assert.strictEqual(st["1"].node_status, "down");
      assert.strictEqual(st["1"].role, "slave");
      await control(sim, "DELETE", "/_sim/faults");
      assert.strictEqual((await held).status, 503);
      // rerun on the node left down: it comes back on the target, and the role stays where it went
      assert.strictEqual((await control(sim, "POST", "/_sim/nodes/1/upgrade", { version: "7.8.2-34" })).status, 200);
      assert.strictEqual(await masterUid(sim), 2);
      assert.strictEqual(((await rest(sim, "GET", "/v1/cluster")).body as Json).upgrade_mode, false);
      assert.strictEqual(sim.state.history.filter((e) => e.kind === "master_moved").length, 1);
    }));

  it("the installer refuses when the cluster is not healthy, when another node is installing, on a downgrade and off the supported path", () =>
    withSim({ nodes: { count: 3, version: "7.4.2-54" } }, async (sim) => {
      await control(sim, "POST", "/_sim/nodes/3/stop");
      let r = await control(sim, "POST", "/_sim/nodes/1/upgrade", { version: "7.8.2-34" });
      assert.strictEqual(r.status, 409);
      assert.strictEqual((r.body as Json).reason, "cluster_unhealthy");
      assert.match(String((r.body as Json).error), /node 3: down/);
      await control(sim, "POST", "/_sim/nodes/3/start");
      await control(sim, "POST", "/_sim/nodes/2/fail-check", { error: "connectivity check failed retrieving ports for testing" });
      r = await control(sim, "POST", "/_sim/nodes/1/upgrade", { version: "7.8.2-34" });
      assert.strictEqual((r.body as Json).reason, "cluster_unhealthy");
      assert.match(String((r.body as Json).error), /node 2: connectivity check failed/);
      await control(sim, "POST", "/_sim/nodes/2/repair");
      r = await control(sim, "POST", "/_sim/nodes/1/upgrade", { version: "7.4.2-2" });
      assert.strictEqual((r.body as Json).reason, "downgrade");
      r = await control(sim, "POST", "/_sim/nodes/1/upgrade", { version: "8.0.20-19", addr: "10.0.0.99" });
      assert.strictEqual(r.status, 400, "a wrong address for the uid is refused");
      await control(sim, "POST", "/_sim/faults", { kind: "install_hangs", node: 1 });
      const pending = control(sim, "POST", "/_sim/nodes/1/upgrade", { version: "7.8.2-34" });
      await until(() => sim.state.installing === 1);
      r = await control(sim, "POST", "/_sim/nodes/2/upgrade", { version: "7.8.2-34" });
      assert.strictEqual((r.body as Json).reason, "upgrade_running");
      await sim.stop();
      const end = await pending.catch(() => ({ status: 0, body: undefined }));
      assert.notStrictEqual(end.status, 200, "an installer cut off by stop() never reports success");
    }));

  it("refuses a hop outside the supported-path matrix (6.0.x → 7.4.x)", () =>
    withSim({ nodes: { count: 2, version: "6.0.20-97" }, databases: [{ name: "d", redis_version: "6.0" }] }, async (sim) => {
      const r = await control(sim, "POST", "/_sim/nodes/1/upgrade", { version: "7.4.2-54" });
      assert.strictEqual(r.status, 409);
      assert.strictEqual((r.body as Json).reason, "unsupported_path");
      assert.strictEqual((await control(sim, "POST", "/_sim/nodes/1/upgrade", { version: "7.2.4-92" })).status, 200);
    }));

  it("a 6.2.x cluster answers 404 on /v1/nodes/status before 6.2.18-49 and 200 from it", async () => {
    await withSim({ nodes: { count: 2, version: "6.2.18-43" } }, async (sim) => {
      assert.strictEqual((await rest(sim, "GET", "/v1/nodes/status")).status, 404);
      assert.strictEqual((await rest(sim, "GET", "/v1/nodes/1/status")).status, 404);
      assert.strictEqual((await rest(sim, "GET", "/v1/nodes")).status, 200);
    });
    await withSim({ nodes: { count: 2, version: "6.2.12-82" } }, async (sim) => {
      assert.strictEqual((await rest(sim, "GET", "/v1/nodes/status")).status, 404);
    });
    await withSim({ nodes: { count: 2, version: "6.2.18-49" } }, async (sim) => {
      assert.strictEqual((await rest(sim, "GET", "/v1/nodes/status")).status, 200);
    });
  });

  it("databases upgrade only after every node, through an action that runs init → wait_for_version → configure_shards → completed", () =>
    withSim({ nodes: { versions: ["7.8.2-34", "7.4.2-54"] }, databases: [{ name: "d", redis_version: "7.2" }] }, async (sim) => {
      let r = await rest(sim, "POST", "/v1/bdbs/1/upgrade", { body: { redis_version: "7.4" } });
      assert.strictEqual(r.status, 400, "mixed versions refuse database upgrades");
      assert.strictEqual((await control(sim, "POST", "/_sim/nodes/2/upgrade", { version: "7.8.2-34" })).status, 200);
      r = await rest(sim, "POST", "/v1/bdbs/1/upgrade", { body: { unknown_field: true } });
      assert.strictEqual(r.status, 400, "unknown body fields are rejected");
      r = await rest(sim, "POST", "/v1/bdbs/1/upgrade", { body: { redis_version: "8.2" } });
      assert.strictEqual(r.status, 400, "a version the cluster does not bundle is rejected");
      r = await rest(sim, "POST", "/v1/bdbs/1/upgrade", { body: { preserve_roles: true } });
      assert.strictEqual(r.status, 200);
      const actionUid = String((r.body as Json).action_uid);
      assert.strictEqual((r.body as Json).status, "active-change-pending");
      const states = new Set<string>();
      const done = await until(async () => {
        const a = (await rest(sim, "GET", `/v1/actions/${actionUid}`)).body as Json;
        states.add(String(a.state));
        return a.status === "completed" ? a : undefined;
      }, 5000, 1);
      assert.strictEqual(done.progress, 100);
      assert.ok(states.has("completed"));
      const bdb = (await rest(sim, "GET", "/v1/bdbs/1")).body as Json;
      assert.strictEqual(bdb.redis_version, "7.4", "without redis_version the cluster's default (7.4 on 7.8) is used");
      assert.strictEqual(bdb.status, "active");
    }));
});

describe("redis sim: faults", () => {
  it("node_check_fails_after_upgrade: the node is active on the target but its check and the cluster check fail until repaired", () =>
    withSim({ nodes: { count: 3, version: "7.4.2-54" }, faults: [{ kind: "node_check_fails_after_upgrade", node: 1 }] }, async (sim) => {
      assert.strictEqual((await control(sim, "POST", "/_sim/nodes/1/upgrade", { version: "7.8.2-34" })).status, 200);
      const n1 = (await nodes(sim))[0];
      assert.deepStrictEqual([n1.status, n1.software_version], ["active", "7.8.2-34"]);
      const check = (await rest(sim, "GET", "/v1/nodes/check/1")).body as Json;
      assert.strictEqual(check.result, false);
      assert.match(String(check.error), /not running or not responding/);
      const cc = await clusterCheck(sim);
      assert.strictEqual(cc.cluster_test_result, false);
      assert.deepStrictEqual(cc.nodes.filter((n) => !n.result).map((n) => n.node_uid), ["1"]);
      const r = await control(sim, "POST", "/_sim/nodes/2/upgrade", { version: "7.8.2-34" });
      assert.strictEqual((r.body as Json).reason, "cluster_unhealthy");
      await control(sim, "POST", "/_sim/nodes/1/repair");
      assert.strictEqual((await clusterCheck(sim)).cluster_test_result, true);
      assert.strictEqual((await control(sim, "POST", "/_sim/nodes/2/upgrade", { version: "7.8.2-34" })).status, 200);
    }));

  it("node_never_returns: the installer exits 0 but the node stays down on the new version until started", () =>
    withSim({ nodes: { count: 3, version: "7.4.2-54" } }, async (sim) => {
      assert.strictEqual((await control(sim, "POST", "/_sim/faults", { kind: "node_never_returns", node: 2 })).status, 201);
      assert.strictEqual((await control(sim, "POST", "/_sim/nodes/2/upgrade", { version: "7.8.2-34" })).status, 200);
      const n2 = (await nodes(sim))[1];
      assert.deepStrictEqual([n2.status, n2.software_version], ["down", "7.8.2-34"]);
      assert.strictEqual((await clusterCheck(sim)).cluster_test_result, false);
      // rerunning the installer on the same version restarts it (the fault fired once)
      const again = await control(sim, "POST", "/_sim/nodes/2/upgrade", { version: "7.8.2-34" });
      assert.strictEqual(again.status, 200);
      assert.strictEqual((await nodes(sim))[1].status, "active");
    }));

  it("master_moves: after the configured number of installs the role moves to the named node; the control API moves it at once", () =>
    withSim({ nodes: { count: 4, version: "7.4.2-54" }, faults: [{ kind: "master_moves", afterUpgrades: 1, to: 4 }] }, async (sim) => {
      assert.strictEqual((await control(sim, "POST", "/_sim/nodes/1/upgrade", { version: "7.8.2-34" })).status, 200);
      assert.strictEqual(await masterUid(sim), 4, "moved unexpectedly to node 4 (the restart had moved it to 2)");
      assert.ok(sim.state.history.some((e) => e.kind === "master_moved" && /unexpected/.test(e.detail ?? "")));
      assert.strictEqual((await control(sim, "POST", "/_sim/cluster/master", { uid: 3 })).status, 200);
      assert.strictEqual(await masterUid(sim), 3);
    }));

  it("a database on a Redis version the target does not bundle makes the installer refuse, naming it; upgrading the database clears it", () =>
    withSim({ nodes: { count: 2, version: "6.2.18-70" }, databases: [{ name: "legacy", redis_version: "6.0" }, { name: "ok", redis_version: "6.2" }] }, async (sim) => {
      let r = await control(sim, "POST", "/_sim/nodes/1/upgrade", { version: "7.8.2-34" });
      assert.strictEqual(r.status, 409);
      assert.strictEqual((r.body as Json).reason, "db_version_unsupported");
      assert.match(String((r.body as Json).error), /database 1 \(legacy\) runs Redis 6\.0/);
      r = await rest(sim, "POST", "/v1/bdbs/1/upgrade", { body: { redis_version: "6.2" } });
      assert.strictEqual(r.status, 200);
      await until(async () => ((await rest(sim, "GET", "/v1/bdbs/1")).body as Json).redis_version === "6.2");
      assert.strictEqual((await control(sim, "POST", "/_sim/nodes/1/upgrade", { version: "7.8.2-34" })).status, 200);
      // the control API can also put a database back on an unbundled version
      await control(sim, "PUT", "/_sim/bdbs/2", { redis_version: "6.0" });
      r = await control(sim, "POST", "/_sim/nodes/2/upgrade", { version: "7.8.2-34" });
      assert.strictEqual((r.body as Json).reason, "db_version_unsupported");
    }));

  it("401 and 5xx bursts answer the configured number of requests, then the API recovers", () =>
    withSim({ httpFaults: [{ path: "^/v1/nodes$", status: 503, times: 2 }] }, async (sim) => {
      assert.strictEqual((await rest(sim, "GET", "/v1/nodes")).status, 503);
      assert.strictEqual((await rest(sim, "GET", "/v1/cluster")).status, 200, "other paths are unaffected");
      assert.strictEqual((await rest(sim, "GET", "/v1/nodes")).status, 503);
      assert.strictEqual((await rest(sim, "GET", "/v1/nodes")).status, 200);
      assert.strictEqual((await control(sim, "POST", "/_sim/http-faults", { status: 401, times: 1 })).status, 201);
      assert.strictEqual((await rest(sim, "GET", "/v1/cluster")).status, 401);
      assert.strictEqual((await rest(sim, "GET", "/v1/cluster")).status, 200);
    }));

  it("slow responses: a request aborted before the injected delay gets nothing; the next one answers", () =>
    withSim({}, async (sim) => {
      await control(sim, "POST", "/_sim/http-faults", { path: "^/v1/cluster$", delayMs: 400, times: 1 });
      await assert.rejects(rest(sim, "GET", "/v1/cluster", { signal: AbortSignal.timeout(40) }));
      assert.strictEqual((await rest(sim, "GET", "/v1/cluster")).status, 200);
    }));

  it("install_fails at the pre-checks leaves the node untouched and upgrade_mode on; after the stop it leaves the node down, and a rerun fixes it", () =>
    withSim({ nodes: { count: 3, version: "7.4.2-54" } }, async (sim) => {
      await control(sim, "POST", "/_sim/faults", { kind: "install_fails", node: 1 });
      let r = await control(sim, "POST", "/_sim/nodes/1/upgrade", { version: "7.8.2-34" });
      assert.strictEqual(r.status, 500);
      assert.strictEqual((r.body as Json).phase, "precheck");
      assert.deepStrictEqual([(await nodes(sim))[0].status, (await nodes(sim))[0].software_version], ["active", "7.4.2-54"]);
      assert.strictEqual(((await rest(sim, "GET", "/v1/cluster")).body as Json).upgrade_mode, true);
      await control(sim, "POST", "/_sim/faults", { kind: "install_fails", node: 1, phase: "after_stop", message: "Error: failed to install redislabs package" });
      r = await control(sim, "POST", "/_sim/nodes/1/upgrade", { version: "7.8.2-34" });
      assert.strictEqual(r.status, 500);
      assert.strictEqual((r.body as Json).error, "Error: failed to install redislabs package");
      assert.deepStrictEqual([(await nodes(sim))[0].status, (await nodes(sim))[0].software_version], ["down", "7.4.2-54"]);
      r = await control(sim, "POST", "/_sim/nodes/1/upgrade", { version: "7.8.2-34" });
      assert.strictEqual(r.status, 200, "a rerun on the node left down is allowed");
      assert.deepStrictEqual([(await nodes(sim))[0].status, (await nodes(sim))[0].software_version], ["active", "7.8.2-34"]);
      assert.strictEqual(((await rest(sim, "GET", "/v1/cluster")).body as Json).upgrade_mode, false);
    }));

  it("install_hangs: the installer does not answer until the fault is cleared, then exits without upgrading", () =>
    withSim({ nodes: { count: 3, version: "7.4.2-54" }, faults: [{ kind: "install_hangs", node: 3 }] }, async (sim) => {
      const pending = control(sim, "POST", "/_sim/nodes/3/upgrade", { version: "7.8.2-34" });
      await until(() => sim.state.history.some((e) => e.kind === "install_hung"));
      assert.strictEqual(sim.state.installing, 3);
      assert.strictEqual((await control(sim, "DELETE", "/_sim/faults")).status, 200);
      const r = await pending;
      assert.strictEqual(r.status, 503);
      assert.strictEqual((r.body as Json).result, "released");
      assert.strictEqual((await nodes(sim))[2].software_version, "7.4.2-54");
      assert.strictEqual((await control(sim, "POST", "/_sim/nodes/3/upgrade", { version: "7.8.2-34" })).status, 200);
    }));

  it("bdb_upgrade_fails: the database action ends failed with an error and the database stays on its version", () =>
    withSim({ nodes: { count: 2, version: "7.8.2-34" }, databases: [{ name: "d", redis_version: "7.2" }], faults: [{ kind: "bdb_upgrade_fails", error: "shard 2 did not restart" }] }, async (sim) => {
      const r = await rest(sim, "POST", "/v1/bdbs/1/upgrade", { body: { redis_version: "7.4" } });
      const uid = String((r.body as Json).action_uid);
      const a = await until(async () => {
        const x = (await rest(sim, "GET", `/v1/actions/${uid}`)).body as Json;
        return x.status === "failed" ? x : undefined;
      });
      assert.strictEqual(a.error, "shard 2 did not restart");
      assert.strictEqual(((await rest(sim, "GET", "/v1/bdbs/1")).body as Json).redis_version, "7.2");
    }));

  it("bdb_upgrade_fails without an error text still fails the action, with a default error", () =>
    withSim({ nodes: { count: 2, version: "7.8.2-34" }, databases: [{ name: "d", redis_version: "7.2" }], faults: [{ kind: "bdb_upgrade_fails" }] }, async (sim) => {
      const r = await rest(sim, "POST", "/v1/bdbs/1/upgrade", { body: { redis_version: "7.4" } });
      const uid = String((r.body as Json).action_uid);
      const a = await until(async () => {
        const x = (await rest(sim, "GET", `/v1/actions/${uid}`)).body as Json;
        return x.status === "failed" || x.status === "completed" ? x : undefined;
      });
      assert.strictEqual(a.status, "failed");
      assert.match(String(a.error), /configure_shards failed/);
    }));

  it("GET /_sim/faults lists domain and HTTP faults; invalid fault bodies are rejected", () =>
    withSim({ faults: [{ kind: "node_never_returns", node: 2, times: 2 }], httpFaults: [{ status: 503, times: 1, path: "^/v1/bdbs" }] }, async (sim) => {
      const f = (await control(sim, "GET", "/_sim/faults")).body as { faults: { left: number; spec: Json }[]; http: Json[] };
      assert.strictEqual(f.faults[0].spec.kind, "node_never_returns");
      assert.strictEqual(f.faults[0].left, 2);
      assert.strictEqual(f.http.length, 1);
      assert.strictEqual((await control(sim, "POST", "/_sim/faults", { kind: "no_such_fault" })).status, 400);
    }));
});
