// The Redis Enterprise client against the simulator, over the real http layer (undici, 127.0.0.1).
import * as assert from "assert";
import { HttpStatusError, RequestTimeoutError } from "../../../provider/clients/errors";
import {
  ActionFailedError,
  ActionTimeoutError,
  createRedisEnterpriseClient,
  NodesStatusUnavailableError,
  RedisEnterpriseClient,
} from "../../../provider/clients/redis-enterprise";
import { RedisSim, RedisSimConfigInput, startRedisSim } from "../../sim/redis";

const FAST_RETRY = { maxRetries: 3, minDelayMs: 1, maxDelayMs: 5 };

async function withClient(
  config: RedisSimConfigInput,
  fn: (rs: RedisEnterpriseClient, sim: RedisSim) => Promise<void>,
  clientOpts: { password?: string; timeoutMs?: number } = {},
): Promise<void> {
  const sim = await startRedisSim({ timeScale: 0.0002, ...config });
  const rs = createRedisEnterpriseClient({
    url: sim.url,
    username: sim.credentials.username,
    password: clientOpts.password ?? sim.credentials.password,
    retry: FAST_RETRY,
    timeoutMs: clientOpts.timeoutMs,
  });
  try {
    await fn(rs, sim);
  } finally {
    await rs.close();
    await sim.stop();
  }
}

describe("redis-enterprise client against the simulator", () => {
  it("reads the cluster, nodes, roles, checks and databases", () =>
    withClient({ nodes: { count: 3, version: "7.4.2-54", master: 2 }, databases: [{ name: "cache", redis_version: "7.2", shards: 2 }] }, async (rs) => {
      const cluster = await rs.getCluster();
      assert.strictEqual(cluster.upgrade_mode, false);
      const nodes = await rs.listNodes();
      assert.deepStrictEqual(nodes.map((n) => n.uid), [1, 2, 3]);
      assert.ok(nodes.every((n) => n.software_version === "7.4.2-54" && n.status === "active"));
      assert.ok(nodes[0].supported_database_versions.some((v) => v.redis_version === "7.2"));
      assert.strictEqual((await rs.getNode(3)).addr, "10.0.0.13");
      assert.strictEqual(await rs.getMasterUid(), 2);
      assert.strictEqual((await rs.getNodeStatus(1)).role, "slave");
      const check = await rs.getClusterCheck();
      assert.strictEqual(check.cluster_test_result, true);
      assert.deepStrictEqual(check.nodes.map((n) => n.node_uid), [1, 2, 3]);
      assert.deepStrictEqual(await rs.getNodeCheck(2), { node_uid: 2, result: true });
      const [db] = await rs.listBdbs();
      assert.deepStrictEqual([db.name, db.redis_version, db.shards_count], ["cache", "7.2", 2]);
      assert.strictEqual((await rs.getBdb(1)).uid, 1);
    }));

  it("sees a failing node check with its error", () =>
    withClient({}, async (rs, sim) => {
      sim.state.controlFailCheck(3, "could not communicate with 'supervisorctl': timeout");
      const c = await rs.getNodeCheck(3);
      assert.strictEqual(c.result, false);
      assert.match(c.error ?? "", /supervisorctl/);
      assert.strictEqual((await rs.getClusterCheck()).cluster_test_result, false);
    }));

  it("turns the 404 of /v1/nodes/status on clusters before 6.2.18-49 into NodesStatusUnavailableError", () =>
    withClient({ nodes: { count: 2, version: "6.2.18-43" } }, async (rs) => {
      await assert.rejects(rs.getNodesStatus(), (e: unknown) => e instanceof NodesStatusUnavailableError && /6\.2\.18-49/.test(e.message) && /rladmin status nodes/.test(e.message));
      await assert.rejects(rs.getMasterUid(), NodesStatusUnavailableError);
      // other 404s stay HttpStatusError
      await assert.rejects(rs.getNode(9), (e: unknown) => e instanceof HttpStatusError && e.status === 404);
    }));

  it("upgrades a database and follows its action to completion", () =>
    withClient({ nodes: { count: 2, version: "7.8.2-34" }, databases: [{ name: "d", redis_version: "7.2" }] }, async (rs) => {
      const bdb = await rs.upgradeBdb(1, { redis_version: "7.4", preserve_roles: true });
      assert.ok(bdb.action_uid);
      assert.strictEqual(bdb.status, "active-change-pending");
      const seen: string[] = [];
      const done = await rs.waitForAction(bdb.action_uid, { intervalMs: 1, timeoutMs: 5000, onProgress: (a) => seen.push(a.status) });
      assert.strictEqual(done.status, "completed");
      assert.strictEqual(done.progress, 100);
      assert.strictEqual(seen[seen.length - 1], "completed");
      assert.strictEqual((await rs.getBdb(1)).redis_version, "7.4");
      const perBdb = await rs.listBdbActions(1);
      assert.strictEqual(perBdb[0].action_uid, bdb.action_uid);
      assert.strictEqual((await rs.listActions())["state-machines"].length, 1);
    }));

  it("waitForAction throws ActionFailedError for a failed action and ActionTimeoutError when it outlasts the wait", () =>
    withClient(
      { nodes: { count: 2, version: "7.8.2-34" }, databases: [{ name: "a", redis_version: "7.2" }, { name: "b", redis_version: "7.2" }], faults: [{ kind: "bdb_upgrade_fails", bdb: 1, error: "shard 1 did not restart" }] },
      async (rs, sim) => {
        const a = await rs.upgradeBdb(1, { redis_version: "7.4" });
        await assert.rejects(rs.waitForAction(a.action_uid!, { intervalMs: 1 }), (e: unknown) => e instanceof ActionFailedError && /shard 1 did not restart/.test(e.message));
        sim.config.timings.dbUpgradeStepMs = 1e9; // the next action effectively never finishes
        const b = await rs.upgradeBdb(2, { redis_version: "7.4" });
        await assert.rejects(rs.waitForAction(b.action_uid!, { intervalMs: 1, timeoutMs: 20 }), ActionTimeoutError);
      },
    ));

  it("a refused database upgrade is an HttpStatusError carrying the cluster's description", () =>
    withClient({ nodes: { versions: ["7.8.2-34", "7.4.2-54"] } }, async (rs) => {
      await assert.rejects(rs.upgradeBdb(1, { redis_version: "7.4" }), (e: unknown) => e instanceof HttpStatusError && e.status === 400 && /mixed versions/.test(e.message));
    }));

  it("retries a 503 burst, and reports 401 without the password in the message", async () => {
    await withClient({ httpFaults: [{ path: "^/v1/nodes$", status: 503, times: 2 }] }, async (rs, sim) => {
      assert.strictEqual((await rs.listNodes()).length, 3);
      assert.strictEqual(rs.http.counter.retries, 2);
      assert.strictEqual(sim.api.count(/^\/v1\/nodes$/), 3);
    });
    await withClient({}, async (rs) => {
      await assert.rejects(rs.getCluster(), (e: unknown) => e instanceof HttpStatusError && e.status === 401 && !e.message.includes("wrong-secret-pw"));
    }, { password: "wrong-secret-pw" });
  });

  // undici checks headers/body timeouts on ~1 s ticks (its fast timers), so the injected delay must exceed that
  it("a response slower than the client's timeout is a RequestTimeoutError", () =>
    withClient({ httpFaults: [{ path: "^/v1/cluster$", delayMs: 4000, times: 1 }] }, async (rs) => {
      await assert.rejects(rs.getCluster(), RequestTimeoutError);
    }, { timeoutMs: 100 }));
});
