// Test helpers for the simulator's own tests: a small world, an HTTP caller, and a shape comparator.
import * as assert from "assert";
import { type SimConfigInput, startSim, type StartedSim } from "../sim/index";

export const SCALE = 0.001;

export const HOT_ROLES = ["data_hot", "data_content", "ingest", "remote_cluster_client", "transform"] as const;

/** 3 masters, `hot` hot nodes, 1 warm, 1 frozen on 8.17.3, Kibana, one cloud deployment */
export function smallWorld(over: Partial<SimConfigInput> & { hot?: number } = {}): SimConfigInput {
  const { hot = 2, ...rest } = over;
  return {
    timeScale: SCALE,
    elasticsearch: {
      version: "8.17.3",
      nodes: [
        { name: "es-master-0", roles: ["master"] },
        { name: "es-master-1", roles: ["master"] },
        { name: "es-master-2", roles: ["master"] },
        ...Array.from({ length: hot }, (_, i) => ({ name: `es-hot-${i}`, roles: [...HOT_ROLES] })),
        { name: "es-warm-0", roles: ["data_warm"] },
        { name: "es-frozen-0", roles: ["data_frozen"] },
      ],
      indices: [
        { name: "logs", tier: "hot", primaries: 2, replicas: 1, docs: 1000 },
        { name: "orders", tier: "content", primaries: 1, replicas: 1, docs: 300 },
        { name: "archive", tier: "warm", primaries: 1, replicas: 0, docs: 5000 },
        { name: "frozen-logs", tier: "frozen", primaries: 1, replicas: 0, docs: 9000 },
      ],
    },
    kibana: { version: "8.17.3" },
    cloud: { deployments: [{ id: "dep1", name: "dep1", version: "8.17.3" }], stackVersions: ["8.17.2", "8.17.3", "8.17.4", "8.18.0", "8.19.2", "9.0.0", "9.1.2"] },
    ...rest,
  };
}

export interface Reply {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  headers: Headers;
  text: string;
}

export async function call(
  base: string,
  method: string,
  path: string,
  opts: { auth?: string | null; body?: unknown; rawBody?: string; signal?: AbortSignal } = {},
): Promise<Reply> {
  const headers: Record<string, string> = {};
  if (opts.auth) headers.authorization = opts.auth;
  let body: string | undefined;
  if (opts.rawBody !== undefined) body = opts.rawBody;
  else if (opts.body !== undefined) body = JSON.stringify(opts.body);
  if (body !== undefined) headers["content-type"] = "application/json";
  const res = await fetch(base + path, { method, headers, body, signal: opts.signal });
  const text = await res.text();
  let parsed: unknown = undefined;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  return { status: res.status, body: parsed, headers: res.headers, text };
}

/** bound callers for each service of a started sim */
export function clients(sim: StartedSim) {
  const esAuth = `ApiKey ${sim.credentials.apiKey}`;
  return {
    es: (method: string, path: string, opts: Parameters<typeof call>[3] = {}) => call(sim.elasticsearch!.url, method, path, { auth: esAuth, ...opts }),
    kb: (method: string, path: string, opts: Parameters<typeof call>[3] = {}) => call(sim.kibana!.url, method, path, { auth: esAuth, ...opts }),
    cloud: (method: string, path: string, opts: Parameters<typeof call>[3] = {}) => call(sim.cloud!.url + "/api/v1", method, path, { auth: `ApiKey ${sim.credentials.cloudApiKey}`, ...opts }),
    ctl: (method: string, path: string, body?: unknown) => call(sim.controlUrl, method, path, { body }),
  };
}

export type Clients = ReturnType<typeof clients>;

/**
 * Mocha hooks for a describe block: a fresh smallWorld() simulator per suite ("suite": before/after) or per test
 * ("test": beforeEach/afterEach), stopped afterwards; `use` receives it and its bound clients once it is up.
 */
export function smallWorldHooks(per: "suite" | "test", use: (sim: StartedSim, c: Clients) => void): void {
  let sim: StartedSim | undefined;
  (per === "suite" ? before : beforeEach)(async () => {
    sim = await startSim(smallWorld());
    use(sim, clients(sim));
  });
  (per === "suite" ? after : afterEach)(() => sim?.stop());
}

function typeOf(x: unknown): string {
  if (x === null) return "null";
  if (Array.isArray(x)) return "array";
  return typeof x;
}

/**
 * Asserts `actual` has the recorded shape of `expected`: same keys (exactly, unless the path is listed in
 * `extraOk`), same JSON types; arrays compare their elements against the first expected element; `null`
 * in the fixture accepts null or a string (cat columns); paths in `maps` are maps with dynamic keys whose
 * values are compared to the fixture's first value.
 */
export function assertShape(actual: unknown, expected: unknown, opts: { extraOk?: string[]; maps?: string[] } = {}, path = "$"): void {
  const te = typeOf(expected);
  const ta = typeOf(actual);
  if (te === "null") {
    assert.ok(ta === "null" || ta === "string", `${path}: expected null or string, got ${ta}`);
    return;
  }
  assert.strictEqual(ta, te, `${path}: expected ${te}, got ${ta} (${JSON.stringify(actual)?.slice(0, 200)})`);
  if (te === "array") {
    const e = expected as unknown[];
    if (e.length === 0) return;
    for (const [i, a] of (actual as unknown[]).entries()) assertShape(a, e[0], opts, `${path}[${i}]`);
    return;
  }
  if (te !== "object") return;
  const e = expected as Record<string, unknown>;
  const a = actual as Record<string, unknown>;
  if (opts.maps?.includes(path)) {
    const first = Object.values(e)[0];
    for (const [k, v] of Object.entries(a)) assertShape(v, first, opts, `${path}.*`);
    void first;
    return;
  }
  for (const k of Object.keys(e)) {
    assert.ok(k in a, `${path}: missing key "${k}" (has ${Object.keys(a).join(",")})`);
    assertShape(a[k], e[k], opts, `${path}.${k}`);
  }
  if (!opts.extraOk?.includes(path)) {
    const extra = Object.keys(a).filter((k) => !(k in e));
    assert.deepStrictEqual(extra, [], `${path}: keys not in the recorded shape: ${extra.join(",")}`);
  }
}

export async function withSim<T>(cfg: SimConfigInput, fn: (sim: StartedSim) => Promise<T>): Promise<T> {
  const sim = await startSim(cfg);
  try {
    return await fn(sim);
  } finally {
    await sim.stop();
  }
}
