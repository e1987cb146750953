// Drives a provider process through the Pulumi engine's sequences (reference pulumi.md §5.2, §4, §1.4-1.7):
// configure, preview, up, refresh, import, destroy, cancel, with an in-memory state (the "checkpoint") that follows
// the engine's bookkeeping:
//   * Create ok            → state {id, inputs: checked news, outputs}
//   * Create init-failed   → state {id, inputs: checked news, outputs: partial, initErrors}
//   * Update ok            → state {inputs: news, outputs}
//   * Update init-failed   → state {inputs: OLD inputs (engine clobbers them, update.go:1392-1414), outputs: partial, initErrors}
//   * next up              → Diff(olds = stored outputs); DiffSome or initErrors ⇒ Update(olds = stored outputs)
//   * preview              → plugin (supportsPreview): Create/Update with preview=true; dynamic: no Create/Update,
//                            predicted outputs = checked inputs
//   * dynamic host         → requests have secrets stripped (acceptSecrets=false); responses get annotateSecrets()
import * as grpc from "@grpc/grpc-js";
import { FakeEngine } from "./engine";
import type { ProviderProcess } from "./launch";
import {
  Empty,
  annotateSecrets,
  fromStruct,
  initFailed,
  isSecret,
  provproto as P,
  secret,
  stripSecrets,
  toStruct,
  type InitFailed,
  type JsObject,
  type RpcCallOptions,
} from "./wire";

export interface ResourceDecl {
  name: string;
  /** Type name, e.g. "ElasticDeploymentVersion" (the harness builds the host's token). */
  type: string;
  /** Program inputs; may hold secret(...) wrappers and UNKNOWN (preview only). */
  inputs: JsObject;
  /** customTimeouts in seconds for create/update/delete. */
  timeoutSec?: number;
  ignoreChanges?: string[];
  /** Dynamic: top-level outputs the SDK marks secret (additionalSecretOutputs). */
  additionalSecretOutputs?: string[];
}

export interface StateEntry {
  urn: string;
  type: string;
  name: string;
  id: string;
  inputs: JsObject;
  outputs: JsObject;
  initErrors: string[];
}

export type StepOp = "create" | "update" | "same" | "replace" | "refresh" | "import" | "delete" | "gone";

export interface StepResult {
  urn: string;
  op: StepOp;
  ok: boolean;
  failures?: Array<{ property: string; reason: string }>;
  detailedDiff?: Record<string, number>;
  replaces?: string[];
  /** Outputs after the step (preview: predicted outputs). */
  outputs?: JsObject;
  error?: { code?: number; message: string; initFailed?: InitFailed };
}

export interface TranscriptEntry {
  method: string;
  request: JsObject;
  response?: JsObject;
  error?: { code?: number; message: string; initFailed?: InitFailed };
}

export class ResourceFailedError extends Error {
  override readonly name = "ResourceFailedError";
}

type GrpcError = Error & { code?: number; details?: string; metadata?: grpc.Metadata };

export interface DeploymentOptions {
  stack?: string;
  project?: string;
  /** Full stack config with namespaces (`upgrades:elasticsearchUrl`), values may be secret(...). */
  config?: JsObject;
  /** Dynamic host only: the serialized `__provider` text put into every resource's inputs. */
  dynamicProviderText?: string;
}

export class Deployment {
  readonly state = new Map<string, StateEntry>();
  readonly transcript: TranscriptEntry[] = [];
  readonly stack: string;
  readonly project: string;
  private readonly config: JsObject;

  constructor(
    readonly provider: ProviderProcess,
    readonly engine: FakeEngine,
    private readonly opts: DeploymentOptions = {},
  ) {
    this.stack = opts.stack ?? "dev";
    this.project = opts.project ?? "proj";
    this.config = opts.config ?? {};
    if (provider.kind === "dynamic" && !opts.dynamicProviderText) throw new Error("dynamic deployments need dynamicProviderText (the serialized __provider)");
  }

  get kind(): "plugin" | "dynamic" {
    return this.provider.kind;
  }

