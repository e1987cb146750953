// Secrets: the three resources run representative flows through the plugin host (preview, an up that fails part-way,
// the resuming up, refresh, import) with distinctive credential values, in inputs (as secrets) and in provider config;
// every gRPC response, engine log line (durable and ephemeral progress), error message, the provider's stdout/stderr
// and the stored state are scanned for the credentials, raw and base64. Then: node names containing shell
// metacharacters reach the per-node hook only as environment values — nothing is executed, the hook sees them exact.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { findPlaintext, secret, startHarness, type Harness, type ResourceDecl } from "../harness";
import { startFleetSim, defaultCatalog, trimCatalog, type FleetSim } from "../sim/fleet";
import { startRedisSim, type RedisSim } from "../sim/redis";
import { seedPolicies } from "../fleet/helpers";
import * as es from "../elastic/helpers";
import { leaks, redisShellHook, secretForms } from "./support";

const ES_KEY = { id: "es-key-id-7Qx", api_key: "ESKEY-secret-4hT9pLw2" };
const FL_KEY = { id: "fl-key-id-2Mz", key: "FLKEY-secret-8vR3nQa6" };
const RS_USER = "admin@cluster.sim.local";
const RS_PASS = "RSPASS-secret-5kD1xZe7";

for (const kind of ["plugin", "dynamic"] as const) describe(`reliability: no credential anywhere a user or the state could see (${kind} host)`, function () {
  this.timeout(60_000);
  let esSim: es.StartedSim;
  let flSim: FleetSim;
  let rsSim: RedisSim;
  let h: Harness;
  let needles: string[];

  before(async () => {
    esSim = await es.startSim({ ...es.threeNodeWorld("8.17.3"), credentials: { apiKeys: [ES_KEY] } });
    flSim = await startFleetSim({ timeScale: 0.0001, catalog: trimCatalog(defaultCatalog(), { nginx: "1.20.0" }), apiKey: FL_KEY });
    flSim.state.seedInstallation("nginx", "1.15.0");
    seedPolicies(flSim, "nginx", 3);
    rsSim = await startRedisSim({ timeScale: 0.0001, nodes: { count: 3, version: "7.4.2-54", master: 1 }, username: RS_USER, password: RS_PASS });
    needles = secretForms([
      ES_KEY.api_key,
      esSim.credentials.apiKey,
      FL_KEY.key,
      flSim.credentials.apiKey,
      RS_PASS,
      `${RS_USER}:${RS_PASS}`,
    ]);
    h = await startHarness({
      kind,
      config: {
        "upgrades:elasticsearchUrl": esSim.elasticsearch!.url,
        "upgrades:elasticsearchApiKey": secret(esSim.credentials.apiKey),
        "upgrades:kibanaUrl": flSim.url,
        "upgrades:kibanaApiKey": secret(flSim.credentials.apiKey),
        "upgrades:redisEnterpriseUrl": rsSim.url,
        "upgrades:redisEnterpriseUsername": RS_USER,
        "upgrades:redisEnterprisePassword": secret(RS_PASS),
      },
    });
  });
  after(async () => {
    await h?.stop();
    await esSim?.stop();
    await flSim?.stop();
    await rsSim?.stop();
  });

  const decls = (): ResourceDecl[] => [
    {
      name: "es",
      type: "ElasticDeploymentVersion",
      inputs: {
        version: "8.19.2",
        elasticsearch: { url: esSim.elasticsearch!.url, apiKey: secret(esSim.credentials.apiKey) },
        nodeUpgrade: { command: es.shellHook(esSim, "esNode"), timeoutSeconds: 30 },
        rollout: { nodeTimeoutSeconds: 20, healthTimeoutSeconds: 20 },
      },
    },
    { name: "nginx", type: "FleetIntegration", inputs: { kibana: { url: flSim.url, apiKey: secret(flSim.credentials.apiKey) }, package: "nginx", version: "1.20.0" } },
    {
      name: "rs",
      type: "RedisClusterVersion",
      inputs: {
        cluster: { url: rsSim.url, username: RS_USER, password: secret(RS_PASS) },
        version: "7.22.0-95",
        nodeUpgrade: { command: redisShellHook(rsSim.controlUrl), timeoutSeconds: 20 },
        rollout: { nodeTimeoutSeconds: 5 },
      },
    },
  ];

  it(`preview, a failing up, the resuming up, refresh${kind === "plugin" ? " and import" : ""}: every response, log, error, stdio and state is clean`, async () => {
    // preview
    const preview = await h.deployment.preview(decls());
    assert.ok(preview.every((s) => s.ok), JSON.stringify(preview.map((s) => s.error)));
    // an up where every resource stops part-way
    esSim.addFault({ kind: "script.exit", target: "es-1", exitCode: 4, times: 1 });
    flSim.state.policyUpgradeFailures.set("nginx-pp-2", { times: 1, statusCode: 409, message: "conflict" });
    rsSim.state.addFault({ kind: "install_fails", node: 2, phase: "after_stop" });
    const failed = await h.deployment.up(decls());
    assert.deepEqual(failed.map((s) => s.ok), [false, false, false], "the failure flow ran for every resource");
    assert.ok(failed.every((s) => s.error?.initFailed), "each recorded partial outputs");
    // resume
    const resumed = await h.deployment.up(decls());
    assert.ok(resumed.every((s) => s.ok), JSON.stringify(resumed.map((s) => s.error)));
    // the scan below is real: after the up, the stored inputs DO hold each credential, wrapped as a secret (where
    // Pulumi encrypts it); a dynamic refresh later rebuilds inputs from outputs, without credentials
    const stored = JSON.stringify([...h.deployment.state.values()].map((st) => st.inputs));
    for (const v of [esSim.credentials.apiKey, flSim.credentials.apiKey, RS_PASS]) assert.ok(stored.includes(v), `the stored inputs hold each credential as a secret (${v.slice(0, 6)}…)`);
    // refresh and import by id
    const refreshed = await h.deployment.refresh();
    assert.ok(refreshed.every((s) => s.ok), JSON.stringify(refreshed.map((s) => s.error)));
    // import by id is a plugin-host feature (the dynamic host needs `__provider` in the properties; docs/elastic.md)
    const ids = kind === "plugin" ? [...h.deployment.state.values()].map((st) => ({ type: st.type.split(":").pop()!, id: st.id })) : [];
    for (const { type, id } of ids) {
      const imp = await h.deployment.import({ type, name: `imported-${type}`, id });
      assert.ok(imp.ok, `${type} import ${id}: ${imp.error?.message}`);
    }

    const o = h.deployment.observable();
    assert.ok(o.logs.length > 10 && h.engine.logs.some((l) => l.ephemeral), "progress messages were recorded");
    assert.ok(o.errors.length >= 3, "error messages were recorded");
    const found: string[] = [];
    for (const n of needles) {
      found.push(...findPlaintext(o.responses, n, "responses").map((p) => `${p} (outside a secret)`));
      found.push(...findPlaintext(o.state, n, "state").map((p) => `${p} (outside a secret)`));
    }
    found.push(...leaks(o.errors, needles, "errors"), ...leaks(o.logs, needles, "engineLogs"), ...leaks(o.stdio, needles, "stdio"));
    assert.deepEqual(found, [], "no credential value outside a secret");
    // the outputs hold no credential, not even as a secret
    for (const st of h.deployment.state.values()) assert.deepEqual(leaks(st.outputs, needles, `${st.name}.outputs`), []);
  });
});

