// Elastic Cloud / ECE client: schemas against the recorded examples, plan helpers, and calls against a fixture server.
import * as assert from "assert";
import {
  BasicFailedReply,
  buildVersionUpdate,
  Deployment,
  deploymentVersions,
  ELASTIC_CLOUD_ENDPOINT,
  ElasticCloudClient,
  isPlanBusyError,
  PlanAttempt,
  planOutcome,
  StackVersions,
  UpgradeAssistantStatus,
} from "../../../provider/clients/elastic-cloud";
import { HttpStatusError, ResponseShapeError } from "../../../provider/clients/errors";
import { parseAuthorization, SimRequest, SimResponse, SimServer } from "../../sim/common/http";
import * as F from "./fixtures";

const KEY = "ZWNlLWFwaS1rZXk6c2VjcmV0dmFsdWU=";
const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

describe("Elastic Cloud schemas accept the recorded examples", () => {
  it("accepts the trimmed real 9.0.2 deployment, integrations_server placeholder included", () => {
    const d = Deployment.parse(clone(F.DEPLOYMENT_9_0_2));
    assert.strictEqual(d.resources.elasticsearch[0].info.plan_info.current?.plan?.elasticsearch?.version, "9.0.2");
  });
  it("accepts the pending plan snippet as a plan attempt", () => {
    assert.strictEqual(PlanAttempt.parse(clone(F.PENDING_PLAN)).plan_attempt_log?.length, 2);
  });
  it("accepts the stack versions example", () => {
    assert.deepStrictEqual(StackVersions.parse(clone(F.STACK_VERSIONS)).stacks[0].upgradable_to, ["8.19.3", "9.1.2", "9.1.3"]);
  });
  it("accepts the Upgrade Assistant status and error replies", () => {
    assert.ok(UpgradeAssistantStatus.safeParse(F.UPGRADE_ASSISTANT).success);
    assert.ok(BasicFailedReply.safeParse(F.PLAN_PENDING_ERROR).success);
  });
  it("refuses a deployment without elasticsearch plan info and a step with an unknown status", () => {
    const d = clone(F.DEPLOYMENT_9_0_2) as { resources: { elasticsearch: { info: Record<string, unknown> }[] } };
    delete d.resources.elasticsearch[0].info.plan_info;
    const r = Deployment.safeParse(d);
    assert.ok(!r.success);
    assert.deepStrictEqual(r.error.issues[0].path, ["resources", "elasticsearch", 0, "info", "plan_info"]);
    const p = clone(F.PENDING_PLAN);
    p.plan_attempt_log[0].status = "exploded";
    assert.ok(!PlanAttempt.safeParse(p).success);
  });
});

describe("Elastic Cloud plan helpers", () => {
  it("reports versions, instances and no pending plan for a settled deployment", () => {
    const v = deploymentVersions(Deployment.parse(clone(F.DEPLOYMENT_9_0_2)));
    assert.deepStrictEqual(v, {
      elasticsearch: "9.0.2",
      kibana: "9.0.2",
      instances: [{ kind: "elasticsearch", refId: "main-elasticsearch", instance: "instance-0000000000", version: "9.0.2" }],
      elasticsearchRunning: "9.0.2",
      pending: [],
    });
  });

  it("reports the lowest running instance and the pending plan mid-upgrade", () => {
    const d = clone(F.DEPLOYMENT_9_0_2) as unknown as { resources: { elasticsearch: { info: { plan_info: Record<string, unknown>; topology: { instances: Record<string, unknown>[] } } }[] } };
    const es = d.resources.elasticsearch[0].info;
    es.plan_info.pending = clone(F.PENDING_PLAN);
    es.topology.instances.push({ ...es.topology.instances[0], instance_name: "instance-0000000001", service_version: "9.1.2" });
    const v = deploymentVersions(Deployment.parse(d));
    assert.strictEqual(v.elasticsearchRunning, "9.0.2");
    assert.deepStrictEqual(v.pending, [{ kind: "elasticsearch", refId: "main-elasticsearch", version: "9.1.2" }]);
  });

  it("follows a plan attempt to running, completed and failed", () => {
    assert.deepStrictEqual(planOutcome(PlanAttempt.parse(clone(F.PENDING_PLAN))), { state: "running", step: "rolling-upgrade", message: "Upgrading instance-0000000001" });
    assert.deepStrictEqual(planOutcome(PlanAttempt.parse({})), { state: "running" });
    const done = clone(F.PENDING_PLAN);
    done.plan_attempt_log[1] = { ...done.plan_attempt_log[1], status: "success", stage: "completed" };
    done.plan_attempt_log.push({ step_id: "plan-completed", started: "x", status: "success", stage: "completed", info_log: [] } as never);
    assert.deepStrictEqual(planOutcome(PlanAttempt.parse(done)), { state: "completed" });
    const failed = clone(F.PENDING_PLAN);
    failed.plan_attempt_log[1] = {
      ...(failed.plan_attempt_log[1] as object),
      status: "error",
      stage: "completed",
      info_log: [...failed.plan_attempt_log[1].info_log, { timestamp: "t", delta_in_millis: 1, stage: "completed", message: "Instance [instance-0000000001] did not start", details: {} }],
    } as never;
    const rollingBack = PlanAttempt.parse(failed);
    assert.strictEqual(planOutcome(rollingBack).state, "running", "an error step before plan-completed is still rolling back");
    failed.plan_attempt_log.push({ step_id: "plan-completed", started: "x", status: "error", stage: "completed", info_log: [{ message: "Plan failed" }] } as never);
    assert.deepStrictEqual(planOutcome(PlanAttempt.parse(failed)), { state: "failed", step: "rolling-upgrade", message: "Instance [instance-0000000001] did not start" });
  });

  it("builds a version update from the current plans, shaped like the documented request", () => {
    const body = buildVersionUpdate(Deployment.parse(clone(F.DEPLOYMENT_9_0_2)), "9.1.2");
    assert.deepStrictEqual(body, {
      prune_orphans: false,
      resources: {
        elasticsearch: [
          {
            ref_id: "main-elasticsearch",
            region: "aws-eu-west-1",
            plan: { ...F.DEPLOYMENT_9_0_2.resources.elasticsearch[0].info.plan_info.current.plan, elasticsearch: { version: "9.1.2" } },
          },
        ],
        kibana: [{ ref_id: "main-kibana", elasticsearch_cluster_ref_id: "main-elasticsearch", plan: { kibana: { version: "9.1.2" } } }],
      },
    });
    // same keys as the docs example: prune_orphans + per-kind {region?, ref_id, plan{…, <kind>.version}}
    const documented = F.UPDATE_REQUEST_EXAMPLE.resources.elasticsearch[0];
    const built = body.resources.elasticsearch[0] as { plan: Record<string, unknown> };
    assert.deepStrictEqual(Object.keys(built.plan).sort(), Object.keys(documented.plan).sort());
  });

  it("asks for a rolling __all__ strategy on a major hop", () => {
    const body = buildVersionUpdate(Deployment.parse(clone(F.DEPLOYMENT_9_0_2)), "10.0.0", { majorUpgrade: true }) as unknown as { resources: { elasticsearch: { plan: Record<string, unknown> }[] } };
    assert.deepStrictEqual(body.resources.elasticsearch[0].plan["transient"], { strategy: { rolling: { group_by: "__all__" } } });
  });
});

