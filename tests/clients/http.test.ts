// The shared HTTP layer against real sockets on 127.0.0.1: retries, timeouts, abort, errors, redaction, limits.
import * as assert from "assert";
import * as http from "http";
import { AddressInfo } from "net";
import { z } from "zod";
import {
  ConnectionError,
  HttpStatusError,
  RequestAbortedError,
  RequestTimeoutError,
  ResponseShapeError,
  ResponseTooLargeError,
} from "../../provider/clients/errors";
import { ClientConfigError, createHttpClient, HttpClient, HttpClientOptions, HttpEvent, RequestCounter, encodeQuery, parseRetryAfter } from "../../provider/clients/http";
import { parseAuthorization, SimServer } from "../sim/common/http";

const API_KEY = Buffer.from("VuaCfGcBCdbkQm-e5aOx:ui2lp2axTNmsyakw9tvNnw").toString("base64");
const PASSWORD = "s3cr3t-Pa55word!";
const Version = z.object({ version: z.object({ number: z.string() }) });

async function rejects<E extends Error>(p: Promise<unknown>, cls: new (...a: never[]) => E): Promise<E> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof cls, `expected ${cls.name}, got ${(e as Error).name}: ${(e as Error).message}`);
    return e;
  }
  assert.fail(`expected ${cls.name}`);
}

/** every place a credential could leak from a thrown error */
function errorText(e: Error): string {
  const cause = (e as Error & { cause?: unknown }).cause;
  return [e.message, e.stack ?? "", JSON.stringify(e), cause ? String(cause) + JSON.stringify(cause) : ""].join("\n");
}

function assertNoSecrets(text: string): void {
  for (const s of [API_KEY, "ui2lp2axTNmsyakw9tvNnw", PASSWORD, Buffer.from(`elastic:${PASSWORD}`).toString("base64")]) {
    assert.ok(!text.includes(s), `secret ${s.slice(0, 4)}… leaked: ${text.slice(0, 300)}`);
  }
}

