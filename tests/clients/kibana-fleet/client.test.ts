/** @module The Kibana Fleet client against the Fleet simulator, and its schemas against the verbatim examples. */
import * as assert from "assert";
import {
  createKibanaFleetClient,
  dryRunErrors,
  DryRunResponseSchema,
  FleetApiError,
  GetPackageInfoResponseSchema,
  InstallPackageResponseSchema,
  KibanaFleetClient,
  ListPackagePoliciesResponseSchema,
  PackageNotFoundInRegistryError,
  PackageNotInstalledError,
  PackageOutOfDateError,
  packagePoliciesKuery,
  PolicyUpgradeError,
  RegistryUnavailableError,
  UpdatePackageSettingsResponseSchema,
  UpgradeResponseSchema,
  FleetErrorBodySchema,
} from "../../../provider/clients/kibana-fleet";
import { FleetSim, startFleetSim } from "../../sim/fleet";
import { mergePolicies, type ExistingPolicy, type TargetPackage } from "../../../provider/resources/fleet/merge";

const fast = { retry: { maxRetries: 2, minDelayMs: 1, maxDelayMs: 5 } };

describe("Kibana Fleet client", () => {
  let sim: FleetSim;
  let fleet: KibanaFleetClient;

  beforeEach(async () => {
    sim = await startFleetSim();
    sim.state.seedInstallation("nginx", "1.15.0");
    fleet = createKibanaFleetClient({ url: sim.url, apiKey: sim.credentials.apiKey, ...fast });
  });
  afterEach(async () => {
    await fleet.close();
    await sim.stop();
  });

  it("reads a target version's package info without installing it", async () => {
    const before = JSON.stringify(sim.state.snapshot().installations);
    const info = await fleet.getPackageInfo("nginx", "1.20.0");
    assert.strictEqual(info.item.version, "1.20.0");
    assert.strictEqual(info.item.status, "installed"); // any version installed (fleet.md §0.7)
    assert.strictEqual(info.item.installationInfo?.version, "1.15.0");
    assert.strictEqual(info.item.latestVersion, "1.22.0"); // 1.23.0 needs Kibana ^8.15.0, the sim runs 8.14.3
    assert.ok(info.item.policy_templates?.[0].inputs?.some((i) => i.vars?.some((v) => v.name === "api_token" && v.required)));
    assert.strictEqual(JSON.stringify(sim.state.snapshot().installations), before);
    assert.strictEqual(await fleet.getInstalledVersion("nginx"), "1.15.0");
    assert.strictEqual(await fleet.getInstalledVersion("aws"), undefined);
    await assert.rejects(fleet.getPackageInfo("no_such_pkg"), (e: unknown) => e instanceof PackageNotFoundInRegistryError && e.status === 404);
  });

  it("installs a version: out-of-date needs force, then installationInfo.version is the target", async () => {
    await assert.rejects(fleet.installPackage("nginx", "1.20.0"), (e: unknown) => e instanceof PackageOutOfDateError && /set force: true/.test(e.message) && /nginx-1.20.0 is out-of-date/.test(e.message));
    assert.strictEqual(sim.state.installations.get("nginx")?.version, "1.15.0");
    const r = await fleet.installPackage("nginx", "1.20.0", { force: true });
    assert.deepStrictEqual(r._meta, { install_source: "registry", name: "nginx" });
    assert.strictEqual((await fleet.getPackageInfo("nginx")).item.installationInfo?.version, "1.20.0");
    await fleet.installPackage("nginx", "1.22.0"); // the latest compatible: no force needed
    assert.strictEqual(sim.state.installations.get("nginx")?.previous_version, "1.20.0");
  });

  it("maps an unreachable registry to 404 / 502 errors that say what to check", async () => {
    sim.setRegistryReachable(false, 404);
    await assert.rejects(fleet.installPackage("nginx", "1.22.0"), (e: unknown) => e instanceof PackageNotFoundInRegistryError && /registryUrl/.test(e.message));
    // the installed version's info is served from Elasticsearch, not the registry
    assert.strictEqual((await fleet.getPackageInfo("nginx", "1.15.0")).item.latestVersion, "1.15.0");
    sim.setRegistryReachable(false, 502);
    await assert.rejects(fleet.installPackage("nginx", "1.22.0"), (e: unknown) => e instanceof RegistryUnavailableError && e.status === 502);
    await assert.rejects(fleet.getPackageInfo("nginx", "1.20.0"), (e: unknown) => e instanceof RegistryUnavailableError);
  });

  it("updates keepPoliciesUpToDate, and refuses it for a package that is not installed", async () => {
    const r = await fleet.updatePackageSettings("nginx", { keepPoliciesUpToDate: true });
    assert.strictEqual(r.item.keepPoliciesUpToDate, true);
    assert.strictEqual(sim.state.installations.get("nginx")?.keep_policies_up_to_date, true);
    await assert.rejects(fleet.updatePackageSettings("aws", { keepPoliciesUpToDate: true }), PackageNotInstalledError);
  });

  it("lists every policy of a package across pages, in the client's space only", async () => {
    sim.state.seedInstallation("system", "1.54.0");
    for (let i = 0; i < 25; i++) sim.state.seedPolicy({ id: `n${String(i).padStart(2, "0")}`, name: `nginx-${i}`, package: "nginx" });
    sim.state.seedPolicy({ id: "sys", name: "system-1", package: "system" });
    sim.state.seedPolicy({ id: "ops1", name: "nginx-ops", package: "nginx", space: "ops" });
    const before = sim.server.count(/\/package_policies$/);
    const all = await fleet.listAllPackagePolicies(packagePoliciesKuery("nginx"), { perPage: 10 });
    assert.strictEqual(sim.server.count(/\/package_policies$/) - before, 3);
    assert.deepStrictEqual(all.map((p) => p.id), Array.from({ length: 25 }, (_, i) => `n${String(i).padStart(2, "0")}`));
    const ops = createKibanaFleetClient({ url: sim.url, username: sim.credentials.username, password: sim.credentials.password, spaceId: "ops", ...fast });
    try {
      assert.deepStrictEqual((await ops.listPoliciesOfPackage("nginx")).map((p) => p.id), ["ops1"]);
      assert.ok(sim.server.log.some((l) => l.path === "/s/ops/api/fleet/package_policies"));
    } finally {
      await ops.close();
    }
    assert.strictEqual(packagePoliciesKuery("nginx", "1.20.0"), "ingest-package-policies.package.name:nginx AND NOT ingest-package-policies.package.version:1.20.0");
  });

  it("feeds the client-side merge directly: listed policies and target info are merge inputs", async () => {
    sim.state.seedPolicy({ id: "clean", name: "clean", package: "nginx" });
    sim.state.seedPolicy({ id: "broken", name: "broken", package: "nginx", inputs: { "nginx-httpjson": { enabled: true } } });
    const target: TargetPackage = (await fleet.getPackageInfo("nginx", "1.20.0")).item;
    const policies: ExistingPolicy[] = await fleet.listPoliciesOfPackage("nginx");
    const r = mergePolicies(policies, target);
    assert.deepStrictEqual(r.conflicts.map((c) => [c.policyName, c.field]), [["broken", "inputs.httpjson.vars.api_token"]]);
    assert.strictEqual(sim.state.installations.get("nginx")?.version, "1.15.0"); // nothing installed to find out
  });

  it("dry-runs against the installed package and upgrades one policy per call", async () => {
    sim.state.seedPolicy({ id: "clean", name: "clean", package: "nginx" });
    sim.state.seedPolicy({ id: "broken", name: "broken", package: "nginx", inputs: { "nginx-httpjson": { enabled: true, streams: { "nginx.access": { enabled: true } } } } });
    await fleet.installPackage("nginx", "1.20.0", { force: true });
    const dry = await fleet.dryRunUpgrade(["clean", "broken"]);
    assert.deepStrictEqual(dry.map((d) => [d.name, d.hasErrors]), [["clean", false], ["broken", true]]);
    assert.deepStrictEqual(dryRunErrors(dry[1]), [{ key: "inputs.httpjson.vars.api_token", message: "API token is required" }]);
    assert.deepStrictEqual(await fleet.dryRunUpgrade([]), []);

    const ok = await fleet.upgradePolicy("clean");
    assert.deepStrictEqual(ok, { id: "clean", name: "clean", success: true });
    await assert.rejects(fleet.upgradePolicy("broken"), (e: unknown) => e instanceof PolicyUpgradeError && e.policyId === "broken" && e.status === 400 && /api_token/.test(e.message));
    assert.deepStrictEqual([sim.state.policies.get("clean")?.package.version, sim.state.policies.get("broken")?.package.version], ["1.20.0", "1.15.0"]);
    const upgradeCalls = sim.server.log.filter((l) => l.path === "/api/fleet/package_policies/upgrade").length;
    assert.strictEqual(upgradeCalls, 2);
  });

  it("retries a 429 and reports a 401 without the credential", async () => {
    sim.faults.add({ method: "POST", path: "/upgrade/dryrun$", status: 429, headers: { "retry-after": "0" }, times: 1 });
    sim.state.seedPolicy({ id: "p", name: "p", package: "nginx" });
    const dry = await fleet.dryRunUpgrade(["p"]);
    assert.strictEqual(dry.length, 1);
    assert.strictEqual(fleet.http.counter.retries, 1);
    const bad = createKibanaFleetClient({ url: sim.url, username: "elastic", password: "wrong-password-xyz", ...fast });
    try {
      await assert.rejects(bad.getPackageInfo("nginx"), (e: unknown) => e instanceof FleetApiError && e.status === 401 && !e.message.includes("wrong-password-xyz") && /Authentication failed/.test(e.message));
    } finally {
      await bad.close();
    }
    assert.throws(() => createKibanaFleetClient({ url: sim.url }), /needs credentials/);
  });

  it("sends kbn-xsrf and the API version on writes (the simulator refuses writes without kbn-xsrf)", async () => {
    const raw = await fetch(`${sim.url}/api/fleet/epm/packages/nginx`, { method: "PUT", headers: { authorization: `ApiKey ${sim.credentials.apiKey}`, "content-type": "application/json" }, body: JSON.stringify({ keepPoliciesUpToDate: true }) });
    assert.strictEqual(raw.status, 400);
    assert.deepStrictEqual(await raw.json(), { statusCode: 400, error: "Bad Request", message: "Request must contain a kbn-xsrf header." });
    await fleet.updatePackageSettings("nginx", { keepPoliciesUpToDate: false }); // passes: the client sent it
  });
});