  token(type: string): string {
    return this.kind === "plugin" ? `upgrades:index:${type}` : `pulumi-nodejs:dynamic/upgrades:${type}`;
  }

  urnOf(type: string, name: string): string {
    return `urn:pulumi:${this.stack}::${this.project}::${this.token(type)}::${name}`;
  }

  private record(method: string, request: JsObject): TranscriptEntry {
    const e: TranscriptEntry = { method, request };
    this.transcript.push(e);
    return e;
  }

  private static errorOf(e: unknown): NonNullable<TranscriptEntry["error"]> {
    const g = e as GrpcError;
    return { code: g.code, message: g.details ?? g.message, initFailed: initFailed(e) };
  }

  /** Request-side transform: the engine strips secrets for providers that do not accept them (dynamic). */
  private send(v: JsObject): JsObject {
    return this.kind === "dynamic" ? (stripSecrets(v) as JsObject) : v;
  }

  /** Response-side transform: annotateSecrets for the dynamic host; plugin responses are stored as returned. */
  private receive(outs: JsObject | undefined, ins: JsObject, extraSecret: string[] = []): JsObject | undefined {
    if (!outs || this.kind === "plugin") return outs;
    const o = annotateSecrets(outs, ins) as JsObject;
    for (const k of extraSecret) if (k in o && !isSecret(o[k])) o[k] = secret(o[k]);
    return o;
  }

  /** The program inputs as the host receives them (dynamic: SDK-added `__provider`, `__type`, `__urn`). */
  programInputs(d: ResourceDecl): JsObject {
    if (this.kind === "plugin") return d.inputs;
    return { ...d.inputs, __provider: this.opts.dynamicProviderText, __type: d.type, __urn: this.urnOf(d.type, d.name) };
  }

  // ---- provider lifecycle ------------------------------------------------------------------------------------------

  /**
   * GetPluginInfo, Handshake (UNIMPLEMENTED tolerated), CheckConfig (plugin), Configure. Each call has a gRPC deadline
   * of `deadlineMs` (default STARTUP_RPC_DEADLINE_MS): a provider that never answers fails with DEADLINE_EXCEEDED.
   */
  async configure(opts: RpcCallOptions = {}): Promise<{ version: string; acceptSecrets: boolean; supportsPreview: boolean }> {
    const rpc = this.provider.rpc;
    const info = await rpc.getPluginInfo(new Empty(), opts);
    const hs = new P.ProviderHandshakeRequest();
    hs.setEngineAddress(this.engine.address);
    hs.setConfigureWithUrn(true);
    try {
      await rpc.handshake(hs, opts);
    } catch (e) {
      if ((e as GrpcError).code !== grpc.status.UNIMPLEMENTED) throw e;
    }
    const providerUrn = `urn:pulumi:${this.stack}::${this.project}::pulumi:providers:${this.kind === "plugin" ? "upgrades" : "pulumi-nodejs"}::default`;
    const req = new P.ConfigureRequest();
    if (this.kind === "plugin") {
      const args: JsObject = {};
      for (const [k, v] of Object.entries(this.config)) {
        if (!k.startsWith("upgrades:")) continue;
        args[k.slice("upgrades:".length)] = v;
        req.getVariablesMap().set(`upgrades:config:${k.slice("upgrades:".length)}`, String(isSecret(v) ? v.value : v));
      }
      const cc = new P.CheckRequest();
      cc.setUrn(providerUrn);
      cc.setOlds(toStruct({}));
      cc.setNews(toStruct(args));
      const entry = this.record("checkConfig", { news: args });
      try {
        const r = await rpc.checkConfig(cc, opts);
        entry.response = { inputs: fromStruct(r.getInputs()), failures: r.getFailuresList().map((f) => ({ property: f.getProperty(), reason: f.getReason() })) };
        if (r.getFailuresList().length) throw new ResourceFailedError(`provider config invalid: ${r.getFailuresList().map((f) => f.getReason()).join("; ")}`);
      } catch (e) {
        if (e instanceof ResourceFailedError) throw e;
        if ((e as GrpcError).code !== grpc.status.UNIMPLEMENTED) throw e;
      }
      req.setArgs(toStruct(args));
    } else {
      req.setArgs(toStruct(this.config)); // dynamic: the full namespaced stack config, secrets wrapped
    }
    req.setAcceptsecrets(true);
    req.setAcceptresources(true);
    req.setSendsOldInputs(true);
    req.setSendsOldInputsToDelete(true);
    req.setUrn(providerUrn);
    req.setName("default");
    req.setType(providerUrn.split("::")[2]);
    const entry = this.record("configure", { args: fromStruct(req.getArgs()) ?? {} });
    const r = await rpc.configure(req, opts);
    entry.response = { acceptSecrets: r.getAcceptsecrets(), supportsPreview: r.getSupportspreview() };
    return { version: info.getVersion(), acceptSecrets: r.getAcceptsecrets(), supportsPreview: r.getSupportspreview() };
  }

