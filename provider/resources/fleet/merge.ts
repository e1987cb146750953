/**
 * @module resources/fleet/merge — PURE client-side port of Fleet's policy upgrade merge and validation
 * (Kibana `updatePackageInputs` + `deepMergeVars` + `validatePackagePolicy`, fleet.md §3.3), so `pulumi preview`
 * can say which package policies a target version breaks WITHOUT installing it: Kibana's own dry run only
 * compares against the installed package (fleet.md §0.1).
 *
 * Rules: policy inputs whose policy template or input type vanished are dropped (reported in `removed`, never a
 * conflict); package inputs/streams the policy lacks are added with package defaults; matched vars take the
 * target's definition and keep the policy's value; then every enabled input/stream (and every package-level var)
 * is validated: required without value, multi not an array, bool/integer/select/yaml invalid values. Conflict
 * `field`s use Kibana's dry-run error keys (`inputs.<inputKey>.streams.<dataset>.vars.<var>`).
 * CONSTRUCTED parts: the YAML check is structural (no YAML parser in the pure core); input packages
 * (`policy_templates[].input`) are not modelled.
 *
 * @example
 * const r = mergePolicy(existingPolicy, targetPackageInfo);
 * if (r.conflicts.length) throw new Error(r.conflicts.map((c) => `${c.policyName}: ${c.field}: ${c.message}`).join("\n"));
 */

export interface PolicyVarEntry {
  type?: string;
  value?: unknown;
  frozen?: boolean;
}
export type PolicyVars = Record<string, PolicyVarEntry>;

export interface PolicyStream {
  id?: string;
  enabled: boolean;
  data_stream: { type?: string; dataset: string };
  vars?: PolicyVars;
}

export interface PolicyInput {
  type: string;
  policy_template?: string;
  enabled: boolean;
  vars?: PolicyVars;
  streams: PolicyStream[];
}

/** The parts of an existing package policy (Kibana legacy format, as listed by the API) the merge reads. */
export interface ExistingPolicy {
  id: string;
  name: string;
  namespace?: string;
  package?: { name: string; version: string };
  inputs: PolicyInput[];
  vars?: PolicyVars;
}

export interface VarDefinition {
  name: string;
  type: string;
  title?: string;
  required?: boolean;
  multi?: boolean;
  default?: unknown;
  options?: { value: string; text?: string }[];
}

/** The parts of the TARGET version's package info (`GET /api/fleet/epm/packages/{n}/{v}`) the merge reads. */
export interface TargetPackage {
  name: string;
  version: string;
  policy_templates?: { name: string; data_streams?: string[]; inputs?: { type: string; vars?: VarDefinition[] }[] }[];
  data_streams?: { type: string; dataset: string; path?: string; streams?: { input: string; enabled?: boolean; vars?: VarDefinition[] }[] }[];
  vars?: VarDefinition[];
}

export interface MergeConflict {
  policyId: string;
  policyName: string;
  /** Kibana dry-run error key, e.g. `inputs.httpjson.vars.api_token` */
  field: string;
  message: string;
}

export interface RemovedPart {
  policyId: string;
  policyName: string;
  /** `<policy_template>-<input type>` (the simplified-format input id) */
  input: string;
  /** data stream dataset when a single stream was removed from an input that stays */
  stream?: string;
  /** whether the dropped input/stream was collecting data (a silent loss, worth a warning) */
  wasEnabled: boolean;
}

export interface MergedPolicy {
  id: string;
  name: string;
  namespace?: string;
  package: { name: string; version: string };
  inputs: PolicyInput[];
  vars?: PolicyVars;
}

export interface MergeResult {
  conflicts: MergeConflict[];
  removed: RemovedPart[];
  merged: MergedPolicy;
}

const copy = <T>(v: T): T => (v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T));

/** Package defaults for a list of var definitions (Kibana `varsReducer`: multi without default → []). */
function defaultVars(defs: VarDefinition[] | undefined): PolicyVars | undefined {
  if (!defs?.length) return undefined;
  const out: PolicyVars = {};
  for (const d of defs) out[d.name] = { type: d.type, value: d.default === undefined && d.multi ? [] : copy(d.default) };
  return out;
}

