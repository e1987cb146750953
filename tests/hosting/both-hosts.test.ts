// The engine's sequences against the test-only TestCounter resource, through BOTH hosts exactly as the Pulumi engine
// starts them: the PulumiPlugin.yaml plugin (via @pulumi/pulumi/cmd/run-plugin) and Pulumi's dynamic-provider host
// (which require()s pulumi-upgrades/dynamic from the program directory).
import * as assert from "assert";
import { findPlaintext, isSecret, secret, startHarness, UNKNOWN, type Harness, type ResourceDecl } from "../harness";
import { CONN_MODULE, COUNTER_MODULE, CREDENTIAL, systemFile, type SystemFile } from "./common";
import { CONN_GOOD_KEY } from "./fixtures/conn-resource";

const WRONG = "conn-wrong-5a0c2e7f";
const PASSWORD = "conn-pass-91d3b6aa";

for (const kind of ["plugin", "dynamic"] as const) {
  describe(`hosting: TestCounter through the ${kind} host`, function () {
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
      inputs: { stateFile: s.file, target: 4, ...inputs },
      additionalSecretOutputs: kind === "dynamic" ? ["apiKey"] : undefined,
    });

    before(async () => {
      h = await startHarness({ kind, preload: [COUNTER_MODULE], config: { "upgrades:elasticsearchApiKey": secret(CREDENTIAL), "proj:other": "x" } });
    });
    after(async () => {
      await h?.stop();
      for (const f of files) f.cleanup();
    });

    it("preview shows the planned path and causes no side effect", async () => {
      const s = sys();
      const before = s.bytes();
      const [step] = await h.deployment.preview([decl(s)]);
      assert.ok(step.ok, JSON.stringify(step));
      assert.strictEqual(step.op, "create");
      assert.deepStrictEqual(step.outputs?.plannedPath, [2, 3, 4]);
      assert.strictEqual(s.bytes(), before, "preview must not touch the system");
      const creates = h.deployment.transcript.filter((t) => t.method === "create");
      if (kind === "plugin") {
        assert.deepStrictEqual(creates.map((c) => c.request.preview), [true], "plugin previews through Create(preview=true)");
        const summary = h.engine.logsFor(step.urn).find((l) => !l.ephemeral && /would step 1 → 2 → 3 → 4/.test(l.message));
        assert.ok(summary, "impact summary as a durable Engine.Log line on the resource");
      } else {
        assert.strictEqual(creates.length, 0, "the dynamic host never calls Create during preview");
        assert.match(h.provider.stdout.join(""), /would step 1 → 2 → 3 → 4/, "impact summary on stdout (shown as a diagnostic)");
      }
      assert.strictEqual(h.deployment.state.size, 0);
    });

    it("an up that fails mid-way records partial outputs; the next up resumes without repeating a step", async () => {
      const s = sys({ failOnceAt: 3 });
      const d = decl(s, {}, "resume");
      const [first] = await h.deployment.up([d]);
      assert.strictEqual(first.ok, false);
      const init = first.error?.initFailed;
      assert.ok(init, `expected ErrorResourceInitFailed, got ${JSON.stringify(first.error)}`);
      assert.strictEqual(init.id, s.file);
      assert.strictEqual(init.properties?.current, 2);
      assert.deepStrictEqual(init.properties?.completed, [2]);
      assert.match(init.reasons.join(" "), /step to 3 failed its health gate/);
      if (kind === "dynamic") assert.strictEqual(typeof init.properties?.__provider, "string", "partial failure keeps __provider");
      const st = h.deployment.state.get(first.urn)!;
      assert.deepStrictEqual(st.initErrors, init.reasons);
      assert.strictEqual(s.read().value, 2);

      const [second] = await h.deployment.up([d]);
      assert.ok(second.ok, JSON.stringify(second.error));
      assert.strictEqual(second.op, "update", "a failed create resumes as an Update");
      const upd = h.deployment.transcript.filter((t) => t.method === "update" && t.request.urn === first.urn);
      assert.strictEqual(upd.length, 1);
      assert.strictEqual((upd[0].request.olds as Record<string, unknown>).current, 2, "Update gets the partial outputs as olds");
      assert.deepStrictEqual(s.read().history.map((x) => x.value), [2, 3, 4], "each step exactly once");
      assert.deepStrictEqual(second.outputs?.completed, [2, 3, 4]);
      assert.deepStrictEqual(h.deployment.state.get(first.urn)!.initErrors, []);

      // A later up with nothing to do is a no-op.
      const [third] = await h.deployment.up([d]);
      assert.strictEqual(third.op, "same");
      assert.strictEqual(s.read().history.length, 3);
    });

    it("a failed Update keeps the old inputs and the partial outputs, and the next up continues from them", async () => {
      const s = sys();
      const d = decl(s, { target: 2 }, "upd");
      assert.ok((await h.deployment.up([d]))[0].ok);
      s.write({ failOnceAt: 4 });
      const d2 = decl(s, { target: 5 }, "upd");
      const [failed] = await h.deployment.up([d2]);
      assert.strictEqual(failed.ok, false);
      const st = h.deployment.state.get(failed.urn)!;
      assert.strictEqual(st.inputs.target, 2, "engine keeps the OLD inputs after a failed Update");
      assert.strictEqual(st.outputs.current, 3, "and stores the partial outputs");
      const [ok] = await h.deployment.up([d2]);
      assert.ok(ok.ok, JSON.stringify(ok.error));
      assert.deepStrictEqual(s.read().history.map((x) => x.value), [2, 3, 4, 5]);
    });

    it("preview tolerates unknown inputs", async () => {
      const s = sys();
      const [step] = await h.deployment.preview([decl(s, { target: UNKNOWN })]);
      assert.ok(step.ok, JSON.stringify(step));
      assert.deepStrictEqual(step.failures ?? [], []);
      if (kind === "plugin") assert.strictEqual(step.outputs?.current, UNKNOWN, "unknown target → unknown predicted output");
    });

    it("check reports failures with property paths", async () => {
      const s = sys({ value: 3 });
      const [bad] = await h.deployment.preview([decl(s, { target: -1, stepDelayMs: "slow" })]);
      assert.strictEqual(bad.ok, false);
      const props = (bad.failures ?? []).map((f) => f.property).sort();
      assert.deepStrictEqual(props, ["stepDelayMs", "target"]);
      const [down] = await h.deployment.preview([decl(s, { target: 2 })]);
      assert.deepStrictEqual(down.failures?.map((f) => f.property), ["target"]);
      assert.match(down.failures![0].reason, /downgrade from 3 to 2/);
    });

    it("refresh detects drift and the next preview plans the way back", async () => {
      const s = sys();
      const d = decl(s, { target: 3 }, "drift");
      assert.ok((await h.deployment.up([d]))[0].ok);
      s.write({ value: 2 }); // someone rolled the system back out of band
      const [r] = await h.deployment.refresh().then((all) => all.filter((x) => x.urn.endsWith("::drift")));
      assert.ok(r.ok, JSON.stringify(r.error));
      const st = h.deployment.state.get(r.urn)!;
      assert.strictEqual(st.outputs.current, 2);
      assert.strictEqual(st.inputs.target, 3, "refresh keeps the program's inputs");
      if (kind === "dynamic") assert.strictEqual(typeof st.outputs.__provider, "string", "refresh keeps __provider");
      const [p] = await h.deployment.preview([d]);
      assert.strictEqual(p.op, "update");
      // The dynamic host drops detailedDiff (pulumi.md §1.4); the plugin sends it.
      if (kind === "plugin") assert.ok(p.detailedDiff && "target" in p.detailedDiff, JSON.stringify(p.detailedDiff));
      assert.deepStrictEqual(p.outputs?.plannedPath, [3]);
    });

    it("delete forgets: destroy never touches the system", async () => {
      const s = sys();
      const d = decl(s, { target: 2 }, "gone");
      assert.ok((await h.deployment.up([d]))[0].ok);
      const before = s.bytes();
      const urn = h.deployment.urnOf("TestCounter", "gone");
      const res = await h.deployment.up([...h.deployment.state.values()].filter((x) => x.urn !== urn).map((x) => ({ name: x.name, type: x.type, inputs: stripInternal(x.inputs) })));
      const del = res.find((x) => x.urn === urn);
      assert.ok(del?.ok && del.op === "delete", JSON.stringify(del));
      assert.strictEqual(h.deployment.state.has(urn), false);
      assert.strictEqual(s.bytes(), before);
    });

    it("secrets never leak: not in responses, state, logs, errors or provider output", async () => {
      const s = sys();
      // credential as a secret resource input, and a wrong one that makes the system echo it in its error
      const ok = decl(s, { target: 2, apiKey: secret(CREDENTIAL) }, "sec");
      const [r] = await h.deployment.up([ok]);
      assert.ok(r.ok, JSON.stringify(r.error));
      assert.strictEqual(r.outputs?.credentialSource, "input");
      const checkResp = h.deployment.transcript.filter((t) => t.method === "check" && t.request.urn === r.urn).pop()!;
      const apiKeyOut = (checkResp.response!.inputs as Record<string, unknown>).apiKey;
      assert.ok(apiKeyOut && typeof apiKeyOut === "object", "checked inputs keep the credential wrapped as a secret");
      assert.ok(h.deployment.state.get(r.urn)!.inputs.apiKey && typeof h.deployment.state.get(r.urn)!.inputs.apiKey === "object");

      const wrongKey = "wrong-key-8d2b6e41";
      const bad = decl(systemFile(), { target: 2, apiKey: secret(wrongKey) }, "wrong");
      const [w] = await h.deployment.up([ok, bad]);
      void w;
      const wr = h.deployment.transcript.filter((t) => t.method === "create" && t.request.urn === h.deployment.urnOf("TestCounter", "wrong")).pop()!;
      assert.ok(wr.error, "the wrong credential fails");
      assert.match(wr.error.initFailed?.reasons.join(" ") ?? "", /rejected credential \[redacted\]/, "the host redacts the credential the system echoed");
      const seen = h.deployment.observable();
      for (const needle of [CREDENTIAL, wrongKey]) {
        assert.deepStrictEqual(findPlaintext(seen.responses, needle), [], `${needle} in a response`);
        assert.deepStrictEqual(findPlaintext(seen.state, needle), [], `${needle} in state`);
        assert.ok(!seen.logs.some((l) => l.includes(needle)), `${needle} in an engine log`);
        assert.ok(!seen.errors.some((e) => e.includes(needle)), `${needle} in an error`);
        assert.ok(!seen.stdio.includes(needle), `${needle} in provider stdout/stderr`);
      }
    });

    it("progress: ephemeral status lines and durable milestones carry the resource URN", async () => {
      const urn = h.deployment.urnOf("TestCounter", "resume");
      const logs = h.engine.logsFor(urn);
      assert.ok(logs.some((l) => l.ephemeral && l.message === "step 3/4"), JSON.stringify(logs));
      assert.ok(logs.some((l) => !l.ephemeral && /reached 4/.test(l.message)));
    });
  });
}