  async cancel(): Promise<void> {
    this.record("cancel", {});
    await this.provider.rpc.cancel(new Empty());
  }

  // ---- single RPCs (recorded) ---------------------------------------------------------------------------------------

  async check(d: ResourceDecl, olds: JsObject): Promise<{ inputs?: JsObject; failures: Array<{ property: string; reason: string }> }> {
    const urn = this.urnOf(d.type, d.name);
    const news = this.programInputs(d);
    const req = new P.CheckRequest();
    req.setUrn(urn);
    req.setName(d.name);
    req.setType(this.token(d.type));
    req.setOlds(toStruct(this.send(olds)));
    req.setNews(toStruct(this.send(news)));
    req.setRandomseed(new Uint8Array(32));
    const entry = this.record("check", { urn, olds, news });
    const r = await this.provider.rpc.check(req);
    const failures = r.getFailuresList().map((f) => ({ property: f.getProperty(), reason: f.getReason() }));
    const inputs = this.receive(fromStruct(r.getInputs()), news);
    entry.response = { inputs, failures };
    return { inputs, failures };
  }

  async diff(d: ResourceDecl, st: StateEntry, news: JsObject) {
    const req = new P.DiffRequest();
    req.setId(st.id);
    req.setUrn(st.urn);
    req.setName(d.name);
    req.setType(this.token(d.type));
    req.setOlds(toStruct(this.send(st.outputs)));
    req.setNews(toStruct(this.send(news)));
    req.setOldInputs(toStruct(this.send(st.inputs)));
    req.setIgnorechangesList(d.ignoreChanges ?? []);
    const entry = this.record("diff", { id: st.id, urn: st.urn, olds: st.outputs, news, oldInputs: st.inputs });
    const r = await this.provider.rpc.diff(req);
    const detailedDiff: Record<string, number> = {};
    for (const [k, v] of r.getDetaileddiffMap().entries()) detailedDiff[k] = v.getKind();
    const res = {
      changes: r.getChanges(),
      replaces: r.getReplacesList(),
      stables: r.getStablesList(),
      hasDetailedDiff: r.getHasdetaileddiff(),
      detailedDiff,
      diffs: r.getDiffsList(),
    };
    entry.response = res;
    return res;
  }

  async create(d: ResourceDecl, inputs: JsObject, preview: boolean): Promise<{ id: string; outputs: JsObject }> {
    const urn = this.urnOf(d.type, d.name);
    const req = new P.CreateRequest();
    req.setUrn(urn);
    req.setName(d.name);
    req.setType(this.token(d.type));
    req.setProperties(toStruct(this.send(inputs)));
    req.setTimeout(d.timeoutSec ?? 0);
    req.setPreview(preview);
    const entry = this.record("create", { urn, properties: inputs, preview, timeout: d.timeoutSec ?? 0 });
    try {
      const r = await this.provider.rpc.create(req);
      const outputs = this.receive(fromStruct(r.getProperties()), inputs, d.additionalSecretOutputs) ?? {};
      entry.response = { id: r.getId(), properties: outputs };
      return { id: r.getId(), outputs };
    } catch (e) {
      entry.error = Deployment.errorOf(e);
      throw e;
    }
  }

