/**
 * @module clients/elasticsearch/client — typed calls for the Elasticsearch endpoints a rolling upgrade uses
 * (reference/elastic.md §b, shapes in elastic-api-shapes.md §1–§11), on the shared http layer.
 *
 * @example
 * const es = new ElasticsearchClient({ url: "https://es:9200", auth: { kind: "apiKey", apiKey } });
 * const health = await es.clusterHealth({ waitForStatus: "green", timeout: "60s" }); // 408 → timed_out: true
 */
import { z } from "zod";
import { HttpStatusError, InvalidRequestError } from "../errors";
import { createHttpClient, HttpAuth, HttpClient, QueryParams, seg, ConnectionOptions, connectionOptions } from "../http";
import {
  Acknowledged,
  CatNode,
  CatShard,
  ClusterHealth,
  ClusterSettings,
  ClusterSettingsUpdate,
  Deprecations,
  FlushResponse,
  MlInfo,
  MlJobs,
  NodeShutdown,
  NodeShutdownRequest,
  NodeShutdowns,
  NodesInfo,
  RootInfo,
  SystemFeatures,
} from "./schemas";

export interface ElasticsearchClientOptions extends ConnectionOptions {
  url: string;
  auth: HttpAuth;
}

export interface CallOptions {
  signal?: AbortSignal;
  /** HTTP timeout for this call (ms) */
  timeoutMs?: number;
}

/** `_cluster/health` wait parameters (SPEC `ClusterHealthRequest.ts`). */
export interface HealthParams extends CallOptions {
  /** restrict to these indices (path variant `/_cluster/health/{index}`) */
  index?: string;
  level?: "cluster" | "indices" | "shards";
  local?: boolean;
  /** waits for this status or better */
  waitForStatus?: "green" | "yellow" | "red";
  /** `N`, `>=N`, `<=N`, `>N`, `<N`, `ge(N)`, … */
  waitForNodes?: string | number;
  waitForNoInitializingShards?: boolean;
  waitForNoRelocatingShards?: boolean;
  waitForEvents?: "immediate" | "urgent" | "high" | "normal" | "low" | "languid";
  waitForActiveShards?: string | number;
  /** server-side wait, an ES time value such as "30s" (default 30s); the HTTP timeout is derived from it */
  timeout?: string;
  masterTimeout?: string;
}

/** `cluster.routing.allocation.enable` values; null resets to the default (`all`). */
export type AllocationEnable = "all" | "primaries" | "new_primaries" | "none";

/** extra time the HTTP layer waits beyond a server-side `timeout`, so the server's 408 arrives first */
const SERVER_TIMEOUT_MARGIN_MS = 30_000;
const CAT_NODE_COLUMNS = "id,name,ip,version,node.role,master";
const CAT_SHARD_COLUMNS = "index,shard,prirep,state,node";
const ALLOCATION_KEY = "cluster.routing.allocation.enable";

export class ElasticsearchClient {
  readonly http: HttpClient;

  constructor(options: ElasticsearchClientOptions | { http: HttpClient }) {
    this.http =
      "http" in options
        ? options.http
        : createHttpClient({
            baseUrl: options.url,
            auth: options.auth,
            ...connectionOptions(options),
            service: "Elasticsearch",
          });
  }

  /** `GET /` — the answering node's version, wire/index compatibility. */
  info(o: CallOptions = {}): Promise<RootInfo> {
    return this.http.request("GET", "/", { schema: RootInfo, ...o });
  }

  /**
   * `GET /_nodes/{filter}/{metrics}` — nodes keyed by full id. `filter` is a node filter such as `_all`,
   * `master:true`, `data_frozen:true`; `metrics` defaults to `_none` (basic info: name, version, roles, ip).
   */
  nodes(o: CallOptions & { filter?: string; metrics?: readonly string[] } = {}): Promise<NodesInfo> {
    const filter = o.filter ?? "_all";
    const metrics = o.metrics?.length ? o.metrics.join(",") : "_none";
    return this.http.request("GET", `/_nodes/${seg(filter)}/${seg(metrics)}`, { schema: NodesInfo, signal: o.signal, timeoutMs: o.timeoutMs });
  }

  /** Full ids of the nodes matching a node filter (e.g. `data_hot:true`), via `GET /_nodes/{filter}/_none`. */
  async nodeIds(filter: string, o: CallOptions = {}): Promise<string[]> {
    return Object.keys((await this.nodes({ ...o, filter })).nodes);
  }

