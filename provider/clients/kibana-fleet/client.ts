/**
 * @module clients/kibana-fleet/client — typed client of the Kibana Fleet API on the shared http layer: package
 * info (installed or any version, without installing), install a version (force), package settings
 * (keepPoliciesUpToDate), package policies by kuery (all pages), the upgrade dry run, and the upgrade of ONE
 * policy per call (Fleet's bulk call is not atomic and hides partial success, fleet.md §0.5). Every request is
 * space-scoped (`/s/{space}/api/fleet/…`) and every write carries `kbn-xsrf`.
 *
 * @example
 * const fleet = createKibanaFleetClient({ url: "https://kibana:5601", apiKey, spaceId: "ops" });
 * const info = await fleet.getPackageInfo("nginx", "1.20.0");
 * const policies = await fleet.listPoliciesOfPackage("nginx");
 * await fleet.installPackage("nginx", "1.20.0", { force: info.item.latestVersion !== "1.20.0" });
 */
import { z } from "zod";
import { ClientError, ResponseShapeError } from "../errors";
import { createHttpClient, HttpClient, HttpMethod, QueryParams, seg, ConnectionOptions, connectionOptions } from "../http";
import { ChangelogEntry, parseChangelog } from "./changelog";
import {
  FleetApiError,
  PackageNotFoundInRegistryError,
  PackageNotInstalledError,
  PackageOutOfDateError,
  PolicyUpgradeError,
  RegistryUnavailableError,
} from "./errors";
import {
  DryRunItem,
  DryRunResponseSchema,
  FleetErrorBodySchema,
  FleetSettingsResponse,
  FleetSettingsResponseSchema,
  GetPackageInfoResponse,
  GetPackageInfoResponseSchema,
  InstallPackageResponse,
  InstallPackageResponseSchema,
  ListPackagePoliciesResponse,
  ListPackagePoliciesResponseSchema,
  PackagePolicy,
  UpdatePackageSettingsResponse,
  UpdatePackageSettingsResponseSchema,
  UpgradeResultItem,
  UpgradeResponseSchema,
} from "./schemas";

export const KIBANA_FLEET_SERVICE = "Kibana Fleet";
/** The only public version of Fleet routes (`API_VERSIONS.public.v1`). */
export const FLEET_API_VERSION = "2023-10-31";
/** Saved-object prefix for package-policy kuery fields (legacy type, still what Kibana's own callers use). */
export const PACKAGE_POLICY_KUERY_PREFIX = "ingest-package-policies";

export interface KibanaFleetClientOptions extends ConnectionOptions {
  /** Kibana base URL, e.g. https://kibana.example:5601 (no credentials in it) */
  url: string;
  /** base64 `id:api_key` (Elastic's "encoded" API key) */
  apiKey?: string;
  username?: string;
  password?: string;
  /** Kibana space; requests go to /s/{spaceId}/api/fleet unless it is "default" or absent */
  spaceId?: string;
}

export interface CallOptions {
  signal?: AbortSignal;
}

export interface InstallOptions extends CallOptions {
  /** needed for any version older than the latest compatible one (fleet.md §0.2) */
  force?: boolean;
  ignoreConstraints?: boolean;
  prerelease?: boolean;
}

export interface ListPoliciesOptions extends CallOptions {
  kuery?: string;
  page?: number;
  perPage?: number;
  sortField?: string;
  sortOrder?: "asc" | "desc";
  showUpgradeable?: boolean;
}

const ALL_STATUSES: readonly number[] = Array.from({ length: 500 }, (_, i) => i + 100);

/** Builds the client from options (auth from apiKey, else username/password). */
export function createKibanaFleetClient(o: KibanaFleetClientOptions): KibanaFleetClient {
  if (!o.apiKey && !(o.username && o.password)) {
    throw new FleetClientConfigError("Kibana Fleet needs credentials: set apiKey, or username and password.");
  }
  const http = createHttpClient({
    baseUrl: o.url,
    auth: o.apiKey ? { kind: "apiKey", apiKey: o.apiKey } : { kind: "basic", username: o.username as string, password: o.password as string },
    ...connectionOptions(o),
    defaultHeaders: { "kbn-xsrf": "pulumi-upgrades", "elastic-api-version": FLEET_API_VERSION },
    service: KIBANA_FLEET_SERVICE,
  });
  return new KibanaFleetClient(http, o.spaceId);
}

