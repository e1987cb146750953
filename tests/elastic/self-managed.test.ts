// ElasticDeploymentVersion, self-managed, driven directly through the handler against the simulated cluster.
import { strict as assert } from "assert";
import { HttpStatusError } from "../../provider/clients/errors";
import { connectKibana, kibanaAvailability } from "../../provider/resources/elastic/connect";
import { DeprecationsBlockedError, DowngradeRefusedError, KibanaAheadError, UpgradeRefusedError } from "../../provider/resources/elastic/errors";
import { selfManagedInputs, smallWorld, startOrder, startsOf, testCtx, testHandler, threeNodeWorld, tieredWorld, versionsOf, withSim } from "./helpers";

describe("elastic self-managed: path, order, preview", function () {
  this.timeout(60_000);

  it("previews 8.17.3 → 8.19.x → 9.1.2 without touching the cluster, then rolls it in the documented order", async () => {
    await withSim(tieredWorld("8.17.3"), async (sim) => {
      const h = testHandler();
      const inputs = selfManagedInputs(sim, "9.1.2");
      const before = JSON.stringify(sim.elasticsearch!.cluster.snapshot().nodes);

      const pctx = testCtx({ preview: true });
      const preview = await h.create(inputs, pctx);
      assert.equal(JSON.stringify(sim.elasticsearch!.cluster.snapshot().nodes), before, "preview changed the cluster");
      for (const server of [sim.elasticsearch!.server, sim.kibana!.server]) {
        assert.deepEqual(server.log.filter((r) => r.method !== "GET"), [], "preview sends only GETs");
      }
      const out = preview.outputs;
      assert.equal(out.outcome, "planned");
      assert.equal(out.path.length, 3);
      assert.equal(out.path[0], "8.17.3");
      assert.match(out.path[1], /^8\.19\.\d+$/);
      assert.equal(out.path[2], "9.1.2");
      assert.equal(out.version, "8.17.3");
      const hop1 = out.plan!.phases.filter((p) => p.hop.to === out.path[1]).map((p) => `${p.name}:${p.steps.map((s) => s.name).join(",")}`);
      assert.deepEqual(hop1, ["frozen:es-frozen-0", "warm:es-warm-0", "hot:es-hot-0,es-hot-1", "master:es-master-0,es-master-1,es-master-2", "kibana:kibana"]);
      const summary = pctx.infos.join("\n");
      assert.match(summary, /8\.17\.3 → 8\.19\.\d+ → 9\.1\.2: 2 hops, 7 nodes per hop/);
      assert.match(summary, /frozen \(1\), warm \(1\), hot \(2\), master \(3, one at a time, last\)/);
      assert.match(summary, /critical deprecations before 8\.19\.\d+ → 9\.1\.2: none/);
      assert.match(summary, /blocking findings: none/);

      const ctx = testCtx();
      const created = await h.create(inputs, ctx);
      assert.equal(created.outputs.outcome, "complete");
      assert.equal(created.outputs.version, "9.1.2");
      assert.equal(created.outputs.kibanaVersion, "9.1.2");
      assert.match(created.id, /^elasticsearch:/);
      assert.deepEqual(new Set(Object.values(versionsOf(sim))), new Set(["9.1.2"]));
      const perHop = ["es-frozen-0", "es-warm-0", "es-hot-0", "es-hot-1", "es-master-0", "es-master-1", "es-master-2", "kibana"];
      assert.deepEqual(startOrder(ctx.infos), [...perHop, ...perHop]);
      const snap = sim.elasticsearch!.cluster.snapshot() as { shutdowns: unknown[]; allocation_enable: string; health: { status: string } };
      assert.deepEqual(snap.shutdowns, [], "shutdown records are deleted");
      assert.equal(snap.allocation_enable, "all");
      assert.equal(snap.health.status, "green");
      assert.ok(created.outputs.plan!.phases.every((p) => p.steps.every((s) => s.status === "COMPLETE")));
      // timeline: every Elasticsearch node step marks the rejoin between the action and the end of recovery
      const nodeSteps = created.outputs.plan!.phases.flatMap((p) => p.steps).filter((s) => s.target !== "kibana");
      assert.equal(nodeSteps.length, 14);
      for (const s of nodeSteps) {
        const t = s.timing;
        assert.ok(t?.actedAt !== undefined && t.rejoinedAt !== undefined && t.completedAt !== undefined, `${s.name}: ${JSON.stringify(t)}`);
        assert.ok(t.actedAt <= t.rejoinedAt && t.rejoinedAt <= t.completedAt, `${s.name}: ${JSON.stringify(t)}`);
      }
      assert.ok(!JSON.stringify(created.outputs).includes(sim.credentials.apiKey), "no credential in outputs");

      // a second up with the same target is a no-op that restarts nothing
      const starts = startsOf(sim);
      const again = await h.update(created.id, created.outputs, inputs, testCtx());
      assert.equal(again.outcome, "complete");
      assert.deepEqual(startsOf(sim), starts);
    });
  });

  it("refuses an out-of-order target before changing anything", async () => {
    await withSim(smallWorld("9.0.5"), async (sim) => {
      const h = testHandler();
      const starts = startsOf(sim);
      await assert.rejects(h.create(selfManagedInputs(sim, "9.1.0"), testCtx()), (e: unknown) => {
        assert.ok(e instanceof UpgradeRefusedError);
        assert.match(e.message, /target_released_after_current/);
        assert.match(e.message, /Nothing was changed/);
        return true;
      });
      assert.deepEqual(startsOf(sim), starts);
    });
  });

  it("refuses to go down: a cluster above the target, or Kibana ahead of it", async () => {
    await withSim(smallWorld("9.1.2"), async (sim) => {
      await assert.rejects(testHandler().create(selfManagedInputs(sim, "9.0.5"), testCtx()), (e: unknown) => e instanceof DowngradeRefusedError && /runs 9\.1\.2, above the target 9\.0\.5/.test(e.message));
    });
    await withSim({ ...smallWorld("8.17.3"), kibana: { version: "8.19.2" } }, async (sim) => {
      const starts = startsOf(sim);
      await assert.rejects(testHandler().create(selfManagedInputs(sim, "8.18.3"), testCtx()), (e: unknown) => e instanceof KibanaAheadError && /Kibana runs 8\.19\.2/.test(e.message));
      assert.deepEqual(startsOf(sim), starts);
    });
  });

  it("blocks a major hop on a critical deprecation, then upgrades once it is resolved", async () => {
    await withSim(smallWorld("8.19.2"), async (sim) => {
      const h = testHandler();
      const fault = sim.addFault({ kind: "es.critical_deprecation", key: "old-index", message: "Index created before 8.0" });
      const inputs = selfManagedInputs(sim, "9.1.2");
      const pctx = testCtx({ preview: true });
      await h.create(inputs, pctx);
      assert.match(pctx.infos.join("\n"), /BLOCKING: 1 deprecation finding\(s\) block 8\.19\.2 → 9\.1\.2: critical: Index created before 8\.0 \(index_settings old-index\)/);
      const starts = startsOf(sim);
      await assert.rejects(h.create(inputs, testCtx()), (e: unknown) => e instanceof DeprecationsBlockedError && /Index created before 8\.0/.test(e.message));
      assert.deepEqual(startsOf(sim), starts, "nothing restarted");
      // the policy "ignore" would let it through; resolving the finding is the honest fix
      sim.removeFault(fault);
      const r = await h.create(inputs, testCtx());
      assert.equal(r.outputs.version, "9.1.2");
    });
  });
});

