// Contract tests: every REST endpoint the simulator serves answers with (at least) the key set of the recorded
// examples of redis.md §1c, with the same JSON types, and the client's zod schemas accept its answers.
import * as assert from "assert";
import {
  ActionListSchema,
  ActionSchema,
  BdbActionListSchema,
  BdbListSchema,
  BdbSchema,
  ClusterCheckSchema,
  ClusterSchema,
  NodeCheckSchema,
  NodeListSchema,
  NodeSchema,
  NodesStatusSchema,
} from "../../../provider/clients/redis-enterprise/schemas";
import {
  ACTIONS_V1_DOCS_EXAMPLE,
  BDB_ACTIONS_DOCS_EXAMPLE,
  BDBS_REAL_FIELDS,
  CLUSTER_CHECK_DOCS_EXAMPLE,
  CLUSTER_DOCS_EXAMPLE,
  CLUSTER_REAL_FIELDS,
  NODE_CHECK_DOCS_EXAMPLE,
  NODES_REAL_EXAMPLE,
  NODES_STATUS_DOCS_EXAMPLE,
} from "../../clients/redis-enterprise/fixtures";
import { control, rest, until } from "./helpers";
import { RedisSim, startRedisSim } from "./index";

type Json = Record<string, unknown>;

function jsonType(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  return typeof v;
}

/** Every key of `example` is in `actual` with the same JSON type (optional keys listed in `optional` may be absent). */
function assertShape(actual: unknown, example: Json, where: string, optional: string[] = []): void {
  assert.strictEqual(jsonType(actual), "object", `${where}: expected an object`);
  const a = actual as Json;
  for (const [k, v] of Object.entries(example)) {
    if (!(k in a)) {
      if (optional.includes(k)) continue;
      assert.fail(`${where}: key ${k} of the recorded example is missing (has ${Object.keys(a).sort().join(", ")})`);
    }
    assert.strictEqual(jsonType(a[k]), jsonType(v), `${where}.${k}: type ${jsonType(a[k])} differs from the example's ${jsonType(v)}`);
  }
}

