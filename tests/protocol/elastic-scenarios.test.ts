// ElasticDeploymentVersion scenarios of issue 6 through BOTH Pulumi hosts (the plugin via run-plugin and Pulumi's
// dynamic-provider host), driven by the engine-less harness against the simulator: a refused out-of-order target, a
// refused release-candidate source, a major hop blocked by a critical deprecation, the manual strategy across three
// ups, canary. One provider process per host serves every scenario; each scenario gets its own simulator and resource.
import assert from "node:assert/strict";
import { secret, type ResourceDecl } from "../harness";
import { useHostScenario } from "./host-suite";
import { shellHook, smallWorld, startSim, startsOf, threeNodeWorld, versionsOf, type StartedSim } from "../elastic/helpers";
import type { SimConfigInput } from "../sim";

/** Self-managed program inputs against the simulator; the API key travels as a secret input. */
function inputs(sim: StartedSim, version: string, extra: Record<string, unknown> = {}): ResourceDecl["inputs"] {
  const { rollout, ...rest } = extra as { rollout?: Record<string, unknown> };
  return {
    version,
    elasticsearch: { url: sim.elasticsearch!.url, apiKey: secret(sim.credentials.apiKey) },
    nodeUpgrade: { command: shellHook(sim, "esNode"), timeoutSeconds: 30 },
    ...(sim.kibana ? { kibana: { url: sim.kibana.url, apiKey: secret(sim.credentials.apiKey) }, kibanaUpgrade: { command: shellHook(sim, "kibana"), timeoutSeconds: 30 } } : {}),
    ...rest,
    rollout: { nodeTimeoutSeconds: 20, healthTimeoutSeconds: 20, ...(rollout ?? {}) },
  } as ResourceDecl["inputs"];
}

