/**
 * @module The simulator's own model of Fleet package policies: defaults from a package
 * (`packageToPackagePolicyInputs`), the upgrade merge (`updatePackageInputs` + `deepMergeVars`) and the
 * validation (`validatePackagePolicy`), written after Kibana's code as described in fleet.md §3.3. This is
 * deliberately independent of provider/resources/fleet/merge.ts so the two can be tested against each other.
 * The YAML check and compiled_stream rendering are CONSTRUCTED approximations (no YAML parser, no handlebars).
 */
import type { PackageVersion, VarDef } from "./catalog";

export interface VarEntry {
  type?: string;
  value?: unknown;
  frozen?: boolean;
}
export type Vars = Record<string, VarEntry>;

export interface PolicyStream {
  id?: string;
  enabled: boolean;
  data_stream: { type: string; dataset: string };
  vars?: Vars;
  compiled_stream?: unknown;
}

export interface PolicyInput {
  type: string;
  policy_template?: string;
  enabled: boolean;
  keep_enabled?: boolean;
  vars?: Vars;
  streams: PolicyStream[];
  compiled_input?: unknown;
}

/** A package policy in Kibana's legacy (stored) format. */
export interface PackagePolicy {
  id: string;
  name: string;
  namespace: string;
  description?: string;
  enabled: boolean;
  policy_id?: string;
  policy_ids: string[];
  package: { name: string; title: string; version: string };
  inputs: PolicyInput[];
  vars?: Vars;
  revision: number;
  is_managed?: boolean;
  spaceIds: string[];
  created_at: string;
  created_by: string;
  updated_at: string;
  updated_by: string;
}

export interface ValidationError {
  key: string;
  message: string[];
}

function varsReducer(defs: VarDef[] | undefined): Vars | undefined {
  if (!defs || defs.length === 0) return undefined;
  const out: Vars = {};
  for (const d of defs) {
    // Kibana: `value: !registryVar.default && registryVar.multi ? [] : registryVar.default`
    const entry: VarEntry = { value: d.default === undefined && d.multi ? [] : clone(d.default) };
    entry.type = d.type;
    out[d.name] = entry;
  }
  return out;
}

function clone<T>(v: T): T {
  return v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T);
}

/** Kibana `packageToPackagePolicyInputs`: one input per policy template input, streams from data streams. */
export function defaultInputs(pkg: PackageVersion): PolicyInput[] {
  const inputs: PolicyInput[] = [];
  for (const tmpl of pkg.policy_templates) {
    const dataStreams = pkg.data_streams.filter((ds) => !tmpl.data_streams || tmpl.data_streams.some((n) => ds.dataset.endsWith(`.${n}`) || ds.dataset === n));
    for (const input of tmpl.inputs) {
      const streams: PolicyStream[] = [];
      for (const ds of dataStreams) {
        for (const s of ds.streams.filter((st) => st.input === input.type)) {
          const stream: PolicyStream = { enabled: s.enabled !== false, data_stream: { type: ds.type, dataset: ds.dataset } };
          const vars = varsReducer(s.vars);
          if (vars) stream.vars = vars;
          streams.push(stream);
        }
      }
      const pi: PolicyInput = { type: input.type, policy_template: tmpl.name, enabled: streams.length ? streams.some((s) => s.enabled) : true, streams };
      const vars = varsReducer(input.vars);
      if (vars) pi.vars = vars;
      inputs.push(pi);
    }
  }
  return inputs;
}

export function defaultPackageVars(pkg: PackageVersion): Vars | undefined {
  return varsReducer(pkg.vars);
}

/** Kibana `deepMergeVars(original, override, keepOriginalValue=true)`: metadata from the package, value from the policy. */
function deepMergeVars(original: Vars | undefined, override: Vars | undefined): Vars | undefined {
  if (!override) return original;
  const result: Vars = { ...(original ?? {}) };
  for (const [name, overrideVal] of Object.entries(override)) {
    const originalVar = original?.[name];
    result[name] = { ...originalVar, ...clone(overrideVal) };
    if (originalVar?.value !== undefined) result[name].value = clone(originalVar.value);
  }
  return result;
}

