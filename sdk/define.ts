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

/** Static facts the SDK needs about a type: output names to pre-declare (#2931) and top-level credential inputs. */
export interface DynamicResourceSpec {
  outputNames: readonly string[];
  /** Top-level input names holding credentials: wrapped with pulumi.secret and listed in additionalSecretOutputs. */
  secretInputs: readonly string[];
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
        props[k] = s.secretInputs.includes(k) && v !== undefined ? pulumi.secret(v) : v;
      }
      props.__type = type;
      props.__urn = predictUrn(token, name, opts?.parent);
      const additionalSecretOutputs = [...new Set([...(opts?.additionalSecretOutputs ?? []), ...s.secretInputs])];
      super(shim, name, props, { ...opts, additionalSecretOutputs }, "upgrades", type);
    }
  }
  return UpgradesDynamicResource as unknown as DynamicResourceClass<T>;
}
