// ElasticDeploymentVersion on Elastic Cloud (ECH/ECE API simulator): hop by hop through plans, plan failure and
// resume, a plan already pending, the Upgrade Assistant gate, and import by id.
import { strict as assert } from "assert";
import { PartialFailureError } from "../../provider/resources/core/types";
import { CloudPlanPendingError, DeprecationsBlockedError } from "../../provider/resources/elastic/errors";
import type { Outputs } from "../../provider/resources/elastic/schema";
import { ProviderConfig } from "../../provider/config";
import { cloudInputs, TIME_SCALE, testCtx, testHandler, withSim } from "./helpers";

const world = (version: string) => ({ timeScale: TIME_SCALE, cloud: { deployments: [{ name: "prod", version }] } });

function deploymentState(sim: Parameters<Parameters<typeof withSim>[1]>[0]) {
  const d = sim.cloud!.sim.deployment(sim.cloud!.deploymentIds[0]);
  return { es: d.elasticsearch.version, kibana: d.kibana.version, esHistory: d.elasticsearch.history.length, instances: d.elasticsearch.instances.map((i) => i.service_version) };
}

describe("elastic cloud", function () {
  this.timeout(60_000);

  it("previews, then upgrades 8.17.3 → 8.19.x → 9.1.2 one plan per hop, Elasticsearch before Kibana", async () => {
    await withSim(world("8.17.3"), async (sim) => {
      const h = testHandler();
      const inputs = cloudInputs(sim, "9.1.2");
      const pctx = testCtx({ preview: true });
      const p = await h.create(inputs, pctx);
      assert.equal(p.outputs.outcome, "planned");
      assert.equal(p.outputs.path.length, 3);
      assert.match(pctx.infos.join("\n"), /2 Elastic Cloud plans on deployment .*Upgrade Assistant checked before 8\.19\.\d+ → 9\.1\.2.*blocking findings: none/);
      assert.equal(deploymentState(sim).es, "8.17.3", "preview started nothing");
      assert.equal(deploymentState(sim).esHistory, 0);

      const ctx = testCtx();
      const r = await h.create(inputs, ctx);
      assert.equal(r.id, `cloud:${sim.cloud!.deploymentIds[0]}`);
      assert.equal(r.outputs.outcome, "complete");
      assert.equal(r.outputs.version, "9.1.2");
      assert.equal(r.outputs.kibanaVersion, "9.1.2");
      const s = deploymentState(sim);
      assert.equal(s.es, "9.1.2");
      assert.equal(s.kibana, "9.1.2");
      assert.deepEqual(new Set(s.instances), new Set(["9.1.2"]));
      assert.equal(s.esHistory, 2, "two Elasticsearch plans: one per hop");
      const recs = r.outputs.cloudPlans!;
      assert.deepEqual(recs.map((x) => `${x.hop}/${x.resource}/${x.status}`), [
        `8.17.3->${r.outputs.path[1]}/elasticsearch/completed`,
        `8.17.3->${r.outputs.path[1]}/kibana/completed`,
        `${r.outputs.path[1]}->9.1.2/elasticsearch/completed`,
        `${r.outputs.path[1]}->9.1.2/kibana/completed`,
      ]);
      assert.ok(!JSON.stringify(r.outputs).includes(sim.credentials.cloudApiKey!));
    });
  });

  it("a failing plan stops with the step's message; the next up resumes and completes", async () => {
    await withSim(world("8.18.2"), async (sim) => {
      const h = testHandler();
      const inputs = cloudInputs(sim, "8.18.3");
      const fault = sim.addFault({ kind: "cloud.plan_fails", resource: "elasticsearch", step: "rolling-upgrade", message: "Instance [instance-0000000001] failed to start" });
      let caught: unknown;
      try {
        await h.create(inputs, testCtx());
      } catch (e) {
        caught = e;
      }
      assert.ok(caught instanceof PartialFailureError);
      const e = caught as PartialFailureError<Outputs>;
      assert.match(e.message, /failed at step rolling-upgrade: Instance \[instance-0000000001\] failed to start/);
      assert.equal(e.outputs.outcome, "failed");
      assert.equal(e.outputs.version, "8.18.2");
      assert.deepEqual(e.outputs.cloudPlans!.map((c) => [c.resource, c.status, c.step]), [["elasticsearch", "failed", "rolling-upgrade"]]);
      assert.equal(e.outputs.plan!.phases[0].steps[0].status, "ERROR");
      sim.removeFault(fault);
      const resumed = await h.update(e.id!, e.outputs, inputs, testCtx());
      assert.equal(resumed.outcome, "complete");
      assert.equal(deploymentState(sim).es, "8.18.3");
    });
  });

  it("refuses while a plan is already pending; succeeds once it is gone", async () => {
    await withSim(world("8.18.2"), async (sim) => {
      const h = testHandler();
      const inputs = cloudInputs(sim, "8.18.3");
      const fault = sim.addFault({ kind: "cloud.plan_pending", resource: "elasticsearch" });
      await assert.rejects(h.create(inputs, testCtx()), (e: unknown) => e instanceof CloudPlanPendingError && /plan still pending on elasticsearch/.test(e.message));
      assert.equal(deploymentState(sim).es, "8.18.2");
      sim.removeFault(fault);
      const r = await h.create(inputs, testCtx());
      assert.equal(r.outputs.version, "8.18.3");
    });
  });

  it("blocks a major hop while the Upgrade Assistant reports critical issues", async () => {
    await withSim(world("8.19.2"), async (sim) => {
      const h = testHandler();
      const fault = sim.addFault({ kind: "cloud.critical_deprecation", count: 2 });
      await assert.rejects(h.create(cloudInputs(sim, "9.1.2"), testCtx()), (e: unknown) => e instanceof DeprecationsBlockedError && /2 critical Elasticsearch deprecation issues/.test(e.message));
      sim.removeFault(fault);
      const r = await h.create(cloudInputs(sim, "9.1.2"), testCtx());
      assert.equal(r.outputs.version, "9.1.2");
    });
  });

  it("imports a deployment by id with the API key from provider config", async () => {
    await withSim(world("8.18.2"), async (sim) => {
      const h = testHandler();
      const id = `cloud:${sim.cloud!.deploymentIds[0]}`;
      const config = new ProviderConfig({ ecApiKey: sim.credentials.cloudApiKey, ecEndpoint: sim.cloud!.url }, {});
      const r = await h.read(id, undefined, undefined, testCtx({ config }));
      assert.ok(r);
      assert.equal(r.id, id);
      assert.equal(r.outputs.version, "8.18.2");
      assert.equal(r.outputs.targetKind, "elastic-cloud");
      assert.equal(r.inputs.version, "8.18.2");
      assert.equal(r.inputs.elasticCloud!.deploymentId, sim.cloud!.deploymentIds[0]);
      assert.equal(r.inputs.elasticCloud!.apiKey, undefined, "credentials stay in config");
      assert.equal(await h.read("cloud:does-not-exist", undefined, undefined, testCtx({ config })), undefined);
    });
  });
});
