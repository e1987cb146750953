// Elasticsearch's error envelope: {"error": {root_cause[], type, reason, …}, "status": N}
// (SPEC `_types/Base.ts` ErrorResponseBase). Also query-parameter validation the way ES's REST layer does it
// ("request [...] contains unrecognized parameter: [...]", 400 illegal_argument_exception).
import type { SimRequest, SimResponse } from "../common/http";

export function esError(status: number, type: string, reason: string, extra: Record<string, unknown> = {}): SimResponse {
  // `caused_by` belongs to the outer error only; root_cause lists the innermost causes
  const { caused_by, ...rest } = extra;
  const cause = { type, reason, ...rest };
  return { status, body: { error: { root_cause: [cause], ...cause, ...(caused_by ? { caused_by } : {}) }, status } };
}

export function unauthorized(reason: string): SimResponse {
  const header = { "WWW-Authenticate": ['Basic realm="security", charset="UTF-8"', 'Bearer realm="security"', "ApiKey"] };
  const r = esError(401, "security_exception", reason, { header });
  r.headers = { "www-authenticate": 'Basic realm="security", charset="UTF-8"' };
  return r;
}

/** parameters every ES REST endpoint accepts */
export const GLOBAL_PARAMS = ["pretty", "human", "error_trace", "filter_path", "source", "source_content_type"];
/** parameters every _cat endpoint accepts */
export const CAT_PARAMS = ["format", "h", "help", "s", "v", "bytes", "time", "local", "master_timeout"];

/** 400 with ES's message for the first unknown query parameter, or undefined */
export function checkParams(req: SimRequest, allowed: string[]): SimResponse | undefined {
  const unknown: string[] = [];
  for (const k of req.query.keys()) {
    if (!GLOBAL_PARAMS.includes(k) && !allowed.includes(k) && !unknown.includes(k)) unknown.push(k);
  }
  if (unknown.length === 0) return undefined;
  const what = unknown.length === 1 ? "parameter" : "parameters";
  return esError(400, "illegal_argument_exception", `request [${req.path}] contains unrecognized ${what}: [${unknown.join("], [")}]`);
}

export function boolParam(req: SimRequest, name: string, dflt = false): boolean | SimResponse {
  const v = req.query.get(name);
  if (v === null) return dflt;
  if (v === "" || v === "true") return true;
  if (v === "false") return false;
  return esError(400, "illegal_argument_exception", `Failed to parse value [${v}] as only [true] or [false] are allowed.`);
}

/** parses an ES time value ("30s", "1m", "500ms", "0s", "-1") into milliseconds */
export function parseTimeValue(v: string, setting: string): number | SimResponse {
  if (v === "-1") return Infinity;
  const m = /^(\d+(?:\.\d+)?)(nanos|micros|ms|s|m|h|d)$/.exec(v.trim());
  if (!m) {
    return esError(
      400,
      "illegal_argument_exception",
      `failed to parse setting [${setting}] with value [${v}] as a time value: unit is missing or unrecognized`,
    );
  }
  const mult: Record<string, number> = { nanos: 1e-6, micros: 1e-3, ms: 1, s: 1000, m: 60000, h: 3600000, d: 86400000 };
  return Number(m[1]) * mult[m[2]];
}

export function isResponse(x: unknown): x is SimResponse {
  return typeof x === "object" && x !== null && "status" in x && typeof (x as SimResponse).status === "number";
}

/** ES `filter_path`: comma-separated dot paths with `*` (one level) and `**` (any depth) wildcards */
export function applyFilterPath(body: unknown, filterPath: string | null): unknown {
  if (!filterPath) return body;
  const patterns = filterPath.split(",").map((p) => p.trim().split("."));
  const walk = (node: unknown, pats: string[][]): unknown => {
    if (pats.some((p) => p.length === 0)) return node;
    if (Array.isArray(node)) {
      const out = node.map((x) => walk(x, pats)).filter((x) => x !== undefined);
      return out.length ? out : undefined;
    }
    if (typeof node !== "object" || node === null) return undefined;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node)) {
      const next: string[][] = [];
      for (const p of pats) {
        const [head, ...rest] = p;
        if (head === "**") {
          next.push(p, rest);
        } else if (head === "*" || head === k || (head.includes("*") && new RegExp(`^${head.split("*").map(esc).join(".*")}$`).test(k))) {
          next.push(rest);
        }
      }
      if (next.length === 0) continue;
      const w = walk(v, next);
      if (w !== undefined) out[k] = w;
    }
    return Object.keys(out).length ? out : undefined;
  };
  return walk(body, patterns) ?? {};
}

function esc(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
