// Helpers most handlers use for check() and diff(): zod validation that tolerates preview unknowns, and a
// top-level input diff producing Pulumi's detailedDiff.
import type { z } from "zod";
import type { CheckFailure, CheckResult, DiffResult, PropertyDiffKind } from "./types";
import { containsUnknowns, isUnknown } from "./types";

/** Render a zod issue path as `a.b[2].c`. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = "";
  for (const seg of path) {
    if (typeof seg === "number") out += `[${seg}]`;
    else out += out === "" ? String(seg) : `.${String(seg)}`;
  }
  return out;
}

function valueAt(root: unknown, path: ReadonlyArray<PropertyKey>): { value: unknown; unknownOnPath: boolean } {
  let cur: unknown = root;
  for (const seg of path) {
    if (isUnknown(cur)) return { value: cur, unknownOnPath: true };
    if (cur === null || typeof cur !== "object") return { value: undefined, unknownOnPath: false };
    cur = (cur as Record<PropertyKey, unknown>)[seg as string];
  }
  return { value: cur, unknownOnPath: isUnknown(cur) };
}

/**
 * Validate `news` with the input schema. Issues located at (or under) a value unknown during preview are ignored;
 * in that case the inputs are returned as given (still containing UNKNOWN), so later calls must tolerate it.
 */
export function validateInputs<I>(schema: z.ZodType<I>, news: unknown): CheckResult<I> {
  const r = schema.safeParse(news);
  if (r.success) return { inputs: r.data, failures: [] };
  const failures: CheckFailure[] = [];
  for (const issue of r.error.issues) {
    if (valueAt(news, issue.path).unknownOnPath) continue;
    failures.push({ property: formatPath(issue.path), reason: issue.message });
  }
  if (failures.length) return { failures };
  return { inputs: news as I, failures: [] };
}

function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(",")}]`;
  if (v !== null && typeof v === "object") {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson(o[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(v) ?? "undefined";
}

/** Deep equality of JSON values (key order ignored, undefined members ignored). */
export const jsonEqual = (a: unknown, b: unknown): boolean => stableJson(a) === stableJson(b);

/**
 * Diff the top-level `keys` of old state against new inputs. A key whose new value is (or contains) UNKNOWN counts as
 * changed. Keys listed in `replaceKeys` produce replacements.
 */
export function diffInputs(
  olds: Record<string, unknown>,
  news: Record<string, unknown>,
  keys: readonly string[],
  replaceKeys: readonly string[] = [],
): DiffResult {
  const detailedDiff: DiffResult["detailedDiff"] = {};
  const replaces: string[] = [];
  for (const k of keys) {
    const o = olds[k];
    const n = news[k];
    const had = o !== undefined && o !== null;
    const has = n !== undefined && n !== null;
    if (!had && !has) continue;
    if (had && has && !containsUnknowns(n) && jsonEqual(o, n)) continue;
    const replace = replaceKeys.includes(k);
    let kind: PropertyDiffKind = !had ? "add" : !has ? "delete" : "update";
    if (replace) {
      kind = `${kind}-replace` as PropertyDiffKind;
      replaces.push(k);
    }
    detailedDiff[k] = { kind, inputDiff: true };
  }
  const changed = Object.keys(detailedDiff);
  return {
    changes: changed.length > 0,
    replaces,
    detailedDiff,
    stables: keys.filter((k) => !changed.includes(k)),
  };
}
