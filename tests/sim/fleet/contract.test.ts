/**
 * @module Contract tests of the Fleet simulator: every request it receives and every response it gives during a
 * broad scenario is validated with ajv against the bundled Kibana OpenAPI extract (see openapi.ts for the five
 * documented deviations), and its answers carry every field of the verbatim Kibana examples in fleet.md.
 */
import * as assert from "assert";
import { FleetSim, RecordedExchange, startFleetSim } from "./index";
import { FleetContract } from "./openapi";

async function call(sim: FleetSim, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json: unknown }> {
  const res = await fetch(sim.url + path, {
    method,
    headers: { authorization: `ApiKey ${sim.credentials.apiKey}`, "kbn-xsrf": "true", ...(body !== undefined && typeof body !== "string" ? { "content-type": "application/json" } : {}), ...headers },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let json: unknown = text;
  try {
    json = JSON.parse(text);
  } catch {
    // yaml / text bodies stay text
  }
  return { status: res.status, json };
}

/** `a.b[].c:type` paths of a JSON value (arrays collapsed), to compare shapes with the verbatim examples. */
function keyPaths(v: unknown, prefix = ""): Set<string> {
  const out = new Set<string>();
  const kind = Array.isArray(v) ? "array" : v === null ? "null" : typeof v;
  if (prefix) out.add(`${prefix}:${kind}`);
  if (Array.isArray(v)) v.forEach((x) => keyPaths(x, `${prefix}[]`).forEach((p) => out.add(p)));
  else if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) keyPaths(x, prefix ? `${prefix}.${k}` : k).forEach((p) => out.add(p));
  return out;
}

function assertCovers(actual: unknown, example: unknown, what: string): void {
  const have = keyPaths(actual);
  const missing = [...keyPaths(example)].filter((p) => !have.has(p));
  assert.deepStrictEqual(missing, [], `${what}: simulator answer lacks fields of the verbatim example`);
}

describe("Fleet simulator contract (OpenAPI extract, ajv)", () => {
  let sim: FleetSim;
  const contract = new FleetContract();

  before(async () => {
    sim = await startFleetSim({ recordExchanges: true, uploadCooldownMs: 60_000 });
    sim.state.seedInstallation("nginx", "1.15.0");
    sim.state.seedInstallation("aws", "2.10.0");
    for (let i = 1; i <= 3; i++) sim.state.seedPolicy({ id: `nginx-${i}`, name: `nginx-${i}`, package: "nginx", inputs: i === 3 ? { "nginx-httpjson": { enabled: true, streams: { "nginx.access": { enabled: true } } } } : undefined });
    sim.state.seedPolicy({ id: "aws-1", name: "aws-1", package: "aws" });
    sim.state.seedPolicy({ id: "space-1", name: "nginx-space", package: "nginx", space: "ops" });
  });
  after(() => sim.stop());

  it("validates every exchange of a broad scenario against the extract", async () => {
    await call(sim, "GET", "/api/fleet/epm/packages/nginx/1.20.0?prerelease=false&withMetadata=true");
    await call(sim, "GET", "/api/fleet/epm/packages/nginx");
    await call(sim, "GET", "/api/fleet/epm/packages/nope/1.0.0");
    await call(sim, "GET", "/s/ops/api/fleet/epm/packages/nginx/1.15.0");
    await call(sim, "POST", "/api/fleet/epm/packages/nginx/1.20.0", { force: false }); // 400 out-of-date
    await call(sim, "POST", "/api/fleet/epm/packages/nginx/1.15.0", null); // already installed
    await call(sim, "PUT", "/api/fleet/epm/packages/nginx/1.15.0", { keepPoliciesUpToDate: false });
    await call(sim, "GET", "/api/fleet/epm/packages/nginx/1.20.0/changelog.yml");
    await call(sim, "GET", "/api/fleet/package_policies?kuery=ingest-package-policies.package.name%3Anginx&page=1&perPage=2&sortField=created_at&sortOrder=asc");
    await call(sim, "GET", "/api/fleet/package_policies?kuery=ingest-package-policies.package.name%3Anginx&format=simplified&perPage=50");
    await call(sim, "GET", "/api/fleet/package_policies?kuery=bogus.field%3Ax");
    await call(sim, "GET", "/api/fleet/package_policies/nginx-1");
    await call(sim, "GET", "/api/fleet/package_policies/nginx-1?format=simplified");
    await call(sim, "POST", "/api/fleet/package_policies?format=simplified", { name: "created-1", namespace: "default", package: { name: "nginx", version: "1.15.0" }, policy_ids: ["ap-9"], inputs: { "nginx-logfile": { enabled: true, streams: { "nginx.access": { enabled: true, vars: { paths: ["/x.log"] } } } } } });
    await call(sim, "POST", "/api/fleet/package_policies", { name: "created-2", package: { name: "nginx", version: "1.15.0" }, policy_ids: ["ap-9"] });
    await call(sim, "POST", "/api/fleet/epm/packages/nginx/1.21.0", { force: true, ignore_constraints: false });
    await call(sim, "POST", "/api/fleet/package_policies/upgrade/dryrun", { packagePolicyIds: ["nginx-1", "nginx-2", "nginx-3"], packageVersion: "9.9.9" });
    await call(sim, "POST", "/api/fleet/package_policies/upgrade/dryrun", { packagePolicyIds: ["missing"] });
    await call(sim, "POST", "/api/fleet/package_policies/upgrade", { packagePolicyIds: ["nginx-1"] });
    await call(sim, "POST", "/api/fleet/package_policies/upgrade", { packagePolicyIds: ["nginx-2", "nginx-3"] }); // first failure
    await call(sim, "GET", "/api/fleet/settings");
    await call(sim, "POST", "/api/fleet/epm/packages", "aws-2.11.0", { "content-type": "application/gzip" });
    await call(sim, "POST", "/api/fleet/epm/packages", "aws-2.11.0", { "content-type": "application/gzip" }); // 429
    sim.setRegistryReachable(false, 404);
    await call(sim, "POST", "/api/fleet/epm/packages/nginx/1.22.0", { force: true });
    await call(sim, "GET", "/api/fleet/epm/packages/nginx/1.22.0");
    sim.setRegistryReachable(false, 502);
    await call(sim, "POST", "/api/fleet/epm/packages/nginx/1.22.0", { force: true });
    sim.setRegistryReachable(true);

    assert.ok(sim.exchanges.length >= 25, `recorded ${sim.exchanges.length} exchanges`);
    const problems = sim.exchanges.flatMap((ex) => contract.check(ex));
    assert.deepStrictEqual(problems, []);
    const ops = new Set(sim.exchanges.map((ex) => `${ex.method} ${contract.operation(ex.method, ex.apiPath)?.template}`));
    for (const expected of [
      "GET /api/fleet/epm/packages/{pkgName}/{pkgVersion}",
      "POST /api/fleet/epm/packages/{pkgName}/{pkgVersion}",
      "PUT /api/fleet/epm/packages/{pkgName}/{pkgVersion}",
      "GET /api/fleet/epm/packages/{pkgName}/{pkgVersion}/{filePath}",
      "POST /api/fleet/epm/packages",
      "GET /api/fleet/package_policies",
      "POST /api/fleet/package_policies",
      "GET /api/fleet/package_policies/{packagePolicyId}",
      "POST /api/fleet/package_policies/upgrade/dryrun",
      "POST /api/fleet/package_policies/upgrade",
      "GET /api/fleet/settings",
    ]) {
      assert.ok(ops.has(expected), `scenario covers ${expected}`);
    }
    const statuses = new Set(sim.exchanges.map((e) => e.status));
    for (const s of [200, 400, 404, 429, 502]) assert.ok(statuses.has(s), `scenario produced status ${s}`);
  });

  it("the validator is not vacuous: it rejects wrong shapes", () => {
    const bad: RecordedExchange[] = [
      { method: "POST", apiPath: "/api/fleet/package_policies/upgrade/dryrun", path: "", query: {}, requestBody: { packagePolicyIds: ["a"] }, status: 200, responseBody: [{ hasErrors: "no" }], responseContentType: "application/json" },
      { method: "POST", apiPath: "/api/fleet/package_policies/upgrade", path: "", query: {}, requestBody: { ids: ["a"] }, status: 200, responseBody: [{ id: "a", success: true }], responseContentType: "application/json" },
      { method: "GET", apiPath: "/api/fleet/epm/packages/nginx/1.0.0", path: "", query: { withMetadata: "maybe" }, requestBody: undefined, status: 200, responseBody: { item: { name: "nginx" } }, responseContentType: "application/json" },
      { method: "GET", apiPath: "/api/fleet/package_policies", path: "", query: {}, requestBody: undefined, status: 200, responseBody: { items: [{ id: "x" }], total: 1, page: 1, perPage: 20 }, responseContentType: "application/json" },
    ];
    for (const ex of bad) assert.ok(contract.check(ex).length > 0, `rejects ${ex.method} ${ex.apiPath}`);
  });

  describe("verbatim Kibana examples (fleet.md)", () => {
    it("package info answer has the fields of K:…/examples/get_package_info.yaml", async () => {
      const example = { item: { name: "aws", version: "2.10.0", title: "AWS", description: "Collect logs and metrics from Amazon Web Services", status: "installed", categories: ["cloud"], assets: { kibana: { dashboard: [], index_pattern: [] } } } };
      const r = await call(sim, "GET", "/api/fleet/epm/packages/aws/2.10.0");
      assert.strictEqual(r.status, 200);
      assertCovers(r.json, example, "GET package info");
      assert.deepStrictEqual((r.json as typeof example).item.description, example.item.description);
    });

    it("install, settings, list, dry run and upgrade answers have the fields of the doc examples", async () => {
      const s2 = await startFleetSim();
      try {
        s2.state.seedInstallation("nginx", "1.19.1");
        s2.state.seedPolicy({ id: "package-policy-id-1", name: "nginx-1", package: "nginx", policyIds: ["agent-policy-id-1"], inputs: { "nginx-nginx/metrics": { streams: { "nginx.stubstatus": { vars: { period: "10" } } } } } });
        const put = await call(s2, "PUT", "/api/fleet/epm/packages/nginx/1.19.1", { keepPoliciesUpToDate: true });
        assertCovers(put.json, { item: { name: "aws", version: "2.10.0", keepPoliciesUpToDate: true } }, "PUT settings");
        const list = await call(s2, "GET", "/api/fleet/package_policies?kuery=ingest-package-policies.package.name:nginx");
        assertCovers(list.json, { items: [{ id: "package-policy-id-1", name: "nginx-1", namespace: "default", enabled: true, policy_ids: ["agent-policy-id-1"], package: { name: "nginx", title: "Nginx", version: "1.20.0" }, inputs: [], created_at: "2024-01-15T10:00:00.000Z", updated_at: "2024-01-15T10:00:00.000Z" }], total: 1, page: 1, perPage: 20 }, "GET package_policies");
        assert.deepStrictEqual([(list.json as { page: number }).page, (list.json as { perPage: number }).perPage, (list.json as { total: number }).total], [1, 20, 1]);
        await call(s2, "PUT", "/api/fleet/epm/packages/nginx/1.19.1", { keepPoliciesUpToDate: false });
        const inst = await call(s2, "POST", "/api/fleet/epm/packages/nginx/1.23.0", { force: true });
        assertCovers(inst.json, { items: [{ id: "aws-logs-aws.cloudwatch_logs-default", type: "index_template" }], _meta: { install_source: "registry" } }, "POST install");
        const dry = await call(s2, "POST", "/api/fleet/package_policies/upgrade/dryrun", { packagePolicyIds: ["package-policy-id-1"] });
        assertCovers(dry.json, [{ name: "nginx-1", hasErrors: false, diff: [{ id: "package-policy-id-1", name: "nginx-1", package: { name: "nginx", version: "1.20.0" } }, { name: "nginx-1", package: { name: "nginx", version: "1.21.0" } }] }], "POST dryrun");
        const up = await call(s2, "POST", "/api/fleet/package_policies/upgrade", { packagePolicyIds: ["package-policy-id-1"] });
        assert.deepStrictEqual(up.json, [{ id: "package-policy-id-1", name: "nginx-1", success: true }]);
      } finally {
        await s2.stop();
      }
    });

    it("error bodies have Kibana's shape and the verbatim messages", async () => {
      const outOfDate = await call(sim, "POST", "/api/fleet/epm/packages/1password/0.1.1", { force: false });
      // verbatim: {"statusCode":400,"error":"Bad Request","message":"security_detection_engine-8.16.0 is out-of-date and cannot be installed or updated"}
      assert.deepStrictEqual(outOfDate, { status: 400, json: { statusCode: 400, error: "Bad Request", message: "1password-0.1.1 is out-of-date and cannot be installed or updated" } });
      const notFound = await call(sim, "POST", "/api/fleet/epm/packages/kibana/8.0.0", {});
      // verbatim: {"statusCode":404,"error":"Not Found","message":"[kibana] package not found in registry"}
      assert.deepStrictEqual(notFound, { status: 404, json: { statusCode: 404, error: "Not Found", message: "[kibana] package not found in registry" } });
      const archive = await call(sim, "POST", "/api/fleet/epm/packages/aws/9.0.0", {});
      // verbatim shape: 500 "'404 Not Found' error response from package registry at https://epr.elastic.co/epr/apm/apm-8.8.0.zip"
      assert.deepStrictEqual(archive, { status: 500, json: { statusCode: 500, error: "Internal Server Error", message: "'404 Not Found' error response from package registry at https://epr.elastic.co/epr/aws/aws-9.0.0.zip" } });
    });

    it("dry-run errors match the real aws 0.6.1 → 1.3.1 error list (kibana PR #116093) key for key", async () => {
      const s3 = await startFleetSim();
      try {
        s3.state.seedInstallation("aws", "2.10.0");
        s3.state.seedPolicy({ id: "aws-p", name: "aws-p", package: "aws" });
        await call(s3, "POST", "/api/fleet/epm/packages/aws/2.11.0", {});
        const dry = await call(s3, "POST", "/api/fleet/package_policies/upgrade/dryrun", { packagePolicyIds: ["aws-p"] });
        const errors = (dry.json as { diff: [unknown, { errors: unknown }] }[])[0].diff[1].errors;
        assert.deepStrictEqual(errors, [
          { key: "inputs.cloudtrail-aws-s3.streams.aws.cloudtrail.vars.queue_url", message: ["Queue URL is required"] },
          { key: "inputs.cloudwatch-aws-s3.streams.aws.cloudwatch_logs.vars.queue_url", message: ["Queue URL is required"] },
        ]);
      } finally {
        await s3.stop();
      }
    });
  });
});
