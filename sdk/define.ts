// defineDynamicResource: makes the TypeScript SDK class for one resource type. The class is a
// `pulumi.dynamic.Resource` with type token `pulumi-nodejs:dynamic/upgrades:<Type>` whose provider is the tiny shim.
import * as pulumi from "@pulumi/pulumi";
import type { ResourceTypeMap } from "../provider/resources/core/types";
import { dynamicToken } from "../provider/resources/core/types";
import { shim } from "./shim";

type Primitive = string | number | boolean | null | undefined;
/** Accept Inputs at every level of a plain-data type. */
export type DeepInput<T> = T extends Primitive
  ? pulumi.Input<T>
  : T extends ReadonlyArray<infer U>
    ? pulumi.Input<ReadonlyArray<DeepInput<U>>>
    : pulumi.Input<{ [K in keyof T]: DeepInput<T[K]> }>;

export type ArgsOf<T extends string> = T extends keyof ResourceTypeMap
  ? ResourceTypeMap[T] extends { inputs: infer I }
    ? { [K in keyof I]: DeepInput<I[K]> }
    : Record<string, pulumi.Input<unknown>>
  : Record<string, pulumi.Input<unknown>>;

export type OutputsOf<T extends string> = T extends keyof ResourceTypeMap
  ? ResourceTypeMap[T] extends { outputs: infer O }
    ? { readonly [K in keyof O]-?: pulumi.Output<O[K]> }
    : { readonly [k: string]: pulumi.Output<unknown> }
  : { readonly [k: string]: pulumi.Output<unknown> };

/** Static facts the SDK needs about a type: output names to pre-declare (#2931) and where its credentials are. */
export interface DynamicResourceSpec {
  outputNames: readonly string[];
  /**
   * Input paths of the credential leaves (`["elasticsearch", "apiKey"]`): only these values are wrapped with
   * pulumi.secret, so the rest of a connection block (url, spaceId, deploymentId) stays readable in state.
   */
  secretInputPaths: ReadonlyArray<ReadonlyArray<string | number>>;
  /** Top-level output names that could carry a credential: listed in additionalSecretOutputs. */
  secretOutputs: readonly string[];
}

export type DynamicResourceClass<T extends string> = {
  new (name: string, args: ArgsOf<T>, opts?: pulumi.CustomResourceOptions): pulumi.dynamic.Resource & OutputsOf<T>;
  readonly upgradesType: T;
};

const STACK_TYPE = "pulumi:pulumi:Stack";

/**
 * The URN the engine will give this resource, passed to the provider as `__urn` (the dynamic interface carries no
 * URN, and Engine.Log needs it for per-resource status lines; pulumi.md §1.6). With a parent, the qualified type is
 * `parentQualifiedType$childType` unless the parent is the stack.
 */
export function predictUrn(token: string, name: string, parent?: pulumi.Resource): pulumi.Input<string> {
  const base = (qualifiedType: string) => `urn:pulumi:${pulumi.getStack()}::${pulumi.getProject()}::${qualifiedType}::${name}`;
  if (!parent) return base(token);
  return parent.urn.apply((purn) => {
    const parts = purn.split("::");
    const parentQualified = parts.length >= 4 ? parts[parts.length - 2] : "";
    return base(!parentQualified || parentQualified === STACK_TYPE ? token : `${parentQualified}$${token}`);
  });
}

type Path = ReadonlyArray<string | number>;

const isPromiseLike = (v: unknown): v is PromiseLike<unknown> =>
  v !== null && (typeof v === "object" || typeof v === "function") && typeof (v as { then?: unknown }).then === "function";

/**
 * Wrap with pulumi.secret only the values at `paths` (credential leaves), leaving their parents plain objects so
 * Pulumi serializes the secret at the leaf (rpc serializeProperty recurses into plain objects and into the resolved
 * value of an Output). A parent given as an Output/Promise is mapped with apply(): the result is not secret unless the
 * program made the parent secret itself (then the whole block stays secret, as asked). Missing leaves are left out.
 * Verified against @pulumi/pulumi 3.248 by tests/hosting/sdk.test.ts (RegisterResource request as sent).
 */
export function wrapSecretLeaves(value: unknown, paths: readonly Path[]): unknown {
  if (!paths.length || value === undefined || value === null) return value;
  if (paths.some((p) => p.length === 0)) return pulumi.secret(value as pulumi.Input<unknown>);
  const asOutput = value as pulumi.Output<unknown>;
  if (pulumi.Output.isInstance(asOutput)) return asOutput.apply((v: unknown) => wrapSecretLeaves(v, paths));
  if (isPromiseLike(value)) return (pulumi.output(value as Promise<unknown>) as pulumi.Output<unknown>).apply((v: unknown) => wrapSecretLeaves(v, paths));
  if (typeof value !== "object") return value;
  const groups = new Map<string | number, Path[]>();
  for (const p of paths) groups.set(p[0], [...(groups.get(p[0]) ?? []), p.slice(1)]);
  const out = (Array.isArray(value) ? [...(value as unknown[])] : { ...(value as Record<string, unknown>) }) as Record<string | number, unknown>;
  for (const [k, rest] of groups) if (out[k] !== undefined) out[k] = wrapSecretLeaves(out[k], rest);
  return out;
}

/** Build the SDK class for `type`. `spec` is resolved lazily on first construction (so importing the SDK is cheap). */
export function defineDynamicResource<T extends string>(type: T, spec: () => DynamicResourceSpec): DynamicResourceClass<T> {
  const token = dynamicToken(type);
  class UpgradesDynamicResource extends pulumi.dynamic.Resource {
    static readonly upgradesType: T = type;
    constructor(name: string, args: ArgsOf<T>, opts?: pulumi.CustomResourceOptions) {
      const s = spec();
      const props: pulumi.Inputs = {};
      for (const k of s.outputNames) props[k] = undefined; // outputs must be pre-declared (pulumi/pulumi#2931)
      for (const [k, v] of Object.entries(args as Record<string, pulumi.Input<unknown>>)) {
        if (k.startsWith("__")) throw new Error(`input "${k}" is reserved for the upgrades provider; remove it from ${type} ${name}`);
        props[k] = v;
      }
      Object.assign(props, wrapSecretLeaves(props, s.secretInputPaths));
      props.__type = type;
      props.__urn = predictUrn(token, name, opts?.parent);
      const additionalSecretOutputs = [...new Set([...(opts?.additionalSecretOutputs ?? []), ...s.secretOutputs])];
      super(shim, name, props, { ...opts, additionalSecretOutputs }, "upgrades", type);
    }
  }
  return UpgradesDynamicResource as unknown as DynamicResourceClass<T>;
}
