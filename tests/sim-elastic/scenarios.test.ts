// Scenario tests of the simulated cluster: the behaviours the provider's safety gates depend on.
import * as assert from "assert";
import { startSim, type StartedSim } from "../sim/index";
import { clients, smallWorld, withSim } from "./helpers";
import { catNodes, officialOrder, upgradeNodeOfficially } from "./rolling";

const TARGET = "8.19.2";

describe("sim scenarios: rolling upgrade", () => {
  it("the official sequence ends green on the new version, without re-replication or lost documents", async () => {
    await withSim(smallWorld(), async (sim) => {
      const c = clients(sim);
      const cluster = sim.elasticsearch!.cluster;
      const counts = async () => Object.fromEntries(await Promise.all(cluster.indices.map(async (i) => [i.name, (await c.es("GET", `/${i.name}/_count`)).body.count])));
      const docsBefore = await counts();
      const order = await officialOrder(sim);
      assert.deepStrictEqual(order.slice(0, 4), ["es-frozen-0", "es-warm-0", "es-hot-0", "es-hot-1"]);
      assert.strictEqual(order[6], cluster.master()!.name);
      assert.strictEqual((await c.es("POST", "/_ml/set_upgrade_mode?enabled=true")).status, 200);
      for (const name of order) await upgradeNodeOfficially(sim, name, TARGET);
      assert.strictEqual((await c.es("POST", "/_ml/set_upgrade_mode?enabled=false")).status, 200);
      const green = await c.es("GET", "/_cluster/health?wait_for_status=green&timeout=30m");
      assert.strictEqual(green.status, 200);
      assert.strictEqual(green.body.status, "green");
      assert.strictEqual(green.body.number_of_nodes, 7);
      const rows = await catNodes(sim);
      assert.deepStrictEqual([...new Set(rows.map((r) => r.version))], [TARGET]);
      assert.strictEqual((await c.es("GET", "/")).body.version.number, TARGET);
      assert.deepStrictEqual(cluster.recoveries.filter((r) => r.kind === "peer"), [], "no full-copy re-replication with allocation disabled");
      assert.deepStrictEqual(await counts(), docsBefore);
      // Kibana (8.17.3) kept working against newer ES throughout; now upgrade it too
      assert.strictEqual((await c.kb("GET", "/api/status")).body.status.overall.level, "available");
    });
  });

  it("a replica cannot go to a node older than its primary's node: yellow with nothing initializing", async () => {
    await withSim(smallWorld(), async (sim) => {
      const c = clients(sim);
      await upgradeNodeOfficially(sim, "es-hot-0", TARGET);
      // es-hot-1 restarts on the OLD version: primaries move to es-hot-0 (new) and their replicas cannot follow
      const cluster = sim.elasticsearch!.cluster;
      await c.es("PUT", "/_cluster/settings", { body: { persistent: { "cluster.routing.allocation.enable": "primaries" } } });
      const r = await c.ctl("POST", "/_sim/es/nodes/es-hot-1/restart");
      assert.strictEqual(r.body.ok, true);
      assert.strictEqual((await c.es("GET", "/_cluster/health?wait_for_nodes=7&timeout=30m")).status, 200);
      await c.es("PUT", "/_cluster/settings", { body: { persistent: { "cluster.routing.allocation.enable": null } } });
      const stuck = await c.es("GET", "/_cluster/health?wait_for_status=green&timeout=5m");
      assert.strictEqual(stuck.status, 408);
      assert.strictEqual(stuck.body.status, "yellow");
      const settled = await c.es("GET", "/_cluster/health?wait_for_no_initializing_shards=true&wait_for_no_relocating_shards=true&timeout=30m");
      assert.strictEqual(settled.body.status, "yellow");
      assert.ok(settled.body.unassigned_shards > 0);
      const shards = (await c.es("GET", "/_cat/shards?format=json&h=index,shard,prirep,state,node")).body as { prirep: string; state: string; node: string | null }[];
      assert.ok(shards.filter((s) => s.prirep === "p" && s.node === "es-hot-0").length >= 1);
      assert.ok(shards.some((s) => s.prirep === "r" && s.state === "UNASSIGNED"));
      assert.strictEqual(cluster.node("es-hot-1")!.runningVersion, "8.17.3");
      // upgrading the old node lets the replicas in: green
      await upgradeNodeOfficially(sim, "es-hot-1", TARGET);
      assert.strictEqual((await c.es("GET", "/_cluster/health?wait_for_status=green&timeout=30m")).status, 200);
    });
  });

  it("upgrading masters first leaves an older node unable to rejoin", async () => {
    await withSim(smallWorld(), async (sim) => {
      const c = clients(sim);
      const cluster = sim.elasticsearch!.cluster;
      const elected = cluster.master()!.name;
      const masters = ["es-master-0", "es-master-1", "es-master-2"].filter((m) => m !== elected);
      for (const m of [...masters, elected]) await upgradeNodeOfficially(sim, m, TARGET);
      const rows = await catNodes(sim);
      assert.strictEqual(rows.find((r) => r.master === "*")!.version, TARGET);
      // an old data node restarts (e.g. a crash, or a failed package install rolled back)
      const r = await c.ctl("POST", "/_sim/es/nodes/es-hot-0/restart");
      assert.strictEqual(r.status, 200);
      assert.strictEqual(r.body.version, "8.17.3");
      await cluster.waitFor(() => !!cluster.node("es-hot-0")!.joinError, 10_000);
      const h = await c.es("GET", "/_cluster/health?wait_for_nodes=7&timeout=10m");
      assert.strictEqual(h.status, 408);
      assert.strictEqual(h.body.number_of_nodes, 6);
      assert.ok(!(await catNodes(sim)).some((n) => n.name === "es-hot-0"));
      const state = (await c.ctl("GET", "/_sim/state")).body;
      const node = state.elasticsearch.nodes.find((n: { name: string }) => n.name === "es-hot-0");
      assert.match(node.join_error, /older than the elected master/);
      // once upgraded it can join again
      await c.ctl("POST", "/_sim/es/nodes/es-hot-0/upgrade", { version: TARGET });
      assert.strictEqual((await c.es("GET", "/_cluster/health?wait_for_nodes=7&timeout=30m")).status, 200);
    });
  });

  it("skipping the allocation step causes re-replication, visible in _cat/shards", async () => {
    await withSim(smallWorld({ hot: 3 }), async (sim) => {
      const c = clients(sim);
      const cluster = sim.elasticsearch!.cluster;
      const held = (await c.es("GET", "/_cat/shards?format=json&h=index,shard,prirep,state,node")).body.filter((s: { node: string }) => s.node === "es-hot-0");
      assert.ok(held.length > 0);
      const upgrade = upgradeNodeOfficially(sim, "es-hot-0", TARGET, { skipAllocationStep: true });
      // the node stays down longer than index.unassigned.node_left.delayed_timeout (1m): its copies are rebuilt elsewhere
      assert.ok(await cluster.waitFor(() => cluster.recoveries.some((r) => r.kind === "peer"), 10_000));
      const during = (await c.es("GET", "/_cat/shards?format=json&h=index,shard,prirep,state,node")).body as { state: string; node: string | null }[];
      const rebuilding = during.filter((s) => s.state === "INITIALIZING" && s.node !== "es-hot-0");
      assert.ok(rebuilding.length > 0, JSON.stringify(during));
      await upgrade;
      const peers = cluster.recoveries.filter((r) => r.kind === "peer");
      assert.ok(peers.length > 0 && peers.every((r) => r.node !== "es-hot-0"));
      assert.strictEqual((await c.es("GET", "/_cluster/health?wait_for_status=green&timeout=30m")).status, 200);
    });
  });

  it("with the allocation step, the same node restart copies nothing", async () => {
    await withSim(smallWorld({ hot: 3 }), async (sim) => {
      const cluster = sim.elasticsearch!.cluster;
      await upgradeNodeOfficially(sim, "es-hot-0", TARGET);
      assert.deepStrictEqual(cluster.recoveries.filter((r) => r.kind === "peer"), []);
      assert.ok(cluster.recoveries.some((r) => r.kind === "ops" && r.node === "es-hot-0"));
    });
  });

  it("the orchestrator flow (restart-type node shutdown instead of the allocation setting) re-replicates nothing", async () => {
    await withSim(smallWorld({ hot: 3 }), async (sim) => {
      const c = clients(sim);
      const cluster = sim.elasticsearch!.cluster;
      const row = (await catNodes(sim)).find((n) => n.name === "es-hot-0")!;
      await c.es("PUT", `/_nodes/${row.id}/shutdown`, { body: { type: "restart", reason: "upgrade to 8.19.2" } });
      await cluster.waitFor(() => cluster.shutdownStatus(cluster.shutdowns.get(row.id)!) === "COMPLETE", 10_000);
      assert.strictEqual((await c.es("GET", `/_nodes/${row.id}/shutdown`)).body.nodes[0].status, "COMPLETE");
      await c.ctl("POST", "/_sim/es/nodes/es-hot-0/upgrade", { version: TARGET });
      assert.strictEqual((await c.es("GET", "/_cluster/health?wait_for_nodes=8&timeout=1h")).status, 200);
      assert.ok(cluster.node("es-hot-0")!.joined);
      assert.deepStrictEqual((await c.es("DELETE", `/_nodes/${row.id}/shutdown`)).body, { acknowledged: true });
      assert.strictEqual((await c.es("GET", "/_cluster/health?wait_for_status=green&timeout=1h")).status, 200);
      assert.deepStrictEqual(cluster.recoveries.filter((r) => r.kind === "peer"), []);
    });
  });

  it("losing the master quorum makes cluster APIs answer 503 master_not_discovered_exception", async () => {
    let sim: StartedSim | undefined;
    try {
      sim = await startSim(smallWorld());
      const c = clients(sim);
      await c.ctl("POST", "/_sim/es/nodes/es-master-0/stop");
      await c.ctl("POST", "/_sim/es/nodes/es-master-1/stop");
      const h = await c.es("GET", "/_cluster/health?timeout=1s");
      assert.strictEqual(h.status, 503);
      assert.strictEqual(h.body.error.type, "master_not_discovered_exception");
      assert.strictEqual((await c.es("GET", "/")).status, 200);
      await c.ctl("POST", "/_sim/es/nodes/es-master-0/start");
      const back = await c.es("GET", "/_cluster/health?wait_for_nodes=6&timeout=30m");
      assert.strictEqual(back.status, 200);
    } finally {
      await sim?.stop();
    }
  });
});
