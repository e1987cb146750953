// The Elasticsearch schemas accept every recorded example of elastic-api-shapes.md and reject what we rely on missing.
import * as assert from "assert";
import { z } from "zod";
import {
  Acknowledged,
  CatNode,
  CatRow,
  CatShard,
  ClusterHealth,
  ClusterSettings,
  ClusterSettingsUpdate,
  countDeprecations,
  Deprecations,
  ErrorResponse,
  flattenDeprecations,
  FlushResponse,
  NodeShutdownRequest,
  NodeShutdowns,
  NodesInfo,
  RootInfo,
  SystemFeatures,
} from "../../../provider/clients/elasticsearch";
import * as F from "./fixtures";

const cases: [string, z.ZodType, unknown][] = [
  ["GET / 9.1.0 (SPEC)", RootInfo, F.ROOT_9_1_0],
  ["_cat/nodes example 1 as generic rows", z.array(CatRow), F.CAT_NODES_EXAMPLE_1],
  ["_cat/nodes example 2 (aliases) as generic rows", z.array(CatRow), F.CAT_NODES_EXAMPLE_2],
  ["_cat/nodes mixed-version rows", z.array(CatNode), F.CAT_NODES_MIXED],
  ["_nodes SPEC example (abbreviated _nodes)", NodesInfo, F.NODES_SPEC_EXAMPLE],
  ["_nodes ECK 7.17.0 recorded payload", NodesInfo, F.NODES_ECK_7_17],
  ["_nodes 8.x/9.x template", NodesInfo, F.NODES_TEMPLATE],
  ["_cluster/health SPEC example", ClusterHealth, F.HEALTH_SPEC_EXAMPLE],
  ["_cat/health SPEC example as generic rows", z.array(CatRow), F.CAT_HEALTH_EXAMPLE],
  ["_cat/shards ECK fixture", z.array(CatShard), F.CAT_SHARDS_ECK],
  ["_cat/shards relocating row", CatShard, F.CAT_SHARD_RELOCATING],
  ["PUT _cluster/settings flat", ClusterSettingsUpdate, F.SETTINGS_PUT_FLAT],
  ["PUT _cluster/settings nested", ClusterSettingsUpdate, F.SETTINGS_PUT_NESTED],
  ["PUT _cluster/settings reset", ClusterSettingsUpdate, F.SETTINGS_PUT_RESET],
  ["GET _cluster/settings flat", ClusterSettings, F.SETTINGS_GET_FLAT],
  ["POST _flush", FlushResponse, F.FLUSH_RESPONSE],
  ["acknowledged", Acknowledged, F.ACKNOWLEDGED],
  ["deprecations SPEC example (old keys only)", Deprecations, F.DEPRECATIONS_SPEC_EXAMPLE],
  ["deprecations 8.19 → 9.x real entry", Deprecations, F.DEPRECATIONS_8_19_ENTRY],
  ["deprecations clean, all keys", Deprecations, F.DEPRECATIONS_CLEAN],
  ["system features", SystemFeatures, F.SYSTEM_FEATURES],
  ["node shutdown GET SPEC example", NodeShutdowns, F.SHUTDOWN_EXAMPLE],
  ["node shutdown GET, no records", NodeShutdowns, F.SHUTDOWN_NONE],
  ["node shutdown PUT body", NodeShutdownRequest, F.SHUTDOWN_PUT_BODY],
  ["error body", ErrorResponse, F.ERROR_BODY],
];

