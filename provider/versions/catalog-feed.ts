/**
 * @module versions/catalog-feed: map fetched Elastic release data to catalog entries (pure; the CLI does the I/O).
 *
 * Accepted shapes:
 * 1. endoflife-date/release-data `releases/<product>.json` (the source of the bundled data; GA = GitHub release date):
 *    `{"versions": {"9.1.2": {"name": "9.1.2", "date": "2025-08-12"}, ...}}`
 * 2. the endoflife.date API `https://endoflife.date/api/<product>.json`:
 *    `[{"cycle": "8", "releaseDate": "2022-02-10", "latest": "8.19.3", "latestReleaseDate": "2025-08-25"}, ...]`
 *    (only each cycle's latest release, and X.Y.0 when the cycle is a minor line)
 * 3. a catalog file: `[{"version", "date"}]` or `{"releases": [{"version", "date"}]}`
 * Non-GA names (rc/beta/alpha/SNAPSHOT) and anything that is not MAJOR.MINOR.PATCH are dropped.
 */
import { z } from "zod";
import { CatalogEntryInput, CatalogFile } from "./catalog";
import { CatalogFeedError } from "./errors";

export type FeedEntry = CatalogEntryInput;

export const DEFAULT_FEED_URLS = {
  elasticsearch: "https://raw.githubusercontent.com/endoflife-date/release-data/main/releases/elasticsearch.json",
  kibana: "https://raw.githubusercontent.com/endoflife-date/release-data/main/releases/kibana.json",
} as const;

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const GA = /^\d+\.\d+\.\d+$/;

const ReleaseData = z.object({
  versions: z.record(z.string(), z.object({ name: z.string().optional(), date: z.string().nullable().optional() }).loose()),
});
const EolApi = z.array(
  z.object({
    cycle: z.union([z.string(), z.number()]),
    releaseDate: z.string().nullable().optional(),
    latest: z.string().nullable().optional(),
    latestReleaseDate: z.string().nullable().optional(),
  }).loose(),
);

function finish(source: string, raw: { version: string; date: string | null | undefined }[]): FeedEntry[] {
  const byVersion = new Map<string, FeedEntry>();
  for (const r of raw) {
    const v = r.version.trim().replace(/^v/, "");
    if (!GA.test(v) || !r.date || !DAY.test(r.date.slice(0, 10))) continue;
    byVersion.set(v, { version: v, date: r.date.slice(0, 10) });
  }
  const out = [...byVersion.values()].sort((a, b) => {
    const [x, y] = [a.version.split(".").map(Number), b.version.split(".").map(Number)];
    return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
  });
  if (out.length === 0) throw new CatalogFeedError(source, "no GA releases with a YYYY-MM-DD date were found");
  return out;
}

/**
 * @example catalogFromFeed(url, {versions: {"9.6.0": {name: "9.6.0", date: "2026-09-15"}}}) // [{version: "9.6.0", date: "2026-09-15"}]
 * @throws CatalogFeedError when the shape is not recognised or holds no usable entries
 */
export function catalogFromFeed(source: string, json: unknown): FeedEntry[] {
  const rd = ReleaseData.safeParse(json);
  if (rd.success) {
    return finish(source, Object.entries(rd.data.versions).map(([k, v]) => ({ version: v.name ?? k, date: v.date })));
  }
  const file = CatalogFile.safeParse(json);
  if (file.success) return finish(source, Array.isArray(file.data) ? file.data : file.data.releases);
  const api = EolApi.safeParse(json);
  if (api.success) {
    const raw: { version: string; date: string | null | undefined }[] = [];
    for (const c of api.data) {
      if (c.latest) raw.push({ version: c.latest, date: c.latestReleaseDate });
      if (/^\d+\.\d+$/.test(String(c.cycle))) raw.push({ version: `${c.cycle}.0`, date: c.releaseDate });
    }
    return finish(source, raw);
  }
  throw new CatalogFeedError(source, "the response is not a recognised release-data shape");
}
