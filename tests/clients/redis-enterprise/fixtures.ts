// The examples of redis.md §1c turned into fixtures. "verbatim" = copied as printed there; "composed" = the
// reference lists the fields of a real response without printing it whole, so the object is assembled from
// exactly those fields and values; where the docs elide with "..." the elision is replaced as noted.

/** `GET /v1/cluster` docs example; `"alert_settings": { "..." }` (an elision) replaced by `{}`. */
export const CLUSTER_DOCS_EXAMPLE = {
  name: "my-rlec-cluster",
  alert_settings: {},
  created_time: "2015-04-29T09:09:25Z",
  email_alerts: false,
  email_from: "",
  rack_aware: false,
  smtp_host: "",
  smtp_password: "",
  smtp_port: 25,
  smtp_tls_mode: "none",
  smtp_username: "",
};

/** `GET /v1/cluster` composed from the fields redis.md lists from redis-enterprise-rs tests/fixtures/cluster.json. */
export const CLUSTER_REAL_FIELDS = {
  cnm_https_port: 9443,
  cm_port: 8443,
  cnm_http_port: 8080,
  upgrade_mode: false,
  upgrade_in_progress: false,
  block_cluster_changes: false,
  created_time: "2025-10-14T00:01:06Z",
  name: "docker-cluster",
  crdt_supported_featureset_version: 8,
  crdt_supported_protocol_versions: ["1"],
  slave_ha: true,
  rack_aware: false,
  wait_command: true,
};

/** `GET /v1/nodes`, verbatim (redis-enterprise-rs tests/fixtures/nodes_list.json). */
export const NODES_REAL_EXAMPLE = [
  {
    accept_servers: true,
    addr: "192.168.16.2",
    architecture: "aarch64",
    bigstore_enabled: false,
    cores: 14,
    external_addr: [],
    fips_enabled: false,
    flash_shard_count: 0,
    max_listeners: 100,
    max_redis_servers: 100,
    os_family: "ubuntu",
    os_name: "ubuntu",
    os_semantic_version: "22.04",
    os_version: "Ubuntu 22.04.5 LTS",
    rack_id: "",
    ram_shard_count: 1,
    second_rack_id: "",
    shard_count: 1,
    shard_list: [1],
    software_version: "100.0.21-16135",
    status: "active",
    supported_database_versions: [
      { db_type: "redis", major: true, redis_version: "7.4", version: "7.4.2" },
      { db_type: "redis", major: true, redis_version: "7.2", version: "7.2.7" },
      { db_type: "redis", major: true, redis_version: "6.2", version: "6.2.13" },
      { db_type: "memcached", version: "1.4.17" },
      { db_type: "redis", major: true, redis_version: "8.0", version: "8.0.0" },
    ],
    total_memory: 8217473024,
    uid: 1,
    uptime: 412,
    use_internal_ipv6: false,
  },
];

/** `GET /v1/nodes/status`, verbatim docs example (requests/nodes/status.md). */
export const NODES_STATUS_DOCS_EXAMPLE = {
  "1": {
    cores: 8,
    free_provisional_ram: 0,
    free_ram: 3499368448,
    hostname: "3d99db1fdf4b",
    maintenance_snapshot: {
      created_time: "2024-09-06 20:47:23",
      name: "maintenance_mode_2024-09-06_20-47-23",
      node_uid: "1",
    },
    master_shards: [],
    node_overbooking_depth: 0,
    node_status: "active",
    role: "master",
    slave_shards: [],
    software_version: "7.4.6-22",
    software_version_sha: "6c37b1483b5fb6110c8055c1526aa58eec1d29d3519e92310859101419248831",
    total_memory: 6219673600,
    total_provisional_ram: 0,
  },
  "2": { hostname: "fc7a3d332458", role: "slave" },
  "3": { hostname: "b87cc06c830f", role: "slave" },
};

/** `GET /v1/cluster/check`, verbatim docs example (node_uid as strings). */
export const CLUSTER_CHECK_DOCS_EXAMPLE = {
  cluster_test_result: false,
  nodes: [
    { node_uid: "1", result: true },
    { node_uid: "2", result: true },
    { node_uid: "3", result: false, error: "process alert_mgr is not running or not responding ([Errno 111] Connection refused)" },
  ],
};

/** `GET /v1/nodes/check/{uid}`, verbatim (node_uid as an int), and its failing form (documented error string). */
export const NODE_CHECK_DOCS_EXAMPLE = { node_uid: 1, result: true };
export const NODE_CHECK_FAILING_EXAMPLE = { node_uid: 1, result: false, error: "connectivity check failed retrieving ports for testing" };

/** `GET /v1/bdbs` composed from the fields redis.md lists from redis-enterprise-rs tests/fixtures/bdbs_list.json;
 * the module entry's elided fields (`...`) are left out. */
export const BDBS_REAL_FIELDS = [
  {
    uid: 1,
    name: "default-db",
    type: "redis",
    status: "active",
    redis_version: "8.0",
    version: "8.0.0",
    auto_upgrade: false,
    replication: false,
    data_persistence: "disabled",
    shards_count: 1,
    shard_list: [1],
    sharding: false,
    crdt: false,
    crdt_guid: "",
    module_list: [{ module_id: "1f2e3d4c", module_name: "search", semantic_version: "7.99.91" }],
    endpoints: [{ addr: ["192.168.16.2"], dns_name: "redis-14968.docker-cluster", port: 14968, proxy_policy: "single", uid: "1:1" }],
    created_time: "2025-10-14T00:01:22Z",
    last_changed_time: "2025-10-14T00:01:22Z",
  },
];

/** `GET /v1/actions`, verbatim docs example (v1: progress "100" as a string on tasks). */
export const ACTIONS_V1_DOCS_EXAMPLE = {
  actions: [
    {
      action_uid: "159ca2f8-7bf3-4cda-97e8-4eb560665c28",
      name: "retry_bdb",
      node_uid: "2",
      progress: "100",
      status: "completed",
      task_id: "159ca2f8-7bf3-4cda-97e8-4eb560665c28",
    },
  ],
  "state-machines": [
    {
      action_uid: "a10586b1-60bc-428e-9bc6-392eb5f0d8ae",
      heartbeat: 1650378874,
      name: "SMCreateBDB",
      object_name: "bdb:1",
      progress: 100,
      status: "completed",
    },
  ],
};

/** The real fixture's task adds `creation_time` as a string (actions_list.json). */
export const ACTION_TASK_WITH_CREATION_TIME = { ...ACTIONS_V1_DOCS_EXAMPLE.actions[0], creation_time: "1760400087" };

/** `GET /v1/actions/bdb/1`, verbatim docs example (action_uid elided in the docs as "8afc7f70-..."). */
export const BDB_ACTIONS_DOCS_EXAMPLE = [
  {
    action_uid: "8afc7f70-...",
    heartbeat: 1703067908,
    name: "SMUpdateBDB",
    object_name: "bdb:1",
    pending_ops: {},
    progress: 50.0,
    state: "proxy_policy",
    status: "active",
  },
];

/** Keys of an object, sorted (for key-set contract checks). */
export function keysOf(o: object): string[] {
  return Object.keys(o).sort();
}
