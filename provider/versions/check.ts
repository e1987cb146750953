/** @module versions/check: one hop against the rules (`checkHop`). */
import { Catalog, CatalogSource, loadCatalog } from "./catalog";
import { HopContext, Violation, hopLegal, hopViolations } from "./rules";
import { ParsedVersion, Product, assertProduct, compareParsed, parseVersion } from "./version";

export interface RuleOptions {
  /** allow a prerelease target (never a prerelease source) */
  allowPrerelease?: boolean;
  /** opt-in policy: each hop moves at most to the next minor/release line */
  adjacentVersionsOnly?: boolean;
  /** extra or overriding {version, date} entries, inline or as a JSON file path */
  catalog?: CatalogSource;
}

export interface Verdict {
  product: Product;
  from: string;
  to: string;
  allowed: boolean;
  /** same version: allowed, nothing to do */
  noop: boolean;
  violations: Violation[];
}

/** A version resolved against its catalog. */
export interface Resolved {
  readonly parsed: ParsedVersion;
  readonly date: string | undefined;
}

/** Parse and look up a version; fleet packages have no date catalog, so only their format is checked. */
export function resolveVersion(product: Product, catalog: Catalog, input: string): Resolved {
  const known = typeof input === "string" ? catalog.get(input) : undefined;
  if (known) return { parsed: known.parsed, date: known.date }; // already parsed when the catalog was built
  const parsed = parseVersion(product, input);
  if (product === "fleet-package") return { parsed, date: catalog.dateOf(parsed.raw) };
  const e = catalog.require(parsed);
  return { parsed, date: e?.date };
}

export function hopContext(product: Product, catalog: Catalog, from: Resolved, to: Resolved, opts: RuleOptions): HopContext {
  return {
    product, catalog,
    from: from.parsed, to: to.parsed,
    cmp: compareParsed(to.parsed, from.parsed),
    fromDate: from.date, toDate: to.date,
    allowPrerelease: opts.allowPrerelease === true,
    adjacent: opts.adjacentVersionsOnly === true,
  };
}

/** Shared front half of checkHop/findPath: product, catalog and both versions, or a thrown input error. */
export function prepare(product: string, from: string, to: string, opts: RuleOptions) {
  const p = assertProduct(product);
  const catalog = loadCatalog(p, opts.catalog);
  const f = resolveVersion(p, catalog, from);
  const t = resolveVersion(p, catalog, to);
  return { product: p, catalog, from: f, to: t, ctx: hopContext(p, catalog, f, t, opts) };
}

/**
 * Check one hop against every rule of the product.
 * @example checkHop("elasticsearch", "9.0.5", "9.1.0").violations[0].rule === "target_released_after_current"
 * @throws VersionFormatError | UnknownVersionError | CatalogFileError | UnknownProductError on bad input
 */
export function checkHop(product: Product, from: string, to: string, opts: RuleOptions = {}): Verdict {
  const { product: p, ctx } = prepare(product, from, to, opts);
  const violations = hopViolations(ctx);
  return { product: p, from: ctx.from.raw, to: ctx.to.raw, allowed: violations.length === 0, noop: ctx.cmp === 0, violations };
}

/** Legality only (no messages); same answer as `checkHop(...).allowed`. */
export function isHopAllowed(product: Product, from: string, to: string, opts: RuleOptions = {}): boolean {
  return hopLegal(prepare(product, from, to, opts).ctx);
}
