// A tiny, honest interpreter for the subset of Pulumi YAML that examples/yaml-plugin uses, so the example can be
// run through the real plugin process without the Pulumi CLI (which cannot be installed here). Supported, with the
// semantics of the Pulumi YAML language reference (docs: /docs/iac/languages-sdks/yaml/yaml-language-reference):
//   * `config:` declarations with `type` (string | integer | boolean | array with `items` | object), `default`,
//     `secret`, `description`; values from the stack file's `config:` under `<project>:<key>` (or a plain `<key>`);
//   * `${name}` / `${name.prop[0]["key"]}` references: a string that is exactly one reference evaluates to the
//     referenced value itself (an array stays an array); references inside a longer string are interpolated as text;
//     `$${` is a literal `${`;
//   * `resources:` with `type: <pkg>:index:<Type>` (or the shorthand `<pkg>:<Type>`) and `properties:`, evaluated
//     against config only;
//   * `outputs:` evaluated against config and the resources' outputs (`${res.prop}`).
// Everything else (variables, fn:: functions, resource options, references between resources, `secure:` project
// values) is refused with a YamlProgramError naming it, rather than half-interpreted.
import * as fs from "fs";
import * as path from "path";
import { z } from "zod";

// js-yaml ships with @pulumi/pulumi (no types of its own)
// eslint-disable-next-line @typescript-eslint/no-require-imports
const yaml = require("js-yaml") as { load(text: string): unknown };

/** A program or stack file this interpreter cannot evaluate (unsupported construct, bad reference, wrong type). */
export class YamlProgramError extends Error {
  override readonly name = "YamlProgramError";
}

export type ConfigType = "string" | "integer" | "boolean" | "array" | "object";

export interface ConfigDecl {
  type: ConfigType;
  items?: { type: ConfigType };
  default?: unknown;
  secret?: boolean;
  description?: string;
}

const ConfigTypeSchema = z.enum(["string", "integer", "boolean", "array", "object"]);
const ConfigDeclSchema = z
  .object({
    type: ConfigTypeSchema,
    items: z.object({ type: ConfigTypeSchema }).strict().optional(),
    default: z.unknown().optional(),
    secret: z.boolean().optional(),
    description: z.string().optional(),
  })
  .strict();

const ResourceSchema = z
  .object({
    type: z.string().min(1),
    properties: z.record(z.string(), z.unknown()).default({}),
  })
  .strict();

const PackageRefSchema = z.union([z.string(), z.object({ source: z.string(), version: z.string().optional() }).strict()]);

const ProgramFileSchema = z
  .object({
    name: z.string().min(1),
    runtime: z.union([z.string(), z.object({ name: z.string() }).loose()]),
    description: z.string().optional(),
    packages: z.record(z.string(), PackageRefSchema).optional(),
    plugins: z.object({ providers: z.array(z.object({ name: z.string(), path: z.string(), version: z.string().optional() }).strict()) }).strict().optional(),
    config: z.record(z.string(), ConfigDeclSchema).default({}),
    resources: z.record(z.string(), ResourceSchema).default({}),
    outputs: z.record(z.string(), z.unknown()).default({}),
  })
  .strict();

export interface YamlResource {
  name: string;
  /** the token as written, e.g. `upgrades:index:ElasticDeploymentVersion` */
  type: string;
  properties: Record<string, unknown>;
}

export interface YamlProgram {
  dir: string;
  name: string;
  runtime: string;
  /** package name → plugin directory resolved against the program dir (from `packages:` or `plugins.providers`) */
  packages: Record<string, string>;
  config: Record<string, ConfigDecl>;
  resources: YamlResource[];
  outputs: Record<string, unknown>;
}

function issues(e: z.ZodError): string {
  return e.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ");
}

/** Parse `<dir>/Pulumi.yaml`. Throws YamlProgramError for anything outside the supported subset. */
export function loadProgram(dir: string): YamlProgram {
  const file = path.join(dir, "Pulumi.yaml");
  const parsed = ProgramFileSchema.safeParse(yaml.load(fs.readFileSync(file, "utf8")));
  if (!parsed.success) throw new YamlProgramError(`${file} is outside the supported Pulumi YAML subset: ${issues(parsed.error)}`);
  const p = parsed.data;
  const runtime = typeof p.runtime === "string" ? p.runtime : p.runtime.name;
  const packages: Record<string, string> = {};
  for (const [name, ref] of Object.entries(p.packages ?? {})) packages[name] = path.resolve(dir, typeof ref === "string" ? ref : ref.source);
  for (const prov of p.plugins?.providers ?? []) packages[prov.name] = path.resolve(dir, prov.path);
  return {
    dir,
    name: p.name,
    runtime,
    packages,
    config: p.config,
    resources: Object.entries(p.resources).map(([name, r]) => ({ name, type: r.type, properties: r.properties })),
    outputs: p.outputs,
  };
}

