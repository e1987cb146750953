/**
 * @module Agreement between the client-side merge (provider/resources/fleet/merge.ts, computed from the target's
 * package info BEFORE installing) and the simulator's own dry run (its separate port of Kibana's
 * updatePackageInputs/validatePackagePolicy, run AFTER installing the target), for every conflict-bearing upgrade
 * of the simulator's catalog and a spread of policy shapes.
 */
import * as assert from "assert";
import { ExistingPolicy, mergePolicy, TargetPackage } from "../../provider/resources/fleet/merge";
import { FleetSim, PolicySeed, startFleetSim } from "../sim/fleet";

interface Pair {
  pkg: string;
  from: string;
  to: string;
  seeds: Omit<PolicySeed, "package" | "version">[];
}

const nginxSeeds: Pair["seeds"] = [
  { name: "defaults" },
  { name: "httpjson-on", inputs: { "nginx-httpjson": { enabled: true, streams: { "nginx.access": { enabled: true } } } } },
  { name: "httpjson-on-token", inputs: { "nginx-httpjson": { enabled: true, vars: { url: "https://splunk:8089" }, streams: { "nginx.error": { enabled: true } } } } },
  { name: "metrics-off", inputs: { "nginx-nginx/metrics": { enabled: false } } },
  { name: "period-int", inputs: { "nginx-nginx/metrics": { streams: { "nginx.stubstatus": { vars: { period: "30" } } } } } },
  { name: "custom-paths", inputs: { "nginx-logfile": { streams: { "nginx.access": { vars: { paths: ["/srv/nginx/*.log"] } } } } } },
];

const pairs: Pair[] = [
  { pkg: "nginx", from: "1.15.0", to: "1.20.0", seeds: nginxSeeds },
  { pkg: "nginx", from: "1.19.1", to: "1.21.0", seeds: nginxSeeds },
  { pkg: "nginx", from: "1.15.0", to: "1.22.0", seeds: nginxSeeds },
  { pkg: "nginx", from: "1.20.0", to: "1.23.0", seeds: nginxSeeds.filter((s) => s.name !== "httpjson-on") },
  {
    pkg: "aws",
    from: "2.10.0",
    to: "2.11.0",
    seeds: [{ name: "aws-both" }, { name: "aws-cloudwatch-off", inputs: { "cloudwatch-aws-s3": { enabled: false } } }],
  },
  {
    pkg: "system",
    from: "1.54.0",
    to: "2.1.0",
    seeds: [{ name: "system-defaults" }, { name: "system-httpjson", inputs: { "system-httpjson": { enabled: true, streams: { "system.security": { enabled: true } } } } }],
  },
];

async function call(sim: FleetSim, method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  const res = await fetch(sim.url + path, {
    method,
    headers: { authorization: `ApiKey ${sim.credentials.apiKey}`, "content-type": "application/json", "kbn-xsrf": "true" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: await res.json() };
}

type Shape = [string, boolean, [string, boolean, string[]][]][];

/** A comparable summary of merged inputs: input id, enabled, streams with enabled and var=value pairs. */
function shape(inputs: ExistingPolicy["inputs"], pkgName: string): Shape {
  const vars = (v?: Record<string, { value?: unknown }>) => Object.entries(v ?? {}).map(([k, e]) => `${k}=${JSON.stringify(e.value ?? null)}`).sort();
  return inputs
    .map((i): Shape[number] => [`${i.policy_template ?? pkgName}-${i.type}|${vars(i.vars).join(",")}`, i.enabled, i.streams.map((s): [string, boolean, string[]] => [s.data_stream.dataset, s.enabled, vars(s.vars)]).sort()])
    .sort((a, b) => (a[0] < b[0] ? -1 : 1));
}

describe("Fleet merge agrees with the simulator's dry run", () => {
  for (const pair of pairs) {
    it(`${pair.pkg} ${pair.from} → ${pair.to}: same conflicts, same merged inputs`, async () => {
      const sim = await startFleetSim({ kibanaVersion: "8.15.2" });
      try {
        sim.state.seedInstallation(pair.pkg, pair.from);
        const policies = pair.seeds.map((s) => sim.state.seedPolicy({ ...s, package: pair.pkg, version: pair.from }));
        const info = await call(sim, "GET", `/api/fleet/epm/packages/${pair.pkg}/${pair.to}`);
        assert.strictEqual(info.status, 200);
        const target = (info.json as { item: TargetPackage }).item;
        const listed = await call(sim, "GET", `/api/fleet/package_policies?kuery=ingest-package-policies.package.name:${pair.pkg}&perPage=100`);
        const existing = (listed.json as { items: ExistingPolicy[] }).items;
        const client = new Map(existing.map((p) => [p.id, mergePolicy(p, target)]));

        const installed = await call(sim, "POST", `/api/fleet/epm/packages/${pair.pkg}/${pair.to}`, { force: true });
        assert.strictEqual(installed.status, 200);
        const dry = await call(sim, "POST", "/api/fleet/package_policies/upgrade/dryrun", { packagePolicyIds: policies.map((p) => p.id) });
        assert.strictEqual(dry.status, 200);
        const items = dry.json as { name: string; hasErrors: boolean; diff: [ExistingPolicy, ExistingPolicy & { errors?: { key: string; message: string[] }[] }] }[];
        let conflicting = 0;
        for (const [i, item] of items.entries()) {
          const mine = client.get(policies[i].id);
          assert.ok(mine, `policy ${policies[i].id} listed`);
          const simErrors = (item.diff[1].errors ?? []).map((e) => [e.key, e.message.join("; ")]).sort();
          const ours = mine.conflicts.map((c) => [c.field, c.message]).sort();
          assert.deepStrictEqual(ours, simErrors, `conflicts of ${item.name}`);
          assert.strictEqual(item.hasErrors, ours.length > 0);
          assert.deepStrictEqual(shape(mine.merged.inputs, pair.pkg), shape(item.diff[1].inputs, pair.pkg), `merged inputs of ${item.name}`);
          if (ours.length) conflicting++;
        }
        // the catalog pair must exercise something: a conflict or a removal
        const removed = [...client.values()].flatMap((r) => r.removed);
        assert.ok(conflicting > 0 || removed.length > 0, "pair exercises a conflict or a removal");
      } finally {
        await sim.stop();
      }
    });
  }
});