/** Kibana `updatePackageInputs` (without validation): merge the policy's inputs into the package's inputs. */
export function mergeInputs(current: PolicyInput[], pkg: PackageVersion): PolicyInput[] {
  const templates = pkg.policy_templates;
  // inputs whose template or input type vanished are dropped silently
  const inputs: PolicyInput[] = clone(current).filter((input) => {
    if (!input.policy_template) return true;
    const tmpl = templates.find((t) => t.name === input.policy_template);
    if (!tmpl) return false;
    return tmpl.inputs.some((i) => i.type === input.type);
  });
  for (const update of defaultInputs(pkg)) {
    let original = update.policy_template
      ? inputs.find((i) => i.type === update.type && i.policy_template === update.policy_template)
      : inputs.find((i) => i.type === update.type);
    if (original === undefined) original = inputs.find((i) => i.type === update.type && i.policy_template === undefined);
    if (original === undefined) {
      inputs.push(update);
      continue;
    }
    if (original.policy_template === undefined) original.policy_template = update.policy_template;
    if (update.vars) original.vars = deepMergeVars(original.vars, update.vars);
    for (const stream of update.streams) {
      const os = original.streams.find((s) => s.data_stream.dataset === stream.data_stream.dataset);
      if (os === undefined) {
        original.streams.push(stream);
        continue;
      }
      if (stream.vars) os.vars = deepMergeVars(os.vars, stream.vars);
    }
    original.streams = original.streams.filter((s) => update.streams.some((u) => u.data_stream.dataset === s.data_stream.dataset));
  }
  return inputs;
}

// ---- validation ------------------------------------------------------------------------------------------

