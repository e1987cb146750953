// Version helpers shared by the Elastic simulators (kept local to tests/sim: simulators import no provider code).
export type V3 = [number, number, number];

export function parseVersion(v: string): V3 {
  const m = /^(\d+)\.(\d+)\.(\d+)/.exec(v);
  if (!m) throw new Error(`not a version: ${v}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

export function isVersion(v: unknown): v is string {
  return typeof v === "string" && /^\d+\.\d+\.\d+$/.test(v);
}

export function compareVersions(a: string, b: string): number {
  const x = parseVersion(a);
  const y = parseVersion(b);
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i] - y[i];
  return 0;
}

/** `version.minimum_wire_compatibility_version` per line (elastic-api-shapes.md §1 table) */
export function minWireCompat(v: string): string {
  const [maj, min] = parseVersion(v);
  if (maj >= 10) return `${maj - 1}.0.0`; // «synth»: no data for 10.x
  if (maj === 9) return min === 0 ? "8.18.0" : "8.19.0";
  if (maj === 8) return "7.17.0";
  if (maj === 7) return "6.8.0";
  return `${maj - 1}.0.0`;
}

/** `version.minimum_index_compatibility_version` (elastic-api-shapes.md §1 table) */
export function minIndexCompat(v: string): string {
  const [maj] = parseVersion(v);
  if (maj === 7) return "6.0.0-beta1";
  return `${maj - 1}.0.0`;
}

/** Lucene line per major («synth» beyond the rows in elastic-api-shapes.md §1) */
export function luceneVersion(v: string): string {
  const [maj, min] = parseVersion(v);
  if (maj >= 9) return min === 0 ? "10.1.0" : "10.2.2";
  if (maj === 8) return "9.12.0";
  return "8.11.1";
}

/**
 * Kibana's compatibility check (elastic.md §a6, kibana `es_kibana_version_compatability.ts`): an ES node is
 * incompatible if majors differ or ES minor < Kibana minor; exception: ES major = Kibana major + 1 when
 * Kibana is on the last minor of its major (7.17 → 8.x, 8.18/8.19 → 9.x).
 */
export function kibanaCompatible(kibana: string, es: string): boolean {
  const [km, kn] = parseVersion(kibana);
  const [em, en] = parseVersion(es);
  if (em === km) return en >= kn;
  if (em === km + 1) return (km === 7 && kn === 17) || (km === 8 && kn >= 18);
  return false;
}
