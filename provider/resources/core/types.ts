// The shared resource envelope: the handler interface every resource implements, and the registry through which both
// Pulumi hosts (provider/server = PulumiPlugin.yaml plugin, provider/dynamic.ts = TypeScript dynamic resources) and
// the tests' harness find a resource by its type name.
//
// Contract in one paragraph (details on each member):
//   * Handlers see plain JSON values: the host unwraps Pulumi secrets before calling them and re-wraps the paths in
//     `secretInputPaths` (and any path the program marked secret) on the way back. `__`-prefixed keys
//     (`__provider`, `__urn`) never reach a handler.
//   * During preview, inputs may contain the unknown sentinel UNKNOWN (a string) at any path; use isUnknown().
//   * "Where am I" is derived from OUTPUTS (`olds` of diff/update/read/delete) and the live system, never from old
//     inputs: after a partial failure the engine calls update() with the partial outputs as olds.
//   * Delete forgets: it must never downgrade or remove anything on the managed system.
//   * Credentials never go into outputs, error messages, or ctx.status/info/warn.
import type { z } from "zod";
import type { ProviderConfig } from "../../config";

/** Type names of the shipped resources. Tests may register extra (test-only) types. */
export const RESOURCE_TYPES = ["ElasticDeploymentVersion", "FleetIntegration", "RedisClusterVersion"] as const;
export type ShippedResourceType = (typeof RESOURCE_TYPES)[number];

/** Pulumi package name: plugin tokens are `upgrades:index:<Type>`, dynamic tokens `pulumi-nodejs:dynamic/upgrades:<Type>`. */
export const PACKAGE_NAME = "upgrades";
export const pluginToken = (type: string): string => `${PACKAGE_NAME}:index:${type}`;
export const dynamicToken = (type: string): string => `pulumi-nodejs:dynamic/${PACKAGE_NAME}:${type}`;

/** Pulumi's wire sentinel for a value not known during preview (same string in both hosts). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
export const isUnknown = (v: unknown): boolean => v === UNKNOWN;
/** True when the value or anything nested in it is unknown. */
export function containsUnknowns(v: unknown): boolean {
  if (isUnknown(v)) return true;
  if (Array.isArray(v)) return v.some(containsUnknowns);
  if (v !== null && typeof v === "object") return Object.values(v).some(containsUnknowns);
  return false;
}

/**
 * Typed args/outputs for the SDK classes. Each resource augments this from its zod schemas, in its index.ts:
 *
 *   declare module "../core/types" {
 *     interface ResourceTypeMap {
 *       ElasticDeploymentVersion: { inputs: z.input<typeof inputSchema>; outputs: z.output<typeof outputSchema> };
 *     }
 *   }
 */
// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface ResourceTypeMap {}

/** Which host is running the handler. The dynamic host never calls create/update during preview. */
export type HostKind = "plugin" | "dynamic" | "test";

/** What a handler gets on every call besides its data. */
export interface ResourceContext {
  readonly host: HostKind;
  /** Pulumi resource URN ("" when unknown, e.g. dynamic resources created under a parent whose URN is unknown). */
  readonly urn: string;
  /** Logical resource name (last URN segment), "" when unknown. */
  readonly name: string;
  /**
   * True for create/update called by the engine's preview (plugin host only): compute and return the predicted
   * outputs (planned path, plan) with NO side effect on the managed system. Read-only calls are allowed.
   */
  readonly preview: boolean;
  /** Aborted when the engine sends Cancel (Ctrl-C) or when `timeoutMs` elapses. Stop at the next safe point. */
  readonly signal: AbortSignal;
  /** customTimeouts for this operation in ms, when the engine sent one (plugin host only). */
  readonly timeoutMs?: number;
  readonly config: ProviderConfig;
  /** Ephemeral one-line status shown in the resource's row while it rolls (Engine.Log ephemeral). "" clears it. */
  status(message: string): void;
  /** Durable milestone message (hop started/finished, preview impact summary). Dynamic host: also on stdout. */
  info(message: string): void;
  /** Durable warning attached to the resource. */
  warn(message: string): void;
}

/** A validation failure reported by check(); `property` is a dotted path (`elasticsearch.url`, `nodes[2].name`). */
export interface CheckFailure {
  property: string;
  reason: string;
}

export interface CheckResult<I> {
  /** The checked inputs (defaults applied, computed inputs such as a planned path added). Omit only with failures. */
  inputs?: I;
  failures: CheckFailure[];
}

export type PropertyDiffKind = "add" | "update" | "delete" | "add-replace" | "update-replace" | "delete-replace";

export interface DiffResult {
  /** Whether an update (or replace) is needed. */
  changes: boolean;
  /** Top-level input names whose change forces replacement (empty for in-place updates). */
  replaces: string[];
  /** Per-property diff keyed by property path (`targetVersion`, `policies[0].vars.x`), shown by the CLI. */
  detailedDiff: Record<string, { kind: PropertyDiffKind; inputDiff?: boolean }>;
  /** Output names that will not change on update (lets the engine keep them known during preview). */
  stables?: string[];
  deleteBeforeReplace?: boolean;
}

export interface CreateResult<O> {
  id: string;
  outputs: O;
}

export interface ReadResult<I, O> {
  id: string;
  outputs: O;
  /** Inputs that would reproduce this state. Required: the engine refuses an import without inputs. */
  inputs: I;
}

