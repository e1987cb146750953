// FleetIntegration handler against the simulated Kibana Fleet: preview without side effects, clean upgrade of many
// policies (one dry run, one upgrade call per policy), conflicts blocking before anything changes, onConflict skip,
// out-of-date target needing force, Kibana range refusal, prerelease refusal and opt-in, registry unreachable,
// a policy failing mid-way then resuming, a space, refresh drift, an auto-upgrading package.
import assert from "node:assert/strict";
import { RegistryUnavailableError } from "../../provider/clients/kibana-fleet";
import { PartialFailureError } from "../../provider/resources/core/types";
import { fleetIntegration, PolicyConflictsError, UnknownPoliciesError, UpgradeRefusedError } from "../../provider/resources/fleet";
import type { Outputs } from "../../provider/resources/fleet";
import { defaultCatalog, trimCatalog, type FleetSim } from "../sim/fleet";
import { checked, makeCtx, rawInputs, seedPolicies, startSim, up, writes } from "./helpers";

const httpjsonOn = { "nginx-httpjson": { enabled: true, streams: { "nginx.access": { enabled: true } } } };
const upTo120 = () => trimCatalog(defaultCatalog(), { nginx: "1.20.0" });

/** Request bodies of recorded exchanges for one API path (space prefix removed). */
const bodies = (sim: FleetSim, method: string, apiPath: string) => sim.exchanges.filter((x) => x.method === method && x.apiPath === apiPath).map((x) => x.requestBody as Record<string, unknown>);
const versionsOf = (sim: FleetSim, ids: string[]) => ids.map((id) => sim.state.policies.get(id)?.package.version);

