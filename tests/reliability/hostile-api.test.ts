// Hostile API responses: a tiny hostile server answers every API client (Elasticsearch, Kibana status, Kibana Fleet,
// Elastic Cloud, Redis Enterprise) with wrong types, missing fields, a body that is not JSON, a huge body (declared
// and streamed), a never-ending response, a body trickling in slower than it could ever finish and no response at all. Each produces a clear error of its own class
// (ResponseShapeError / ResponseTooLargeError / RequestTimeoutError) within the configured timeout: no hang.
// Short client timeouts (1 s: undici's timers have ~1 s granularity); a guard rejects a call that hangs.
import { strict as assert } from "assert";
import * as http from "http";
import type { AddressInfo } from "net";
import { ElasticCloudClient } from "../../provider/clients/elastic-cloud";
import { ElasticsearchClient } from "../../provider/clients/elasticsearch";
import { ClientError, RequestTimeoutError, ResponseShapeError, ResponseTooLargeError } from "../../provider/clients/errors";
import { createHttpClient } from "../../provider/clients/http";
import { KibanaStatusClient } from "../../provider/clients/kibana";
import { createKibanaFleetClient } from "../../provider/clients/kibana-fleet";
import { createRedisEnterpriseClient } from "../../provider/clients/redis-enterprise";
import { SimServer } from "../sim/common/http";

const TIMEOUT_MS = 1000;
/** a hang detector, not a performance bound: configured timeout + undici's timer granularity + slack */
const GUARD_MS = TIMEOUT_MS + 4000;
const SECRET = "hostile-test-secret-9f3c";

/** One call per client, built against a base URL with short timeouts and no retries. */
const clients: { name: string; call: (url: string) => Promise<unknown> }[] = [
  { name: "Elasticsearch GET /", call: (url) => new ElasticsearchClient({ url, auth: { kind: "apiKey", apiKey: SECRET }, timeoutMs: TIMEOUT_MS, retry: { maxRetries: 0 } }).info() },
  { name: "Elasticsearch GET /_nodes", call: (url) => new ElasticsearchClient({ url, auth: { kind: "apiKey", apiKey: SECRET }, timeoutMs: TIMEOUT_MS, retry: { maxRetries: 0 } }).nodes() },
  { name: "Kibana GET /api/status", call: (url) => new KibanaStatusClient({ url, auth: { kind: "apiKey", apiKey: SECRET }, timeoutMs: TIMEOUT_MS, retry: { maxRetries: 0 } }).status() },
  { name: "Kibana Fleet package info", call: (url) => createKibanaFleetClient({ url, apiKey: SECRET, timeoutMs: TIMEOUT_MS, retry: { maxRetries: 0 } }).getPackageInfo("nginx") },
  { name: "Elastic Cloud deployment", call: (url) => new ElasticCloudClient({ apiKey: SECRET, endpoint: url, timeoutMs: TIMEOUT_MS, retry: { maxRetries: 0 } }).getDeployment("d1") },
  { name: "Redis Enterprise GET /v1/nodes", call: (url) => createRedisEnterpriseClient({ url, username: "admin", password: SECRET, timeoutMs: TIMEOUT_MS, retry: { maxRetries: 0 } }).listNodes() },
];

/** Awaits `p`; fails the test if it neither resolves nor rejects before the guard. Returns what it threw. */
async function failure(p: Promise<unknown>): Promise<unknown> {
  let timer: NodeJS.Timeout | undefined;
  const guard = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`HANG: no answer and no error after ${GUARD_MS} ms`)), GUARD_MS)));
  try {
    await Promise.race([p, guard]);
  } catch (e) {
    if (e instanceof Error && e.message.startsWith("HANG")) throw e;
    return e;
  } finally {
    clearTimeout(timer);
  }
  assert.fail("the call succeeded on a hostile answer");
}