/** The `config:` map of `<dir>/Pulumi.<stack>.yaml`, namespaced keys as written. */
export function loadStackConfig(dir: string, stack: string): Record<string, unknown> {
  const file = path.join(dir, `Pulumi.${stack}.yaml`);
  const doc = yaml.load(fs.readFileSync(file, "utf8")) as { config?: Record<string, unknown> } | null;
  return { ...(doc?.config ?? {}) };
}

/** The `<pkg>:*` keys of a stack config, namespace kept (what the engine turns into the provider's config). */
export function packageConfig(stackConfig: Record<string, unknown>, pkg: string): Record<string, unknown> {
  return Object.fromEntries(Object.entries(stackConfig).filter(([k]) => k.startsWith(`${pkg}:`)));
}

const isSecure = (v: unknown): boolean => v !== null && typeof v === "object" && !Array.isArray(v) && Object.keys(v).length === 1 && "secure" in v;

function typed(key: string, t: ConfigType, v: unknown, items?: { type: ConfigType }): unknown {
  const bad = () => new YamlProgramError(`config ${key}: expected ${t}${items ? ` of ${items.type}` : ""}, got ${JSON.stringify(v)}`);
  switch (t) {
    case "string":
      if (typeof v === "string") return v;
      // `pulumi config set k 8.19` stores a string; a hand-written stack file may hold a bare YAML number
      if (typeof v === "number") return String(v);
      throw bad();
    case "integer":
      if (typeof v === "number" && Number.isInteger(v)) return v;
      if (typeof v === "string" && /^-?\d+$/.test(v)) return Number(v);
      throw bad();
    case "boolean":
      if (typeof v === "boolean") return v;
      if (v === "true" || v === "false") return v === "true";
      throw bad();
    case "array": {
      const arr = typeof v === "string" ? (JSON.parse(v) as unknown) : v; // `pulumi config set` of JSON text
      if (!Array.isArray(arr)) throw bad();
      return items ? arr.map((e, i) => typed(`${key}[${i}]`, items.type, e)) : arr;
    }
    case "object": {
      const obj = typeof v === "string" ? (JSON.parse(v) as unknown) : v;
      if (obj === null || typeof obj !== "object" || Array.isArray(obj)) throw bad();
      return obj;
    }
  }
}

/**
 * The program's typed config values: each declared key from the stack config (`<project>:<key>` or `<key>`), else
 * its default; a key with neither is an error, as is an undeclared `<project>:*` key or a `secure:` value (this
 * interpreter cannot decrypt; the test passes plaintext, like the engine after decryption).
 */
export function resolveConfig(program: YamlProgram, stackConfig: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(stackConfig)) {
    const bare = k.startsWith(`${program.name}:`) ? k.slice(program.name.length + 1) : k.includes(":") ? undefined : k;
    if (bare !== undefined && !(bare in program.config)) throw new YamlProgramError(`stack config key ${k} is not declared in Pulumi.yaml config:`);
  }
  for (const [key, decl] of Object.entries(program.config)) {
    const raw = stackConfig[`${program.name}:${key}`] ?? stackConfig[key];
    if (raw === undefined) {
      if (decl.default === undefined) throw new YamlProgramError(`config ${program.name}:${key} is required: pulumi config set ${key} <value>`);
      out[key] = typed(key, decl.type, decl.default, decl.items);
      continue;
    }
    if (isSecure(raw)) throw new YamlProgramError(`config ${program.name}:${key} is encrypted (secure:); pass its decrypted value`);
    out[key] = typed(key, decl.type, raw, decl.items);
  }
  return out;
}

// ---- expressions -------------------------------------------------------------------------------------------------

type Segment = string | number;

/** Parse a property path such as `res.plan.phases[0]["name"]` into its segments. */
export function parsePropertyPath(expr: string): Segment[] {
  const segs: Segment[] = [];
  let i = 0;
  const fail = (why: string) => new YamlProgramError(`bad reference \${${expr}}: ${why}`);
  const ident = () => {
    const m = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(expr.slice(i));
    if (!m) throw fail(`expected a name at offset ${i}`);
    i += m[0].length;
    return m[0];
  };
  segs.push(ident());
  while (i < expr.length) {
    if (expr[i] === ".") {
      i++;
      segs.push(ident());
    } else if (expr[i] === "[") {
      const m = /^\[(?:(\d+)|"((?:[^"\\]|\\.)*)")\]/.exec(expr.slice(i));
      if (!m) throw fail(`bad index at offset ${i}`);
      segs.push(m[1] !== undefined ? Number(m[1]) : (JSON.parse(`"${m[2]}"`) as string));
      i += m[0].length;
    } else throw fail(`unexpected ${JSON.stringify(expr[i])} at offset ${i}`);
  }
  return segs;
}

