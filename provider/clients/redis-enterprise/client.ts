/**
 * @module clients/redis-enterprise/client — typed client of the Redis Enterprise Software REST API (port 9443,
 * Basic auth) on the shared http layer: observation of the cluster, nodes, roles, checks and databases, and the
 * database upgrade with its action. The node software upgrade has no REST API (install.sh on each host); the
 * provider runs it through clients/node-hook.
 *
 * @example
 * const rs = createRedisEnterpriseClient({ url: "https://cluster.example:9443", username, password, caCertificate });
 * const master = await rs.getMasterUid();
 * const check = await rs.getClusterCheck();
 */
import { ClientError, HttpStatusError, RequestAbortedError } from "../errors";
import { createHttpClient, HttpClient, seg, ConnectionOptions, connectionOptions } from "../http";
import {
  Action,
  ActionListSchema,
  ActionList,
  ActionSchema,
  Bdb,
  BdbActionListSchema,
  BdbListSchema,
  BdbSchema,
  BdbUpgradeRequest,
  Cluster,
  ClusterCheck,
  ClusterCheckSchema,
  ClusterSchema,
  Node,
  NodeCheck,
  NodeCheckSchema,
  NodeListSchema,
  NodeSchema,
  NodesStatus,
  NodesStatusSchema,
  NodeStatusEntry,
  NodeStatusEntrySchema,
  TERMINAL_ACTION_STATUSES,
} from "./schemas";

export const REDIS_ENTERPRISE_SERVICE = "Redis Enterprise";

/** `caCertificate`: the PEM of the CA that signed the cluster's certificate (RS ships a self-signed one). */
export interface RedisEnterpriseClientOptions extends ConnectionOptions {
  /** REST API base URL, e.g. https://cluster.example.com:9443 (no credentials in it) */
  url: string;
  username: string;
  password: string;
}

/** `GET /v1/nodes/status` answered 404: the serving node runs a version older than 6.2.18-49 (RS82566). */
export class NodesStatusUnavailableError extends ClientError {
  constructor(readonly path: string) {
    super(
      `Redis Enterprise ${path} answered 404: the node serving the API runs a version older than 6.2.18-49, which has no ` +
        `node roles over REST. Identify the master with \`rladmin status nodes\` (ROLE column) or upgrade the cluster ` +
        `to 6.2.18-49 or later first.`,
    );
  }
}

/** `GET /v1/nodes/status` answered but no node has the master role (e.g. during an election). */
export class NoMasterError extends ClientError {
  constructor(nodes: string[]) {
    super(
      `No Redis Enterprise node reports role "master" (nodes: ${nodes.join(", ") || "none"}); the cluster may be electing ` +
        `a new master. Wait and retry, and check \`rladmin status nodes\`.`,
    );
  }
}

/** A database upgrade action ended in a state other than completed. */
export class ActionFailedError extends ClientError {
  constructor(readonly action: Action) {
    const why = action.error ?? action.error_message ?? action.error_code;
    super(
      `Redis Enterprise action ${action.name} ${action.action_uid}${action.object_name ? ` on ${action.object_name}` : ""} ended ` +
        `${action.status}${action.state ? ` in state ${action.state}` : ""}${why ? `: ${why}` : ""}. Check the database with ` +
        "`rladmin status extra all`, fix the cause, then run the upgrade again.",
    );
  }
}

/** An action did not reach a terminal status within the wait. */
export class ActionTimeoutError extends ClientError {
  constructor(readonly action: Action, readonly waitedMs: number) {
    super(
      `Redis Enterprise action ${action.name} ${action.action_uid} still ${action.status}` +
        `${action.state ? ` (state ${action.state}, progress ${action.progress ?? "?"})` : ""} after ${waitedMs} ms. ` +
        "It keeps running on the cluster; wait for it (GET /v1/actions/{uid}) or raise the timeout, then run again.",
    );
  }
}

export interface WaitForActionOptions {
  /** poll interval (default 1000 ms) */
  intervalMs?: number;
  /** give up after this long (default 30 min) */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** each observed state, for progress reporting */
  onProgress?: (action: Action) => void;
}

export interface RequestSignal {
  signal?: AbortSignal;
}

export class RedisEnterpriseClient {
  constructor(readonly http: HttpClient) {}

  get baseUrl(): string {
    return this.http.baseUrl;
  }

  get warnings(): readonly string[] {
    return this.http.warnings;
  }

  /** `GET /v1/cluster` (has `upgrade_mode`; no software version). */
  getCluster(o: RequestSignal = {}): Promise<Cluster> {
    return this.http.request("GET", "/v1/cluster", { schema: ClusterSchema, signal: o.signal });
  }

  /** `GET /v1/nodes`. */
  listNodes(o: RequestSignal = {}): Promise<Node[]> {
    return this.http.request("GET", "/v1/nodes", { schema: NodeListSchema, signal: o.signal });
  }

  /** `GET /v1/nodes/{uid}`. */
  getNode(uid: number, o: RequestSignal = {}): Promise<Node> {
    return this.http.request("GET", `/v1/nodes/${uid}`, { schema: NodeSchema, signal: o.signal });
  }

  /** `GET /v1/nodes/status`: roles keyed by node uid. Throws NodesStatusUnavailableError before 6.2.18-49. */
  async getNodesStatus(o: RequestSignal = {}): Promise<NodesStatus> {
    return this.unlessAbsent("/v1/nodes/status", () =>
      this.http.request("GET", "/v1/nodes/status", { schema: NodesStatusSchema, signal: o.signal }),
    );
  }