describe("http client", () => {
  let sim: SimServer;
  const clients: HttpClient[] = [];
  const events: HttpEvent[] = [];
  function client(extra: Partial<HttpClientOptions> = {}): HttpClient {
    const c = createHttpClient({
      baseUrl: sim.url,
      auth: { kind: "apiKey", apiKey: API_KEY },
      service: "Elasticsearch",
      retry: { maxRetries: 4, minDelayMs: 2, maxDelayMs: 50 },
      onEvent: (e) => events.push(e),
      ...extra,
    });
    clients.push(c);
    return c;
  }

  beforeEach(async () => {
    events.length = 0;
    sim = new SimServer({ name: "test" });
    await sim.listen();
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await sim.close();
  });

  describe("requests", () => {
    it("sends ApiKey auth, JSON bodies, query strings and a base path prefix", async () => {
      let seen: { auth: unknown; path: string; q: string; body: unknown; ct: unknown } | undefined;
      sim.route("PUT", "/prefix/_cluster/settings", (r) => {
        seen = { auth: parseAuthorization(r.headers), path: r.path, q: r.query.toString(), body: r.body, ct: r.headers["content-type"] };
        return { status: 200, body: { acknowledged: true } };
      });
      const c = createHttpClient({ baseUrl: `${sim.url}/prefix/`, auth: { kind: "apiKey", apiKey: API_KEY } });
      clients.push(c);
      const out = await c.request("PUT", "/_cluster/settings", {
        query: { flat_settings: true, h: ["id", "name"], skip: undefined },
        body: { persistent: { "cluster.routing.allocation.enable": null } },
        schema: z.object({ acknowledged: z.boolean() }),
      });
      assert.deepStrictEqual(out, { acknowledged: true });
      assert.deepStrictEqual(seen, {
        auth: { scheme: "apikey", token: API_KEY },
        path: "/prefix/_cluster/settings",
        q: "flat_settings=true&h=id%2Cname",
        body: { persistent: { "cluster.routing.allocation.enable": null } },
        ct: "application/json",
      });
    });

    it("sends Basic auth", async () => {
      let auth: unknown;
      sim.route("GET", "/", (r) => {
        auth = parseAuthorization(r.headers);
        return { status: 200, body: { version: { number: "8.19.2" } } };
      });
      const c = client({ auth: { kind: "basic", username: "elastic", password: PASSWORD } });
      assert.strictEqual((await c.request("GET", "/", { schema: Version })).version.number, "8.19.2");
      assert.deepStrictEqual(auth, { scheme: "basic", username: "elastic", password: PASSWORD });
    });

    it("returns status and headers from exchange and accepts listed non-2xx statuses", async () => {
      sim.route("GET", "/_cluster/health", () => ({ status: 408, body: { status: "yellow", timed_out: true }, headers: { "x-extra": "1" } }));
      const c = client();
      const r = await c.exchange("GET", "/_cluster/health", { schema: z.object({ status: z.string(), timed_out: z.boolean() }), expectStatus: [200, 408] });
      assert.strictEqual(r.status, 408);
      assert.strictEqual(r.headers["x-extra"], "1");
      assert.deepStrictEqual(r.data, { status: "yellow", timed_out: true });
    });

    it("encodes queries and parses Retry-After in both forms", () => {
      assert.strictEqual(encodeQuery({ a: 1, b: false, c: null, d: ["x", 2] }), "?a=1&b=false&d=x%2C2");
      assert.strictEqual(encodeQuery({}), "");
      assert.strictEqual(parseRetryAfter("2"), 2000);
      assert.strictEqual(parseRetryAfter("soon"), undefined);
      const inFuture = parseRetryAfter(new Date(Date.now() + 60_000).toUTCString());
      assert.ok(inFuture !== undefined && inFuture > 50_000 && inFuture <= 60_000);
      assert.strictEqual(parseRetryAfter(new Date(0).toUTCString()), 0);
    });
  });

  describe("retries", () => {
    it("retries a 429 burst, honouring Retry-After (capped by maxDelayMs)", async () => {
      sim.faults.add({ path: "^/$", status: 429, headers: { "retry-after": "0.03" }, times: 2 });
      sim.faults.add({ path: "^/$", status: 429, headers: { "retry-after": "3600" }, times: 1 });
      sim.route("GET", "/", () => ({ status: 200, body: { version: { number: "9.1.2" } } }));
      const c = client();
      assert.strictEqual((await c.request("GET", "/", { schema: Version })).version.number, "9.1.2");
      const retries = events.filter((e) => e.kind === "retry");
      assert.deepStrictEqual(
        retries.map((e) => (e.kind === "retry" ? [e.status, e.delayMs] : [])),
        [
          [429, 30],
          [429, 30],
          [429, 50],
        ],
      );
      assert.strictEqual(sim.count(/^\/$/), 4);
      assert.deepStrictEqual([c.counter.requests, c.counter.attempts, c.counter.retries], [1, 4, 3]);
    });

    it("retries 503 with an HTTP-date Retry-After and exponential backoff without one", async () => {
      sim.faults.add({ path: "^/$", status: 503, headers: { "retry-after": new Date(Date.now() - 1000).toUTCString() }, times: 1 });
      sim.faults.add({ path: "^/$", status: 503, times: 2 });
      sim.route("GET", "/", () => ({ status: 200, body: { version: { number: "9.1.2" } } }));
      const c = client({ retry: { maxRetries: 5, minDelayMs: 8, maxDelayMs: 1000 } });
      await c.request("GET", "/", { schema: Version });
      const delays = events.flatMap((e) => (e.kind === "retry" ? [e.delayMs] : []));
      assert.strictEqual(delays.length, 3);
      assert.strictEqual(delays[0], 0, "a Retry-After date in the past means now");
      // backoff for attempt n is minDelay*2^(n-1), jittered into [half, full]
      assert.ok(delays[1] >= 8 && delays[1] <= 16, `attempt 2 delay ${delays[1]}`);
      assert.ok(delays[2] >= 16 && delays[2] <= 32, `attempt 3 delay ${delays[2]}`);
    });

    it("gives up after maxRetries with an HttpStatusError carrying the last body", async () => {
      sim.faults.add({ path: "^/$", status: 503, body: { error: { type: "cluster_block_exception", reason: "blocked by: [SERVICE_UNAVAILABLE/1/state not recovered]" }, status: 503 } });
      const c = client({ retry: { maxRetries: 2, minDelayMs: 1, maxDelayMs: 2 } });
      const e = await rejects(c.request("GET", "/", { schema: Version }), HttpStatusError);
      assert.strictEqual(e.status, 503);
      assert.strictEqual(e.errorCode, "cluster_block_exception");
      assert.match(e.message, /state not recovered/);
      assert.strictEqual(sim.count(/^\/$/), 3);
    });

    it("does not retry a 500 or a 4xx", async () => {
      sim.route("GET", "/", () => ({ status: 500, body: { error: "boom" } }));
      sim.route("GET", "/missing", () => ({ status: 404, body: { error: "nope" } }));
      const c = client();
      assert.strictEqual((await rejects(c.request("GET", "/", { schema: Version }), HttpStatusError)).status, 500);
      assert.strictEqual((await rejects(c.request("GET", "/missing", { schema: Version }), HttpStatusError)).status, 404);
      assert.strictEqual(sim.count(), 2);
    });

    it("reads Redis Enterprise's {error_code, description} error body into the error", async () => {
      sim.route("GET", "/v1/nodes/check/9", () => ({ status: 404, body: { error_code: "node_not_found", description: "Node 9 does not exist" } }));
      const c = client({ auth: { kind: "basic", username: "admin@example.com", password: PASSWORD }, service: "Redis Enterprise" });
      const e = await rejects(c.request("GET", "/v1/nodes/check/9", { schema: z.unknown() }), HttpStatusError);
      assert.strictEqual(e.errorCode, "node_not_found");
      assert.strictEqual(e.reason, "Node 9 does not exist");
      assert.match(e.message, /node_not_found: Node 9 does not exist/);
    });

    it("prefers Kibana's message over its generic error name", async () => {
      sim.route("POST", "/api/fleet/epm/packages/nginx/1.15.0", () => ({
        status: 400,
        body: { statusCode: 400, error: "Bad Request", message: "nginx-1.15.0 is out-of-date and cannot be installed or updated" },
      }));
      const c = client({ service: "Kibana" });
      const e = await rejects(c.request("POST", "/api/fleet/epm/packages/nginx/1.15.0", { schema: z.unknown() }), HttpStatusError);
      assert.strictEqual(e.reason, "nginx-1.15.0 is out-of-date and cannot be installed or updated");
    });

    it("retries a connection reset", async () => {
      sim.faults.add({ path: "^/$", reset: true, times: 2 });
      sim.route("GET", "/", () => ({ status: 200, body: { version: { number: "9.1.2" } } }));
      const c = client();
      assert.strictEqual((await c.request("GET", "/", { schema: Version })).version.number, "9.1.2");
      assert.strictEqual(c.counter.retries, 2);
      assert.ok(events.some((e) => e.kind === "retry" && e.code !== undefined), "the retry names the socket error");
    });

    it("retries a POST only where the server cannot have processed it", async () => {
      sim.faults.add({ path: "^/_flush$", status: 503, times: 1 });
      sim.faults.add({ path: "^/_flush$", status: 502, times: 1 });
      sim.route("POST", "/_flush", () => ({ status: 200, body: { _shards: { total: 1, successful: 1, failed: 0 } } }));
      const c = client();
      const e = await rejects(c.request("POST", "/_flush", { schema: z.unknown() }), HttpStatusError);
      assert.strictEqual(e.status, 502, "503 retried, 502 (maybe processed) not");
      sim.faults.add({ path: "^/_flush$", status: 502, times: 1 });
      await c.request("POST", "/_flush", { schema: z.unknown(), idempotent: true });
      assert.strictEqual(sim.count(/_flush/), 4);
    });

    it("lets one call override the retry policy", async () => {
      sim.faults.add({ path: "^/$", status: 503, times: 1 });
      sim.route("GET", "/", () => ({ status: 200, body: { version: { number: "9.1.2" } } }));
      const c = client();
      const e = await rejects(c.request("GET", "/", { schema: Version, retry: { maxRetries: 0 } }), HttpStatusError);
      assert.strictEqual(e.status, 503);
      assert.strictEqual((await c.request("GET", "/", { schema: Version })).version.number, "9.1.2");
      assert.strictEqual(c.counter.retries, 0);
    });

    it("hands a non-JSON body to the schema as text only when asked", async () => {
      sim.route("GET", "/text", () => ({ status: 200, body: "plain words", raw: true }));
      const c = client();
      assert.strictEqual(await c.request("GET", "/text", { schema: z.string(), acceptText: true }), "plain words");
      await rejects(c.request("GET", "/text", { schema: z.string() }), ResponseShapeError);
    });

    it("counts into a shared counter across clients", async () => {
      sim.route("GET", "/", () => ({ status: 200, body: { version: { number: "9.1.2" } } }));
      const counter = new RequestCounter();
      const a = client({ counter });
      const b = client({ counter });
      await a.request("GET", "/", { schema: Version });
      await b.request("GET", "/", { schema: Version });
      assert.strictEqual(counter.requests, 2);
      assert.strictEqual(counter.byEndpoint.get("GET /"), 2);
    });
  });

  describe("failures", () => {
    it("reports a refused connection with the URL and what to check, after retrying", async () => {
      const port = (sim as unknown as { server: http.Server }).server.address() as AddressInfo;
      await sim.close();
      const c = createHttpClient({ baseUrl: `http://127.0.0.1:${port.port}`, auth: { kind: "apiKey", apiKey: API_KEY }, service: "Elasticsearch", retry: { maxRetries: 2, minDelayMs: 1, maxDelayMs: 2 } });
      clients.push(c);
      const e = await rejects(c.request("GET", "/_cluster/health", { schema: z.unknown() }), ConnectionError);
      assert.strictEqual(e.code, "ECONNREFUSED");
      assert.ok(e.message.includes(`http://127.0.0.1:${port.port}`));
      assert.match(e.message, /Check the URL and port/);
      assert.strictEqual(c.counter.attempts, 3);
      assertNoSecrets(errorText(e));
      await sim.listen(); // for afterEach
    });

    it("times out a request whose answer never comes", async () => {
      sim.route("GET", "/slow", () => new Promise((r) => setTimeout(() => r({ status: 200, body: {} }), 2000)));
      const c = client();
      const e = await rejects(c.request("GET", "/slow", { schema: z.unknown(), timeoutMs: 100 }), RequestTimeoutError);
      assert.strictEqual(e.timeoutMs, 100);
      assert.match(e.message, /GET \/slow did not answer within 100 ms/);
    });

    it("aborts an in-flight request", async () => {
      const ac = new AbortController();
      sim.route("GET", "/hang", () => {
        ac.abort();
        return new Promise((r) => setTimeout(() => r({ status: 200, body: {} }), 2000));
      });
      const c = client();
      await rejects(c.request("GET", "/hang", { schema: z.unknown(), signal: ac.signal }), RequestAbortedError);
    });

    it("aborts while waiting out a long Retry-After", async () => {
      sim.faults.add({ path: "^/$", status: 429, headers: { "retry-after": "600" } });
      const ac = new AbortController();
      const c = client({
        retry: { maxRetries: 3, minDelayMs: 1, maxDelayMs: 600_000 },
        onEvent: (e) => {
          if (e.kind === "retry") ac.abort();
        },
      });
      await rejects(c.request("GET", "/", { schema: Version, signal: ac.signal }), RequestAbortedError);
      assert.strictEqual(sim.count(), 1, "nothing sent after the abort");
    });

    it("refuses to start an already-aborted request", async () => {
      const ac = new AbortController();
      ac.abort();
      await rejects(client().request("GET", "/", { schema: Version, signal: ac.signal }), RequestAbortedError);
      assert.strictEqual(sim.count(), 0);
    });

    it("names the endpoint and the zod issue path on a shape mismatch, truncating the body", async () => {
      sim.route("GET", "/", () => ({ status: 200, body: { version: { number: 9 }, padding: "x".repeat(20_000) } }));
      const e = await rejects(client().request("GET", "/", { schema: Version }), ResponseShapeError);
      assert.deepStrictEqual(
        e.issues.map((i) => i.split(":")[0]),
        ["version.number"],
      );
      assert.match(e.message, /Elasticsearch GET \/ returned a response of an unexpected shape: version\.number/);
      assert.ok(e.message.length < 1500, `message is ${e.message.length} chars`);
    });

    it("rejects a non-JSON body as a shape error", async () => {
      sim.route("GET", "/", () => ({ status: 200, body: "<html>login page</html>", raw: true }));
      const e = await rejects(client().request("GET", "/", { schema: Version }), ResponseShapeError);
      assert.match(e.message, /not JSON.*login page/);
    });

    it("discards a huge chunked response", async () => {
      sim.route("GET", "/_nodes", () => ({ status: 200, body: { nodes: "x".repeat(200_000) } }));
      const e = await rejects(client({ maxResponseBytes: 10_000 }).request("GET", "/_nodes", { schema: z.unknown() }), ResponseTooLargeError);
      assert.strictEqual(e.limitBytes, 10_000);
    });

    it("refuses a huge declared Content-Length before reading it", async () => {
      const server = http.createServer((_req, res) => {
        res.writeHead(200, { "content-type": "application/json", "content-length": String(50_000_000) });
        res.write("{");
        // never finishes: the client must not wait for 50 MB
      });
      await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
      try {
        const c = createHttpClient({ baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, auth: { kind: "none" }, maxResponseBytes: 1_000_000 });
        clients.push(c);
        await rejects(c.request("GET", "/", { schema: z.unknown() }), ResponseTooLargeError);
      } finally {
        server.closeAllConnections();
        server.close();
      }
    });
  });

  describe("whole-response deadline (timeoutMs per attempt: headers + whole body)", () => {
    // raw servers: SimServer answers whole bodies, these need control over when each byte is written
    const raw: http.Server[] = [];
    async function rawServer(handler: (req: http.IncomingMessage, res: http.ServerResponse, n: number) => void): Promise<string> {
      let n = 0;
      const server = http.createServer((req, res) => handler(req, res, ++n));
      raw.push(server);
      await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    }
    /** a 200 whose body trickles in one byte per 300 ms, forever: no gap ever reaches the timeout */
    function drip(res: http.ServerResponse, onByte?: (written: number) => void): void {
      res.writeHead(200, { "content-type": "application/json" });
      res.write("{");
      let written = 1;
      const t = setInterval(() => {
        if (res.destroyed) return clearInterval(t);
        res.write(" ");
        onByte?.(++written);
      }, 300);
      res.on("close", () => clearInterval(t));
    }
    afterEach(async () => {
      for (const s of raw.splice(0)) {
        s.closeAllConnections();
        await new Promise<void>((r) => s.close(() => r()));
      }
    });

    it("ends a slow-drip body with RequestTimeoutError naming the endpoint, without retrying it", async () => {
      const url = await rawServer((_req, res) => drip(res));
      const c = createHttpClient({ baseUrl: url, auth: { kind: "apiKey", apiKey: API_KEY }, service: "Elasticsearch", timeoutMs: 1000, retry: { maxRetries: 3, minDelayMs: 1, maxDelayMs: 2 } });
      clients.push(c);
      const e = await rejects(c.request("GET", "/_nodes", { schema: z.unknown() }), RequestTimeoutError);
      assert.strictEqual(e.timeoutMs, 1000);
      assert.match(e.message, /Elasticsearch GET \/_nodes did not answer within 1000 ms/);
      assertNoSecrets(errorText(e));
      assert.strictEqual(c.counter.attempts, 1, "a timeout is not retried (the existing retry policy)");
      assert.strictEqual(c.counter.retries, 0);
    });

    it("keeps the caller's AbortSignal working during a slow-drip body (RequestAbortedError, not a timeout)", async () => {
      const ac = new AbortController();
      const url = await rawServer((_req, res) => drip(res, (written) => written === 3 && ac.abort()));
      const c = createHttpClient({ baseUrl: url, auth: { kind: "none" }, service: "Elasticsearch", timeoutMs: 30_000, retry: { maxRetries: 0 } });
      clients.push(c);
      await rejects(c.request("GET", "/", { schema: z.unknown(), signal: ac.signal }), RequestAbortedError);
    });

    it("gives each retry a fresh deadline: two 600 ms attempts succeed under a 1000 ms timeout", async () => {
      const url = await rawServer((_req, res, n) => {
        const t = setTimeout(() => {
          if (n === 1) res.writeHead(503, { "retry-after": "0", "content-type": "application/json" }).end("{}");
          else res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}');
        }, 600);
        res.on("close", () => clearTimeout(t));
      });
      const c = createHttpClient({ baseUrl: url, auth: { kind: "none" }, service: "Elasticsearch", timeoutMs: 1000, retry: { maxRetries: 2, minDelayMs: 1, maxDelayMs: 2 } });
      clients.push(c);
      const r = await c.request("GET", "/", { schema: z.object({ ok: z.boolean() }) });
      assert.deepStrictEqual(r, { ok: true });
      assert.strictEqual(c.counter.attempts, 2);
    });

    it("a per-call timeoutMs (a server-side wait) outlasts the client default", async () => {
      const url = await rawServer((_req, res) => {
        const t = setTimeout(() => res.writeHead(200, { "content-type": "application/json" }).end("{}"), 700);
        res.on("close", () => clearTimeout(t));
      });
      const c = createHttpClient({ baseUrl: url, auth: { kind: "none" }, service: "Elasticsearch", timeoutMs: 200, retry: { maxRetries: 0 } });
      clients.push(c);
      await rejects(c.request("GET", "/", { schema: z.unknown() }), RequestTimeoutError);
      assert.deepStrictEqual(await c.request("GET", "/", { schema: z.unknown(), timeoutMs: 5000 }), {});
    });
  });

  describe("redaction", () => {
    it("keeps the API key out of a 401 error even when the server echoes it", async () => {
      sim.route("GET", "/_cluster/health", (r) => ({
        status: 401,
        body: { error: { type: "security_exception", reason: `unable to authenticate with [${String(r.headers.authorization)}]` }, status: 401 },
      }));
      const c = client();
      const e = await rejects(c.request("GET", "/_cluster/health", { schema: z.unknown() }), HttpStatusError);
      assert.strictEqual(e.status, 401);
      assert.match(e.message, /HTTP 401 security_exception/);
      assert.match(e.message, /check the API key or username\/password/);
      assert.match(e.message, /\[REDACTED\]/);
      assertNoSecrets(errorText(e));
      assertNoSecrets(e.bodyExcerpt + (e.reason ?? ""));
      assertNoSecrets(JSON.stringify(events));
    });

    it("keeps the password and the Basic token out of errors", async () => {
      sim.route("GET", "/", (r) => ({ status: 403, body: `denied for ${String(r.headers.authorization)} / ${PASSWORD}`, raw: true }));
      const c = client({ auth: { kind: "basic", username: "elastic", password: PASSWORD } });
      const e = await rejects(c.request("GET", "/", { schema: Version }), HttpStatusError);
      assert.strictEqual(e.status, 403);
      assertNoSecrets(errorText(e));
    });

    it("refuses credentials embedded in the URL without echoing them", () => {
      assert.throws(
        () => createHttpClient({ baseUrl: `https://elastic:${PASSWORD}@es.example:9200`, auth: { kind: "none" } }),
        (e: Error) => e instanceof ClientConfigError && !e.message.includes(PASSWORD) && /must not embed credentials/.test(e.message),
      );
    });
  });
});
