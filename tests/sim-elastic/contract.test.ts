// Contract tests: every endpoint the provider uses answers with the recorded real shape
// (fixtures.ts, from elastic-api-shapes.md), and rejects what the real API rejects, the same way.
import * as assert from "assert";
import type { StartedSim } from "../sim/index";
import { startSim } from "../sim/index";
import * as F from "./fixtures";
import { assertShape, call, clients, type Clients, smallWorld, smallWorldHooks } from "./helpers";

describe("sim contract: Elasticsearch", () => {
  let sim: StartedSim;
  let c: Clients;
  smallWorldHooks("suite", (s, cl) => {
    sim = s;
    c = cl;
  });

  it("GET / has the root info shape and the node's wire/index compatibility", async () => {
    const r = await c.es("GET", "/");
    assert.strictEqual(r.status, 200);
    assertShape(r.body, F.ROOT_INFO);
    assert.strictEqual(r.body.version.number, "8.17.3");
    assert.strictEqual(r.body.version.minimum_wire_compatibility_version, "7.17.0");
    assert.strictEqual(r.headers.get("x-elastic-product"), "Elasticsearch");
  });

  it("GET /_cat/nodes?format=json: default columns, h= aliases as keys, 4-char ids unless full_id", async () => {
    const d = await c.es("GET", "/_cat/nodes?format=json");
    assertShape(d.body, F.CAT_NODES_DEFAULT);
    assert.strictEqual(d.body.length, 7);
    const h = await c.es("GET", "/_cat/nodes?v=true&h=id,ip,port,v,m&format=json");
    assertShape(h.body, F.CAT_NODES_H);
    assert.ok(h.body.every((n: { id: string }) => n.id.length === 4));
    assert.strictEqual(h.body.filter((n: { m: string }) => n.m === "*").length, 1);
    const full = await c.es("GET", "/_cat/nodes?format=json&h=id,name,version,node.role,master&full_id=true");
    assert.ok(full.body.every((n: { id: string }) => n.id.length === 22));
    const hot = full.body.find((n: { name: string }) => n.name === "es-hot-0");
    assert.strictEqual(hot["node.role"], "hirst");
    const text = await c.es("GET", "/_cat/nodes?v=true&h=name,version");
    assert.match(text.text, /^name\s+version\n/);
  });

  it("GET /_nodes and filters (master:true/_none, data_frozen:true/_none, names, role:false)", async () => {
    const all = await c.es("GET", "/_nodes/_all/_none");
    assert.deepStrictEqual(Object.keys(all.body).sort(), ["_nodes", "cluster_name", "nodes"]);
    assertShape(all.body._nodes, F.NODES_HEADER);
    assertShape(all.body.nodes, { x: F.NODE_INFO_NONE }, { maps: ["$"], extraOk: ["$.*", "$.*.attributes"] });
    for (const n of Object.values(all.body.nodes) as Record<string, unknown>[]) {
      for (const k of Object.keys(F.NODE_INFO_NONE)) assert.ok(k in n, `node info lacks ${k}`);
    }
    const masters = await c.es("GET", "/_nodes/master:true/_none");
    assert.deepStrictEqual(Object.values(masters.body.nodes).map((n: any) => n.name).sort(), ["es-master-0", "es-master-1", "es-master-2"]);
    assert.strictEqual(masters.body._nodes.total, 3);
    const frozen = await c.es("GET", "/_nodes/data_frozen:true/_none");
    assert.deepStrictEqual(Object.values(frozen.body.nodes).map((n: any) => n.name), ["es-frozen-0"]);
    const notMaster = await c.es("GET", "/_nodes/master:false/_none");
    assert.strictEqual(Object.keys(notMaster.body.nodes).length, 4);
    const byName = await c.es("GET", "/_nodes/es-hot-*/http");
    const hot = Object.values(byName.body.nodes) as any[];
    assert.strictEqual(hot.length, 2);
    assert.ok(hot[0].http.publish_address);
    assert.ok(!("jvm" in hot[0]));
    const metricsOnly = await c.es("GET", "/_nodes/jvm");
    assert.strictEqual(Object.keys(metricsOnly.body.nodes).length, 7);
    const filtered = await c.es("GET", "/_nodes?filter_path=nodes.*.version,nodes.*.http.publish_address,nodes.*.ip");
    const one = Object.values(filtered.body.nodes)[0] as Record<string, unknown>;
    assert.deepStrictEqual(Object.keys(one).sort(), ["http", "ip", "version"]);
    const bad = await c.es("GET", "/_nodes/_all/bogus");
    assert.strictEqual(bad.status, 400);
    assertShape(bad.body, F.ES_ERROR);
  });

  it("GET /_cluster/health has the recorded shape; waits answer 408 with timed_out:true", async () => {
    const h = await c.es("GET", "/_cluster/health");
    assert.strictEqual(h.status, 200);
    assertShape(h.body, F.CLUSTER_HEALTH);
    assert.strictEqual(h.body.status, "green");
    const ok = await c.es("GET", "/_cluster/health?wait_for_status=green&wait_for_nodes=>=7&wait_for_no_initializing_shards=true&wait_for_no_relocating_shards=true&wait_for_events=languid&timeout=5s");
    assert.strictEqual(ok.status, 200);
    assert.strictEqual(ok.body.timed_out, false);
    const to = await c.es("GET", "/_cluster/health?wait_for_nodes=8&timeout=1s");
    assert.strictEqual(to.status, 408);
    assertShape(to.body, F.CLUSTER_HEALTH);
    assert.strictEqual(to.body.timed_out, true);
    const ge = await c.es("GET", "/_cluster/health?wait_for_nodes=ge(7)&timeout=1s");
    assert.strictEqual(ge.status, 200);
    const idx = await c.es("GET", "/_cluster/health/logs?level=indices");
    assert.strictEqual(idx.body.active_primary_shards, 2);
    assert.deepStrictEqual(Object.keys(idx.body.indices), ["logs"]);
  });

  it("GET /_cat/health and /_cat/shards have the recorded shapes", async () => {
    const h = await c.es("GET", "/_cat/health?format=json");
    assertShape(h.body, F.CAT_HEALTH);
    assert.strictEqual(h.body[0].status, "green");
    const s = await c.es("GET", "/_cat/shards?format=json&h=state,prirep,node,shard,index");
    assertShape(s.body, F.CAT_SHARDS);
    assert.strictEqual(s.body.length, 8);
    const d = await c.es("GET", "/_cat/shards?format=json");
    assert.deepStrictEqual(Object.keys(d.body[0]), ["index", "shard", "prirep", "state", "docs", "store", "ip", "node"]);
    const one = await c.es("GET", "/_cat/shards/orders?format=json");
    assert.strictEqual(one.body.length, 2);
  });

  it("PUT/GET /_cluster/settings: flat and nested echoes, null resets, transient warning", async () => {
    const put = await c.es("PUT", "/_cluster/settings?flat_settings=true", { body: { persistent: { "cluster.routing.allocation.enable": "primaries" } } });
    assert.deepStrictEqual(put.body, F.PUT_SETTINGS_FLAT);
    const get = await c.es("GET", "/_cluster/settings?flat_settings=true");
    assert.deepStrictEqual(get.body, F.GET_SETTINGS_FLAT);
    const nested = await c.es("PUT", "/_cluster/settings", { body: { persistent: { cluster: { routing: { allocation: { enable: "primaries" } } } } } });
    assert.deepStrictEqual(nested.body, F.PUT_SETTINGS_NESTED);
    const reset = await c.es("PUT", "/_cluster/settings", { body: { persistent: { "cluster.routing.allocation.enable": null } } });
    assert.deepStrictEqual(reset.body, F.PUT_SETTINGS_RESET);
    assert.deepStrictEqual((await c.es("GET", "/_cluster/settings")).body, { persistent: {}, transient: {} });
    const tr = await c.es("PUT", "/_cluster/settings", { body: { transient: { "cluster.routing.allocation.enable": "none" } } });
    assert.match(tr.headers.get("warning") ?? "", /transient settings removal/);
    assert.strictEqual(sim.elasticsearch!.cluster.allocationEnable(), "none");
    await c.es("PUT", "/_cluster/settings", { body: { transient: { "cluster.routing.allocation.enable": null } } });
    assert.strictEqual(sim.elasticsearch!.cluster.allocationEnable(), "all");
  });

  it("POST /_flush, POST /_ml/set_upgrade_mode", async () => {
    const f = await c.es("POST", "/_flush");
    assertShape(f.body, F.FLUSH);
    assert.deepStrictEqual(f.body._shards, { total: 8, successful: 8, failed: 0 });
    const ml = await c.es("POST", "/_ml/set_upgrade_mode?enabled=true");
    assert.deepStrictEqual(ml.body, F.ACKNOWLEDGED);
    assert.strictEqual((await c.es("GET", "/_ml/info")).body.upgrade_mode, true);
    await c.es("POST", "/_ml/set_upgrade_mode?enabled=false");
    assert.strictEqual(sim.elasticsearch!.cluster.mlUpgradeMode, false);
    // get-jobs: {count, jobs[].job_id} (field names from the ES ML get-jobs docs, «inferred»; not in the shapes reference)
    assert.deepStrictEqual((await c.es("GET", "/_ml/anomaly_detectors")).body, { count: 0, jobs: [] });
  });

  it("GET /_migration/deprecations and /_migration/system_features", async () => {
    const d = await c.es("GET", "/_migration/deprecations");
    assert.deepStrictEqual(d.body, F.DEPRECATIONS_CLEAN);
    const id = sim.addFault({ kind: "es.critical_deprecation", key: ".ml-anomalies-shared" });
    const d2 = await c.es("GET", "/_migration/deprecations");
    assertShape(d2.body.index_settings[".ml-anomalies-shared"][0], F.DEPRECATION_ITEM);
    assert.strictEqual(d2.body.index_settings[".ml-anomalies-shared"][0].level, "critical");
    sim.removeFault(id);
    assert.deepStrictEqual((await c.es("GET", "/_migration/deprecations")).body, F.DEPRECATIONS_CLEAN);
    const sf = await c.es("GET", "/_migration/system_features");
    assertShape(sf.body, F.SYSTEM_FEATURES, { extraOk: ["$.features[0].indices[0]"] });
    assert.strictEqual(sf.body.migration_status, "NO_MIGRATION_NEEDED");
  });

  it("node shutdown PUT/GET/DELETE: uppercase type and status, IN_PROGRESS then COMPLETE", async () => {
    const cluster = sim.elasticsearch!.cluster;
    const id = cluster.node("es-hot-1")!.id;
    const put = await c.es("PUT", `/_nodes/${id}/shutdown`, { body: { type: "restart", reason: "upgrade", allocation_delay: "10m" } });
    assert.deepStrictEqual(put.body, F.ACKNOWLEDGED);
    const g1 = await c.es("GET", `/_nodes/${id}/shutdown`);
    assertShape(g1.body, F.SHUTDOWN_GET);
    assert.strictEqual(g1.body.nodes[0].type, "RESTART");
    assert.ok(["IN_PROGRESS", "COMPLETE"].includes(g1.body.nodes[0].status));
    await cluster.waitFor(() => cluster.shutdownStatus(cluster.shutdowns.get(id)!) === "COMPLETE", 5000);
    const g2 = await c.es("GET", "/_nodes/shutdown");
    assert.strictEqual(g2.body.nodes[0].status, "COMPLETE");
    assert.strictEqual(g2.body.nodes[0].allocation_delay, "10m");
    assert.deepStrictEqual((await c.es("DELETE", `/_nodes/${id}/shutdown`)).body, F.ACKNOWLEDGED);
    assert.deepStrictEqual((await c.es("GET", `/_nodes/${id}/shutdown`)).body, { nodes: [] });
    const again = await c.es("DELETE", `/_nodes/${id}/shutdown`);
    assert.strictEqual(again.status, 404);
    assertShape(again.body, { ...F.ES_ERROR, status: 404 });
  });

  it("rejects unknown query parameters with ES's 400 on every endpoint", async () => {
    const paths: [string, string][] = [
      ["GET", "/"],
      ["GET", "/_nodes?bogus=1"],
      ["GET", "/_cat/nodes?format=json&bogus=1"],
      ["GET", "/_cluster/health?bogus=1"],
      ["GET", "/_cluster/settings?bogus=1"],
      ["POST", "/_flush?bogus=1"],
      ["POST", "/_ml/set_upgrade_mode?enabled=true&bogus=1"],
      ["GET", "/_nodes/shutdown?bogus=1"],
      ["GET", "/_migration/deprecations?bogus=1"],
      ["GET", "/_migration/system_features?bogus=1"],
      ["GET", "/_cat/shards?format=json&bogus=1"],
    ];
    for (const [m, p] of paths.slice(1)) {
      const r = await c.es(m, p);
      assert.strictEqual(r.status, 400, `${m} ${p}`);
      assertShape(r.body, F.ES_ERROR);
      assert.strictEqual(r.body.error.type, "illegal_argument_exception");
      assert.match(r.body.error.reason, /contains unrecognized parameter: \[bogus\]/);
    }
  });

  it("rejects bodies and values the real API rejects", async () => {
    const cases: [string, string, { body?: unknown; rawBody?: string }, string][] = [
      ["PUT", "/_cluster/settings", { rawBody: "{not json" }, "x_content_parse_exception"],
      ["PUT", "/_cluster/settings", { body: { persistant: {} } }, "x_content_parse_exception"],
      ["PUT", "/_cluster/settings", { body: { persistent: { "cluster.routing.allocation.enabled": "all" } } }, "illegal_argument_exception"],
      ["PUT", "/_cluster/settings", { body: { persistent: { "cluster.routing.allocation.enable": "some" } } }, "illegal_argument_exception"],
      ["PUT", "/_cluster/settings", { body: {} }, "action_request_validation_exception"],
      ["PUT", "/_nodes/abc/shutdown", { body: { type: "restart" } }, "action_request_validation_exception"],
      ["PUT", "/_nodes/abc/shutdown", { body: { type: "remove", reason: "x", allocation_delay: "1m" } }, "action_request_validation_exception"],
      ["PUT", "/_nodes/abc/shutdown", { body: { type: "restart", reason: "x", colour: "red" } }, "x_content_parse_exception"],
      ["GET", "/_cluster/health?wait_for_status=blue", {}, "illegal_argument_exception"],
      ["GET", "/_cluster/health?timeout=5parsecs", {}, "illegal_argument_exception"],
      ["POST", "/_ml/set_upgrade_mode?enabled=maybe", {}, "illegal_argument_exception"],
    ];
    for (const [m, p, o, type] of cases) {
      const r = await c.es(m, p, o);
      assert.strictEqual(r.status, 400, `${m} ${p} ${JSON.stringify(o)}`);
      assertShape(r.body, F.ES_ERROR, { extraOk: ["$.error"] });
      assert.strictEqual(r.body.error.type, type, `${m} ${p}: ${r.body.error.reason}`);
    }
    const plain = await fetch(sim.elasticsearch!.url + "/_cluster/settings", {
      method: "PUT",
      headers: { authorization: `ApiKey ${sim.credentials.apiKey}`, "content-type": "text/plain" },
      body: JSON.stringify({ persistent: { "cluster.routing.allocation.enable": "none" } }),
    });
    assert.strictEqual(plain.status, 406);
    assert.strictEqual(sim.elasticsearch!.cluster.allocationEnable(), "all");
    const wrong = await c.es("GET", "/_flush");
    assert.strictEqual(wrong.status, 405);
    assert.deepStrictEqual(wrong.body, { error: "Incorrect HTTP method for uri [/_flush] and method [GET], allowed: [POST]", status: 405 });
    const missing = await c.es("GET", "/nope/_count");
    assert.strictEqual(missing.status, 404);
    assert.strictEqual(missing.body.error.type, "index_not_found_exception");
  });

  it("authenticates API keys and basic auth; 401 with ES's security_exception otherwise", async () => {
    const base = sim.elasticsearch!.url;
    const basic = `Basic ${Buffer.from(`${sim.credentials.username}:${sim.credentials.password}`).toString("base64")}`;
    assert.strictEqual((await call(base, "GET", "/", { auth: basic })).status, 200);
    for (const auth of [null, "Basic " + Buffer.from("elastic:wrong").toString("base64"), "ApiKey " + Buffer.from("sim-key-id:nope").toString("base64")]) {
      const r = await call(base, "GET", "/_cluster/health", { auth });
      assert.strictEqual(r.status, 401);
      assertShape(r.body, { ...F.ES_ERROR, status: 401 }, { extraOk: ["$.error", "$.error.root_cause[0]"] });
      assert.strictEqual(r.body.error.type, "security_exception");
      assert.ok(!r.text.includes(sim.credentials.password));
    }
  });

  it("snapshots (field names «inferred» from the ES snapshot API docs): wait_for_completion, duplicates, missing repo, red index", async () => {
    const r = await c.es("PUT", "/_snapshot/sim-backups/pre-upgrade?wait_for_completion=true", { body: { indices: "*", include_global_state: true } });
    assert.strictEqual(r.status, 200);
    assert.strictEqual(r.body.snapshot.state, "SUCCESS");
    assert.deepStrictEqual(r.body.snapshot.shards, { total: 5, failed: 0, successful: 5 });
    assert.strictEqual((await c.es("GET", "/_snapshot/sim-backups/pre-upgrade")).body.snapshots[0].snapshot, "pre-upgrade");
    assert.strictEqual((await c.es("PUT", "/_snapshot/sim-backups/pre-upgrade")).status, 400);
    assert.strictEqual((await c.es("PUT", "/_snapshot/nope/x")).body.error.type, "repository_missing_exception");
    const id = sim.addFault({ kind: "es.shard_red", index: "orders" });
    const red = await c.es("PUT", "/_snapshot/sim-backups/red?wait_for_completion=true");
    assert.strictEqual(red.status, 500);
    const partial = await c.es("PUT", "/_snapshot/sim-backups/red2?wait_for_completion=true", { body: { partial: true } });
    assert.strictEqual(partial.body.snapshot.state, "PARTIAL");
    sim.removeFault(id);
  });

  it("counts documents per index", async () => {
    const r = await c.es("GET", "/logs/_count");
    assert.deepStrictEqual(r.body, { count: 1000, _shards: { total: 2, successful: 2, skipped: 0, failed: 0 } });
    await c.ctl("POST", "/_sim/es/indices/logs/docs", { count: 25 });
    assert.strictEqual((await c.es("GET", "/logs/_count")).body.count, 1025);
    const cat = await c.es("GET", "/_cat/indices?format=json&h=index,docs.count,health");
    assert.deepStrictEqual(cat.body.find((i: { index: string }) => i.index === "logs"), { index: "logs", "docs.count": "1025", health: "green" });
  });
});