/** CONSTRUCTED stand-in for js-yaml safeLoad: rejects tab indentation, unbalanced brackets and open quotes. */
export function yamlLooksInvalid(text: string): boolean {
  for (const line of text.split("\n")) {
    if (/^\t/.test(line)) return true;
    const stack: string[] = [];
    let quote: string | undefined;
    for (const ch of line.replace(/\s#.*$/, "")) {
      if (quote) {
        if (ch === quote) quote = undefined;
        continue;
      }
      if (ch === '"' || ch === "'") quote = ch;
      else if (ch === "[" || ch === "{") stack.push(ch);
      else if (ch === "]" || ch === "}") {
        const open = stack.pop();
        if ((ch === "]" && open !== "[") || (ch === "}" && open !== "{")) return true;
      }
    }
    if (quote || stack.length) return true;
  }
  return false;
}

/** Kibana `validatePackagePolicyConfig`: the error messages of one var, or null. */
export function validateVar(entry: VarEntry | undefined, def: VarDef | undefined): string[] | null {
  if (def === undefined) return null; // no definition: not validated (TODO kibana#125655)
  const label = def.title || def.name;
  const value = entry?.value;
  let parsed: unknown = typeof value === "string" ? value.trim() : value;
  const errors: string[] = [];
  if (def.required && (parsed === undefined || parsed === null || (def.type === "yaml" && parsed === ""))) return [`${label} is required`];
  if (def.type === "yaml" && typeof parsed === "string" && parsed !== "" && yamlLooksInvalid(parsed)) errors.push("Invalid YAML format");
  if (def.multi) {
    if (parsed !== undefined && parsed !== null && parsed !== "" && !Array.isArray(parsed)) return [`Invalid format for ${label}: expected array`];
    if (def.required && Array.isArray(parsed) && (parsed.length === 0 || parsed.every((v) => v === "" || v === null))) return [`${label} is required`];
  }
  const items: unknown[] = Array.isArray(parsed) ? parsed : parsed === undefined || parsed === null ? [] : [parsed];
  if (def.type === "text" && items.some((v) => typeof v === "string" && /^[*&]/.test(v))) errors.push(`${label} must be quoted: values beginning with * or & have a special meaning in YAML`);
  if (def.type === "bool" && parsed !== undefined && parsed !== null && parsed !== true && parsed !== false) errors.push("Boolean values must be either true or false");
  if (def.type === "integer" && items.some((v) => !(typeof v === "number" ? Number.isInteger(v) : typeof v === "string" && /^-?\d+$/.test(v)))) errors.push("Invalid integer");
  if (def.type === "select" && parsed !== undefined && parsed !== null && !(def.options ?? []).some((o) => o.value === parsed)) errors.push("Invalid value for select type");
  return errors.length ? errors : null;
}

/** Kibana `validatePackagePolicy` + `getFlattenedObject`: flattened `{key, message[]}` errors of a merged policy. */
export function validatePolicy(policy: { inputs: PolicyInput[]; vars?: Vars; namespace?: string; name?: string }, pkg: PackageVersion): ValidationError[] {
  const errors: ValidationError[] = [];
  if (!policy.name || !policy.name.trim()) errors.push({ key: "name", message: ["Name is required"] });
  if (policy.namespace !== undefined && policy.namespace !== "" && !/^[a-z0-9_]+$/.test(policy.namespace)) errors.push({ key: "namespace", message: ["Namespace contains invalid characters"] });
  const multi = pkg.policy_templates.length > 1;
  for (const [name, entry] of Object.entries(policy.vars ?? {})) {
    const m = validateVar(entry, pkg.vars?.find((v) => v.name === name));
    if (m) errors.push({ key: `vars.${name}`, message: m });
  }
  for (const input of policy.inputs) {
    const inputKey = multi ? `${input.policy_template}-${input.type}` : input.type;
    const tmpl = pkg.policy_templates.find((t) => t.name === input.policy_template) ?? pkg.policy_templates.find((t) => t.inputs.some((i) => i.type === input.type));
    const inputDef = tmpl?.inputs.find((i) => i.type === input.type);
    for (const [name, entry] of Object.entries(input.vars ?? {})) {
      if (!input.enabled) continue;
      const m = validateVar(entry, inputDef?.vars?.find((v) => v.name === name));
      if (m) errors.push({ key: `inputs.${inputKey}.vars.${name}`, message: m });
    }
    for (const stream of input.streams) {
      if (!input.enabled || !stream.enabled) continue;
      const ds = pkg.data_streams.find((d) => d.dataset === stream.data_stream.dataset);
      const sdef = ds?.streams.find((s) => s.input === input.type);
      for (const [name, entry] of Object.entries(stream.vars ?? {})) {
        const def = sdef?.vars?.find((v) => v.name === name);
        const m = validateVar(entry, def);
        if (m) errors.push({ key: `inputs.${inputKey}.streams.${stream.data_stream.dataset}.vars.${name}`, message: m });
      }
    }
  }
  return errors;
}

/** CONSTRUCTED agent config for a stream: its vars' values (real Kibana renders the stream's handlebars template). */
export function compileInputs(inputs: PolicyInput[]): PolicyInput[] {
  return inputs.map((input) => ({
    ...input,
    compiled_input: input.compiled_input ?? {},
    streams: input.streams.map((s) => ({
      ...s,
      compiled_stream: Object.fromEntries(Object.entries(s.vars ?? {}).filter(([, v]) => v.value !== undefined).map(([k, v]) => [k, v.value])),
    })),
  }));
}

/** The simplified (`format=simplified`) view of a legacy policy: inputs keyed `<template>-<type>`, streams by dataset. */
export function toSimplified(policy: PackagePolicy): Record<string, unknown> {
  const flat = (vars?: Vars) => (vars ? Object.fromEntries(Object.entries(vars).map(([k, v]) => [k, v.value === undefined ? null : v.value])) : undefined);
  const inputs: Record<string, unknown> = {};
  for (const input of policy.inputs) {
    const streams: Record<string, unknown> = {};
    for (const s of input.streams) streams[s.data_stream.dataset] = dropUndefined({ enabled: s.enabled, vars: flat(s.vars) });
    inputs[`${input.policy_template ?? policy.package.name}-${input.type}`] = dropUndefined({ enabled: input.enabled, vars: flat(input.vars), streams });
  }
  const { inputs: _legacy, vars, ...rest } = policy;
  return dropUndefined({ ...rest, inputs, vars: flat(vars) });
}

function dropUndefined<T extends Record<string, unknown>>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/** Simplified-format overrides applied on top of package defaults when seeding or creating a policy. */
export interface SimplifiedInputs {
  [inputKey: string]: { enabled?: boolean; vars?: Record<string, unknown>; streams?: Record<string, { enabled?: boolean; vars?: Record<string, unknown> }> };
}

/** Applies simplified overrides to legacy inputs; unknown keys are an error (as in Kibana's simplified API). */
export function applySimplified(inputs: PolicyInput[], overrides: SimplifiedInputs | undefined, pkgName: string): PolicyInput[] {
  if (!overrides) return inputs;
  const out = clone(inputs);
  for (const [key, o] of Object.entries(overrides)) {
    const input = out.find((i) => `${i.policy_template ?? pkgName}-${i.type}` === key);
    if (!input) throw new Error(`Input not found: ${key}`);
    const setVars = (vars: Vars | undefined, values: Record<string, unknown> | undefined): Vars | undefined => {
      if (!values) return vars;
      const v: Vars = { ...(vars ?? {}) };
      for (const [name, value] of Object.entries(values)) v[name] = { ...(v[name] ?? {}), value: value === null ? undefined : value };
      return v;
    };
    input.vars = setVars(input.vars, o.vars);
    for (const [dataset, so] of Object.entries(o.streams ?? {})) {
      const s = input.streams.find((st) => st.data_stream.dataset === dataset);
      if (!s) throw new Error(`Stream not found in input ${key}: ${dataset}`);
      if (so.enabled !== undefined) s.enabled = so.enabled;
      s.vars = setVars(s.vars, so.vars);
    }
    if (o.enabled !== undefined) input.enabled = o.enabled;
    if (o.enabled === false) for (const s of input.streams) s.enabled = false;
  }
  return out;
}
