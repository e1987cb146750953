// The host-neutral half of both Pulumi hosts. provider/server (gRPC plugin) and provider/dynamic.ts (dynamic
// resources) convert their wire formats to plain JS values (secret wrappers still in place) and call these functions,
// which unwrap secrets, strip host-internal `__` keys, build the ResourceContext (logging, cancel, timeout), call the
// handler, and re-wrap secrets on the way out. Errors leaving here never contain a credential.
import { ProviderConfig } from "../../config";
import type { AnyResourceHandler, CheckFailure, DiffResult, HostKind, ResourceContext } from "./types";
import { PartialFailureError } from "./types";
import {
  parsePath,
  redact,
  splitInternal,
  stringsAt,
  toJsonValue,
  unwrapSecrets,
  wrapSecretPaths,
  wrapSecretValues,
  type PropPath,
} from "./values";

export type LogSeverity = "debug" | "info" | "warning" | "error";

/** Where a host sends log lines (Engine.Log). Must never throw. */
export interface LogSink {
  log(severity: LogSeverity, urn: string, message: string, ephemeral: boolean): void;
  /** Resolves when every log line sent so far has been delivered (or given up on). */
  flush(): Promise<void>;
}

export const nullLogSink: LogSink = { log() {}, flush: async () => {} };

/** The operation was stopped because the engine sent Cancel. */
export class OperationCancelledError extends Error {
  override readonly name = "OperationCancelledError";
  constructor() {
    super("operation cancelled by the Pulumi engine (Ctrl-C); run `pulumi up` again to resume from the recorded progress");
  }
}

/** The operation ran past its customTimeouts. */
export class OperationTimeoutError extends Error {
  override readonly name = "OperationTimeoutError";
  constructor(readonly timeoutMs: number) {
    super(`operation exceeded its custom timeout of ${Math.round(timeoutMs / 1000)}s; raise customTimeouts or run \`pulumi up\` again to resume`);
  }
}

/** A handler error already redacted, ready to cross the wire. `partial` is set for init-failed errors. */
export class HostOperationError extends Error {
  override readonly name = "HostOperationError";
  constructor(
    message: string,
    readonly partial?: { id: string; outputs: Record<string, unknown>; reasons: string[]; inputs?: Record<string, unknown> },
  ) {
    super(message);
  }
}

export interface OpInfo {
  urn: string;
  name: string;
  preview?: boolean;
  timeoutMs?: number;
}

/** One host process's state: provider config, cancellation, logging, and the handler call wrappers. */
export class HostCore {
  config: ProviderConfig;
  private cancelController = new AbortController();
  private running = new Set<AbortController>();

  constructor(
    readonly host: HostKind,
    public sink: LogSink,
    /** Extra durable-info output (dynamic host: stdout, which the Pulumi CLI shows as a diagnostic). */
    private readonly infoEcho?: (line: string) => void,
  ) {
    this.config = new ProviderConfig({});
  }

  /** Abort every running operation's signal, and every later one (the engine shuts the provider down next). */
  cancelAll(): void {
    if (!this.cancelController.signal.aborted) this.cancelController.abort(new OperationCancelledError());
  }

  get runningOperations(): number {
    return this.running.size;
  }

  private secretsOf(extra: readonly string[]): string[] {
    return [...this.config.secretValues(), ...extra];
  }

  private async withContext<T>(op: OpInfo, secrets: readonly string[], fn: (ctx: ResourceContext) => Promise<T>): Promise<T> {
    const own = new AbortController();
    const signals = [this.cancelController.signal, own.signal];
    if (op.timeoutMs && op.timeoutMs > 0) {
      const t = AbortSignal.timeout(op.timeoutMs);
      const ms = op.timeoutMs;
      t.addEventListener("abort", () => own.abort(new OperationTimeoutError(ms)), { once: true });
    }
    const signal = AbortSignal.any(signals);
    const all = this.secretsOf(secrets);
    const clean = (m: string) => redact(String(m), all);
    const ctx: ResourceContext = {
      host: this.host,
      urn: op.urn,
      name: op.name,
      preview: op.preview === true,
      signal,
      timeoutMs: op.timeoutMs && op.timeoutMs > 0 ? op.timeoutMs : undefined,
      config: this.config,
      status: (m) => this.sink.log("info", op.urn, clean(m).split("\n")[0], true),
      info: (m) => {
        const line = clean(m);
        this.sink.log("info", op.urn, line, false);
        this.infoEcho?.(line);
      },
      warn: (m) => this.sink.log("warning", op.urn, clean(m), false),
    };
    this.running.add(own);
    try {
      return await fn(ctx);
    } catch (e) {
      throw this.toHostError(e, all);
    } finally {
      this.running.delete(own);
      own.abort();
      await this.sink.flush();
    }
  }

