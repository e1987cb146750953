// The Elasticsearch REST API over an EsCluster, with the shapes recorded in elastic-api-shapes.md.
// One URL for the whole cluster (as behind a load balancer): `GET /` answers as the first running node in
// configuration order. Every endpoint rejects unknown query parameters (400 illegal_argument_exception) and
// answers cluster-level requests with 503 master_not_discovered_exception while there is no elected master.
import { FaultBook } from "../common/faults";
import { parseAuthorization, SimServer, type SimRequest, type SimResponse } from "../common/http";
import {
  applyFilterPath,
  boolParam,
  CAT_PARAMS,
  checkParams,
  esError,
  isResponse,
  parseTimeValue,
  unauthorized,
} from "./errors";
import { type ClusterHealth, type EsCluster, type EsIndex, type EsNode, isDataNode, NodeOperationError, type ShutdownRecord, type SnapshotInfo } from "./cluster";
import { ES_ROLES, EsIndexConfigSchema } from "./config";
import { luceneVersion, minIndexCompat, minWireCompat, parseVersion } from "./versions";

export interface EsCredentials {
  username: string;
  password: string;
  /** API keys as id + secret; clients send `Authorization: ApiKey base64(id:api_key)` */
  apiKeys: { id: string; api_key: string }[];
}

export function encodedApiKey(k: { id: string; api_key: string }): string {
  return Buffer.from(`${k.id}:${k.api_key}`).toString("base64");
}

type Handler = (req: SimRequest) => SimResponse | Promise<SimResponse>;

const NODE_METRICS = [
  "settings",
  "os",
  "process",
  "jvm",
  "thread_pool",
  "transport",
  "http",
  "remote_cluster_server",
  "plugins",
  "ingest",
  "aggregations",
  "indices",
];

const KNOWN_SETTINGS: Record<string, string[] | "int" | "bool" | "any"> = {
  "cluster.routing.allocation.enable": ["all", "primaries", "new_primaries", "none"],
  "cluster.routing.rebalance.enable": ["all", "primaries", "replicas", "none"],
  "cluster.routing.allocation.allow_rebalance": ["always", "indices_primaries_active", "indices_all_active"],
  "cluster.routing.allocation.node_concurrent_recoveries": "int",
  "cluster.routing.allocation.node_concurrent_incoming_recoveries": "int",
  "cluster.routing.allocation.node_concurrent_outgoing_recoveries": "int",
  "cluster.routing.allocation.node_initial_primaries_recoveries": "int",
  "cluster.routing.allocation.cluster_concurrent_rebalance": "int",
  "cluster.routing.allocation.disk.threshold_enabled": "bool",
  "cluster.routing.allocation.disk.watermark.low": "any",
  "cluster.routing.allocation.disk.watermark.high": "any",
  "cluster.routing.allocation.disk.watermark.flood_stage": "any",
  "cluster.max_shards_per_node": "int",
  "cluster.info.update.interval": "any",
  "indices.recovery.max_bytes_per_sec": "any",
  "action.destructive_requires_name": "bool",
  "xpack.monitoring.collection.enabled": "bool",
  "ingest.geoip.downloader.enabled": "bool",
};
const SETTING_PREFIXES = ["cluster.routing.allocation.exclude.", "cluster.routing.allocation.include.", "cluster.routing.allocation.require.", "logger."];

function flatten(obj: Record<string, unknown>, prefix = "", out: Record<string, unknown> = {}): Record<string, unknown> {
  for (const [k, v] of Object.entries(obj)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v !== null && typeof v === "object" && !Array.isArray(v)) flatten(v as Record<string, unknown>, key, out);
    else out[key] = v;
  }
  return out;
}

function nest(flat: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(flat)) {
    const parts = k.split(".");
    let cur = out;
    for (const p of parts.slice(0, -1)) cur = (cur[p] ??= {}) as Record<string, unknown>;
    cur[parts[parts.length - 1]] = v;
  }
  return out;
}

function roleLetters(n: EsNode): string {
  const map: Record<string, string> = {
    data_cold: "c",
    data: "d",
    data_frozen: "f",
    data_hot: "h",
    ingest: "i",
    ml: "l",
    master: "m",
    remote_cluster_client: "r",
    data_content: "s",
    transform: "t",
    voting_only: "v",
    data_warm: "w",
  };
  const letters = n.roles.map((r) => map[r]).filter(Boolean).sort().join("");
  return letters || "-";
}

/** «synth» integer transport/index versions: monotonic in the release version, like the real ids */
function transportVersion(v: string): number {
  const [a, b, c] = parseVersion(v);
  return a * 1_000_000 + b * 10_000 + c * 100 + 99;
}

function buildHash(v: string): string {
  let h = 0;
  for (const ch of v) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return h.toString(16).padStart(8, "0");
}

/** «synth» build date: a few days before the version's GA, which the simulator does not know; a fixed date */
function buildDate(v: string): string {
  const [a, b, c] = parseVersion(v);
  const d = new Date(Date.UTC(2020 + a - 7, b % 12, 1 + (c % 27), 12, 0, 0));
  return d.toISOString().replace(".000Z", ".000000000Z");
}

interface CatColumn {
  name: string;
  aliases: string[];
}

function catRespond(req: SimRequest, columns: CatColumn[], defaults: string[], rows: Record<string, string | null>[]): SimResponse {
  const h = req.query.get("h");
  const requested = h ? h.split(",").map((x) => x.trim()).filter(Boolean) : defaults;
  const picked: { key: string; col: CatColumn }[] = [];
  for (const r of requested) {
    if (r === "*") {
      for (const c of columns) picked.push({ key: c.name, col: c });
      continue;
    }
    const col = columns.find((c) => c.name === r || c.aliases.includes(r));
    if (!col) return esError(400, "illegal_argument_exception", `header [${r}] not found`);
    picked.push({ key: h ? r : col.name, col });
  }
  let out = rows.map((row) => Object.fromEntries(picked.map(({ key, col }) => [key, row[col.name] ?? null])));
  const s = req.query.get("s");
  if (s) {
    const [field, dir] = s.split(",")[0].split(":");
    const col = columns.find((c) => c.name === field || c.aliases.includes(field));
    if (!col) return esError(400, "unsupported_operation_exception", `Unable to sort by unknown sort key \`${field}\``);
    const sorted = rows.map((row, i) => ({ row, i })).sort((x, y) => String(x.row[col.name] ?? "").localeCompare(String(y.row[col.name] ?? ""), undefined, { numeric: true }));
    if (dir === "desc") sorted.reverse();
    out = sorted.map(({ i }) => out[i]);
  }
  const format = req.query.get("format") ?? "text";
  if (format === "json") return { status: 200, body: out };
  if (format !== "text" && format !== "txt") return esError(400, "illegal_argument_exception", `Unsupported format [${format}]`);
  const v = boolParam(req, "v");
  if (isResponse(v)) return v;
  const keys = picked.map((p) => p.key);
  const table = [...(v ? [Object.fromEntries(keys.map((k) => [k, k]))] : []), ...out];
  const widths = keys.map((k) => Math.max(...table.map((r) => String(r[k] ?? "").length)));
  const text = table.map((r) => keys.map((k, i) => String(r[k] ?? "").padEnd(widths[i])).join(" ").trimEnd()).join("\n") + "\n";
  return { status: 200, body: text, raw: true, headers: { "content-type": "text/plain; charset=UTF-8" } };
}

