/**
 * @module clients/http — the one HTTP layer every API client stands on: undici Agent (keep-alive, TLS with a
 * custom CA, verification on by default), undici's retry interceptor for 429/502/503/504 and connection
 * failures with exponential backoff honouring Retry-After, per-request timeouts, AbortSignal, a response size
 * guard, every body parsed with zod, typed errors whose text never contains a credential, and a request counter.
 *
 * @example
 * const es = createHttpClient({ baseUrl: "https://es:9200", auth: { kind: "apiKey", apiKey }, service: "Elasticsearch" });
 * const info = await es.request("GET", "/", { schema: z.object({ version: z.object({ number: z.string() }) }) });
 */
import { Agent, Dispatcher, interceptors } from "undici";
import type { z } from "zod";
import {
  ClientError,
  ConnectionError,
  HttpStatusError,
  RequestAbortedError,
  RequestTimeoutError,
  ResponseShapeError,
  ResponseTooLargeError,
  TlsError,
} from "./errors";

/** How requests authenticate. `apiKey` is the base64 `id:api_key` value Elastic prints as `encoded`. */
export type HttpAuth =
  | { kind: "apiKey"; apiKey: string }
  | { kind: "basic"; username: string; password: string }
  | { kind: "bearer"; token: string }
  | { kind: "none" };

export interface RetryPolicy {
  /** retries after the first attempt (0 disables retrying) */
  maxRetries: number;
  /** first backoff delay; doubles per retry (with jitter) */
  minDelayMs: number;
  /** cap on any single delay, including a server's Retry-After */
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxRetries: 5, minDelayMs: 250, maxDelayMs: 30_000 };
export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

export type HttpMethod = "GET" | "HEAD" | "POST" | "PUT" | "PATCH" | "DELETE";

export type QueryValue = string | number | boolean | undefined | null | readonly (string | number)[];
export type QueryParams = Record<string, QueryValue>;

/** A redacted, header-free record of what the client did, for progress logs and tests. */
export type HttpEvent =
  | { kind: "retry"; method: string; path: string; attempt: number; delayMs: number; status?: number; code?: string }
  | { kind: "response"; method: string; path: string; status: number; durationMs: number };

export interface HttpClientOptions {
  baseUrl: string;
  auth: HttpAuth;
  /** PEM of the CA (or CAs) that signed the server certificate; added to verification, never disables it */
  caCertificate?: string;
  /** disables certificate verification (test clusters only); the client then reports a warning */
  insecureSkipVerify?: boolean;
  defaultHeaders?: Record<string, string>;
  /**
   * Per-attempt deadline (default 30 s): each attempt must deliver its response headers AND its whole body within
   * this many ms of being sent, else it is aborted and the call throws RequestTimeoutError (timeouts are not retried).
   * It also bounds the wait for headers and every gap between body chunks. Backoff waits between retries do not
   * count; each retry gets a fresh deadline. Calls that ask the server to wait pass a larger per-call `timeoutMs`.
   */
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  userAgent?: string;
  /** response bodies larger than this are discarded with ResponseTooLargeError (default 64 MiB) */
  maxResponseBytes?: number;
  /** name used in error messages ("Elasticsearch", "Elastic Cloud", …) */
  service?: string;
  /** share one counter between clients (e.g. a benchmark counting every request of a rollout) */
  counter?: RequestCounter;
  onEvent?: (event: HttpEvent) => void;
}

/** The connection settings every API client takes and hands on to createHttpClient unchanged. */
export type ConnectionOptions = Pick<
  HttpClientOptions,
  "caCertificate" | "insecureSkipVerify" | "timeoutMs" | "retry" | "counter" | "onEvent" | "userAgent"
>;

/** Picks the ConnectionOptions out of a client's options (which also hold URLs and credentials). */
export function connectionOptions(o: ConnectionOptions): ConnectionOptions {
  return {
    caCertificate: o.caCertificate,
    insecureSkipVerify: o.insecureSkipVerify,
    timeoutMs: o.timeoutMs,
    retry: o.retry,
    counter: o.counter,
    onEvent: o.onEvent,
    userAgent: o.userAgent,
  };
}