  /** `GET /v1/nodes/{uid}/status`. Throws NodesStatusUnavailableError before 6.2.18-49 (and for an unknown uid). */
  async getNodeStatus(uid: number, o: RequestSignal = {}): Promise<NodeStatusEntry> {
    return this.unlessAbsent(`/v1/nodes/${uid}/status`, () =>
      this.http.request("GET", `/v1/nodes/${uid}/status`, { schema: NodeStatusEntrySchema, signal: o.signal }),
    );
  }

  /** The uid of the node with role "master", read fresh (the role moves when the master restarts). */
  async getMasterUid(o: RequestSignal = {}): Promise<number> {
    const status = await this.getNodesStatus(o);
    const uid = masterUidOf(status);
    if (uid === undefined) throw new NoMasterError(Object.keys(status));
    return uid;
  }

  /** `GET /v1/cluster/check` (the REST analogue of rlcheck on every node). */
  getClusterCheck(o: RequestSignal = {}): Promise<ClusterCheck> {
    return this.http.request("GET", "/v1/cluster/check", { schema: ClusterCheckSchema, signal: o.signal });
  }

  /** `GET /v1/nodes/check/{uid}` (note the order: not /v1/nodes/{uid}/check). */
  getNodeCheck(uid: number, o: RequestSignal = {}): Promise<NodeCheck> {
    return this.http.request("GET", `/v1/nodes/check/${uid}`, { schema: NodeCheckSchema, signal: o.signal });
  }

  /** `GET /v1/bdbs`. */
  listBdbs(o: RequestSignal = {}): Promise<Bdb[]> {
    return this.http.request("GET", "/v1/bdbs", { schema: BdbListSchema, signal: o.signal });
  }

  /** `GET /v1/bdbs/{uid}`. */
  getBdb(uid: number, o: RequestSignal = {}): Promise<Bdb> {
    return this.http.request("GET", `/v1/bdbs/${uid}`, { schema: BdbSchema, signal: o.signal });
  }

  /** `POST /v1/bdbs/{uid}/upgrade`; answers the BDB object whose `action_uid` tracks the upgrade. */
  upgradeBdb(uid: number, body: BdbUpgradeRequest, o: RequestSignal = {}): Promise<Bdb> {
    return this.http.request("POST", `/v1/bdbs/${uid}/upgrade`, { schema: BdbSchema, body, signal: o.signal });
  }

  /** `GET /v1/actions` (v1: tasks and state machines). */
  listActions(o: RequestSignal = {}): Promise<ActionList> {
    return this.http.request("GET", "/v1/actions", { schema: ActionListSchema, signal: o.signal });
  }

  /** `GET /v1/actions/{uid}`. */
  getAction(actionUid: string, o: RequestSignal = {}): Promise<Action> {
    return this.http.request("GET", `/v1/actions/${seg(actionUid)}`, { schema: ActionSchema, signal: o.signal });
  }

  /** `GET /v1/actions/bdb/{uid}`: the state machines of one database. */
  listBdbActions(bdbUid: number, o: RequestSignal = {}): Promise<Action[]> {
    return this.http.request("GET", `/v1/actions/bdb/${bdbUid}`, { schema: BdbActionListSchema, signal: o.signal });
  }

  /**
   * Polls `GET /v1/actions/{uid}` until the action is terminal. Resolves with the completed action; throws
   * ActionFailedError (failed/aborted/cancelled) or ActionTimeoutError.
   */
  async waitForAction(actionUid: string, o: WaitForActionOptions = {}): Promise<Action> {
    const interval = o.intervalMs ?? 1000;
    const timeout = o.timeoutMs ?? 30 * 60_000;
    const started = Date.now();
    for (;;) {
      const a = await this.getAction(actionUid, { signal: o.signal });
      o.onProgress?.(a);
      if (TERMINAL_ACTION_STATUSES.includes(a.status)) {
        if (a.status === "completed") return a;
        throw new ActionFailedError(a);
      }
      const waited = Date.now() - started;
      if (waited >= timeout) throw new ActionTimeoutError(a, waited);
      try {
        await sleep(Math.min(interval, timeout - waited), o.signal);
      } catch (e) {
        throw new RequestAbortedError("GET", `/v1/actions/${actionUid}`, REDIS_ENTERPRISE_SERVICE, e);
      }
    }
  }

  close(): Promise<void> {
    return this.http.close();
  }

  private async unlessAbsent<T>(path: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      if (e instanceof HttpStatusError && e.status === 404) throw new NodesStatusUnavailableError(path);
      throw e;
    }
  }
}

/** The uid of the node whose role is "master", if any. */
export function masterUidOf(status: NodesStatus): number | undefined {
  const hit = Object.entries(status).find(([, s]) => s.role === "master");
  return hit ? Number(hit[0]) : undefined;
}

export function createRedisEnterpriseClient(opts: RedisEnterpriseClientOptions): RedisEnterpriseClient {
  const http = createHttpClient({
    baseUrl: opts.url,
    auth: { kind: "basic", username: opts.username, password: opts.password },
    ...connectionOptions(opts),
    service: REDIS_ENTERPRISE_SERVICE,
  });
  return new RedisEnterpriseClient(http);
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const t = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(signal?.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
