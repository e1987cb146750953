// Plugin-only protocol: plugin info, schema, config, detailed diff, import, cancel, timeout, config precedence.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { Empty, FakeEngine, plugproto, provproto as P, secret, startHarness, toStruct, type Harness, type ResourceDecl } from "../harness";
import { COUNTER_MODULE, CREDENTIAL, systemFile, type SystemFile } from "./common";

const REPO = path.resolve(__dirname, "..", "..", "..");
const pkgVersion = (JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8")) as { version: string }).version;

describe("hosting: the PulumiPlugin.yaml plugin", function () {
  let h: Harness;
  const files: SystemFile[] = [];
  const sys = (init?: Parameters<typeof systemFile>[0]) => {
    const s = systemFile(init);
    files.push(s);
    return s;
  };
  const decl = (s: SystemFile, inputs: Record<string, unknown> = {}, name = "c"): ResourceDecl => ({
    name,
    type: "TestCounter",
    inputs: { stateFile: s.file, target: 3, ...inputs },
  });

  before(async () => {
    h = await startHarness({ kind: "plugin", preload: [COUNTER_MODULE], config: { "upgrades:elasticsearchApiKey": secret(CREDENTIAL) } });
  });
  after(async () => {
    await h?.stop();
    for (const f of files) f.cleanup();
  });

  it("answers GetPluginInfo with the package version and Configure with secrets + preview support", async () => {
    const info = await h.provider.rpc.getPluginInfo(new Empty());
    assert.strictEqual(info.getVersion(), pkgVersion);
    const cfg = h.deployment.transcript.find((t) => t.method === "configure")!;
    assert.deepStrictEqual(cfg.response, { acceptSecrets: true, supportsPreview: true });
    const hs = await h.provider.rpc.handshake(new P.ProviderHandshakeRequest());
    assert.strictEqual(hs.getAcceptSecrets(), true);
    assert.strictEqual(h.provider.stdout.join(""), "", "nothing but the port on stdout");
  });

  it("serves a package schema derived from the zod schemas (types, descriptions, secrets, required inputs)", async () => {
    const r = await h.provider.rpc.getSchema(new P.GetSchemaRequest());
    const schema = JSON.parse(r.getSchema()) as {
      name: string;
      version: string;
      config: { variables: Record<string, { secret?: boolean; type?: string }> };
      provider: { inputProperties: Record<string, unknown> };
      resources: Record<string, { inputProperties: Record<string, { type?: string; secret?: boolean; description?: string; items?: { type: string }; replaceOnChanges?: boolean }>; requiredInputs: string[]; properties: Record<string, { type?: string }>; required: string[] }>;
    };
    assert.strictEqual(schema.name, "upgrades");
    assert.strictEqual(schema.version, pkgVersion);
    assert.strictEqual(schema.config.variables.elasticsearchApiKey.secret, true);
    assert.strictEqual(schema.config.variables.elasticsearchUrl.secret, undefined);
    assert.ok("redisEnterpriseUrl" in schema.provider.inputProperties);
    const res = schema.resources["upgrades:index:TestCounter"];
    assert.ok(res, Object.keys(schema.resources).join(","));
    assert.deepStrictEqual(res.requiredInputs.sort(), ["stateFile", "target"]);
    assert.strictEqual(res.inputProperties.target.type, "integer");
    assert.strictEqual(res.inputProperties.apiKey.secret, true);
    assert.strictEqual(res.inputProperties.stateFile.replaceOnChanges, true);
    assert.match(res.inputProperties.target.description ?? "", /Value to roll/);
    assert.deepStrictEqual(res.inputProperties.plannedPath.items, { type: "integer" });
    assert.strictEqual(res.properties.current.type, "integer");
    assert.ok(res.required.includes("current"));
  });

  it("CheckConfig rejects unknown upgrades:* keys", async () => {
    const req = new P.CheckRequest();
    req.setUrn("urn:pulumi:dev::proj::pulumi:providers:upgrades::default");
    req.setOlds(toStruct({}));
    req.setNews(toStruct({ elasticsearchUrl: "https://es:9200", elasticsarchUrl: "typo" }));
    const r = await h.provider.rpc.checkConfig(req);
    assert.strictEqual(r.getFailuresList().length, 1);
    assert.match(r.getFailuresList()[0].getReason(), /unknown provider config key\(s\) upgrades:elasticsarchUrl/);
  });

  it("Diff reports detailedDiff with update vs replace semantics", async () => {
    const s = sys();
    const d = decl(s, { label: "a" }, "diffs");
    assert.ok((await h.deployment.up([d]))[0].ok);
    const st = h.deployment.state.get(h.deployment.urnOf("TestCounter", "diffs"))!;
    const label = await h.deployment.diff(d, st, { ...st.inputs, label: "b" });
    assert.strictEqual(label.changes, P.DiffResponse.DiffChanges.DIFF_SOME);
    assert.deepStrictEqual(label.detailedDiff, { label: P.PropertyDiff.Kind.UPDATE });
    assert.deepStrictEqual(label.replaces, []);
    assert.strictEqual(label.hasDetailedDiff, true);
    const other = sys();
    const moved = await h.deployment.diff(d, st, { ...st.inputs, stateFile: other.file });
    assert.deepStrictEqual(moved.replaces, ["stateFile"]);
    assert.strictEqual(moved.detailedDiff.stateFile, P.PropertyDiff.Kind.UPDATE_REPLACE);
    const same = await h.deployment.diff(d, st, st.inputs);
    assert.strictEqual(same.changes, P.DiffResponse.DiffChanges.DIFF_NONE);
    const ignored = await h.deployment.diff({ ...d, ignoreChanges: ["label"] }, st, { ...st.inputs, label: "c" });
    assert.strictEqual(ignored.changes, P.DiffResponse.DiffChanges.DIFF_NONE);
  });

  it("imports by id alone (Read with no properties returns inputs)", async () => {
    const s = sys({ value: 7 });
    const r = await h.deployment.import({ type: "TestCounter", name: "imported", id: s.file });
    assert.ok(r.ok, JSON.stringify(r.error));
    const st = h.deployment.state.get(r.urn)!;
    assert.deepStrictEqual(st.inputs, { stateFile: s.file, target: 7 });
    assert.strictEqual(st.outputs.current, 7);
    // the imported resource then behaves like any other: a matching program is a no-op
    const [same] = await h.deployment.up([...[...h.deployment.state.values()].map((x) => ({ name: x.name, type: x.type, inputs: x.inputs }))]);
    assert.ok(same.ok);
    assert.strictEqual(s.read().history.length, 0);
  });

  it("refresh of a resource that no longer exists drops it from state", async () => {
    const s = sys();
    const d = decl(s, { target: 2 }, "vanish");
    assert.ok((await h.deployment.up([d]))[0].ok);
    s.cleanup();
    const res = await h.deployment.refresh();
    const r = res.find((x) => x.urn.endsWith("::vanish"))!;
    assert.strictEqual(r.op, "gone");
    assert.strictEqual(h.deployment.state.has(r.urn), false);
  });

  it("honours the custom timeout: the operation stops at a safe point with its progress recorded", async () => {
    const s = sys();
    const d: ResourceDecl = { ...decl(s, { target: 50, stepDelayMs: 150 }, "slow"), timeoutSec: 0.4 };
    const [r] = await h.deployment.up([d]);
    assert.strictEqual(r.ok, false);
    assert.match(r.error?.initFailed?.reasons.join(" ") ?? "", /custom timeout/);
    const current = h.deployment.state.get(r.urn)!.outputs.current as number;
    assert.strictEqual(current, s.read().value, "recorded progress matches the system");
    assert.ok(current < 50);
  });

  // last in this suite: it moves the plugin's log stream to another engine
  it("Attach points Engine.Log at the attaching engine", async () => {
    const other = await FakeEngine.start();
    try {
      const req = new plugproto.PluginAttach();
      req.setAddress(other.address);
      await h.provider.rpc.attach(req);
      const s = sys();
      const [r] = await h.deployment.up([decl(s, { target: 2 }, "attached")]);
      assert.ok(r.ok, JSON.stringify(r.error));
      assert.ok(other.logsFor(r.urn).some((l) => l.ephemeral && l.message === "step 2/2"));
      assert.strictEqual(h.engine.logsFor(r.urn).length, 0);
    } finally {
      other.stop();
    }
  });
});

describe("hosting: plugin Cancel", function () {
  it("reaches the running operation's abort signal; the create stops with its progress", async () => {
    const h = await startHarness({ kind: "plugin", preload: [COUNTER_MODULE], config: { "upgrades:elasticsearchApiKey": secret(CREDENTIAL) } });
    const s = systemFile();
    try {
      const d: ResourceDecl = { name: "long", type: "TestCounter", inputs: { stateFile: s.file, target: 1000, stepDelayMs: 100 } };
      const urn = h.deployment.urnOf("TestCounter", "long");
      const running = h.deployment.up([d]);
      // wait (event-driven, no fixed sleep) until the rollout reports its first status line
      await new Promise<void>((resolve) => {
        const poll = setInterval(() => {
          if (h.engine.logsFor(urn).some((l) => l.ephemeral && /^step /.test(l.message))) {
            clearInterval(poll);
            resolve();
          }
        }, 5);
      });
      await h.deployment.cancel();
      const [r] = await running;
      assert.strictEqual(r.ok, false);
      assert.match(r.error?.initFailed?.reasons.join(" ") ?? "", /cancelled by the Pulumi engine/);
      const st = h.deployment.state.get(urn)!;
      assert.strictEqual(st.outputs.current, s.read().value);
      assert.ok((st.outputs.current as number) < 1000);
    } finally {
      await h.stop();
      s.cleanup();
    }
  });
});

describe("hosting: connection-setting precedence (input → upgrades:* config → environment)", function () {
  const ENV_KEY = "env-key-0b9c3f77";
  const CFG_KEY = "cfg-key-41aa90d2";
  const INPUT_KEY = "input-key-77e0c1b5";
  for (const kind of ["plugin", "dynamic"] as const) {
    it(`${kind}: each level wins over the ones after it`, async () => {
      const [withConfig, envOnly] = await Promise.all([
        startHarness({ kind, preload: [COUNTER_MODULE], config: { "upgrades:elasticsearchApiKey": secret(CFG_KEY) }, env: { ELASTICSEARCH_API_KEY: ENV_KEY } }),
        startHarness({ kind, preload: [COUNTER_MODULE], env: { ELASTICSEARCH_API_KEY: ENV_KEY } }),
      ]);
      const files: SystemFile[] = [];
      try {
        const run = async (h: Harness, key: string, inputKey?: string) => {
          const s = systemFile({ apiKey: key });
          files.push(s);
          const [r] = await h.deployment.up([{ name: `p${files.length}`, type: "TestCounter", inputs: { stateFile: s.file, target: 2, ...(inputKey ? { apiKey: secret(inputKey) } : {}) } }]);
          assert.ok(r.ok, JSON.stringify(r.error));
          return r.outputs?.credentialSource;
        };
        assert.strictEqual(await run(withConfig, INPUT_KEY, INPUT_KEY), "input");
        assert.strictEqual(await run(withConfig, CFG_KEY), "config");
        assert.strictEqual(await run(envOnly, ENV_KEY), "env");
      } finally {
        await withConfig.stop();
        await envOnly.stop();
        for (const f of files) f.cleanup();
      }
    });
  }
});

describe("hosting: the shipped plugin directory (repo root, as `pulumi package add <path>` uses it)", function () {
  it("is a nodejs PulumiPlugin.yaml whose package.json main starts our server and exports no ComponentResource", async () => {
    assert.match(fs.readFileSync(path.join(REPO, "PulumiPlugin.yaml"), "utf8"), /^runtime: nodejs$/m);
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8")) as { main: string; scripts: Record<string, string> };
    assert.ok(fs.existsSync(path.join(REPO, pkg.main)), `${pkg.main} is built`);
    assert.ok(pkg.scripts.prepare, "npm install of a source plugin builds it (prepare)");
    const h = await startHarness({ kind: "plugin" });
    try {
      const schema = JSON.parse((await h.provider.rpc.getSchema(new P.GetSchemaRequest())).getSchema()) as { resources: Record<string, unknown> };
      assert.deepStrictEqual(Object.keys(schema.resources).sort(), ["upgrades:index:ElasticDeploymentVersion", "upgrades:index:FleetIntegration", "upgrades:index:RedisClusterVersion"]);
      assert.strictEqual(h.provider.stdout.join(""), "");
    } finally {
      await h.stop();
    }
  });

  it("ships the executable pulumi-resource-upgrades, which serves the same provider with only the port on stdout", async () => {
    const exe = path.join(REPO, "pulumi-resource-upgrades");
    assert.ok(fs.statSync(exe).mode & 0o111, "pulumi-resource-upgrades is executable");
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8")) as { files: string[] };
    assert.ok(pkg.files.includes("pulumi-resource-upgrades"), "it is in the published files");
    const h = await startHarness({ kind: "plugin", direct: true });
    try {
      assert.strictEqual(h.provider.child.spawnfile, exe, "the harness ran the executable, as the engine would");
      assert.strictEqual((await h.provider.rpc.getPluginInfo(new Empty())).getVersion(), pkgVersion);
      const schema = JSON.parse((await h.provider.rpc.getSchema(new P.GetSchemaRequest())).getSchema()) as { resources: Record<string, unknown> };
      assert.deepStrictEqual(Object.keys(schema.resources).sort(), ["upgrades:index:ElasticDeploymentVersion", "upgrades:index:FleetIntegration", "upgrades:index:RedisClusterVersion"]);
      assert.strictEqual(h.provider.stdout.join(""), "");
    } finally {
      await h.stop();
    }
  });
});
