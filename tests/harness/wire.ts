// Wire helpers for talking to provider processes like the Pulumi engine does (reference pulumi.md §5.3).
import * as grpc from "@grpc/grpc-js";
import * as provrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as plugproto from "@pulumi/pulumi/proto/plugin_pb";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import * as statusproto from "@pulumi/pulumi/proto/status_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";

export { provproto, plugproto, Empty };
export const SIG = "4dabf18193072939515e22adb298388d";
export const SECRET = "1b47061264138c4ac30d75fd1eb44270";
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export type JsObject = Record<string, unknown>;

export const secret = (v: unknown): JsObject => ({ [SIG]: SECRET, value: v });
export const isSecret = (v: unknown): v is { value: unknown } =>
  v !== null && typeof v === "object" && !Array.isArray(v) && (v as JsObject)[SIG] === SECRET;

export const toStruct = (o: JsObject): Struct => Struct.fromJavaScript(JSON.parse(JSON.stringify(o)) as Record<string, never>);
export const fromStruct = (s: Struct | undefined): JsObject | undefined => (s ? (s.toJavaScript() as JsObject) : undefined);

/** Remove every secret wrapper (what the engine does for a provider that does not accept secrets). */
export function stripSecrets(v: unknown): unknown {
  if (isSecret(v)) return stripSecrets(v.value);
  if (Array.isArray(v)) return v.map(stripSecrets);
  if (v !== null && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, e]) => [k, stripSecrets(e)]));
  return v;
}

/**
 * The engine's annotateSecrets(outs, ins) (provider_plugin.go:900-929): copy secretness from `ins` onto `outs` by
 * matching key, recursing into objects; a whole array becomes secret if any element was.
 */
export function annotateSecrets(outs: unknown, ins: unknown): unknown {
  if (ins === undefined || outs === undefined) return outs;
  if (isSecret(ins)) return isSecret(outs) ? outs : secret(outs);
  if (Array.isArray(ins) && ins.some(isSecret)) return isSecret(outs) ? outs : secret(outs);
  if (ins !== null && typeof ins === "object" && outs !== null && typeof outs === "object" && !Array.isArray(outs) && !isSecret(outs)) {
    const o = { ...(outs as JsObject) };
    for (const [k, v] of Object.entries(ins as JsObject)) if (k in o) o[k] = annotateSecrets(o[k], v);
    return o;
  }
  return outs;
}

export interface InitFailed {
  id: string;
  properties: JsObject | undefined;
  reasons: string[];
  inputs: JsObject | undefined;
}

/** Decode ErrorResourceInitFailed from a gRPC error, as the engine's parseError does (pulumi.md §5.4). */
export function initFailed(e: unknown): InitFailed | undefined {
  const md = (e as { metadata?: grpc.Metadata }).metadata;
  for (const b of md?.get("grpc-status-details-bin") ?? []) {
    const st = statusproto.Status.deserializeBinary(b instanceof Buffer ? new Uint8Array(b) : new TextEncoder().encode(String(b)));
    for (const any of st.getDetailsList()) {
      if (any.getTypeName() === "pulumirpc.ErrorResourceInitFailed") {
        const d = provproto.ErrorResourceInitFailed.deserializeBinary(any.getValue_asU8());
        return { id: d.getId(), properties: fromStruct(d.getProperties()), reasons: d.getReasonsList(), inputs: fromStruct(d.getInputs()) };
      }
    }
  }
  return undefined;
}

/** Per-call options of the promisified client. */
export interface RpcCallOptions {
  /** gRPC deadline in ms from the call (DEADLINE_EXCEEDED after it); 0 = none */
  deadlineMs?: number;
}

type Unary<Req, Res> = (req: Req, opts?: RpcCallOptions) => Promise<Res>;

/**
 * Default deadline of the start-up RPCs (GetPluginInfo, Handshake, GetSchema, CheckConfig, Configure, Attach): they
 * answer in milliseconds, so one that hangs means a stuck provider; without a deadline the caller (a mocha `before`)
 * would wait forever and never stop the process. The resource RPCs (Create, Update, …) have none by default.
 */
export const STARTUP_RPC_DEADLINE_MS = 30_000;
const STARTUP_RPCS = new Set<string>(["getPluginInfo", "handshake", "getSchema", "checkConfig", "configure", "attach"]);

/** Promisified ResourceProvider client methods the harness uses. */
export interface ProviderRpc {
  getPluginInfo: Unary<Empty, plugproto.PluginInfo>;
  handshake: Unary<provproto.ProviderHandshakeRequest, provproto.ProviderHandshakeResponse>;
  getSchema: Unary<provproto.GetSchemaRequest, provproto.GetSchemaResponse>;
  checkConfig: Unary<provproto.CheckRequest, provproto.CheckResponse>;
  configure: Unary<provproto.ConfigureRequest, provproto.ConfigureResponse>;
  check: Unary<provproto.CheckRequest, provproto.CheckResponse>;
  diff: Unary<provproto.DiffRequest, provproto.DiffResponse>;
  create: Unary<provproto.CreateRequest, provproto.CreateResponse>;
  read: Unary<provproto.ReadRequest, provproto.ReadResponse>;
  update: Unary<provproto.UpdateRequest, provproto.UpdateResponse>;
  delete: Unary<provproto.DeleteRequest, Empty>;
  cancel: Unary<Empty, Empty>;
  attach: Unary<plugproto.PluginAttach, Empty>;
}

export function providerClient(port: number): { client: provrpc.ResourceProviderClient; rpc: ProviderRpc } {
  const client = new provrpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), {
    "grpc.max_receive_message_length": 400 * 1024 * 1024,
  });
  const raw = client as unknown as Record<string, (r: unknown, md: grpc.Metadata, o: grpc.CallOptions, cb: (e: Error | null, r: unknown) => void) => void>;
  const wrap = (m: string) => (req: unknown, opts?: RpcCallOptions) => {
    const ms = opts?.deadlineMs ?? (STARTUP_RPCS.has(m) ? STARTUP_RPC_DEADLINE_MS : 0);
    const callOpts: grpc.CallOptions = ms > 0 ? { deadline: Date.now() + ms } : {};
    return new Promise((resolve, reject) => raw[m].call(client, req, new grpc.Metadata(), callOpts, (e, r) => (e ? reject(e) : resolve(r))));
  };
  const names: Array<keyof ProviderRpc> = ["getPluginInfo", "handshake", "getSchema", "checkConfig", "configure", "check", "diff", "create", "read", "update", "delete", "cancel", "attach"];
  const rpc = Object.fromEntries(names.map((n) => [n, wrap(n)])) as unknown as ProviderRpc;
  return { client, rpc };
}