export interface EsServerOptions {
  credentials: EsCredentials;
  faults?: FaultBook;
}

export function createEsServer(cluster: EsCluster, opts: EsServerOptions): SimServer {
  const creds = opts.credentials;
  const server = new SimServer({
    name: "elasticsearch",
    faults: opts.faults,
    auth: (req) => {
      const a = parseAuthorization(req.headers);
      if (!a) return unauthorized(`missing authentication credentials for REST request [${req.path}]`);
      if (a.scheme === "basic") {
        if (a.username === creds.username && a.password === creds.password) return undefined;
        return unauthorized(`unable to authenticate user [${a.username}] for REST request [${req.path}]`);
      }
      if (a.scheme === "apikey" && creds.apiKeys.some((k) => encodedApiKey(k) === a.token)) return undefined;
      return unauthorized("unable to authenticate with provided credentials and anonymous access is not allowed for this request");
    },
    onBadJson: (_req, err) => esError(400, "x_content_parse_exception", `[1:1] ${err.message}`),
    notFound: (req) => {
      const seg = req.path.split("/")[1] ?? "";
      if (seg.startsWith("_") || seg === "") return { status: 400, body: { error: `no handler found for uri [${req.path}] and method [${req.method}]`, status: 400 } };
      return esError(404, "index_not_found_exception", `no such index [${seg}]`, { "resource.type": "index_or_alias", "resource.id": seg, index_uuid: "_na_", index: seg });
    },
  });

  const productHeaders = (v: string) => ({ "x-elastic-product": "Elasticsearch", "x-sim-node-version": v });
  const httpNode = (): EsNode | undefined => cluster.nodes.find((n) => n.process === "running" && n.joined) ?? cluster.nodes.find((n) => n.process === "running");

  const registered = new Map<string, Set<string>>();
  const route = (method: string, pattern: string, params: string[], handler: Handler, needsMaster = true) => {
    if (!registered.has(pattern)) registered.set(pattern, new Set());
    registered.get(pattern)!.add(method);
    server.route(method, pattern, async (req) => {
      const bad = checkParams(req, params);
      const node = httpNode();
      let res: SimResponse;
      const ct = req.headers["content-type"];
      if (req.text.length > 0 && typeof ct === "string" && !/json/i.test(ct)) {
        res = { status: 406, body: { error: `Content-Type header [${ct}] is not supported`, status: 406 } };
      } else if (bad) res = bad;
      else if (!node) res = esError(503, "no_node_available_exception", "no Elasticsearch node process is running (simulator: every node is stopped)");
      else if (needsMaster && !cluster.master()) res = esError(503, "master_not_discovered_exception", "null");
      else res = await handler(req);
      if (!res.raw && res.body !== undefined) res = { ...res, body: applyFilterPath(res.body, req.query.get("filter_path")) };
      return { ...res, headers: { ...productHeaders(node?.runningVersion ?? "none"), ...(res.headers ?? {}) } };
    });
  };

  // ------------------------------------------------------------ GET /
  const root: Handler = () => {
    const n = httpNode()!;
    const v = n.runningVersion;
    return {
      status: 200,
      body: {
        name: n.name,
        cluster_name: cluster.clusterName,
        cluster_uuid: n.joined ? cluster.clusterUuid : "_na_",
        version: {
          number: v,
          build_flavor: "default",
          build_type: "deb",
          build_hash: buildHash(v),
          build_date: buildDate(v),
          build_snapshot: false,
          lucene_version: luceneVersion(v),
          minimum_wire_compatibility_version: minWireCompat(v),
          minimum_index_compatibility_version: minIndexCompat(v),
        },
        tagline: "You Know, for Search",
      },
    };
  };
  route("GET", "/", [], root, false);
  route("HEAD", "/", [], () => ({ status: 200 }), false);

  // ------------------------------------------------------------ nodes
  const selectNodes = (spec: string): EsNode[] | SimResponse => {
    const members = cluster.joinedNodes();
    const roleNames = [...ES_ROLES, "coordinating_only"] as string[];
    let set: EsNode[] = [];
    spec.split(",").forEach((raw, i) => {
      const item = raw.trim();
      if (item === "_all" || item === "*") set = [...members];
      else if (item === "_local" || item === "_master") {
        const m = cluster.master();
        if (m && !set.includes(m)) set.push(m);
      } else if (item.includes(":")) {
        const [attr, val] = item.split(":");
        if (roleNames.includes(attr) || attr === "data") {
          const has = (n: EsNode) =>
            attr === "data" ? isDataNode(n) : attr === "coordinating_only" ? n.roles.length === 0 : n.roles.includes(attr as never);
          if (val === "true") {
            if (i === 0) set = [];
            for (const n of members) if (has(n) && !set.includes(n)) set.push(n);
          } else {
            if (i === 0) set = [...members];
            set = set.filter((n) => !has(n));
          }
        } else if (attr === "name" || attr === "host" || attr === "ip") {
          const re = new RegExp(`^${val.split("*").map((p) => p.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*")}$`);
          for (const n of members) if (re.test(attr === "name" ? n.name : attr === "host" ? n.host : n.ip) && !set.includes(n)) set.push(n);
        }
        // unknown attributes match nothing, as in ES
      } else {
        const re = new RegExp(`^${item.split("*").map((p) => p.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*")}$`);
        for (const n of members) if ((n.id === item || re.test(n.name) || n.ip === item || n.host === item) && !set.includes(n)) set.push(n);
      }
    });
    return set;
  };

  const nodeInfo = (n: EsNode, metrics: string[]) => {
    const v = n.runningVersion;
    const info: Record<string, unknown> = {
      name: n.name,
      transport_address: `${n.ip}:9300`,
      host: n.host,
      ip: n.ip,
      version: v,
      transport_version: transportVersion(v),
      index_version: transportVersion(v) - 5000,
      component_versions: { ml_config_version: transportVersion(v) - 7000, transform_config_version: transportVersion(v) - 9000 },
      build_flavor: "default",
      build_type: "deb",
      build_hash: buildHash(v),
      total_indexing_buffer: 536870912,
      roles: n.roles,
      attributes: { "xpack.installed": "true", "ml.config_version": v, "transform.config_version": v },
    };
    const all: Record<string, unknown> = {
      settings: { cluster: { name: cluster.clusterName }, node: { name: n.name, roles: n.roles }, path: { data: ["/var/lib/elasticsearch"], logs: "/var/log/elasticsearch" } },
      os: { refresh_interval_in_millis: 1000, name: "Linux", pretty_name: "Ubuntu 22.04", arch: "amd64", version: "5.15.0", available_processors: 4, allocated_processors: 4 },
      process: { refresh_interval_in_millis: 1000, id: 1000 + cluster.nodes.indexOf(n), mlockall: false },
      jvm: { pid: 1000 + cluster.nodes.indexOf(n), version: "23", vm_name: "OpenJDK 64-Bit Server VM", start_time_in_millis: n.startedAt, mem: { heap_init_in_bytes: 2147483648, heap_max_in_bytes: 2147483648 } },
      thread_pool: {},
      transport: { bound_address: [`${n.ip}:9300`], publish_address: `${n.ip}:9300`, profiles: {} },
      http: { bound_address: [`${n.ip}:9200`], publish_address: `${n.ip}:9200`, max_content_length_in_bytes: 104857600 },
      remote_cluster_server: { bound_address: [], publish_address: "" },
      plugins: [],
      ingest: { processors: [] },
      aggregations: {},
      indices: { analysis: {} },
    };
    for (const m of metrics) info[m] = all[m];
    return info;
  };

  const nodesInfo = (req: SimRequest, nodeSpec: string, metricSpec: string): SimResponse => {
    let metrics: string[];
    const ms = metricSpec.split(",").map((x) => x.trim());
    if (ms.includes("_all")) metrics = NODE_METRICS;
    else if (ms.includes("_none") || ms.includes("no-metrics")) metrics = [];
    else {
      const bad = ms.filter((m) => !NODE_METRICS.includes(m));
      if (bad.length) return esError(400, "illegal_argument_exception", `request [${req.path}] contains unrecognized metric: [${bad[0]}]`);
      metrics = ms;
    }
    const sel = selectNodes(nodeSpec);
    if (isResponse(sel)) return sel;
    return {
      status: 200,
      body: {
        _nodes: { total: sel.length, successful: sel.length, failed: 0 },
        cluster_name: cluster.clusterName,
        nodes: Object.fromEntries(sel.map((n) => [n.id, nodeInfo(n, metrics)])),
      },
    };
  };
  const NODES_PARAMS = ["flat_settings", "master_timeout", "timeout"];

  // node shutdown (registered before the generic /_nodes/:a/:b)
  const shutdownView = (r: ShutdownRecord) => {
    const status = cluster.shutdownStatus(r);
    const restart = r.type === "restart" || r.type === "sigterm";
    const remaining = restart ? 0 : cluster.shardsOn(r.nodeId);
    const out: Record<string, unknown> = {
      node_id: r.nodeId,
      type: r.type.toUpperCase(),
      reason: r.reason,
      shutdown_startedmillis: r.startedMillis,
    };
    if (r.allocationDelay) out.allocation_delay = r.allocationDelay;
    if (r.targetNodeName) out.target_node_name = r.targetNodeName;
    out.status = status;
    out.shard_migration = restart
      ? { status: "COMPLETE", shard_migrations_remaining: 0, explanation: "no shard relocation is necessary for a node restart" }
      : { status: status === "STALLED" ? "STALLED" : remaining ? "IN_PROGRESS" : "COMPLETE", shard_migrations_remaining: remaining };
    out.persistent_tasks = { status: status === "COMPLETE" ? "COMPLETE" : status === "STALLED" ? "STALLED" : "IN_PROGRESS" };
    out.plugins = { status: "COMPLETE" };
    return out;
  };
  const getShutdown = (ids: string | undefined): SimResponse => {
    const list = [...cluster.shutdowns.values()].filter((r) => !ids || ids === "_all" || ids.split(",").includes(r.nodeId));
    return { status: 200, body: { nodes: list.map(shutdownView) } };
  };
  route("GET", "/_nodes/shutdown", ["master_timeout"], () => getShutdown(undefined));
  route("GET", "/_nodes/:id/shutdown", ["master_timeout"], (req) => getShutdown(req.params.id));
  route("PUT", "/_nodes/:id/shutdown", ["master_timeout", "timeout"], (req) => {
    const b = req.body;
    if (typeof b !== "object" || b === null || Array.isArray(b)) return esError(400, "parse_exception", "request body is required");
    const body = b as Record<string, unknown>;
    const knownFields = ["type", "reason", "allocation_delay", "target_node_name", "grace_period"];
    const unknown = Object.keys(body).find((k) => !knownFields.includes(k));
    if (unknown) return esError(400, "x_content_parse_exception", `[1:2] [put_node_shutdown_request] unknown field [${unknown}]`);
    const type = typeof body.type === "string" ? body.type.toLowerCase() : "";
    if (!["restart", "remove", "replace", "sigterm"].includes(type)) {
      return esError(400, "illegal_argument_exception", `No enum constant org.elasticsearch.cluster.metadata.SingleNodeShutdownMetadata.Type.${String(body.type ?? "").toUpperCase()}`);
    }
    const problems: string[] = [];
    if (typeof body.reason !== "string" || body.reason === "") problems.push("the reason for shutdown is required");
    if (body.allocation_delay !== undefined && type !== "restart") problems.push(`[allocation_delay] is only allowed for RESTART type shutdown requests, attempted to set it for type [${type.toUpperCase()}]`);
    if (type === "replace" && typeof body.target_node_name !== "string") problems.push("target node name is required for REPLACE type shutdowns");
    if (body.target_node_name !== undefined && type !== "replace") problems.push(`target node name is only valid for REPLACE type shutdowns, but was given type [${type.toUpperCase()}]`);
    if (problems.length) return esError(400, "action_request_validation_exception", `Validation Failed: ${problems.map((p, i) => `${i + 1}: ${p};`).join("")}`);
    let delayMs: number | undefined;
    if (body.allocation_delay !== undefined) {
      const t = parseTimeValue(String(body.allocation_delay), "allocation_delay");
      if (isResponse(t)) return t;
      delayMs = t;
    }
    cluster.putShutdown({
      nodeId: req.params.id,
      type: type as ShutdownRecord["type"],
      reason: body.reason as string,
      allocationDelay: body.allocation_delay as string | undefined,
      allocationDelayMs: delayMs,
      targetNodeName: body.target_node_name as string | undefined,
    });
    return { status: 200, body: { acknowledged: true } };
  });
  route("DELETE", "/_nodes/:id/shutdown", ["master_timeout", "timeout"], (req) => {
    if (!cluster.deleteShutdown(req.params.id)) return esError(404, "resource_not_found_exception", `node [${req.params.id}] is not currently shutting down`);
    return { status: 200, body: { acknowledged: true } };
  });

  route("GET", "/_nodes", NODES_PARAMS, (req) => nodesInfo(req, "_all", "_all"));
  route("GET", "/_nodes/:a", NODES_PARAMS, (req) => {
    const a = req.params.a;
    const isMetrics = a.split(",").every((x) => NODE_METRICS.includes(x) || x === "_all" || x === "_none");
    return isMetrics && !a.includes(":") ? nodesInfo(req, "_all", a) : nodesInfo(req, a, "_all");
  });
  route("GET", "/_nodes/:a/:b", NODES_PARAMS, (req) => nodesInfo(req, req.params.a, req.params.b));

  // ------------------------------------------------------------ _cat
  const NODE_COLUMNS: CatColumn[] = [
    { name: "id", aliases: ["nodeId"] },
    { name: "pid", aliases: ["p"] },
    { name: "ip", aliases: ["i"] },
    { name: "port", aliases: ["po"] },
    { name: "http_address", aliases: ["http"] },
    { name: "version", aliases: ["v"] },
    { name: "type", aliases: ["t"] },
    { name: "build", aliases: ["b"] },
    { name: "flavor", aliases: ["f"] },
    { name: "heap.percent", aliases: ["hp", "heapPercent"] },
    { name: "ram.percent", aliases: ["rp", "ramPercent"] },
    { name: "cpu", aliases: [] },
    { name: "load_1m", aliases: ["l"] },
    { name: "load_5m", aliases: [] },
    { name: "load_15m", aliases: [] },
    { name: "uptime", aliases: ["u"] },
    { name: "node.role", aliases: ["r", "role", "nodeRole"] },
    { name: "master", aliases: ["m"] },
    { name: "name", aliases: ["n"] },
  ];
  route("GET", "/_cat/nodes", [...CAT_PARAMS, "full_id", "include_unloaded_segments"], (req) => {
    const full = boolParam(req, "full_id");
    if (isResponse(full)) return full;
    const rows = cluster.joinedNodes().map((n, i) => ({
      id: full ? n.id : n.id.slice(0, 4),
      pid: String(1000 + i),
      ip: n.ip,
      port: "9300",
      http_address: `${n.ip}:9200`,
      version: n.runningVersion,
      type: "deb",
      build: buildHash(n.runningVersion).slice(0, 7),
      flavor: "default",
      "heap.percent": String(30 + ((i * 7) % 40)),
      "ram.percent": String(60 + ((i * 5) % 30)),
      cpu: String(3 + i),
      load_1m: "0.42",
      load_5m: "0.38",
      load_15m: "0.35",
      uptime: `${Math.max(0, Math.round((Date.now() - n.startedAt) / 1000))}s`,
      "node.role": roleLetters(n),
      master: n.id === cluster.masterId ? "*" : "-",
      name: n.name,
    }));
    // default h = ip,hp,rp,r,m,n,cpu,l (SPEC); `l` expands to the three load columns in the default table
    return catRespond(req, NODE_COLUMNS, ["ip", "heap.percent", "ram.percent", "node.role", "master", "name", "cpu", "load_1m", "load_5m", "load_15m"], rows);
  });

  const SHARD_COLUMNS: CatColumn[] = [
    { name: "index", aliases: ["i", "idx"] },
    { name: "shard", aliases: ["s", "sh"] },
    { name: "prirep", aliases: ["p", "pr", "primaryOrReplica"] },
    { name: "state", aliases: ["st"] },
    { name: "docs", aliases: ["d", "dc"] },
    { name: "store", aliases: ["sto"] },
    { name: "ip", aliases: [] },
    { name: "id", aliases: [] },
    { name: "node", aliases: ["n"] },
    { name: "unassigned.reason", aliases: ["ur"] },
  ];
  const shardRows = (filter?: string) => {
    const rows: Record<string, string | null>[] = [];
    for (const idx of cluster.indices) {
      if (filter && !filter.split(",").some((f) => new RegExp(`^${f.split("*").map((p) => p.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*")}$`).test(idx.name))) continue;
      for (const c of [...idx.copies].sort((a, b) => a.shard - b.shard || Number(b.primary) - Number(a.primary))) {
        const n = c.node ? cluster.node(c.node) : undefined;
        const to = c.relocatingTo ? cluster.node(c.relocatingTo) : undefined;
        const docs = cluster.docsInShard(idx, c.shard);
        rows.push({
          index: idx.name,
          shard: String(c.shard),
          prirep: c.primary ? "p" : "r",
          state: c.state,
          docs: c.state === "UNASSIGNED" ? null : String(docs),
          store: c.state === "UNASSIGNED" ? null : `${Math.max(1, Math.round(docs * 0.9))}kb`,
          ip: n?.ip ?? null,
          id: n?.id.slice(0, 4) ?? null,
          node: n ? (to ? `${n.name} -> ${to.ip} ${to.id} ${to.name}` : n.name) : null,
          "unassigned.reason": c.state === "UNASSIGNED" ? (c.unassignedReason ?? null) : null,
        });
      }
    }
    return rows;
  };
  const SHARD_DEFAULT = ["index", "shard", "prirep", "state", "docs", "store", "ip", "node"];
  route("GET", "/_cat/shards", CAT_PARAMS, (req) => catRespond(req, SHARD_COLUMNS, SHARD_DEFAULT, shardRows()));
  route("GET", "/_cat/shards/:index", CAT_PARAMS, (req) => catRespond(req, SHARD_COLUMNS, SHARD_DEFAULT, shardRows(req.params.index)));

  const HEALTH_COLUMNS: CatColumn[] = [
    { name: "epoch", aliases: ["t", "time"] },
    { name: "timestamp", aliases: ["ts", "hms", "hhmmss"] },
    { name: "cluster", aliases: ["cl"] },
    { name: "status", aliases: ["st"] },
    { name: "node.total", aliases: ["nt", "nodeTotal"] },
    { name: "node.data", aliases: ["nd", "nodeData"] },
    { name: "shards", aliases: ["t", "sh", "shards.total", "shardsTotal"] },
    { name: "pri", aliases: ["p", "shards.primary", "shardsPrimary"] },
    { name: "relo", aliases: ["r", "shards.relocating", "shardsRelocating"] },
    { name: "init", aliases: ["i", "shards.initializing", "shardsInitializing"] },
    { name: "unassign", aliases: ["u", "shards.unassigned", "shardsUnassigned"] },
    { name: "unassign.pri", aliases: ["up", "shards.unassigned.primary", "shardsUnassignedPrimary"] },
    { name: "pending_tasks", aliases: ["pt", "pendingTasks"] },
    { name: "max_task_wait_time", aliases: ["mtwt", "maxTaskWaitTime"] },
    { name: "active_shards_percent", aliases: ["asp", "activeShardsPercent"] },
  ];
  route("GET", "/_cat/health", [...CAT_PARAMS, "ts"], (req) => {
    const h = cluster.health();
    const now = new Date();
    return catRespond(req, HEALTH_COLUMNS, HEALTH_COLUMNS.map((c) => c.name), [
      {
        epoch: String(Math.floor(now.getTime() / 1000)),
        timestamp: now.toISOString().slice(11, 19),
        cluster: h.cluster_name,
        status: h.status,
        "node.total": String(h.number_of_nodes),
        "node.data": String(h.number_of_data_nodes),
        shards: String(h.active_shards),
        pri: String(h.active_primary_shards),
        relo: String(h.relocating_shards),
        init: String(h.initializing_shards),
        unassign: String(h.unassigned_shards),
        "unassign.pri": String(h.unassigned_primary_shards),
        pending_tasks: "0",
        max_task_wait_time: "-",
        active_shards_percent: `${h.active_shards_percent_as_number.toFixed(1)}%`,
      },
    ]);
  });

  const INDEX_COLUMNS: CatColumn[] = [
    { name: "health", aliases: ["h"] },
    { name: "status", aliases: ["s"] },
    { name: "index", aliases: ["i", "idx"] },
    { name: "uuid", aliases: ["id"] },
    { name: "pri", aliases: ["p", "shards.primary", "shardsPrimary"] },
    { name: "rep", aliases: ["r", "shards.replica", "shardsReplica"] },
    { name: "docs.count", aliases: ["dc", "docsCount"] },
    { name: "docs.deleted", aliases: ["dd", "docsDeleted"] },
    { name: "store.size", aliases: ["ss", "storeSize"] },
    { name: "pri.store.size", aliases: [] },
    { name: "dataset.size", aliases: [] },
  ];
  const indexRows = (filter?: string) =>
    cluster.indices
      .filter((i) => !filter || filter.split(",").includes(i.name))
      .map((i) => {
        const h = cluster.health((x) => x === i);
        return {
          health: h.status,
          status: "open",
          index: i.name,
          uuid: i.uuid,
          pri: String(i.primaries),
          rep: String(i.replicas),
          "docs.count": h.status === "red" ? null : String(i.docs),
          "docs.deleted": "0",
          "store.size": `${Math.round(i.docs * 0.9 * (1 + i.replicas))}kb`,
          "pri.store.size": `${Math.round(i.docs * 0.9)}kb`,
          "dataset.size": `${Math.round(i.docs * 0.9)}kb`,
        };
      });
  const INDEX_PARAMS = [...CAT_PARAMS, "expand_wildcards", "health", "include_unloaded_segments", "pri"];
  route("GET", "/_cat/indices", INDEX_PARAMS, (req) => catRespond(req, INDEX_COLUMNS, INDEX_COLUMNS.map((c) => c.name), indexRows()));
  route("GET", "/_cat/indices/:index", INDEX_PARAMS, (req) => catRespond(req, INDEX_COLUMNS, INDEX_COLUMNS.map((c) => c.name), indexRows(req.params.index)));

  // ------------------------------------------------------------ _cluster/health
  const HEALTH_PARAMS = [
    "level",
    "local",
    "master_timeout",
    "timeout",
    "wait_for_active_shards",
    "wait_for_events",
    "wait_for_nodes",
    "wait_for_no_initializing_shards",
    "wait_for_no_relocating_shards",
    "wait_for_status",
    "expand_wildcards",
  ];
  const rank = { red: 0, yellow: 1, green: 2 } as const;
  const clusterHealth = async (req: SimRequest, indexSpec?: string): Promise<SimResponse> => {
    const q = req.query;
    const level = q.get("level") ?? "cluster";
    if (!["cluster", "indices", "shards"].includes(level)) return esError(400, "illegal_argument_exception", `No enum constant org.elasticsearch.action.ClusterStatsLevel.${level.toUpperCase()}`);
    const ws = q.get("wait_for_status");
    if (ws !== null && !(ws in rank)) return esError(400, "illegal_argument_exception", `unknown cluster health status [${ws}]`);
    const we = q.get("wait_for_events");
    if (we !== null && !["immediate", "urgent", "high", "normal", "low", "languid"].includes(we)) return esError(400, "illegal_argument_exception", `No enum constant org.elasticsearch.common.Priority.${we.toUpperCase()}`);
    const noInit = boolParam(req, "wait_for_no_initializing_shards");
    if (isResponse(noInit)) return noInit;
    const noRelo = boolParam(req, "wait_for_no_relocating_shards");
    if (isResponse(noRelo)) return noRelo;
    const timeout = parseTimeValue(q.get("timeout") ?? "30s", "timeout");
    if (isResponse(timeout)) return timeout;
    let nodesPred: ((n: number) => boolean) | undefined;
    const wn = q.get("wait_for_nodes");
    if (wn !== null) {
      const m = /^(>=|<=|>|<|ge\(|le\(|gt\(|lt\()?(\d+)\)?$/.exec(wn.trim());
      if (!m) return esError(400, "illegal_argument_exception", `failed to parse wait_for_nodes [${wn}]`);
      const k = Number(m[2]);
      const op = (m[1] ?? "").replace("(", "");
      nodesPred = { ">=": (n: number) => n >= k, ge: (n: number) => n >= k, "<=": (n: number) => n <= k, le: (n: number) => n <= k, ">": (n: number) => n > k, gt: (n: number) => n > k, "<": (n: number) => n < k, lt: (n: number) => n < k, "": (n: number) => n === k }[op];
    }
    const was = q.get("wait_for_active_shards");
    let activePred: ((h: ClusterHealth) => boolean) | undefined;
    if (was !== null && was !== "0") {
      if (was === "all") activePred = (h) => h.unassigned_shards === 0 && h.initializing_shards === 0;
      else if (/^\d+$/.test(was)) activePred = (h) => h.active_shards >= Number(was);
      else return esError(400, "illegal_argument_exception", `failed to parse value [${was}] for wait_for_active_shards`);
    }
    let only: ((i: EsIndex) => boolean) | undefined;
    if (indexSpec && indexSpec !== "_all" && indexSpec !== "*") {
      const names = indexSpec.split(",");
      const missing = names.find((n) => !n.includes("*") && !cluster.indices.some((i) => i.name === n));
      if (missing) return esError(404, "index_not_found_exception", `no such index [${missing}]`, { "resource.type": "index_or_alias", "resource.id": missing, index_uuid: "_na_", index: missing });
      only = (i) => names.some((n) => new RegExp(`^${n.split("*").map((p) => p.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*")}$`).test(i.name));
    }
    const ok = () => {
      if (!cluster.master()) return false;
      const h = cluster.health(only);
      if (ws && rank[h.status] < rank[ws as keyof typeof rank]) return false;
      if (nodesPred && !nodesPred(h.number_of_nodes)) return false;
      if (noInit && h.initializing_shards > 0) return false;
      if (noRelo && h.relocating_shards > 0) return false;
      if (activePred && !activePred(h)) return false;
      return true;
    };
    const waits = ws !== null || nodesPred || noInit || noRelo || activePred;
    // without a master, ES waits (up to the timeout) for one to be elected before answering
    const met = await cluster.waitFor(waits ? ok : () => !!cluster.master(), cluster.clock.realMs(timeout));
    if (!cluster.master()) return esError(503, "master_not_discovered_exception", "null");
    const body: Record<string, unknown> = { ...cluster.health(only), timed_out: !met };
    if (level !== "cluster") {
      body.indices = Object.fromEntries(
        cluster.indices.filter((i) => !only || only(i)).map((i) => {
          const h = cluster.health((x) => x === i);
          return [i.name, { status: h.status, number_of_shards: i.primaries, number_of_replicas: i.replicas, active_primary_shards: h.active_primary_shards, active_shards: h.active_shards, relocating_shards: h.relocating_shards, initializing_shards: h.initializing_shards, unassigned_shards: h.unassigned_shards, unassigned_primary_shards: h.unassigned_primary_shards }];
        }),
      );
    }
    return { status: met ? 200 : 408, body };
  };
  route("GET", "/_cluster/health", HEALTH_PARAMS, (req) => clusterHealth(req), false);
  route("GET", "/_cluster/health/:index", HEALTH_PARAMS, (req) => clusterHealth(req, req.params.index), false);

  // ------------------------------------------------------------ _cluster/settings
  const DEFAULTS: Record<string, unknown> = {
    "cluster.routing.allocation.enable": "all",
    "cluster.routing.rebalance.enable": "all",
    "cluster.routing.allocation.node_concurrent_recoveries": "2",
    "indices.recovery.max_bytes_per_sec": "40mb",
  };
  route("GET", "/_cluster/settings", ["flat_settings", "include_defaults", "master_timeout", "timeout"], (req) => {
    const flat = boolParam(req, "flat_settings");
    if (isResponse(flat)) return flat;
    const defs = boolParam(req, "include_defaults");
    if (isResponse(defs)) return defs;
    const shape = (o: Record<string, unknown>) => (flat ? { ...o } : nest(o));
    const body: Record<string, unknown> = { persistent: shape(cluster.persistent), transient: shape(cluster.transient) };
    if (defs) body.defaults = shape(DEFAULTS);
    return { status: 200, body };
  });
  route("PUT", "/_cluster/settings", ["flat_settings", "master_timeout", "timeout"], (req) => {
    const flat = boolParam(req, "flat_settings");
    if (isResponse(flat)) return flat;
    const b = req.body;
    if (b === undefined) return esError(400, "action_request_validation_exception", "Validation Failed: 1: no settings to update;");
    if (typeof b !== "object" || b === null || Array.isArray(b)) return esError(400, "x_content_parse_exception", "[1:1] [cluster_update_settings_request] Expected START_OBJECT");
    const body = b as Record<string, unknown>;
    const unknown = Object.keys(body).find((k) => k !== "persistent" && k !== "transient");
    if (unknown) return esError(400, "x_content_parse_exception", `[1:2] [cluster_update_settings_request] unknown field [${unknown}]`);
    const updates: Record<"persistent" | "transient", Record<string, unknown>> = { persistent: {}, transient: {} };
    for (const scope of ["persistent", "transient"] as const) {
      const raw = body[scope];
      if (raw === undefined) continue;
      if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return esError(400, "x_content_parse_exception", `[1:2] [cluster_update_settings_request] failed to parse field [${scope}]`);
      for (const [k, v] of Object.entries(flatten(raw as Record<string, unknown>))) {
        const rule = KNOWN_SETTINGS[k] ?? (SETTING_PREFIXES.some((p) => k.startsWith(p)) ? "any" : undefined);
        if (!rule) return esError(400, "illegal_argument_exception", `${scope} setting [${k}], not recognized`);
        if (v === null) {
          updates[scope][k] = null;
          continue;
        }
        const sv = String(v);
        const bad =
          (Array.isArray(rule) && !rule.includes(sv)) || (rule === "int" && !/^-?\d+$/.test(sv)) || (rule === "bool" && sv !== "true" && sv !== "false");
        if (bad) {
          const current = String((scope === "persistent" ? cluster.persistent : cluster.transient)[k] ?? DEFAULTS[k] ?? "");
          return esError(400, "illegal_argument_exception", `illegal value can't update [${k}] from [${current}] to [${sv}]`, {
            caused_by: { type: "illegal_argument_exception", reason: Array.isArray(rule) ? `No enum constant for [${sv}], expected one of ${JSON.stringify(rule)}` : `Failed to parse value [${sv}] for setting [${k}]` },
          });
        }
        updates[scope][k] = sv;
      }
    }
    if (Object.keys(updates.persistent).length + Object.keys(updates.transient).length === 0) {
      return esError(400, "action_request_validation_exception", "Validation Failed: 1: no settings to update;");
    }
    cluster.putSettings(updates.persistent, updates.transient);
    const echo = (o: Record<string, unknown>) => {
      const applied = Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null));
      return flat ? applied : nest(applied);
    };
    const headers: Record<string, string> = {};
    if (Object.keys(updates.transient).length) {
      headers.warning = `299 Elasticsearch-${httpNode()?.runningVersion ?? ""} "[transient settings removal] Updating cluster settings through transientSettings is deprecated. Use persistent settings instead."`;
    }
    return { status: 200, headers, body: { acknowledged: true, persistent: echo(updates.persistent), transient: echo(updates.transient) } };
  });

  // ------------------------------------------------------------ flush, ML, counts
  const FLUSH_PARAMS = ["force", "wait_if_ongoing", "ignore_unavailable", "allow_no_indices", "expand_wildcards"];
  const flush = (only?: string): SimResponse => {
    const idx = cluster.indices.filter((i) => !only || only.split(",").includes(i.name));
    if (only) {
      const missing = only.split(",").find((n) => !cluster.indices.some((i) => i.name === n));
      if (missing) return esError(404, "index_not_found_exception", `no such index [${missing}]`, { index: missing, index_uuid: "_na_" });
    }
    const copies = idx.flatMap((i) => i.copies);
    const ok = copies.filter((c) => c.state === "STARTED" || c.state === "RELOCATING").length;
    return { status: 200, body: { _shards: { total: copies.length, successful: ok, failed: 0 } } };
  };
  route("POST", "/_flush", FLUSH_PARAMS, () => flush());
  route("POST", "/:index/_flush", FLUSH_PARAMS, (req) => flush(req.params.index));
  route("POST", "/_flush/synced", [], () =>
    esError(400, "illegal_argument_exception", "Synced flush was removed and a normal flush was performed instead. Use POST /_flush instead."),
  );

  route("POST", "/_ml/set_upgrade_mode", ["enabled", "timeout"], (req) => {
    const enabled = boolParam(req, "enabled");
    if (isResponse(enabled)) return enabled;
    cluster.mlUpgradeMode = enabled;
    return { status: 200, body: { acknowledged: true } };
  });
  /**
   * Get anomaly detection jobs (`{count, jobs[]}`; field names from the ES ML get-jobs API docs, «inferred»).
   * The id is a comma-separated list of job ids and `*` wildcards (`_all`/`*`/none = every job). An exact id that
   * matches no job is a 404; a wildcard that matches none is too unless `allow_no_match` (default true, older
   * alias `allow_no_jobs`). Job configs are readable whatever `set_upgrade_mode` says (upgrade mode only stops
   * job tasks, which the simulator does not run), and `job_version` is the version the jobs were created on.
   */
  const mlJobs = (req: SimRequest): SimResponse => {
    const allowNoMatch = boolParam(req, "allow_no_match", req.query.get("allow_no_jobs") === "false" ? false : true);
    if (isResponse(allowNoMatch)) return allowNoMatch;
    const id = req.params.id;
    const tokens = !id || id === "_all" ? ["*"] : id.split(",").map((t) => t.trim()).filter((t) => t !== "");
    const matched = new Set<string>();
    const unmatched: string[] = [];
    for (const t of tokens) {
      const re = new RegExp(`^${t.split("*").map((x) => x.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*")}$`);
      const hits = cluster.mlJobs.filter((j) => re.test(j));
      hits.forEach((j) => matched.add(j));
      if (hits.length === 0 && (!t.includes("*") || !allowNoMatch)) unmatched.push(t);
    }
    if (unmatched.length > 0) return esError(404, "resource_not_found_exception", `No known job with id '${unmatched.join(",")}'`);
    const ids = cluster.mlJobs.filter((j) => matched.has(j));
    return {
      status: 200,
      body: {
        count: ids.length,
        jobs: ids.map((job_id) => ({
          job_id,
          job_type: "anomaly_detector",
          job_version: cluster.mlJobsVersion,
          create_time: 1700000000000,
          analysis_config: { bucket_span: "15m", detectors: [{ detector_description: "count", function: "count", detector_index: 0 }], influencers: [] },
          analysis_limits: { model_memory_limit: "64mb", categorization_examples_limit: 4 },
          data_description: { time_field: "@timestamp", time_format: "epoch_ms" },
          model_snapshot_retention_days: 10,
          results_index_name: "shared",
          allow_lazy_open: false,
        })),
      },
    };
  };
  route("GET", "/_ml/anomaly_detectors", ["allow_no_match", "allow_no_jobs", "exclude_generated"], mlJobs);
  route("GET", "/_ml/anomaly_detectors/:id", ["allow_no_match", "allow_no_jobs", "exclude_generated"], mlJobs);
  route("GET", "/_ml/info", [], () => ({
    status: 200,
    body: {
      defaults: { anomaly_detectors: { model_memory_limit: "1gb" }, datafeeds: { scroll_size: 1000 } },
      upgrade_mode: cluster.mlUpgradeMode,
      native_code: { version: httpNode()?.runningVersion ?? "", build_hash: buildHash(httpNode()?.runningVersion ?? "0.0.0") },
      limits: {},
    },
  }));

  const count = (req: SimRequest): SimResponse => {
    const name = req.params.index;
    const idx = cluster.indices.find((i) => i.name === name);
    if (!idx) return esError(404, "index_not_found_exception", `no such index [${name}]`, { "resource.type": "index_or_alias", "resource.id": name, index_uuid: "_na_", index: name });
    let ok = 0;
    for (let s = 0; s < idx.primaries; s++) {
      const p = idx.copies.find((c) => c.shard === s && c.primary)!;
      if (p.state === "STARTED" || p.state === "RELOCATING") ok++;
    }
    if (ok === 0) return esError(503, "search_phase_execution_exception", "all shards failed", { phase: "query", grouped: true, failed_shards: [] });
    return { status: 200, body: { count: cluster.searchableDocs(idx), _shards: { total: idx.primaries, successful: ok, skipped: 0, failed: idx.primaries - ok } } };
  };
  const COUNT_PARAMS = ["q", "ignore_unavailable", "allow_no_indices", "expand_wildcards", "routing", "preference", "min_score", "terminate_after"];
  route("GET", "/:index/_count", COUNT_PARAMS, count);
  route("POST", "/:index/_count", COUNT_PARAMS, count);
  route("PUT", "/:index", ["wait_for_active_shards", "timeout", "master_timeout"], (req) => {
    const name = req.params.index;
    if (name.startsWith("_")) return esError(400, "invalid_index_name_exception", `Invalid index name [${name}], must not start with '_', '-', or '+'`);
    if (cluster.indices.some((i) => i.name === name)) return esError(400, "resource_already_exists_exception", `index [${name}/${cluster.indices.find((i) => i.name === name)!.uuid}] already exists`);
    const settings = (((req.body ?? {}) as Record<string, unknown>).settings ?? {}) as Record<string, unknown>;
    const f = flatten(settings);
    const cfg = EsIndexConfigSchema.parse({
      name,
      primaries: Number(f["number_of_shards"] ?? f["index.number_of_shards"] ?? 1),
      replicas: Number(f["number_of_replicas"] ?? f["index.number_of_replicas"] ?? 1),
      docs: 0,
    });
    cluster.createIndex(cfg);
    return { status: 200, body: { acknowledged: true, shards_acknowledged: true, index: name } };
  });

  // ------------------------------------------------------------ snapshots
  // Not in elastic-api-shapes.md: field names from the ES create/get snapshot API docs («inferred»).
  const snapshotView = (sn: SnapshotInfo) => ({
    snapshot: sn.snapshot,
    uuid: sn.uuid,
    repository: sn.repository,
    version_id: transportVersion(sn.version),
    version: sn.version,
    indices: sn.indices,
    data_streams: [],
    include_global_state: true,
    feature_states: [],
    state: sn.state,
    start_time: new Date(sn.startMillis).toISOString(),
    start_time_in_millis: sn.startMillis,
    ...(sn.endMillis ? { end_time: new Date(sn.endMillis).toISOString(), end_time_in_millis: sn.endMillis, duration_in_millis: sn.endMillis - sn.startMillis } : {}),
    failures: [],
    shards: sn.shards,
  });
  const repoMissing = (repo: string) => esError(404, "repository_missing_exception", `[${repo}] missing`);
  route("GET", "/_snapshot", ["master_timeout", "local"], () => ({
    status: 200,
    body: Object.fromEntries(cluster.snapshotRepositories.map((r) => [r, { type: "fs", uuid: r, settings: { location: `/mnt/backups/${r}` } }])),
  }));
  route("PUT", "/_snapshot/:repo/:snap", ["master_timeout", "wait_for_completion"], async (req) => {
    const { repo, snap } = req.params;
    if (!cluster.snapshotRepositories.includes(repo)) return repoMissing(repo);
    if (cluster.snapshots.some((x) => x.repository === repo && x.snapshot === snap)) {
      return esError(400, "invalid_snapshot_name_exception", `[${repo}:${snap}] Invalid snapshot name [${snap}], snapshot with the same name already exists`);
    }
    const wait = boolParam(req, "wait_for_completion");
    if (isResponse(wait)) return wait;
    const body = (req.body ?? {}) as Record<string, unknown>;
    try {
      const info = await cluster.takeSnapshot(repo, snap, body.partial === true, wait);
      return { status: 200, body: wait ? { snapshot: snapshotView(info) } : { accepted: true } };
    } catch (e) {
      if (e instanceof NodeOperationError) return esError(500, "snapshot_exception", `[${repo}:${snap}] ${e.message}`);
      throw e;
    }
  });
  route("GET", "/_snapshot/:repo/:snap", ["master_timeout", "verbose", "ignore_unavailable"], (req) => {
    const { repo, snap } = req.params;
    if (!cluster.snapshotRepositories.includes(repo)) return repoMissing(repo);
    const list = cluster.snapshots.filter((x) => x.repository === repo && (snap === "_all" || snap === "*" || snap.split(",").includes(x.snapshot)));
    if (list.length === 0 && snap !== "_all" && snap !== "*") return esError(404, "snapshot_missing_exception", `[${repo}:${snap}] is missing`);
    return { status: 200, body: { snapshots: list.map(snapshotView), total: list.length, remaining: 0 } };
  });

  // ------------------------------------------------------------ migration
  const deprecations = (): SimResponse => {
    const d = cluster.deprecations;
    const item = (x: (typeof d.cluster_settings)[number]) => ({ level: x.level, message: x.message, url: x.url, ...(x.details ? { details: x.details } : {}), resolve_during_rolling_upgrade: x.resolve_during_rolling_upgrade });
    const map = (m: Record<string, (typeof d.cluster_settings)[number][]>) => Object.fromEntries(Object.entries(m).map(([k, v]) => [k, v.map(item)]));
    return {
      status: 200,
      body: {
        cluster_settings: d.cluster_settings.map(item),
        node_settings: d.node_settings.map(item),
        ml_settings: d.ml_settings.map(item),
        index_settings: map(d.index_settings),
        data_streams: map(d.data_streams),
        templates: map(d.templates),
        ilm_policies: map(d.ilm_policies),
      },
    };
  };
  route("GET", "/_migration/deprecations", [], deprecations);
  route("GET", "/:index/_migration/deprecations", [], deprecations);
  const systemFeatures = (): SimResponse => {
    const v = httpNode()?.runningVersion ?? "8.0.0";
    const st = cluster.systemFeaturesStatus;
    const [maj] = parseVersion(v);
    const feats = ["async_search", "enrich", "fleet", "geoip", "kibana", "logstash_management", "machine_learning", "searchable_snapshots", "security", "tasks", "transform", "watcher"];
    return {
      status: 200,
      body: {
        features: feats.map((f) => ({
          feature_name: f,
          minimum_index_version: String(maj * 1_000_000 + 99),
          migration_status: st,
          indices: f === "kibana" || f === "security" ? [{ index: f === "kibana" ? ".kibana_1" : ".security-7", version: String(maj * 1_000_000 + 99) }] : [],
        })),
        migration_status: st,
      },
    };
  };
  route("GET", "/_migration/system_features", [], systemFeatures);
  route("POST", "/_migration/system_features", [], () => {
    const wasNeeded = cluster.systemFeaturesStatus === "MIGRATION_NEEDED";
    if (wasNeeded) cluster.systemFeaturesStatus = "NO_MIGRATION_NEEDED";
    return { status: 200, body: { accepted: true, features: wasNeeded ? [{ feature_name: "kibana" }] : [] } };
  });

  // ES answers a known path with the wrong method with 405 and its own (flat) error body
  for (const [pattern, methods] of registered) {
    if (pattern.includes(":")) continue;
    for (const m of ["GET", "PUT", "POST", "DELETE", "HEAD"]) {
      if (methods.has(m)) continue;
      server.route(m, pattern, (req) => ({
        status: 405,
        headers: { allow: [...methods].join(","), "x-elastic-product": "Elasticsearch" },
        body: { error: `Incorrect HTTP method for uri [${req.path}] and method [${m}], allowed: [${[...methods].join(", ")}]`, status: 405 },
      }));
    }
  }
  return server;
}