  async update(d: ResourceDecl, st: StateEntry, news: JsObject, preview: boolean): Promise<JsObject> {
    const req = new P.UpdateRequest();
    req.setId(st.id);
    req.setUrn(st.urn);
    req.setName(d.name);
    req.setType(this.token(d.type));
    req.setOlds(toStruct(this.send(st.outputs)));
    req.setNews(toStruct(this.send(news)));
    req.setOldInputs(toStruct(this.send(st.inputs)));
    req.setTimeout(d.timeoutSec ?? 0);
    req.setPreview(preview);
    req.setIgnorechangesList(d.ignoreChanges ?? []);
    const entry = this.record("update", { id: st.id, urn: st.urn, olds: st.outputs, news, oldInputs: st.inputs, preview });
    try {
      const r = await this.provider.rpc.update(req);
      const outputs = this.receive(fromStruct(r.getProperties()), news, d.additionalSecretOutputs) ?? {};
      entry.response = { properties: outputs };
      return outputs;
    } catch (e) {
      entry.error = Deployment.errorOf(e);
      throw e;
    }
  }

  async read(urn: string, type: string, name: string, id: string, props?: JsObject, inputs?: JsObject) {
    const req = new P.ReadRequest();
    req.setId(id);
    req.setUrn(urn);
    req.setName(name);
    req.setType(this.token(type));
    if (props) req.setProperties(toStruct(this.send(props)));
    if (inputs) req.setInputs(toStruct(this.send(inputs)));
    const entry = this.record("read", { id, urn, properties: props, inputs });
    try {
      const r = await this.provider.rpc.read(req);
      const res = {
        id: r.getId(),
        properties: this.receive(fromStruct(r.getProperties()), inputs ?? {}),
        inputs: this.receive(fromStruct(r.getInputs()), inputs ?? {}),
      };
      entry.response = res;
      return res;
    } catch (e) {
      entry.error = Deployment.errorOf(e);
      throw e;
    }
  }

  async delete(st: StateEntry, timeoutSec = 0): Promise<void> {
    const req = new P.DeleteRequest();
    req.setId(st.id);
    req.setUrn(st.urn);
    req.setName(st.name);
    req.setType(this.token(st.type));
    req.setProperties(toStruct(this.send(st.outputs)));
    req.setOldInputs(toStruct(this.send(st.inputs)));
    req.setTimeout(timeoutSec);
    const entry = this.record("delete", { id: st.id, urn: st.urn, properties: st.outputs });
    try {
      await this.provider.rpc.delete(req);
      entry.response = {};
    } catch (e) {
      entry.error = Deployment.errorOf(e);
      throw e;
    }
  }

  // ---- engine sequences ----------------------------------------------------------------------------------------------

  /** `pulumi preview`: no state change. Plugin gets Create/Update with preview=true; dynamic never does. */
  async preview(decls: ResourceDecl[]): Promise<StepResult[]> {
    const out: StepResult[] = [];
    for (const d of decls) {
      const urn = this.urnOf(d.type, d.name);
      const st = this.state.get(urn);
      try {
        const checked = await this.check(d, st?.inputs ?? {});
        if (checked.failures.length || !checked.inputs) {
          out.push({ urn, op: st ? "update" : "create", ok: false, failures: checked.failures });
          continue;
        }
        if (!st) {
          const outputs = this.kind === "plugin" ? (await this.create(d, checked.inputs, true)).outputs : checked.inputs;
          out.push({ urn, op: "create", ok: true, outputs });
          continue;
        }
        const diff = await this.diff(d, st, checked.inputs);
        const some = diff.changes === P.DiffResponse.DiffChanges.DIFF_SOME || st.initErrors.length > 0;
        if (!some) {
          out.push({ urn, op: "same", ok: true, outputs: st.outputs, detailedDiff: diff.detailedDiff });
          continue;
        }
        if (diff.replaces.length) {
          const outputs = this.kind === "plugin" ? (await this.create(d, checked.inputs, true)).outputs : checked.inputs;
          out.push({ urn, op: "replace", ok: true, outputs, detailedDiff: diff.detailedDiff, replaces: diff.replaces });
          continue;
        }
        const outputs = this.kind === "plugin" ? await this.update(d, st, checked.inputs, true) : checked.inputs;
        out.push({ urn, op: "update", ok: true, outputs, detailedDiff: diff.detailedDiff });
      } catch (e) {
        out.push({ urn, op: st ? "update" : "create", ok: false, error: Deployment.errorOf(e) });
      }
    }
    return out;
  }