export interface RequestOptions<S extends z.ZodType> {
  query?: QueryParams;
  /** serialized as JSON unless it is already a string */
  body?: unknown;
  /** every response body is parsed with this schema; use `z.unknown()` only when the body is ignored */
  schema: S;
  signal?: AbortSignal;
  /** overrides the client's per-attempt deadline (headers + whole body) for this call; see HttpClientOptions.timeoutMs */
  timeoutMs?: number;
  /** statuses treated as success (default: any 2xx) */
  expectStatus?: readonly number[];
  headers?: Record<string, string>;
  /** whether a connection reset / 502 / 504 may be retried; default true except for POST and PATCH */
  idempotent?: boolean;
  /** overrides the client's retry policy for this call (`{ maxRetries: 0 }` disables retrying) */
  retry?: Partial<RetryPolicy>;
  /** hand a body that is not JSON to the schema as a string instead of failing (e.g. "server is not ready yet") */
  acceptText?: boolean;
}

export interface HttpResponse<T> {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  data: T;
}

export interface HttpClient {
  /** base URL without any credential */
  readonly baseUrl: string;
  readonly service: string;
  /** true when TLS verification is disabled */
  readonly insecure: boolean;
  /** configuration warnings to surface to the user (e.g. TLS verification disabled) */
  readonly warnings: readonly string[];
  readonly counter: RequestCounter;
  /** sends one request (retrying as configured) and returns the schema-parsed body */
  request<S extends z.ZodType>(method: HttpMethod, path: string, options: RequestOptions<S>): Promise<z.output<S>>;
  /** like `request` but also returns the status and response headers */
  exchange<S extends z.ZodType>(method: HttpMethod, path: string, options: RequestOptions<S>): Promise<HttpResponse<z.output<S>>>;
  /** replaces every configured secret in `text` with [REDACTED] */
  redact(text: string): string;
  close(): Promise<void>;
}

/** Counts logical requests, wire attempts (including retries) and retries; per endpoint as `METHOD /path`. */
export class RequestCounter {
  requests = 0;
  attempts = 0;
  retries = 0;
  readonly byEndpoint = new Map<string, number>();

  recordRequest(method: string, path: string): void {
    this.requests++;
    const key = `${method} ${path}`;
    this.byEndpoint.set(key, (this.byEndpoint.get(key) ?? 0) + 1);
  }

  reset(): void {
    this.requests = 0;
    this.attempts = 0;
    this.retries = 0;
    this.byEndpoint.clear();
  }
}

/** Invalid client configuration (e.g. credentials embedded in the URL). */
export class ClientConfigError extends ClientError {}

const REDACTED = "[REDACTED]";
const EXCERPT_CHARS = 400;
const RETRY_STATUSES = new Set([429, 502, 503, 504]);
/** statuses that mean "not processed", safe to retry even for non-idempotent requests */
const NOT_PROCESSED_STATUSES = new Set([429, 503]);
const RETRY_CODES = new Set(["ECONNRESET", "ECONNREFUSED", "EPIPE", "UND_ERR_SOCKET", "EAI_AGAIN", "ENETDOWN", "ENETUNREACH", "EHOSTUNREACH", "EHOSTDOWN"]);
/** connection failures where the request was certainly never sent */
const NOT_SENT_CODES = new Set(["ECONNREFUSED", "EAI_AGAIN", "ENETDOWN", "ENETUNREACH", "EHOSTUNREACH", "EHOSTDOWN"]);

/** Creates a client for one base URL. Close it when done (it owns a connection pool). */
export function createHttpClient(options: HttpClientOptions): HttpClient {
  return new UndiciHttpClient(options);
}

interface ErrorLike {
  code?: string;
  statusCode?: number;
  headers?: Record<string, string | string[] | undefined>;
  message?: string;
  name?: string;
  cause?: unknown;
}

class UndiciHttpClient implements HttpClient {
  readonly baseUrl: string;
  readonly service: string;
  readonly insecure: boolean;
  readonly warnings: string[] = [];
  readonly counter: RequestCounter;
  private readonly origin: string;
  private readonly prefix: string;
  private readonly agent: Agent;
  private readonly dispatcher: Dispatcher;
  private readonly secrets: string[];
  private readonly baseHeaders: Record<string, string>;
  private readonly retryPolicy: RetryPolicy;
  private readonly timeoutMs: number;
  private readonly maxBytes: number;
  private readonly onEvent?: (e: HttpEvent) => void;