describe("FleetIntegration (handler against the Fleet simulator)", function () {
  this.timeout(20_000);
  let sim: FleetSim | undefined;
  afterEach(async () => {
    await sim?.stop();
    sim = undefined;
  });

  it("previews nginx 1.15.0 → 1.20.0 for 12 policies without any side effect, with breaking changes and an impact paragraph", async () => {
    sim = await startSim({ catalog: upTo120() });
    sim.state.seedInstallation("nginx", "1.15.0");
    seedPolicies(sim, "nginx", 12);
    const inputs = await checked(rawInputs(sim, "nginx", "1.20.0"));
    const before = sim.state.snapshot();
    const mark = sim.server.log.length;
    const ctx = makeCtx({ preview: true });
    const { id, outputs } = await fleetIntegration.create(inputs, ctx);
    assert.equal(id, "nginx");
    assert.equal(outputs.outcome, "planned");
    assert.equal(outputs.version, "1.15.0");
    assert.equal(outputs.kibanaVersion, "8.14.3");
    assert.equal(outputs.policies.length, 12);
    assert.ok(outputs.policies.every((p) => p.status === "pending" && p.version === "1.15.0"));
    assert.deepEqual(outputs.conflicts, []);
    assert.deepEqual(outputs.breakingChanges.map((b) => b.version), ["1.20.0"]);
    assert.deepEqual(outputs.plan?.phases.map((p) => [p.name, p.steps.length]), [["package", 1], ["policies", 12]]);
    assert.equal(ctx.log.info.length, 1, "one impact paragraph");
    assert.match(ctx.log.info[0], /nginx 1\.15\.0 → 1\.20\.0 \(Kibana 8\.14\.3, space default\)/);
    assert.match(ctx.log.info[0], /12 integration policies to upgrade one by one \(12 clean\)/);
    assert.match(ctx.log.info[0], /breaking changes: 1\.20\.0: The third-party REST API input now requires an API token/);
    // the changelog description ends with "." itself: the paragraph ends with exactly one
    assert.match(ctx.log.info[0], /\(`api_token`\)\.$/);
    assert.doesNotMatch(ctx.log.info[0], /\.\.|\.;/);
    assert.deepEqual(writes(sim, mark), [], "preview sends no write");
    assert.deepEqual(sim.state.snapshot(), before);
  });

  it("upgrades the package, then each of 12 policies with its own call after ONE dry run, and sets keepPoliciesUpToDate", async () => {
    sim = await startSim({ catalog: upTo120(), recordExchanges: true });
    sim.state.seedInstallation("nginx", "1.15.0");
    const ids = seedPolicies(sim, "nginx", 12);
    const ctx = makeCtx();
    const out = await up(await checked(rawInputs(sim, "nginx", "1.20.0", { keepPoliciesUpToDate: true })), undefined, ctx);
    assert.equal(out.outcome, "complete");
    assert.equal(out.version, "1.20.0");
    assert.ok(out.policies.every((p) => p.status === "upgraded" && p.version === "1.20.0"), JSON.stringify(out.policies));
    assert.deepEqual(versionsOf(sim, ids), ids.map(() => "1.20.0"));
    assert.deepEqual(bodies(sim, "POST", "/api/fleet/epm/packages/nginx/1.20.0"), [{ force: false, ignore_constraints: false }], "installed once, no force");
    const dry = bodies(sim, "POST", "/api/fleet/package_policies/upgrade/dryrun");
    assert.equal(dry.length, 1, "one dry-run call for the package");
    const dryIds = dry[0].packagePolicyIds as string[];
    assert.deepEqual([...dryIds].sort(), [...ids].sort());
    const upgrades = bodies(sim, "POST", "/api/fleet/package_policies/upgrade");
    assert.deepEqual(upgrades.map((b) => b.packagePolicyIds), dryIds.map((id) => [id]), "one policy per upgrade call, in listing order");
    assert.equal(sim.state.installations.get("nginx")?.keep_policies_up_to_date, true);
    assert.equal(out.policiesFollowPackage, true);
    assert.ok(out.plan!.phases.every((p) => p.steps.every((s) => s.status === "COMPLETE")));
    assert.ok(ctx.log.info.some((m) => /policy nginx-12 \(nginx-pp-12\) upgraded 1\.15\.0 → 1\.20\.0/.test(m)));
    // the next diff sees nothing to do; a second up changes nothing
    assert.equal((await fleetIntegration.diff("nginx", out, await checked(rawInputs(sim, "nginx", "1.20.0", { keepPoliciesUpToDate: true })), makeCtx())).changes, false);
  });

  it("blocks on conflicts with the full list before changing anything (simulator state unchanged)", async () => {
    sim = await startSim({ catalog: upTo120() });
    sim.state.seedInstallation("nginx", "1.15.0");
    seedPolicies(sim, "nginx", 8);
    sim.state.seedPolicy({ id: "splunk-a", name: "splunk-a", package: "nginx", inputs: httpjsonOn });
    sim.state.seedPolicy({ id: "splunk-b", name: "splunk-b", package: "nginx", inputs: httpjsonOn });
    const inputs = await checked(rawInputs(sim, "nginx", "1.20.0"));
    const pctx = makeCtx({ preview: true });
    const { outputs } = await fleetIntegration.create(inputs, pctx);
    assert.deepEqual(
      outputs.conflicts.map((c) => [c.policyName, c.field, c.message, c.source]),
      [["splunk-a", "inputs.httpjson.vars.api_token", "API token is required", "merge"], ["splunk-b", "inputs.httpjson.vars.api_token", "API token is required", "merge"]],
    );
    assert.match(pctx.log.info[0], /2 have conflicts \(splunk-a: inputs\.httpjson\.vars\.api_token: API token is required; splunk-b/);
    assert.match(pctx.log.info[0], /up will refuse before changing anything/);
    const before = sim.state.snapshot();
    const mark = sim.server.log.length;
    await assert.rejects(up(inputs), (e: unknown) => e instanceof PolicyConflictsError && /splunk-a \(splunk-a\): inputs\.httpjson\.vars\.api_token: API token is required/.test(e.message) && /splunk-b/.test(e.message) && /onConflict: "skip"/.test(e.message));
    assert.deepEqual(writes(sim, mark), [], "no write of any kind");
    assert.deepEqual(sim.state.snapshot(), before, "simulator state unchanged");
  });

  it("onConflict: skip upgrades the clean policies and leaves the conflicting ones, reported", async () => {
    sim = await startSim({ catalog: upTo120(), recordExchanges: true });
    sim.state.seedInstallation("nginx", "1.15.0");
    const clean = seedPolicies(sim, "nginx", 4);
    sim.state.seedPolicy({ id: "splunk-a", name: "splunk-a", package: "nginx", inputs: httpjsonOn });
    const inputs = await checked(rawInputs(sim, "nginx", "1.20.0", { onConflict: "skip" }));
    const ctx = makeCtx();
    const out = await up(inputs, undefined, ctx);
    assert.equal(out.outcome, "complete");
    assert.deepEqual(versionsOf(sim, [...clean, "splunk-a"]), ["1.20.0", "1.20.0", "1.20.0", "1.20.0", "1.15.0"]);
    const left = out.policies.find((p) => p.id === "splunk-a");
    assert.equal(left?.status, "conflict");
    assert.match(left?.message ?? "", /inputs\.httpjson\.vars\.api_token: API token is required/);
    assert.deepEqual(bodies(sim, "POST", "/api/fleet/package_policies/upgrade/dryrun").map((b) => b.packagePolicyIds), [clean], "the conflicting policy is not even dry-run");
    assert.ok(ctx.log.warn.some((w) => /onConflict: skip — left as they are: splunk-a/.test(w)));
    assert.equal((await fleetIntegration.diff("nginx", out, inputs, makeCtx())).changes, false, "skip: a known conflict is not a pending change");
    const blocking = await checked(rawInputs(sim, "nginx", "1.20.0"));
    assert.equal((await fleetIntegration.diff("nginx", out, blocking, makeCtx())).changes, true, "block: the conflict is unfinished work");
  });

  it("refuses a target older than the latest compatible version unless force is set, then installs with force", async () => {
    sim = await startSim({ recordExchanges: true }); // Kibana 8.14.3: latest compatible nginx is 1.22.0
    sim.state.seedInstallation("nginx", "1.15.0");
    seedPolicies(sim, "nginx", 2);
    const r = await fleetIntegration.check(undefined, rawInputs(sim, "nginx", "1.19.1"), makeCtx());
    assert.equal(r.inputs, undefined);
    assert.ok(r.failures.some((f) => f.property === "force" && /older_than_latest_needs_force/.test(f.reason) && /1\.22\.0/.test(f.reason)), JSON.stringify(r.failures));
    const unforced = (await fleetIntegration.check(undefined, rawInputs(sim, "nginx", "1.19.1", { force: true }), makeCtx())).inputs!;
    const mark = sim.server.log.length;
    await assert.rejects(up({ ...unforced, force: false }), (e: unknown) => e instanceof UpgradeRefusedError && /set force: true/.test(e.message));
    assert.deepEqual(writes(sim, mark), []);
    const out = await up(unforced);
    assert.equal(out.version, "1.19.1");
    assert.deepEqual(bodies(sim, "POST", "/api/fleet/epm/packages/nginx/1.19.1"), [{ force: true, ignore_constraints: false }]);
    assert.ok(out.policies.every((p) => p.status === "upgraded" && p.version === "1.19.1"));
  });

  it("refuses a target whose Kibana range excludes the running Kibana (which Kibana itself would install)", async () => {
    sim = await startSim();
    sim.state.seedInstallation("nginx", "1.22.0");
    const r = await fleetIntegration.check(undefined, rawInputs(sim, "nginx", "1.23.0", { force: true }), makeCtx());
    assert.ok(r.failures.some((f) => f.property === "version" && /kibana_version_in_package_range/.test(f.reason) && /\^8\.15\.0/.test(f.reason) && /8\.14\.3/.test(f.reason)), JSON.stringify(r.failures));
    const inputs = { ...(await checked(rawInputs(sim, "nginx", "1.22.0"))), version: "1.23.0", force: true };
    const mark = sim.server.log.length;
    await assert.rejects(fleetIntegration.create(inputs, makeCtx({ preview: true })), UpgradeRefusedError);
    await assert.rejects(up(inputs), (e: unknown) => e instanceof UpgradeRefusedError && /upgrade Kibana into \^8\.15\.0 first/.test(e.message));
    assert.deepEqual(writes(sim, mark), []);
    assert.equal(sim.state.installations.get("nginx")?.version, "1.22.0");
    sim.setKibanaVersion("8.15.2");
    assert.equal((await up(await checked(rawInputs(sim, "nginx", "1.23.0")))).version, "1.23.0");
  });

  it("refuses a prerelease target without allowPrerelease, installs it with the opt-in", async () => {
    sim = await startSim();
    sim.state.seedInstallation("nginx", "1.22.0");
    const r = await fleetIntegration.check(undefined, rawInputs(sim, "nginx", "1.24.0-rc1"), makeCtx());
    assert.ok(r.failures.some((f) => f.property === "version" && /no_prerelease_target/.test(f.reason) && /allowPrerelease/.test(f.reason)), JSON.stringify(r.failures));
    const zeroX = await fleetIntegration.check(undefined, rawInputs(sim, "1password", "0.2.0"), makeCtx());
    assert.ok(zeroX.failures.some((f) => /no_prerelease_target/.test(f.reason) && /prerelease package for Fleet/.test(f.reason)), "0.x is a prerelease for Fleet");
    const out = await up(await checked(rawInputs(sim, "nginx", "1.24.0-rc1", { allowPrerelease: true })));
    assert.equal(out.version, "1.24.0-rc1");
    assert.equal(sim.state.installations.get("nginx")?.version, "1.24.0-rc1");
  });

  it("stops with the registry's error when the registry is unreachable, changes nothing, and works once it is back", async () => {
    sim = await startSim({ catalog: upTo120() });
    sim.state.seedInstallation("nginx", "1.15.0");
    seedPolicies(sim, "nginx", 2);
    const inputs = await checked(rawInputs(sim, "nginx", "1.20.0"));
    sim.setRegistryReachable(false, 502);
    const before = sim.state.snapshot();
    const mark = sim.server.log.length;
    await assert.rejects(fleetIntegration.create(inputs, makeCtx({ preview: true })), (e: unknown) => e instanceof RegistryUnavailableError && /package registry/.test(e.message));
    await assert.rejects(up(inputs), RegistryUnavailableError);
    assert.deepEqual(writes(sim, mark), []);
    assert.deepEqual(sim.state.snapshot().installations, before.installations);
    // refresh still works: the installed version is served from Elasticsearch, not the registry
    const r = await fleetIntegration.read("nginx", undefined, inputs, makeCtx());
    assert.equal(r?.outputs.version, "1.15.0");
    sim.setRegistryReachable(true);
    assert.equal((await up(inputs)).version, "1.20.0");
  });

  it("records a policy failing mid-way (others upgraded), and the next up resumes with only that policy", async () => {
    sim = await startSim({ catalog: upTo120(), recordExchanges: true });
    sim.state.seedInstallation("nginx", "1.15.0");
    const ids = seedPolicies(sim, "nginx", 6);
    sim.state.policyUpgradeFailures.set("nginx-pp-3", { times: 1, statusCode: 409, message: "Saved object [ingest-package-policies/nginx-pp-3] conflict" });
    const inputs = await checked(rawInputs(sim, "nginx", "1.20.0"));
    let partial: Outputs | undefined;
    await assert.rejects(up(inputs), (e: unknown) => {
      if (!(e instanceof PartialFailureError)) return false;
      partial = e.outputs as Outputs;
      assert.match(e.message, /upgraded: nginx-1, nginx-2, nginx-4, nginx-5, nginx-6; not upgraded: nginx-3/);
      assert.ok(e.reasons.some((r) => /policy nginx-3 \(nginx-pp-3\) was not upgraded: .*409.*conflict/.test(r)), e.reasons.join("\n"));
      return true;
    });
    assert.equal(partial?.outcome, "failed");
    assert.equal(partial?.version, "1.20.0");
    assert.deepEqual(partial?.policies.map((p) => p.status), ["upgraded", "upgraded", "failed", "upgraded", "upgraded", "upgraded"]);
    assert.equal(partial?.plan?.phases[1].steps[2].status, "ERROR");
    assert.deepEqual(versionsOf(sim, ids), ["1.20.0", "1.20.0", "1.15.0", "1.20.0", "1.20.0", "1.20.0"]);
    const diff = await fleetIntegration.diff("nginx", partial!, inputs, makeCtx());
    assert.ok(diff.changes && diff.detailedDiff.version, "the failed record asks for another up");

    const mark = sim.exchanges.length;
    const out = await up(inputs, partial);
    assert.equal(out.outcome, "complete");
    assert.ok(out.policies.every((p) => p.status === "upgraded"), JSON.stringify(out.policies));
    const second = sim.exchanges.slice(mark).filter((x) => x.method === "POST");
    assert.deepEqual(second.map((x) => [x.apiPath, (x.requestBody as { packagePolicyIds?: string[] })?.packagePolicyIds]), [
      ["/api/fleet/package_policies/upgrade/dryrun", ["nginx-pp-3"]],
      ["/api/fleet/package_policies/upgrade", ["nginx-pp-3"]],
    ], "no reinstall, nothing upgraded twice");
  });

  it("stops at the next policy on cancel, records which policies were not attempted, and resumes", async () => {
    sim = await startSim({ catalog: upTo120() });
    sim.state.seedInstallation("nginx", "1.15.0");
    const ids = seedPolicies(sim, "nginx", 4);
    const inputs = await checked(rawInputs(sim, "nginx", "1.20.0"));
    const ac = new AbortController();
    const ctx = makeCtx({ signal: ac.signal });
    const info = ctx.info;
    ctx.info = (m) => {
      info(m);
      if (/^policy .* upgraded/.test(m)) ac.abort(); // Ctrl-C right after the first policy
    };
    let partial: Outputs | undefined;
    await assert.rejects(up(inputs, undefined, ctx), (e: unknown) => e instanceof PartialFailureError && !!(partial = e.outputs as Outputs));
    assert.deepEqual(partial?.policies.map((p) => p.status), ["upgraded", "failed", "failed", "failed"]);
    assert.match(partial?.policies[1].message ?? "", /not attempted: the operation was cancelled/);
    assert.equal(partial?.plan?.stoppedAt, partial?.plan?.phases[1].steps[1].id);
    assert.deepEqual(versionsOf(sim, ids), ["1.20.0", "1.15.0", "1.15.0", "1.15.0"]);
    const out = await up(inputs, partial);
    assert.ok(out.policies.every((p) => p.status === "upgraded"));
  });

  it("works in a space: only that space's policies move, requests are space-scoped, the id names the space", async () => {
    sim = await startSim({ catalog: upTo120() });
    sim.state.seedInstallation("nginx", "1.15.0");
    const ops = seedPolicies(sim, "nginx", 3, { prefix: "ops", space: "ops" });
    const dflt = seedPolicies(sim, "nginx", 2, { prefix: "dflt" });
    const mark = sim.server.log.length;
    const { id, outputs } = await fleetIntegration.create(await checked(rawInputs(sim, "nginx", "1.20.0", { kibana: { spaceId: "ops" } })), makeCtx());
    assert.equal(id, "ops/nginx");
    assert.equal(outputs.spaceId, "ops");
    assert.deepEqual(outputs.policies.map((p) => p.id), ops);
    assert.deepEqual(versionsOf(sim, ops), ["1.20.0", "1.20.0", "1.20.0"]);
    assert.deepEqual(versionsOf(sim, dflt), ["1.15.0", "1.15.0"]);
    const policyCalls = sim.server.log.slice(mark).filter((r) => r.path.includes("package_policies"));
    assert.ok(policyCalls.length > 0 && policyCalls.every((r) => r.path.startsWith("/s/ops/api/fleet/")), JSON.stringify(policyCalls.map((r) => r.path)));
    // import by id reads the same space
    const imported = await fleetIntegration.read("ops/nginx", undefined, undefined, makeCtx({ config: new (await import("../../provider/config")).ProviderConfig({ kibanaUrl: sim.url, kibanaApiKey: sim.credentials.apiKey }, {}) }));
    assert.equal(imported?.inputs.kibana.spaceId, "ops");
    assert.equal(imported?.inputs.version, "1.20.0");
    assert.deepEqual(imported?.outputs.policies.map((p) => p.status), ["current", "current", "current"]);
  });

  it("refresh shows drift: an out-of-band package change, a new policy on the old version, an uninstall", async () => {
    sim = await startSim({ catalog: upTo120() });
    sim.state.seedInstallation("nginx", "1.15.0");
    seedPolicies(sim, "nginx", 2);
    const inputs = await checked(rawInputs(sim, "nginx", "1.20.0"));
    const out = await up(inputs);
    assert.equal((await fleetIntegration.diff("nginx", out, inputs, makeCtx())).changes, false);

    sim.state.seedInstallation("nginx", "1.19.1"); // someone reinstalled an older version out of band
    const r1 = await fleetIntegration.read("nginx", out, inputs, makeCtx());
    assert.equal(r1?.outputs.version, "1.19.1");
    assert.equal(r1?.outputs.outcome, "observed");
    assert.ok((await fleetIntegration.diff("nginx", r1!.outputs, inputs, makeCtx())).detailedDiff.version);

    sim.state.seedInstallation("nginx", "1.20.0");
    sim.state.seedPolicy({ id: "late", name: "late", package: "nginx", version: "1.15.0" });
    const r2 = await fleetIntegration.read("nginx", r1!.outputs, inputs, makeCtx());
    assert.equal(r2?.outputs.version, "1.20.0");
    assert.deepEqual(r2?.outputs.policies.map((p) => [p.id, p.version, p.status]), [["nginx-pp-1", "1.20.0", "upgraded"], ["nginx-pp-2", "1.20.0", "upgraded"], ["late", "1.15.0", "pending"]]);
    assert.ok((await fleetIntegration.diff("nginx", r2!.outputs, inputs, makeCtx())).detailedDiff.version, "a policy behind is drift");

    sim.state.installations.delete("nginx");
    assert.equal(await fleetIntegration.read("nginx", r2!.outputs, inputs, makeCtx()), undefined, "uninstalled: gone");
    // delete forgets: nothing is sent
    const mark = sim.server.log.length;
    await fleetIntegration.delete("nginx", r2!.outputs, makeCtx());
    assert.equal(sim.server.log.length, mark);
  });

  it("auto-upgrading package (synthetics): policies follow the package, said so, and cannot be held back", async () => {
    sim = await startSim({ recordExchanges: true });
    sim.state.seedInstallation("synthetics", "1.1.0");
    const ids = seedPolicies(sim, "synthetics", 3);
    const inputs = await checked(rawInputs(sim, "synthetics", "1.2.0", { keepPoliciesUpToDate: false }));
    const pctx = makeCtx({ preview: true, name: "synthetics" });
    await fleetIntegration.create(inputs, pctx);
    assert.match(pctx.log.info[0], /synthetics policies always follow the package: Fleet upgrades them on install and they cannot be held back/);
    const ctx = makeCtx({ name: "synthetics" });
    const out = await up(inputs, undefined, ctx);
    assert.ok(ctx.log.warn.some((w) => /cannot be held back/.test(w)));
    assert.equal(out.alwaysFollowsPackage, true);
    assert.equal(out.policiesFollowPackage, true);
    assert.deepEqual(versionsOf(sim, ids), ["1.2.0", "1.2.0", "1.2.0"]);
    assert.deepEqual(sim.state.autoUpgrades.map((a) => [a.policyId, a.success]), ids.map((id) => [id, true]), "Fleet moved them on install");
    assert.equal(bodies(sim, "POST", "/api/fleet/package_policies/upgrade").length, 0, "nothing left for per-policy calls");
    assert.equal(bodies(sim, "PUT", "/api/fleet/epm/packages/synthetics").length, 0, "keepPoliciesUpToDate: false is not sent for these packages");
    assert.ok(out.policies.every((p) => p.status === "upgraded"));
    assert.equal((await fleetIntegration.diff("synthetics", out, inputs, makeCtx())).changes, false);
  });

  it("installs a package that is not installed yet (no policies to upgrade), then reads it back", async () => {
    sim = await startSim();
    const inputs = await checked(rawInputs(sim, "aws", "2.11.0"));
    const ctx = makeCtx({ name: "aws" });
    const out = await up(inputs, undefined, ctx);
    assert.equal(out.version, "2.11.0");
    assert.deepEqual(out.policies, []);
    assert.match(ctx.log.info[0], /aws \(not installed\) → 2\.11\.0/);
    assert.equal(sim.state.installations.get("aws")?.version, "2.11.0");
    const r = await fleetIntegration.read("aws", out, inputs, makeCtx());
    assert.equal(r?.outputs.version, "2.11.0");
  });

  it("check reports schema and cross-field problems by property path, and unknown policy ids at up", async () => {
    sim = await startSim({ catalog: upTo120() });
    sim.state.seedInstallation("nginx", "1.19.1");
    seedPolicies(sim, "nginx", 1);
    const bad = await fleetIntegration.check(undefined, { ...rawInputs(sim, "Nginx", "1.2"), onConflict: "maybe", kibana: { url: "ftp://x" } }, makeCtx());
    const props = bad.failures.map((f) => f.property).sort();
    assert.deepEqual(props, ["onConflict", "package"]);
    const cross = await fleetIntegration.check(undefined, rawInputs(sim, "nginx", "1.2", { kibana: { url: "ftp://x" }, upgradePolicies: false, policyIds: ["a"] }), makeCtx());
    assert.deepEqual(cross.failures.map((f) => f.property).sort(), ["kibana.url", "policyIds", "version"]);
    const down = await fleetIntegration.check(undefined, rawInputs(sim, "nginx", "1.15.0", { force: true }), makeCtx());
    assert.ok(down.failures.some((f) => f.property === "version" && /no_downgrade/.test(f.reason) && /lower than the current 1\.19\.1/.test(f.reason)), JSON.stringify(down.failures));
    await assert.rejects(up(await checked(rawInputs(sim, "nginx", "1.20.0", { policyIds: ["nginx-pp-1", "nope"] }))), (e: unknown) => e instanceof UnknownPoliciesError && /nope/.test(e.message));
    assert.equal(sim.state.installations.get("nginx")?.version, "1.19.1");
  });
});
