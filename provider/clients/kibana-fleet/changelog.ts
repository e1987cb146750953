/**
 * @module clients/kibana-fleet/changelog — reads a package's `changelog.yml` (package-spec
 * `spec/integration/changelog.spec.yml`: a list, newest first, of `{version, changes: [{description, type, link}]}`)
 * and selects the entries between the installed and the target version (fleet.md §2.4).
 * The parser is CONSTRUCTED for that one document shape (block sequences of the three keys, plain / single- /
 * double-quoted scalars, plain continuation lines); it is not a general YAML parser.
 */
import * as semver from "semver";
import { z } from "zod";

export const ChangeTypeSchema = z.enum(["breaking-change", "bugfix", "enhancement", "deprecation"]);

export const ChangelogEntrySchema = z.object({
  version: z.string(),
  changes: z.array(z.object({ description: z.string(), type: z.string(), link: z.string().optional() })),
});
export type ChangelogEntry = z.infer<typeof ChangelogEntrySchema>;
export const ChangelogSchema = z.array(ChangelogEntrySchema);

/** The changelog text could not be read as a package-spec changelog. */
export class ChangelogFormatError extends Error {
  constructor(readonly line: number, detail: string) {
    super(`changelog.yml line ${line}: ${detail}. The package's changelog does not follow package-spec; breaking changes cannot be listed for it.`);
    this.name = "ChangelogFormatError";
  }
}

function scalar(raw: string, line: number): string {
  const v = raw.trim();
  if (v.startsWith('"')) {
    try {
      return JSON.parse(v) as string;
    } catch {
      throw new ChangelogFormatError(line, `unterminated or invalid double-quoted value ${v.slice(0, 40)}`);
    }
  }
  if (v.startsWith("'")) {
    if (!v.endsWith("'") || v.length < 2) throw new ChangelogFormatError(line, `unterminated single-quoted value ${v.slice(0, 40)}`);
    return v.slice(1, -1).replace(/''/g, "'");
  }
  return v.replace(/\s+#.*$/, "");
}

/** Parses changelog.yml text into entries (order kept: newest first by convention). */
export function parseChangelog(text: string): ChangelogEntry[] {
  type Draft = { version?: string; changes: Record<string, string>[] };
  const entries: Draft[] = [];
  let change: Record<string, string> | undefined;
  let lastKey: { obj: Record<string, string>; key: string; indent: number } | undefined;
  const lines = text.split(/\r?\n/);
  lines.forEach((rawLine, i) => {
    const n = i + 1;
    if (/^\s*(#.*)?$/.test(rawLine)) return;
    const indent = rawLine.length - rawLine.trimStart().length;
    let line = rawLine.trim();
    const entry = entries[entries.length - 1];
    if (indent === 0 && line.startsWith("- ")) {
      entries.push({ changes: [] });
      change = undefined;
      line = line.slice(2).trim();
    } else if (line.startsWith("- ")) {
      if (!entry) throw new ChangelogFormatError(n, "a change outside any version entry");
      change = {};
      entry.changes.push(change);
      line = line.slice(2).trim();
    }
    const m = /^([A-Za-z_]+):(?:\s+(.*))?$/.exec(line);
    if (!m) {
      // a plain multi-line scalar continues the previous key
      if (lastKey && indent > lastKey.indent && !/^["']/.test(lastKey.obj[lastKey.key])) {
        lastKey.obj[lastKey.key] = `${lastKey.obj[lastKey.key]} ${line}`.trim();
        return;
      }
      throw new ChangelogFormatError(n, `unexpected line ${JSON.stringify(line.slice(0, 60))}`);
    }
    const [, key, value] = m;
    const current = entries[entries.length - 1];
    if (!current) throw new ChangelogFormatError(n, "expected a list of versions");
    if (key === "version") {
      current.version = scalar(value ?? "", n);
      lastKey = undefined;
    } else if (key === "changes") {
      lastKey = undefined;
    } else if (change) {
      change[key] = scalar(value ?? "", n);
      lastKey = { obj: change, key, indent };
    } else {
      throw new ChangelogFormatError(n, `key ${key} outside a change`);
    }
  });
  const parsed = ChangelogSchema.safeParse(entries);
  if (!parsed.success) throw new ChangelogFormatError(0, parsed.error.issues.map((x) => `${x.path.join(".")}: ${x.message}`).join("; "));
  return parsed.data;
}

/** Entries with `from < version <= to` (newest first), each flagged when it has a `breaking-change`. */
export function changesBetween(entries: ChangelogEntry[], from: string, to: string): (ChangelogEntry & { breaking: boolean })[] {
  return entries
    .filter((e) => semver.valid(e.version) && semver.gt(e.version, from) && semver.lte(e.version, to))
    .sort((a, b) => semver.rcompare(a.version, b.version))
    .map((e) => ({ ...e, breaking: e.changes.some((c) => c.type === "breaking-change") }));
}
