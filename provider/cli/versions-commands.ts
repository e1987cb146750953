/** @module cli/versions-commands: `upgrades check`, `upgrades path`, `upgrades catalog update`. */
import * as fs from "fs";
import { request } from "undici";
import { CliCommand, CliIO, UsageError } from "./command";
import {
  CatalogFeedError, CatalogFileError, DEFAULT_FEED_URLS, Product, RuleOptions, UnknownProductError,
  UnknownVersionError, VersionFormatError, Violation, catalogFromFeed, checkHop, findPath, isProduct, loadCatalog,
} from "../versions";

const CLI_PRODUCTS = ["elasticsearch", "kibana", "redis-enterprise"] as const;

interface Parsed {
  positional: string[];
  flags: Set<string>;
  values: Map<string, string>;
}

/** Minimal strict argv parser: unknown options are usage errors. */
function parseArgs(args: string[], flags: string[], valued: string[]): Parsed {
  const out: Parsed = { positional: [], flags: new Set(), values: new Map() };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (!a.startsWith("--")) {
      out.positional.push(a);
      continue;
    }
    const eq = a.indexOf("=");
    const name = eq > 0 ? a.slice(0, eq) : a;
    if (flags.includes(name) && eq < 0) out.flags.add(name);
    else if (valued.includes(name)) {
      const v = eq > 0 ? a.slice(eq + 1) : args[++i];
      if (v === undefined || v === "") throw new UsageError(`${name} needs a value`);
      out.values.set(name, v);
    } else throw new UsageError(`unknown option ${a}`);
  }
  return out;
}

const HOP_FLAGS = ["--json", "--adjacent", "--allow-prerelease"];

function hopArgs(args: string[], cmd: string): { product: Product; from: string; to: string; json: boolean; opts: RuleOptions } {
  const p = parseArgs(args, HOP_FLAGS, ["--catalog"]);
  if (p.positional.length !== 3) {
    throw new UsageError(`expected <product> <from> <to>, got ${p.positional.length} argument(s)\n\n${usageOf(cmd)}`);
  }
  const [product, from, to] = p.positional;
  if (!isProduct(product) || product === "fleet-package") {
    throw new UsageError(`unknown product ${JSON.stringify(product)}: use one of ${CLI_PRODUCTS.join(", ")}`);
  }
  const opts: RuleOptions = {
    adjacentVersionsOnly: p.flags.has("--adjacent"),
    allowPrerelease: p.flags.has("--allow-prerelease"),
    catalog: p.values.get("--catalog"),
  };
  return { product, from, to, json: p.flags.has("--json"), opts };
}

/** Input errors from the versions module become usage errors (exit 2, message only, no stack). */
function asUsage<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (
      e instanceof VersionFormatError || e instanceof UnknownVersionError ||
      e instanceof CatalogFileError || e instanceof UnknownProductError
    ) {
      throw new UsageError(e.message);
    }
    throw e;
  }
}

function printViolations(io: CliIO, vs: Violation[]): void {
  for (const v of vs) {
    io.out(`  ✗ ${v.rule}: ${v.message}`);
    io.out(`    fix: ${v.fix}`);
  }
}

const slim = (vs: Violation[]) => vs.map((v) => ({ rule: v.rule, message: v.message }));

const CHECK_USAGE = `usage: upgrades check <product> <from> <to> [--json] [--adjacent] [--allow-prerelease] [--catalog FILE]

Checks one version hop against the upgrade rules.
  product             ${CLI_PRODUCTS.join(" | ")}
  --json              print {"product","from","to","allowed","violations":[{"rule","message"}]}
  --adjacent          each hop may only move to the next minor/release line
  --allow-prerelease  allow a prerelease target (never a prerelease source)
  --catalog FILE      extra/overriding releases: JSON [{"version","date"}] or {"releases":[...]}
Exit: 0 allowed, 3 refused, 2 bad usage or input.`;

const PATH_USAGE = `usage: upgrades path <product> <from> <to> [--json] [--adjacent] [--allow-prerelease] [--catalog FILE]

Finds the shortest sequence of legal hops from <from> to <to>.
  --json   print {"product","from","to","path":[...]|null,"hops":[{"from","to","reason"}],"violations":[{"rule","message"}]}
  (other options as for \`upgrades check\`)
Exit: 0 path found, 3 no path, 2 bad usage or input.`;

const CATALOG_USAGE = `usage: upgrades catalog update --out FILE [--url URL] [--product elasticsearch|kibana]

Fetches current Elastic release data (GA dates) and writes a catalog file for --catalog / the catalog input.
  --url URL   default: ${DEFAULT_FEED_URLS.elasticsearch}
              (kibana: ${DEFAULT_FEED_URLS.kibana}); also accepts the endoflife.date API
              (https://endoflife.date/api/elasticsearch.json) or any [{"version","date"}] JSON
Exit: 0 written, 1 fetch/parse/write failed (nothing else changes), 2 bad usage.`;

function usageOf(cmd: string): string {
  return cmd === "check" ? CHECK_USAGE : PATH_USAGE;
}