describe("elastic self-managed: strategies", function () {
  this.timeout(60_000);

  it("manual: three ups, each running only the approved phases", async () => {
    await withSim(smallWorld("8.17.3", { kibana: true }), async (sim) => {
      const h = testHandler();
      const withApproval = (approvedThrough: string) => selfManagedInputs(sim, "8.19.2", { rollout: { strategy: "manual", approvedThrough } });
      const first = await h.create(withApproval("warm"), testCtx());
      assert.equal(first.outputs.outcome, "paused");
      assert.equal(first.outputs.plan!.next, 'approvedThrough: "hot"');
      assert.match(first.outputs.message!, /set rollout\.approvedThrough: "hot"/);
      assert.equal(versionsOf(sim)["es-warm-0"], "8.19.2");
      assert.equal(versionsOf(sim)["es-hot-0"], "8.17.3");
      assert.equal(first.outputs.version, "8.17.3");

      const d = await h.diff(first.id, first.outputs, withApproval("master"), testCtx());
      assert.ok(d.changes && d.detailedDiff.rollout, "a new approval is a change");
      const second = await h.update(first.id, first.outputs, withApproval("master"), testCtx());
      assert.equal(second.outcome, "paused");
      assert.equal(second.plan!.next, 'approvedThrough: "kibana"');
      assert.equal(versionsOf(sim)["es-master-2"], "8.19.2");
      assert.equal(second.kibanaVersion, "8.17.3");

      const third = await h.update(first.id, second, withApproval("*"), testCtx());
      assert.equal(third.outcome, "complete");
      assert.equal(third.version, "8.19.2");
      assert.equal(third.kibanaVersion, "8.19.2");
    });
  });

  it("canary: the first node waits for its go-ahead, then the rest runs unattended", async () => {
    await withSim(smallWorld("8.17.3"), async (sim) => {
      const h = testHandler();
      const canary = (canaryApproved: number) => selfManagedInputs(sim, "8.19.2", { rollout: { strategy: "canary", canarySteps: 1, canaryApproved } });
      const first = await h.create(canary(0), testCtx());
      assert.equal(first.outputs.outcome, "paused");
      assert.equal(first.outputs.plan!.next, "canaryApproved: 1");
      assert.ok(Object.values(versionsOf(sim)).every((v) => v === "8.17.3"));
      const ctx = testCtx();
      const second = await h.update(first.id, first.outputs, canary(1), ctx);
      assert.equal(second.outcome, "complete");
      assert.equal(startOrder(ctx.infos)[0], "es-warm-0");
      assert.ok(Object.values(versionsOf(sim)).every((v) => v === "8.19.2"));
    });
  });
});