/** Target definitions win, the policy's value is kept when it has one; vars the target dropped stay untouched. */
function mergeVars(current: PolicyVars | undefined, target: PolicyVars | undefined): PolicyVars | undefined {
  if (!target) return current && copy(current);
  const out: PolicyVars = copy(current) ?? {};
  for (const [name, def] of Object.entries(target)) {
    const keep = current?.[name]?.value;
    out[name] = { ...(current?.[name] ?? {}), ...copy(def), ...(keep !== undefined ? { value: copy(keep) } : {}) };
  }
  return out;
}

function templateHasStream(tmpl: { data_streams?: string[] }, ds: { dataset: string; path?: string }): boolean {
  if (!tmpl.data_streams) return true;
  return tmpl.data_streams.some((n) => (ds.path !== undefined ? ds.path === n : ds.dataset === n || ds.dataset.endsWith(`.${n}`)));
}

/** The package's default inputs (Kibana `packageToPackagePolicyInputs`). */
export function targetDefaultInputs(pkg: TargetPackage): PolicyInput[] {
  const out: PolicyInput[] = [];
  for (const tmpl of pkg.policy_templates ?? []) {
    for (const input of tmpl.inputs ?? []) {
      const streams: PolicyStream[] = [];
      for (const ds of (pkg.data_streams ?? []).filter((d) => templateHasStream(tmpl, d))) {
        for (const s of (ds.streams ?? []).filter((x) => x.input === input.type)) {
          const vars = defaultVars(s.vars);
          streams.push({ enabled: s.enabled !== false, data_stream: { type: ds.type, dataset: ds.dataset }, ...(vars ? { vars } : {}) });
        }
      }
      const vars = defaultVars(input.vars);
      out.push({ type: input.type, policy_template: tmpl.name, enabled: streams.length === 0 || streams.some((s) => s.enabled), streams, ...(vars ? { vars } : {}) });
    }
  }
  return out;
}

const inputId = (i: { type: string; policy_template?: string }, pkgName: string) => `${i.policy_template ?? pkgName}-${i.type}`;

/** Merges one existing policy into the target version and validates the result. */
export function mergePolicy(policy: ExistingPolicy, target: TargetPackage): MergeResult {
  const removed: RemovedPart[] = [];
  const templates = target.policy_templates ?? [];
  const who = { policyId: policy.id, policyName: policy.name };

  const kept = policy.inputs.filter((input) => {
    if (!input.policy_template) return true;
    const tmpl = templates.find((t) => t.name === input.policy_template);
    const ok = tmpl !== undefined && (tmpl.inputs ?? []).some((i) => i.type === input.type);
    if (!ok) removed.push({ ...who, input: inputId(input, target.name), wasEnabled: input.enabled });
    return ok;
  });
  const inputs: PolicyInput[] = kept.map((i) => copy(i));

  for (const def of targetDefaultInputs(target)) {
    const idx = inputs.findIndex((i) => i.type === def.type && (i.policy_template === def.policy_template || i.policy_template === undefined));
    if (idx < 0) {
      inputs.push(def);
      continue;
    }
    const cur = inputs[idx];
    const streams: PolicyStream[] = [];
    for (const s of cur.streams) {
      const d = def.streams.find((x) => x.data_stream.dataset === s.data_stream.dataset);
      if (!d) {
        removed.push({ ...who, input: inputId({ ...cur, policy_template: cur.policy_template ?? def.policy_template }, target.name), stream: s.data_stream.dataset, wasEnabled: cur.enabled && s.enabled });
        continue;
      }
      streams.push({ ...s, vars: mergeVars(s.vars, d.vars) });
    }
    for (const d of def.streams) if (!cur.streams.some((s) => s.data_stream.dataset === d.data_stream.dataset)) streams.push(d);
    inputs[idx] = { ...cur, policy_template: cur.policy_template ?? def.policy_template, vars: mergeVars(cur.vars, def.vars), streams };
    if (inputs[idx].vars === undefined) delete inputs[idx].vars;
  }

  const vars = mergeVars(policy.vars, defaultVars(target.vars));
  const merged: MergedPolicy = {
    id: policy.id,
    name: policy.name,
    ...(policy.namespace !== undefined ? { namespace: policy.namespace } : {}),
    package: { name: target.name, version: target.version },
    inputs,
    ...(vars ? { vars } : {}),
  };
  const conflicts = validateMerged(merged, target).map((e) => ({ ...who, field: e.key, message: e.messages.join("; ") }));
  return { conflicts, removed, merged };
}

