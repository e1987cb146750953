// A small stateful HTTP server scaffold shared by every simulator (Elasticsearch, Kibana, Elastic Cloud,
// Kibana Fleet, Redis Enterprise): real sockets on 127.0.0.1, a route table with :params, JSON bodies,
// pluggable auth, injectable transport faults, and a request log that tests and benchmarks can count.
import * as http from "http";
import { AddressInfo, Socket } from "net";
import { FaultBook } from "./faults";

export interface SimRequest {
  method: string;
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  /** raw body text ("" when none) */
  text: string;
  /** parsed JSON body, undefined when empty; a malformed body is answered by `onBadJson` */
  body: unknown;
}

export interface SimResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** send `body` as-is (string) rather than JSON */
  raw?: boolean;
}

export type Handler = (req: SimRequest) => SimResponse | Promise<SimResponse>;

export interface Route {
  method: string;
  pattern: string;
  handler: Handler;
}

export interface SimServerOptions {
  name: string;
  /** returns a response to refuse the request (e.g. 401), or undefined to let it through */
  auth?: (req: SimRequest) => SimResponse | undefined;
  /** answer for a path no route matches */
  notFound?: (req: SimRequest) => SimResponse;
  /** answer for a JSON body that does not parse */
  onBadJson?: (req: SimRequest, err: Error) => SimResponse;
  faults?: FaultBook;
}

export interface LoggedRequest {
  method: string;
  path: string;
  status: number;
  at: number;
}

interface Compiled extends Route {
  re: RegExp;
  keys: string[];
}

function compile(route: Route): Compiled {
  const keys: string[] = [];
  const src = route.pattern
    .split("/")
    .map((seg) => {
      if (seg.startsWith(":")) {
        keys.push(seg.slice(1));
        return "([^/]+)";
      }
      return seg.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    })
    .join("/");
  return { ...route, re: new RegExp(`^${src}/?$`), keys };
}

export class SimServer {
  readonly faults: FaultBook;
  readonly log: LoggedRequest[] = [];
  private readonly routes: Compiled[] = [];
  private readonly sockets = new Set<Socket>();
  private server?: http.Server;
  private baseUrl?: string;

  constructor(private readonly opts: SimServerOptions) {
    this.faults = opts.faults ?? new FaultBook();
  }

  route(method: string, pattern: string, handler: Handler): this {
    this.routes.push(compile({ method: method.toUpperCase(), pattern, handler }));
    return this;
  }

  get url(): string {
    if (!this.baseUrl) throw new Error(`${this.opts.name} simulator is not listening`);
    return this.baseUrl;
  }

  /** number of requests answered (optionally only those whose path matches) */
  count(match?: RegExp): number {
    return match ? this.log.filter((r) => match.test(r.path)).length : this.log.length;
  }

  async listen(port = 0): Promise<string> {
    const server = http.createServer((req, res) => {
      void this.handle(req, res);
    });
    server.keepAliveTimeout = 5000;
    server.on("connection", (s) => {
      this.sockets.add(s);
      s.on("close", () => this.sockets.delete(s));
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => resolve());
    });
    this.server = server;
    const addr = server.address() as AddressInfo;
    this.baseUrl = `http://127.0.0.1:${addr.port}`;
    return this.baseUrl;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString("utf8");
    const u = new URL(req.url ?? "/", "http://sim");
    const simReq: SimRequest = {
      method: (req.method ?? "GET").toUpperCase(),
      path: decodeURIComponent(u.pathname),
      params: {},
      query: u.searchParams,
      headers: req.headers,
      text,
      body: undefined,
    };
    const send = (r: SimResponse) => {
      this.log.push({ method: simReq.method, path: simReq.path, status: r.status, at: Date.now() });
      const headers: Record<string, string> = { ...(r.headers ?? {}) };
      let payload = "";
      if (r.body !== undefined) {
        payload = r.raw ? String(r.body) : JSON.stringify(r.body);
        if (!headers["content-type"]) headers["content-type"] = r.raw ? "text/plain" : "application/json";
      }
      res.writeHead(r.status, headers);
      res.end(payload);
    };
    try {
      const fault = this.faults.take(simReq.method, simReq.path);
      if (fault) {
        if (fault.delayMs) await new Promise((r) => setTimeout(r, fault.delayMs));
        if (fault.reset) {
          this.log.push({ method: simReq.method, path: simReq.path, status: 0, at: Date.now() });
          req.socket.destroy();
          return;
        }
        if (fault.status) {
          send({ status: fault.status, body: fault.body ?? { error: `injected fault ${fault.status}` }, headers: fault.headers });
          return;
        }
      }
      if (text.length > 0 && /json/.test(String(req.headers["content-type"] ?? "application/json"))) {
        try {
          simReq.body = JSON.parse(text);
        } catch (e) {
          send(this.opts.onBadJson?.(simReq, e as Error) ?? { status: 400, body: { error: "malformed JSON body" } });
          return;
        }
      }
      const refused = this.opts.auth?.(simReq);
      if (refused) {
        send(refused);
        return;
      }
      let pathMatched = false;
      for (const r of this.routes) {
        const m = r.re.exec(simReq.path);
        if (!m) continue;
        pathMatched = true;
        if (r.method !== simReq.method) continue;
        r.keys.forEach((k, i) => (simReq.params[k] = m[i + 1]));
        send(await r.handler(simReq));
        return;
      }
      if (pathMatched) {
        send({ status: 405, body: { error: `method ${simReq.method} not allowed on ${simReq.path}` } });
        return;
      }
      send(this.opts.notFound?.(simReq) ?? { status: 404, body: { error: `no route ${simReq.method} ${simReq.path}` } });
    } catch (e) {
      send({ status: 500, body: { error: `${this.opts.name} simulator error: ${(e as Error).message}` } });
    }
  }
}

/** Parses an `Authorization` header into its scheme and credentials (Basic decoded to user/password). */
export function parseAuthorization(
  headers: http.IncomingHttpHeaders,
): { scheme: "basic"; username: string; password: string } | { scheme: "apikey" | "bearer"; token: string } | undefined {
  const h = headers["authorization"];
  if (typeof h !== "string") return undefined;
  const [scheme, ...rest] = h.split(" ");
  const value = rest.join(" ").trim();
  switch (scheme.toLowerCase()) {
    case "basic": {
      const decoded = Buffer.from(value, "base64").toString("utf8");
      const i = decoded.indexOf(":");
      if (i < 0) return undefined;
      return { scheme: "basic", username: decoded.slice(0, i), password: decoded.slice(i + 1) };
    }
    case "apikey":
      return { scheme: "apikey", token: value };
    case "bearer":
      return { scheme: "bearer", token: value };
    default:
      return undefined;
  }
}