  constructor(opts: HttpClientOptions) {
    this.service = opts.service ?? "server";
    this.secrets = collectSecrets(opts.auth);
    let url: URL;
    try {
      url = new URL(opts.baseUrl);
    } catch {
      throw new ClientConfigError(`${this.service} URL ${JSON.stringify(this.redact(opts.baseUrl))} is not a valid absolute URL (expected e.g. https://host:9200).`);
    }
    if (url.username || url.password) {
      throw new ClientConfigError(
        `${this.service} URL must not embed credentials; pass them as apiKey or username/password instead (URL: ${url.protocol}//${REDACTED}@${url.host}${url.pathname}).`,
      );
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") {
      throw new ClientConfigError(`${this.service} URL ${url.origin} must use http or https.`);
    }
    this.origin = url.origin;
    this.prefix = url.pathname.replace(/\/+$/, "");
    this.baseUrl = `${url.origin}${this.prefix}`;
    this.insecure = url.protocol === "https:" && opts.insecureSkipVerify === true;
    if (this.insecure) {
      this.warnings.push(`TLS certificate verification is disabled for ${this.baseUrl} (insecureSkipVerify); anyone on the path can read the credentials.`);
    }
    this.retryPolicy = { ...DEFAULT_RETRY, ...(opts.retry ?? {}) };
    this.timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.maxBytes = opts.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    this.counter = opts.counter ?? new RequestCounter();
    this.onEvent = opts.onEvent;
    this.baseHeaders = {
      accept: "application/json",
      "user-agent": opts.userAgent ?? "pulumi-upgrades",
      ...(opts.defaultHeaders ?? {}),
      ...authHeader(opts.auth),
    };
    this.agent = new Agent({
      connect: {
        ...(opts.caCertificate ? { ca: opts.caCertificate } : {}),
        rejectUnauthorized: !this.insecure,
      },
      keepAliveTimeout: 4_000,
    });
    const counter = this.counter;
    const countAttempts: Dispatcher.DispatcherComposeInterceptor = (dispatch) => (dopts, handler) => {
      counter.attempts++;
      return dispatch(dopts, handler);
    };
    // compose applies left to right, the last one outermost: retry wraps the attempt counter, so every
    // re-dispatch by the retry handler is counted as one wire attempt.
    this.dispatcher = this.agent.compose(countAttempts, interceptors.retry({ throwOnError: false }));
  }

  redact(text: string): string {
    let out = text;
    for (const s of this.secrets) out = out.split(s).join(REDACTED);
    return out.replace(/\/\/[^/@\s:]+:[^/@\s]+@/g, `//${REDACTED}@`);
  }

  async request<S extends z.ZodType>(method: HttpMethod, path: string, options: RequestOptions<S>): Promise<z.output<S>> {
    return (await this.exchange(method, path, options)).data;
  }

  async exchange<S extends z.ZodType>(method: HttpMethod, path: string, options: RequestOptions<S>): Promise<HttpResponse<z.output<S>>> {
    const shownPath = this.redact(path);
    this.counter.recordRequest(method, shownPath);
    const signal = options.signal;
    if (signal?.aborted) throw new RequestAbortedError(method, shownPath, this.service, signal.reason);
    const timeoutMs = options.timeoutMs ?? this.timeoutMs;
    const idempotent = options.idempotent ?? !(method === "POST" || method === "PATCH");
    const headers: Record<string, string> = { ...this.baseHeaders, ...(options.headers ?? {}) };
    let body: string | undefined;
    if (options.body !== undefined) {
      body = typeof options.body === "string" ? options.body : JSON.stringify(options.body);
      if (!Object.keys(headers).some((h) => h.toLowerCase() === "content-type")) headers["content-type"] = "application/json";
    }
    const started = Date.now();
    const deadline = new AttemptDeadline(timeoutMs, signal);
    try {
      return await this.exchangeOnce(method, path, shownPath, options, headers, body, timeoutMs, idempotent, deadline, started);
    } finally {
      deadline.dispose();
    }
  }