/** Merges every policy; conflicts and removals concatenated in policy order. */
export function mergePolicies(policies: ExistingPolicy[], target: TargetPackage): { conflicts: MergeConflict[]; removed: RemovedPart[]; merged: MergedPolicy[] } {
  const results = policies.map((p) => mergePolicy(p, target));
  return { conflicts: results.flatMap((r) => r.conflicts), removed: results.flatMap((r) => r.removed), merged: results.map((r) => r.merged) };
}

// ---- validation (Kibana validatePackagePolicy / validatePackagePolicyConfig) -------------------------------

/** Structural YAML sanity check (CONSTRUCTED: flags tab indentation, unclosed quotes or brackets). */
export function isSuspiciousYaml(text: string): boolean {
  return text.split(/\r?\n/).some((line) => {
    if (line.startsWith("\t")) return true;
    let depth = 0;
    let quote = "";
    const body = line.replace(/(^|\s)#.*$/, "");
    for (const ch of body) {
      if (quote) {
        if (ch === quote) quote = "";
      } else if (ch === "'" || ch === '"') quote = ch;
      else if (ch === "[" || ch === "{") depth++;
      else if (ch === "]" || ch === "}") {
        depth--;
        if (depth < 0) return true;
      }
    }
    return quote !== "" || depth !== 0;
  });
}

/** Error messages for one var value against its definition (empty when valid or undefined definition). */
export function validateVarValue(value: unknown, def: VarDefinition | undefined): string[] {
  if (!def) return [];
  const label = def.title || def.name;
  const v = typeof value === "string" ? value.trim() : value;
  const missing = v === undefined || v === null;
  if (def.required && (missing || (def.type === "yaml" && v === ""))) return [`${label} is required`];
  const errs: string[] = [];
  if (def.type === "yaml" && typeof v === "string" && v !== "" && isSuspiciousYaml(v)) errs.push("Invalid YAML format");
  if (def.multi) {
    if (!missing && v !== "" && !Array.isArray(v)) return [`Invalid format for ${label}: expected array`];
    if (def.required && Array.isArray(v) && v.every((x) => x === "" || x === null)) return [`${label} is required`];
  }
  const values = Array.isArray(v) ? v : missing ? [] : [v];
  switch (def.type) {
    case "text":
      if (values.some((x) => typeof x === "string" && (x.startsWith("*") || x.startsWith("&")))) errs.push(`${label} must be quoted: values beginning with * or & have a special meaning in YAML`);
      break;
    case "bool":
      if (!missing && v !== true && v !== false) errs.push("Boolean values must be either true or false");
      break;
    case "integer":
      if (values.some((x) => !((typeof x === "number" && Number.isInteger(x)) || (typeof x === "string" && /^-?\d+$/.test(x))))) errs.push("Invalid integer");
      break;
    case "select":
      if (!missing && !(def.options ?? []).some((o) => o.value === v)) errs.push("Invalid value for select type");
      break;
  }
  return errs;
}

function validateMerged(policy: MergedPolicy, target: TargetPackage): { key: string; messages: string[] }[] {
  const out: { key: string; messages: string[] }[] = [];
  const push = (key: string, messages: string[]) => messages.length && out.push({ key, messages });
  const templates = target.policy_templates ?? [];
  const multi = templates.length > 1;
  if (policy.namespace && !/^[a-z0-9_]+$/.test(policy.namespace)) push("namespace", ["Namespace contains invalid characters"]);
  for (const [name, e] of Object.entries(policy.vars ?? {})) push(`vars.${name}`, validateVarValue(e.value, target.vars?.find((d) => d.name === name)));
  for (const input of policy.inputs) {
    if (!input.enabled) continue;
    const key = multi ? `${input.policy_template}-${input.type}` : input.type;
    const tmpl = templates.find((t) => t.name === input.policy_template);
    const inputDefs = tmpl?.inputs?.find((i) => i.type === input.type)?.vars;
    for (const [name, e] of Object.entries(input.vars ?? {})) push(`inputs.${key}.vars.${name}`, validateVarValue(e.value, inputDefs?.find((d) => d.name === name)));
    for (const s of input.streams) {
      if (!s.enabled) continue;
      const streamDefs = (target.data_streams ?? []).find((d) => d.dataset === s.data_stream.dataset)?.streams?.find((x) => x.input === input.type)?.vars;
      for (const [name, e] of Object.entries(s.vars ?? {})) {
        push(`inputs.${key}.streams.${s.data_stream.dataset}.vars.${name}`, validateVarValue(e.value, streamDefs?.find((d) => d.name === name)));
      }
    }
  }
  return out;
}