describe("Elastic Cloud client", () => {
  let sim: SimServer;
  let cloud: ElasticCloudClient;
  const seen: { method: string; path: string; query: Record<string, string>; body: unknown }[] = [];
  function on(method: string, pattern: string, answer: (req: SimRequest) => SimResponse): void {
    sim.route(method, `/api/v1${pattern}`, (req) => {
      seen.push({ method: req.method, path: req.path, query: Object.fromEntries(req.query), body: req.body });
      return answer(req);
    });
  }

  beforeEach(async () => {
    seen.length = 0;
    sim = new SimServer({
      name: "cloud-fixture",
      auth: (req) => {
        const a = parseAuthorization(req.headers);
        return a?.scheme === "apikey" && a.token === KEY ? undefined : { status: 401, body: { errors: [{ code: "root.unauthenticated", message: `The supplied authentication is invalid: ${String(req.headers.authorization)}` }] } };
      },
    });
    await sim.listen();
    cloud = new ElasticCloudClient({ apiKey: KEY, endpoint: `${sim.url}/api/v1/`, retry: { maxRetries: 2, minDelayMs: 1, maxDelayMs: 5 } });
  });
  afterEach(async () => {
    await cloud.close();
    await sim.close();
  });

  it("defaults to Elastic Cloud Hosted and accepts an ECE endpoint", async () => {
    const ech = new ElasticCloudClient({ apiKey: KEY });
    assert.strictEqual(ech.hosted, true);
    assert.strictEqual(ech.http.baseUrl, `${ELASTIC_CLOUD_ENDPOINT}/api/v1`);
    assert.strictEqual(ech.http.service, "Elastic Cloud");
    await ech.close();
    assert.strictEqual(cloud.hosted, false);
    assert.strictEqual(cloud.http.baseUrl, `${sim.url}/api/v1`);
  });

  it("reads a deployment with plan logs and its resource version", async () => {
    on("GET", "/deployments/:id", () => ({ status: 200, body: F.DEPLOYMENT_9_0_2, headers: { "x-cloud-resource-version": "42" } }));
    const r = await cloud.getDeploymentVersioned("d-1", { showPlanLogs: true });
    assert.strictEqual(r.resourceVersion, "42");
    assert.strictEqual(deploymentVersions(r.deployment).elasticsearch, "9.0.2");
    assert.deepStrictEqual(seen[0], { method: "GET", path: "/api/v1/deployments/d-1", query: { show_plans: "true", show_plan_logs: "true" }, body: undefined });
  });

  it("updates the plan conditionally and starts a targeted upgrade (202)", async () => {
    on("PUT", "/deployments/:id", (req) => ({ status: 200, body: { id: req.params.id, name: "prod", resources: [{ id: "c1", kind: "elasticsearch", ref_id: "main-elasticsearch", region: "aws-eu-west-1" }] } }));
    on("POST", "/deployments/:id/upgrade", () => ({ status: 202, body: {} }));
    const body = buildVersionUpdate(Deployment.parse(clone(F.DEPLOYMENT_9_0_2)), "9.1.2");
    const r = await cloud.updateDeployment("d-1", body, { version: "42" });
    assert.strictEqual(r.resources[0].kind, "elasticsearch");
    assert.deepStrictEqual(seen[0].query, { version: "42" });
    assert.deepStrictEqual(seen[0].body, body);
    assert.strictEqual((await cloud.upgradeDeployment("d-1", "9.1.2")).status, 202);
    assert.deepStrictEqual(seen[1].body, { target_version: "9.1.2" });
  });

  it("recognises a plan-pending refusal as busy", async () => {
    on("PUT", "/deployments/:id", () => ({ status: 400, body: F.PLAN_PENDING_ERROR, headers: { "x-cloud-error-codes": "deployments.resource_plan_state_error" } }));
    try {
      await cloud.updateDeployment("d-1", {});
      assert.fail("expected a refusal");
    } catch (e) {
      assert.ok(e instanceof HttpStatusError);
      assert.strictEqual(e.errorCode, "deployments.resource_plan_state_error");
      assert.match(e.message, /has a plan still pending/);
      assert.ok(isPlanBusyError(e));
    }
    assert.ok(!isPlanBusyError(new Error("x")));
  });

  it("cancels a pending plan, and says false when there was none", async () => {
    let pending = true;
    on("DELETE", "/deployments/:id/:kind/:ref/plan/pending", (req) => {
      if (!pending) return { status: 400, body: F.NO_PENDING_PLAN_ERROR };
      pending = false;
      return { status: 200, body: { id: req.params.id, kind: req.params.kind, ref_id: req.params.ref } };
    });
    assert.deepStrictEqual(await cloud.cancelPendingPlan("d-1", "elasticsearch", "main-elasticsearch"), { id: "d-1", kind: "elasticsearch", ref_id: "main-elasticsearch" });
    assert.strictEqual(await cloud.cancelPendingPlan("d-1", "elasticsearch", "main-elasticsearch"), false);
    assert.strictEqual(seen[0].path, "/api/v1/deployments/d-1/elasticsearch/main-elasticsearch/plan/pending");
  });

  it("lists stack versions globally (ECE) and per region (ECH), and looks one up", async () => {
    on("GET", "/stack/versions", () => ({ status: 200, body: F.STACK_VERSIONS }));
    on("GET", "/regions/:region/stack/versions", () => ({ status: 200, body: F.STACK_VERSIONS }));
    on("GET", "/regions/:region/stack/versions/:v", (req) =>
      req.params.v === "8.19.2" ? { status: 200, body: F.STACK_VERSIONS.stacks[0] } : req.params.v === "1.0.0" ? { status: 200, body: { version: "1.0.0" } } : { status: 404, body: { errors: [{ code: "stackpack.version_not_found", message: "not found" }] } },
    );
    assert.deepStrictEqual((await cloud.stackVersions({ showDeleted: false }))[0].upgradable_to, ["8.19.3", "9.1.2", "9.1.3"]);
    assert.strictEqual((await cloud.stackVersions({ region: "aws-eu-west-1" })).length, 1);
    assert.strictEqual((await cloud.stackVersion("8.19.2", { region: "aws-eu-west-1" }))?.min_upgradable_from, "7.17.0");
    assert.strictEqual(await cloud.stackVersion("7.0.0", { region: "aws-eu-west-1" }), undefined);
    await assert.rejects(cloud.stackVersion("1.0.0", { region: "aws-eu-west-1" }), (e: Error) => e instanceof ResponseShapeError && /upgradable_to/.test(e.message));
    assert.deepStrictEqual(seen.slice(0, 2).map((s) => [s.path, s.query]), [
      ["/api/v1/stack/versions", { show_deleted: "false" }],
      ["/api/v1/regions/aws-eu-west-1/stack/versions", {}],
    ]);
  });

  it("reads the Upgrade Assistant status and a plan activity", async () => {
    on("GET", "/deployments/:id/upgrade_assistant/status", () => ({ status: 200, body: F.UPGRADE_ASSISTANT }));
    on("GET", "/deployments/:id/:kind/:ref/activity/:attempt", () => ({ status: 200, body: F.PENDING_PLAN }));
    assert.strictEqual((await cloud.upgradeAssistantStatus("d-1")).ready_for_upgrade, true);
    assert.strictEqual(planOutcome(await cloud.planActivity("d-1", "elasticsearch", "main-elasticsearch", "b0f1")).state, "running");
  });

  it("reports a rejected key without revealing it", async () => {
    const bad = new ElasticCloudClient({ apiKey: "d3Jvbmcta2V5OnZhbHVlMTIz", endpoint: sim.url });
    try {
      await assert.rejects(bad.getDeployment("d-1"), (e: Error) => e instanceof HttpStatusError && e.status === 401 && !e.message.includes("d3Jvbmcta2V5OnZhbHVlMTIz") && /root\.unauthenticated/.test(e.message));
    } finally {
      await bad.close();
    }
  });
});