  private async exchangeOnce<S extends z.ZodType>(
    method: HttpMethod,
    path: string,
    shownPath: string,
    options: RequestOptions<S>,
    headers: Record<string, string>,
    body: string | undefined,
    timeoutMs: number,
    idempotent: boolean,
    deadline: AttemptDeadline,
    started: number,
  ): Promise<HttpResponse<z.output<S>>> {
    let res: Dispatcher.ResponseData;
    try {
      res = await this.dispatcher.request({
        origin: this.origin,
        path: this.prefix + path + encodeQuery(options.query),
        method,
        headers,
        body,
        signal: deadline.signal,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
        retryOptions: { throwOnError: false, retry: this.retryCallback(method, shownPath, idempotent, deadline, options.retry) },
      } as Dispatcher.RequestOptions);
    } catch (err) {
      throw this.translate(err, method, shownPath, timeoutMs, deadline);
    }
    let text: string;
    try {
      text = await this.readBody(res, method, shownPath);
    } catch (err) {
      if (err instanceof ClientError) throw err;
      throw this.translate(err, method, shownPath, timeoutMs, deadline);
    }
    deadline.dispose();
    this.onEvent?.({ kind: "response", method, path: shownPath, status: res.statusCode, durationMs: Date.now() - started });
    const ok = options.expectStatus ? options.expectStatus.includes(res.statusCode) : res.statusCode >= 200 && res.statusCode < 300;
    if (!ok) throw this.statusError(res, text, method, shownPath);
    let json: unknown = undefined;
    if (text.trim().length > 0) {
      try {
        json = JSON.parse(text);
      } catch {
        if (!options.acceptText) throw new ResponseShapeError(method, shownPath, ["(root): body is not JSON"], this.excerpt(text), this.service);
        json = text;
      }
    }
    const parsed = options.schema.safeParse(json);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => `${i.path.length ? i.path.map(String).join(".") : "(root)"}: ${this.redact(i.message)}`);
      throw new ResponseShapeError(method, shownPath, issues, this.excerpt(text), this.service);
    }
    return { status: res.statusCode, headers: res.headers, data: parsed.data };
  }

  async close(): Promise<void> {
    await this.agent.close();
  }

  /** The retry decision handed to undici's retry interceptor: which failures, how long to wait, abortable. */
  private retryCallback(method: string, path: string, idempotent: boolean, deadline: AttemptDeadline, override?: Partial<RetryPolicy>) {
    const signal = deadline.user;
    const policy = override ? { ...this.retryPolicy, ...override } : this.retryPolicy;
    return (err: Error, ctx: { state: { counter: number } }, cb: (result?: Error | null) => void): void => {
      const e = err as ErrorLike;
      const status = e.statusCode;
      const code = e.code === "UND_ERR_REQ_RETRY" ? undefined : e.code;
      const retriable =
        status !== undefined
          ? RETRY_STATUSES.has(status) && (idempotent || NOT_PROCESSED_STATUSES.has(status))
          : code !== undefined && RETRY_CODES.has(code) && (idempotent || NOT_SENT_CODES.has(code));
      const attempt = ctx.state.counter;
      if (!retriable || attempt > policy.maxRetries || deadline.signal.aborted) {
        cb(err);
        return;
      }
      const retryAfter = parseRetryAfter(e.headers?.["retry-after"]);
      const backoff = Math.min(policy.minDelayMs * 2 ** (attempt - 1), policy.maxDelayMs);
      const delayMs = retryAfter !== undefined ? Math.min(retryAfter, policy.maxDelayMs) : Math.round(backoff / 2 + (Math.random() * backoff) / 2);
      this.counter.retries++;
      this.onEvent?.({ kind: "retry", method, path, attempt, delayMs, ...(status !== undefined ? { status } : {}), ...(code ? { code } : {}) });
      // the backoff wait is not part of any attempt: the next attempt gets a fresh deadline when it is sent
      deadline.pause();
      const onAbort = () => {
        clearTimeout(timer);
        cb(signal?.reason instanceof Error ? signal.reason : err);
      };
      const timer = setTimeout(() => {
        signal?.removeEventListener("abort", onAbort);
        deadline.restart();
        cb(null);
      }, delayMs);
      signal?.addEventListener("abort", onAbort, { once: true });
    };
  }

  private async readBody(res: Dispatcher.ResponseData, method: string, path: string): Promise<string> {
    const declared = Number(res.headers["content-length"] ?? NaN);
    if (Number.isFinite(declared) && declared > this.maxBytes) {
      res.body.destroy();
      throw new ResponseTooLargeError(method, path, this.maxBytes, this.service);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of res.body) {
      const buf = chunk as Buffer;
      size += buf.length;
      if (size > this.maxBytes) {
        res.body.destroy();
        throw new ResponseTooLargeError(method, path, this.maxBytes, this.service);
      }
      chunks.push(buf);
    }
    return Buffer.concat(chunks).toString("utf8");
  }

  private excerpt(text: string): string {
    const oneLine = this.redact(text).replace(/\s+/g, " ").trim();
    return oneLine.length > EXCERPT_CHARS ? `${oneLine.slice(0, EXCERPT_CHARS)}… (${text.length} chars)` : oneLine;
  }

  private statusError(res: Dispatcher.ResponseData, text: string, method: string, path: string): HttpStatusError {
    let errorCode: string | undefined;
    let reason: string | undefined;
    try {
      const j = JSON.parse(text) as unknown;
      if (j && typeof j === "object") {
        const o = j as Record<string, unknown>;
        const err = o["error"];
        if (err && typeof err === "object") {
          const eo = err as Record<string, unknown>;
          if (typeof eo["type"] === "string") errorCode = eo["type"];
          if (typeof eo["reason"] === "string") reason = eo["reason"];
        } else if (typeof err === "string") {
          // Kibana: {"statusCode": 400, "error": "Bad Request", "message": "<what went wrong>"}: the message says more
          reason = typeof o["message"] === "string" ? o["message"] : err;
        }
        const errors = o["errors"];
        if (Array.isArray(errors) && errors[0] && typeof errors[0] === "object") {
          const first = errors[0] as Record<string, unknown>;
          if (typeof first["code"] === "string") errorCode = first["code"];
          if (typeof first["message"] === "string") reason = first["message"];
        }
        if (!reason && typeof o["message"] === "string") reason = o["message"];
        // Redis Enterprise: {"error_code": "...", "description": "..."}
        if (!errorCode && typeof o["error_code"] === "string") errorCode = o["error_code"];
        if (!reason && typeof o["description"] === "string") reason = o["description"];
      }
    } catch {
      // not JSON: the excerpt carries the text
    }
    const cloudCodes = res.headers["x-cloud-error-codes"];
    if (!errorCode && typeof cloudCodes === "string") errorCode = cloudCodes.split(",")[0]?.trim();
    const clip = (s: string | undefined) => (s === undefined ? undefined : this.excerpt(s).slice(0, EXCERPT_CHARS));
    return new HttpStatusError(res.statusCode, method, path, this.excerpt(text), clip(errorCode), clip(reason), this.service);
  }

  private translate(err: unknown, method: string, path: string, timeoutMs: number, deadline: AttemptDeadline): Error {
    if (err instanceof ClientError) return err;
    const signal = deadline.user;
    const e = (err ?? {}) as ErrorLike;
    const code = e.code;
    // the user's abort wins over a deadline that passed at about the same time
    if (deadline.expired && !signal?.aborted) {
      return new RequestTimeoutError(method, path, timeoutMs, this.service, sanitizeCause(deadline.reason, this));
    }
    if (signal?.aborted || e.name === "AbortError" || code === "UND_ERR_ABORTED") {
      return new RequestAbortedError(method, path, this.service, signal?.reason);
    }
    if (code === "UND_ERR_HEADERS_TIMEOUT" || code === "UND_ERR_BODY_TIMEOUT") {
      return new RequestTimeoutError(method, path, timeoutMs, this.service, sanitizeCause(err, this));
    }
    const detail = this.redact(e.message ?? String(err));
    if (code && /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|ALTNAME/i.test(code)) {
      return new TlsError(this.baseUrl, code, detail, this.service, sanitizeCause(err, this));
    }
    if (code === "UND_ERR_CONNECT_TIMEOUT") {
      return new ConnectionError(this.baseUrl, method, path, code, "connecting timed out", this.service, sanitizeCause(err, this));
    }
    return new ConnectionError(this.baseUrl, method, path, code, detail, this.service, sanitizeCause(err, this));
  }
}