function lookup(expr: string, scope: Record<string, unknown>): unknown {
  const [root, ...rest] = parsePropertyPath(expr);
  if (!(String(root) in scope)) throw new YamlProgramError(`\${${expr}}: ${String(root)} is not a config key or resource in scope (known: ${Object.keys(scope).join(", ") || "none"})`);
  let cur: unknown = scope[String(root)];
  for (const seg of rest) {
    if (cur === null || typeof cur !== "object") throw new YamlProgramError(`\${${expr}}: cannot read ${JSON.stringify(seg)} of ${JSON.stringify(cur)}`);
    const next = (cur as Record<string | number, unknown>)[seg];
    if (next === undefined) throw new YamlProgramError(`\${${expr}}: no property ${JSON.stringify(seg)}`);
    cur = next;
  }
  return cur;
}

/** Every `${…}` reference in a value (roots only), e.g. for dependency checks. */
export function referencesIn(v: unknown): string[] {
  if (typeof v === "string") return [...v.matchAll(/(?<!\$)\$\{([^}]*)\}/g)].map((m) => String(parsePropertyPath(m[1].trim())[0]));
  if (Array.isArray(v)) return v.flatMap(referencesIn);
  if (v !== null && typeof v === "object") {
    for (const k of Object.keys(v)) if (/^fn::/i.test(k)) throw new YamlProgramError(`${k} is not supported by this interpreter`);
    return Object.values(v).flatMap(referencesIn);
  }
  return [];
}

/** Evaluate a YAML value: strings are templates, arrays and objects are evaluated element by element. */
export function evaluate(v: unknown, scope: Record<string, unknown>): unknown {
  if (typeof v === "string") {
    const whole = /^\$\{([^}]*)\}$/.exec(v);
    if (whole) return lookup(whole[1].trim(), scope);
    return v.replace(/\$?\$\{([^}]*)\}/g, (m, expr: string) => {
      if (m.startsWith("$$")) return m.slice(1);
      const val = lookup(expr.trim(), scope);
      if (val !== null && typeof val === "object") throw new YamlProgramError(`\${${expr}} is ${Array.isArray(val) ? "an array" : "an object"}: it can only stand alone, not inside a string`);
      return String(val);
    });
  }
  if (Array.isArray(v)) return v.map((e) => evaluate(e, scope));
  if (v !== null && typeof v === "object") {
    referencesIn(v); // refuses fn:: keys
    return Object.fromEntries(Object.entries(v).map(([k, e]) => [k, evaluate(e, scope)]));
  }
  return v;
}

// ---- resources and outputs ---------------------------------------------------------------------------------------

export interface ResolvedResource {
  name: string;
  /** canonical token `<pkg>:index:<Type>` */
  token: string;
  pkg: string;
  /** `<Type>` (what tests/harness ResourceDecl.type takes) */
  typeName: string;
  inputs: Record<string, unknown>;
}

/** `<pkg>:index:<Type>` for both the full token and the YAML shorthand `<pkg>:<Type>`. */
export function canonicalToken(type: string): { token: string; pkg: string; typeName: string } {
  const parts = type.split(":");
  if (parts.length === 2) return { token: `${parts[0]}:index:${parts[1]}`, pkg: parts[0], typeName: parts[1] };
  if (parts.length === 3) return { token: type, pkg: parts[0], typeName: parts[2] };
  throw new YamlProgramError(`resource type ${type} is not a <package>:<module>:<Type> token`);
}

/** Each resource's inputs, evaluated against config. A reference to another resource is refused (not supported). */
export function resolveResources(program: YamlProgram, config: Record<string, unknown>): ResolvedResource[] {
  const names = new Set(program.resources.map((r) => r.name));
  return program.resources.map((r) => {
    for (const ref of referencesIn(r.properties)) {
      if (names.has(ref)) throw new YamlProgramError(`resource ${r.name} references resource ${ref}: references between resources are not supported by this interpreter`);
    }
    const { token, pkg, typeName } = canonicalToken(r.type);
    return { name: r.name, token, pkg, typeName, inputs: evaluate(r.properties, config) as Record<string, unknown> };
  });
}

/** The stack outputs, evaluated against config and each resource's outputs (by resource name). */
export function evaluateOutputs(program: YamlProgram, config: Record<string, unknown>, resourceOutputs: Record<string, Record<string, unknown>>): Record<string, unknown> {
  const scope = { ...config, ...resourceOutputs };
  return Object.fromEntries(Object.entries(program.outputs).map(([k, v]) => [k, evaluate(v, scope)]));
}

// ---- validation against a Pulumi package schema (GetSchema) -------------------------------------------------------

