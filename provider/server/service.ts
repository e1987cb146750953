// Our own pulumirpc.ResourceProvider service (reference pulumi.md §2.5): config reaches the resources, preview
// support, detailed diffs, timeouts, import with only an id, cancel, ephemeral engine logs, partial failures.
import * as grpc from "@grpc/grpc-js";
import * as plugproto from "@pulumi/pulumi/proto/plugin_pb";
import * as provrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import * as statusproto from "@pulumi/pulumi/proto/status_pb";
import { Any } from "google-protobuf/google/protobuf/any_pb";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { ConfigError, ProviderConfig, parseProviderConfig, type ProviderConfigValues } from "../config";
import { HostCore, HostOperationError } from "../resources/core/host";
import { getHandler, listHandlers, type AnyResourceHandler, type DiffResult, type PropertyDiffKind } from "../resources/core/types";
import { redact, toJsonValue, unwrapSecrets } from "../resources/core/values";
import { EngineLogSink } from "./engine-log";
import { packageVersion } from "./version";

type JsObject = Record<string, unknown>;

const fromStruct = (s: Struct | undefined): JsObject | undefined => (s ? (s.toJavaScript() as JsObject) : undefined);
const toStruct = (o: unknown): Struct => Struct.fromJavaScript((toJsonValue(o) ?? {}) as Record<string, never>);

/** The last URN segment (resource name). */
const nameOfUrn = (urn: string): string => {
  const i = urn.lastIndexOf("::");
  return i < 0 ? "" : urn.slice(i + 2);
};

const DIFF_KIND: Record<PropertyDiffKind, provproto.PropertyDiff.Kind> = {
  add: provproto.PropertyDiff.Kind.ADD,
  "add-replace": provproto.PropertyDiff.Kind.ADD_REPLACE,
  update: provproto.PropertyDiff.Kind.UPDATE,
  "update-replace": provproto.PropertyDiff.Kind.UPDATE_REPLACE,
  delete: provproto.PropertyDiff.Kind.DELETE,
  "delete-replace": provproto.PropertyDiff.Kind.DELETE_REPLACE,
};

export interface ProviderServiceOptions {
  /** Engine address for Engine.Log (the last argv element when started by the engine). */
  engineAddress?: string;
  /** Environment the connection settings fall back to (default process.env). */
  env?: Record<string, string | undefined>;
  /** Initial provider config before Configure (the engine's PULUMI_CONFIG for the default provider). */
  initialConfig?: ProviderConfigValues;
  /**
   * Resolves once the resource handlers are registered. The plugin prints its port first and loads the handlers
   * right after, overlapping with the engine's handshake/configure; RPCs that need a handler wait for this.
   */
  handlersReady?: Promise<void>;
}

type ServiceErrorLike = Partial<grpc.StatusObject>;

/** Build the gRPC error for a failed operation; init failures carry ErrorResourceInitFailed (pulumi.md §4). */
function grpcError(e: unknown, secrets: readonly string[]): ServiceErrorLike {
  const message = redact(e instanceof Error ? e.message : String(e), secrets);
  const metadata = new grpc.Metadata();
  if (e instanceof HostOperationError && e.partial && e.partial.id) {
    const detail = new provproto.ErrorResourceInitFailed();
    detail.setId(e.partial.id);
    detail.setProperties(toStruct(e.partial.outputs));
    detail.setReasonsList(e.partial.reasons);
    if (e.partial.inputs) detail.setInputs(toStruct(e.partial.inputs));
    const any = new Any();
    any.pack(detail.serializeBinary(), "pulumirpc.ErrorResourceInitFailed");
    const status = new statusproto.Status();
    status.setCode(grpc.status.UNKNOWN);
    status.setMessage(message);
    status.addDetails(any);
    metadata.add("grpc-status-details-bin", Buffer.from(status.serializeBinary()));
  }
  return { code: grpc.status.UNKNOWN, details: message, metadata };
}

export class UpgradesProviderService {
  readonly core: HostCore;
  readonly logs: EngineLogSink;
  private readonly env: Record<string, string | undefined>;
  private readonly handlersReady: Promise<void>;

  constructor(opts: ProviderServiceOptions = {}) {
    this.handlersReady = opts.handlersReady ?? Promise.resolve();
    this.logs = new EngineLogSink(opts.engineAddress);
    this.core = new HostCore("plugin", this.logs);
    this.env = opts.env ?? process.env;
    this.core.config = new ProviderConfig(opts.initialConfig ?? {}, this.env);
  }

  /** Wrap an async handler into a grpc-js unary handler with redacted errors. */
  private unary<Req, Res>(fn: (req: Req) => Promise<Res>): grpc.handleUnaryCall<Req, Res> {
    return (call, callback) => {
      fn(call.request).then(
        (res) => callback(null, res),
        (e: unknown) => {
          const err = grpcError(e, this.core.config.secretValues());
          callback(err, null, err.metadata);
        },
      );
    };
  }