  /** `GET /_cat/nodes?format=json&full_id=true&h=id,name,ip,version,node.role,master` — joined nodes. */
  catNodes(o: CallOptions = {}): Promise<CatNode[]> {
    return this.http.request("GET", "/_cat/nodes", {
      query: { format: "json", full_id: true, h: CAT_NODE_COLUMNS },
      schema: z.array(CatNode),
      ...o,
    });
  }

  /** `GET /_cat/shards[/{index}]?format=json&h=index,shard,prirep,state,node`. */
  catShards(o: CallOptions & { index?: string } = {}): Promise<CatShard[]> {
    const path = o.index ? `/_cat/shards/${seg(o.index)}` : "/_cat/shards";
    return this.http.request("GET", path, { query: { format: "json", h: CAT_SHARD_COLUMNS }, schema: z.array(CatShard), signal: o.signal, timeoutMs: o.timeoutMs });
  }

  /**
   * `GET /_cluster/health` with optional waits. A wait that times out is answered by ES with HTTP 408 and
   * the same body with `timed_out: true`; that is returned as a value, not thrown.
   */
  clusterHealth(p: HealthParams = {}): Promise<ClusterHealth> {
    const query: QueryParams = {
      level: p.level,
      local: p.local,
      wait_for_status: p.waitForStatus,
      wait_for_nodes: p.waitForNodes,
      wait_for_no_initializing_shards: p.waitForNoInitializingShards,
      wait_for_no_relocating_shards: p.waitForNoRelocatingShards,
      wait_for_events: p.waitForEvents,
      wait_for_active_shards: p.waitForActiveShards,
      timeout: p.timeout,
      master_timeout: p.masterTimeout,
    };
    const waits = p.timeout ?? "30s";
    const timeoutMs = p.timeoutMs ?? parseTimeValue(waits) + SERVER_TIMEOUT_MARGIN_MS;
    const path = p.index ? `/_cluster/health/${seg(p.index)}` : "/_cluster/health";
    return this.http.request("GET", path, { query, schema: ClusterHealth, expectStatus: [200, 408], signal: p.signal, timeoutMs });
  }

  /** `GET /_cluster/settings?flat_settings=true` — keys like `cluster.routing.allocation.enable`. */
  clusterSettings(o: CallOptions & { includeDefaults?: boolean } = {}): Promise<ClusterSettings> {
    return this.http.request("GET", "/_cluster/settings", {
      query: { flat_settings: true, include_defaults: o.includeDefaults },
      schema: ClusterSettings,
      signal: o.signal,
      timeoutMs: o.timeoutMs,
    });
  }

  /** `PUT /_cluster/settings?flat_settings=true`; a `null` value resets a setting. */
  putClusterSettings(body: { persistent?: Record<string, unknown>; transient?: Record<string, unknown> }, o: CallOptions = {}): Promise<ClusterSettingsUpdate> {
    return this.http.request("PUT", "/_cluster/settings", { query: { flat_settings: true }, body, schema: ClusterSettingsUpdate, ...o });
  }

  /** The effective `cluster.routing.allocation.enable` (transient wins over persistent); undefined = default `all`. */
  async allocationEnable(o: CallOptions = {}): Promise<string | undefined> {
    const s = await this.clusterSettings(o);
    const pick = (m: Record<string, unknown>) => (typeof m[ALLOCATION_KEY] === "string" ? (m[ALLOCATION_KEY] as string) : undefined);
    return pick(s.transient) ?? pick(s.persistent);
  }

  /** Sets (or with null resets) `cluster.routing.allocation.enable` persistently; transient too when asked. */
  setAllocationEnable(value: AllocationEnable | null, o: CallOptions & { alsoResetTransient?: boolean } = {}): Promise<ClusterSettingsUpdate> {
    const body: { persistent: Record<string, unknown>; transient?: Record<string, unknown> } = { persistent: { [ALLOCATION_KEY]: value } };
    if (o.alsoResetTransient) body.transient = { [ALLOCATION_KEY]: null };
    return this.putClusterSettings(body, { signal: o.signal, timeoutMs: o.timeoutMs });
  }

  /** `POST /_flush` (safe to repeat, so retried like an idempotent call). */
  flush(o: CallOptions = {}): Promise<FlushResponse> {
    return this.http.request("POST", "/_flush", { schema: FlushResponse, idempotent: true, ...o });
  }

  /** `POST /_ml/set_upgrade_mode?enabled=…[&timeout=…]`. */
  setMlUpgradeMode(enabled: boolean, o: CallOptions & { timeout?: string } = {}): Promise<Acknowledged> {
    return this.http.request("POST", "/_ml/set_upgrade_mode", {
      query: { enabled, timeout: o.timeout },
      schema: Acknowledged,
      idempotent: true,
      signal: o.signal,
      timeoutMs: o.timeoutMs ?? (o.timeout ? parseTimeValue(o.timeout) + SERVER_TIMEOUT_MARGIN_MS : undefined),
    });
  }