function stripInternal(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([k]) => !k.startsWith("__")));
}

// Only credential LEAVES are secret: a connection block's url and spaceId stay readable in state and in messages,
// while apiKey/password are kept secret and redacted everywhere (the SDK wraps the leaves, see sdk.test.ts).
for (const kind of ["plugin", "dynamic"] as const) {
  describe(`hosting: credential leaves (not whole blocks) are secret, through the ${kind} host`, function () {
    let h: Harness;
    const SPACE = "space-blue-42";
    const URL = "http://127.0.0.1:9/kb";
    before(async () => {
      h = await startHarness({ kind, preload: [CONN_MODULE] });
    });
    after(async () => {
      await h?.stop();
    });
    const conn = (apiKey: unknown, extra: Record<string, unknown> = {}) => ({ url: URL, spaceId: SPACE, apiKey, ...extra });

    it("keeps url and spaceId readable in state while apiKey/password are secret; messages show the space id", async () => {
      const [r] = await h.deployment.up([{ name: "ok", type: "TestConn", inputs: { conn: conn(secret(CONN_GOOD_KEY), { username: "u", password: secret(PASSWORD) }) } }]);
      assert.ok(r.ok, JSON.stringify(r.error));
      const st = h.deployment.state.get(r.urn)!;
      const c = st.inputs.conn as Record<string, unknown>;
      assert.ok(!isSecret(c), "the connection block itself is not secret in state");
      assert.strictEqual(c.url, URL);
      assert.strictEqual(c.spaceId, SPACE);
      assert.ok(isSecret(c.apiKey), "apiKey secret in state");
      assert.ok(isSecret(c.password), "password secret in state");
      assert.strictEqual(st.outputs.spaceId, SPACE, "non-secret output stays plain");
      assert.strictEqual(st.outputs.url, URL);
      assert.strictEqual(st.outputs.message, `space ${SPACE} ready at ${URL}`);
      const messages = [...h.engine.logsFor(r.urn).map((l) => l.message), h.provider.stdout.join("")].join("\n");
      assert.match(messages, new RegExp(`space ${SPACE} ready`), "milestone shows the space id unredacted");
      assert.match(messages, new RegExp(`connecting to space ${SPACE}`), "status line shows the space id unredacted");
    });

    it("a rejected credential is redacted but the space id and url in the same error are not", async () => {
      const [r] = await h.deployment.up([{ name: "bad", type: "TestConn", inputs: { conn: conn(secret(WRONG)) } }]);
      assert.strictEqual(r.ok, false);
      const err = h.deployment.transcript.filter((t) => t.method === "create" && t.error).pop()!.error!;
      assert.match(err.message, new RegExp(`space ${SPACE} at ${URL.replace(/[/.]/g, "\\$&")} rejected key \\[redacted\\]`), err.message);
      const seen = h.deployment.observable();
      for (const needle of [CONN_GOOD_KEY, WRONG, PASSWORD]) {
        assert.deepStrictEqual(findPlaintext(seen.responses, needle), [], `${needle} in a response`);
        assert.deepStrictEqual(findPlaintext(seen.state, needle), [], `${needle} in state`);
        assert.ok(!seen.logs.some((l) => l.includes(needle)), `${needle} in an engine log`);
        assert.ok(!seen.errors.some((e) => e.includes(needle)), `${needle} in an error`);
        assert.ok(!seen.stdio.includes(needle), `${needle} in provider stdout/stderr`);
      }
    });

    if (kind === "plugin") {
      it("a block the program itself marked secret stays secret as a whole, and all its strings are redacted", async () => {
        const [r] = await h.deployment.up([{ name: "whole", type: "TestConn", inputs: { conn: secret(conn(CONN_GOOD_KEY)) } }]);
        assert.ok(r.ok, JSON.stringify(r.error));
        const st = h.deployment.state.get(r.urn)!;
        assert.ok(isSecret(st.inputs.conn), "the program's secret block stays secret");
        // every string of the block is treated as a credential (the program asked for it): outputs equal to one are wrapped
        assert.ok(isSecret(st.outputs.spaceId) && isSecret(st.outputs.url), JSON.stringify(st.outputs));
        const logs = h.engine.logsFor(r.urn).map((l) => l.message);
        assert.ok(logs.some((l) => l.includes("space [redacted] ready")), JSON.stringify(logs));
        assert.ok(!logs.some((l) => l.includes(SPACE)));
      });
    }
  });
}