describe("reliability: shell metacharacters in node names reach the hook only as environment values", function () {
  this.timeout(30_000);

  it("a hook run per node sees the exact names; no command in them was executed", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "upgrades-meta-"));
    const marker = path.join(dir, "pwned");
    const victim = path.join(dir, "victim");
    fs.writeFileSync(victim, "still here");
    const seen = path.join(dir, "seen.log");
    const names = [`es-$(touch ${marker})`, `es-; rm -rf ${victim}`, `es-\`touch ${marker}\``];
    const roles: ("master" | "data_hot" | "data_content")[] = ["master", "data_hot", "data_content"];
    const sim = await es.startSim({
      timeScale: es.TIME_SCALE,
      elasticsearch: { version: "8.17.3", nodes: names.map((name) => ({ name, roles })), indices: [{ name: "logs", tier: "hot", primaries: 1, replicas: 1, docs: 10 }] },
    });
    try {
      // the hook records what it received (NUL-separated, quoted expansion: the value is data, never code), then upgrades
      const [sh, dashC, body] = es.shellHook(sim, "esNode");
      const hook = [sh, dashC, `printf '%s|%s\\0' "$UPGRADES_NODE_NAME" "$UPGRADES_TARGET_VERSION" >> '${seen}'\n${body}`];
      const out = await es.testHandler().create(es.selfManagedInputs(sim, "8.19.2", { nodeUpgrade: { command: hook, timeoutSeconds: 30 } }), es.testCtx());
      assert.equal(out.outputs.outcome, "complete");
      const got = fs.readFileSync(seen, "utf8").split("\0").filter(Boolean).sort();
      assert.deepEqual(got, names.map((n) => `${n}|8.19.2`).sort(), "the hook saw each name exactly");
      assert.equal(fs.existsSync(marker), false, "no $(…) or `…` was executed");
      assert.equal(fs.readFileSync(victim, "utf8"), "still here", "no ; rm -rf was executed");
      assert.deepEqual(out.outputs.nodes!.map((n) => n.name).sort(), [...names].sort(), "the names are recorded as they are");
    } finally {
      await sim.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("a version with shell metacharacters never reaches a hook: check refuses it on `version`", async () => {
    const { elasticHandler } = await import("../../provider/resources/elastic");
    const { redisClusterVersion } = await import("../../provider/resources/redis");
    for (const [hd, input] of [
      [elasticHandler, { version: "8.19.2; touch /tmp/x", elasticsearch: { url: "http://127.0.0.1:9", apiKey: "k" }, nodeUpgrade: { command: ["/bin/true"] } }],
      [elasticHandler, { version: "$(touch /tmp/x)", elasticsearch: { url: "http://127.0.0.1:9", apiKey: "k" }, nodeUpgrade: { command: ["/bin/true"] } }],
      [redisClusterVersion, { version: "7.22.0-95`touch /tmp/x`", cluster: { url: "http://127.0.0.1:9", username: "u", password: "p" }, nodeUpgrade: { command: ["/bin/true"] } }],
    ] as const) {
      const r = await (hd as typeof elasticHandler).check(undefined, input, es.testCtx());
      assert.equal(r.inputs, undefined);
      assert.ok(r.failures.some((f) => f.property === "version"), JSON.stringify(r.failures));
    }
  });
});
