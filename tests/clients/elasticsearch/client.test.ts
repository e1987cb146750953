// The Elasticsearch client against a fixture server: which method, path and parameters each call sends,
// and what it makes of the answers (408 health as a value, 404 shutdown delete as false, ML absent as 0 jobs).
import * as assert from "assert";
import { HttpStatusError, InvalidRequestError } from "../../../provider/clients/errors";
import { ElasticsearchClient, parseTimeValue } from "../../../provider/clients/elasticsearch";
import { parseAuthorization, SimRequest, SimResponse, SimServer } from "../../sim/common/http";
import * as F from "./fixtures";

interface Seen {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
}

describe("Elasticsearch client", () => {
  let sim: SimServer;
  let es: ElasticsearchClient;
  let seen: Seen[];

  function on(method: string, pattern: string, answer: (req: SimRequest) => SimResponse): void {
    sim.route(method, pattern, (req) => {
      seen.push({ method: req.method, path: req.path, query: Object.fromEntries(req.query), body: req.body });
      return answer(req);
    });
  }

  beforeEach(async () => {
    seen = [];
    sim = new SimServer({
      name: "es-fixture",
      auth: (req) => {
        const a = parseAuthorization(req.headers);
        return a && a.scheme === "apikey" && a.token === "ZXM6a2V5" ? undefined : { status: 401, body: { error: { type: "security_exception", reason: "missing authentication credentials" }, status: 401 } };
      },
    });
    await sim.listen();
    es = new ElasticsearchClient({ url: sim.url, auth: { kind: "apiKey", apiKey: "ZXM6a2V5" }, retry: { maxRetries: 2, minDelayMs: 1, maxDelayMs: 5 } });
  });
  afterEach(async () => {
    await es.close();
    await sim.close();
  });

  it("reads the version from GET /", async () => {
    on("GET", "/", () => ({ status: 200, body: F.ROOT_9_1_0 }));
    const info = await es.info();
    assert.strictEqual(info.version.number, "9.1.0");
    assert.strictEqual(info.version.minimum_wire_compatibility_version, "8.19.0");
  });

  it("lists nodes with a node filter and no metrics, and their full ids", async () => {
    on("GET", "/_nodes/:filter/:metrics", () => ({ status: 200, body: F.NODES_TEMPLATE }));
    const nodes = await es.nodes({ filter: "data_hot:true" });
    assert.deepStrictEqual(nodes.nodes["k3jD1lX0TqGv2xv4m9pQwA"].roles, ["data_hot", "data_content", "ingest", "remote_cluster_client", "transform"]);
    assert.deepStrictEqual(await es.nodeIds("master:true"), ["k3jD1lX0TqGv2xv4m9pQwA"]);
    await es.nodes({ metrics: ["http", "os"] });
    assert.deepStrictEqual(
      seen.map((s) => s.path),
      ["/_nodes/data_hot:true/_none", "/_nodes/master:true/_none", "/_nodes/_all/http,os"],
    );
  });

  it("asks _cat/nodes for full ids and the columns it parses", async () => {
    on("GET", "/_cat/nodes", () => ({ status: 200, body: F.CAT_NODES_MIXED }));
    const rows = await es.catNodes();
    assert.deepStrictEqual(rows.map((r) => [r.name, r.version, r.master]), [
      ["es-frozen-0", "9.1.2", "-"],
      ["es-hot-0", "8.19.2", "-"],
      ["es-master-0", "8.19.2", "*"],
    ]);
    assert.deepStrictEqual(seen[0].query, { format: "json", full_id: "true", h: "id,name,ip,version,node.role,master" });
  });

  it("reads shards, optionally of one index", async () => {
    on("GET", "/_cat/shards", () => ({ status: 200, body: F.CAT_SHARDS_ECK }));
    on("GET", "/_cat/shards/:index", () => ({ status: 200, body: [F.CAT_SHARD_RELOCATING] }));
    assert.strictEqual((await es.catShards()).filter((s) => s.state === "UNASSIGNED").length, 1);
    assert.strictEqual((await es.catShards({ index: "sample-data-2" }))[0].state, "RELOCATING");
    assert.deepStrictEqual(seen[0].query, { format: "json", h: "index,shard,prirep,state,node" });
    assert.strictEqual(seen[1].path, "/_cat/shards/sample-data-2");
  });

  it("sends health wait parameters and returns a 408 timeout as a value", async () => {
    on("GET", "/_cluster/health", (req) =>
      req.query.get("wait_for_status") === "green"
        ? { status: 408, body: { ...F.HEALTH_SPEC_EXAMPLE, timed_out: true } }
        : { status: 200, body: F.HEALTH_SPEC_EXAMPLE },
    );
    const h = await es.clusterHealth({ waitForStatus: "green", waitForNoInitializingShards: true, waitForNoRelocatingShards: true, waitForNodes: ">=3", waitForEvents: "languid", timeout: "2s" });
    assert.strictEqual(h.timed_out, true);
    assert.strictEqual(h.status, "yellow");
    assert.deepStrictEqual(seen[0].query, {
      wait_for_status: "green",
      wait_for_nodes: ">=3",
      wait_for_no_initializing_shards: "true",
      wait_for_no_relocating_shards: "true",
      wait_for_events: "languid",
      timeout: "2s",
    });
    const plain = await es.clusterHealth();
    assert.strictEqual(plain.timed_out, false);
    assert.deepStrictEqual(seen[1].query, {});
  });

  it("still throws on other health errors", async () => {
    on("GET", "/_cluster/health", () => ({ status: 400, body: { error: { type: "illegal_argument_exception", reason: "unknown cluster health status [purple]" }, status: 400 } }));
    await assert.rejects(es.clusterHealth(), (e: Error) => e instanceof HttpStatusError && e.status === 400 && /purple/.test(e.message));
  });

  it("reads and sets allocation in flat settings form", async () => {
    let persistent: Record<string, unknown> = {};
    on("GET", "/_cluster/settings", () => ({ status: 200, body: { persistent, transient: {} } }));
    on("PUT", "/_cluster/settings", (req) => {
      const b = req.body as { persistent: Record<string, unknown> };
      persistent = Object.fromEntries(Object.entries({ ...persistent, ...b.persistent }).filter(([, v]) => v !== null));
      return { status: 200, body: { acknowledged: true, persistent: Object.fromEntries(Object.entries(b.persistent).filter(([, v]) => v !== null)), transient: {} } };
    });
    assert.strictEqual(await es.allocationEnable(), undefined);
    const set = await es.setAllocationEnable("primaries");
    assert.deepStrictEqual(set, F.SETTINGS_PUT_FLAT);
    assert.strictEqual(await es.allocationEnable(), "primaries");
    assert.deepStrictEqual(await es.setAllocationEnable(null), F.SETTINGS_PUT_RESET);
    assert.strictEqual(await es.allocationEnable(), undefined);
    const puts = seen.filter((s) => s.method === "PUT");
    assert.deepStrictEqual(puts[0].body, { persistent: { "cluster.routing.allocation.enable": "primaries" } });
    assert.deepStrictEqual(puts[1].body, { persistent: { "cluster.routing.allocation.enable": null } });
    assert.deepStrictEqual(puts[0].query, { flat_settings: "true" });
  });

  it("lets a transient allocation setting win over the persistent one", async () => {
    on("GET", "/_cluster/settings", () => ({ status: 200, body: { persistent: { "cluster.routing.allocation.enable": "all" }, transient: { "cluster.routing.allocation.enable": "none" } } }));
    assert.strictEqual(await es.allocationEnable(), "none");
  });

  it("flushes, retrying a 503 because a flush is safe to repeat", async () => {
    sim.faults.add({ path: "^/_flush$", status: 502, times: 1 });
    on("POST", "/_flush", () => ({ status: 200, body: F.FLUSH_RESPONSE }));
    assert.strictEqual((await es.flush())._shards.failed, 0);
    assert.strictEqual(sim.count(/_flush/), 2);
  });

  it("switches ML upgrade mode and reads it back", async () => {
    let mode = false;
    on("POST", "/_ml/set_upgrade_mode", (req) => {
      mode = req.query.get("enabled") === "true";
      return { status: 200, body: F.ACKNOWLEDGED };
    });
    on("GET", "/_ml/info", () => ({ status: 200, body: { defaults: {}, upgrade_mode: mode, limits: {} } }));
    assert.deepStrictEqual(await es.setMlUpgradeMode(true, { timeout: "1m" }), { acknowledged: true });
    assert.strictEqual((await es.mlInfo()).upgrade_mode, true);
    assert.deepStrictEqual(seen[0].query, { enabled: "true", timeout: "1m" });
  });

  it("counts ML jobs, and treats a cluster without ML as having none", async () => {
    on("GET", "/_ml/anomaly_detectors", () => ({ status: 200, body: { count: 1, jobs: [{ job_id: "high_sum_total_sales", state: "opened" }] } }));
    assert.strictEqual((await es.mlJobs()).count, 1);
    await sim.close();
    sim = new SimServer({ name: "no-ml" });
    await sim.listen();
    const noMl = new ElasticsearchClient({ url: sim.url, auth: { kind: "none" } });
    try {
      assert.deepStrictEqual(await noMl.mlJobs(), { count: 0, jobs: [] });
      sim.route("GET", "/_ml/anomaly_detectors", () => ({ status: 403, body: { error: { type: "security_exception", reason: "current license is non-compliant for [ml]" }, status: 403 } }));
      assert.strictEqual((await noMl.mlJobs()).count, 0);
      sim.faults.add({ path: "^/_ml/anomaly_detectors$", status: 400, body: { error: "no handler found for uri [/_ml/anomaly_detectors] and method [GET]", status: 400 }, times: 1 });
      assert.strictEqual((await noMl.mlJobs()).count, 0, "ML disabled: the endpoint is not registered");
    } finally {
      await noMl.close();
    }
  });

  it("does not hide a privilege error on ML as zero jobs", async () => {
    on("GET", "/_ml/anomaly_detectors", () => ({ status: 403, body: { error: { type: "security_exception", reason: "action [cluster:monitor/xpack/ml/job/get] is unauthorized for user [upgrader]" }, status: 403 } }));
    await assert.rejects(es.mlJobs(), (e: Error) => e instanceof HttpStatusError && e.status === 403);
  });

  it("registers, reads and deletes a restart shutdown record; deleting again is false", async () => {
    const records = new Map<string, unknown>();
    on("PUT", "/_nodes/:id/shutdown", (req) => {
      records.set(req.params.id, req.body);
      return { status: 200, body: F.ACKNOWLEDGED };
    });
    on("GET", "/_nodes/:id/shutdown", (req) => ({ status: 200, body: records.has(req.params.id) ? F.SHUTDOWN_EXAMPLE : F.SHUTDOWN_NONE }));
    on("GET", "/_nodes/shutdown", () => ({ status: 200, body: F.SHUTDOWN_EXAMPLE }));
    on("DELETE", "/_nodes/:id/shutdown", (req) =>
      records.delete(req.params.id) ? { status: 200, body: F.ACKNOWLEDGED } : { status: 404, body: { error: { type: "resource_not_found_exception", reason: `node [${req.params.id}] is not currently shutting down` }, status: 404 } },
    );
    const id = "USpTGYaBSIKbgSUJR2Z9lg";
    await es.putNodeShutdown(id, { type: "restart", reason: "upgrade to 9.1.2", allocation_delay: "20m" });
    assert.deepStrictEqual(records.get(id), { type: "restart", reason: "upgrade to 9.1.2", allocation_delay: "20m" });
    const recs = await es.nodeShutdowns({ nodeId: id });
    assert.deepStrictEqual(recs.map((r) => [r.node_id, r.type, r.status]), [[id, "RESTART", "COMPLETE"]]);
    assert.strictEqual((await es.nodeShutdowns()).length, 1);
    assert.strictEqual(await es.deleteNodeShutdown(id), true);
    assert.strictEqual(await es.deleteNodeShutdown(id), false);
    assert.deepStrictEqual(await es.nodeShutdowns({ nodeId: id }), []);
  });

  it("refuses an invalid shutdown request before sending it", async () => {
    await assert.rejects(es.putNodeShutdown("x", { type: "restart", reason: "" }), (e: Error) => e instanceof InvalidRequestError && /reason/.test(e.message));
    assert.strictEqual(sim.count(), 0);
  });

  it("reads deprecations (cluster-wide or per index) and system features", async () => {
    on("GET", "/_migration/deprecations", () => ({ status: 200, body: F.DEPRECATIONS_CLEAN }));
    on("GET", "/:index/_migration/deprecations", () => ({ status: 200, body: F.DEPRECATIONS_8_19_ENTRY }));
    on("GET", "/_migration/system_features", () => ({ status: 200, body: F.SYSTEM_FEATURES }));
    on("POST", "/_migration/system_features", () => ({ status: 200, body: { accepted: true, features: [] } }));
    assert.deepStrictEqual((await es.deprecations()).cluster_settings, []);
    const idx = await es.deprecations({ index: ".ml-anomalies-*" });
    assert.strictEqual(idx.index_settings?.[".ml-anomalies-shared"][0].level, "critical");
    assert.strictEqual((await es.systemFeatures()).migration_status, "NO_MIGRATION_NEEDED");
    assert.deepStrictEqual(await es.startSystemFeatureMigration(), { accepted: true, features: [] });
    assert.strictEqual(seen[1].path, "/.ml-anomalies-*/_migration/deprecations");
  });

  it("says authentication failed without the key", async () => {
    const bad = new ElasticsearchClient({ url: sim.url, auth: { kind: "apiKey", apiKey: "d3Jvbmc6a2V5LXZhbHVl" } });
    try {
      await assert.rejects(bad.info(), (e: Error) => e instanceof HttpStatusError && e.status === 401 && !e.message.includes("d3Jvbmc6a2V5LXZhbHVl") && /API key/.test(e.message));
    } finally {
      await bad.close();
    }
  });

  it("parses Elasticsearch time values", () => {
    assert.deepStrictEqual(["500ms", "30s", "5m", "1h", "2d", "0s", "250"].map(parseTimeValue), [500, 30_000, 300_000, 3_600_000, 172_800_000, 0, 250]);
    assert.throws(() => parseTimeValue("soon"), RangeError);
  });
});
