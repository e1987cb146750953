// ElasticDeploymentVersion through BOTH Pulumi hosts (plugin via run-plugin, Pulumi's dynamic-provider host),
// driven by the engine-less harness against the simulator: preview without side effect, an up that fails and
// records partial outputs, the resumed up, refresh, and import by id.
import { strict as assert } from "assert";
import { findPlaintext, secret, startHarness, type Harness, type ResourceDecl } from "../harness";
import { hookCommand, startSim, startsOf, threeNodeWorld, versionsOf, type StartedSim } from "./helpers";

for (const kind of ["plugin", "dynamic"] as const) {
  describe(`ElasticDeploymentVersion through the ${kind} host`, function () {
    this.timeout(90_000);
    let sim: StartedSim;
    let h: Harness;
    before(async () => {
      sim = await startSim(threeNodeWorld("8.17.3"));
      sim.addFault({ kind: "script.exit", target: "es-1", exitCode: 4, times: 1 });
      // the API key comes from provider config (secret), the URL from the resource input
      h = await startHarness({ kind, config: { "upgrades:elasticsearchApiKey": secret(sim.credentials.apiKey) } });
    });
    after(async () => {
      await h?.stop();
      await sim?.stop();
    });

    const decl = (): ResourceDecl => ({
      name: "es",
      type: "ElasticDeploymentVersion",
      inputs: {
        version: "8.19.2",
        elasticsearch: { url: sim.elasticsearch!.url },
        nodeUpgrade: { command: hookCommand(sim, "esNode"), timeoutSeconds: 30 },
        rollout: { nodeTimeoutSeconds: 20, healthTimeoutSeconds: 20 },
      },
    });

    it("preview predicts the path and plan and changes nothing", async () => {
      const [step] = await h.deployment.preview([decl()]);
      assert.ok(step.ok, JSON.stringify(step));
      assert.equal(step.op, "create");
      if (kind === "plugin") {
        assert.deepEqual(step.outputs?.path, ["8.17.3", "8.19.2"]);
        assert.equal(step.outputs?.outcome, "planned");
        assert.ok(h.engine.logsFor(step.urn).some((l) => !l.ephemeral && /8\.17\.3 → 8\.19\.2: 1 hop, 3 nodes per hop in this order: master \(3, one at a time, last\)/.test(l.message)), "impact summary as a durable log");
      }
      assert.equal(sim.elasticsearch!.server.log.filter((r) => r.method !== "GET").length, 0, "preview sent only GETs");
      assert.deepEqual(new Set(Object.values(versionsOf(sim))), new Set(["8.17.3"]));
    });

    it("an up that fails records partial outputs; the next up resumes without restarting an upgraded node", async () => {
      const [first] = await h.deployment.up([decl()]);
      assert.equal(first.ok, false);
      const init = first.error?.initFailed;
      assert.ok(init, JSON.stringify(first.error));
      assert.match(init.id, /^elasticsearch:/);
      assert.equal(init.properties?.outcome, "failed");
      assert.match(init.reasons.join(" "), /exited with code 4|exit code 4|code 4/);
      assert.deepEqual(findPlaintext(init.properties, sim.credentials.apiKey), [], "no credential in the partial record");
      assert.equal(versionsOf(sim)["es-0"], "8.19.2");
      const starts = startsOf(sim);

      // a preview of the resume: an update whose predicted plan already counts es-0 as done
      const [pv] = await h.deployment.preview([decl()]);
      assert.ok(pv.ok, JSON.stringify(pv));
      assert.equal(pv.op, "update");
      if (kind === "plugin") {
        const steps = (pv.outputs?.plan as { phases: { steps: { name: string; status: string }[] }[] }).phases.flatMap((p) => p.steps);
        assert.deepEqual(steps.map((st) => `${st.name}:${st.status}`), ["es-0:COMPLETE", "es-1:PENDING", "es-2:PENDING"]);
      }
      assert.deepEqual(startsOf(sim), starts, "preview restarted nothing");

      const [second] = await h.deployment.up([decl()]);
      assert.ok(second.ok, JSON.stringify(second.error));
      assert.equal(second.op, "update");
      assert.equal(second.outputs?.version, "8.19.2");
      assert.equal(startsOf(sim)["es-0"], starts["es-0"], "es-0 was not restarted again");
      assert.deepEqual(new Set(Object.values(versionsOf(sim))), new Set(["8.19.2"]));

      const [third] = await h.deployment.up([decl()]);
      assert.equal(third.op, "same");
    });

    it("refresh reports the lowest running version; import by id reads the cluster", async () => {
      const [r] = await h.deployment.refresh();
      assert.ok(r.ok, JSON.stringify(r.error));
      assert.equal(r.outputs?.version, "8.19.2");
      const uuid = String(r.outputs?.clusterUuid);
      const imp = await h.deployment.import({ type: "ElasticDeploymentVersion", name: "imported", id: `elasticsearch:${uuid}` });
      // import without inputs needs the URL from provider config or ELASTICSEARCH_URL: this harness only set the
      // API key, so the provider must say which setting is missing (and never echo the key)
      assert.equal(imp.ok, false);
      // (the dynamic host's own read error path loses the message; the plugin host relays it)
      if (kind === "plugin") assert.match(imp.error?.message ?? "", /elasticsearch\.url|ELASTICSEARCH_URL/);
      assert.ok(!(imp.error?.message ?? "").includes(sim.credentials.apiKey));
    });
  });
}

