/** @module versions/errors: one class per kind of failure; each message names the input and what to do next. */

/** A version string that does not fit the product's version grammar. */
export class VersionFormatError extends Error {
  override name = "VersionFormatError";
  constructor(
    readonly product: string,
    readonly input: string,
    readonly expected: string,
  ) {
    super(`${product} version ${JSON.stringify(input)} is malformed: expected ${expected}`);
  }
}

/** A well-formed version that no catalog (bundled or user-supplied) knows. */
export class UnknownVersionError extends Error {
  override name = "UnknownVersionError";
  constructor(
    readonly product: string,
    readonly version: string,
    readonly newest: string | undefined,
  ) {
    super(
      `${product} ${version} is not in the release catalog` +
        (newest ? ` (bundled data ends at ${newest})` : "") +
        `. If it is a real release, add it with its GA date: the \`catalog\` input ` +
        `[{"version":"${version}","date":"YYYY-MM-DD"}], or \`--catalog FILE\` with a JSON file of that shape ` +
        `(\`upgrades catalog update --out FILE\` writes one from current Elastic release data).`,
    );
  }
}

/** A user catalog (file or inline entries) that cannot be read or does not have the expected shape. */
export class CatalogFileError extends Error {
  override name = "CatalogFileError";
  constructor(
    readonly source: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(
      `catalog ${source}: ${reason}. Expected a JSON array of {"version":"X.Y.Z","date":"YYYY-MM-DD"} ` +
        `or an object {"releases":[...same entries...]}.`,
      options,
    );
  }
}

/** A product name outside the supported set (only reachable from untyped callers). */
export class UnknownProductError extends Error {
  override name = "UnknownProductError";
  constructor(readonly product: string, readonly known: readonly string[]) {
    super(`unknown product ${JSON.stringify(product)}: use one of ${known.join(", ")}`);
  }
}

/** Release data fetched for `upgrades catalog update` that has no usable {version, date} entries. */
export class CatalogFeedError extends Error {
  override name = "CatalogFeedError";
  constructor(readonly source: string, readonly reason: string) {
    super(
      `${source}: ${reason}. Expected endoflife release-data ({"versions":{"9.1.2":{"name":"9.1.2","date":"2025-08-12"}}}), ` +
        `the endoflife.date API ([{"cycle","latest","latestReleaseDate"}]) or [{"version","date"}].`,
    );
  }
}
