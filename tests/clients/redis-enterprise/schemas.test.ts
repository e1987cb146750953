// The client's zod schemas accept the recorded examples of redis.md §1c and normalize their type quirks.
import * as assert from "assert";
import {
  ActionListSchema,
  ActionSchema,
  BdbActionListSchema,
  BdbListSchema,
  ClusterCheckSchema,
  ClusterSchema,
  NodeCheckSchema,
  NodeListSchema,
  NodesStatusSchema,
} from "../../../provider/clients/redis-enterprise/schemas";
import { masterUidOf } from "../../../provider/clients/redis-enterprise/client";
import {
  ACTION_TASK_WITH_CREATION_TIME,
  ACTIONS_V1_DOCS_EXAMPLE,
  BDB_ACTIONS_DOCS_EXAMPLE,
  BDBS_REAL_FIELDS,
  CLUSTER_CHECK_DOCS_EXAMPLE,
  CLUSTER_DOCS_EXAMPLE,
  CLUSTER_REAL_FIELDS,
  NODE_CHECK_DOCS_EXAMPLE,
  NODE_CHECK_FAILING_EXAMPLE,
  NODES_REAL_EXAMPLE,
  NODES_STATUS_DOCS_EXAMPLE,
} from "./fixtures";

describe("redis-enterprise schemas accept the recorded examples", () => {
  it("GET /v1/cluster: the docs example (no upgrade_mode) and the real response's fields", () => {
    assert.strictEqual(ClusterSchema.parse(CLUSTER_DOCS_EXAMPLE).upgrade_mode, undefined);
    const real = ClusterSchema.parse(CLUSTER_REAL_FIELDS);
    assert.strictEqual(real.upgrade_mode, false);
    assert.strictEqual(real.upgrade_in_progress, false);
    assert.strictEqual(real.name, "docker-cluster");
  });

  it("GET /v1/nodes: the real nodes_list.json, memcached entry included", () => {
    const [n] = NodeListSchema.parse(NODES_REAL_EXAMPLE);
    assert.strictEqual(n.uid, 1);
    assert.strictEqual(n.software_version, "100.0.21-16135");
    assert.strictEqual(n.status, "active");
    assert.deepStrictEqual(
      n.supported_database_versions.filter((v) => v.db_type === "redis").map((v) => v.redis_version),
      ["7.4", "7.2", "6.2", "8.0"],
    );
  });

  it("GET /v1/nodes: rejects an unknown node status and a missing software_version", () => {
    assert.throws(() => NodeListSchema.parse([{ ...NODES_REAL_EXAMPLE[0], status: "exploded" }]));
    const { software_version: _omit, ...rest } = NODES_REAL_EXAMPLE[0];
    assert.throws(() => NodeListSchema.parse([rest]));
  });

  it("GET /v1/nodes/status: the docs example, abbreviated entries and maintenance_snapshot included", () => {
    const s = NodesStatusSchema.parse(NODES_STATUS_DOCS_EXAMPLE);
    assert.strictEqual(masterUidOf(s), 1);
    assert.strictEqual(s["1"].maintenance_snapshot?.node_uid, 1);
    assert.strictEqual(s["2"].role, "slave");
    assert.strictEqual(masterUidOf({ "1": { role: "slave" }, "2": { role: "slave" } }), undefined);
  });

  it("GET /v1/cluster/check and /v1/nodes/check/{uid}: node_uid as string or int becomes a number", () => {
    const c = ClusterCheckSchema.parse(CLUSTER_CHECK_DOCS_EXAMPLE);
    assert.strictEqual(c.cluster_test_result, false);
    assert.deepStrictEqual(c.nodes.map((n) => n.node_uid), [1, 2, 3]);
    assert.match(c.nodes[2].error ?? "", /alert_mgr/);
    assert.deepStrictEqual(NodeCheckSchema.parse(NODE_CHECK_DOCS_EXAMPLE), { node_uid: 1, result: true });
    assert.strictEqual(NodeCheckSchema.parse(NODE_CHECK_FAILING_EXAMPLE).error, NODE_CHECK_FAILING_EXAMPLE.error);
    assert.throws(() => NodeCheckSchema.parse({ node_uid: "one", result: true }));
  });

  it("GET /v1/bdbs: the real response's fields", () => {
    const [d] = BdbListSchema.parse(BDBS_REAL_FIELDS);
    assert.deepStrictEqual([d.uid, d.name, d.redis_version, d.version, d.status], [1, "default-db", "8.0", "8.0.0", "active"]);
  });

  it("actions: the v1 list (progress \"100\" → 100), creation_time as a string, and /v1/actions/bdb/{uid}", () => {
    const list = ActionListSchema.parse(ACTIONS_V1_DOCS_EXAMPLE);
    assert.strictEqual(list.actions[0].progress, 100);
    assert.strictEqual(list.actions[0].node_uid, 2);
    assert.strictEqual(list["state-machines"][0].name, "SMCreateBDB");
    assert.strictEqual(ActionSchema.parse(ACTION_TASK_WITH_CREATION_TIME).creation_time, 1760400087);
    const [a] = BdbActionListSchema.parse(BDB_ACTIONS_DOCS_EXAMPLE);
    assert.deepStrictEqual([a.status, a.state, a.progress], ["active", "proxy_policy", 50]);
  });
});
