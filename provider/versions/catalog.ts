/** @module versions/catalog: release catalogs (bundled GA dates, user extensions/overrides) per product. */
import * as fs from "fs";
import * as path from "path";
import { z } from "zod";
import elasticData from "./data/elastic-releases.json";
import redisData from "./data/redis-enterprise-versions.json";
import { CatalogFileError, UnknownVersionError } from "./errors";
import { ParsedVersion, Product, compareLines, compareParsed, parseVersion } from "./version";

/** One user-supplied catalog entry. `date` is the GA date (YYYY-MM-DD; Redis data also uses YYYY-MM). */
export const CatalogEntryInput = z.object({
  version: z.string().min(1),
  date: z.string().regex(/^\d{4}-\d{2}(-\d{2})?$/, "date must be YYYY-MM-DD (GA date)"),
});
export type CatalogEntryInput = z.infer<typeof CatalogEntryInput>;

/** A catalog file: a bare array of entries, or an object with `releases` (what `upgrades catalog update` writes). */
export const CatalogFile = z.union([
  z.array(CatalogEntryInput),
  z.object({ releases: z.array(CatalogEntryInput) }).loose(),
]);
export type CatalogFile = z.infer<typeof CatalogFile>;

/** A JSON file path, or inline {version, date} entries; they extend the bundled catalog and override its dates. */
export type CatalogSource = string | CatalogEntryInput[];

export interface CatalogEntry {
  readonly version: string;
  /** GA date; never a git-tag or build date */
  readonly date: string;
  readonly parsed: ParsedVersion;
  /** "bundled" or the user source it came from */
  readonly origin: string;
}

/** An immutable, sorted release catalog for one product. */
export class Catalog {
  readonly entries: readonly CatalogEntry[];
  private readonly byVersion = new Map<string, CatalogEntry>();
  /** distinct GA minor lines, ascending */
  readonly lines: readonly string[];
  private readonly lineIdx = new Map<string, number>();
  /** distinct GA majors, ascending */
  readonly majors: readonly number[];
  /** last GA minor line of each major, e.g. 7 → "7.17" */
  private readonly lastLine = new Map<number, string>();
  private readonly byLine = new Map<string, CatalogEntry[]>();

  constructor(readonly product: Product, entries: CatalogEntry[], readonly key: string) {
    this.entries = [...entries].sort((a, b) => compareParsed(a.parsed, b.parsed));
    for (const e of this.entries) {
      this.byVersion.set(e.version, e);
      const l = this.byLine.get(e.parsed.line);
      if (l) l.push(e);
      else this.byLine.set(e.parsed.line, [e]);
    }
    const lines: string[] = [];
    const majors: number[] = [];
    for (const e of this.entries) {
      if (e.parsed.prerelease) continue;
      if (!lines.includes(e.parsed.line)) lines.push(e.parsed.line);
      if (!majors.includes(e.parsed.major)) majors.push(e.parsed.major);
    }
    lines.sort(compareLines);
    majors.sort((a, b) => a - b);
    this.lines = lines;
    this.majors = majors;
    lines.forEach((l, i) => {
      this.lineIdx.set(l, i);
      this.lastLine.set(Number(l.split(".")[0]), l);
    });
  }

  /** entries of one minor line ("8.19"), ascending */
  inLine(line: string): readonly CatalogEntry[] {
    return this.byLine.get(line) ?? [];
  }
  get(version: string): CatalogEntry | undefined {
    return this.byVersion.get(version);
  }
  dateOf(version: string): string | undefined {
    return this.byVersion.get(version)?.date;
  }
  newest(): CatalogEntry | undefined {
    return this.entries[this.entries.length - 1];
  }
  /** index of a line in `lines`, or -1 */
  lineIndex(line: string): number {
    return this.lineIdx.get(line) ?? -1;
  }
  /** the GA line right after `line` (which need not itself be in the catalog) */
  nextLine(line: string): string | undefined {
    const i = this.lineIdx.get(line);
    if (i !== undefined) return this.lines[i + 1];
    return this.lines.find((l) => compareLines(l, line) > 0);
  }
  /** the next GA major after `major` in this catalog (Elasticsearch went 2 → 5) */
  nextMajor(major: number): number | undefined {
    return this.majors.find((m) => m > major);
  }
  lastLineOf(major: number): string | undefined {
    return this.lastLine.get(major);
  }
  /**
   * The version, checked against the catalog: prereleases may be absent (they carry no GA date),
   * every GA version must be known.
   * @throws UnknownVersionError saying how to add the version
   */
  require(v: ParsedVersion): CatalogEntry | undefined {
    const e = this.byVersion.get(v.raw);
    if (!e && !v.prerelease) throw new UnknownVersionError(this.product, v.raw, this.newest()?.version);
    return e;
  }
}