/** Invalid client options (no credentials). */
export class FleetClientConfigError extends ClientError {}

/** kuery selecting the package policies of one package, optionally only those not yet on `notVersion`. */
export function packagePoliciesKuery(packageName: string, notVersion?: string): string {
  const q = (v: string) => (/^[A-Za-z0-9_.\-]+$/.test(v) ? v : JSON.stringify(v));
  const base = `${PACKAGE_POLICY_KUERY_PREFIX}.package.name:${q(packageName)}`;
  return notVersion ? `${base} AND NOT ${PACKAGE_POLICY_KUERY_PREFIX}.package.version:${q(notVersion)}` : base;
}

export class KibanaFleetClient {
  /** path prefix of the space, "" for the default space */
  readonly spacePrefix: string;

  constructor(readonly http: HttpClient, readonly spaceId?: string) {
    this.spacePrefix = spaceId && spaceId !== "default" ? `/s/${seg(spaceId)}` : "";
  }

  get baseUrl(): string {
    return this.http.baseUrl;
  }

  get warnings(): readonly string[] {
    return this.http.warnings;
  }

  close(): Promise<void> {
    return this.http.close();
  }

  /**
   * `GET /api/fleet/epm/packages/{name}/{version}`: the manifest of `version` (policy templates, data streams,
   * vars) WITHOUT installing it, plus `status` (any version installed), `installationInfo.version` (the installed
   * one), `latestVersion` and `keepPoliciesUpToDate`. Without `version`: the installed (else latest) version.
   */
  async getPackageInfo(name: string, version?: string, o: CallOptions & { prerelease?: boolean; withMetadata?: boolean } = {}): Promise<GetPackageInfoResponse> {
    const path = `/api/fleet/epm/packages/${seg(name)}${version ? `/${seg(version)}` : ""}`;
    return this.call("GET", path, GetPackageInfoResponseSchema, { query: { prerelease: o.prerelease, withMetadata: o.withMetadata }, signal: o.signal }, (status, msg) => {
      if (status === 404 && /package not (installed or )?found in registry/.test(msg)) return new PackageNotFoundInRegistryError(name, "GET", this.shown(path), msg);
      if (status === 502 || (status === 500 && /package registry/.test(msg))) return new RegistryUnavailableError(status, "GET", this.shown(path), msg);
      return undefined;
    });
  }

  /** The installed version of a package, or undefined when no version is installed (404 or not installed). */
  async getInstalledVersion(name: string, o: CallOptions = {}): Promise<string | undefined> {
    try {
      const info = await this.getPackageInfo(name, undefined, o);
      return info.item.installationInfo?.install_status === "installed" ? info.item.installationInfo.version : undefined;
    } catch (e) {
      if (e instanceof FleetApiError && e.status === 404) return undefined;
      throw e;
    }
  }

  /** `POST /api/fleet/epm/packages/{name}/{version}` with `{force, ignore_constraints}`; synchronous in Kibana. */
  async installPackage(name: string, version: string, o: InstallOptions = {}): Promise<InstallPackageResponse> {
    const path = `/api/fleet/epm/packages/${seg(name)}/${seg(version)}`;
    return this.call(
      "POST",
      path,
      InstallPackageResponseSchema,
      { query: { prerelease: o.prerelease }, body: { force: o.force ?? false, ignore_constraints: o.ignoreConstraints ?? false }, signal: o.signal },
      (status, msg) => {
        if (status === 400 && /is out-of-date and cannot be installed or updated/.test(msg)) return new PackageOutOfDateError(name, version, "POST", this.shown(path), msg);
        if (status === 404 && /package not found in registry/.test(msg)) return new PackageNotFoundInRegistryError(name, "POST", this.shown(path), msg);
        if (status === 502 || (status === 500 && /package registry/.test(msg))) return new RegistryUnavailableError(status, "POST", this.shown(path), msg);
        return undefined;
      },
    );
  }

