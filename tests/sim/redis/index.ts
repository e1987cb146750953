// The simulated Redis Enterprise Software cluster: the REST API of redis.md §1c on 127.0.0.1 (Basic auth,
// 401 otherwise), and a separate control API (no auth) to upgrade nodes, move the master and inject faults.
// Start it with `startRedisSim(config)`; docs/redis-sim.md describes the control API.
import { z } from "zod";
import { FaultBook } from "../common/faults";
import { parseAuthorization, SimRequest, SimResponse, SimServer } from "../common/http";
import {
  BdbUpgradeBodySchema,
  HttpFaultRuleSchema,
  NodeUpgradeRequestSchema,
  PatchDatabaseRequestSchema,
  RedisFaultSpecSchema,
  RedisSimConfig,
  RedisSimConfigInput,
  RedisSimConfigSchema,
  SetMasterRequestSchema,
} from "./config";
import { InstallOutcome, RedisSimState } from "./state";
import { hasNodesStatusEndpoint } from "./versions";

export * from "./config";
export * from "./state";
export * from "./versions";
export { nodeUpgradeCommand, nodeUpgradeEnv, REDIS_NODE_UPGRADE_SCRIPT, SIM_CONTROL_URL_ENV } from "./helpers";

export interface RedisSim {
  /** base URL of the REST API (stands in for https://<cluster>:9443) */
  url: string;
  /** base URL of the control API (`/_sim/...`) */
  controlUrl: string;
  credentials: { username: string; password: string };
  state: RedisSimState;
  config: RedisSimConfig;
  /** the REST server (request log: `api.count(/\/v1\/nodes/)`) */
  api: SimServer;
  control: SimServer;
  /** transport faults of the REST API (401/5xx bursts, slow answers, resets) */
  httpFaults: FaultBook;
  stop(): Promise<void>;
}

/** RS REST error body [constructed: the reference records no error example; RS answers error_code + description]. */
function rsError(status: number, error_code: string, description: string): SimResponse {
  return { status, body: { error_code, description } };
}

function intParam(req: SimRequest, name: string): number | undefined {
  const v = req.params[name];
  return /^\d+$/.test(v ?? "") ? Number(v) : undefined;
}

function parseBody<T>(schema: z.ZodType<T>, req: SimRequest): { ok: true; value: T } | { ok: false; res: SimResponse } {
  const r = schema.safeParse(req.body ?? {});
  if (r.success) return { ok: true, value: r.data };
  const msg = r.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; ");
  return { ok: false, res: { status: 400, body: { error: `invalid request body: ${msg}` } } };
}

/** `?fields=uid,name` keeps only those keys (requests/bdbs/_index.md). */
function pickFields(obj: Record<string, unknown>, fields: string | null): Record<string, unknown> {
  if (!fields) return obj;
  const keep = new Set(fields.split(",").map((f) => f.trim()).filter(Boolean));
  return Object.fromEntries(Object.entries(obj).filter(([k]) => keep.has(k)));
}

function installResponse(o: InstallOutcome): SimResponse {
  if (o.ok) return { status: 200, body: { result: "completed", ...o } };
  switch (o.kind) {
    case "refused":
      return { status: 409, body: { result: "refused", reason: o.reason, error: o.message } };
    case "failed":
      return { status: 500, body: { result: "failed", phase: o.phase, error: o.message } };
    case "released":
    case "stopped":
      return { status: 503, body: { result: o.kind, error: o.message } };
    case "not_found":
      return { status: 404, body: { result: "refused", error: o.message } };
    case "bad_request":
      return { status: 400, body: { result: "refused", error: o.message } };
  }
}