function assertClear(e: unknown, cls: new (...a: never[]) => ClientError, what: string): void {
  assert.ok(e instanceof cls, `${what}: expected ${cls.name}, got ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
  const m = (e as Error).message;
  assert.ok(m.length > 20 && m.length < 2000, `${what}: a readable message (${m.length} chars)`);
  assert.ok(!m.includes(SECRET) && !m.includes(Buffer.from(`admin:${SECRET}`).toString("base64")), `${what}: no credential in the message`);
}

describe("reliability: hostile API responses produce clear errors, never a hang", function () {
  this.timeout(30_000);

  describe("JSON answers of the wrong shape (SimServer)", () => {
    let body: unknown = {};
    let raw = false;
    const server = new SimServer({ name: "hostile", notFound: () => ({ status: 200, body, raw }) });
    before(async () => void (await server.listen()));
    after(() => server.close());

    const shapes: { what: string; body: unknown; raw?: boolean }[] = [
      { what: "wrong types", body: { version: 8, nodes: "three", item: 5, status: 7, id: 1, resources: "x", name: [], cluster_name: false } },
      { what: "missing fields", body: {} },
      { what: "null body", body: null },
      { what: "an array where an object is expected (or an object where an array is)", body: [{ unexpected: true }] },
      { what: "not JSON (a proxy's HTML page)", body: "<html><body>502 Bad Gateway (proxy)</body></html>", raw: true },
    ];
    for (const s of shapes) {
      for (const c of clients) {
        it(`${c.name}: ${s.what} → ResponseShapeError`, async () => {
          body = s.body;
          raw = !!s.raw;
          const e = await failure(c.call(server.url));
          // an array is valid for exactly one of the calls: Redis' node list; then the element is checked instead
          assertClear(e, ResponseShapeError, `${c.name} / ${s.what}`);
          assert.match((e as Error).message, /unexpected shape/);
        });
      }
    }
  });

  describe("transport-level hostility (raw sockets)", () => {
    type Mode = "huge-declared" | "huge-streamed" | "headers-then-silence" | "slow-drip" | "no-headers" | "truncated";
    let mode: Mode = "no-headers";
    const open = new Set<http.ServerResponse>();
    let url = "";
    const server = http.createServer((_req, res) => {
      open.add(res);
      res.on("close", () => open.delete(res));
      switch (mode) {
        case "huge-declared":
          res.writeHead(200, { "content-type": "application/json", "content-length": String(200 * 1024 * 1024) });
          res.write("{");
          return;
        case "huge-streamed": {
          // chunked, no content-length: 1 MiB chunks until the client gives up (64 MiB default limit)
          res.writeHead(200, { "content-type": "application/json" });
          const chunk = Buffer.alloc(1024 * 1024, 0x20);
          res.write("[");
          const pump = () => {
            while (!res.destroyed && res.write(chunk));
            if (!res.destroyed) res.once("drain", pump);
          };
          pump();
          return;
        }
        case "headers-then-silence":
          res.writeHead(200, { "content-type": "application/json" });
          res.write('{"name":');
          return;
        case "slow-drip": {
          // one byte every 300 ms: never a gap as long as the timeout, so only a whole-response deadline ends it
          res.writeHead(200, { "content-type": "application/json" });
          res.write("{");
          const t = setInterval(() => (res.destroyed ? clearInterval(t) : res.write(" ")), 300);
          res.on("close", () => clearInterval(t));
          return;
        }
        case "truncated":
          res.writeHead(200, { "content-type": "application/json", "content-length": "500" });
          res.end('{"name":"x"');
          res.socket?.destroy();
          return;
        case "no-headers":
        default:
          return; // never answers
      }
    });
    before(async () => {
      await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterEach(() => {
      for (const r of open) r.destroy();
    });
    after(async () => {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    });

    const cases: { mode: Mode; what: string; error: new (...a: never[]) => ClientError }[] = [
      { mode: "huge-declared", what: "a 200 MiB body declared in content-length", error: ResponseTooLargeError },
      { mode: "huge-streamed", what: "a chunked body growing past the 64 MiB limit", error: ResponseTooLargeError },
      { mode: "headers-then-silence", what: "a never-ending response (headers, then nothing)", error: RequestTimeoutError },
      { mode: "slow-drip", what: "a body trickling 1 byte / 300 ms (each gap shorter than the timeout)", error: RequestTimeoutError },
      { mode: "no-headers", what: "no answer at all", error: RequestTimeoutError },
    ];
    // every client at once per mode: the waits overlap, so each mode costs one timeout
    for (const k of cases) {
      it(`${k.what} → ${k.error.name} from every client`, async () => {
        mode = k.mode;
        const targets = k.mode === "huge-streamed" ? clients.slice(0, 2) : clients;
        const errors = await Promise.all(targets.map((c) => failure(c.call(url))));
        errors.forEach((e, i) => assertClear(e, k.error, `${targets[i].name} / ${k.what}`));
      });
    }

    it("a response cut off mid-body → a ClientError (no hang, no partial parse)", async () => {
      mode = "truncated";
      const errors = await Promise.all(clients.map((c) => failure(c.call(url))));
      errors.forEach((e, i) => assert.ok(e instanceof ClientError, `${clients[i].name}: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`));
    });

    it("a body over a configured small limit → ResponseTooLargeError", async () => {
      mode = "huge-streamed";
      const h = createHttpClient({ baseUrl: url, auth: { kind: "none" }, timeoutMs: TIMEOUT_MS, retry: { maxRetries: 0 }, maxResponseBytes: 64 * 1024, service: "Hostile" });
      try {
        const { z } = await import("zod");
        assertClear(await failure(h.request("GET", "/", { schema: z.unknown() })), ResponseTooLargeError, "64 KiB limit");
      } finally {
        await h.close();
      }
    });
  });
});
