// Rollout details: cancellation stops at a safe point and resumes; clusters older than 7.15.2 use allocation
// `primaries` + flush instead of the node shutdown API; maxUnavailable > 1 never restarts two holders of a shard.
import { strict as assert } from "assert";
import { PartialFailureError } from "../../provider/resources/core/types";
import type { Outputs } from "../../provider/resources/elastic/schema";
import { safety, selfManagedInputs, startsOf, TIME_SCALE, testCtx, testHandler, threeNodeWorld, versionsOf, withSim } from "./helpers";

describe("elastic self-managed: rollout details", function () {
  this.timeout(60_000);

  it("cancel (Ctrl-C) stops after the running node, restores allocation, and the next up resumes", async () => {
    await withSim(threeNodeWorld("8.17.3"), async (sim) => {
      const h = testHandler();
      const inputs = selfManagedInputs(sim, "8.19.2");
      const abort = new AbortController();
      const ctx = testCtx({ signal: abort.signal, onInfo: (m) => (/: starting \(2 of 3\)/.test(m) ? abort.abort(new Error("cancelled by the engine")) : undefined) });
      let caught: unknown;
      try {
        await h.create(inputs, ctx);
      } catch (e) {
        caught = e;
      }
      assert.ok(caught instanceof PartialFailureError, String(caught));
      const e = caught as PartialFailureError<Outputs>;
      assert.match(e.message, /cancelled/);
      assert.equal(e.outputs.plan!.stoppedAt !== undefined, true);
      assert.deepEqual(safety(sim), { shutdowns: [], allocation_enable: "all" });
      const upgraded = Object.entries(versionsOf(sim)).filter(([, v]) => v === "8.19.2").map(([n]) => n);
      assert.ok(upgraded.includes("es-0"), "the first node finished");
      assert.ok(upgraded.length < 3, "the run stopped before the end");
      const starts = startsOf(sim);
      const resumed = await h.update(e.id!, e.outputs, inputs, testCtx());
      assert.equal(resumed.outcome, "complete");
      assert.equal(startsOf(sim)["es-0"], starts["es-0"]);
    });
  });

  it("before 7.15.2 uses allocation primaries + flush, and puts the setting back", async () => {
    await withSim(threeNodeWorld("7.14.2"), async (sim) => {
      const seen = new Set<string>();
      const ctx = testCtx();
      const status = ctx.status.bind(ctx);
      (ctx as { status: (m: string) => void }).status = (m) => {
        if (/: STARTING$/.test(m)) seen.add(String(sim.elasticsearch!.cluster.allocationEnable()));
        status(m);
      };
      const r = await testHandler().create(selfManagedInputs(sim, "7.17.29"), ctx);
      assert.equal(r.outputs.version, "7.17.29");
      assert.deepEqual([...seen], ["primaries"]);
      const log = sim.elasticsearch!.server.log;
      assert.equal(log.filter((x) => x.method === "POST" && x.path === "/_flush").length, 3);
      assert.equal(log.filter((x) => x.path.includes("/shutdown")).length, 0, "no node shutdown API before 7.15.2");
      assert.deepEqual(safety(sim), { shutdowns: [], allocation_enable: "all" });
      assert.ok(!("cluster.routing.allocation.enable" in sim.elasticsearch!.cluster.persistent), "reset to the default, not pinned");
    });
  });

  it("maxUnavailable 2 restarts data nodes of a tier together only when they share no shard", async () => {
    const roles: ("data_hot" | "data_content")[] = ["data_hot", "data_content"];
    await withSim(
      {
        timeScale: TIME_SCALE,
        elasticsearch: {
          version: "8.17.3",
          nodes: [
            { name: "m-0", roles: ["master"] }, { name: "m-1", roles: ["master"] }, { name: "m-2", roles: ["master"] },
            { name: "hot-0", roles }, { name: "hot-1", roles }, { name: "hot-2", roles },
          ],
          indices: [{ name: "logs", tier: "hot", primaries: 3, replicas: 1 }],
        },
      },
      async (sim) => {
        const c = sim.elasticsearch!.cluster;
        let worst = "green";
        const onChange = () => {
          if (c.health().status === "red") worst = "red";
        };
        c.on("change", onChange);
        const ctx = testCtx();
        const r = await testHandler().create(selfManagedInputs(sim, "8.19.2", { rollout: { maxUnavailable: 2 } }), ctx);
        c.off("change", onChange);
        assert.equal(r.outputs.outcome, "complete");
        assert.equal(worst, "green", "no shard lost all its copies");
        assert.ok(ctx.statuses.some((m) => /waiting on gate do_not_restart_two_nodes_holding_the_same_shard/.test(m)), "the shard gate held a second node back");
        assert.equal(r.outputs.plan!.phases.find((p) => p.name === "hot")!.strategy, "parallel");
        assert.equal(r.outputs.plan!.phases.find((p) => p.name === "master")!.strategy, "serial");
      },
    );
  });
});

describe("elastic self-managed: gate names", function () {
  this.timeout(30_000);
  it("disabling every gate warns once per gate, and check() knows exactly those names", async () => {
    const { GATE_NAMES } = await import("../../provider/resources/elastic");
    await withSim(threeNodeWorld("8.17.3"), async (sim) => {
      const ctx = testCtx();
      const r = await testHandler().create(selfManagedInputs(sim, "8.19.2", { rollout: { disabledGates: ["*"] } }), ctx);
      assert.equal(r.outputs.outcome, "complete");
      const disabled = ctx.warnings.map((w) => /^gate (\S+) is disabled/.exec(w)?.[1]).filter((x): x is string => !!x);
      assert.deepEqual([...disabled].sort(), [...GATE_NAMES].sort());
    });
  });
});