/** The reason an attempt is aborted with when its deadline passes (translated to RequestTimeoutError). */
class AttemptDeadlineError extends Error {
  override readonly name = "AttemptDeadlineError";
  readonly code = "UPGRADES_ATTEMPT_DEADLINE";
  constructor(timeoutMs: number) {
    super(`no complete response (headers and body) within ${timeoutMs} ms`);
  }
}

/**
 * The per-attempt deadline of one call: an AbortSignal that fires when the user's signal does, or when an attempt
 * (headers + whole body) has run `timeoutMs` without finishing. undici's bodyTimeout bounds only the gaps between
 * chunks, so without this a server trickling one byte per gap keeps a call open forever. Paused during backoff waits.
 */
class AttemptDeadline {
  readonly signal: AbortSignal;
  expired = false;
  reason: AttemptDeadlineError | undefined;
  private readonly controller = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  private done = false;

  constructor(private readonly timeoutMs: number, readonly user: AbortSignal | undefined) {
    this.signal = user ? AbortSignal.any([user, this.controller.signal]) : this.controller.signal;
    this.restart();
  }

  /** starts (again) the clock for the attempt about to be sent */
  restart(): void {
    this.pause();
    if (this.done) return;
    this.timer = setTimeout(() => {
      this.expired = true;
      this.reason = new AttemptDeadlineError(this.timeoutMs);
      this.controller.abort(this.reason);
    }, this.timeoutMs);
  }