const check: CliCommand = {
  name: "check",
  summary: "check one version hop against the upgrade rules",
  usage: CHECK_USAGE,
  async run(args, io) {
    const a = hopArgs(args, "check");
    const v = asUsage(() => checkHop(a.product, a.from, a.to, a.opts));
    if (a.json) {
      io.out(JSON.stringify({ product: v.product, from: v.from, to: v.to, allowed: v.allowed, violations: slim(v.violations) }));
    } else if (v.noop) {
      io.out(`no-op: ${v.product} is already on ${v.from}`);
    } else if (v.allowed) {
      io.out(`allowed: ${v.product} ${v.from} → ${v.to}`);
    } else {
      io.out(`refused: ${v.product} ${v.from} → ${v.to}`);
      printViolations(io, v.violations);
    }
    return v.allowed ? 0 : 3;
  },
};

const path: CliCommand = {
  name: "path",
  summary: "shortest sequence of legal upgrade hops between two versions",
  usage: PATH_USAGE,
  async run(args, io) {
    const a = hopArgs(args, "path");
    const r = asUsage(() => findPath(a.product, a.from, a.to, a.opts));
    if (a.json) {
      io.out(JSON.stringify({ product: r.product, from: r.from, to: r.to, path: r.path, hops: r.hops, violations: slim(r.violations) }));
    } else if (r.path === null) {
      io.out(`no path: ${r.product} ${r.from} → ${r.to}`);
      printViolations(io, r.violations);
    } else if (r.hops.length === 0) {
      io.out(`no-op: ${r.product} is already on ${r.from}`);
    } else {
      io.out(`${r.product}: ${r.path.join(" → ")} (${r.hops.length} hop${r.hops.length === 1 ? "" : "s"})`);
      r.hops.forEach((h, i) => io.out(`  ${i + 1}. ${h.from} → ${h.to}: ${h.reason}`));
    }
    return r.path === null ? 3 : 0;
  },
};

/** Fetch failures (offline, refused, HTTP error, bad body): exit 1 with a message, nothing written. */
export class CatalogFetchError extends Error {
  override name = "CatalogFetchError";
}

async function fetchJson(url: string): Promise<unknown> {
  let res;
  try {
    res = await request(url, { method: "GET", headersTimeout: 15_000, bodyTimeout: 30_000, headers: { accept: "application/json" } });
  } catch (e) {
    const err = e as { code?: string; cause?: { code?: string }; message?: string };
    const code = err.code ?? err.cause?.code ?? err.message ?? String(e);
    throw new CatalogFetchError(
      `could not reach ${url} (${code}); are you offline? Nothing was written and the bundled catalog still applies. ` +
        `Retry when online, or pass --url pointing at a reachable copy of the release data.`,
    );
  }
  const body = await res.body.text();
  if (res.statusCode < 200 || res.statusCode >= 300) {
    throw new CatalogFetchError(`${url} answered HTTP ${res.statusCode}; nothing was written. Check --url.`);
  }
  try {
    return JSON.parse(body);
  } catch {
    throw new CatalogFetchError(`${url} did not return JSON; nothing was written. Check --url.`);
  }
}

const catalog: CliCommand = {
  name: "catalog",
  summary: "catalog update --out FILE: fetch newer Elastic release dates into a catalog file",
  usage: CATALOG_USAGE,
  async run(args, io) {
    const p = parseArgs(args, [], ["--out", "--url", "--product"]);
    if (p.positional[0] !== "update" || p.positional.length !== 1) {
      throw new UsageError(`expected the sub-command "update"\n\n${CATALOG_USAGE}`);
    }
    const out = p.values.get("--out");
    if (!out) throw new UsageError(`--out FILE is required\n\n${CATALOG_USAGE}`);
    const product = p.values.get("--product") ?? "elasticsearch";
    if (product !== "elasticsearch" && product !== "kibana") {
      throw new UsageError(`--product must be elasticsearch or kibana, got ${JSON.stringify(product)}`);
    }
    const url = p.values.get("--url") ?? DEFAULT_FEED_URLS[product];
    if (!/^https?:\/\//.test(url)) throw new UsageError(`--url must be an http(s) URL, got ${JSON.stringify(url)}`);
    try {
      const entries = catalogFromFeed(url, await fetchJson(url));
      const bundled = loadCatalog(product);
      const added = entries.filter((e) => !bundled.get(e.version));
      const doc = { source: url, product, fetched_at: new Date().toISOString(), releases: entries };
      fs.writeFileSync(out, JSON.stringify(doc, null, 2) + "\n");
      const newest = entries[entries.length - 1];
      io.out(
        `wrote ${entries.length} ${product} releases to ${out} (${added.length} not in the bundled catalog; newest ${newest.version}, GA ${newest.date}). ` +
          `Use it with --catalog ${out} or the catalog input.`,
      );
      return 0;
    } catch (e) {
      if (e instanceof CatalogFetchError || e instanceof CatalogFeedError) {
        io.err(`upgrades catalog: ${e.message}`);
        return 1;
      }
      if ((e as NodeJS.ErrnoException).code && (e as NodeJS.ErrnoException).syscall) {
        io.err(`upgrades catalog: cannot write ${out} (${(e as NodeJS.ErrnoException).code}); nothing was written.`);
        return 1;
      }
      throw e;
    }
  },
};

export const versionCommands: CliCommand[] = [check, path, catalog];