  /** `pulumi up` for the given resources (resources in state but not in `decls` are deleted afterwards). */
  async up(decls: ResourceDecl[]): Promise<StepResult[]> {
    const out: StepResult[] = [];
    const seen = new Set<string>();
    for (const d of decls) {
      const urn = this.urnOf(d.type, d.name);
      seen.add(urn);
      out.push(await this.upOne(d, urn));
    }
    for (const st of [...this.state.values()].reverse()) {
      if (seen.has(st.urn)) continue;
      out.push(await this.deleteOne(st));
    }
    return out;
  }

  private async upOne(d: ResourceDecl, urn: string): Promise<StepResult> {
    const st = this.state.get(urn);
    let checked: { inputs?: JsObject; failures: Array<{ property: string; reason: string }> };
    try {
      checked = await this.check(d, st?.inputs ?? {});
    } catch (e) {
      return { urn, op: st ? "update" : "create", ok: false, error: Deployment.errorOf(e) };
    }
    if (checked.failures.length || !checked.inputs) return { urn, op: st ? "update" : "create", ok: false, failures: checked.failures };
    const news = checked.inputs;
    if (!st) return this.createInto(d, urn, news, "create");
    let diff;
    try {
      diff = await this.diff(d, st, news);
    } catch (e) {
      return { urn, op: "update", ok: false, error: Deployment.errorOf(e) };
    }
    const some = diff.changes === P.DiffResponse.DiffChanges.DIFF_SOME;
    if (!some && st.initErrors.length === 0) {
      st.inputs = news; // a "same" step records the new inputs
      return { urn, op: "same", ok: true, outputs: st.outputs, detailedDiff: diff.detailedDiff };
    }
    if (some && diff.replaces.length) {
      // create-before-delete replacement
      const old = { ...st };
      const res = await this.createInto(d, urn, news, "replace");
      if (res.ok) {
        try {
          await this.delete(old, d.timeoutSec);
        } catch (e) {
          return { ...res, ok: false, error: Deployment.errorOf(e) };
        }
      }
      return { ...res, replaces: diff.replaces, detailedDiff: diff.detailedDiff };
    }
    try {
      const outputs = await this.update(d, st, news, false);
      this.state.set(urn, { ...st, inputs: news, outputs, initErrors: [] });
      return { urn, op: "update", ok: true, outputs, detailedDiff: diff.detailedDiff };
    } catch (e) {
      const err = Deployment.errorOf(e);
      if (err.initFailed) {
        // engine: Outputs = partial properties, Inputs clobbered with the OLD inputs, InitErrors = reasons
        const outputs = this.receive(err.initFailed.properties, news, d.additionalSecretOutputs) ?? {};
        this.state.set(urn, { ...st, outputs, inputs: st.inputs, initErrors: err.initFailed.reasons });
      }
      return { urn, op: "update", ok: false, error: err, detailedDiff: diff.detailedDiff };
    }
  }

  private async createInto(d: ResourceDecl, urn: string, news: JsObject, op: StepOp): Promise<StepResult> {
    try {
      const r = await this.create(d, news, false);
      this.state.set(urn, { urn, type: d.type, name: d.name, id: r.id, inputs: news, outputs: r.outputs, initErrors: [] });
      return { urn, op, ok: true, outputs: r.outputs };
    } catch (e) {
      const err = Deployment.errorOf(e);
      if (err.initFailed && err.initFailed.id) {
        const outputs = this.receive(err.initFailed.properties, news, d.additionalSecretOutputs) ?? {};
        this.state.set(urn, { urn, type: d.type, name: d.name, id: err.initFailed.id, inputs: news, outputs, initErrors: err.initFailed.reasons });
      }
      return { urn, op, ok: false, error: err };
    }
  }

