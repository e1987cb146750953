/** @module Scenario tests of the Fleet simulator: one per quirk of real Fleet (fleet.md §0) and per fault. */
import * as assert from "assert";
import { defaultCatalog, FleetSim, startFleetSim, syntheticPackages, trimCatalog } from "./index";
import type { FleetSimConfig } from "./index";

interface Opts {
  auth?: "apikey" | "basic" | "none" | string;
  xsrf?: boolean;
  headers?: Record<string, string>;
}

async function api(sim: FleetSim, method: string, path: string, body?: unknown, o: Opts = {}): Promise<{ status: number; json: any }> {
  const headers: Record<string, string> = { ...(o.headers ?? {}) };
  const auth = o.auth ?? "apikey";
  if (auth === "apikey") headers.authorization = `ApiKey ${sim.credentials.apiKey}`;
  else if (auth === "basic") headers.authorization = `Basic ${Buffer.from(`${sim.credentials.username}:${sim.credentials.password}`).toString("base64")}`;
  else if (auth !== "none") headers.authorization = auth;
  if (o.xsrf !== false) headers["kbn-xsrf"] = "true";
  if (body !== undefined && typeof body !== "string") headers["content-type"] = "application/json";
  const res = await fetch(sim.url + path, { method, headers, body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body) });
  const text = await res.text();
  let json: unknown = text;
  try {
    json = JSON.parse(text);
  } catch {
    // text body
  }
  return { status: res.status, json };
}

const httpjsonOn = { "nginx-httpjson": { enabled: true, streams: { "nginx.access": { enabled: true } } } };

