// Recorded real response shapes, copied verbatim from /work/shared/reference/elastic-api-shapes.md
// (sources named per fixture there: SPEC examples, ES REST tests, ECK fixtures, cloud-sdk-go testdata).
// The contract tests compare the simulator's answers against these: same keys, same JSON types.

/** §1 SPEC `_global/info/examples/response/RootNodeInfoResponseExample1.yaml` */
export const ROOT_INFO = {
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

/** §2 SPEC example 1 (`GET /_cat/nodes?v=true&format=json`) */
export const CAT_NODES_DEFAULT = [
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

/** §2 SPEC example 2 (`GET /_cat/nodes?v=true&h=id,ip,port,v,m&format=json`) */
export const CAT_NODES_H = [{ id: "veJR", ip: "127.0.0.1", port: "59938", v: "9.0.0", m: "*" }];

/** §3 SPEC `nodesInfoResponseExample1.yaml` node entry without the plugins/modules metrics (asked with `_none`) */
export const NODE_INFO_NONE = {
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
};

/** §3 real recorded `_nodes` header (ECK `client/test_fixtures/nodes.go`) */
export const NODES_HEADER = { successful: 3, failed: 0, total: 3 };

/** §4 SPEC `_cluster/health` example (+ `unassigned_primary_shards`, in the spec type, emitted by newer ES) */
export const CLUSTER_HEALTH = {
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
  unassigned_primary_shards: 0,
  delayed_unassigned_shards: 0,
  number_of_pending_tasks: 0,
  number_of_in_flight_fetch: 0,
  task_max_waiting_in_queue_millis: 0,
  active_shards_percent_as_number: 50.0,
};

/** §5 SPEC `CatHealthResponseExample1.yaml` */
export const CAT_HEALTH = [
  {
    epoch: "1475871424",
    timestamp: "16:17:04",
    cluster: "elasticsearch",
    status: "green",
    "node.total": "1",
    "node.data": "1",
    shards: "1",
    pri: "1",
    relo: "0",
    init: "0",
    unassign: "0",
    "unassign.pri": "0",
    pending_tasks: "0",
    max_task_wait_time: "-",
    active_shards_percent: "100.0%",
  },
];

/** §6 ECK `client/test_fixtures/shards.go` */
export const CAT_SHARDS = [
  { state: "STARTED", prirep: "p", node: "stack-sample-es-lkrjf7224s", shard: "0", index: "sample-data-2" },
  { state: "STARTED", prirep: "r", node: "stack-sample-es-4fxm76vnwj", shard: "1", index: "sample-data-2" },
  { state: "UNASSIGNED", prirep: "p", node: null, shard: "2", index: "sample-data-2" },
];

/** §7 ES-TEST `cluster.put_settings/10_basic.yml` and docs */
export const PUT_SETTINGS_FLAT = { acknowledged: true, persistent: { "cluster.routing.allocation.enable": "primaries" }, transient: {} };
export const PUT_SETTINGS_NESTED = { acknowledged: true, persistent: { cluster: { routing: { allocation: { enable: "primaries" } } } }, transient: {} };
export const PUT_SETTINGS_RESET = { acknowledged: true, persistent: {}, transient: {} };
export const GET_SETTINGS_FLAT = { persistent: { "cluster.routing.allocation.enable": "primaries" }, transient: {} };

/** §8 */
export const FLUSH = { _shards: { total: 10, successful: 10, failed: 0 } };
export const ACKNOWLEDGED = { acknowledged: true };

/** §9 clean response (all keys) and the real 8.19→9.x critical entry */
export const DEPRECATIONS_CLEAN = { cluster_settings: [], node_settings: [], ml_settings: [], index_settings: {}, data_streams: {}, templates: {}, ilm_policies: {} };
export const DEPRECATION_ITEM = {
  level: "critical",
  message: "Index created before 8.0",
  url: "https://ela.st/es-deprecation-8-reindex",
  details: "This index was created with version 7.8.23 and is not compatible with 9.0. Reindex or remove the index before upgrading.",
  resolve_during_rolling_upgrade: false,
};

/** §10 */
export const SYSTEM_FEATURES = {
  features: [{ feature_name: "…", minimum_index_version: "8100099", migration_status: "NO_MIGRATION_NEEDED", indices: [{ index: "…", version: "…" }] }],
  migration_status: "NO_MIGRATION_NEEDED",
};

/** §11 SPEC GET shutdown example (uppercase as ECK records) */
export const SHUTDOWN_GET = {
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

/** §12 Kibana `GET /api/status` top-level field names (KbnClient ApiResponseStatus / OAS) */
export const KIBANA_STATUS_KEYS = ["name", "uuid", "version", "status", "metrics"];
export const KIBANA_VERSION_KEYS = ["number", "build_hash", "build_number", "build_snapshot"];

/** §13 trimmed real deployment payload (cloud-sdk-go `integrations_server_get.json`) — ES resource */
export const CLOUD_ES_RESOURCE = {
  ref_id: "main-elasticsearch",
  id: "<cluster id>",
  region: "aws-eu-west-1",
  info: {
    cluster_id: "…",
    cluster_name: "…",
    deployment_id: "…",
    healthy: true,
    status: "started",
    elasticsearch: { healthy: true, shards_status: { status: "green" }, master_info: { healthy: true } },
    plan_info: {
      healthy: true,
      current: {
        plan_attempt_id: "2d4da849-a703-4ee4-be15-950ae146f0a5",
        healthy: true,
        attempt_start_time: "2025-06-11T19:36:42.915Z",
        attempt_end_time: "2025-06-11T19:37:39.521Z",
        plan_end_time: "0001-01-01T00:00:00.000Z",
        plan: {
          cluster_topology: [
            {
              id: "hot_content",
              zone_count: 2,
              size: { resource: "memory", value: 8192 },
              node_roles: ["master", "ingest", "transform", "data_hot", "remote_cluster_client", "data_content"],
              instance_configuration_id: "aws.es.datahot.i3",
            },
          ],
          elasticsearch: { version: "9.0.2" },
          deployment_template: { id: "aws-storage-optimized-faster-warm" },
        },
        plan_attempt_log: [],
        source: { action: "deployments.create-deployment", date: "2025-06-11T19:36:42.149Z", facilitator: "adminconsole" },
      },
    },
    topology: {
      healthy: true,
      instances: [
        {
          instance_name: "instance-0000000000",
          healthy: true,
          service_running: true,
          maintenance_mode: false,
          service_version: "9.0.2",
          zone: "eu-west-1c",
          node_roles: ["master", "ingest", "transform", "data_hot", "remote_cluster_client", "data_content"],
          service_roles: ["data", "master", "ingest"],
        },
      ],
    },
  },
};

/** §13 «synth» pending plan snippet: one plan step */
export const CLOUD_PLAN_STEP = {
  step_id: "snapshot-cluster",
  started: "2025-08-12T10:00:05.000Z",
  completed: "2025-08-12T10:01:10.000Z",
  duration_in_millis: 65000,
  status: "success",
  stage: "completed",
  info_log: [{ timestamp: "2025-08-12T10:05:00.000Z", delta_in_millis: 0, stage: "in_progress", message: "Upgrading instance-0000000001", details: {} }],
};

/** §13 «synth» stack version (field names from the SDK swagger) */
export const STACK_VERSION = {
  version: "8.19.2",
  accessible: true,
  whitelisted: true,
  deleted: false,
  min_upgradable_from: "7.17.0",
  upgradable_to: ["8.19.3", "9.1.2", "9.1.3"],
  metadata: { pre_release: false, min_wire_compatibility_version: "7.17.0", min_index_compatibility_version: "7.0.0" },
  elasticsearch: { docker_image: "docker.elastic.co/cloud-release/elasticsearch-cloud-ess:8.19.2", plugins: [], default_plugins: [], blacklist: [] },
  kibana: { version: "8.19.2", docker_image: "…", blacklist: [] },
  template: {},
};

/** §13 DELETE …/plan/pending */
export const CANCEL_PENDING = { id: "…", kind: "elasticsearch", ref_id: "main-elasticsearch" };

/** §13 BasicFailedReply */
export const CLOUD_ERROR = { errors: [{ code: "deployments.deployment_not_found", message: "…" }] };

/** error envelope (SPEC `_types/Base.ts` ErrorResponseBase) */
export const ES_ERROR = { error: { root_cause: [{ type: "…", reason: "…" }], type: "…", reason: "…" }, status: 400 };
