// The `pulumi-upgrades/dynamic` export: the real dynamic-provider implementation that the tiny serialized shim of
// every SDK resource require()s at run time inside Pulumi's dynamic-provider host (reference pulumi.md §1.3).
// It dispatches on the host-internal `__type` property to the same resource handlers the plugin uses.
//
// Host constraints handled here (pulumi.md §1.4-1.7): no URN (the SDK passes `__urn`), no preview flag (create/update
// never run in preview; handlers show impact from check()), no timeout, Cancel is a no-op, secrets arrive unwrapped
// (acceptSecrets=false), partial-failure properties must carry `__provider` themselves.
import { ProviderConfig, CONFIG_KEYS, parseProviderConfig } from "./config";
import "./resources/all";
import { HostCore, HostOperationError } from "./resources/core/host";
import { getHandler, isUnknown, type AnyResourceHandler } from "./resources/core/types";
import { EngineLogSink, engineAddressFromArgv } from "./server/engine-log";

type Props = Record<string, unknown>;

/** What the dynamic host passes to configure(): `config.get("upgrades:key")` reads the namespaced stack config. */
export interface DynamicConfigureRequest {
  config: { get(key: string): unknown };
}

/** Thrown when a dynamic resource's state lacks the `__type` the SDK always sets. */
export class MissingTypeError extends Error {
  override readonly name = "MissingTypeError";
  constructor() {
    super("dynamic resource state has no __type; it was not created by the pulumi-upgrades SDK. Recreate it with the SDK class");
  }
}

const core = new HostCore("dynamic", new EngineLogSink(engineAddressFromArgv(process.argv)), (line) => {
  // stdout of the dynamic host is passed through by the Pulumi CLI as an info diagnostic (pulumi.md §1.6).
  process.stdout.write(`${line}\n`);
});
core.config = new ProviderConfig({}, process.env);

function handlerOf(...propsList: Array<Props | undefined>): AnyResourceHandler {
  for (const p of propsList) {
    const t = p?.__type;
    if (typeof t === "string" && !isUnknown(t)) return getHandler(t);
  }
  throw new MissingTypeError();
}

function opOf(...propsList: Array<Props | undefined>) {
  for (const p of propsList) {
    const urn = p?.__urn;
    if (typeof urn === "string" && !isUnknown(urn) && urn) {
      const i = urn.lastIndexOf("::");
      return { urn, name: i < 0 ? "" : urn.slice(i + 2) };
    }
  }
  return { urn: "", name: "" };
}

const keep = (p: Props | undefined): Props => {
  const out: Props = {};
  for (const k of ["__type", "__urn", "__provider"]) if (p && p[k] !== undefined) out[k] = p[k];
  return out;
};

/** Turn a partial failure into the error shape the dynamic host reports as ErrorResourceInitFailed (keeps __provider). */
function rethrow(e: unknown, id: string | undefined, internal: Props): never {
  if (e instanceof HostOperationError && e.partial && (e.partial.id || id)) {
    const err = new Error(e.message) as Error & { id?: string; properties?: Props; reasons?: string[] };
    err.id = e.partial.id || id;
    err.properties = { ...e.partial.outputs, ...internal };
    err.reasons = e.partial.reasons;
    throw err;
  }
  throw e instanceof Error ? new Error(e.message) : new Error(String(e));
}