  private toHostError(e: unknown, secrets: readonly string[]): HostOperationError {
    if (e instanceof HostOperationError) return e;
    const message = redact(e instanceof Error ? e.message : String(e), secrets);
    if (e instanceof PartialFailureError) {
      return new HostOperationError(message, {
        id: e.id ?? "",
        outputs: (toJsonValue(e.outputs) ?? {}) as Record<string, unknown>,
        reasons: e.reasons.map((r) => redact(r, secrets)),
      });
    }
    return new HostOperationError(message);
  }

  /** Secret paths for a handler: its declared credential paths plus the ones that arrived wrapped. */
  private secretPaths(h: AnyResourceHandler, received: readonly PropPath[]): PropPath[] {
    return [...h.secretInputPaths.map(parsePath), ...received];
  }

  /** Wrap outputs for the wire: declared/received secret paths and any leaf equal to a credential. */
  private protectOutputs(h: AnyResourceHandler, outputs: unknown, paths: readonly PropPath[], secrets: readonly string[], mode: SecretMode) {
    const json = (toJsonValue(outputs) ?? {}) as Record<string, unknown>;
    if (mode === "wrap") return wrapSecretValues(wrapSecretPaths(json, this.secretPaths(h, paths)), this.secretsOf(secrets)) as Record<string, unknown>;
    // "redact": hosts that cannot carry secret wrappers (dynamic) — no credential value may be written in clear.
    const all = new Set(this.secretsOf(secrets).filter((s) => s.length > 0));
    const walk = (x: unknown): unknown =>
      typeof x === "string" && all.has(x) ? "[redacted]" : Array.isArray(x) ? x.map(walk) : x !== null && typeof x === "object" ? Object.fromEntries(Object.entries(x).map(([k, v]) => [k, walk(v)])) : x;
    return walk(json) as Record<string, unknown>;
  }

  /**
   * Unwrap a request's properties. `secrets` (redacted from every message, and never written in clear to outputs) are
   * the credential LEAVES: the strings at the handler's secretInputPaths (`kibana.apiKey`, not the `kibana` block)
   * plus every string under a path the program itself marked secret — a leaf, or a whole block when the program
   * wrapped the block (then all its strings count: the user asked for it). The dynamic host receives no wrappers
   * (acceptSecrets=false), so there only the handler's paths apply; the SDK marks only those leaves secret.
   */
  private prepare(h: AnyResourceHandler, props: Record<string, unknown> | undefined) {
    if (!props) return { data: undefined, internal: {}, paths: [] as PropPath[], secrets: [] as string[] };
    const { value, secretPaths } = unwrapSecrets(props);
    const { data, internal } = splitInternal(value as Record<string, unknown>);
    const paths = this.secretPaths(h, secretPaths);
    return { data, internal, paths: secretPaths, secrets: stringsAt(data, paths) };
  }

  async check(h: AnyResourceHandler, op: OpInfo, olds: Record<string, unknown> | undefined, news: Record<string, unknown>, mode: SecretMode) {
    const o = this.prepare(h, olds && Object.keys(olds).length ? olds : undefined);
    const n = this.prepare(h, news);
    return this.withContext(op, [...o.secrets, ...n.secrets], async (ctx) => {
      const r = await h.check(o.data, n.data, ctx);
      const failures: CheckFailure[] = r.failures.map((f) => ({ property: f.property, reason: redact(f.reason, this.secretsOf(n.secrets)) }));
      let inputs: Record<string, unknown> | undefined;
      if (r.inputs !== undefined) {
        const json = (toJsonValue(r.inputs) ?? {}) as Record<string, unknown>;
        inputs = mode === "wrap" ? (wrapSecretPaths(json, this.secretPaths(h, n.paths)) as Record<string, unknown>) : json;
      }
      return { inputs, failures, internal: n.internal };
    });
  }

