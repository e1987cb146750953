// Elastic Cloud simulator: plans progress over scaled time, fail at an injected step, refuse while pending.
import * as assert from "assert";
import type { StartedSim } from "../sim/index";
import { type Clients, type Reply, smallWorldHooks } from "./helpers";

/** polls GET /deployments/{id} until `pred` holds (bounded by mocha's timeout) */
async function pollDeployment(c: Clients, query: string, pred: (r: Reply) => boolean): Promise<Reply> {
  for (;;) {
    const r = await c.cloud("GET", `/deployments/dep1${query}`);
    if (pred(r)) return r;
    await new Promise((res) => setImmediate(res));
  }
}

const noPending = (r: Reply) => ["elasticsearch", "kibana"].every((k) => !r.body.resources[k][0].info.plan_info.pending);

function updateBody(version: string) {
  return {
    prune_orphans: false,
    resources: {
      elasticsearch: [{ region: "gcp-us-central1", ref_id: "main-elasticsearch", plan: { cluster_topology: [], elasticsearch: { version }, deployment_template: { id: "gcp-general-purpose-v3" } } }],
      kibana: [{ region: "gcp-us-central1", ref_id: "main-kibana", elasticsearch_cluster_ref_id: "main-elasticsearch", plan: { kibana: { version }, cluster_topology: [] } }],
    },
  };
}

