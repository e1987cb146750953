// Verbatim response examples from /work/shared/reference/elastic-api-shapes.md (SPEC / ES-TEST / ECK sources).
// Copied here because tests and product code never read /work/shared at run time.

/** §1 GET / — SPEC RootNodeInfoResponseExample1 (9.1.0) */
export const ROOT_9_1_0 = {
  name: "instance-0000000000",
  cluster_name: "my_test_cluster",
  cluster_uuid: "zk-HjQtYQGyL3NFSSu7InA",
  version: {
    number: "9.1.0",
    build_flavor: "default",
    build_type: "docker",
    build_hash: "00000000",
    build_date: "2025-07-09T22:10:13.578182715Z",
    build_snapshot: false,
    lucene_version: "10.2.2",
    minimum_wire_compatibility_version: "8.19.0",
    minimum_index_compatibility_version: "8.0.0",
  },
  tagline: "You Know, for Search",
};

/** §2 GET /_cat/nodes?v=true&format=json — SPEC example 1 */
export const CAT_NODES_EXAMPLE_1 = [
  {
    ip: "127.0.0.1",
    "heap.percent": "65",
    "ram.percent": "99",
    cpu: "42",
    load_1m: "3.07",
    load_5m: null,
    load_15m: null,
    "node.role": "cdfhilmrstw",
    master: "*",
    name: "mJw06l1",
  },
];

/** §2 GET /_cat/nodes?v=true&h=id,ip,port,v,m&format=json — SPEC example 2 */
export const CAT_NODES_EXAMPLE_2 = [{ id: "veJR", ip: "127.0.0.1", port: "59938", v: "9.0.0", m: "*" }];

/** §2 mixed-version mid-upgrade example (h=id,name,version,node.role,master&full_id=true) «synth values» */
export const CAT_NODES_MIXED = [
  { id: "USpTGYaBSIKbgSUJR2Z9lg", name: "es-frozen-0", version: "9.1.2", "node.role": "f", master: "-" },
  { id: "k3jD1lX0TqGv2xv4m9pQwA", name: "es-hot-0", version: "8.19.2", "node.role": "hirst", master: "-" },
  { id: "Zf0pQm3cS9-2hA7xYw1b8g", name: "es-master-0", version: "8.19.2", "node.role": "m", master: "*" },
];

/** §3 GET /_nodes — SPEC nodesInfoResponseExample1 (abbreviated by Elastic: `_nodes: {}`) */
export const NODES_SPEC_EXAMPLE = {
  _nodes: {},
  cluster_name: "elasticsearch",
  nodes: {
    USpTGYaBSIKbgSUJR2Z9lg: {
      name: "node-0",
      transport_address: "192.168.17:9300",
      host: "node-0.elastic.co",
      ip: "192.168.17",
      version: "{version}",
      transport_version: 100000298,
      index_version: 100000074,
      component_versions: { ml_config_version: 100000162, transform_config_version: 100000096 },
      build_flavor: "default",
      build_type: "{build_type}",
      build_hash: "587409e",
      roles: ["master", "data", "ingest"],
      attributes: {},
      plugins: [{ name: "analysis-icu", version: "{version}", description: "…", classname: "org.elasticsearch.plugin.analysis.icu.AnalysisICUPlugin", has_native_controller: false }],
      modules: [{ name: "lang-painless", version: "{version}", description: "…", classname: "org.elasticsearch.painless.PainlessPlugin", has_native_controller: false }],
    },
  },
};

/** §3 real recorded 7.17.0 payload, trimmed (ECK client/test_fixtures/nodes.go) */
export const NODES_ECK_7_17 = {
  _nodes: { successful: 3, failed: 0, total: 3 },
  cluster_name: "eck-cluster",
  nodes: {
    "iXqjbgPYThO-6S7reL5_HA": {
      transport_address: "172.25.98.100:19850",
      name: "instance-0000000007",
      roles: ["master", "data", "ingest"],
      ip: "172.25.98.100",
      host: "172.25.98.100",
      version: "7.17.0",
      build_flavor: "default",
      build_hash: "e36acdb",
      build_type: "tar",
      settings: {},
      jvm: {},
    },
  },
};

/** §3 simulator template for 8.x/9.x «synth values, real field names» */
export const NODES_TEMPLATE = {
  _nodes: { total: 3, successful: 3, failed: 0 },
  cluster_name: "prod",
  nodes: {
    k3jD1lX0TqGv2xv4m9pQwA: {
      name: "es-hot-0",
      transport_address: "10.0.0.11:9300",
      host: "10.0.0.11",
      ip: "10.0.0.11",
      version: "8.19.2",
      transport_version: 8841000,
      index_version: 8525000,
      build_flavor: "default",
      build_type: "docker",
      build_hash: "abcdef0",
      roles: ["data_hot", "data_content", "ingest", "remote_cluster_client", "transform"],
      attributes: { "xpack.installed": "true" },
    },
  },
};

/** §4 GET /_cluster/health — SPEC example */
export const HEALTH_SPEC_EXAMPLE = {
  cluster_name: "testcluster",
  status: "yellow",
  timed_out: false,
  number_of_nodes: 1,
  number_of_data_nodes: 1,
  active_primary_shards: 1,
  active_shards: 1,
  relocating_shards: 0,
  initializing_shards: 0,
  unassigned_shards: 1,
  delayed_unassigned_shards: 0,
  number_of_pending_tasks: 0,
  number_of_in_flight_fetch: 0,
  task_max_waiting_in_queue_millis: 0,
  active_shards_percent_as_number: 50.0,
};