interface PropSpec {
  type?: string;
  $ref?: string;
  items?: PropSpec;
  additionalProperties?: PropSpec;
}
interface ObjectTypeSpec {
  properties: Record<string, PropSpec>;
  required?: string[];
}
export interface PackageSchemaLike {
  name: string;
  config?: { variables: Record<string, PropSpec & { secret?: boolean }> };
  types?: Record<string, ObjectTypeSpec>;
  resources: Record<string, { inputProperties: Record<string, PropSpec>; requiredInputs?: string[] }>;
}

function checkObject(where: string, v: unknown, props: Record<string, PropSpec>, required: string[], schema: PackageSchemaLike): string[] {
  if (v === null || typeof v !== "object" || Array.isArray(v)) return [`${where}: expected an object, got ${JSON.stringify(v)}`];
  const obj = v as Record<string, unknown>;
  const out: string[] = [];
  for (const r of required) if (obj[r] === undefined) out.push(`${where}.${r}: required input missing`);
  for (const [k, e] of Object.entries(obj)) {
    const spec = props[k];
    if (!spec) out.push(`${where}.${k}: unknown property (known: ${Object.keys(props).join(", ")})`);
    else out.push(...checkValue(`${where}.${k}`, e, spec, schema));
  }
  return out;
}

function checkValue(where: string, v: unknown, spec: PropSpec, schema: PackageSchemaLike): string[] {
  if (spec.$ref === "pulumi.json#/Any") return [];
  if (spec.$ref?.startsWith("#/types/")) {
    const t = schema.types?.[spec.$ref.slice("#/types/".length)];
    if (!t) return [`${where}: schema type ${spec.$ref} is missing from the package schema`];
    return checkObject(where, v, t.properties, t.required ?? [], schema);
  }
  switch (spec.type) {
    case "string":
      return typeof v === "string" ? [] : [`${where}: expected a string, got ${JSON.stringify(v)}`];
    case "integer":
      return typeof v === "number" && Number.isInteger(v) ? [] : [`${where}: expected an integer, got ${JSON.stringify(v)}`];
    case "number":
      return typeof v === "number" ? [] : [`${where}: expected a number, got ${JSON.stringify(v)}`];
    case "boolean":
      return typeof v === "boolean" ? [] : [`${where}: expected a boolean, got ${JSON.stringify(v)}`];
    case "array":
      if (!Array.isArray(v)) return [`${where}: expected an array, got ${JSON.stringify(v)}`];
      return spec.items ? v.flatMap((e, i) => checkValue(`${where}[${i}]`, e, spec.items!, schema)) : [];
    case "object":
      if (v === null || typeof v !== "object" || Array.isArray(v)) return [`${where}: expected a map, got ${JSON.stringify(v)}`];
      return spec.additionalProperties ? Object.entries(v).flatMap(([k, e]) => checkValue(`${where}.${k}`, e, spec.additionalProperties!, schema)) : [];
    default:
      return [`${where}: the schema gives no type for this property`];
  }
}

/**
 * What the YAML language host would reject when it binds the program to the package schema: unknown resource types,
 * missing required inputs, unknown properties (at any depth, through `#/types/…`), values of the wrong type.
 * Returns one line per problem (empty = valid).
 */
export function schemaProblems(resources: readonly ResolvedResource[], schema: PackageSchemaLike): string[] {
  const out: string[] = [];
  for (const r of resources) {
    if (r.pkg !== schema.name) {
      out.push(`${r.name}: type ${r.token} belongs to package ${r.pkg}, not ${schema.name}`);
      continue;
    }
    const res = schema.resources[r.token];
    if (!res) {
      out.push(`${r.name}: type ${r.token} is not in the package schema (known: ${Object.keys(schema.resources).join(", ")})`);
      continue;
    }
    out.push(...checkObject(r.name, r.inputs, res.inputProperties, res.requiredInputs ?? [], schema));
  }
  return out;
}

/** Provider config keys of a stack file checked against `config.variables`: unknown keys, plaintext secrets. */
export function providerConfigProblems(stackConfig: Record<string, unknown>, schema: PackageSchemaLike): string[] {
  const vars = schema.config?.variables ?? {};
  const out: string[] = [];
  for (const [k, v] of Object.entries(packageConfig(stackConfig, schema.name))) {
    const key = k.slice(schema.name.length + 1);
    const spec = vars[key];
    if (!spec) out.push(`${k}: not a provider config key (known: ${Object.keys(vars).join(", ")})`);
    else if (spec.secret && !isSecure(v)) out.push(`${k}: a secret in plaintext; use pulumi config set --secret ${k} <value>`);
    else if (!isSecure(v)) out.push(...checkValue(k, v, spec, schema));
  }
  return out;
}