export async function startRedisSim(input: RedisSimConfigInput = {}): Promise<RedisSim> {
  const config = RedisSimConfigSchema.parse(input);
  const state = new RedisSimState(config);
  const httpFaults = new FaultBook();
  for (const rule of config.httpFaults) httpFaults.add(rule);

  const api = new SimServer({
    name: "redis-enterprise",
    faults: httpFaults,
    auth: (req) => {
      const a = parseAuthorization(req.headers);
      if (a?.scheme === "basic" && a.username === config.username && a.password === config.password) return undefined;
      // 401 for a missing or bad login (rest-api/_index.md); body [constructed]
      return {
        status: 401,
        headers: { "www-authenticate": 'Basic realm="Redis Enterprise"' },
        body: { error_code: "unauthorized", description: "Authentication required: send valid Basic credentials" },
      };
    },
    notFound: (req) => rsError(404, "not_found", `no such resource: ${req.method} ${req.path}`),
    onBadJson: () => rsError(400, "invalid_json", "the request body is not valid JSON"),
  });

  api.route("GET", "/v1/cluster", () => ({ status: 200, body: state.renderCluster() }));
  api.route("GET", "/v1/cluster/check", () => {
    const nodes = state.nodes.map((n) => {
      const c = state.nodeCheck(n.uid);
      // node_uid is a string in the cluster/check example (redis.md §1c type quirks)
      return c.result ? { node_uid: String(n.uid), result: true } : { node_uid: String(n.uid), result: false, error: c.error };
    });
    return { status: 200, body: { cluster_test_result: nodes.every((n) => n.result), nodes } };
  });
  api.route("GET", "/v1/nodes", () => ({ status: 200, body: state.nodes.map((n) => state.renderNode(n)) }));
  // registered before /v1/nodes/:uid so "status" is never taken for a uid
  api.route("GET", "/v1/nodes/status", () => {
    if (!hasNodesStatusEndpoint(state.apiVersion())) {
      return rsError(404, "not_found", `no such resource: GET /v1/nodes/status`);
    }
    return { status: 200, body: Object.fromEntries(state.nodes.map((n) => [String(n.uid), state.renderNodeStatus(n)])) };
  });
  api.route("GET", "/v1/nodes/check/:uid", (req) => {
    const uid = intParam(req, "uid");
    const n = uid === undefined ? undefined : state.node(uid);
    if (!n) return rsError(404, "node_not_found", `node ${req.params.uid} does not exist`);
    const c = state.nodeCheck(n.uid);
    // node_uid is an int here (requests/nodes/check.md)
    return { status: 200, body: c.result ? { node_uid: n.uid, result: true } : { node_uid: n.uid, result: false, error: c.error } };
  });
  api.route("GET", "/v1/nodes/:uid/status", (req) => {
    const uid = intParam(req, "uid");
    const n = uid === undefined ? undefined : state.node(uid);
    if (!hasNodesStatusEndpoint(state.apiVersion())) return rsError(404, "not_found", `no such resource: GET ${req.path}`);
    if (!n) return rsError(404, "node_not_found", `node ${req.params.uid} does not exist`);
    return { status: 200, body: state.renderNodeStatus(n) };
  });
  api.route("GET", "/v1/nodes/:uid", (req) => {
    const uid = intParam(req, "uid");
    const n = uid === undefined ? undefined : state.node(uid);
    if (!n) return rsError(404, "node_not_found", `node ${req.params.uid} does not exist`);
    return { status: 200, body: state.renderNode(n) };
  });
  api.route("GET", "/v1/bdbs", (req) => ({
    status: 200,
    body: state.databases.map((d) => pickFields(state.renderBdb(d), req.query.get("fields"))),
  }));
  api.route("GET", "/v1/bdbs/:uid", (req) => {
    const uid = intParam(req, "uid");
    const d = uid === undefined ? undefined : state.database(uid);
    if (!d) return rsError(404, "db_not_exist", `database ${req.params.uid} does not exist`);
    return { status: 200, body: pickFields(state.renderBdb(d), req.query.get("fields")) };
  });
  api.route("POST", "/v1/bdbs/:uid/upgrade", (req) => {
    const uid = intParam(req, "uid");
    if (uid === undefined) return rsError(404, "db_not_exist", `database ${req.params.uid} does not exist`);
    const parsed = BdbUpgradeBodySchema.safeParse(req.body ?? {});
    if (!parsed.success) {
      return rsError(400, "invalid_schema", `invalid upgrade request: ${parsed.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; ")}`);
    }
    const r = state.upgradeDatabase(uid, parsed.data.redis_version);
    if (!r.ok) return rsError(r.error.status, r.error.error_code, r.error.description);
    return { status: 200, body: state.renderBdb(r.bdb) };
  });
  api.route("GET", "/v1/actions", () => {
    const all = [...state.actions.values()].map((a) => state.renderAction(a));
    return { status: 200, body: { actions: [], "state-machines": all } };
  });
  api.route("GET", "/v1/actions/bdb/:uid", (req) => {
    const uid = intParam(req, "uid");
    const list = [...state.actions.values()].filter((a) => a.bdb_uid === uid).map((a) => state.renderAction(a));
    return { status: 200, body: list };
  });
  api.route("GET", "/v1/actions/:uid", (req) => {
    const a = state.actions.get(req.params.uid);
    if (!a) return rsError(404, "action_not_exist", `action ${req.params.uid} does not exist`);
    return { status: 200, body: state.renderAction(a) };
  });

  const control = new SimServer({ name: "redis-enterprise control" });
  const nodeOr404 = (req: SimRequest, fn: (uid: number) => boolean): SimResponse => {
    const uid = intParam(req, "uid");
    if (uid === undefined || !fn(uid)) return { status: 404, body: { error: `node ${req.params.uid} does not exist` } };
    return { status: 200, body: state.snapshot() };
  };
  control.route("GET", "/_sim/state", () => ({ status: 200, body: state.snapshot() }));
  control.route("GET", "/_sim/history", () => ({ status: 200, body: state.history }));
  control.route("POST", "/_sim/nodes/:uid/upgrade", async (req) => {
    const uid = intParam(req, "uid");
    if (uid === undefined) return { status: 404, body: { result: "refused", error: `node ${req.params.uid} does not exist` } };
    const b = parseBody(NodeUpgradeRequestSchema, req);
    if (!b.ok) return b.res;
    return installResponse(await state.upgradeNode(uid, b.value.version, b.value.addr));
  });
  control.route("POST", "/_sim/nodes/:uid/stop", (req) => nodeOr404(req, (uid) => state.controlStop(uid)));
  control.route("POST", "/_sim/nodes/:uid/start", (req) => nodeOr404(req, (uid) => state.controlStart(uid)));
  control.route("POST", "/_sim/nodes/:uid/repair", (req) => nodeOr404(req, (uid) => state.controlRepair(uid)));
  control.route("POST", "/_sim/nodes/:uid/fail-check", (req) => {
    const b = parseBody(z.object({ error: z.string().optional() }), req);
    if (!b.ok) return b.res;
    return nodeOr404(req, (uid) => state.controlFailCheck(uid, b.value.error));
  });
  control.route("POST", "/_sim/cluster/master", (req) => {
    const b = parseBody(SetMasterRequestSchema, req);
    if (!b.ok) return b.res;
    if (!state.node(b.value.uid)) return { status: 404, body: { error: `node ${b.value.uid} does not exist` } };
    state.moveMaster(b.value.uid, "control API");
    return { status: 200, body: state.snapshot() };
  });
  control.route("PUT", "/_sim/bdbs/:uid", (req) => {
    const b = parseBody(PatchDatabaseRequestSchema, req);
    if (!b.ok) return b.res;
    const uid = intParam(req, "uid");
    if (uid === undefined || !state.patchDatabase(uid, b.value)) return { status: 404, body: { error: `database ${req.params.uid} does not exist` } };
    return { status: 200, body: state.snapshot() };
  });
  control.route("GET", "/_sim/faults", () => ({ status: 200, body: { faults: state.listFaults(), http: httpFaults.list() } }));
  control.route("POST", "/_sim/faults", (req) => {
    const b = parseBody(RedisFaultSpecSchema, req);
    if (!b.ok) return b.res;
    return { status: 201, body: { id: state.addFault(b.value) } };
  });
  control.route("DELETE", "/_sim/faults", () => {
    state.clearFaults();
    httpFaults.clear();
    return { status: 200, body: { faults: [], http: [] } };
  });
  control.route("DELETE", "/_sim/faults/:id", (req) => {
    const id = Number(req.params.id);
    return state.removeFault(id) ? { status: 200, body: { removed: id } } : { status: 404, body: { error: `no fault ${req.params.id}` } };
  });
  control.route("POST", "/_sim/http-faults", (req) => {
    const b = parseBody(HttpFaultRuleSchema, req);
    if (!b.ok) return b.res;
    return { status: 201, body: { id: httpFaults.add(b.value) } };
  });
  control.route("DELETE", "/_sim/http-faults", () => {
    httpFaults.clear();
    return { status: 200, body: { http: [] } };
  });

  const url = await api.listen();
  let controlUrl: string;
  try {
    controlUrl = await control.listen();
  } catch (e) {
    await api.close();
    throw e;
  }
  let stopped = false;
  return {
    url,
    controlUrl,
    credentials: { username: config.username, password: config.password },
    state,
    config,
    api,
    control,
    httpFaults,
    async stop() {
      if (stopped) return;
      stopped = true;
      await state.stop();
      await Promise.all([api.close(), control.close()]);
    },
  };
}