  private async handlerFor(type: string, urn: string): Promise<AnyResourceHandler> {
    await this.handlersReady;
    // Type token from the request, else from the URN (`...::upgrades:index:T::name`).
    if (type) return getHandler(type);
    const parts = urn.split("::");
    const qualified = parts.length >= 4 ? parts[parts.length - 2] : "";
    return getHandler(qualified.split("$").pop() ?? "");
  }

  implementation(): provrpc.IResourceProviderServer {
    const core = this.core;
    return {
      getPluginInfo: this.unary(async () => {
        const r = new plugproto.PluginInfo();
        r.setVersion(packageVersion());
        return r;
      }),
      handshake: this.unary(async (req: provproto.ProviderHandshakeRequest) => {
        this.logs.setAddress(req.getEngineAddress() || undefined);
        const r = new provproto.ProviderHandshakeResponse();
        r.setAcceptSecrets(true);
        r.setAcceptResources(false);
        r.setAcceptOutputs(false);
        return r;
      }),
      attach: this.unary(async (req: plugproto.PluginAttach) => {
        this.logs.setAddress(req.getAddress() || undefined);
        return new Empty();
      }),
      getSchema: this.unary(async (req: provproto.GetSchemaRequest) => {
        await this.handlersReady;
        if (req.getSubpackageName()) throw new Error(`no subpackage "${req.getSubpackageName()}" in the upgrades provider`);
        const r = new provproto.GetSchemaResponse();
        const { buildPackageSchema } = await import("../resources/core/schema"); // loads zod: keep it off the start-up path
        r.setSchema(JSON.stringify(buildPackageSchema(listHandlers(), packageVersion())));
        return r;
      }),
      checkConfig: this.unary(async (req: provproto.CheckRequest) => {
        const news = fromStruct(req.getNews()) ?? {};
        const r = new provproto.CheckResponse();
        try {
          parseProviderConfig(unwrapSecrets(news).value as JsObject, { namespaced: false });
        } catch (e) {
          const f = new provproto.CheckFailure();
          f.setProperty("");
          f.setReason(e instanceof ConfigError ? e.message : redact(String(e), []));
          r.setFailuresList([f]);
        }
        r.setInputs(toStruct(news)); // secrets stay wrapped
        return r;
      }),
      configure: this.unary(async (req: provproto.ConfigureRequest) => {
        let raw = fromStruct(req.getArgs());
        if (!raw) {
          raw = {};
          for (const [k, v] of req.getVariablesMap().entries()) {
            const m = /^upgrades:config:(.+)$/.exec(k);
            if (m) raw[m[1]] = v;
          }
        }
        const values = parseProviderConfig(unwrapSecrets(raw).value as JsObject, { namespaced: false });
        core.config = new ProviderConfig(values, this.env);
        const r = new provproto.ConfigureResponse();
        r.setAcceptsecrets(true);
        r.setSupportspreview(true);
        r.setAcceptresources(false);
        r.setAcceptoutputs(false);
        return r;
      }),
      check: this.unary(async (req: provproto.CheckRequest) => {
        const urn = req.getUrn();
        const h = await this.handlerFor(req.getType(), urn);
        const res = await core.check(h, { urn, name: req.getName() || nameOfUrn(urn) }, fromStruct(req.getOlds()), fromStruct(req.getNews()) ?? {}, "wrap");
        const r = new provproto.CheckResponse();
        r.setInputs(toStruct(res.inputs ?? fromStruct(req.getNews()) ?? {}));
        r.setFailuresList(
          res.failures.map((f) => {
            const cf = new provproto.CheckFailure();
            cf.setProperty(f.property);
            cf.setReason(f.reason);
            return cf;
          }),
        );
        return r;
      }),
      diff: this.unary(async (req: provproto.DiffRequest) => {
        const urn = req.getUrn();
        const h = await this.handlerFor(req.getType(), urn);
        const d = await core.diff(
          h,
          { urn, name: req.getName() || nameOfUrn(urn) },
          req.getId(),
          fromStruct(req.getOlds()) ?? {},
          fromStruct(req.getNews()) ?? {},
          req.getIgnorechangesList(),
        );
        return diffResponse(d);
      }),
      create: this.unary(async (req: provproto.CreateRequest) => {
        const urn = req.getUrn();
        const h = await this.handlerFor(req.getType(), urn);
        const res = await core.create(
          h,
          { urn, name: req.getName() || nameOfUrn(urn), preview: req.getPreview(), timeoutMs: req.getTimeout() * 1000 },
          fromStruct(req.getProperties()) ?? {},
          "wrap",
        );
        const r = new provproto.CreateResponse();
        r.setId(res.id);
        r.setProperties(toStruct(res.outputs));
        return r;
      }),
      update: this.unary(async (req: provproto.UpdateRequest) => {
        const urn = req.getUrn();
        const h = await this.handlerFor(req.getType(), urn);
        const res = await core.update(
          h,
          { urn, name: req.getName() || nameOfUrn(urn), preview: req.getPreview(), timeoutMs: req.getTimeout() * 1000 },
          req.getId(),
          fromStruct(req.getOlds()) ?? {},
          fromStruct(req.getNews()) ?? {},
          "wrap",
        );
        const r = new provproto.UpdateResponse();
        r.setProperties(toStruct(res.outputs));
        return r;
      }),
      read: this.unary(async (req: provproto.ReadRequest) => {
        const urn = req.getUrn();
        const h = await this.handlerFor(req.getType(), urn);
        const res = await core.read(
          h,
          { urn, name: req.getName() || nameOfUrn(urn), timeoutMs: req.getTimeout() * 1000 },
          req.getId(),
          fromStruct(req.getProperties()),
          fromStruct(req.getInputs()),
          "wrap",
        );
        const r = new provproto.ReadResponse();
        if (!res) return r; // empty id: the resource is gone, the engine drops it from state
        r.setId(res.id);
        r.setProperties(toStruct(res.outputs));
        r.setInputs(toStruct(res.inputs));
        return r;
      }),
      delete: this.unary(async (req: provproto.DeleteRequest) => {
        const urn = req.getUrn();
        const h = await this.handlerFor(req.getType(), urn);
        await core.delete(h, { urn, name: req.getName() || nameOfUrn(urn), timeoutMs: req.getTimeout() * 1000 }, req.getId(), fromStruct(req.getProperties()) ?? {});
        return new Empty();
      }),
      cancel: this.unary(async () => {
        core.cancelAll();
        return new Empty();
      }),
      // Not offered: the engine falls back to its own behaviour (DiffConfig) or the feature is unused.
      diffConfig: unimplemented("DiffConfig"),
      parameterize: unimplemented("Parameterize"),
      invoke: unimplemented("Invoke"),
      call: unimplemented("Call"),
      construct: unimplemented("Construct"),
      getMapping: unimplemented("GetMapping"),
      getMappings: unimplemented("GetMappings"),
      list: (call: grpc.ServerWritableStream<provproto.ListRequest, provproto.ListResponse>) =>
        call.emit("error", { code: grpc.status.UNIMPLEMENTED, details: "List is not implemented by the upgrades provider" }),
    };
  }
}