describe("Kibana Fleet client schemas accept the verbatim examples (fleet.md)", () => {
  const cases: [string, { safeParse(v: unknown): { success: boolean } }, unknown][] = [
    ["get_package_info.yaml", GetPackageInfoResponseSchema, { item: { name: "aws", version: "2.10.0", title: "AWS", description: "Collect logs and metrics from Amazon Web Services", status: "installed", categories: ["cloud"], assets: { kibana: { dashboard: [], index_pattern: [] } } } }],
    ["post_install_package.yaml", InstallPackageResponseSchema, { items: [{ id: "aws-logs-aws.cloudwatch_logs-default", type: "index_template" }], _meta: { install_source: "registry" } }],
    ["put_update_package.yaml", UpdatePackageSettingsResponseSchema, { item: { name: "aws", version: "2.10.0", keepPoliciesUpToDate: true } }],
    ["get_package_policies.yaml", ListPackagePoliciesResponseSchema, { items: [{ id: "package-policy-id-1", name: "nginx-1", namespace: "default", enabled: true, policy_ids: ["agent-policy-id-1"], package: { name: "nginx", title: "Nginx", version: "1.20.0" }, inputs: [], created_at: "2024-01-15T10:00:00.000Z", updated_at: "2024-01-15T10:00:00.000Z" }], total: 1, page: 1, perPage: 20 }],
    ["post_dryrun_package_policies.yaml", DryRunResponseSchema, [{ name: "nginx-1", hasErrors: false, diff: [{ id: "package-policy-id-1", name: "nginx-1", package: { name: "nginx", version: "1.20.0" } }, { name: "nginx-1", package: { name: "nginx", version: "1.21.0" } }] }]],
    ["post_upgrade_package_policies.yaml", UpgradeResponseSchema, [{ id: "package-policy-id-1", name: "nginx-1", success: true }]],
    ["error (kibana PR #199725)", FleetErrorBodySchema, { statusCode: 400, error: "Bad Request", message: "security_detection_engine-8.16.0 is out-of-date and cannot be installed or updated" }],
    ["error (elastic/integrations#14019)", FleetErrorBodySchema, { statusCode: 404, error: "Not Found", message: "[kibana] package not found in registry" }],
    ["error (kibana#161270)", FleetErrorBodySchema, { statusCode: 500, error: "Internal Server Error", message: "'404 Not Found' error response from package registry at https://epr.elastic.co/epr/apm/apm-8.8.0.zip" }],
  ];
  for (const [name, schema, example] of cases) {
    it(`accepts ${name}`, () => assert.strictEqual(schema.safeParse(example).success, true));
  }

  it("reads the real dry-run error list (message arrays) and the constructed conflict example", () => {
    const item = {
      name: "nginx-1",
      hasErrors: true,
      diff: [
        { id: "pp-1", name: "nginx-1", package: { name: "nginx", title: "Nginx", version: "1.19.1" }, inputs: [] },
        { name: "nginx-1", package: { name: "nginx", title: "Nginx", version: "1.20.0" }, inputs: [], errors: [{ key: "inputs.cloudtrail-aws-s3.streams.aws.cloudtrail.vars.queue_url", message: ["Queue URL is required"] }, { key: "inputs.nginx/metrics.vars.hosts", message: ["Hosts is required"] }] },
      ],
    };
    const parsed = DryRunResponseSchema.parse([item]);
    assert.deepStrictEqual(dryRunErrors(parsed[0]), [
      { key: "inputs.cloudtrail-aws-s3.streams.aws.cloudtrail.vars.queue_url", message: "Queue URL is required" },
      { key: "inputs.nginx/metrics.vars.hosts", message: "Hosts is required" },
    ]);
    assert.strictEqual(DryRunResponseSchema.safeParse([{ name: "x" }]).success, false); // hasErrors is required
  });
});