for (const kind of ["plugin", "dynamic"] as const) {
  describe(`ElasticDeploymentVersion scenarios through the ${kind} host`, function () {
    this.timeout(60_000);
    const t = useHostScenario(kind, (config: SimConfigInput) => startSim(config));
    const world = (config: SimConfigInput) => t.world(config);

    it("refuses an out-of-order target at Check, on `version`, naming target_released_after_current", async () => {
      const s = await world(threeNodeWorld("9.0.5"));
      const decl = (version: string): ResourceDecl => ({ name: "ooo", type: "ElasticDeploymentVersion", inputs: inputs(s, version) });
      const [first] = await t.h.deployment.up([decl("9.0.5")]);
      assert.ok(first.ok, JSON.stringify(first));
      assert.equal(first.outputs?.version, "9.0.5");
      const starts = startsOf(s);
      for (const step of [...(await t.h.deployment.preview([decl("9.1.0")])), ...(await t.h.deployment.up([decl("9.1.0")]))]) {
        assert.equal(step.ok, false);
        assert.equal(step.op, "update");
        assert.ok(step.failures?.length, JSON.stringify(step));
        assert.ok(step.failures.every((f) => f.property === "version"), JSON.stringify(step.failures));
        assert.match(step.failures[0].reason, /^target_released_after_current: .*\(fix: .*9\.1\.2/);
      }
      assert.deepEqual(startsOf(s), starts, "nothing restarted");
      assert.equal(t.h.deployment.state.get(t.h.deployment.urnOf("ElasticDeploymentVersion", "ooo"))?.inputs.version, "9.0.5", "state keeps the last good target");
    });

    it("refuses to upgrade from a release candidate at Check (no_prerelease_source)", async () => {
      // The simulator cannot run an RC, so the stack records one the honest way: an opted-in up to 9.0.0-rc1 whose
      // node hook fails leaves the RC as the resource's last target (Create init-failed keeps the new inputs).
      const s = await world(threeNodeWorld("8.18.2"));
      const decl = (version: string, extra: Record<string, unknown> = {}): ResourceDecl => ({ name: "rc", type: "ElasticDeploymentVersion", inputs: inputs(s, version, extra) });
      const [first] = await t.h.deployment.up([decl("9.0.0-rc1", { allowPrerelease: true, nodeUpgrade: { command: ["sh", "-c", "exit 3"], timeoutSeconds: 30 } })]);
      assert.equal(first.ok, false, JSON.stringify(first));
      assert.ok(first.error?.initFailed, JSON.stringify(first.error));
      assert.equal(t.h.deployment.state.get(first.urn)?.inputs.version, "9.0.0-rc1");
      const starts = startsOf(s);
      for (const step of [...(await t.h.deployment.preview([decl("9.0.0")])), ...(await t.h.deployment.up([decl("9.0.0")]))]) {
        assert.equal(step.ok, false);
        assert.ok(step.failures?.length, JSON.stringify(step));
        assert.equal(step.failures[0].property, "version");
        assert.match(step.failures[0].reason, /^no_prerelease_source: 9\.0\.0-rc1 is a prerelease/);
      }
      assert.deepEqual(startsOf(s), starts, "nothing restarted");
      assert.deepEqual(new Set(Object.values(versionsOf(s))), new Set(["8.18.2"]));
    });

    it("a major hop with a critical deprecation fails the up before any node moves", async () => {
      const s = await world(threeNodeWorld("8.19.2"));
      s.addFault({ kind: "es.critical_deprecation", key: "old-index", message: "Index created before 8.0" });
      const decl: ResourceDecl = { name: "deprec", type: "ElasticDeploymentVersion", inputs: inputs(s, "9.1.2") };
      const [pv] = await t.h.deployment.preview([decl]);
      assert.ok(pv.ok, JSON.stringify(pv));
      if (kind === "plugin") {
        assert.ok(t.h.engine.logsFor(pv.urn).some((l) => /BLOCKING: 1 deprecation finding\(s\) block 8\.19\.2 → 9\.1\.2: critical: Index created before 8\.0/.test(l.message)), "preview says the hop is blocked");
      }
      const starts = startsOf(s);
      const [step] = await t.h.deployment.up([decl]);
      assert.equal(step.ok, false, JSON.stringify(step));
      assert.equal(step.op, "create");
      assert.match(step.error?.message ?? "", /Index created before 8\.0/);
      assert.deepEqual(startsOf(s), starts, "nothing restarted");
      assert.deepEqual(new Set(Object.values(versionsOf(s))), new Set(["8.19.2"]), "simulator versions unchanged");
    });

    it("manual: three ups, approvedThrough advanced in the inputs; outputs say what to approve next", async () => {
      const s = await world(smallWorld("8.17.3", { kibana: true }));
      const decl = (approvedThrough: string): ResourceDecl => ({ name: "manual", type: "ElasticDeploymentVersion", inputs: inputs(s, "8.19.2", { rollout: { strategy: "manual", approvedThrough } }) });
      const [first] = await t.h.deployment.up([decl("warm")]);
      assert.ok(first.ok, JSON.stringify(first.error));
      assert.equal(first.op, "create");
      assert.equal(first.outputs?.outcome, "paused");
      assert.equal((first.outputs?.plan as { next?: string }).next, 'approvedThrough: "hot"');
      assert.match(String(first.outputs?.message), /set rollout\.approvedThrough: "hot"/);
      assert.equal(first.outputs?.version, "8.17.3");
      assert.equal(versionsOf(s)["es-warm-0"], "8.19.2");
      assert.equal(versionsOf(s)["es-hot-0"], "8.17.3");

      const [second] = await t.h.deployment.up([decl("master")]);
      assert.ok(second.ok, JSON.stringify(second.error));
      assert.equal(second.op, "update");
      assert.equal(second.outputs?.outcome, "paused");
      assert.equal((second.outputs?.plan as { next?: string }).next, 'approvedThrough: "kibana"');
      assert.equal(versionsOf(s)["es-master-2"], "8.19.2");
      assert.equal(second.outputs?.kibanaVersion, "8.17.3");

      const [third] = await t.h.deployment.up([decl("*")]);
      assert.ok(third.ok, JSON.stringify(third.error));
      assert.equal(third.op, "update");
      assert.equal(third.outputs?.outcome, "complete");
      assert.equal(third.outputs?.version, "8.19.2");
      assert.equal(third.outputs?.kibanaVersion, "8.19.2");
      assert.deepEqual(new Set(Object.values(versionsOf(s))), new Set(["8.19.2"]));
    });

    it("canary: the first step waits for canaryApproved, then the rest runs unattended", async () => {
      const s = await world(smallWorld("8.17.3"));
      const decl = (canaryApproved: number): ResourceDecl => ({ name: "canary", type: "ElasticDeploymentVersion", inputs: inputs(s, "8.19.2", { rollout: { strategy: "canary", canarySteps: 1, canaryApproved } }) });
      const [first] = await t.h.deployment.up([decl(0)]);
      assert.ok(first.ok, JSON.stringify(first.error));
      assert.equal(first.outputs?.outcome, "paused");
      assert.equal((first.outputs?.plan as { next?: string }).next, "canaryApproved: 1");
      assert.deepEqual(new Set(Object.values(versionsOf(s))), new Set(["8.17.3"]), "nothing moved before the go-ahead");
      const [second] = await t.h.deployment.up([decl(1)]);
      assert.ok(second.ok, JSON.stringify(second.error));
      assert.equal(second.op, "update");
      assert.equal(second.outputs?.outcome, "complete");
      assert.deepEqual(new Set(Object.values(versionsOf(s))), new Set(["8.19.2"]));
    });
  });
}