  /** `PUT /api/fleet/epm/packages/{name}` `{keepPoliciesUpToDate}`. */
  async updatePackageSettings(name: string, settings: { keepPoliciesUpToDate: boolean }, o: CallOptions = {}): Promise<UpdatePackageSettingsResponse> {
    const path = `/api/fleet/epm/packages/${seg(name)}`;
    return this.call("PUT", path, UpdatePackageSettingsResponseSchema, { body: { keepPoliciesUpToDate: settings.keepPoliciesUpToDate }, signal: o.signal }, (status, msg) =>
      status === 404 && /is not installed/.test(msg) ? new PackageNotInstalledError(name, status, "PUT", this.shown(path), msg) : undefined,
    );
  }

  /** `GET /api/fleet/package_policies` (legacy format: inputs as arrays), one page. */
  listPackagePolicies(o: ListPoliciesOptions = {}): Promise<ListPackagePoliciesResponse> {
    return this.call("GET", "/api/fleet/package_policies", ListPackagePoliciesResponseSchema, {
      query: { kuery: o.kuery, page: o.page, perPage: o.perPage, sortField: o.sortField, sortOrder: o.sortOrder, showUpgradeable: o.showUpgradeable },
      signal: o.signal,
    });
  }

  /**
   * Every package policy matching `kuery`, reading all pages in a stable order (created_at ascending) before
   * returning, so upgrades made afterwards cannot shift pages under the reader.
   */
  async listAllPackagePolicies(kuery: string, o: CallOptions & { perPage?: number } = {}): Promise<PackagePolicy[]> {
    const perPage = o.perPage ?? 1000;
    const out: PackagePolicy[] = [];
    for (let page = 1; ; page++) {
      const r = await this.listPackagePolicies({ kuery, page, perPage, sortField: "created_at", sortOrder: "asc", signal: o.signal });
      out.push(...r.items);
      if (r.items.length === 0 || out.length >= r.total || r.items.length < perPage) break;
    }
    const seen = new Set<string>();
    return out.filter((p) => (seen.has(p.id) ? false : (seen.add(p.id), true)));
  }

  /** All package policies of one package in this client's space. */
  listPoliciesOfPackage(packageName: string, o: CallOptions & { perPage?: number } = {}): Promise<PackagePolicy[]> {
    return this.listAllPackagePolicies(packagePoliciesKuery(packageName), o);
  }

  /**
   * `POST /api/fleet/package_policies/upgrade/dryrun`: diff of each policy against the INSTALLED package (Kibana
   * ignores a target version, fleet.md §0.1). Errors are on `diff[1].errors` (see `dryRunErrors`).
   */
  async dryRunUpgrade(packagePolicyIds: string[], o: CallOptions = {}): Promise<DryRunItem[]> {
    if (packagePolicyIds.length === 0) return [];
    return this.call("POST", "/api/fleet/package_policies/upgrade/dryrun", DryRunResponseSchema, { body: { packagePolicyIds }, signal: o.signal });
  }

  /**
   * `POST /api/fleet/package_policies/upgrade` with exactly ONE id, so each policy's outcome is known (the bulk
   * call saves clean policies and answers only the first failure). Throws PolicyUpgradeError on failure.
   */
  async upgradePolicy(packagePolicyId: string, o: CallOptions = {}): Promise<UpgradeResultItem> {
    const path = "/api/fleet/package_policies/upgrade";
    const items = await this.call("POST", path, UpgradeResponseSchema, { body: { packagePolicyIds: [packagePolicyId] }, signal: o.signal }, (status, msg) =>
      new PolicyUpgradeError(packagePolicyId, status, "POST", this.shown(path), msg),
    );
    const item = items.find((i) => i.id === packagePolicyId);
    if (!item) throw new ResponseShapeError("POST", this.shown(path), [`(root): no result for policy ${packagePolicyId}`], JSON.stringify(items).slice(0, 400), KIBANA_FLEET_SERVICE);
    if (!item.success) throw new PolicyUpgradeError(packagePolicyId, item.statusCode ?? 500, "POST", this.shown(path), item.body?.message ?? "upgrade failed");
    return item;
  }