  private async deleteOne(st: StateEntry): Promise<StepResult> {
    try {
      await this.delete(st);
      this.state.delete(st.urn);
      return { urn: st.urn, op: "delete", ok: true };
    } catch (e) {
      return { urn: st.urn, op: "delete", ok: false, error: Deployment.errorOf(e) };
    }
  }

  /** `pulumi refresh`: Read(id, outputs, inputs) for every resource in state. */
  async refresh(): Promise<StepResult[]> {
    const out: StepResult[] = [];
    for (const st of [...this.state.values()]) {
      try {
        const r = await this.read(st.urn, st.type, st.name, st.id, st.outputs, st.inputs);
        if (!r.id) {
          this.state.delete(st.urn);
          out.push({ urn: st.urn, op: "gone", ok: true });
          continue;
        }
        this.state.set(st.urn, { ...st, id: r.id, outputs: r.properties ?? {}, inputs: r.inputs ?? st.inputs });
        out.push({ urn: st.urn, op: "refresh", ok: true, outputs: r.properties });
      } catch (e) {
        const err = Deployment.errorOf(e);
        if (err.initFailed) this.state.set(st.urn, { ...st, outputs: err.initFailed.properties ?? st.outputs, initErrors: err.initFailed.reasons });
        out.push({ urn: st.urn, op: "refresh", ok: false, error: err });
      }
    }
    return out;
  }

  /** `pulumi import <type> <name> <id>`: Read with only id/urn; the engine requires inputs back. */
  async import(d: { type: string; name: string; id: string }): Promise<StepResult> {
    const urn = this.urnOf(d.type, d.name);
    try {
      const r = await this.read(urn, d.type, d.name, d.id);
      if (!r.id) return { urn, op: "import", ok: false, error: { message: `resource '${d.id}' does not exist` } };
      if (!r.inputs) return { urn, op: "import", ok: false, error: { message: "provider does not support importing resources; please try updating the provider plugin" } };
      this.state.set(urn, { urn, type: d.type, name: d.name, id: r.id, inputs: r.inputs, outputs: r.properties ?? {}, initErrors: [] });
      return { urn, op: "import", ok: true, outputs: r.properties };
    } catch (e) {
      return { urn, op: "import", ok: false, error: Deployment.errorOf(e) };
    }
  }

  /** `pulumi destroy`: Delete every resource, newest first. */
  async destroy(): Promise<StepResult[]> {
    const out: StepResult[] = [];
    for (const st of [...this.state.values()].reverse()) out.push(await this.deleteOne(st));
    return out;
  }

  /** Everything a user could see or that gets persisted: responses, errors, state, engine logs, provider stdout/stderr. */
  observable(): { responses: unknown[]; errors: string[]; state: unknown; logs: string[]; stdio: string } {
    return {
      responses: this.transcript.map((t) => t.response),
      errors: this.transcript.flatMap((t) => (t.error ? [t.error.message, ...(t.error.initFailed?.reasons ?? []), JSON.stringify(t.error.initFailed?.properties ?? {})] : [])),
      state: [...this.state.values()],
      logs: this.engine.logs.map((l) => l.message),
      stdio: this.provider.stdout.join("") + this.provider.stderr.join(""),
    };
  }
}

/**
 * Paths where `needle` appears in `v` outside a secret wrapper (a leak). Strings are searched as substrings.
 */
export function findPlaintext(v: unknown, needle: string, path = "$"): string[] {
  if (isSecret(v)) return [];
  if (typeof v === "string") return v.includes(needle) ? [path] : [];
  if (Array.isArray(v)) return v.flatMap((e, i) => findPlaintext(e, needle, `${path}[${i}]`));
  if (v !== null && typeof v === "object") return Object.entries(v).flatMap(([k, e]) => findPlaintext(e, needle, `${path}.${k}`));
  return [];
}