  async diff(h: AnyResourceHandler, op: OpInfo, id: string, olds: Record<string, unknown>, news: Record<string, unknown>, ignoreChanges: readonly string[] = []): Promise<DiffResult> {
    const o = this.prepare(h, olds);
    const n = this.prepare(h, news);
    return this.withContext(op, [...o.secrets, ...n.secrets], async (ctx) => {
      const r = await h.diff(id, o.data, n.data, ctx);
      if (!ignoreChanges.length) return r;
      const ignored = new Set(ignoreChanges.map((p) => String(parsePath(p)[0])));
      const detailedDiff = Object.fromEntries(Object.entries(r.detailedDiff).filter(([k]) => !ignored.has(String(parsePath(k)[0]))));
      const replaces = r.replaces.filter((k) => !ignored.has(k));
      return { ...r, detailedDiff, replaces, changes: Object.keys(detailedDiff).length > 0 || (r.changes && Object.keys(r.detailedDiff).length === 0) };
    });
  }

  async create(h: AnyResourceHandler, op: OpInfo, inputs: Record<string, unknown>, mode: SecretMode) {
    const n = this.prepare(h, inputs);
    try {
      return await this.withContext(op, n.secrets, async (ctx) => {
        const r = await h.create(n.data, ctx);
        return { id: op.preview ? "" : r.id, outputs: this.protectOutputs(h, r.outputs, n.paths, n.secrets, mode), internal: n.internal };
      });
    } catch (e) {
      throw this.protectPartial(h, e, n.paths, n.secrets, mode);
    }
  }

  async update(h: AnyResourceHandler, op: OpInfo, id: string, olds: Record<string, unknown>, news: Record<string, unknown>, mode: SecretMode) {
    const o = this.prepare(h, olds);
    const n = this.prepare(h, news);
    try {
      return await this.withContext(op, [...o.secrets, ...n.secrets], async (ctx) => {
        const r = await h.update(id, o.data, n.data, ctx);
        return { outputs: this.protectOutputs(h, r, n.paths, [...o.secrets, ...n.secrets], mode), internal: n.internal };
      });
    } catch (e) {
      throw this.protectPartial(h, e, n.paths, [...o.secrets, ...n.secrets], mode, id);
    }
  }

  async read(
    h: AnyResourceHandler,
    op: OpInfo,
    id: string,
    olds: Record<string, unknown> | undefined,
    inputs: Record<string, unknown> | undefined,
    mode: SecretMode,
  ) {
    const o = this.prepare(h, olds && Object.keys(olds).length ? olds : undefined);
    const i = this.prepare(h, inputs && Object.keys(inputs).length ? inputs : undefined);
    const secrets = [...o.secrets, ...i.secrets];
    try {
      return await this.withContext(op, secrets, async (ctx) => {
        const r = await h.read(id, o.data, i.data, ctx);
        if (!r) return undefined;
        const ins = (toJsonValue(r.inputs) ?? {}) as Record<string, unknown>;
        return {
          id: r.id,
          outputs: this.protectOutputs(h, r.outputs, i.paths, secrets, mode),
          inputs: mode === "wrap" ? (wrapSecretPaths(ins, this.secretPaths(h, i.paths)) as Record<string, unknown>) : ins,
          internal: { ...i.internal, ...o.internal },
        };
      });
    } catch (e) {
      throw this.protectPartial(h, e, i.paths, secrets, mode, id);
    }
  }

  async delete(h: AnyResourceHandler, op: OpInfo, id: string, olds: Record<string, unknown>): Promise<void> {
    const o = this.prepare(h, olds);
    await this.withContext(op, o.secrets, (ctx) => h.delete(id, o.data, ctx));
  }

  private protectPartial(h: AnyResourceHandler, e: unknown, paths: readonly PropPath[], secrets: readonly string[], mode: SecretMode, id?: string): unknown {
    if (!(e instanceof HostOperationError) || !e.partial) return e;
    return new HostOperationError(e.message, {
      ...e.partial,
      id: e.partial.id || id || "",
      outputs: this.protectOutputs(h, e.partial.outputs, paths, secrets, mode),
    });
  }
}

/** "wrap": the host can carry Pulumi secret wrappers (plugin, acceptSecrets). "redact": it cannot (dynamic). */
export type SecretMode = "wrap" | "redact";