// Import by id is a plugin-host feature: Pulumi's dynamic-provider host cannot read a resource that has no
// `__provider` in its properties yet (an import sends only the id), so dynamic resources are adopted by `up` instead.
for (const kind of ["plugin"] as const) describe(`ElasticDeploymentVersion import by id (${kind} host, URL from provider config)`, function () {
  this.timeout(60_000);
  it("imports elasticsearch:<cluster uuid> and returns inputs that reproduce it", async () => {
    const sim = await startSim(threeNodeWorld("8.18.2"));
    const h = await startHarness({ kind, config: { "upgrades:elasticsearchUrl": sim.elasticsearch!.url, "upgrades:elasticsearchApiKey": secret(sim.credentials.apiKey) } });
    try {
      const uuid = sim.elasticsearch!.cluster.clusterUuid;
      const imp = await h.deployment.import({ type: "ElasticDeploymentVersion", name: "es", id: `elasticsearch:${uuid}` });
      assert.ok(imp.ok, JSON.stringify(imp.error));
      assert.equal(imp.outputs?.version, "8.18.2");
      assert.equal(imp.outputs?.targetKind, "self-managed");
      const mismatch = await h.deployment.import({ type: "ElasticDeploymentVersion", name: "other", id: "elasticsearch:not-this-cluster" });
      assert.equal(mismatch.ok, false);
      if (kind === "plugin") assert.match(mismatch.error?.message ?? "", /does not match the cluster/);
    } finally {
      await h.stop();
      await sim.stop();
    }
  });
});

for (const kind of ["plugin", "dynamic"] as const) {
  describe(`ElasticDeploymentVersion on Elastic Cloud through the ${kind} host`, function () {
    this.timeout(60_000);
    it("a failed plan is recorded, the next up resumes, the API key never reaches state", async () => {
      const sim = await startSim({ timeScale: 0.001, cloud: { deployments: [{ name: "prod", version: "8.18.2" }] } });
      const h = await startHarness({ kind, config: { "upgrades:ecApiKey": secret(sim.credentials.cloudApiKey!), "upgrades:ecEndpoint": sim.cloud!.url } });
      try {
        sim.addFault({ kind: "cloud.plan_fails", resource: "elasticsearch", step: "snapshot-cluster", message: "Snapshot repository is not available", times: 1 });
        const decl: ResourceDecl = { name: "dep", type: "ElasticDeploymentVersion", inputs: { version: "8.18.3", elasticCloud: { deploymentId: sim.cloud!.deploymentIds[0] } } };
        const [first] = await h.deployment.up([decl]);
        assert.equal(first.ok, false);
        const init = first.error?.initFailed;
        assert.ok(init, JSON.stringify(first.error));
        assert.equal(init.id, `cloud:${sim.cloud!.deploymentIds[0]}`);
        assert.match(init.reasons.join(" "), /snapshot-cluster: Snapshot repository is not available/);
        const [second] = await h.deployment.up([decl]);
        assert.ok(second.ok, JSON.stringify(second.error));
        assert.equal(second.outputs?.version, "8.18.3");
        assert.deepEqual(findPlaintext([...h.deployment.state.values()], sim.credentials.cloudApiKey!), []);
        assert.equal(h.deployment.state.size, 1);
      } finally {
        await h.stop();
        await sim.stop();
      }
    });
  });
}