describe("sim contract: ML jobs, node removal", () => {
  it("GET /_ml/anomaly_detectors: {count, jobs[]} in config order; ids, wildcards, allow_no_match, 404 for an unknown id", async () => {
    const cfg = smallWorld();
    const sim = await startSim({ ...cfg, elasticsearch: { ...cfg.elasticsearch!, mlJobs: ["web-traffic", "web-errors", "billing"] } });
    try {
      const c = clients(sim);
      const ids = (body: { jobs: { job_id: string }[] }) => body.jobs.map((j) => j.job_id);
      // get-jobs: {count, jobs[].job_id, …} (field names from the ES ML get-jobs docs, «inferred»; not in the shapes reference)
      const all = await c.es("GET", "/_ml/anomaly_detectors");
      assert.strictEqual(all.status, 200);
      assert.strictEqual(all.body.count, 3);
      assert.deepStrictEqual(ids(all.body), ["web-traffic", "web-errors", "billing"]);
      for (const j of all.body.jobs) {
        assert.strictEqual(j.job_type, "anomaly_detector");
        assert.strictEqual(j.job_version, "8.17.3");
        assert.strictEqual(typeof j.analysis_config.bucket_span, "string");
      }
      assert.deepStrictEqual((await c.es("GET", "/_ml/anomaly_detectors/_all")).body, all.body);
      assert.deepStrictEqual((await c.es("GET", "/_ml/anomaly_detectors/*")).body, all.body);
      assert.deepStrictEqual(ids((await c.es("GET", "/_ml/anomaly_detectors/web-*")).body), ["web-traffic", "web-errors"]);
      const two = await c.es("GET", "/_ml/anomaly_detectors/billing,web-traffic");
      assert.strictEqual(two.body.count, 2);
      assert.deepStrictEqual(ids(two.body), ["web-traffic", "billing"]);

      const unknown = await c.es("GET", "/_ml/anomaly_detectors/zzz");
      assert.strictEqual(unknown.status, 404);
      assertShape(unknown.body, { ...F.ES_ERROR, status: 404 });
      assert.strictEqual(unknown.body.error.type, "resource_not_found_exception");
      assert.strictEqual(unknown.body.error.reason, "No known job with id 'zzz'");
      // one missing exact id fails the whole request
      assert.strictEqual((await c.es("GET", "/_ml/anomaly_detectors/billing,zzz")).status, 404);
      // a wildcard matching nothing is an empty list unless allow_no_match=false (or its old alias allow_no_jobs)
      assert.deepStrictEqual((await c.es("GET", "/_ml/anomaly_detectors/none-*")).body, { count: 0, jobs: [] });
      assert.strictEqual((await c.es("GET", "/_ml/anomaly_detectors/none-*?allow_no_match=false")).status, 404);
      assert.strictEqual((await c.es("GET", "/_ml/anomaly_detectors/none-*?allow_no_jobs=false")).status, 404);
      assert.strictEqual((await c.es("GET", "/_ml/anomaly_detectors/web-*?allow_no_match=false")).body.count, 2);
      assert.strictEqual((await c.es("GET", "/_ml/anomaly_detectors?allow_no_match=maybe")).status, 400);
    } finally {
      await sim.stop();
    }
  });

  it("ML upgrade mode: the job list stays readable and unchanged; job_version is the creation version across a node upgrade", async () => {
    const cfg = smallWorld();
    const sim = await startSim({ ...cfg, elasticsearch: { ...cfg.elasticsearch!, mlJobs: ["web-traffic"] } });
    try {
      const c = clients(sim);
      const before = await c.es("GET", "/_ml/anomaly_detectors");
      assert.strictEqual(before.body.count, 1);
      assert.deepStrictEqual((await c.es("POST", "/_ml/set_upgrade_mode?enabled=true")).body, F.ACKNOWLEDGED);
      assert.strictEqual((await c.es("GET", "/_ml/info")).body.upgrade_mode, true);
      assert.deepStrictEqual((await c.es("GET", "/_ml/anomaly_detectors")).body, before.body);
      // the node answering HTTP moves to 8.19.2; the job still reports the version it was created on
      const up = await c.ctl("POST", "/_sim/es/nodes/es-master-0/upgrade", { version: "8.19.2" });
      assert.strictEqual(up.status, 200);
      await c.es("GET", "/_cluster/health?wait_for_nodes=7&timeout=1h");
      assert.strictEqual((await c.es("GET", "/")).body.version.number, "8.19.2");
      assert.deepStrictEqual((await c.es("GET", "/_ml/anomaly_detectors")).body, before.body);
      await c.es("POST", "/_ml/set_upgrade_mode?enabled=false");
      assert.strictEqual((await c.es("GET", "/_ml/info")).body.upgrade_mode, false);
      assert.deepStrictEqual((await c.es("GET", "/_ml/anomaly_detectors/web-traffic")).body, before.body);
    } finally {
      await sim.stop();
    }
  });

  it("a remove-type shutdown relocates the node's copies away (RELOCATING in _cat/shards) and then reports COMPLETE", async () => {
    const sim = await startSim(smallWorld({ hot: 3 }));
    try {
      const c = clients(sim);
      const cluster = sim.elasticsearch!.cluster;
      const id = cluster.node("es-hot-0")!.id;
      assert.ok(cluster.shardsOn(id) > 0);
      await c.es("PUT", `/_nodes/${id}/shutdown`, { body: { type: "remove", reason: "decommission" } });
      const moving = (await c.es("GET", "/_cat/shards?format=json&h=state,node")).body as { state: string; node: string }[];
      assert.ok(moving.some((s) => s.state === "RELOCATING" && /^es-hot-0 -> \S+ \S+ es-hot-[12]$/.test(s.node)), JSON.stringify(moving));
      assert.strictEqual((await c.es("GET", "/_cluster/health")).body.relocating_shards > 0, true);
      const g = await c.es("GET", `/_nodes/${id}/shutdown`);
      assert.strictEqual(g.body.nodes[0].status, "IN_PROGRESS");
      assert.ok(g.body.nodes[0].shard_migration.shard_migrations_remaining > 0);
      assert.strictEqual((await c.es("GET", "/_cluster/health?wait_for_no_relocating_shards=true&timeout=1h")).status, 200);
      assert.strictEqual((await c.es("GET", `/_nodes/${id}/shutdown`)).body.nodes[0].status, "COMPLETE");
      assert.strictEqual(cluster.shardsOn(id), 0);
    } finally {
      await sim.stop();
    }
  });
});

