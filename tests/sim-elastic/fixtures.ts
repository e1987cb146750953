// Recorded real response shapes from /work/shared/reference/elastic-api-shapes.md (sources named per fixture there:
// SPEC examples, ES REST tests, ECK fixtures, cloud-sdk-go testdata). The verbatim copies live once, in
// tests/clients/elasticsearch/fixtures.ts and tests/clients/elastic-cloud/fixtures.ts; this module names the parts the
// simulator contract tests compare against (same keys, same JSON types).
import * as ES from "../clients/elasticsearch/fixtures";
import * as CLOUD from "../clients/elastic-cloud/fixtures";

/** §1 SPEC `_global/info/examples/response/RootNodeInfoResponseExample1.yaml` */
export const ROOT_INFO = ES.ROOT_9_1_0;

/** §2 SPEC example 1 (`GET /_cat/nodes?v=true&format=json`) */
export const CAT_NODES_DEFAULT = ES.CAT_NODES_EXAMPLE_1;

/** §2 SPEC example 2 (`GET /_cat/nodes?v=true&h=id,ip,port,v,m&format=json`) */
export const CAT_NODES_H = ES.CAT_NODES_EXAMPLE_2;

/** §3 SPEC `nodesInfoResponseExample1.yaml` node entry without the plugins/modules metrics (asked with `_none`) */
const { plugins: _plugins, modules: _modules, ...nodeInfoNone } = ES.NODES_SPEC_EXAMPLE.nodes.USpTGYaBSIKbgSUJR2Z9lg;
export const NODE_INFO_NONE = nodeInfoNone;

/** §3 real recorded `_nodes` header (ECK `client/test_fixtures/nodes.go`) */
export const NODES_HEADER = ES.NODES_ECK_7_17._nodes;

/** §4 SPEC `_cluster/health` example (+ `unassigned_primary_shards`, in the spec type, emitted by newer ES) */
export const CLUSTER_HEALTH = { ...ES.HEALTH_SPEC_EXAMPLE, unassigned_primary_shards: 0 };

/** §5 SPEC `CatHealthResponseExample1.yaml` */
export const CAT_HEALTH = ES.CAT_HEALTH_EXAMPLE;

/** §6 ECK `client/test_fixtures/shards.go` */
export const CAT_SHARDS = ES.CAT_SHARDS_ECK;

/** §7 ES-TEST `cluster.put_settings/10_basic.yml` and docs */
export const PUT_SETTINGS_FLAT = ES.SETTINGS_PUT_FLAT;
export const PUT_SETTINGS_NESTED = ES.SETTINGS_PUT_NESTED;
export const PUT_SETTINGS_RESET = ES.SETTINGS_PUT_RESET;
export const GET_SETTINGS_FLAT = ES.SETTINGS_GET_FLAT;

/** §8 */
export const FLUSH = ES.FLUSH_RESPONSE;
export const ACKNOWLEDGED = ES.ACKNOWLEDGED;

/** §9 clean response (all keys) and the real 8.19→9.x critical entry */
export const DEPRECATIONS_CLEAN = ES.DEPRECATIONS_CLEAN;
export const DEPRECATION_ITEM = ES.DEPRECATIONS_8_19_ENTRY.index_settings[".ml-anomalies-shared"][0];

/** §10 */
export const SYSTEM_FEATURES = ES.SYSTEM_FEATURES;

/** §11 SPEC GET shutdown example (uppercase as ECK records) */
export const SHUTDOWN_GET = ES.SHUTDOWN_EXAMPLE;

/** §12 Kibana `GET /api/status` top-level field names (KbnClient ApiResponseStatus / OAS) */
export const KIBANA_STATUS_KEYS = ["name", "uuid", "version", "status", "metrics"];
export const KIBANA_VERSION_KEYS = ["number", "build_hash", "build_number", "build_snapshot"];

/** §13 trimmed real deployment payload (cloud-sdk-go `integrations_server_get.json`) — ES resource */
export const CLOUD_ES_RESOURCE = CLOUD.DEPLOYMENT_9_0_2.resources.elasticsearch[0];

/** §13 «synth» pending plan snippet: one plan step (the completed step, with the in-progress step's info_log entry) */
export const CLOUD_PLAN_STEP = { ...CLOUD.PENDING_PLAN.plan_attempt_log[0], info_log: CLOUD.PENDING_PLAN.plan_attempt_log[1].info_log };

/** §13 «synth» stack version (field names from the SDK swagger) */
export const STACK_VERSION = CLOUD.STACK_VERSIONS.stacks[0];

/** §13 DELETE …/plan/pending */
export const CANCEL_PENDING = { id: "…", kind: "elasticsearch", ref_id: "main-elasticsearch" };

/** §13 BasicFailedReply */
export const CLOUD_ERROR = { errors: [{ code: "deployments.deployment_not_found", message: "…" }] };

/** error envelope (SPEC `_types/Base.ts` ErrorResponseBase) */
export const ES_ERROR = { error: { root_cause: [{ type: "…", reason: "…" }], type: "…", reason: "…" }, status: 400 };