function unimplemented<Req, Res>(name: string): grpc.handleUnaryCall<Req, Res> {
  return (_call, callback) => callback({ code: grpc.status.UNIMPLEMENTED, details: `${name} is not implemented by the upgrades provider` }, null);
}

export function diffResponse(d: DiffResult): provproto.DiffResponse {
  const r = new provproto.DiffResponse();
  r.setChanges(d.changes ? provproto.DiffResponse.DiffChanges.DIFF_SOME : provproto.DiffResponse.DiffChanges.DIFF_NONE);
  r.setReplacesList(d.replaces);
  r.setStablesList(d.stables ?? []);
  r.setDeletebeforereplace(d.deleteBeforeReplace === true);
  r.setHasdetaileddiff(true);
  const keys = Object.keys(d.detailedDiff);
  r.setDiffsList([...new Set(keys.map((k) => k.split(/[.[]/)[0]))]);
  const map = r.getDetaileddiffMap();
  for (const k of keys) {
    const pd = new provproto.PropertyDiff();
    pd.setKind(DIFF_KIND[d.detailedDiff[k].kind]);
    pd.setInputdiff(d.detailedDiff[k].inputDiff !== false);
    map.set(k, pd);
  }
  return r;
}

export interface RunningServer {
  port: number;
  server: grpc.Server;
  service: UpgradesProviderService;
  shutdown(): Promise<void>;
}

/** Start the service on 127.0.0.1 (port 0 = any). */
export async function serve(opts: ProviderServiceOptions & { port?: number } = {}): Promise<RunningServer> {
  const service = new UpgradesProviderService(opts);
  const server = new grpc.Server({
    "grpc.max_receive_message_length": 400 * 1024 * 1024,
    "grpc.max_send_message_length": 400 * 1024 * 1024,
  });
  server.addService(provrpc.ResourceProviderService, service.implementation());
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(`127.0.0.1:${opts.port ?? 0}`, grpc.ServerCredentials.createInsecure(), (e, p) => (e ? reject(e) : resolve(p))),
  );
  return {
    port,
    server,
    service,
    shutdown: () =>
      new Promise<void>((resolve) => {
        service.logs.close();
        server.tryShutdown(() => resolve());
      }),
  };
}