describe("Fleet simulator scenarios", () => {
  let sim: FleetSim;
  const start = async (cfg: FleetSimConfig = {}) => {
    sim = await startFleetSim(cfg);
    return sim;
  };
  afterEach(async () => {
    await sim?.stop();
  });

  describe("package info", () => {
    it("reports status installed for ANY installed version, the installed version in installationInfo", async () => {
      await start();
      const before = await api(sim, "GET", "/api/fleet/epm/packages/nginx/1.20.0");
      assert.strictEqual(before.json.item.status, "not_installed");
      assert.strictEqual(before.json.item.installationInfo, undefined);
      sim.state.seedInstallation("nginx", "1.15.0");
      const r = await api(sim, "GET", "/api/fleet/epm/packages/nginx/1.20.0?withMetadata=true");
      assert.deepStrictEqual([r.json.item.version, r.json.item.status, r.json.item.installationInfo.version, r.json.item.keepPoliciesUpToDate, r.json.metadata], ["1.20.0", "installed", "1.15.0", false, { has_policies: false }]);
      const noVersion = await api(sim, "GET", "/api/fleet/epm/packages/nginx");
      assert.strictEqual(noVersion.json.item.version, "1.15.0");
      assert.strictEqual((await api(sim, "GET", "/api/fleet/epm/packages/nginx/9.9.9")).status, 404);
      assert.strictEqual((await api(sim, "GET", "/api/fleet/epm/packages/nope")).json.message, "[nope] package not installed or found in registry");
    });

    it("computes latestVersion from the Kibana version and the prerelease flag", async () => {
      await start({ kibanaVersion: "8.10.4" });
      const latest = async (q = "") => (await api(sim, "GET", `/api/fleet/epm/packages/nginx/1.15.0${q}`)).json.item.latestVersion;
      assert.strictEqual(await latest(), "1.20.0"); // 1.21.0 needs ^8.12.0
      sim.setKibanaVersion("8.16.1");
      assert.strictEqual(await latest(), "1.23.0");
      assert.strictEqual(await latest("?prerelease=true"), "1.24.0-rc1");
      sim.setKibanaVersion("9.1.0");
      assert.strictEqual(await latest(), "1.15.0"); // nothing GA matches 9.x: latestVersion falls back to the requested one
      assert.strictEqual(await latest("?prerelease=true"), "1.24.0-rc1");
    });
  });

  describe("install", () => {
    it("refuses a version older than the latest compatible without force (also non-latest upgrades)", async () => {
      await start();
      sim.state.seedInstallation("nginx", "1.15.0");
      const refused = await api(sim, "POST", "/api/fleet/epm/packages/nginx/1.20.0", { force: false });
      assert.deepStrictEqual(refused, { status: 400, json: { statusCode: 400, error: "Bad Request", message: "nginx-1.20.0 is out-of-date and cannot be installed or updated" } });
      const downgrade = await api(sim, "POST", "/api/fleet/epm/packages/nginx/1.14.0", {});
      assert.strictEqual(downgrade.status, 400);
      assert.strictEqual((await api(sim, "POST", "/api/fleet/epm/packages/nginx/1.20.0", { force: true })).status, 200);
      assert.strictEqual(sim.state.installations.get("nginx")?.version, "1.20.0");
      // reinstalling the installed (now out-of-date) version is allowed and changes nothing
      const again = await api(sim, "POST", "/api/fleet/epm/packages/nginx/1.20.0", {});
      assert.strictEqual(again.status, 200);
      assert.strictEqual(sim.state.installations.get("nginx")?.previous_version, "1.15.0");
    });

    it("installs the latest of a trimmed catalog without force", async () => {
      await start({ catalog: trimCatalog(defaultCatalog(), { nginx: "1.20.0" }) });
      sim.state.seedInstallation("nginx", "1.15.0");
      assert.strictEqual((await api(sim, "POST", "/api/fleet/epm/packages/nginx/1.20.0", {})).status, 200);
      assert.strictEqual((await api(sim, "GET", "/api/fleet/epm/packages/nginx")).json.item.latestVersion, "1.20.0");
    });

    it("serves generated packages for load tests: many packages and policies, clean upgrades", async () => {
      await start({ catalog: { ...defaultCatalog(), ...syntheticPackages(50) } });
      const names = Object.keys(sim.state.catalog).filter((n) => n.startsWith("pkg_"));
      assert.strictEqual(names.length, 50);
      for (const n of names) {
        sim.state.seedInstallation(n, "1.0.0");
        for (let i = 0; i < 20; i++) sim.state.seedPolicy({ name: `${n}-${i}`, package: n });
      }
      assert.strictEqual(sim.state.policies.size, 1000);
      const n = names[49];
      assert.strictEqual((await api(sim, "POST", `/api/fleet/epm/packages/${n}/1.2.0`, {})).status, 200);
      const ids = [...sim.state.policies.values()].filter((p) => p.package.name === n).map((p) => p.id);
      const dry = await api(sim, "POST", "/api/fleet/package_policies/upgrade/dryrun", { packagePolicyIds: ids });
      assert.deepStrictEqual([dry.json.length, dry.json.filter((d: any) => d.hasErrors).length], [20, 0]);
      const listed = await api(sim, "GET", `/api/fleet/package_policies?perPage=1000&kuery=ingest-package-policies.package.name:${n}`);
      assert.strictEqual(listed.json.total, 20);
    });

    it("does not check the requested version's own Kibana range (fleet.md §0.3)", async () => {
      await start({ kibanaVersion: "8.14.3" });
      sim.state.seedInstallation("nginx", "1.22.0");
      const r = await api(sim, "POST", "/api/fleet/epm/packages/nginx/1.23.0", {}); // needs ^8.15.0, still installed
      assert.strictEqual(r.status, 200);
      assert.strictEqual(sim.state.installations.get("nginx")?.version, "1.23.0");
    });

    it("treats -rc and 0.x versions as prerelease in the latest lookup", async () => {
      await start();
      assert.strictEqual((await api(sim, "POST", "/api/fleet/epm/packages/nginx/1.24.0-rc1", {})).status, 200);
      assert.strictEqual((await api(sim, "POST", "/api/fleet/epm/packages/1password/0.1.1", {})).json.message, "1password-0.1.1 is out-of-date and cannot be installed or updated");
      assert.strictEqual((await api(sim, "POST", "/api/fleet/epm/packages/1password/0.2.0", {})).status, 200);
    });

    it("answers 409 to a concurrent install of the same package", async () => {
      await start({ installDurationMs: 500_000, timeScale: 0.001 }); // 500 ms real: the second request lands inside it
      const [a, b] = await Promise.all([api(sim, "POST", "/api/fleet/epm/packages/nginx/1.22.0", {}), api(sim, "POST", "/api/fleet/epm/packages/nginx/1.22.0", {})]);
      assert.deepStrictEqual([a.status, b.status].sort(), [200, 409]);
    });

    it("rolls back a failed update and records the attempt", async () => {
      await start();
      sim.state.seedInstallation("nginx", "1.15.0");
      sim.state.installFailures.set("nginx", { times: 1, message: "Error installing nginx 1.22.0: mapping conflict" });
      const r = await api(sim, "POST", "/api/fleet/epm/packages/nginx/1.22.0", {});
      assert.strictEqual(r.status, 500);
      const info = await api(sim, "GET", "/api/fleet/epm/packages/nginx");
      assert.strictEqual(info.json.item.installationInfo.version, "1.15.0");
      assert.deepStrictEqual(info.json.item.installationInfo.latest_install_failed_attempts.map((a: any) => a.target_version), ["1.22.0"]);
      assert.strictEqual((await api(sim, "POST", "/api/fleet/epm/packages/nginx/1.22.0", {})).status, 200);
    });
  });

  describe("keepPoliciesUpToDate and auto-upgrading packages", () => {
    it("upgrades the package's policies on install when keepPoliciesUpToDate is set (no dry run; failures stay behind)", async () => {
      await start();
      sim.state.seedInstallation("nginx", "1.15.0");
      sim.state.seedPolicy({ id: "clean", name: "clean", package: "nginx" });
      sim.state.seedPolicy({ id: "broken", name: "broken", package: "nginx", inputs: httpjsonOn });
      assert.strictEqual((await api(sim, "PUT", "/api/fleet/epm/packages/nginx/1.15.0", { keepPoliciesUpToDate: true })).json.item.keepPoliciesUpToDate, true);
      await api(sim, "POST", "/api/fleet/epm/packages/nginx/1.20.0", { force: true });
      assert.deepStrictEqual([sim.state.policies.get("clean")?.package.version, sim.state.policies.get("broken")?.package.version], ["1.20.0", "1.15.0"]);
      assert.deepStrictEqual(sim.state.autoUpgrades.map((a) => [a.policyId, a.success]), [["clean", true], ["broken", false]]);
    });

    it("leaves policies alone on install when keepPoliciesUpToDate is off", async () => {
      await start();
      sim.state.seedInstallation("nginx", "1.15.0");
      sim.state.seedPolicy({ id: "p", name: "p", package: "nginx" });
      await api(sim, "POST", "/api/fleet/epm/packages/nginx/1.20.0", { force: true });
      assert.strictEqual(sim.state.policies.get("p")?.package.version, "1.15.0");
    });

    for (const [pkg, from, to] of [["apm", "8.13.0", "8.14.0"], ["synthetics", "1.1.0", "1.2.0"], ["cloud_security_posture", "1.8.0", "1.9.0"], ["cloud_asset_inventory", "0.1.0", "1.0.0"]]) {
      it(`always upgrades ${pkg} policies with the package, even after keepPoliciesUpToDate:false`, async () => {
        await start();
        sim.state.seedInstallation(pkg, from);
        assert.strictEqual((await api(sim, "GET", `/api/fleet/epm/packages/${pkg}`)).json.item.keepPoliciesUpToDate, true);
        sim.state.seedPolicy({ id: "p", name: `${pkg}-1`, package: pkg });
        await api(sim, "PUT", `/api/fleet/epm/packages/${pkg}`, { keepPoliciesUpToDate: false });
        assert.strictEqual((await api(sim, "POST", `/api/fleet/epm/packages/${pkg}/${to}`, {})).status, 200);
        assert.strictEqual(sim.state.policies.get("p")?.package.version, to);
        assert.strictEqual((await api(sim, "GET", `/api/fleet/epm/packages/${pkg}`)).json.item.keepPoliciesUpToDate, true);
      });
    }
  });

  describe("dry run and upgrade", () => {
    it("dry-runs against the INSTALLED package, whatever packageVersion says", async () => {
      await start();
      sim.state.seedInstallation("nginx", "1.15.0");
      sim.state.seedPolicy({ id: "p", name: "p", package: "nginx", inputs: httpjsonOn });
      const r = await api(sim, "POST", "/api/fleet/package_policies/upgrade/dryrun", { packagePolicyIds: ["p"], packageVersion: "1.20.0" });
      assert.strictEqual(r.status, 200);
      assert.deepStrictEqual([r.json[0].hasErrors, r.json[0].diff[1].package.version, r.json[0].diff[1].errors], [false, "1.15.0", undefined]);
      await api(sim, "POST", "/api/fleet/epm/packages/nginx/1.20.0", { force: true });
      const after = await api(sim, "POST", "/api/fleet/package_policies/upgrade/dryrun", { packagePolicyIds: ["p"] });
      assert.deepStrictEqual([after.json[0].hasErrors, after.json[0].diff[1].package.version, after.json[0].diff[1].errors], [true, "1.20.0", [{ key: "inputs.httpjson.vars.api_token", message: ["API token is required"] }]]);
      assert.strictEqual(after.json[0].agent_diff[0][0].package_policy_id, "p");
    });

    it("refuses a dry run of an unknown policy or of a policy newer than the installed package", async () => {
      await start();
      sim.state.seedInstallation("nginx", "1.15.0");
      sim.state.seedPolicy({ id: "new", name: "new", package: "nginx", version: "1.20.0" });
      assert.deepStrictEqual((await api(sim, "POST", "/api/fleet/package_policies/upgrade/dryrun", { packagePolicyIds: ["zzz"] })).json.message, "Package policy with id zzz not found");
      const newer = await api(sim, "POST", "/api/fleet/package_policies/upgrade/dryrun", { packagePolicyIds: ["new"] });
      assert.strictEqual(newer.status, 400);
      assert.match(newer.json.message, /is newer than the installed package version/);
    });

    it("bulk upgrade is not atomic: clean policies are saved, the answer is the first failure", async () => {
      await start();
      sim.state.seedInstallation("nginx", "1.20.0");
      for (const id of ["a", "c"]) sim.state.seedPolicy({ id, name: id, package: "nginx", version: "1.15.0" });
      sim.state.seedPolicy({ id: "b", name: "b", package: "nginx", version: "1.15.0", inputs: httpjsonOn });
      const r = await api(sim, "POST", "/api/fleet/package_policies/upgrade", { packagePolicyIds: ["a", "b", "c"] });
      assert.deepStrictEqual(r, { status: 400, json: { statusCode: 400, error: "Bad Request", message: "Package policy is invalid: inputs.httpjson.vars.api_token: API token is required" } });
      assert.deepStrictEqual(["a", "b", "c"].map((id) => sim.state.policies.get(id)?.package.version), ["1.20.0", "1.15.0", "1.20.0"]);
      assert.strictEqual(sim.state.policies.get("a")?.revision, 2);
    });

    it("refuses a managed policy unless forced, and fails an injected save conflict once (resume)", async () => {
      await start();
      sim.state.seedInstallation("nginx", "1.20.0");
      sim.state.seedPolicy({ id: "m", name: "m", package: "nginx", version: "1.15.0", isManaged: true });
      sim.state.seedPolicy({ id: "f", name: "f", package: "nginx", version: "1.15.0" });
      assert.strictEqual((await api(sim, "POST", "/api/fleet/package_policies/upgrade", { packagePolicyIds: ["m"] })).json.message, "Cannot upgrade package policy m");
      assert.strictEqual((await api(sim, "POST", "/api/fleet/package_policies/upgrade", { packagePolicyIds: ["m"], force: true })).status, 200);
      const ctl = await api(sim, "POST", "/_sim/faults/policy-upgrade", { policyId: "f", times: 1 }, { auth: "none", xsrf: false });
      assert.strictEqual(ctl.status, 200);
      const first = await api(sim, "POST", "/api/fleet/package_policies/upgrade", { packagePolicyIds: ["f"] });
      assert.deepStrictEqual([first.status, first.json.message], [409, "Saved object [ingest-package-policies/f] conflict"]);
      assert.strictEqual(sim.state.policies.get("f")?.package.version, "1.15.0");
      assert.deepStrictEqual((await api(sim, "POST", "/api/fleet/package_policies/upgrade", { packagePolicyIds: ["f"] })).json, [{ id: "f", name: "f", success: true }]);
    });
  });

  describe("package policy listing", () => {
    it("filters with kuery (AND / NOT / OR / parentheses / wildcards, both SO prefixes) and refuses unknown fields", async () => {
      await start();
      sim.state.seedInstallation("nginx", "1.20.0");
      sim.state.seedInstallation("system", "1.54.0");
      sim.state.seedPolicy({ id: "n1", name: "web-1", package: "nginx", version: "1.15.0" });
      sim.state.seedPolicy({ id: "n2", name: "web-2", package: "nginx", version: "1.20.0" });
      sim.state.seedPolicy({ id: "s1", name: "sys-1", package: "system" });
      const ids = async (kuery: string) => {
        const r = await api(sim, "GET", `/api/fleet/package_policies?sortField=name&sortOrder=asc&kuery=${encodeURIComponent(kuery)}`);
        assert.strictEqual(r.status, 200, JSON.stringify(r.json));
        return r.json.items.map((p: any) => p.id);
      };
      assert.deepStrictEqual(await ids("ingest-package-policies.package.name:nginx"), ["n1", "n2"]);
      assert.deepStrictEqual(await ids("ingest-package-policies.package.name:nginx AND NOT ingest-package-policies.package.version:1.20.0"), ["n1"]);
      assert.deepStrictEqual(await ids("fleet-package-policies.package.name:system or (ingest-package-policies.name:web-* and not ingest-package-policies.name:\"web-1\")"), ["s1", "n2"]); // sorted by name
      const bad = await api(sim, "GET", `/api/fleet/package_policies?kuery=${encodeURIComponent("package.name:nginx")}`);
      assert.deepStrictEqual([bad.status, bad.json.message], [400, "This key 'package.name' does not exist in ingest-package-policies saved object index patterns"]);
      assert.strictEqual((await api(sim, "GET", `/api/fleet/package_policies?kuery=${encodeURIComponent("ingest-package-policies.package.name:")}`)).status, 400);
      const upgradeable = await api(sim, "GET", "/api/fleet/package_policies?showUpgradeable=true");
      assert.deepStrictEqual(upgradeable.json.items.map((p: any) => p.id), ["n1"]);
    });

    it("pages with page/perPage and keeps spaces apart", async () => {
      await start();
      sim.state.seedInstallation("nginx", "1.15.0");
      for (let i = 0; i < 5; i++) sim.state.seedPolicy({ id: `d${i}`, name: `d${i}`, package: "nginx" });
      sim.state.seedPolicy({ id: "o1", name: "o1", package: "nginx", space: "ops" });
      const page2 = await api(sim, "GET", "/api/fleet/package_policies?page=2&perPage=2&sortField=name&sortOrder=asc");
      assert.deepStrictEqual([page2.json.items.map((p: any) => p.id), page2.json.total, page2.json.page, page2.json.perPage], [["d2", "d3"], 5, 2, 2]);
      const ops = await api(sim, "GET", "/s/ops/api/fleet/package_policies");
      assert.deepStrictEqual(ops.json.items.map((p: any) => p.id), ["o1"]);
      assert.strictEqual((await api(sim, "POST", "/api/fleet/package_policies/upgrade/dryrun", { packagePolicyIds: ["o1"] })).status, 400);
      assert.strictEqual((await api(sim, "POST", "/s/ops/api/fleet/package_policies/upgrade/dryrun", { packagePolicyIds: ["o1"] })).status, 200);
      assert.strictEqual((await api(sim, "GET", "/s/ops/api/fleet/package_policies/d0")).status, 404);
    });
  });

  describe("auth, xsrf, registry and uploads", () => {
    it("accepts API key and basic auth, refuses missing or wrong credentials with 401", async () => {
      await start();
      assert.strictEqual((await api(sim, "GET", "/api/fleet/settings", undefined, { auth: "basic" })).status, 200);
      assert.strictEqual((await api(sim, "GET", "/api/fleet/settings", undefined, { auth: "none" })).status, 401);
      const wrong = await api(sim, "GET", "/api/fleet/settings", undefined, { auth: `ApiKey ${Buffer.from("x:y").toString("base64")}` });
      assert.deepStrictEqual([wrong.status, wrong.json.error], [401, "Unauthorized"]);
      assert.strictEqual((await api(sim, "GET", "/_sim/state", undefined, { auth: "none" })).status, 200);
    });

    it("requires kbn-xsrf on writes only", async () => {
      await start();
      sim.state.seedInstallation("nginx", "1.15.0");
      const r = await api(sim, "POST", "/api/fleet/package_policies/upgrade/dryrun", { packagePolicyIds: [] }, { xsrf: false });
      assert.deepStrictEqual([r.status, r.json.message], [400, "Request must contain a kbn-xsrf header."]);
      assert.strictEqual((await api(sim, "GET", "/api/fleet/epm/packages/nginx", undefined, { xsrf: false })).status, 200);
    });

    it("models an unreachable registry: install 404 (or 502), installed info still served, EPR connections reset", async () => {
      await start();
      sim.state.seedInstallation("nginx", "1.15.0");
      const epr = await fetch(`${sim.registryUrl}/search?package=nginx&all=true`);
      assert.deepStrictEqual(((await epr.json()) as any[]).map((p) => p.version), ["1.15.0", "1.16.0", "1.17.0", "1.18.0", "1.19.0", "1.19.1", "1.20.0", "1.21.0", "1.22.0", "1.23.0"]);
      const ctl = await api(sim, "PUT", "/_sim/registry", { reachable: false, installFailureStatus: 404 }, { auth: "none" });
      assert.strictEqual(ctl.status, 200);
      assert.deepStrictEqual((await api(sim, "POST", "/api/fleet/epm/packages/nginx/1.22.0", {})).json, { statusCode: 404, error: "Not Found", message: "[nginx] package not found in registry" });
      assert.strictEqual((await api(sim, "GET", "/api/fleet/epm/packages/nginx/1.15.0")).json.item.latestVersion, "1.15.0");
      assert.strictEqual((await api(sim, "GET", "/api/fleet/epm/packages/nginx/1.20.0")).status, 502);
      await assert.rejects(fetch(`${sim.registryUrl}/search?package=nginx`));
      sim.setRegistryReachable(false, 502);
      assert.match((await api(sim, "POST", "/api/fleet/epm/packages/nginx/1.22.0", {})).json.message, /^Error connecting to package registry/);
      sim.setRegistryReachable(true);
      assert.strictEqual((await api(sim, "POST", "/api/fleet/epm/packages/nginx/1.22.0", {})).status, 200);
    });

    it("rate-limits uploads with 429 'Please wait', then accepts after the cooldown", async () => {
      await start({ uploadCooldownMs: 20_000, timeScale: 0.001 });
      assert.strictEqual((await api(sim, "POST", "/api/fleet/epm/packages", "nginx-1.16.0", { headers: { "content-type": "text/plain" } })).status, 415);
      const first = await api(sim, "POST", "/api/fleet/epm/packages", "nginx-1.16.0", { headers: { "content-type": "application/gzip" } });
      assert.deepStrictEqual([first.status, first.json._meta], [200, { install_source: "upload", name: "nginx" }]);
      const second = await api(sim, "POST", "/api/fleet/epm/packages", "nginx-1.17.0", { headers: { "content-type": "application/zip" } });
      assert.strictEqual(second.status, 429);
      assert.match(second.json.message, /^Too many requests\. Please wait \d+s before uploading again\.$/);
      let third = second;
      // poll (bounded) until the 20 ms real cooldown has passed
      for (let i = 0; i < 500 && third.status === 429; i++) {
        await new Promise((r) => setTimeout(r, 2));
        third = await api(sim, "POST", "/api/fleet/epm/packages", "nginx-1.17.0", { headers: { "content-type": "application/zip" } });
      }
      assert.strictEqual(third.status, 200);
      assert.deepStrictEqual([sim.state.installations.get("nginx")?.version, sim.state.installations.get("nginx")?.install_source], ["1.17.0", "upload"]);
    });
  });

  describe("control API and files", () => {
    it("seeds state, sets the Kibana version and exposes a snapshot over HTTP", async () => {
      await start();
      const ctl = (method: string, path: string, body?: unknown) => api(sim, method, path, body, { auth: "none", xsrf: false });
      assert.strictEqual((await ctl("PUT", "/_sim/kibana-version", { version: "8.16.0" })).status, 200);
      assert.strictEqual((await ctl("PUT", "/_sim/kibana-version", { version: "eight" })).status, 400);
      await ctl("POST", "/_sim/installations", { name: "nginx", version: "1.19.1" });
      const p = await ctl("POST", "/_sim/policies", { id: "x", name: "x", package: "nginx", inputs: { "nginx-nginx/metrics": { enabled: false } } });
      assert.strictEqual(p.json.inputs.find((i: any) => i.type === "nginx/metrics").enabled, false);
      const state = await ctl("GET", "/_sim/state");
      assert.deepStrictEqual([state.json.kibanaVersion, state.json.installations[0].version, state.json.policies.map((x: any) => x.id)], ["8.16.0", "1.19.1", ["x"]]);
      assert.strictEqual((await ctl("POST", "/_sim/faults", { path: "/api/fleet/settings", status: 503, times: 1 })).status, 200);
      assert.strictEqual((await api(sim, "GET", "/api/fleet/settings")).status, 503);
      assert.strictEqual((await api(sim, "GET", "/api/fleet/settings")).status, 200);
      assert.ok(((await ctl("GET", "/_sim/requests")).json as any[]).length > 0);
    });

    it("serves changelog.yml newest first with breaking changes up to the requested version", async () => {
      await start();
      const r = await api(sim, "GET", "/api/fleet/epm/packages/nginx/1.21.0/changelog.yml");
      assert.strictEqual(r.status, 200);
      const text = r.json as string;
      assert.ok(text.indexOf('version: "1.21.0"') < text.indexOf('version: "1.20.0"'));
      assert.ok(!text.includes('"1.22.0"'));
      assert.strictEqual((text.match(/type: breaking-change/g) ?? []).length, 2);
    });
  });
});
