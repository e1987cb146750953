/**
 * @module The simulated Fleet's state and behaviour, independent of HTTP: installations, package policies,
 * the registry (catalog + reachability), Kibana version, domain faults, and the operations with Fleet's rules
 * (fleet.md §0, §1, §3). Each operation returns `{status, body}` exactly as the route answers it.
 */
import * as semver from "semver";
import { SimClock } from "../common/clock";
import { AUTO_UPGRADE_POLICIES_PACKAGES, PackageCatalog, PackageVersion } from "./catalog";
import {
  applySimplified,
  compileInputs,
  defaultInputs,
  defaultPackageVars,
  mergeInputs,
  PackagePolicy,
  SimplifiedInputs,
  validatePolicy,
  ValidationError,
  Vars,
} from "./policies";

export interface Installation {
  name: string;
  version: string;
  previous_version?: string;
  install_status: "installed" | "installing" | "install_failed";
  install_source: "registry" | "upload" | "bundled";
  /** the Installation saved object's keep_policies_up_to_date (undefined = never set) */
  keep_policies_up_to_date?: boolean;
  installed_kibana_space_id: string;
  created_at: string;
  updated_at: string;
  latest_install_failed_attempts: { created_at: string; target_version: string; error: { name: string; message: string } }[];
}

export interface Result {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** Kibana error body: `{statusCode, error, message}` (fleet.md §1.0, verbatim shape). */
export function fleetError(status: number, message: string): Result {
  const names: Record<number, string> = { 400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found", 409: "Conflict", 415: "Unsupported Media Type", 429: "Too Many Requests", 500: "Internal Server Error", 502: "Bad Gateway" };
  return { status, body: { statusCode: status, error: names[status] ?? "Error", message } };
}

export interface PolicySeed {
  id?: string;
  name: string;
  package: string;
  /** package version the policy was created with (default: the installed one) */
  version?: string;
  namespace?: string;
  space?: string;
  policyIds?: string[];
  /** simplified-format overrides of the package defaults */
  inputs?: SimplifiedInputs;
  vars?: Record<string, unknown>;
  isManaged?: boolean;
}

export interface PolicyUpgradeFailure {
  /** how many upgrade attempts of this policy fail (default 1) */
  times?: number;
  statusCode?: number;
  message?: string;
}

export interface RegistryState {
  reachable: boolean;
  /** status an install answers while the registry is unreachable: 404 (latest lookup swallowed) or 502 */
  installFailureStatus: 404 | 502;
}

export interface AutoUpgradeRecord {
  package: string;
  version: string;
  policyId: string;
  success: boolean;
  message?: string;
}

export interface FleetSimStateOptions {
  catalog: PackageCatalog;
  kibanaVersion: string;
  clock: SimClock;
  /** simulated ms a package install takes (default 0) */
  installDurationMs?: number;
  /** simulated ms between two accepted uploads (Kibana's upload rate limiter; default 10 000) */
  uploadCooldownMs?: number;
  /** GET /api/fleet/settings prerelease_integrations_enabled */
  prereleaseIntegrationsEnabled?: boolean;
}

const REGISTRY = "https://epr.elastic.co";

/** Kibana `isPackagePrerelease`: `0.x` or a semver prerelease tag. */
export function isPackagePrerelease(version: string): boolean {
  return version.startsWith("0") || version.includes("-");
}

export class FleetSimState {
  kibanaVersion: string;
  catalog: PackageCatalog;
  readonly installations = new Map<string, Installation>();
  readonly policies = new Map<string, PackagePolicy>();
  readonly registry: RegistryState = { reachable: true, installFailureStatus: 404 };
  readonly policyUpgradeFailures = new Map<string, PolicyUpgradeFailure>();
  /** install failures by package name (domain fault): the next `times` installs fail with 500 */
  readonly installFailures = new Map<string, { times: number; message: string }>();
  readonly autoUpgrades: AutoUpgradeRecord[] = [];
  prereleaseIntegrationsEnabled: boolean;
  installDurationMs: number;
  uploadCooldownMs: number;
  readonly clock: SimClock;
  private lastUploadAt?: number;
  private nextId = 1;

  constructor(opts: FleetSimStateOptions) {
    this.catalog = opts.catalog;
    this.kibanaVersion = opts.kibanaVersion;
    this.clock = opts.clock;
    this.installDurationMs = opts.installDurationMs ?? 0;
    this.uploadCooldownMs = opts.uploadCooldownMs ?? 10_000;
    this.prereleaseIntegrationsEnabled = opts.prereleaseIntegrationsEnabled ?? false;
  }

  private now(): string {
    return new Date().toISOString();
  }

  manifest(name: string, version: string): PackageVersion | undefined {
    return this.catalog[name]?.find((v) => v.version === version);
  }

  /**
   * EPR `/search?package=<n>&prerelease=<p>&kibana.version=<k>` → results[0] (fleet.md §2.1–2.2): experimental and
   * semver-prerelease versions only with prerelease; the Kibana range must match unless constraints are ignored.
   */
  latestCompatible(name: string, prerelease: boolean, ignoreConstraints = false): string | undefined {
    const kibana = this.kibanaVersion.replace(/-SNAPSHOT$/, "");
    const candidates = (this.catalog[name] ?? []).filter((v) => {
      if (!prerelease && (v.release === "experimental" || semver.prerelease(v.version))) return false;
      if (!ignoreConstraints && !semver.satisfies(kibana, v.conditions.kibana.version, { includePrerelease: true })) return false;
      return true;
    });
    return candidates.map((v) => v.version).sort(semver.compare).pop();
  }

  // ---- seeding (tests and the control API) ---------------------------------------------------------------

  /** Records an installation directly (no rules, no policy upgrades). */
  seedInstallation(name: string, version: string, opts: { keepPoliciesUpToDate?: boolean; space?: string } = {}): Installation {
    if (!this.manifest(name, version)) throw new Error(`catalog has no ${name}-${version}`);
    const now = this.now();
    const inst: Installation = {
      name,
      version,
      install_status: "installed",
      install_source: "registry",
      keep_policies_up_to_date: opts.keepPoliciesUpToDate ?? ((AUTO_UPGRADE_POLICIES_PACKAGES as readonly string[]).includes(name) ? true : undefined),
      installed_kibana_space_id: opts.space ?? "default",
      created_at: now,
      updated_at: now,
      latest_install_failed_attempts: [],
    };
    this.installations.set(name, inst);
    return inst;
  }

  /** Creates a package policy from the package version's defaults plus simplified overrides. */
  seedPolicy(seed: PolicySeed): PackagePolicy {
    const version = seed.version ?? this.installations.get(seed.package)?.version;
    if (!version) throw new Error(`${seed.package} is not installed and the seed gives no version`);
    const pkg = this.manifest(seed.package, version);
    if (!pkg) throw new Error(`catalog has no ${seed.package}-${version}`);
    const id = seed.id ?? `pp-${this.nextId++}`;
    const inputs = applySimplified(defaultInputs(pkg), seed.inputs, pkg.name);
    let vars = defaultPackageVars(pkg);
    if (seed.vars) {
      vars = { ...(vars ?? {}) };
      for (const [k, v] of Object.entries(seed.vars)) vars[k] = { ...(vars[k] ?? {}), value: v === null ? undefined : v };
    }
    const now = this.now();
    const policyIds = seed.policyIds ?? [`agent-policy-${id}`];
    const policy: PackagePolicy = {
      id,
      name: seed.name,
      namespace: seed.namespace ?? "default",
      description: "",
      enabled: true,
      policy_id: policyIds[0],
      policy_ids: policyIds,
      package: { name: pkg.name, title: pkg.title, version },
      inputs: compileInputs(withStreamIds(inputs, id)),
      ...(vars ? { vars } : {}),
      revision: 1,
      ...(seed.isManaged ? { is_managed: true } : {}),
      spaceIds: [seed.space ?? "default"],
      created_at: now,
      created_by: "elastic",
      updated_at: now,
      updated_by: "elastic",
    };
    this.policies.set(id, policy);
    return policy;
  }

  snapshot(): { kibanaVersion: string; registry: RegistryState; installations: Installation[]; policies: PackagePolicy[]; autoUpgrades: AutoUpgradeRecord[] } {
    return JSON.parse(
      JSON.stringify({
        kibanaVersion: this.kibanaVersion,
        registry: this.registry,
        installations: [...this.installations.values()],
        policies: [...this.policies.values()],
        autoUpgrades: this.autoUpgrades,
      }),
    );
  }

  // ---- package info, install, settings ---------------------------------------------------------------

  /** GET /api/fleet/epm/packages/{pkgName}/{pkgVersion?} */
  getInfo(name: string, version: string | undefined, q: { prerelease?: boolean; withMetadata?: boolean }, space: string): Result {
    const inst = this.installations.get(name);
    const known = this.catalog[name] !== undefined;
    if (!inst && !known) return fleetError(404, `[${name}] package not installed or found in registry`);
    if (version !== undefined && !semver.valid(version)) return fleetError(400, `Invalid package version: ${version}`);
    let v = version;
    if (!v) {
      if (inst) v = inst.version;
      else if (!this.registry.reachable) return this.registryConnectionError(`/search?package=${name}`);
      else v = this.latestCompatible(name, q.prerelease ?? false);
      if (!v) return fleetError(404, `[${name}] package not installed or found in registry`);
    }
    const isInstalledVersion = inst?.version === v;
    if (!isInstalledVersion && !this.registry.reachable) return this.registryConnectionError(`/package/${name}/${v}/`);
    const pkg = this.manifest(name, v);
    if (!pkg) return fleetError(404, `Package info for ${name}-${v} does not exist`);
    let latestVersion = v;
    if (this.registry.reachable) {
      const latest = this.latestCompatible(name, (q.prerelease ?? false) || isPackagePrerelease(v));
      if (latest && semver.gte(latest, v)) latestVersion = latest;
    }
    const body: Record<string, unknown> = { item: this.packageInfo(pkg, inst, latestVersion, space) };
    if (q.withMetadata) body.metadata = { has_policies: [...this.policies.values()].some((p) => p.package.name === name) };
    return { status: 200, body };
  }

  private packageInfo(pkg: PackageVersion, inst: Installation | undefined, latestVersion: string, space: string): Record<string, unknown> {
    const { changes: _changes, ...manifest } = pkg;
    const item: Record<string, unknown> = {
      ...JSON.parse(JSON.stringify(manifest)),
      download: `/epr/${pkg.name}/${pkg.name}-${pkg.version}.zip`,
      path: `/package/${pkg.name}/${pkg.version}`,
      signature_path: `/epr/${pkg.name}/${pkg.name}-${pkg.version}.zip.sig`,
      data_streams: pkg.data_streams.map((ds) => ({
        ...JSON.parse(JSON.stringify(ds)),
        package: pkg.name,
        path: ds.dataset.slice(pkg.name.length + 1) || ds.dataset,
      })),
      assets: { kibana: { dashboard: [], index_pattern: [] }, elasticsearch: { ingest_pipeline: [], index_template: [] } },
      status: inst ? (inst.install_status === "installing" ? "installing" : inst.install_status === "install_failed" ? "install_failed" : "installed") : "not_installed",
      latestVersion,
      keepPoliciesUpToDate: inst?.keep_policies_up_to_date ?? false,
      licensePath: `/package/${pkg.name}/${pkg.version}/LICENSE.txt`,
    };
    if (inst) {
      item.installationInfo = {
        type: "epm-packages",
        name: inst.name,
        version: inst.version,
        ...(inst.previous_version ? { previous_version: inst.previous_version } : {}),
        install_status: inst.install_status,
        install_source: inst.install_source,
        installed_kibana_space_id: inst.installed_kibana_space_id,
        installed_es: assetRefs(inst.name, inst.version).filter((a) => a.type !== "dashboard"),
        installed_kibana: assetRefs(inst.name, inst.version).filter((a) => a.type === "dashboard"),
        verification_status: inst.install_source === "upload" ? "unverified" : "verified",
        latest_install_failed_attempts: inst.latest_install_failed_attempts,
        created_at: inst.created_at,
        updated_at: inst.updated_at,
        namespaces: [space],
      };
    }
    return item;
  }

  private registryConnectionError(path: string): Result {
    return fleetError(502, `Error connecting to package registry: request to ${REGISTRY}${path} failed, reason: connect ECONNREFUSED`);
  }

  /** POST /api/fleet/epm/packages/{pkgName}/{pkgVersion?} (fleet.md §1.3, §3.2) */
  async install(name: string, version: string | undefined, opts: { force?: boolean; ignoreConstraints?: boolean; prerelease?: boolean }): Promise<Result> {
    if (version !== undefined && !semver.valid(version)) return fleetError(400, `Invalid package version: ${version}`);
    if (!this.registry.reachable) {
      return this.registry.installFailureStatus === 502
        ? this.registryConnectionError(`/epr/${name}/${name}-${version ?? "latest"}.zip`)
        : fleetError(404, `[${name}] package not found in registry`);
    }
    if (!this.catalog[name]) return fleetError(404, `[${name}] package not found in registry`);
    const prerelease = (opts.prerelease ?? false) || (version !== undefined && isPackagePrerelease(version));
    const latest = this.latestCompatible(name, prerelease, opts.ignoreConstraints ?? false);
    if (!latest) return fleetError(404, `[${name}] package not found in registry`);
    const v = version ?? latest;
    const inst = this.installations.get(name);
    const reinstall = inst?.version === v;
    if (semver.lt(v, latest) && !opts.force && !reinstall) {
      return fleetError(400, `${name}-${v} is out-of-date and cannot be installed or updated`);
    }
    const pkg = this.manifest(name, v);
    if (!pkg) return fleetError(500, `'404 Not Found' error response from package registry at ${REGISTRY}/epr/${name}/${name}-${v}.zip`);
    if (inst?.install_status === "installing") return fleetError(409, `Concurrent installation or upgrade of ${name || "unknown"}-${v || "unknown"} detected, aborting.`);
    if (reinstall && inst?.install_status === "installed" && !opts.force) {
      return { status: 200, body: { items: assetRefs(name, v), _meta: { install_source: inst.install_source, name } } };
    }
    return this.doInstall(pkg, inst, "registry");
  }

  private async doInstall(pkg: PackageVersion, inst: Installation | undefined, source: "registry" | "upload"): Promise<Result> {
    const name = pkg.name;
    const v = pkg.version;
    const now = this.now();
    const previous = inst ? { ...inst } : undefined;
    const working: Installation = inst ?? {
      name,
      version: v,
      install_status: "installing",
      install_source: source,
      keep_policies_up_to_date: (AUTO_UPGRADE_POLICIES_PACKAGES as readonly string[]).includes(name) ? true : undefined,
      installed_kibana_space_id: "default",
      created_at: now,
      updated_at: now,
      latest_install_failed_attempts: [],
    };
    working.install_status = "installing";
    this.installations.set(name, working);
    if (this.installDurationMs > 0) await this.clock.sleep(this.installDurationMs);
    const failure = this.installFailures.get(name);
    if (failure && failure.times > 0) {
      failure.times--;
      if (failure.times <= 0) this.installFailures.delete(name);
      const attempt = { created_at: this.now(), target_version: v, error: { name: "PackageESError", message: failure.message } };
      if (previous) {
        // a failed update rolls back to the previously installed version
        this.installations.set(name, { ...previous, install_status: "installed", latest_install_failed_attempts: [attempt, ...previous.latest_install_failed_attempts].slice(0, 5) });
      } else {
        this.installations.set(name, { ...working, install_status: "install_failed", latest_install_failed_attempts: [attempt] });
      }
      return fleetError(500, failure.message);
    }
    const installed: Installation = {
      ...working,
      version: v,
      ...(previous && previous.version !== v ? { previous_version: previous.version } : {}),
      install_status: "installed",
      install_source: source,
      updated_at: this.now(),
    };
    if ((AUTO_UPGRADE_POLICIES_PACKAGES as readonly string[]).includes(name)) installed.keep_policies_up_to_date = true;
    this.installations.set(name, installed);
    // step_save_system_object: keep_policies_up_to_date ⇒ bulk upgrade every policy of the package, no dry run;
    // failures are logged by Kibana and leave those policies on the old version.
    if (installed.keep_policies_up_to_date) {
      for (const p of [...this.policies.values()].filter((x) => x.package.name === name && x.package.version !== v)) {
        const r = this.upgradeOne(p.id, undefined, true);
        this.autoUpgrades.push({ package: name, version: v, policyId: p.id, success: r.success, ...(r.success ? {} : { message: r.body?.message }) });
      }
    }
    return { status: 200, body: { items: assetRefs(name, v), _meta: { install_source: source, name } } };
  }

  /** POST /api/fleet/epm/packages (upload). The simulator's archive is the ASCII text `<name>-<version>` (CONSTRUCTED convention). */
  async upload(contentType: string | undefined, text: string): Promise<Result> {
    if (!contentType || !/^application\/(zip|gzip)/.test(contentType)) {
      return fleetError(415, `Unsupported content type ${contentType ?? "(none)"}: upload a package archive as application/zip or application/gzip`);
    }
    const nowMs = Date.now();
    const cooldownReal = this.clock.realMs(this.uploadCooldownMs);
    if (this.lastUploadAt !== undefined && nowMs - this.lastUploadAt < cooldownReal) {
      const waitS = Math.max(1, Math.ceil((this.uploadCooldownMs * (1 - (nowMs - this.lastUploadAt) / Math.max(cooldownReal, 1))) / 1000));
      return fleetError(429, `Too many requests. Please wait ${waitS}s before uploading again.`);
    }
    this.lastUploadAt = nowMs;
    const m = /^([a-z0-9_]+)-(\d+\.\d+\.\d+(?:-[0-9A-Za-z.]+)?)$/.exec(text.trim());
    const pkg = m ? this.manifest(m[1], m[2]) : undefined;
    if (!m || !pkg) return fleetError(400, "Package archive is invalid: manifest.yml not found or not a known package");
    return this.doInstall(pkg, this.installations.get(pkg.name), "upload");
  }

  /** PUT /api/fleet/epm/packages/{pkgName}/{pkgVersion?} */
  updateSettings(name: string, keepPoliciesUpToDate: boolean, space: string): Result {
    const inst = this.installations.get(name);
    if (!inst) return fleetError(404, `Error while updating package: ${name} is not installed`);
    inst.keep_policies_up_to_date = keepPoliciesUpToDate;
    inst.updated_at = this.now();
    const pkg = this.manifest(name, inst.version);
    if (!pkg) return fleetError(500, `installed package ${name}-${inst.version} missing from catalog`);
    return { status: 200, body: { item: this.packageInfo(pkg, inst, inst.version, space) } };
  }

  /** GET …/{pkgName}/{pkgVersion}/{filePath}: changelog.yml rendered from the catalog (newest first). */
  getFile(name: string, version: string, filePath: string): Result {
    const inst = this.installations.get(name);
    if (inst?.version !== version && !this.registry.reachable) return this.registryConnectionError(`/package/${name}/${version}/${filePath}`);
    const pkg = this.manifest(name, version);
    if (!pkg) return fleetError(404, `Package info for ${name}-${version} does not exist`);
    if (filePath !== "changelog.yml") return fleetError(404, `File ${filePath} not found in ${name}-${version}`);
    const entries = (this.catalog[name] ?? []).filter((v) => semver.lte(v.version, version)).sort((a, b) => semver.rcompare(a.version, b.version));
    const yaml = entries
      .map((e) => `- version: "${e.version}"\n  changes:\n${e.changes.map((c) => `    - description: ${JSON.stringify(c.description)}\n      type: ${c.type}\n      link: ${c.link}\n`).join("")}`)
      .join("");
    return { status: 200, body: `# newer versions go on top\n${yaml}`, headers: { "content-type": "text/yaml; charset=utf-8" } };
  }

  // ---- package policies ---------------------------------------------------------------------------------

  policiesInSpace(space: string): PackagePolicy[] {
    return [...this.policies.values()].filter((p) => p.spaceIds.includes(space));
  }

  /** POST /api/fleet/package_policies (simplified body) */
  createPolicy(body: { name: string; namespace?: string; description?: string; package: { name: string; version: string }; policy_ids?: string[]; policy_id?: string; inputs?: SimplifiedInputs; vars?: Record<string, unknown> }, space: string): Result {
    if ([...this.policies.values()].some((p) => p.name === body.name && p.spaceIds.includes(space))) {
      return fleetError(409, `An integration policy with the name ${body.name} already exists. Please rename it or choose a different name.`);
    }
    const inst = this.installations.get(body.package.name);
    if (!inst && !this.manifest(body.package.name, body.package.version)) return fleetError(404, `[${body.package.name}] package not installed or found in registry`);
    let policy: PackagePolicy;
    try {
      policy = this.seedPolicy({
        name: body.name,
        package: body.package.name,
        version: body.package.version,
        namespace: body.namespace,
        space,
        policyIds: body.policy_ids ?? (body.policy_id ? [body.policy_id] : undefined),
        inputs: body.inputs,
        vars: body.vars,
      });
    } catch (e) {
      return fleetError(400, (e as Error).message);
    }
    const pkg = this.manifest(policy.package.name, policy.package.version) as PackageVersion;
    const errors = validatePolicy(policy, pkg);
    if (errors.length) {
      this.policies.delete(policy.id);
      return fleetError(400, `Package policy is invalid: ${formatErrors(errors)}`);
    }
    return { status: 200, body: { item: policy } };
  }

  /** The merged, validated proposal for a policy against the INSTALLED package (never `packageVersion`). */
  private propose(policy: PackagePolicy): { proposed?: Record<string, unknown>; errors: ValidationError[]; fatal?: { statusCode: number; message: string } } {
    const inst = this.installations.get(policy.package.name);
    if (!inst) return { errors: [], fatal: { statusCode: 400, message: `Package ${policy.package.name} is not installed` } };
    if (semver.gt(policy.package.version, inst.version)) {
      return {
        errors: [],
        fatal: {
          statusCode: 400,
          message: `Package policy ${policy.id}'s package version ${policy.package.version} of package ${policy.package.name} is newer than the installed package version. Please install the latest version of ${policy.package.name}.`,
        },
      };
    }
    const pkg = this.manifest(inst.name, inst.version) as PackageVersion;
    const inputs = compileInputs(withStreamIds(mergeInputs(policy.inputs, pkg), policy.id));
    const vars = mergePackageVars(policy.vars, defaultPackageVars(pkg));
    const { id: _id, spaceIds: _s, ...rest } = policy;
    const proposed: Record<string, unknown> = { ...rest, package: { ...policy.package, title: pkg.title, version: pkg.version }, inputs, ...(vars ? { vars } : {}) };
    const errors = validatePolicy({ inputs, vars, name: policy.name, namespace: policy.namespace }, pkg);
    return { proposed, errors };
  }

  /** POST /api/fleet/package_policies/upgrade/dryrun (fleet.md §1.6; `packageVersion` accepted and ignored, §0.1). */
  dryRun(ids: string[], space: string): Result {
    const items: Record<string, unknown>[] = [];
    for (const id of ids) {
      const policy = this.policies.get(id);
      if (!policy || !policy.spaceIds.includes(space)) {
        items.push({ hasErrors: true, statusCode: 400, body: { message: `Package policy with id ${id} not found` } });
        continue;
      }
      const r = this.propose(policy);
      if (r.fatal) {
        items.push({ name: policy.name, hasErrors: true, statusCode: r.fatal.statusCode, body: { message: r.fatal.message } });
        continue;
      }
      const proposed = r.errors.length ? { ...r.proposed, errors: r.errors } : r.proposed;
      const { spaceIds: _s, ...current } = policy;
      items.push({ name: policy.name, hasErrors: r.errors.length > 0, diff: [current, proposed], agent_diff: [agentInputs(policy)] });
    }
    const fatal = items.find((i) => i.statusCode !== undefined && i.statusCode !== 200);
    if (fatal) return fleetError(fatal.statusCode as number, (fatal.body as { message: string }).message);
    return { status: 200, body: items };
  }

  /** One policy of POST /api/fleet/package_policies/upgrade; saves it when it validates. */
  upgradeOne(id: string, space: string | undefined, force: boolean): { success: boolean; statusCode?: number; body?: { message: string }; name?: string } {
    const policy = this.policies.get(id);
    if (!policy || (space !== undefined && !policy.spaceIds.includes(space))) return { success: false, statusCode: 404, body: { message: `Package policy ${id} not found` } };
    if (policy.is_managed && !force) return { name: policy.name, success: false, statusCode: 400, body: { message: `Cannot upgrade package policy ${id}` } };
    const injected = this.policyUpgradeFailures.get(id);
    if (injected && (injected.times ?? 1) > 0) {
      const left = (injected.times ?? 1) - 1;
      if (left <= 0) this.policyUpgradeFailures.delete(id);
      else injected.times = left;
      return { name: policy.name, success: false, statusCode: injected.statusCode ?? 409, body: { message: injected.message ?? `Saved object [ingest-package-policies/${id}] conflict` } };
    }
    const r = this.propose(policy);
    if (r.fatal) return { name: policy.name, success: false, statusCode: r.fatal.statusCode, body: { message: r.fatal.message } };
    if (r.errors.length) return { name: policy.name, success: false, statusCode: 400, body: { message: `Package policy is invalid: ${formatErrors(r.errors)}` } };
    const p = r.proposed as unknown as PackagePolicy;
    this.policies.set(id, { ...policy, package: p.package, inputs: p.inputs, ...(p.vars ? { vars: p.vars as Vars } : {}), revision: policy.revision + 1, updated_at: this.now(), updated_by: "elastic" });
    return { name: policy.name, success: true };
  }

  /** POST /api/fleet/package_policies/upgrade — NOT atomic: clean policies are saved, the first failure is the HTTP answer (§0.5). */
  upgrade(ids: string[], space: string, force: boolean): Result {
    const results = ids.map((id) => ({ id, ...this.upgradeOne(id, space, force) }));
    const firstFailure = results.find((r) => !r.success);
    if (firstFailure) return fleetError(firstFailure.statusCode ?? 500, firstFailure.body?.message ?? "upgrade failed");
    return { status: 200, body: results.map((r) => ({ id: r.id, name: r.name, success: true })) };
  }
}

function formatErrors(errors: ValidationError[]): string {
  return errors.map((e) => `${e.key}: ${e.message}`).join("\n");
}

function mergePackageVars(current: Vars | undefined, defaults: Vars | undefined): Vars | undefined {
  if (!defaults) return current;
  const out: Vars = { ...(current ?? {}) };
  for (const [k, d] of Object.entries(defaults)) {
    out[k] = { ...(current?.[k] ?? {}), ...d };
    if (current?.[k]?.value !== undefined) out[k].value = current[k].value;
  }
  return out;
}

function withStreamIds(inputs: PackagePolicy["inputs"], policyId: string): PackagePolicy["inputs"] {
  return inputs.map((i) => ({ ...i, streams: i.streams.map((s) => ({ ...s, id: `${i.type}-${s.data_stream.dataset}-${policyId}` })) }));
}

/** FullAgentPolicyInput[] of the CURRENT policy only (Kibana's calculateDiff TODO, fleet.md §1.6). */
function agentInputs(policy: PackagePolicy): Record<string, unknown>[] {
  return policy.inputs
    .filter((i) => i.enabled)
    .map((i) => ({
      id: `${i.type}-${policy.id}`,
      name: policy.name,
      revision: policy.revision,
      type: i.type,
      data_stream: { namespace: policy.namespace },
      use_output: "default",
      package_policy_id: policy.id,
      meta: { package: { name: policy.package.name, version: policy.package.version } },
      streams: i.streams.filter((s) => s.enabled).map((s) => ({ id: s.id ?? `${i.type}-${s.data_stream.dataset}`, data_stream: s.data_stream, ...(s.compiled_stream as Record<string, unknown>) })),
    }));
}

export function assetRefs(name: string, version: string): { id: string; type: string }[] {
  return [
    { id: `${name}-overview-${version.replace(/\W/g, "")}`, type: "dashboard" },
    { id: `logs-${name}-${version}`, type: "ingest_pipeline" },
    { id: `logs-${name}`, type: "index_template" },
  ];
}