  pause(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** the call finished (or failed): no more attempts, nothing to abort */
  dispose(): void {
    this.done = true;
    this.pause();
  }
}

/** Keeps only name/code/message (redacted) of a transport error, so no request options ride along as `cause`. */
function sanitizeCause(err: unknown, client: { redact(t: string): string }): Error {
  const e = (err ?? {}) as ErrorLike;
  const out = new Error(client.redact(e.message ?? String(err)));
  out.name = e.name ?? "Error";
  if (e.code) (out as Error & { code?: string }).code = e.code;
  return out;
}

function authHeader(auth: HttpAuth): Record<string, string> {
  switch (auth.kind) {
    case "apiKey":
      return { authorization: `ApiKey ${auth.apiKey}` };
    case "basic":
      return { authorization: `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString("base64")}` };
    case "bearer":
      return { authorization: `Bearer ${auth.token}` };
    case "none":
      return {};
  }
}

function collectSecrets(auth: HttpAuth): string[] {
  const s: string[] = [];
  if (auth.kind === "apiKey") {
    s.push(auth.apiKey);
    // an encoded Elastic API key is base64("id:key"); redact the decoded parts as well
    const decoded = Buffer.from(auth.apiKey, "base64").toString("utf8");
    if (/^[\x20-\x7e]+:[\x20-\x7e]+$/.test(decoded)) s.push(decoded, decoded.split(":")[1]);
  } else if (auth.kind === "basic") {
    s.push(auth.password, Buffer.from(`${auth.username}:${auth.password}`).toString("base64"));
  } else if (auth.kind === "bearer") {
    s.push(auth.token);
  }
  // longest first so a secret containing another is replaced whole; ignore trivially short values
  return [...new Set(s.filter((x) => x.length >= 4))].sort((a, b) => b.length - a.length);
}

/** Retry-After in ms: delta-seconds or an HTTP date; undefined when absent or unparseable. */
export function parseRetryAfter(value: string | string[] | undefined): number | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  if (v === undefined || v.trim() === "") return undefined;
  const secs = Number(v);
  if (Number.isFinite(secs)) return Math.max(0, secs * 1000);
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

/** `?a=1&b=x,y` with booleans as true/false, arrays comma-joined; undefined/null dropped. */
export function encodeQuery(query: QueryParams | undefined): string {
  if (!query) return "";
  const parts: string[] = [];
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null) continue;
    const s = Array.isArray(v) ? v.join(",") : String(v);
    parts.push(`${encodeURIComponent(k)}=${encodeURIComponent(s)}`);
  }
  return parts.length ? `?${parts.join("&")}` : "";
}

/** Encodes one path segment (a node id, a deployment id) for use in a request path. */
export function seg(value: string): string {
  return encodeURIComponent(value);
}