/** The dynamic ResourceProvider implementation (one module-level instance per dynamic host process). */
export const provider = {
  async configure(req: DynamicConfigureRequest): Promise<void> {
    const raw: Props = {};
    for (const k of CONFIG_KEYS) {
      const v = req.config.get(`upgrades:${k}`);
      if (v !== undefined) raw[`upgrades:${k}`] = v;
    }
    core.config = new ProviderConfig(parseProviderConfig(raw, { namespaced: true }), process.env);
  },

  async check(olds: Props, news: Props) {
    const h = handlerOf(news, olds);
    const r = await core.check(h, opOf(news, olds), olds, news, "redact");
    return { inputs: r.inputs ? { ...r.inputs, ...keep(news) } : undefined, failures: r.failures };
  },

  async diff(id: string, olds: Props, news: Props) {
    const h = handlerOf(news, olds);
    const d = await core.diff(h, opOf(news, olds), id, olds, news);
    return { changes: d.changes, replaces: d.replaces, stables: d.stables, deleteBeforeReplace: d.deleteBeforeReplace };
  },

  async create(inputs: Props) {
    const h = handlerOf(inputs);
    try {
      const r = await core.create(h, { ...opOf(inputs), preview: false }, inputs, "redact");
      return { id: r.id, outs: { ...r.outputs, ...keep(inputs) } };
    } catch (e) {
      rethrow(e, undefined, keep(inputs));
    }
  },

  async update(id: string, olds: Props, news: Props) {
    const h = handlerOf(news, olds);
    try {
      const r = await core.update(h, { ...opOf(news, olds), preview: false }, id, olds, news, "redact");
      return { outs: { ...r.outputs, ...keep(news) } };
    } catch (e) {
      rethrow(e, id, { ...keep(olds), ...keep(news) });
    }
  },

  async read(id: string, props: Props) {
    const h = handlerOf(props);
    try {
      const r = await core.read(h, opOf(props), id, props, undefined, "redact");
      if (!r) return { id: "", props: {} };
      return { id: r.id, props: { ...r.outputs, ...keep(props) }, inputs: { ...r.inputs, ...keep(props) } };
    } catch (e) {
      rethrow(e, id, keep(props));
    }
  },

  async delete(id: string, props: Props): Promise<void> {
    const h = handlerOf(props);
    await core.delete(h, opOf(props), id, props);
  },
};

/** Thrown when the dynamic host calls the shim in a shape this package does not know (a newer @pulumi/pulumi?). */
export class UnknownShimCallError extends Error {
  override readonly name = "UnknownShimCallError";
  constructor(group: number, args: unknown[]) {
    super(
      `pulumi-upgrades dynamic shim got an unexpected call (group ${group}, ${args.length} argument(s)); ` +
        `the installed @pulumi/pulumi may have changed its dynamic provider interface: report it with its version`,
    );
  }
}

const isObj = (v: unknown): v is Props => v !== null && typeof v === "object" && !Array.isArray(v);

/**
 * Entry point of the serialized shim (sdk/shim.ts): group 0 = configure/check/diff/create/read, group 1 =
 * update/delete, told apart by the call shapes of Pulumi's dynamic-provider host (cmd/dynamic-provider/index.js).
 */
export function shim(group: 0 | 1, a: unknown[]): Promise<unknown> {
  if (group === 0) {
    if (a.length === 1 && isObj(a[0])) {
      // configure(req): req.config is the host's Config object (has a get() method; Struct inputs never hold functions)
      const cfg = a[0].config;
      if (isObj(cfg) && typeof cfg.get === "function") return provider.configure(a[0] as unknown as DynamicConfigureRequest);
      return provider.create(a[0]);
    }
    if (typeof a[0] === "string" && a.length >= 3 && isObj(a[1]) && isObj(a[2])) return provider.diff(a[0], a[1], a[2]);
    if (typeof a[0] === "string" && isObj(a[1])) return provider.read(a[0], a[1]);
    if (a.length === 2 && isObj(a[0]) && isObj(a[1])) return provider.check(a[0], a[1]);
  } else {
    if (typeof a[0] === "string" && a.length >= 3 && isObj(a[1]) && isObj(a[2])) return provider.update(a[0], a[1], a[2]);
    if (typeof a[0] === "string" && isObj(a[1])) return provider.delete(a[0], a[1]);
  }
  return Promise.reject(new UnknownShimCallError(group, a));
}

/** For tests: the host core of this process (config, cancel). */
export const dynamicHostCore = core;
