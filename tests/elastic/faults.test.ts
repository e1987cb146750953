// Every simulator fault ends in a safe stop (allocation restored, no shutdown record left, partial outputs with
// the plan statuses and versions reached) and, once the fault is cleared, the next up resumes without
// restarting a node that is already upgraded.
import { strict as assert } from "assert";
import type { FaultSpecInput } from "../sim";
import type { Inputs, InputsIn, Outputs } from "../../provider/resources/elastic/schema";
import { PartialFailureError } from "../../provider/resources/core/types";
import { safety, selfManagedInputs, startsOf, testCtx, testHandler, threeNodeWorld, versionsOf, withSim, type StartedSim } from "./helpers";

async function expectPartial(p: Promise<unknown>, pattern: RegExp): Promise<{ id: string; outputs: Outputs }> {
  let caught: unknown;
  try {
    await p;
  } catch (e) {
    caught = e;
  }
  assert.ok(caught instanceof PartialFailureError, `expected a PartialFailureError, got ${caught instanceof Error ? `${caught.name}: ${caught.message}` : String(caught)}`);
  const e = caught as PartialFailureError<Outputs>;
  assert.match(e.message, pattern);
  assert.equal(e.outputs.outcome, "failed");
  assert.ok(e.id && e.id.startsWith("elasticsearch:"));
  assert.ok(!JSON.stringify(e.outputs).includes("sim-key-secret"));
  return { id: e.id!, outputs: e.outputs };
}

interface Scenario {
  name: string;
  fault: FaultSpecInput;
  /** inject the fault once this many nodes are done (default: before the run) */
  afterSteps?: number;
  rollout?: InputsIn["rollout"];
  nodeUpgrade?: { timeoutSeconds: number };
  kibana?: boolean;
  error: RegExp;
  /** the step left in ERROR, when the failure is a step's */
  failedStep?: string;
  /** wait for this before resuming (the fault's own after-effect settling), no fixed sleeps */
  settle?: (sim: StartedSim) => Promise<void>;
}

const scenarios: Scenario[] = [
  { name: "node fails to start", fault: { kind: "es.node_fails_to_start", node: "es-1" }, error: /es-1.*exit/s, failedStep: "es-1" },
  { name: "node comes back on the wrong version", fault: { kind: "es.node_wrong_version", node: "es-0", version: "8.17.3", times: 1 }, error: /rejoined on 8\.17\.3, not 8\.19\.2/, failedStep: "es-0" },
  {
    name: "slow rejoin past the node timeout",
    fault: { kind: "es.node_slow_rejoin", node: "es-1", delayMs: 2_500_000, times: 1 },
    rollout: { nodeTimeoutSeconds: 1 },
    error: /timed out .*es-1 back in the cluster/,
    failedStep: "es-1",
    settle: async (sim) => {
      const c = sim.elasticsearch!.cluster;
      assert.ok(await c.waitFor(() => c.node("es-1")!.joined && c.health().status === "green", 30_000), "es-1 joined late");
    },
  },
  { name: "red mid-run", fault: { kind: "es.shard_red", index: "logs", shard: 0 }, afterSteps: 1, rollout: { healthTimeoutSeconds: 1 }, error: /gate only_restart_when_cluster_is_green_or_safely_yellow/ },
  { name: "503 burst that outlasts the retries", fault: { kind: "http", service: "elasticsearch", status: 503, headers: { "retry-after": "0" } }, afterSteps: 1, error: /HTTP 503/ },
  { name: "hook exits non-zero", fault: { kind: "script.exit", target: "es-1", exitCode: 3, times: 1 }, error: /exit/, failedStep: "es-1" },
  { name: "hook hangs", fault: { kind: "script.hang", target: "es-1", times: 1 }, nodeUpgrade: { timeoutSeconds: 1 }, error: /hung/, failedStep: "es-1" },
  { name: "node shutdown stalls", fault: { kind: "es.shutdown_stalled", node: "es-1" }, rollout: { healthTimeoutSeconds: 1 }, error: /shutdown status STALLED/, failedStep: "es-1" },
  { name: "Kibana never available", fault: { kibana: true } as never, kibana: true, rollout: { healthTimeoutSeconds: 1 }, error: /Kibana available on 8\.19\.2/, failedStep: "kibana" },
];
scenarios[scenarios.length - 1].fault = { kind: "kibana.never_available" };