/**
 * A resource type. I = checked inputs, O = outputs (state). Both must be plain JSON (no undefined, Date, BigInt):
 * the hosts serialize them into protobuf Structs (`undefined` members are dropped by the host).
 */
export interface ResourceHandler<I, O> {
  /** Type name, e.g. "ElasticDeploymentVersion". */
  readonly type: ShippedResourceType | (string & {});
  /** Markdown description, used in the package schema. */
  readonly description: string;
  /** Zod schema of the inputs; the package schema (GetSchema) is derived from it (`.describe()` → descriptions). */
  readonly inputSchema: z.ZodType<I>;
  /** Zod schema of the outputs (state); also drives the schema's `properties`. */
  readonly outputSchema: z.ZodType<O>;
  /** Dotted input paths holding credentials (`elasticsearch.apiKey`). Kept secret in state and the schema. */
  readonly secretInputPaths: readonly string[];
  /** Top-level input names whose change forces a replacement (schema `replaceOnChanges`). Usually empty. */
  readonly replaceOnChanges?: readonly string[];

  /** Validate and normalize. `olds` = previous checked inputs (undefined on create). News may contain UNKNOWN. */
  check(olds: I | undefined, news: unknown, ctx: ResourceContext): Promise<CheckResult<I>>;
  /** `olds` = current OUTPUTS (partial outputs after a failure), `news` = checked inputs (may contain UNKNOWN). */
  diff(id: string, olds: O, news: I, ctx: ResourceContext): Promise<DiffResult>;
  /** Create (adopt + roll to the target). With ctx.preview: predicted outputs only, no side effects. */
  create(inputs: I, ctx: ResourceContext): Promise<CreateResult<O>>;
  /** Resume/continue from `olds` OUTPUTS to `news`. With ctx.preview: predicted outputs only, no side effects. */
  update(id: string, olds: O, news: I, ctx: ResourceContext): Promise<O>;
  /**
   * Refresh (olds/inputs given) or import (only the id). Return undefined when the thing no longer exists
   * (the engine then drops it from state). The dynamic host never passes `inputs` (refresh gives only olds
   * outputs): derive the returned inputs from `olds` then, and from the live system on import.
   */
  read(id: string, olds: O | undefined, inputs: I | undefined, ctx: ResourceContext): Promise<ReadResult<I, O> | undefined>;
  /** Forget. Never downgrades or deletes anything on the managed system. */
  delete(id: string, olds: O, ctx: ResourceContext): Promise<void>;
}

/**
 * Throw from create/update (or read) when the operation stopped part-way (a node failed its health gate, cancel,
 * timeout). The hosts turn it into Pulumi's ErrorResourceInitFailed carrying `outputs` as the resource's new state,
 * so the next `pulumi up` calls update() with these outputs as olds and resumes. `reasons` are shown to the user
 * (no credentials). `id` is required when thrown from create (the resource is then recorded with it).
 */
export class PartialFailureError<O = unknown> extends Error {
  override readonly name = "PartialFailureError";
  readonly outputs: O;
  readonly reasons: string[];
  readonly id?: string;
  constructor(message: string, opts: { outputs: O; reasons?: string[]; id?: string }) {
    super(message);
    this.outputs = opts.outputs;
    this.reasons = opts.reasons && opts.reasons.length ? opts.reasons : [message];
    this.id = opts.id;
  }
}

/** Thrown by the registry and hosts for a type token no handler is registered for. */
export class UnknownResourceTypeError extends Error {
  override readonly name = "UnknownResourceTypeError";
  constructor(type: string) {
    super(
      `no resource type "${type}" in this provider (known: ${listHandlers().map((h) => h.type).join(", ") || "none"}); ` +
        `check the type token (upgrades:index:<Type>) and the provider version`,
    );
  }
}

// The registry erases I/O: hosts only move JSON between the wire and the handler.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyResourceHandler = ResourceHandler<any, any>;

const handlers = new Map<string, AnyResourceHandler>();

/** Register a handler (a resource's index.ts does this at import time). Re-registering the same type replaces it. */
export function registerResource<I, O>(handler: ResourceHandler<I, O>): ResourceHandler<I, O> {
  handlers.set(handler.type, handler as AnyResourceHandler);
  return handler;
}

/** Remove a handler (tests only). */
export function unregisterResource(type: string): void {
  handlers.delete(type);
}

/** Find a handler by type name (`ElasticDeploymentVersion`) or by either token form. */
export function getHandler(typeOrToken: string): AnyResourceHandler {
  const h = handlers.get(typeNameOf(typeOrToken));
  if (!h) throw new UnknownResourceTypeError(typeOrToken);
  return h;
}

export function findHandler(typeOrToken: string): AnyResourceHandler | undefined {
  return handlers.get(typeNameOf(typeOrToken));
}

export function listHandlers(): AnyResourceHandler[] {
  return [...handlers.values()].sort((a, b) => a.type.localeCompare(b.type));
}

/** `upgrades:index:T`, `upgrades:T`, `pulumi-nodejs:dynamic/upgrades:T` or `T` → `T`. */
export function typeNameOf(typeOrToken: string): string {
  const i = typeOrToken.lastIndexOf(":");
  return i < 0 ? typeOrToken : typeOrToken.slice(i + 1);
}
