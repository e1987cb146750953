/**
 * @module versions/rules: the upgrade rules as a flat list of named values. A "no" is a value (a Violation
 * with the rule name, a message and what to do); only malformed or unknown input throws.
 */
import { Catalog } from "./catalog";
import { redisColumnFor, redisHopSupported, redisRowOf } from "./redis-matrix";
import { ParsedVersion, Product, compareParsed } from "./version";

export const RULE_NAMES = [
  "no_prerelease_source",
  "no_prerelease_target",
  "no_downgrade",
  "target_released_after_current",
  "major_upgrade_from_bridge_minor",
  "adjacent_versions_only",
  "redis_supported_path",
] as const;
export type RuleName = (typeof RULE_NAMES)[number];

export interface Violation {
  rule: RuleName;
  message: string;
  /** what to do instead */
  fix: string;
}

/** Everything a rule may look at for one hop. `cmp` = compare(to, from) (> 0 for an upgrade). */
export interface HopContext {
  readonly product: Product;
  readonly from: ParsedVersion;
  readonly to: ParsedVersion;
  readonly cmp: number;
  readonly fromDate: string | undefined;
  readonly toDate: string | undefined;
  readonly catalog: Catalog;
  readonly allowPrerelease: boolean;
  readonly adjacent: boolean;
}

export interface UpgradeRule {
  readonly name: RuleName;
  readonly products: readonly Product[];
  /** what it refuses, one line (docs/rules.md) */
  readonly refuses: string;
  readonly source: string;
  /** true when the hop breaks this rule; cheap, used to build the path index */
  violates(ctx: HopContext): boolean;
  explain(ctx: HopContext): { message: string; fix: string };
}

const ELASTIC: readonly Product[] = ["elasticsearch", "kibana"];
const ALL: readonly Product[] = ["elasticsearch", "kibana", "redis-enterprise", "fleet-package"];
const label = (ctx: HopContext) => (ctx.product === "fleet-package" ? "package" : ctx.product);

/**
 * The bridge minor a major upgrade must start from (elastic.md §a1). 6.x → 7.x from 6.8; 7.x → 8.x from 7.17;
 * → 9.0.x from 8.18; → 9.1+ from 8.19. Later majors: the last minor of the previous major in the catalog
 * [inferred: Elastic's "major upgrades from the latest minor of the previous major"].
 */
export function bridgeLine(catalog: Catalog, toMajor: number, toMinor: number, fromMajor: number): string | undefined {
  if (toMajor === 7) return "6.8";
  if (toMajor === 8) return "7.17";
  if (toMajor === 9) return toMinor === 0 ? "8.18" : "8.19";
  return catalog.lastLineOf(fromMajor);
}

function nextMajorOf(ctx: HopContext): number {
  return ctx.catalog.nextMajor(ctx.from.major) ?? ctx.from.major + 1;
}

/** Lines a hop from `from` may move to under the adjacent policy: its own and the next one. */
function adjacentLines(ctx: HopContext): string[] {
  const next = ctx.catalog.nextLine(ctx.from.line);
  if (next) return [ctx.from.line, next];
  // no catalog line above (fleet packages, or a line newer than the catalog): the numeric successors
  return [ctx.from.line, `${ctx.from.major}.${ctx.from.minor + 1}`, `${ctx.from.major + 1}.0`];
}

/**
 * Elastic major hops may land on any minor of the next major: the bridge-minor and release-date rules already
 * pin them down, and often make the first minor unreachable (7.17.29 → 8.0.x, 6.8 → 7.0.x, 8.19 → 9.0.x are
 * refused) [inferred: the DC/OS "2→3, then 3→4" rule is about majors].
 */
function adjacentAllows(ctx: HopContext): boolean {
  if (adjacentLines(ctx).includes(ctx.to.line)) return true;
  return ELASTIC.includes(ctx.product) && ctx.to.major > ctx.from.major && ctx.to.major === nextMajorOf(ctx);
}

/** The first release of the target's minor, later than the target, that the date rule would allow. */
function firstAllowedInLine(ctx: HopContext): { version: string; date: string } | undefined {
  for (const e of ctx.catalog.inLine(ctx.to.line)) {
    if (e.parsed.prerelease) continue;
    if (compareParsed(e.parsed, ctx.to) <= 0 || compareParsed(e.parsed, ctx.from) <= 0) continue;
    if (ctx.fromDate !== undefined && e.date >= ctx.fromDate) return { version: e.version, date: e.date };
  }
  return undefined;
}