describe("elastic self-managed: faults end in a safe stop, then resume", function () {
  this.timeout(90_000);

  for (const s of scenarios) {
    it(s.name, async () => {
      await withSim(threeNodeWorld("8.17.3", { kibana: s.kibana }), async (sim) => {
        const h = testHandler();
        const extra: Partial<InputsIn> = {
          ...(s.rollout ? { rollout: s.rollout } : {}),
          ...(s.nodeUpgrade ? { nodeUpgrade: { command: selfManagedInputs(sim, "8.19.2").nodeUpgrade!.command, ...s.nodeUpgrade } } : {}),
        };
        const inputs: Inputs = selfManagedInputs(sim, "8.19.2", extra);
        let faultId: number | undefined;
        if (s.afterSteps === undefined) faultId = sim.addFault(s.fault);
        const ctx = testCtx({
          onInfo: (m) => {
            if (s.afterSteps !== undefined && faultId === undefined && new RegExp(`: complete \\(${s.afterSteps} of `).test(m)) faultId = sim.addFault(s.fault);
          },
        });
        const failed = await expectPartial(h.create(inputs, ctx), s.error);
        // safe stop: nothing left prepared for a restart
        assert.deepEqual(safety(sim), { shutdowns: [], allocation_enable: "all" });
        const plan = failed.outputs.plan!;
        if (s.failedStep) {
          const bad = plan.phases.flatMap((p) => p.steps).filter((st) => st.status === "ERROR");
          assert.deepEqual(bad.map((b) => b.name), [s.failedStep]);
        }
        assert.equal(failed.outputs.targetVersion, "8.19.2");
        assert.ok(failed.outputs.nodes!.length === 3);
        // clear the fault, let its after-effects settle, resume from the partial outputs
        if (faultId !== undefined) sim.removeFault(faultId);
        await s.settle?.(sim);
        const upgradedBefore = Object.entries(versionsOf(sim)).filter(([, v]) => v === "8.19.2").map(([n]) => n);
        const startsBefore = startsOf(sim);
        const d = await h.diff(failed.id, failed.outputs, inputs, testCtx());
        assert.ok(d.changes && d.detailedDiff.version, "a failed run shows as a pending change");
        const resumed = await h.update(failed.id, failed.outputs, inputs, testCtx());
        assert.equal(resumed.outcome, "complete");
        assert.equal(resumed.version, "8.19.2");
        assert.ok(Object.values(versionsOf(sim)).every((v) => v === "8.19.2"));
        for (const n of upgradedBefore) {
          const joined = (sim.elasticsearch!.cluster.node(n)!).joined;
          if (joined) assert.equal(startsOf(sim)[n], startsBefore[n], `${n} was already upgraded and must not restart`);
        }
        assert.deepEqual(safety(sim), { shutdowns: [], allocation_enable: "all" });
      });
    });
  }

  it("429 and 503 bursts within the retry budget do not stop the rollout", async () => {
    await withSim(threeNodeWorld("8.17.3"), async (sim) => {
      sim.addFault({ kind: "http", service: "elasticsearch", status: 429, headers: { "retry-after": "0" }, times: 3 });
      sim.addFault({ kind: "http", service: "elasticsearch", path: "^/_cluster/health", status: 503, headers: { "retry-after": "0" }, times: 2 });
      const r = await testHandler().create(selfManagedInputs(sim, "8.19.2"), testCtx());
      assert.equal(r.outputs.outcome, "complete");
      assert.deepEqual(sim.elasticsearch!.server.faults.list(), [], "every burst was consumed (and absorbed by retries)");
      assert.ok(Object.values(versionsOf(sim)).every((v) => v === "8.19.2"));
    });
  });
});