/** §5 GET /_cat/health?format=json — SPEC CatHealthResponseExample1 */
export const CAT_HEALTH_EXAMPLE = [
  {
    epoch: "1475871424", timestamp: "16:17:04", cluster: "elasticsearch", status: "green",
    "node.total": "1", "node.data": "1", shards: "1", pri: "1", relo: "0", init: "0",
    unassign: "0", "unassign.pri": "0", pending_tasks: "0", max_task_wait_time: "-",
    active_shards_percent: "100.0%",
  },
];

/** §6 GET /_cat/shards?format=json — ECK client/test_fixtures/shards.go (real) */
export const CAT_SHARDS_ECK = [
  { state: "STARTED", prirep: "p", node: "stack-sample-es-lkrjf7224s", shard: "0", index: "sample-data-2" },
  { state: "STARTED", prirep: "r", node: "stack-sample-es-4fxm76vnwj", shard: "1", index: "sample-data-2" },
  { state: "UNASSIGNED", prirep: "p", node: null, shard: "2", index: "sample-data-2" },
];
/** §6 relocating shard row (same ECK file) */
export const CAT_SHARD_RELOCATING = { state: "RELOCATING", prirep: "r", node: "src-node -> 10.56.2.33 8DqGuLtrSNyMfE2EfKNDgg dst-node", shard: "0", index: "sample-data-2" };

/** §7 PUT /_cluster/settings responses: flat, nested, reset; GET flat */
export const SETTINGS_PUT_FLAT = { acknowledged: true, persistent: { "cluster.routing.allocation.enable": "primaries" }, transient: {} };
export const SETTINGS_PUT_NESTED = { acknowledged: true, persistent: { cluster: { routing: { allocation: { enable: "primaries" } } } }, transient: {} };
export const SETTINGS_PUT_RESET = { acknowledged: true, persistent: {}, transient: {} };
export const SETTINGS_GET_FLAT = { persistent: { "cluster.routing.allocation.enable": "primaries" }, transient: {} };

/** §8 POST /_flush and POST /_ml/set_upgrade_mode «N filled in» */
export const FLUSH_RESPONSE = { _shards: { total: 10, successful: 10, failed: 0 } };
export const ACKNOWLEDGED = { acknowledged: true };

/** §9 GET /_migration/deprecations — SPEC example (old, lacks the newer keys) */
export const DEPRECATIONS_SPEC_EXAMPLE = {
  cluster_settings: [
    {
      level: "critical",
      message: "Cluster name cannot contain ':'",
      url: "https://www.elastic.co/guide/en/elasticsearch/reference/7.0/breaking-changes-7.0.html#_literal_literal_is_no_longer_allowed_in_cluster_name",
      details: "This cluster is named [mycompany:logging], which contains the illegal character ':'.",
    },
  ],
  node_settings: [],
  index_settings: {
    "logs:apache": [
      {
        level: "warning",
        message: "Index name cannot contain ':'",
        url: "https://www.elastic.co/guide/en/elasticsearch/reference/7.0/breaking-changes-7.0.html#_literal_literal_is_no_longer_allowed_in_index_name",
        details: "This index is named [logs:apache], which contains the illegal character ':'.",
      },
    ],
  },
  ml_settings: [],
};
/** §9 real 8.19→9.x entry (docs-content prepare-to-upgrade.md), wrapped as a full response */
export const DEPRECATIONS_8_19_ENTRY = {
  index_settings: {
    ".ml-anomalies-shared": [
      {
        level: "critical",
        message: "Index created before 8.0",
        url: "https://ela.st/es-deprecation-8-reindex",
        details: "This index was created with version 7.8.23 and is not compatible with 9.0. Reindex or remove the index before upgrading.",
        resolve_during_rolling_upgrade: false,
      },
    ],
  },
};
/** §9 clean response «synth, all keys» */
export const DEPRECATIONS_CLEAN = { cluster_settings: [], node_settings: [], ml_settings: [], index_settings: {}, data_streams: {}, templates: {}, ilm_policies: {} };

/** §10 GET /_migration/system_features (SPEC shape, "…" name as in the reference) */
export const SYSTEM_FEATURES = {
  features: [{ feature_name: "…", minimum_index_version: "8100099", migration_status: "NO_MIGRATION_NEEDED", indices: [{ index: ".kibana_1", version: "8100099" }] }],
  migration_status: "NO_MIGRATION_NEEDED",
};

/** §11 GET /_nodes/shutdown — SPEC example with real UPPERCASE enums and `shutdown_startedmillis` */
export const SHUTDOWN_EXAMPLE = {
  nodes: [
    {
      node_id: "USpTGYaBSIKbgSUJR2Z9lg",
      type: "RESTART",
      reason: "Demonstrating how the node shutdown API works",
      shutdown_startedmillis: 1624406108685,
      allocation_delay: "10m",
      status: "COMPLETE",
      shard_migration: { status: "COMPLETE", shard_migrations_remaining: 0, explanation: "no shard relocation is necessary for a node restart" },
      persistent_tasks: { status: "COMPLETE" },
      plugins: { status: "COMPLETE" },
    },
  ],
};
/** §11 no records «inferred from shape» */
export const SHUTDOWN_NONE = { nodes: [] };
/** §11 PUT request body example */
export const SHUTDOWN_PUT_BODY = { type: "restart", reason: "Demonstrating how the node shutdown API works", allocation_delay: "20m" };

/** ES error body (SPEC ErrorResponseBase) «synth values» */
export const ERROR_BODY = { error: { type: "resource_not_found_exception", reason: "node [x] is not currently shutting down" }, status: 404 };
