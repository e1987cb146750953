// Every fault of issue 4 is injectable through the control API and observable through the real APIs.
import * as assert from "assert";
import { execFile } from "child_process";
import type { StartedSim } from "../sim/index";
import { startSim } from "../sim/index";
import { call, clients, type Clients, smallWorld, smallWorldHooks } from "./helpers";
import { catNodes, runNodeHook } from "./rolling";

const TARGET = "8.19.2";

describe("sim faults: Elasticsearch nodes and hook scripts", () => {
  let sim: StartedSim;
  let c: Clients;
  smallWorldHooks("test", (s, cl) => {
    sim = s;
    c = cl;
  });

  const hot0 = async () => {
    const row = (await catNodes(sim)).find((n) => n.name === "es-hot-0")!;
    return { name: row.name, id: row.id, host: row.ip, from: row.version };
  };

  it("the hook script upgrades the node it is told to, from the provider's environment variables", async () => {
    const out = await runNodeHook(sim, await hot0(), TARGET);
    assert.match(out.stdout, /upgrading es-hot-0 \(id \S{22}, host 10\.0\.0\.\d+\) from 8\.17\.3 to 8\.19\.2/);
    assert.match(out.stdout, /es-hot-0 started on 8\.19\.2/);
    assert.strictEqual((await c.es("GET", "/_cluster/health?wait_for_nodes=7&timeout=30m")).status, 200);
    assert.strictEqual((await catNodes(sim)).find((n) => n.name === "es-hot-0")!.version, TARGET);
    // the argv form the provider's hook `command` can carry: node <script> --control-url <url>
    const [exe, ...args] = sim.hookCommands.esNode;
    const viaArgv = await new Promise<string>((resolve, reject) =>
      execFile(exe, args, { env: { ...process.env, UPGRADES_NODE_NAME: "es-hot-1", UPGRADES_TARGET_VERSION: TARGET } }, (err, stdout) => (err ? reject(err) : resolve(stdout))),
    );
    assert.match(viaArgv, /es-hot-1 started on 8\.19\.2/);
    const env: NodeJS.ProcessEnv = { ...process.env, UPGRADES_SIM_CONTROL_URL: sim.controlUrl };
    delete env.UPGRADES_NODE_NAME;
    const code = await new Promise<number | null>((resolve) => execFile(process.execPath, [sim.scripts.esNode], { env }, (err) => resolve(err ? (err as { code?: number }).code ?? null : 0)));
    assert.strictEqual(code, 2);
  });

  it("node fails to start after upgrade: the hook exits non-zero, the node stays out", async () => {
    await c.ctl("POST", "/_sim/faults", { kind: "es.node_fails_to_start", node: "es-hot-0" });
    await assert.rejects(runNodeHook(sim, await hot0(), TARGET), (e: { code?: number; stderr?: string }) => e.code === 1 && /status=1\/FAILURE/.test(e.stderr ?? ""));
    assert.ok(!(await catNodes(sim)).some((n) => n.name === "es-hot-0"));
    const st = (await c.ctl("GET", "/_sim/state")).body.elasticsearch.nodes.find((n: { name: string }) => n.name === "es-hot-0");
    assert.strictEqual(st.process, "failed");
    assert.strictEqual((await c.es("GET", "/_cluster/health")).body.status, "yellow");
  });

  it("node comes back on the wrong version", async () => {
    await c.ctl("POST", "/_sim/faults", { kind: "es.node_wrong_version", node: "es-hot-0", version: "8.18.0" });
    const out = await runNodeHook(sim, await hot0(), TARGET);
    assert.match(out.stdout, /started on 8\.18\.0/);
    await c.es("GET", "/_cluster/health?wait_for_nodes=7&timeout=30m");
    assert.strictEqual((await catNodes(sim)).find((n) => n.name === "es-hot-0")!.version, "8.18.0");
  });

  it("node slow to rejoin: the script succeeds but the node joins late", async () => {
    await c.ctl("POST", "/_sim/faults", { kind: "es.node_slow_rejoin", node: "es-hot-0", delayMs: 600_000 });
    await runNodeHook(sim, await hot0(), TARGET);
    const early = await c.es("GET", "/_cluster/health?wait_for_nodes=7&timeout=10s");
    assert.strictEqual(early.status, 408);
    assert.strictEqual(early.body.number_of_nodes, 6);
    const late = await c.es("GET", "/_cluster/health?wait_for_nodes=7&timeout=1h");
    assert.strictEqual(late.status, 200);
  });

  it("a shard goes red during the run, then recovers", async () => {
    const r = await c.ctl("POST", "/_sim/faults", { kind: "es.shard_red", index: "orders", shard: 0, durationMs: 120_000 });
    assert.strictEqual(r.status, 201);
    const h = await c.es("GET", "/_cluster/health");
    assert.strictEqual(h.body.status, "red");
    assert.strictEqual(h.body.unassigned_primary_shards, 1);
    const shards = (await c.es("GET", "/_cat/shards/orders?format=json&h=prirep,state,node,unassigned.reason")).body;
    assert.deepStrictEqual(shards.map((s: { state: string }) => s.state), ["UNASSIGNED", "UNASSIGNED"]);
    assert.strictEqual((await c.es("GET", "/orders/_count")).status, 503);
    assert.strictEqual((await c.es("GET", "/_cluster/health?wait_for_status=green&timeout=1h")).status, 200);
    assert.strictEqual((await c.es("GET", "/orders/_count")).body.count, 300);
  });

  it("node shutdown status STALLED or NOT_STARTED", async () => {
    await c.ctl("POST", "/_sim/faults", { kind: "es.shutdown_stalled", node: "es-hot-0" });
    const id = (await hot0()).id;
    await c.es("PUT", `/_nodes/${id}/shutdown`, { body: { type: "restart", reason: "upgrade" } });
    assert.strictEqual((await c.es("GET", `/_nodes/${id}/shutdown`)).body.nodes[0].status, "STALLED");
    await c.ctl("DELETE", "/_sim/faults");
    await c.ctl("POST", "/_sim/faults", { kind: "es.shutdown_stalled", node: "es-hot-0", status: "NOT_STARTED" });
    assert.strictEqual((await c.es("GET", `/_nodes/${id}/shutdown`)).body.nodes[0].status, "NOT_STARTED");
  });

  it("upgrade script exits non-zero without touching the node", async () => {
    await c.ctl("POST", "/_sim/faults", { kind: "script.exit", target: "es-hot-0", exitCode: 7, times: 1 });
    await assert.rejects(runNodeHook(sim, await hot0(), TARGET), (e: { code?: number }) => e.code === 7);
    assert.strictEqual((await catNodes(sim)).find((n) => n.name === "es-hot-0")!.version, "8.17.3");
    await runNodeHook(sim, await hot0(), TARGET); // times: 1 — the next run works
  });

  it("upgrade script hangs until killed", async () => {
    await c.ctl("POST", "/_sim/faults", { kind: "script.hang", target: "es-hot-0" });
    await assert.rejects(runNodeHook(sim, await hot0(), TARGET, 400), (e: { killed?: boolean; signal?: string }) => e.killed === true && e.signal === "SIGTERM");
    assert.strictEqual(sim.elasticsearch!.cluster.node("es-hot-0")!.process, "running");
  });

  it("critical deprecation, listed and removable through the control API", async () => {
    const r = await c.ctl("POST", "/_sim/faults", { kind: "es.critical_deprecation", section: "cluster_settings", message: "Cluster name cannot contain ':'" });
    const d = await c.es("GET", "/_migration/deprecations");
    assert.deepStrictEqual(d.body.cluster_settings.map((x: { level: string }) => x.level), ["critical"]);
    const list = (await c.ctl("GET", "/_sim/faults")).body.faults;
    assert.strictEqual(list.length, 1);
    assert.strictEqual((await c.ctl("DELETE", `/_sim/faults/${r.body.id}`)).status, 200);
    assert.deepStrictEqual((await c.es("GET", "/_migration/deprecations")).body.cluster_settings, []);
  });

  it("rejects malformed fault specs", async () => {
    const r = await c.ctl("POST", "/_sim/faults", { kind: "es.node_wrong_version", node: "es-hot-0" });
    assert.strictEqual(r.status, 400);
    assert.match(r.body.error, /version/);
    const n = await c.ctl("POST", "/_sim/faults", { kind: "es.node_fails_to_start", node: "nope" });
    assert.strictEqual(n.status, 409);
  });
});

