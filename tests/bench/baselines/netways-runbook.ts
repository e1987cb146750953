// A MODEL of a runbook-driven self-managed rolling upgrade, for the benchmark baseline (tests/bench/elastic.bench.ts).
// It is not the NETWAYS Ansible collection and not Elastic's docs verbatim: it is plain code doing the REST calls of
// Elastic's documented manual sequence, paced the way common automation paces them.
//
// Sources (summarised in /work/shared/reference/elastic.md §b2, §b3, §e3):
// - Sequence: Elastic, "Upgrade Elasticsearch" (rolling upgrade), steps 1–10: disable replica allocation
//   (`cluster.routing.allocation.enable: primaries`), flush, stop the node, upgrade the package, start it, wait until it
//   is in `_cat/nodes` on the new version, re-enable allocation (`null`), wait for green — or yellow with no
//   initializing/relocating shards while replicas of new-version primaries cannot be assigned — then the next node;
//   order frozen → cold → warm → hot → other data nodes → remaining non-master nodes → master-eligible nodes last.
// - Pacing: NETWAYS/ansible-collection-elasticstack, roles/elasticsearch/tasks/elasticsearch-rolling-upgrade.yml and
//   elasticsearch-wait-for-cluster-health.yml (serial 1): cluster health checked every 30 s before each node
//   (retries 50), rejoin checked with `_cat/nodes?h=name` every 3 s (retries 200), allocation re-enabled (retries 5 ×
//   30 s) then yellow-or-green checked (retries 5 × 30 s). Ansible `until:` loops check at once and sleep `delay`
//   between checks (see `until` in ./http.ts).
//
// Where this model is KINDER to the baseline than the tool it models (so our ratio is, if anything, flattered less):
// - it accepts the docs' safe yellow (no initializing/relocating shards) at every 30 s health check; NETWAYS retries for
//   green 50 × 30 s (25 min) first and only then rescues into that yellow (after a further 10 s pause);
// - it leaves out NETWAYS's fixed transport-port waits (`wait_for` delay 30 s after a start, 45 s after a restart) and
//   its `GET /` check (10 × 10 s);
// - it uses `primaries` as the docs say, where NETWAYS sets `none` (NETWAYS issue #363), so primaries recover at once.
// The node operations (systemctl stop, apt-get install, systemctl start — Ansible tasks over ssh) are supplied by the
// caller; against the simulator they are its control API.
import { call, type Endpoint, until } from "./http";

/** The modelled intervals, in seconds of (simulated) time: multiplied by `timeScale` at run time. */
export const NETWAYS_INTERVALS = {
  /** elasticsearch-wait-for-cluster-health.yml: `until: status == green`, delay 30 */
  healthDelayS: 30,
  healthRetries: 50,
  /** elasticsearch-rolling-upgrade.yml: `until: inventory_hostname in _cat/nodes`, delay 3 */
  rejoinDelayS: 3,
  rejoinRetries: 200,
  /** re-enable allocation and the yellow-or-green check after it: retries 5, delay 30 */
  afterDelayS: 30,
  afterRetries: 5,
} as const;

export interface NodeOps {
  stop(name: string): Promise<void>;
  install(name: string, version: string): Promise<void>;
  start(name: string): Promise<void>;
}

export interface RunbookOptions {
  elasticsearch: Endpoint;
  target: string;
  nodeOps: NodeOps;
  /** real ms per simulated ms (the simulator's timeScale): a 30 s delay sleeps 30 000 × timeScale ms */
  timeScale: number;
  signal?: AbortSignal;
  /** milestones, e.g. "es-hot-0: rejoined on 9.1.2" */
  onStep?: (message: string) => void;
}

export interface RunbookResult {
  /** node names in the order they were upgraded */
  order: string[];
  /** health checks, rejoin checks and other requests this model sent (the simulator's log is the bench's count) */
  healthChecks: number;
  rejoinChecks: number;
}

interface CatNode {
  name: string;
  version: string;
  "node.role": string;
}

interface Health {
  status: "green" | "yellow" | "red";
  initializing_shards: number;
  relocating_shards: number;
}

