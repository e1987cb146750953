// Verbatim examples from /work/shared/reference/elastic-api-shapes.md §13 (SDK = elastic/cloud-sdk-go testdata/swagger).

/** Trimmed real payload (SDK pkg/api/deploymentapi/testdata/integrations_server_get.json, ECH deployment on 9.0.2) */
export const DEPLOYMENT_9_0_2 = {
  id: "…", name: "…", healthy: true,
  resources: {
    elasticsearch: [
      {
        ref_id: "main-elasticsearch", id: "<cluster id>", region: "aws-eu-west-1",
        info: {
          cluster_id: "…", cluster_name: "…", deployment_id: "…",
          healthy: true, status: "started",
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
                cluster_topology: [{ id: "hot_content", zone_count: 2, size: { resource: "memory", value: 8192 },
                  node_roles: ["master", "ingest", "transform", "data_hot", "remote_cluster_client", "data_content"],
                  instance_configuration_id: "aws.es.datahot.i3" }],
                elasticsearch: { version: "9.0.2" },
                deployment_template: { id: "aws-storage-optimized-faster-warm" },
              },
              plan_attempt_log: [],
              source: { action: "deployments.create-deployment", date: "2025-06-11T19:36:42.149Z", facilitator: "adminconsole" },
            },
          },
          topology: { healthy: true, instances: [
            { instance_name: "instance-0000000000", healthy: true, service_running: true, maintenance_mode: false,
              service_version: "9.0.2", zone: "eu-west-1c",
              node_roles: ["master", "ingest", "transform", "data_hot", "remote_cluster_client", "data_content"],
              service_roles: ["data", "master", "ingest"] },
          ] },
        },
      },
    ],
    kibana: [{ ref_id: "main-kibana", elasticsearch_cluster_ref_id: "main-elasticsearch",
      info: { status: "started", plan_info: { current: { plan: { kibana: { version: "9.0.2" } } } } } }],
    apm: [], appsearch: [], enterprise_search: [], integrations_server: ["…"],
  },
};

/** «synth» pending plan snippet */
export const PENDING_PLAN = {
  plan_attempt_id: "b0f1…", healthy: true, attempt_start_time: "2025-08-12T10:00:00.000Z",
  plan: { elasticsearch: { version: "9.1.2" }, cluster_topology: ["…"] },
  plan_attempt_log: [
    { step_id: "snapshot-cluster", started: "2025-08-12T10:00:05.000Z", completed: "2025-08-12T10:01:10.000Z",
      duration_in_millis: 65000, status: "success", stage: "completed", info_log: [] },
    { step_id: "rolling-upgrade", started: "2025-08-12T10:01:10.000Z", status: "pending", stage: "in_progress",
      info_log: [{ timestamp: "2025-08-12T10:05:00.000Z", delta_in_millis: 0, stage: "in_progress", message: "Upgrading instance-0000000001", details: {} }] },
  ],
  warnings: [],
};

/** PUT /deployments/{id} example body (docs-content manage-deployments-using-elastic-cloud-api.md, version «synth») */
export const UPDATE_REQUEST_EXAMPLE = {
  prune_orphans: false,
  resources: {
    elasticsearch: [{
      region: "gcp-us-central1", ref_id: "main-elasticsearch",
      plan: {
        cluster_topology: [{ id: "hot_content", zone_count: 2, instance_configuration_id: "gcp.es.datahot.n2.68x16x45",
          node_roles: ["data_hot", "data_content", "master", "ingest", "remote_cluster_client", "transform"],
          elasticsearch: { node_attributes: { data: "hot" } }, size: { value: 8192, resource: "memory" } }],
        elasticsearch: { version: "8.19.2" },
        deployment_template: { id: "gcp-general-purpose-v3" },
      },
    }],
    kibana: [{
      region: "gcp-us-central1", ref_id: "main-kibana", elasticsearch_cluster_ref_id: "main-elasticsearch",
      plan: { kibana: { version: "8.19.2" }, cluster_topology: [{ instance_configuration_id: "gcp.kibana.n2.68x32x45", zone_count: 1, size: { resource: "memory", value: 1024 } }] },
    }],
  },
};

/** «synth» stack versions example */
export const STACK_VERSIONS = {
  stacks: [{
    version: "8.19.2", accessible: true, whitelisted: true, deleted: false,
    min_upgradable_from: "7.17.0",
    upgradable_to: ["8.19.3", "9.1.2", "9.1.3"],
    metadata: { pre_release: false, min_wire_compatibility_version: "7.17.0", min_index_compatibility_version: "7.0.0" },
    elasticsearch: { docker_image: "docker.elastic.co/cloud-release/elasticsearch-cloud-ess:8.19.2", plugins: [], default_plugins: [], blacklist: [] },
    kibana: { version: "8.19.2", docker_image: "…", blacklist: [] },
    template: {},
  }],
};

/** DeploymentUpgradeAssistantStatusResponse (SDK swagger) */
export const UPGRADE_ASSISTANT = { ready_for_upgrade: true, details: "Message with information about the number of Elasticsearch and Kibana deprecations" };

/** BasicFailedReply (SDK swagger) with the observed plan-conflict text (elastic/kibana PR #136974) */
export const PLAN_PENDING_ERROR = {
  errors: [{ code: "deployments.resource_plan_state_error", message: "Kibana resource [main-kibana] has a plan still pending, cancel that or wait for it to complete (settings.observability.plan)" }],
};
export const NO_PENDING_PLAN_ERROR = { errors: [{ code: "deployments.resource_does_not_have_a_pending_plan", message: "There is no pending plan" }] };