describe("redis sim: REST contract against the recorded examples (redis.md §1c)", () => {
  let sim: RedisSim;
  before(async () => {
    sim = await startRedisSim({ nodes: { count: 3, version: "7.4.6-22" }, databases: [{ name: "db", redis_version: "7.2", shards: 2 }], timeScale: 0.0001 });
  });
  after(() => sim.stop());

  it("GET /v1/cluster has the docs example's keys and the real response's keys, and parses with ClusterSchema", async () => {
    const r = await rest(sim, "GET", "/v1/cluster");
    assert.strictEqual(r.status, 200);
    assertShape(r.body, CLUSTER_DOCS_EXAMPLE, "cluster (docs)");
    assertShape(r.body, CLUSTER_REAL_FIELDS, "cluster (real)");
    const c = ClusterSchema.parse(r.body);
    assert.strictEqual(c.upgrade_mode, false);
  });

  it("GET /v1/nodes and /v1/nodes/{uid} have exactly the real nodes_list.json keys and parse with NodeSchema", async () => {
    const r = await rest(sim, "GET", "/v1/nodes");
    assert.strictEqual(r.status, 200);
    const list = r.body as Json[];
    assert.strictEqual(list.length, 3);
    for (const n of list) {
      assert.deepStrictEqual(Object.keys(n).sort(), Object.keys(NODES_REAL_EXAMPLE[0]).sort());
      assertShape(n, NODES_REAL_EXAMPLE[0], `node ${n.uid}`);
      const sdv = n.supported_database_versions as Json[];
      for (const e of sdv) {
        const ex = NODES_REAL_EXAMPLE[0].supported_database_versions.find((x) => x.db_type === e.db_type) as Json;
        assert.deepStrictEqual(Object.keys(e).sort(), Object.keys(ex).sort());
      }
    }
    NodeListSchema.parse(r.body);
    const one = await rest(sim, "GET", "/v1/nodes/2");
    assert.strictEqual(NodeSchema.parse(one.body).uid, 2);
  });

  it("GET /v1/nodes/status is keyed by uid strings with the docs example's keys (maintenance_snapshot only when in maintenance)", async () => {
    const r = await rest(sim, "GET", "/v1/nodes/status");
    assert.strictEqual(r.status, 200);
    const body = r.body as Record<string, Json>;
    assert.deepStrictEqual(Object.keys(body).sort(), ["1", "2", "3"]);
    for (const entry of Object.values(body)) assertShape(entry, NODES_STATUS_DOCS_EXAMPLE["1"], "nodes/status", ["maintenance_snapshot"]);
    const parsed = NodesStatusSchema.parse(r.body);
    assert.deepStrictEqual(Object.values(parsed).map((s) => s.role), ["master", "slave", "slave"]);
  });

  it("GET /v1/cluster/check sends node_uid as strings, GET /v1/nodes/check/{uid} as an int, as documented", async () => {
    assert.strictEqual((await control(sim, "POST", "/_sim/nodes/3/fail-check")).status, 200);
    try {
      const r = await rest(sim, "GET", "/v1/cluster/check");
      assert.strictEqual(r.status, 200);
      assertShape(r.body, CLUSTER_CHECK_DOCS_EXAMPLE, "cluster/check");
      const body = r.body as typeof CLUSTER_CHECK_DOCS_EXAMPLE;
      assert.strictEqual(body.cluster_test_result, false);
      for (const [i, n] of body.nodes.entries()) assertShape(n, CLUSTER_CHECK_DOCS_EXAMPLE.nodes[i], `cluster/check.nodes[${i}]`);
      const parsed = ClusterCheckSchema.parse(r.body);
      assert.deepStrictEqual(parsed.nodes.map((n) => n.node_uid), [1, 2, 3]);
      const ok = await rest(sim, "GET", "/v1/nodes/check/1");
      assert.deepStrictEqual(ok.body, NODE_CHECK_DOCS_EXAMPLE);
      const bad = NodeCheckSchema.parse((await rest(sim, "GET", "/v1/nodes/check/3")).body);
      assert.strictEqual(bad.result, false);
      assert.match(bad.error ?? "", /alert_mgr/);
    } finally {
      await control(sim, "POST", "/_sim/nodes/3/repair");
    }
  });

  it("GET /v1/bdbs has the keys of the real bdbs_list.json fields, honours ?fields=, and parses with BdbListSchema", async () => {
    const r = await rest(sim, "GET", "/v1/bdbs");
    const list = r.body as Json[];
    assert.strictEqual(list.length, 1);
    assertShape(list[0], BDBS_REAL_FIELDS[0], "bdb");
    const ep = (list[0].endpoints as Json[])[0];
    assertShape(ep, BDBS_REAL_FIELDS[0].endpoints[0], "bdb.endpoints[0]");
    assert.strictEqual(BdbListSchema.parse(r.body)[0].redis_version, "7.2");
    const filtered = await rest(sim, "GET", "/v1/bdbs?fields=uid,name");
    assert.deepStrictEqual(filtered.body, [{ uid: 1, name: "db" }]);
  });

  it("POST /v1/bdbs/{uid}/upgrade answers the BDB object with action_uid; the action has the state-machine example's keys", async () => {
    const up = await rest(sim, "POST", "/v1/bdbs/1/upgrade", { body: { redis_version: "7.2", preserve_roles: true } });
    assert.strictEqual(up.status, 200, JSON.stringify(up.body));
    assertShape(up.body, BDBS_REAL_FIELDS[0], "upgrade answer");
    const bdb = BdbSchema.parse(up.body);
    assert.ok(bdb.action_uid, "the answer carries action_uid");
    const a = await rest(sim, "GET", `/v1/actions/${bdb.action_uid}`);
    assertShape(a.body, BDB_ACTIONS_DOCS_EXAMPLE[0], "action");
    assertShape(a.body, ACTIONS_V1_DOCS_EXAMPLE["state-machines"][0], "action (v1 state machine)");
    ActionSchema.parse(a.body);
    const perBdb = await rest(sim, "GET", "/v1/actions/bdb/1");
    assert.strictEqual(BdbActionListSchema.parse(perBdb.body).length, 1);
    const all = await rest(sim, "GET", "/v1/actions");
    assert.deepStrictEqual(Object.keys(all.body as Json).sort(), Object.keys(ACTIONS_V1_DOCS_EXAMPLE).sort());
    ActionListSchema.parse(all.body);
    await until(async () => ((await rest(sim, "GET", `/v1/actions/${bdb.action_uid}`)).body as Json).status === "completed");
  });

  it("answers 401 without valid Basic credentials, and 404 for unknown uids", async () => {
    assert.strictEqual((await rest(sim, "GET", "/v1/nodes", { auth: null })).status, 401);
    const wrong = `Basic ${Buffer.from(`${sim.credentials.username}:nope`).toString("base64")}`;
    assert.strictEqual((await rest(sim, "GET", "/v1/cluster", { auth: wrong })).status, 401);
    assert.strictEqual((await rest(sim, "GET", "/v1/nodes/9")).status, 404);
    assert.strictEqual((await rest(sim, "GET", "/v1/nodes/check/9")).status, 404);
    assert.strictEqual((await rest(sim, "GET", "/v1/actions/no-such-action")).status, 404);
  });
});