describe("Elasticsearch schemas", () => {
  describe("accept the recorded examples", () => {
    for (const [name, schema, fixture] of cases) {
      it(`accepts ${name}`, () => {
        const r = schema.safeParse(JSON.parse(JSON.stringify(fixture)));
        assert.ok(r.success, r.success ? "" : JSON.stringify(r.error.issues));
      });
    }
  });

  describe("are strict on the fields the provider uses", () => {
    it("requires version.number on GET /", () => {
      const { number: _n, ...rest } = F.ROOT_9_1_0.version;
      const r = RootInfo.safeParse({ ...F.ROOT_9_1_0, version: rest });
      assert.ok(!r.success);
      assert.deepStrictEqual(r.error.issues[0].path, ["version", "number"]);
    });

    it("keeps fields it does not model (loose objects)", () => {
      const root = RootInfo.parse(F.ROOT_9_1_0);
      assert.strictEqual((root.version as Record<string, unknown>)["lucene_version"], "10.2.2");
    });

    it("requires roles on every node", () => {
      const bad = JSON.parse(JSON.stringify(F.NODES_TEMPLATE));
      delete bad.nodes.k3jD1lX0TqGv2xv4m9pQwA.roles;
      const r = NodesInfo.safeParse(bad);
      assert.ok(!r.success);
      assert.deepStrictEqual(r.error.issues[0].path, ["nodes", "k3jD1lX0TqGv2xv4m9pQwA", "roles"]);
    });

    it("normalizes health status case and refuses an unknown status", () => {
      assert.strictEqual(ClusterHealth.parse({ ...F.HEALTH_SPEC_EXAMPLE, status: "GREEN" }).status, "green");
      assert.ok(!ClusterHealth.safeParse({ ...F.HEALTH_SPEC_EXAMPLE, status: "purple" }).success);
      assert.ok(!ClusterHealth.safeParse({ ...F.HEALTH_SPEC_EXAMPLE, initializing_shards: "0" }).success);
    });

    it("normalizes shutdown enums to uppercase, as the spec's lowercase variant may arrive", () => {
      const lower = JSON.parse(JSON.stringify(F.SHUTDOWN_EXAMPLE));
      lower.nodes[0].type = "restart";
      lower.nodes[0].status = "in_progress";
      const parsed = NodeShutdowns.parse(lower);
      assert.strictEqual(parsed.nodes[0].type, "RESTART");
      assert.strictEqual(parsed.nodes[0].status, "IN_PROGRESS");
      lower.nodes[0].status = "DONE";
      assert.ok(!NodeShutdowns.safeParse(lower).success);
    });

    it("refuses a shard in an unknown state and a cat node without a version", () => {
      assert.ok(!CatShard.safeParse({ ...F.CAT_SHARDS_ECK[0], state: "MOVING" }).success);
      const { version: _v, ...noVersion } = F.CAT_NODES_MIXED[0];
      assert.ok(!CatNode.safeParse(noVersion).success);
    });

    it("refuses a deprecation with an unknown level", () => {
      const bad = { cluster_settings: [{ level: "fatal", message: "x", url: "u" }] };
      assert.ok(!Deprecations.safeParse(bad).success);
    });
  });

  describe("deprecation helpers", () => {
    it("flattens every section, naming the resource of keyed sections", () => {
      const all = flattenDeprecations(Deprecations.parse({ ...F.DEPRECATIONS_SPEC_EXAMPLE, ...F.DEPRECATIONS_8_19_ENTRY }));
      assert.deepStrictEqual(
        all.map((f) => [f.section, f.resource, f.level, f.message]),
        [
          ["cluster_settings", undefined, "critical", "Cluster name cannot contain ':'"],
          ["index_settings", ".ml-anomalies-shared", "critical", "Index created before 8.0"],
        ],
      );
      assert.strictEqual(all[1].resolveDuringRollingUpgrade, false);
    });

    it("counts by level", () => {
      assert.deepStrictEqual(countDeprecations(Deprecations.parse(F.DEPRECATIONS_SPEC_EXAMPLE)), { none: 0, info: 0, warning: 1, critical: 1 });
      assert.deepStrictEqual(countDeprecations(Deprecations.parse(F.DEPRECATIONS_CLEAN)), { none: 0, info: 0, warning: 0, critical: 0 });
    });
  });
});