export const upgradeRules: readonly UpgradeRule[] = [
  {
    // Elastic: "Upgrading from a release candidate build, such as 9.0.0-rc1, is unsupported" (elastic.md §a4).
    name: "no_prerelease_source",
    products: ALL,
    refuses: "any hop starting from a prerelease (-rcN, -betaN, -alphaN, -SNAPSHOT, -preview…)",
    source: "elastic.md §a4 (docs-content deploy-manage/upgrade/deployment-or-cluster.md)",
    violates: (ctx) => ctx.from.prerelease,
    explain: (ctx) => ({
      message: `${ctx.from.raw} is a prerelease; upgrading from a prerelease is unsupported`,
      fix: `prereleases are for temporary test environments: build a new ${label(ctx)} on a GA release (restore data from a snapshot) instead of upgrading this one`,
    }),
  },
  {
    name: "no_prerelease_target",
    products: ALL,
    refuses: "a prerelease target, unless explicitly allowed",
    source: "elastic.md §a4 (ECH only supports upgrades to released versions); fleet.md prerelease opt-in",
    violates: (ctx) => ctx.to.prerelease && !ctx.allowPrerelease,
    explain: (ctx) => ({
      message: `${ctx.to.raw} is a prerelease and prereleases are not allowed as targets`,
      fix: `choose a GA release, or opt in with allowPrerelease (CLI: --allow-prerelease) for a throw-away test environment`,
    }),
  },
  {
    // Elastic §a5: "you cannot downgrade any of its nodes"; ECK noDowngrades. Same version is a no-op, handled before rules.
    name: "no_downgrade",
    products: ALL,
    refuses: "a target lower than the current version (the same version is a no-op)",
    source: "elastic.md §a5; redis.md §1a (– cells); Fleet installs only newer packages",
    violates: (ctx) => ctx.cmp < 0,
    explain: (ctx) => ({
      message: `${ctx.to.raw} is lower than the current ${ctx.from.raw}; downgrades are not supported`,
      fix:
        ctx.product === "fleet-package"
          ? `keep ${ctx.from.raw} or pick a newer version; to go back, uninstall and reinstall the older package deliberately`
          : `keep ${ctx.from.raw} (or pick a newer target); going back means restoring a snapshot taken before the upgrade`,
    }),
  },
  {
    // Elastic's out-of-order rule (elastic.md §a2): current must have a lower number AND a GA date on or before
    // the target's. Same GA day is allowed [inferred from the documented 8.18.0→9.0.0 and 6.8.0→7.1.0 paths].
    name: "target_released_after_current",
    products: ELASTIC,
    refuses: "a target whose GA date is earlier than the current version's (same day allowed)",
    source: "elastic.md §a2 (docs-content deploy-manage/upgrade/deployment-or-cluster.md; kibana#221344)",
    violates: (ctx) => ctx.cmp > 0 && ctx.fromDate !== undefined && ctx.toDate !== undefined && ctx.fromDate > ctx.toDate,
    explain: (ctx) => {
      const first = firstAllowedInLine(ctx);
      return {
        message:
          `${ctx.to.raw} (GA ${ctx.toDate}) was released before ${ctx.from.raw} (GA ${ctx.fromDate}); ` +
          `Elastic only supports upgrading to a release published on or after the current one` +
          (first ? `; the first later ${ctx.to.line} release that is allowed is ${first.version} (GA ${first.date})` : ""),
        fix: first
          ? `target ${first.version} or later instead of ${ctx.to.raw}`
          : `wait for a ${ctx.to.line} release published on or after ${ctx.fromDate}, then add it to the catalog (catalog input / --catalog FILE) if it is newer than the bundled data`,
      };
    },
  },
  {
    // elastic.md §a1: 6.x→7.x from 6.8 only (never to 7.0.x: 7.0.0 predates 6.8.0); 7.x→8.x from 7.17;
    // →9.0.x from 8.18.x; →9.1+ from 8.19.x (8.19→9.0 refused, elasticsearch#123627); no major may be skipped.
    name: "major_upgrade_from_bridge_minor",
    products: ELASTIC,
    refuses: "a major upgrade not started from the bridge minor (6.8→7.1+, 7.17→8.x, 8.18→9.0.x, 8.19→9.1+), or one that skips a major",
    source: "elastic.md §a1 (docs-content deploy-manage/upgrade.md; ES 7.17 setup-upgrade; elasticsearch#123627)",
    violates: (ctx) => {
      if (ctx.cmp <= 0 || ctx.to.major <= ctx.from.major) return false;
      if (ctx.to.major > nextMajorOf(ctx)) return true;
      if (ctx.to.major === 7 && ctx.to.minor === 0) return true;
      return ctx.from.line !== bridgeLine(ctx.catalog, ctx.to.major, ctx.to.minor, ctx.from.major);
    },
    explain: (ctx) => {
      const { from, to } = ctx;
      const next = nextMajorOf(ctx);
      if (to.major > next) {
        const bridge = bridgeLine(ctx.catalog, next, 1, from.major) ?? `${from.major}.x`;
        return {
          message: `${from.raw} → ${to.raw} skips major ${next}; every major must be upgraded to in turn`,
          fix: `upgrade to the newest ${bridge} patch, then to ${next}.x, then on towards ${to.raw} (\`upgrades path\` lists the hops)`,
        };
      }
      if (to.major === 7 && to.minor === 0) {
        return {
          message: `${to.raw}: 7.0.x cannot be reached from 6.x (the 6.8 → 7.0 path is not supported; 7.0.0 was released before 6.8.0)`,
          fix: `target 7.1.0 or later, from the newest 6.8 patch`,
        };
      }
      const bridge = bridgeLine(ctx.catalog, to.major, to.minor, from.major) ?? `${from.major}.x`;
      if (from.line === "8.19" && to.major === 9 && to.minor === 0) {
        return {
          message: `${from.raw} → ${to.raw}: 9.0.x is only reachable from 8.18.x; from 8.19.x the next major must be 9.1 or later`,
          fix: `target 9.1.0 or later instead of ${to.raw}`,
        };
      }
      return {
        message: `${from.raw} → ${to.raw} crosses into major ${to.major}, which is only supported from the ${bridge} bridge minor`,
        fix: `upgrade to the newest ${bridge} patch first (released on or before ${to.raw}), then to ${to.raw}`,
      };
    },
  },
  {
    // Opt-in policy (the DC/OS rule "to go from 2 to 4 you upgrade 2→3, then 3→4"): each hop stays on its line
    // or moves to the next one (next minor line for Elastic, next release line for Redis, next minor for packages).
    name: "adjacent_versions_only",
    products: ALL,
    refuses: "(opt-in) a hop that moves further than the next minor line (Redis: release line; Elastic major hops: into the next major)",
    source: "issue #2 policy (DC/OS upgrade guidance); opt-in via adjacentVersionsOnly / --adjacent",
    violates: (ctx) => ctx.adjacent && ctx.cmp > 0 && !adjacentAllows(ctx),
    explain: (ctx) => {
      const next = adjacentLines(ctx)[1];
      const major = ELASTIC.includes(ctx.product) ? ` or, from the bridge minor, into major ${nextMajorOf(ctx)}` : "";
      return {
        message: `${ctx.from.raw} → ${ctx.to.raw} skips lines; with adjacent versions only, a hop may go no further than the next line (${next}.x)${major}`,
        fix: `upgrade to the newest ${next} release first, or drop the adjacent-versions policy for this upgrade`,
      };
    },
  },
  {
    // redis.md §1a: the matrix (rs-upgrade-paths.md @ c6671f2c4) at its own granularity; older targets use the
    // 2024-11 matrix and release-note minimums (data/redis-older-paths.json).
    name: "redis_supported_path",
    products: ["redis-enterprise"],
    refuses: "a hop outside the Redis Enterprise supported-upgrade matrix (rows 6.2.4/6.2.8 vs 6.2.10+, columns 8.0.2–8.0.10 vs 8.0.16–8.0.20)",
    source: "redis.md §1a (redis/docs content/embeds/rs-upgrade-paths.md @ c6671f2c4)",
    violates: (ctx) => ctx.cmp > 0 && !redisHopSupported(ctx.from, ctx.to),
    explain: (ctx) => {
      const col = redisColumnFor(ctx.to);
      const row = redisRowOf(ctx.from);
      if (!col) {
        return {
          message: `${ctx.to.raw}: no supported-path rule covers the ${ctx.to.line} line`,
          fix: `check the release notes of ${ctx.to.raw} for the versions it can be upgraded from`,
        };
      }
      let via: string | undefined;
      for (let i = ctx.catalog.entries.length - 1; i >= 0; i--) {
        const v = ctx.catalog.entries[i].parsed;
        if (v.prerelease || v.build < 0 || compareParsed(v, ctx.to) >= 0 || compareParsed(v, ctx.from) <= 0) continue;
        if (redisHopSupported(ctx.from, v) && redisHopSupported(v, ctx.to)) {
          via = v.raw;
          break;
        }
      }
      return {
        message: `${ctx.from.raw} (row ${row}) → ${ctx.to.raw} (column ${col.label}) is not a supported direct upgrade in the ${col.source}`,
        fix: via
          ? `upgrade to ${via} first, then to ${ctx.to.raw}`
          : `no single intermediate version works; run \`upgrades path redis-enterprise ${ctx.from.raw} ${ctx.to.raw}\``,
      };
    },
  },
];

const RULES_BY_PRODUCT = new Map<Product, UpgradeRule[]>(
  ALL.map((p) => [p, upgradeRules.filter((r) => r.products.includes(p))]),
);

export function rulesFor(product: Product): readonly UpgradeRule[] {
  return RULES_BY_PRODUCT.get(product) ?? [];
}

/** Fast legality test (no messages). A same-version hop is legal (a no-op). */
export function hopLegal(ctx: HopContext): boolean {
  if (ctx.cmp === 0) return true;
  for (const r of rulesFor(ctx.product)) if (r.violates(ctx)) return false;
  return true;
}

/** Every violated rule, in list order, with message and fix. */
export function hopViolations(ctx: HopContext): Violation[] {
  if (ctx.cmp === 0) return [];
  const out: Violation[] = [];
  for (const r of rulesFor(ctx.product)) if (r.violates(ctx)) out.push({ rule: r.name, ...r.explain(ctx) });
  return out;
}
