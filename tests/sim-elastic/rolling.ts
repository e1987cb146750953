// The official self-managed rolling-upgrade sequence (elastic.md §b2), played over HTTP against the
// simulator with the hook script run as a child process — the way the provider will drive it.
import * as assert from "assert";
import { execFile } from "child_process";
import { promisify } from "util";
import type { StartedSim } from "../sim/index";
import { clients } from "./helpers";

export const execFileP = promisify(execFile);

export interface NodeRow {
  id: string;
  name: string;
  version: string;
  "node.role": string;
  master: string;
  ip: string;
}

export async function catNodes(sim: StartedSim): Promise<NodeRow[]> {
  const r = await clients(sim).es("GET", "/_cat/nodes?format=json&h=id,name,version,node.role,master,ip&full_id=true");
  assert.strictEqual(r.status, 200);
  return r.body as NodeRow[];
}

/** runs the ES node hook script for `name` with the environment the provider sets */
export function runNodeHook(sim: StartedSim, node: { name: string; id: string; host: string; from: string }, version: string, timeout = 15_000) {
  return execFileP(process.execPath, [sim.scripts.esNode], {
    timeout,
    env: {
      ...process.env,
      ...sim.hookEnv(),
      UPGRADES_NODE_NAME: node.name,
      UPGRADES_NODE_ID: node.id,
      UPGRADES_NODE_HOST: node.host,
      UPGRADES_FROM_VERSION: node.from,
      UPGRADES_TARGET_VERSION: version,
    },
  });
}

/**
 * One node, docs steps 1–9: disable replica allocation, flush, stop/upgrade/start (hook), wait for the node
 * to rejoin on the new version, re-enable allocation, wait green — or yellow with nothing initializing or
 * relocating (new-version primaries lacking a new-version replica host).
 */
export async function upgradeNodeOfficially(sim: StartedSim, name: string, version: string, opts: { skipAllocationStep?: boolean } = {}): Promise<void> {
  const c = clients(sim);
  const before = await catNodes(sim);
  const row = before.find((n) => n.name === name);
  assert.ok(row, `${name} is not in the cluster before its upgrade`);
  if (!opts.skipAllocationStep) {
    const r = await c.es("PUT", "/_cluster/settings", { body: { persistent: { "cluster.routing.allocation.enable": "primaries" } } });
    assert.strictEqual(r.status, 200);
  }
  assert.strictEqual((await c.es("POST", "/_flush")).status, 200);
  const out = await runNodeHook(sim, { name, id: row.id, host: row.ip, from: row.version }, version);
  assert.match(out.stdout, new RegExp(`${name} started on ${version.replace(/\./g, "\\.")}`));
  const joined = await c.es("GET", `/_cluster/health?wait_for_nodes=>=${before.length}&timeout=30m`);
  assert.strictEqual(joined.status, 200, `${name} did not rejoin`);
  const after = (await catNodes(sim)).find((n) => n.name === name);
  assert.strictEqual(after?.version, version);
  if (!opts.skipAllocationStep) {
    const r = await c.es("PUT", "/_cluster/settings", { body: { persistent: { "cluster.routing.allocation.enable": null } } });
    assert.deepStrictEqual(r.body, { acknowledged: true, persistent: {}, transient: {} });
  }
  const h = await c.es("GET", "/_cluster/health?wait_for_status=yellow&wait_for_no_initializing_shards=true&wait_for_no_relocating_shards=true&timeout=30m");
  assert.strictEqual(h.status, 200, `health after ${name}: ${JSON.stringify(h.body)}`);
}

/** the documented node order: frozen → cold → warm → hot → other → master-eligible, elected master last */
export async function officialOrder(sim: StartedSim): Promise<string[]> {
  const c = clients(sim);
  const names = async (filter: string) => Object.values((await c.es("GET", `/_nodes/${filter}/_none`)).body.nodes as Record<string, { name: string }>).map((n) => n.name).sort();
  const seen = new Set<string>();
  const order: string[] = [];
  for (const f of ["data_frozen:true", "data_cold:true", "data_warm:true", "data_hot:true", "master:false"]) {
    for (const n of await names(f)) if (!seen.has(n) && !(await names("master:true")).includes(n)) (seen.add(n), order.push(n));
  }
  const rows = await catNodes(sim);
  const masters = rows.filter((r) => r.master === "-" && r["node.role"].includes("m")).map((r) => r.name).sort();
  const elected = rows.find((r) => r.master === "*")!.name;
  return [...order, ...masters, elected];
}
