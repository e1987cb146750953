// Property-value plumbing shared by both hosts: Pulumi's secret wrapper, internal `__` keys, JSON sanitizing and
// credential redaction. No gRPC here; the hosts convert protobuf Structs to/from plain JS first.

/** Pulumi's special-signature key and the value marking a secret (npm:runtime/rpc.js). */
export const SPECIAL_SIG_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

export type PropPath = ReadonlyArray<string | number>;

export const secretValue = (v: unknown): Record<string, unknown> => ({ [SPECIAL_SIG_KEY]: SECRET_SIG, value: v });

export function isSecretWrapper(v: unknown): v is { value: unknown } {
  return v !== null && typeof v === "object" && !Array.isArray(v) && (v as Record<string, unknown>)[SPECIAL_SIG_KEY] === SECRET_SIG;
}

/** Remove secret wrappers anywhere in `v`, returning the plain value and the paths that were secret. */
export function unwrapSecrets(v: unknown): { value: unknown; secretPaths: PropPath[] } {
  const secretPaths: PropPath[] = [];
  const walk = (x: unknown, path: (string | number)[]): unknown => {
    if (isSecretWrapper(x)) {
      secretPaths.push(path);
      return walk(x.value, path);
    }
    if (Array.isArray(x)) return x.map((e, i) => walk(e, [...path, i]));
    if (x !== null && typeof x === "object") {
      const out: Record<string, unknown> = {};
      for (const [k, e] of Object.entries(x)) out[k] = walk(e, [...path, k]);
      return out;
    }
    return x;
  };
  return { value: walk(v, []), secretPaths };
}

/** Parse `a.b[2].c` into ["a","b",2,"c"]. */
export function parsePath(p: string): PropPath {
  const out: (string | number)[] = [];
  for (const part of p.split(".")) {
    const m = /^([^[\]]*)((?:\[\d+\])*)$/.exec(part);
    if (!m) {
      out.push(part);
      continue;
    }
    if (m[1]) out.push(m[1]);
    for (const idx of m[2].matchAll(/\[(\d+)\]/g)) out.push(Number(idx[1]));
  }
  return out;
}

/** Return a copy of `v` where each existing value at one of `paths` is wrapped as a secret (idempotent). */
export function wrapSecretPaths(v: unknown, paths: readonly PropPath[]): unknown {
  let root = structuredClone(v);
  for (const path of paths) {
    if (path.length === 0) {
      if (!isSecretWrapper(root) && root !== undefined) root = secretValue(root);
      continue;
    }
    let cur: unknown = root;
    for (let i = 0; i < path.length - 1 && cur !== undefined; i++) {
      cur = cur !== null && typeof cur === "object" ? (cur as Record<string | number, unknown>)[path[i]] : undefined;
      if (isSecretWrapper(cur)) cur = cur.value;
    }
    if (cur === null || typeof cur !== "object") continue;
    const holder = cur as Record<string | number, unknown>;
    const last = path[path.length - 1];
    const leaf = holder[last];
    if (leaf === undefined || leaf === null || isSecretWrapper(leaf)) continue;
    holder[last] = secretValue(leaf);
  }
  return root;
}

/** Wrap every string leaf equal to one of `secrets` (defence in depth: no plaintext credential in state). */
export function wrapSecretValues(v: unknown, secrets: readonly string[]): unknown {
  if (!secrets.length) return v;
  const set = new Set(secrets.filter((s) => s.length > 0));
  const walk = (x: unknown): unknown => {
    if (isSecretWrapper(x)) return x;
    if (typeof x === "string" && set.has(x)) return secretValue(x);
    if (Array.isArray(x)) return x.map(walk);
    if (x !== null && typeof x === "object") {
      const out: Record<string, unknown> = {};
      for (const [k, e] of Object.entries(x)) out[k] = walk(e);
      return out;
    }
    return x;
  };
  return walk(v);
}

/** Every string leaf at the given (already unwrapped) paths: the credential values to redact. */
export function stringsAt(v: unknown, paths: readonly PropPath[]): string[] {
  const out: string[] = [];
  const collect = (x: unknown): void => {
    if (typeof x === "string") out.push(x);
    else if (Array.isArray(x)) x.forEach(collect);
    else if (x !== null && typeof x === "object") Object.values(x).forEach(collect);
  };
  for (const path of paths) {
    let cur: unknown = v;
    for (const seg of path) {
      if (cur === null || typeof cur !== "object") {
        cur = undefined;
        break;
      }
      cur = (cur as Record<string | number, unknown>)[seg];
    }
    collect(cur);
  }
  return out;
}

/** Split `__`-prefixed keys (host-internal: `__provider`, `__urn`, `__type`) from the resource's own properties. */
export function splitInternal(obj: Record<string, unknown>): { data: Record<string, unknown>; internal: Record<string, unknown> } {
  const data: Record<string, unknown> = {};
  const internal: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) (k.startsWith("__") ? internal : data)[k] = v;
  return { data, internal };
}

/** JSON round trip: drops undefined members and functions, turns Dates into strings (protobuf Struct safe). */
export function toJsonValue<T>(v: T): T {
  return v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T);
}

const REDACTED = "[redacted]";

/** Replace every occurrence of any secret (min. 4 chars, to avoid mangling text) in `text`. */
export function redact(text: string, secrets: Iterable<string>): string {
  let out = text;
  const list = [...new Set([...secrets].filter((s) => typeof s === "string" && s.length >= 4))].sort((a, b) => b.length - a.length);
  for (const s of list) out = out.split(s).join(REDACTED);
  return out;
}