const ElasticData = z.object({
  releases: z.array(z.object({ version: z.string(), date: z.string() })),
  kibana: z.object({
    elasticsearch_only_versions: z.array(z.string()),
    versions_with_different_dates: z.array(z.object({ version: z.string(), kibana: z.string() })),
  }),
});
const RedisData = z.object({ releases: z.array(z.object({ version: z.string(), date: z.string() })) });

function bundledEntries(product: Product): CatalogEntry[] {
  const mk = (version: string, date: string): CatalogEntry => ({
    version, date, parsed: parseVersion(product, version), origin: "bundled",
  });
  if (product === "elasticsearch" || product === "kibana") {
    const d = ElasticData.parse(elasticData);
    if (product === "elasticsearch") return d.releases.map((r) => mk(r.version, r.date));
    // Kibana: same versions and GA dates as Elasticsearch from 6.8.1 on; older history differs (listed in the data).
    // Kibana-only versions are listed without dates, so they are not in the catalog (add them with `catalog`).
    const esOnly = new Set(d.kibana.elasticsearch_only_versions);
    const kDates = new Map(d.kibana.versions_with_different_dates.map((x) => [x.version, x.kibana]));
    return d.releases.filter((r) => !esOnly.has(r.version)).map((r) => mk(r.version, kDates.get(r.version) ?? r.date));
  }
  if (product === "redis-enterprise") {
    return RedisData.parse(redisData).releases.map((r) => mk(r.version, r.date));
  }
  return []; // fleet-package: no bundled date catalog
}

const cache = new Map<string, Catalog>();
const CACHE_MAX = 32;

function remember(key: string, build: () => Catalog): Catalog {
  const hit = cache.get(key);
  if (hit) return hit;
  const c = build();
  if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value as string);
  cache.set(key, c);
  return c;
}

function readCatalogFile(file: string): { entries: CatalogEntryInput[]; key: string } {
  const abs = path.resolve(file);
  let stat: fs.Stats;
  let text: string;
  try {
    stat = fs.statSync(abs);
    text = fs.readFileSync(abs, "utf8");
  } catch (e) {
    throw new CatalogFileError(file, `cannot read the file (${(e as NodeJS.ErrnoException).code ?? String(e)})`, { cause: e });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new CatalogFileError(file, "is not valid JSON", { cause: e });
  }
  const r = CatalogFile.safeParse(json);
  if (!r.success) throw new CatalogFileError(file, z.prettifyError(r.error).replace(/\n/g, "; "));
  const entries = Array.isArray(r.data) ? r.data : r.data.releases;
  return { entries, key: `file:${abs}:${stat.mtimeMs}:${stat.size}` };
}

/**
 * The catalog for a product: bundled data, extended/overridden by the user's source.
 * @example loadCatalog("elasticsearch", [{ version: "9.6.0", date: "2026-09-15" }]).dateOf("9.6.0")
 * @throws CatalogFileError when the user's source cannot be read or has the wrong shape
 * @throws VersionFormatError when a user entry's version is malformed
 */
export function loadCatalog(product: Product, source?: CatalogSource): Catalog {
  if (source === undefined) return remember(`${product}|bundled`, () => new Catalog(product, bundledEntries(product), `${product}|bundled`));
  let entries: CatalogEntryInput[];
  let key: string;
  let label: string;
  if (typeof source === "string") {
    ({ entries, key } = readCatalogFile(source));
    label = source;
  } else {
    const r = z.array(CatalogEntryInput).safeParse(source);
    if (!r.success) throw new CatalogFileError("(inline entries)", z.prettifyError(r.error).replace(/\n/g, "; "));
    entries = r.data;
    key = `inline:${JSON.stringify(entries)}`;
    label = "catalog input";
  }
  const fullKey = `${product}|${key}`;
  return remember(fullKey, () => {
    const merged = new Map<string, CatalogEntry>();
    for (const e of bundledEntries(product)) merged.set(e.version, e);
    for (const e of entries) {
      const parsed = parseVersion(product, e.version);
      merged.set(parsed.raw, { version: parsed.raw, date: e.date, parsed, origin: label });
    }
    return new Catalog(product, [...merged.values()], fullKey);
  });
}
