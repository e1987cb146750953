/**
 * @module clients/elasticsearch/deprecations — flattens a `GET /_migration/deprecations` answer into one list
 * of findings, so the pre-flight gate can count and name the `critical` ones (reference/elastic.md §b5).
 */
import type { Deprecation, Deprecations } from "./schemas";

export type DeprecationSection = "cluster_settings" | "node_settings" | "ml_settings" | "index_settings" | "data_streams" | "templates" | "ilm_policies";

export interface DeprecationFinding {
  section: DeprecationSection;
  /** the index, data stream, template or ILM policy the finding is about (keyed sections only) */
  resource?: string;
  level: Deprecation["level"];
  message: string;
  url?: string;
  details?: string;
  resolveDuringRollingUpgrade?: boolean;
}

const LISTS = ["cluster_settings", "node_settings", "ml_settings"] as const;
const KEYED = ["index_settings", "data_streams", "templates", "ilm_policies"] as const;

/** Every finding, in section order (lists first, then keyed sections by resource name). */
export function flattenDeprecations(d: Deprecations): DeprecationFinding[] {
  const out: DeprecationFinding[] = [];
  const push = (section: DeprecationSection, item: Deprecation, resource?: string) =>
    out.push({
      section,
      ...(resource !== undefined ? { resource } : {}),
      level: item.level,
      message: item.message,
      ...(item.url ? { url: item.url } : {}),
      ...(item.details ? { details: item.details } : {}),
      ...(item.resolve_during_rolling_upgrade !== undefined ? { resolveDuringRollingUpgrade: item.resolve_during_rolling_upgrade } : {}),
    });
  for (const s of LISTS) for (const item of d[s] ?? []) push(s, item);
  for (const s of KEYED) {
    const byName = d[s] ?? {};
    for (const name of Object.keys(byName).sort()) for (const item of byName[name]) push(s, item, name);
  }
  return out;
}

/** Counts per level (`critical` blocks a major upgrade; `warning` is upgradable but deprecated). */
export function countDeprecations(d: Deprecations): Record<Deprecation["level"], number> {
  const counts = { none: 0, info: 0, warning: 0, critical: 0 };
  for (const f of flattenDeprecations(d)) counts[f.level]++;
  return counts;
}