describe("sim faults: transport", () => {
  let sim: StartedSim;
  let c: Clients;
  smallWorldHooks("suite", (s, cl) => {
    sim = s;
    c = cl;
  });

  it("429 and 503 bursts end after `times`", async () => {
    await c.ctl("POST", "/_sim/faults", { kind: "http", service: "elasticsearch", path: "^/_cluster/health$", status: 429, times: 2, headers: { "retry-after": "1" } });
    const a = await c.es("GET", "/_cluster/health");
    const b = await c.es("GET", "/_cluster/health");
    const ok = await c.es("GET", "/_cluster/health");
    assert.deepStrictEqual([a.status, b.status, ok.status], [429, 429, 200]);
    assert.strictEqual(a.headers.get("retry-after"), "1");
    await c.ctl("POST", "/_sim/faults", { kind: "http", service: "cloud", status: 503, times: 1 });
    assert.strictEqual((await c.cloud("GET", "/deployments/dep1")).status, 503);
    assert.strictEqual((await c.cloud("GET", "/deployments/dep1")).status, 200);
  });

  it("connection resets", async () => {
    await c.ctl("POST", "/_sim/faults", { kind: "http", service: "elasticsearch", method: "GET", path: "^/$", reset: true, times: 1 });
    await assert.rejects(c.es("GET", "/"));
    assert.strictEqual((await c.es("GET", "/")).status, 200);
  });

  it("responses slower than the client's timeout", async () => {
    await c.ctl("POST", "/_sim/faults", { kind: "http", service: "kibana", delayMs: 300, times: 1 });
    await assert.rejects(c.kb("GET", "/api/status", { signal: AbortSignal.timeout(50) }), (e: Error) => e.name === "TimeoutError");
    assert.strictEqual((await c.kb("GET", "/api/status")).status, 200);
  });
});

