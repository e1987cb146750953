/**
 * @module The KQL subset Fleet callers use on package policies: `field:value` with AND / OR / NOT and
 * parentheses, `*` wildcards in values, field names prefixed with the saved-object type
 * (`ingest-package-policies.` legacy or `fleet-package-policies.` space-aware; fleet.md §1.5).
 * Unknown fields are refused like Kibana's `validateKuery` (message wording CONSTRUCTED).
 */
import type { PackagePolicy } from "./policies";

export class KueryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "KueryError";
  }
}

const PREFIXES = ["ingest-package-policies.", "fleet-package-policies."];
const FIELDS: Record<string, (p: PackagePolicy) => unknown> = {
  "package.name": (p) => p.package.name,
  "package.version": (p) => p.package.version,
  "package.title": (p) => p.package.title,
  name: (p) => p.name,
  namespace: (p) => p.namespace,
  policy_id: (p) => p.policy_id,
  policy_ids: (p) => p.policy_ids,
  is_managed: (p) => p.is_managed ?? false,
  enabled: (p) => p.enabled,
  created_by: (p) => p.created_by,
  updated_by: (p) => p.updated_by,
};

type Node =
  | { kind: "and" | "or"; left: Node; right: Node }
  | { kind: "not"; inner: Node }
  | { kind: "match"; field: string; value: string };

function tokenize(src: string): string[] {
  const tokens: string[] = [];
  let i = 0;
  while (i < src.length) {
    const ch = src[i];
    if (/\s/.test(ch)) {
      i++;
    } else if (ch === "(" || ch === ")" || ch === ":") {
      tokens.push(ch);
      i++;
    } else if (ch === '"') {
      let j = i + 1;
      let s = "";
      while (j < src.length && src[j] !== '"') {
        if (src[j] === "\\" && j + 1 < src.length) j++;
        s += src[j++];
      }
      if (j >= src.length) throw new KueryError(`KQLSyntaxError: unterminated quoted value in ${JSON.stringify(src)}`);
      tokens.push(`"${s}`);
      i = j + 1;
    } else {
      let j = i;
      while (j < src.length && !/[\s():]/.test(src[j])) j++;
      tokens.push(src.slice(i, j));
      i = j;
    }
  }
  return tokens;
}

export function parseKuery(src: string): Node {
  const tokens = tokenize(src);
  let pos = 0;
  const peek = () => tokens[pos];
  const isKw = (t: string | undefined, kw: string) => t !== undefined && t.toUpperCase() === kw;
  const fail = (what: string): never => {
    throw new KueryError(`KQLSyntaxError: expected ${what} but ${peek() === undefined ? "end of input" : JSON.stringify(peek())} found in ${JSON.stringify(src)}`);
  };
  const orExpr = (): Node => {
    let left = andExpr();
    while (isKw(peek(), "OR")) {
      pos++;
      left = { kind: "or", left, right: andExpr() };
    }
    return left;
  };
  const andExpr = (): Node => {
    let left = notExpr();
    while (isKw(peek(), "AND")) {
      pos++;
      left = { kind: "and", left, right: notExpr() };
    }
    return left;
  };
  const notExpr = (): Node => {
    if (isKw(peek(), "NOT")) {
      pos++;
      return { kind: "not", inner: notExpr() };
    }
    if (peek() === "(") {
      pos++;
      const inner = orExpr();
      if (peek() !== ")") fail('")"');
      pos++;
      return inner;
    }
    const field = peek();
    if (field === undefined || field === ")" || field === ":") fail("a field");
    pos++;
    if (peek() !== ":") fail('":"');
    pos++;
    const value = peek();
    if (value === undefined || value === "(" || value === ")" || value === ":") fail("a value");
    pos++;
    return { kind: "match", field: field as string, value: (value as string).startsWith('"') ? (value as string).slice(1) : (value as string) };
  };
  const node = orExpr();
  if (pos !== tokens.length) fail("end of input");
  return node;
}

function fieldOf(raw: string): (p: PackagePolicy) => unknown {
  const prefix = PREFIXES.find((p) => raw.startsWith(p));
  const key = prefix ? raw.slice(prefix.length) : undefined;
  const get = key ? FIELDS[key] : undefined;
  if (!get) throw new KueryError(`This key '${raw}' does not exist in ingest-package-policies saved object index patterns`);
  return get;
}

function matches(actual: unknown, pattern: string): boolean {
  if (Array.isArray(actual)) return actual.some((a) => matches(a, pattern));
  const s = String(actual);
  if (!pattern.includes("*")) return s === pattern;
  const re = new RegExp(`^${pattern.split("*").map((x) => x.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*")}$`);
  return re.test(s);
}

/** Compiles a kuery into a predicate; throws KueryError for syntax errors and unknown fields. */
export function compileKuery(src: string | undefined): (p: PackagePolicy) => boolean {
  if (!src || !src.trim()) return () => true;
  const node = parseKuery(src);
  const build = (n: Node): ((p: PackagePolicy) => boolean) => {
    switch (n.kind) {
      case "and": {
        const l = build(n.left), r = build(n.right);
        return (p) => l(p) && r(p);
      }
      case "or": {
        const l = build(n.left), r = build(n.right);
        return (p) => l(p) || r(p);
      }
      case "not": {
        const i = build(n.inner);
        return (p) => !i(p);
      }
      case "match": {
        const get = fieldOf(n.field);
        return (p) => matches(get(p), n.value);
      }
    }
  };
  return build(node);
}