describe("sim: Elastic Cloud plans", () => {
  let sim: StartedSim;
  let c: Clients;
  smallWorldHooks("test", (s, cl) => {
    sim = s;
    c = cl;
  });

  it("PUT with a new version runs a plan: pending with a step log, instances upgraded one by one, then plan-completed", async () => {
    const put = await c.cloud("PUT", "/deployments/dep1", { body: updateBody("8.19.2") });
    assert.strictEqual(put.status, 200);
    assert.deepStrictEqual(put.body.resources.map((r: { kind: string }) => r.kind), ["elasticsearch", "kibana"]);
    const busy = await c.cloud("GET", "/deployments/dep1?show_plan_logs=true");
    const pending = busy.body.resources.elasticsearch[0].info.plan_info.pending;
    assert.strictEqual(pending.plan.elasticsearch.version, "8.19.2");
    assert.ok(pending.plan_attempt_log.length >= 1);
    assert.strictEqual(busy.body.resources.kibana[0].info.plan_info.pending.plan.kibana.version, "8.19.2");
    // mid-plan: some instances on the new version while others are not
    const mid = await pollDeployment(c, "", (r) => r.body.resources.elasticsearch[0].info.topology.instances.some((i: { service_version: string }) => i.service_version === "8.19.2"));
    assert.ok(mid.body.resources.elasticsearch[0].info.plan_info.pending);
    const done = await pollDeployment(c, "?show_plan_logs=true&show_plan_history=true", noPending);
    const es = done.body.resources.elasticsearch[0].info;
    assert.strictEqual(es.plan_info.current.plan.elasticsearch.version, "8.19.2");
    assert.deepStrictEqual(es.plan_info.current.plan_attempt_log.map((s: { step_id: string }) => s.step_id).slice(-2), ["verify-non-split", "plan-completed"]);
    assert.ok(es.plan_info.current.plan_attempt_log.every((s: { status: string }) => s.status === "success"));
    assert.ok(es.topology.instances.every((i: { service_version: string }) => i.service_version === "8.19.2"));
    assert.strictEqual(done.body.resources.kibana[0].info.plan_info.current.plan.kibana.version, "8.19.2");
    assert.strictEqual(es.plan_info.history.length, 1);
    const activity = await c.cloud("GET", `/deployments/dep1/elasticsearch/_main/activity/${es.plan_info.current.plan_attempt_id}`);
    assert.strictEqual(activity.body.plan_attempt_id, es.plan_info.current.plan_attempt_id);
  });

  it("POST /upgrade answers 202 and upgrades all resources; bad targets get the documented codes", async () => {
    const bad: [unknown, string][] = [
      [{ target_version: "nope" }, "deployments.invalid_version"],
      [{ target_version: "7.17.0" }, "deployments.upgrade.target_version_must_be_above_8_0_0"],
      [{ target_version: "8.17.3" }, "deployments.upgrade_path_not_allowed"],
      [{ target_version: "9.1.2" }, "deployments.upgrade_path_not_allowed"],
    ];
    for (const [body, code] of bad) {
      const r = await c.cloud("POST", "/deployments/dep1/upgrade", { body });
      assert.strictEqual(r.status, 400, JSON.stringify(body));
      assert.strictEqual(r.body.errors[0].code, code);
    }
    const ok = await c.cloud("POST", "/deployments/dep1/upgrade", { body: { target_version: "8.18.0" } });
    assert.strictEqual(ok.status, 202);
    const done = await pollDeployment(c, "", noPending);
    assert.strictEqual(done.body.resources.elasticsearch[0].info.plan_info.current.plan.elasticsearch.version, "8.18.0");
    assert.strictEqual(done.body.resources.kibana[0].info.plan_info.current.plan.kibana.version, "8.18.0");
  });

  it("a plan that fails at a step: error step, plan-completed with status error, versions unchanged", async () => {
    await c.ctl("POST", "/_sim/faults", { kind: "cloud.plan_fails", step: "rolling-upgrade", message: "Instance [instance-0000000000] failed to start" });
    await c.cloud("PUT", "/deployments/dep1", { body: updateBody("8.19.2") });
    const done = await pollDeployment(c, "?show_plan_logs=true&show_plan_history=true", noPending);
    const es = done.body.resources.elasticsearch[0].info;
    assert.strictEqual(es.plan_info.healthy, false);
    assert.strictEqual(es.plan_info.current.plan.elasticsearch.version, "8.17.3");
    const failed = es.plan_info.history[es.plan_info.history.length - 1];
    const log = failed.plan_attempt_log;
    assert.strictEqual(log[log.length - 1].step_id, "plan-completed");
    assert.strictEqual(log[log.length - 1].status, "error");
    const step = log.find((s: { step_id: string }) => s.step_id === "rolling-upgrade");
    assert.strictEqual(step.status, "error");
    assert.strictEqual(step.info_log[step.info_log.length - 1].message, "Instance [instance-0000000000] failed to start");
    assert.strictEqual(done.body.resources.kibana[0].info.plan_info.current.plan.kibana.version, "8.17.3");
    assert.strictEqual(done.body.healthy, false);
  });

  it("a plan already pending: updates are refused until it is cancelled", async () => {
    await c.ctl("POST", "/_sim/faults", { kind: "cloud.plan_pending", resource: "kibana" });
    const g = await c.cloud("GET", "/deployments/dep1");
    assert.ok(g.body.resources.kibana[0].info.plan_info.pending);
    const refused = await c.cloud("PUT", "/deployments/dep1", { body: updateBody("8.19.2") });
    assert.strictEqual(refused.status, 400);
    assert.strictEqual(refused.body.errors[0].code, "deployments.resource_plan_state_error");
    assert.match(refused.body.errors[0].message, /Kibana resource \[main-kibana\] has a plan still pending, cancel that or wait for it to complete/);
    assert.strictEqual((await c.cloud("POST", "/deployments/dep1/upgrade", { body: { target_version: "8.19.2" } })).status, 400);
    const cancel = await c.cloud("DELETE", "/deployments/dep1/kibana/main-kibana/plan/pending");
    assert.strictEqual(cancel.status, 200);
    assert.deepStrictEqual(Object.keys(cancel.body).sort(), ["id", "kind", "ref_id"]);
    await pollDeployment(c, "", noPending);
    assert.strictEqual((await c.cloud("PUT", "/deployments/dep1", { body: updateBody("8.19.2") })).status, 200);
  });

  it("downgrades and versions outside upgradable_to are refused; validate_only changes nothing; ?version is an optimistic lock", async () => {
    const down = await c.cloud("PUT", "/deployments/dep1", { body: updateBody("8.17.2") });
    assert.strictEqual(down.status, 400);
    assert.strictEqual(down.body.errors[0].code, "clusters.cluster_plan_change_prohibited");
    const skip = await c.cloud("PUT", "/deployments/dep1", { body: updateBody("9.1.2") });
    assert.strictEqual(skip.status, 400);
    assert.strictEqual(skip.body.errors[0].code, "clusters.cluster_plan_change_prohibited");
    const v = await c.cloud("PUT", "/deployments/dep1?validate_only=true", { body: updateBody("8.19.2") });
    assert.strictEqual(v.status, 200);
    assert.ok(!(await c.cloud("GET", "/deployments/dep1")).body.resources.elasticsearch[0].info.plan_info.pending);
    const stale = await c.cloud("PUT", "/deployments/dep1?version=999", { body: updateBody("8.19.2") });
    assert.strictEqual(stale.status, 409);
    const ua = await c.ctl("POST", "/_sim/faults", { kind: "cloud.critical_deprecation", count: 2 });
    assert.strictEqual(ua.status, 201);
    const st = await c.cloud("GET", "/deployments/dep1/upgrade_assistant/status");
    assert.strictEqual(st.body.ready_for_upgrade, false);
  });
});