describe("elastic self-managed: ML upgrade mode", function () {
  this.timeout(60_000);

  it("is on while nodes restart when ML jobs exist, and off once every node runs the target", async () => {
    const world = threeNodeWorld("8.17.3");
    // one anomaly detection job, listed by the simulator's GET /_ml/anomaly_detectors
    await withSim({ ...world, elasticsearch: { ...world.elasticsearch!, mlJobs: ["web-traffic"] } }, async (sim) => {
      const seen: boolean[] = [];
      const ctx = testCtx({ onInfo: (m) => {
        if (/: complete \(\d of 3\)/.test(m)) seen.push(sim.elasticsearch!.cluster.mlUpgradeMode);
      } });
      const r = await testHandler().create(selfManagedInputs(sim, "8.19.2"), ctx);
      assert.equal(r.outputs.outcome, "complete");
      assert.deepEqual(seen, [true, true, true]);
      assert.equal(sim.elasticsearch!.cluster.mlUpgradeMode, false);
      assert.ok(ctx.infos.includes("ML upgrade mode on for 8.17.3->8.19.2"));
      assert.ok(ctx.infos.includes("ML upgrade mode off"));
      assert.ok(sim.elasticsearch!.server.log.some((q) => q.method === "GET" && q.path === "/_ml/anomaly_detectors" && q.status === 200), "the job list came from the simulator");
    });
  });
});

describe("elastic self-managed: Kibana availability (shared clients/kibana status client)", function () {
  this.timeout(60_000);

  it("answers available with the version; 503 and a stopped Kibana are 'not available'; a wrong key throws 401", async () => {
    await withSim(threeNodeWorld("8.17.3", { kibana: true }), async (sim) => {
      const ok = connectKibana({ url: sim.kibana!.url, apiKey: sim.credentials.apiKey }, testCtx().config);
      const bad = connectKibana({ url: sim.kibana!.url, apiKey: "not-the-key" }, testCtx().config);
      try {
        assert.deepEqual(await kibanaAvailability(ok.client), { available: true, version: "8.17.3", reason: "available" });
        const id = sim.addFault({ kind: "http", service: "kibana", path: "^/api/status$", status: 503, body: { statusCode: 503, error: "Service Unavailable", message: "Kibana server is not ready yet" }, times: 1 });
        assert.deepEqual(await kibanaAvailability(ok.client), { available: false, reason: "Kibana status unavailable" });
        sim.removeFault(id);
        await assert.rejects(kibanaAvailability(bad.client), (e: unknown) => e instanceof HttpStatusError && e.status === 401 && !e.message.includes("not-the-key"));
        await sim.kibana!.kibana.stop();
        const down = await kibanaAvailability(ok.client);
        assert.equal(down.available, false);
        assert.equal(down.version, undefined);
        assert.match(down.reason, /^Kibana unreachable \(\w+Error\)$/);
      } finally {
        await Promise.allSettled([ok.client.close(), bad.client.close()]);
      }
    });
  });
});