describe("sim faults: Kibana", () => {
  let sim: StartedSim;
  let c: Clients;
  smallWorldHooks("test", (s, cl) => {
    sim = s;
    c = cl;
  });

  it("never available", async () => {
    await c.ctl("POST", "/_sim/faults", { kind: "kibana.never_available" });
    const r = await c.kb("GET", "/api/status");
    assert.strictEqual(r.status, 503);
    assert.strictEqual(r.body.status.overall.level, "unavailable");
  });

  it("unavailable while stopped (connections reset) and while starting (503 not ready)", async () => {
    await c.ctl("POST", "/_sim/kibana/stop");
    await assert.rejects(c.kb("GET", "/api/status"));
    await c.ctl("POST", "/_sim/kibana/install", { version: "8.17.4" });
    const kb = sim.kibana!.kibana;
    kb.timings.startMs = 1e9; // saved-object migrations that take "forever"
    const starting = kb.start().catch(() => undefined);
    assert.strictEqual(kb.process, "starting");
    const r = await c.kb("GET", "/api/status");
    assert.strictEqual(r.status, 503);
    assert.strictEqual(r.body.message, "Kibana server is not ready yet");
    await sim.stop();
    await starting;
  });

  it("unavailable while an ES node is older than it; the kibana hook upgrades it", async () => {
    // Kibana upgraded before Elasticsearch: it refuses the older nodes
    const run = new Promise<{ stdout: string }>((resolve, reject) =>
      execFile(process.execPath, [sim.scripts.kibana], { env: { ...process.env, ...sim.hookEnv(), UPGRADES_TARGET_VERSION: TARGET, UPGRADES_FROM_VERSION: "8.17.3" } }, (err, stdout) => (err ? reject(err) : resolve({ stdout }))),
    );
    const out = await run;
    assert.match(out.stdout, /kibana started on 8\.19\.2/);
    const r = await c.kb("GET", "/api/status");
    assert.strictEqual(r.status, 503);
    assert.strictEqual(r.body.version.number, TARGET);
    assert.strictEqual(r.body.status.overall.level, "unavailable");
    assert.match(r.body.status.overall.summary, /incompatible with the following Elasticsearch nodes/);
    // once every ES node runs 8.19.2 Kibana is available
    for (const n of sim.elasticsearch!.cluster.nodes.map((x) => x.name)) await c.ctl("POST", `/_sim/es/nodes/${n}/upgrade`, { version: TARGET });
    await c.es("GET", "/_cluster/health?wait_for_nodes=7&timeout=1h");
    assert.strictEqual((await c.kb("GET", "/api/status")).body.status.overall.level, "available");
  });

  it("Kibana script faults: exit code", async () => {
    await c.ctl("POST", "/_sim/faults", { kind: "script.exit", target: "kibana", exitCode: 3 });
    const code = await new Promise<number | undefined>((resolve) =>
      execFile(process.execPath, [sim.scripts.kibana], { env: { ...process.env, ...sim.hookEnv(), UPGRADES_TARGET_VERSION: TARGET } }, (err) => resolve((err as { code?: number } | null)?.code)),
    );
    assert.strictEqual(code, 3);
    assert.strictEqual(sim.kibana!.kibana.version, "8.17.3");
  });
});

describe("sim: config-driven faults and plain HTTP", () => {
  it("faults listed in the config are active from the start", async () => {
    const sim = await startSim({ ...smallWorld(), faults: [{ kind: "kibana.never_available" }, { kind: "es.critical_deprecation" }] });
    try {
      assert.strictEqual((await clients(sim).kb("GET", "/api/status")).status, 503);
      const d = await call(sim.elasticsearch!.url, "GET", "/_migration/deprecations", { auth: `ApiKey ${sim.credentials.apiKey}` });
      assert.strictEqual(d.body.index_settings["sim-item"][0].level, "critical");
      assert.strictEqual(sim.faults().length, 2);
    } finally {
      await sim.stop();
    }
  });
});