/** docs order: frozen, cold, warm, hot, other data, other non-master nodes, master-eligible last */
export function runbookOrder(nodes: { name: string; roles: string }[]): string[] {
  const rank = (roles: string) => {
    if (roles.includes("m")) return 6;
    if (roles.includes("f")) return 0;
    if (roles.includes("c")) return 1;
    if (roles.includes("w")) return 2;
    if (roles.includes("h")) return 3;
    if (/[ds]/.test(roles)) return 4;
    return 5;
  };
  return [...nodes].sort((a, b) => rank(a.roles) - rank(b.roles) || a.name.localeCompare(b.name)).map((n) => n.name);
}

/** Runs the modelled runbook until every node runs `target` and the cluster is green. */
export async function runNetwaysRunbook(o: RunbookOptions): Promise<RunbookResult> {
  const es = o.elasticsearch;
  const sig = o.signal;
  const ms = (s: number) => s * 1000 * o.timeScale;
  const I = NETWAYS_INTERVALS;
  const result: RunbookResult = { order: [], healthChecks: 0, rejoinChecks: 0 };
  const catNodes = () => call<CatNode[]>(es, "GET", "/_cat/nodes?format=json&h=name,version,node.role", undefined, sig);
  const health = async (): Promise<Health> => {
    result.healthChecks++;
    return call<Health>(es, "GET", "/_cluster/health", undefined, sig);
  };
  /** docs step 9: green, or yellow with nothing initializing or relocating */
  const settled = (h: Health) => h.status === "green" || (h.status === "yellow" && h.initializing_shards === 0 && h.relocating_shards === 0);

  // pre-flight (docs P1): versions and roles of every node
  const nodes = await catNodes();
  const order = runbookOrder(nodes.map((n) => ({ name: n.name, roles: n["node.role"] })));
  for (const name of order) {
    if (nodes.find((n) => n.name === name)?.version === o.target) continue; // already upgraded: the play skips it
    // wait for a healthy cluster before touching the node
    await until(`cluster health before ${name}`, async () => settled(await health()), { retries: I.healthRetries, delayMs: ms(I.healthDelayS), signal: sig });
    // 1. disable replica allocation; 2. flush
    await call(es, "PUT", "/_cluster/settings", { persistent: { "cluster.routing.allocation.enable": "primaries" } }, sig);
    await call(es, "POST", "/_flush", undefined, sig);
    // 4–7. stop, upgrade the package, start
    await o.nodeOps.stop(name);
    await o.nodeOps.install(name, o.target);
    await o.nodeOps.start(name);
    // 7. wait until the node is back in _cat/nodes on the new version
    await until(
      `${name} back in the cluster on ${o.target}`,
      async () => {
        result.rejoinChecks++;
        return (await catNodes()).some((n) => n.name === name && n.version === o.target);
      },
      { retries: I.rejoinRetries, delayMs: ms(I.rejoinDelayS), signal: sig },
    );
    o.onStep?.(`${name}: rejoined on ${o.target}`);
    // 8. re-enable allocation
    await call(es, "PUT", "/_cluster/settings", { persistent: { "cluster.routing.allocation.enable": null } }, sig);
    // the collection's yellow-or-green check after re-enabling allocation
    await until(`cluster yellow or green after ${name}`, async () => (await health()).status !== "red", { retries: I.afterRetries, delayMs: ms(I.afterDelayS), signal: sig });
    result.order.push(name);
  }
  // 9/10. the last node's recovery: wait for green, then check every version
  await until("cluster green after the last node", async () => (await health()).status === "green", { retries: I.healthRetries, delayMs: ms(I.healthDelayS), signal: sig });
  const end = await catNodes();
  const behind = end.filter((n) => n.version !== o.target).map((n) => `${n.name} (${n.version})`);
  if (behind.length || end.length < nodes.length) {
    throw new Error(`runbook ended with ${end.length} of ${nodes.length} nodes, not on ${o.target}: ${behind.join(", ") || "missing nodes"}`);
  }
  return result;
}