describe("sim contract: Kibana", () => {
  let sim: StartedSim;
  let c: Clients;
  smallWorldHooks("suite", (s, cl) => {
    sim = s;
    c = cl;
  });

  it("GET /api/status: version and status.overall.level", async () => {
    const r = await c.kb("GET", "/api/status");
    assert.strictEqual(r.status, 200);
    assert.deepStrictEqual(Object.keys(r.body).sort(), [...F.KIBANA_STATUS_KEYS].sort());
    for (const k of F.KIBANA_VERSION_KEYS) assert.ok(k in r.body.version, k);
    assert.strictEqual(r.body.version.number, "8.17.3");
    assert.strictEqual(r.body.status.overall.level, "available");
    const bad = await c.kb("GET", "/api/status?bogus=1");
    assert.strictEqual(bad.status, 400);
    assert.deepStrictEqual(Object.keys(bad.body).sort(), ["error", "message", "statusCode"]);
    const anon = await call(sim.kibana!.url, "GET", "/api/status");
    assert.strictEqual(anon.status, 401);
  });
});

describe("sim contract: Elastic Cloud", () => {
  let sim: StartedSim;
  let c: Clients;
  smallWorldHooks("suite", (s, cl) => {
    sim = s;
    c = cl;
  });

  it("GET /deployments/{id} has the recorded resource shape and a resource-version header", async () => {
    const r = await c.cloud("GET", "/deployments/dep1");
    assert.strictEqual(r.status, 200);
    assert.ok(r.headers.get("x-cloud-resource-version"));
    const es = r.body.resources.elasticsearch[0];
    assertShape(es, F.CLOUD_ES_RESOURCE, {
      extraOk: ["$.info.plan_info.current", "$.info.plan_info.current.source", "$.info.topology.instances[0]", "$.info.plan_info.current.plan.cluster_topology[0]"],
    });
    assert.strictEqual(es.info.plan_info.current.plan.elasticsearch.version, "8.17.3");
    assert.strictEqual(r.body.resources.kibana[0].info.plan_info.current.plan.kibana.version, "8.17.3");
    assert.ok(!("pending" in es.info.plan_info));
    const logs = await c.cloud("GET", "/deployments/dep1?show_plan_logs=true");
    const log = logs.body.resources.elasticsearch[0].info.plan_info.current.plan_attempt_log;
    assertShape(log, [F.CLOUD_PLAN_STEP], { extraOk: ["$[0].info_log[0]"] });
    assert.strictEqual(log[log.length - 1].step_id, "plan-completed");
  });

  it("stack versions: upgradable_to and min_upgradable_from, regional and global paths", async () => {
    const g = await c.cloud("GET", "/stack/versions");
    const r = await c.cloud("GET", "/regions/gcp-us-central1/stack/versions");
    assert.deepStrictEqual(g.body, r.body);
    for (const s of g.body.stacks) assertShape(s, F.STACK_VERSION, { extraOk: ["$.metadata", "$.elasticsearch"] });
    const v817 = (await c.cloud("GET", "/stack/versions/8.17.3")).body;
    assert.deepStrictEqual(v817.upgradable_to, ["8.17.4", "8.18.0", "8.19.2"]);
    assert.strictEqual(v817.min_upgradable_from, "7.17.0");
    const v90 = (await c.cloud("GET", "/stack/versions/9.0.0")).body;
    assert.strictEqual(v90.min_upgradable_from, "8.18.0");
    const v818 = (await c.cloud("GET", "/stack/versions/8.18.0")).body;
    assert.ok(v818.upgradable_to.includes("9.0.0") && !v818.upgradable_to.includes("9.1.2"));
    const nf = await c.cloud("GET", "/stack/versions/1.2.3");
    assert.strictEqual(nf.status, 404);
    assertShape(nf.body, F.CLOUD_ERROR);
    assert.strictEqual(nf.body.errors[0].code, "stackpack.version_not_found");
  });

  it("errors: BasicFailedReply with x-cloud-error-codes; 401 without the API key", async () => {
    const nf = await c.cloud("GET", "/deployments/nope");
    assert.strictEqual(nf.status, 404);
    assertShape(nf.body, F.CLOUD_ERROR);
    assert.strictEqual(nf.headers.get("x-cloud-error-codes"), "deployments.deployment_not_found");
    const anon = await call(sim.cloud!.url + "/api/v1", "GET", "/deployments/dep1", { auth: "ApiKey wrong" });
    assert.strictEqual(anon.status, 401);
    assertShape(anon.body, F.CLOUD_ERROR);
    const noPrune = await c.cloud("PUT", "/deployments/dep1", { body: { resources: {} } });
    assert.strictEqual(noPrune.status, 400);
    const cancel = await c.cloud("DELETE", "/deployments/dep1/elasticsearch/main-elasticsearch/plan/pending");
    assert.strictEqual(cancel.status, 400);
    assert.strictEqual(cancel.body.errors[0].code, "deployments.resource_does_not_have_a_pending_plan");
  });
});