  /** `GET /_ml/info` — whether ML upgrade mode is currently on. */
  mlInfo(o: CallOptions = {}): Promise<MlInfo> {
    return this.http.request("GET", "/_ml/info", { schema: MlInfo, ...o });
  }

  /**
   * `GET /_ml/anomaly_detectors` — the anomaly detection jobs (decides whether ML upgrade mode is needed).
   * A cluster without ML (404, or 400 "no handler found" when ML is disabled) or without an ML licence (403
   * mentioning the licence) has no jobs: count 0.
   */
  async mlJobs(o: CallOptions = {}): Promise<MlJobs> {
    try {
      return await this.http.request("GET", "/_ml/anomaly_detectors", { schema: MlJobs, ...o });
    } catch (e) {
      const text = e instanceof HttpStatusError ? `${e.reason ?? ""} ${e.bodyExcerpt}` : "";
      const noMl =
        e instanceof HttpStatusError &&
        (e.status === 404 || (e.status === 403 && /licen[cs]e/i.test(text)) || (e.status === 400 && /no handler found/i.test(text)));
      if (noMl) {
        return { count: 0, jobs: [] };
      }
      throw e;
    }
  }

  /** `PUT /_nodes/{id}/shutdown` — registers a shutdown (ES does not validate the id and does not stop the node). */
  async putNodeShutdown(nodeId: string, request: NodeShutdownRequest, o: CallOptions = {}): Promise<Acknowledged> {
    const path = `/_nodes/${seg(nodeId)}/shutdown`;
    const body = NodeShutdownRequest.safeParse(request);
    if (!body.success) throw new InvalidRequestError("PUT", path, body.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "));
    return this.http.request("PUT", path, { body: body.data, schema: Acknowledged, ...o });
  }

  /** `GET /_nodes/shutdown` or `/_nodes/{id}/shutdown`; type and statuses normalized to UPPERCASE. */
  async nodeShutdowns(o: CallOptions & { nodeId?: string } = {}): Promise<NodeShutdown[]> {
    const path = o.nodeId ? `/_nodes/${seg(o.nodeId)}/shutdown` : "/_nodes/shutdown";
    return (await this.http.request("GET", path, { schema: NodeShutdowns, signal: o.signal, timeoutMs: o.timeoutMs })).nodes;
  }

  /**
   * `DELETE /_nodes/{id}/shutdown` — records are never removed automatically. Returns false when there was no
   * record (ES answers 404 `resource_not_found_exception`), so deleting is safe to repeat on resume.
   */
  async deleteNodeShutdown(nodeId: string, o: CallOptions = {}): Promise<boolean> {
    const r = await this.http.exchange("DELETE", `/_nodes/${seg(nodeId)}/shutdown`, {
      schema: z.unknown(),
      expectStatus: [200, 404],
      ...o,
    });
    if (r.status === 404) return false;
    Acknowledged.parse(r.data);
    return true;
  }

  /** `GET /_migration/deprecations` (or `/{index}/_migration/deprecations`). */
  deprecations(o: CallOptions & { index?: string } = {}): Promise<Deprecations> {
    const path = o.index ? `/${seg(o.index)}/_migration/deprecations` : "/_migration/deprecations";
    return this.http.request("GET", path, { schema: Deprecations, signal: o.signal, timeoutMs: o.timeoutMs });
  }

  /** `GET /_migration/system_features` — whether system indices need migrating before a major hop. */
  systemFeatures(o: CallOptions = {}): Promise<SystemFeatures> {
    return this.http.request("GET", "/_migration/system_features", { schema: SystemFeatures, ...o });
  }

  /** `POST /_migration/system_features` — starts the system feature migration. */
  startSystemFeatureMigration(o: CallOptions = {}): Promise<{ accepted: boolean }> {
    return this.http.request("POST", "/_migration/system_features", { schema: z.looseObject({ accepted: z.boolean() }), ...o });
  }

  close(): Promise<void> {
    return this.http.close();
  }
}

/** ES time value (`500ms`, `30s`, `5m`, `1h`, `2d`; a bare number is ms) in milliseconds. */
export function parseTimeValue(value: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(nanos|micros|ms|s|m|h|d)?\s*$/.exec(value);
  if (!m) throw new RangeError(`${JSON.stringify(value)} is not an Elasticsearch time value (e.g. "30s", "5m")`);
  const n = Number(m[1]);
  const unit = m[2] ?? "ms";
  const factor: Record<string, number> = { nanos: 1e-6, micros: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
  return Math.round(n * factor[unit]);
}