  /**
   * `GET /api/fleet/epm/packages/{name}/{version}/changelog.yml`, parsed (newest first). Works for versions that
   * are not installed (Kibana proxies the registry). Pair with `changesBetween(entries, installed, target)`.
   */
  async getChangelog(name: string, version: string, o: CallOptions = {}): Promise<ChangelogEntry[]> {
    const path = `/api/fleet/epm/packages/${seg(name)}/${seg(version)}/changelog.yml`;
    const text = await this.call("GET", path, z.string(), { signal: o.signal, acceptText: true }, (status, msg) =>
      status === 502 || (status === 500 && /package registry/.test(msg)) ? new RegistryUnavailableError(status, "GET", this.shown(path), msg) : undefined,
    );
    return parseChangelog(text);
  }

  /** `GET /api/fleet/settings` (prerelease_integrations_enabled). */
  getSettings(o: CallOptions = {}): Promise<FleetSettingsResponse> {
    return this.call("GET", "/api/fleet/settings", FleetSettingsResponseSchema, { signal: o.signal });
  }

  private shown(path: string): string {
    return `${this.spacePrefix}${path}`;
  }

  /**
   * One request: every status is received, 2xx bodies parsed with `schema`, others mapped to a FleetApiError
   * subclass by `classify` (or the generic FleetApiError) with Kibana's own message.
   */
  private async call<S extends z.ZodType>(
    method: HttpMethod,
    path: string,
    schema: S,
    opts: { query?: QueryParams; body?: unknown; signal?: AbortSignal; acceptText?: boolean },
    classify?: (status: number, message: string) => FleetApiError | undefined,
  ): Promise<z.output<S>> {
    const full = this.shown(path);
    const res = await this.http.exchange(method, full, { schema: z.unknown(), query: opts.query, body: opts.body, signal: opts.signal, expectStatus: ALL_STATUSES, acceptText: opts.acceptText });
    if (res.status >= 200 && res.status < 300) {
      const parsed = schema.safeParse(res.data);
      if (!parsed.success) {
        const issues = parsed.error.issues.map((i) => `${i.path.length ? i.path.map(String).join(".") : "(root)"}: ${i.message}`);
        throw new ResponseShapeError(method, full, issues, this.http.redact(JSON.stringify(res.data) ?? "").slice(0, 400), KIBANA_FLEET_SERVICE);
      }
      return parsed.data;
    }
    const body = FleetErrorBodySchema.safeParse(res.data);
    const message = this.http.redact(body.success ? body.data.message : JSON.stringify(res.data ?? "").slice(0, 400));
    throw classify?.(res.status, message) ?? new FleetApiError(res.status, method, full, message, hintFor(res.status));
  }
}

function hintFor(status: number): string {
  if (status === 401) return "Authentication failed: check the Kibana API key or username/password.";
  if (status === 403) return "The credentials lack a privilege: upgrades need integrations-all and fleet-agent-policies-all.";
  if (status === 409) return "Another install or upgrade of this package is running; wait for it and run again.";
  if (status === 429 || status >= 500) return "Kibana is overloaded or failing and retries were exhausted; check its health and try again.";
  return "Check the request against the Kibana Fleet API documentation.";
}

/** The validation errors of a dry-run item (`diff[1].errors`), messages flattened to strings. */
export function dryRunErrors(item: DryRunItem): { key: string | undefined; message: string }[] {
  const errs = item.diff?.[1]?.errors ?? [];
  return errs.map((e) => ({ key: e.key, message: Array.isArray(e.message) ? e.message.join("; ") : e.message }));
}
