/**
 * @module The simulated Kibana Fleet: real sockets on 127.0.0.1, the Fleet routes the FleetIntegration resource
 * uses (exact paths of the bundled OpenAPI extract, also under /s/{space}/), their quirks (fleet.md §0), API-key and
 * basic auth, kbn-xsrf on writes, a minimal EPR next to it (/registry/…), and a control API under /_sim/.
 *
 * @example
 * const sim = await startFleetSim({ kibanaVersion: "8.14.3" });
 * sim.state.seedInstallation("nginx", "1.15.0");
 * sim.state.seedPolicy({ name: "nginx-1", package: "nginx" });
 * // … client calls against sim.url with sim.credentials …
 * await sim.stop();
 */
import * as semver from "semver";
import { SimClock } from "../common/clock";
import { FaultBook, FaultRule } from "../common/faults";
import { parseAuthorization, SimRequest, SimResponse, SimServer } from "../common/http";
import { defaultCatalog, PackageCatalog } from "./catalog";
import { compileKuery, KueryError } from "./kuery";
import { PackagePolicy, SimplifiedInputs, toSimplified } from "./policies";
import { fleetError, FleetSimState, PolicySeed, Result } from "./state";

export { defaultCatalog, trimCatalog, syntheticPackages, AUTO_UPGRADE_POLICIES_PACKAGES } from "./catalog";
export type { PackageCatalog, PackageVersion } from "./catalog";
export { FleetSimState, isPackagePrerelease } from "./state";
export type { Installation, PolicySeed, PolicyUpgradeFailure } from "./state";

export interface FleetSimConfig {
  /** running Kibana version, checked against conditions.kibana.version by the registry's latest lookup (default 8.14.3) */
  kibanaVersion?: string;
  catalog?: PackageCatalog;
  /** simulated ms → real ms factor (default 0.001) */
  timeScale?: number;
  installDurationMs?: number;
  uploadCooldownMs?: number;
  /** credentials the simulator accepts (defaults generated) */
  apiKey?: { id: string; key: string };
  username?: string;
  password?: string;
  /** record request/response bodies of every /api call (for contract tests) */
  recordExchanges?: boolean;
}

export interface FleetSimCredentials {
  /** base64("id:key"), the value of `Authorization: ApiKey …` */
  apiKey: string;
  username: string;
  password: string;
}

export interface RecordedExchange {
  method: string;
  /** path without the /s/{space} prefix, e.g. /api/fleet/package_policies/upgrade */
  apiPath: string;
  path: string;
  query: Record<string, string>;
  requestBody: unknown;
  requestContentType?: string;
  status: number;
  responseBody: unknown;
  responseContentType: string;
}

export interface FleetSim {
  url: string;
  /** base URL of the simulated package registry (EPR subset: /search, /package/{n}/{v}/) */
  registryUrl: string;
  credentials: FleetSimCredentials;
  state: FleetSimState;
  server: SimServer;
  faults: FaultBook;
  clock: SimClock;
  exchanges: RecordedExchange[];
  /** makes the registry unreachable (Kibana's installs fail 404/502, EPR routes reset connections) or reachable again */
  setRegistryReachable(reachable: boolean, installFailureStatus?: 404 | 502): void;
  setKibanaVersion(version: string): void;
  stop(): Promise<void>;
}

const bool = (v: string | null): boolean | undefined => (v === null ? undefined : v === "true");

export async function startFleetSim(config: FleetSimConfig = {}): Promise<FleetSim> {
  const clock = new SimClock(config.timeScale ?? 0.001);
  const state = new FleetSimState({
    catalog: config.catalog ?? defaultCatalog(),
    kibanaVersion: config.kibanaVersion ?? "8.14.3",
    clock,
    installDurationMs: config.installDurationMs,
    uploadCooldownMs: config.uploadCooldownMs,
  });
  const apiKey = config.apiKey ?? { id: "sim-key-id", key: "sim-key-secret-0123456789" };
  const credentials: FleetSimCredentials = {
    apiKey: Buffer.from(`${apiKey.id}:${apiKey.key}`).toString("base64"),
    username: config.username ?? "elastic",
    password: config.password ?? "sim-password-changeme",
  };
  const faults = new FaultBook();
  const exchanges: RecordedExchange[] = [];
  let registryFault: number | undefined;

  const server = new SimServer({
    name: "Kibana Fleet",
    faults,
    auth: (req) => {
      if (req.path.startsWith("/_sim/") || req.path.startsWith("/registry/")) return undefined;
      const a = parseAuthorization(req.headers);
      const ok =
        (a?.scheme === "apikey" && a.token === credentials.apiKey) ||
        (a?.scheme === "basic" && a.username === credentials.username && a.password === credentials.password);
      if (!ok) {
        return toResponse(
          fleetError(401, a ? `[security_exception]: unable to authenticate user for REST request [${req.path}]` : `[security_exception]: missing authentication credentials for REST request [${req.path}]`),
        );
      }
      if (req.method !== "GET" && req.method !== "HEAD" && req.headers["kbn-xsrf"] === undefined) {
        return toResponse(fleetError(400, "Request must contain a kbn-xsrf header."));
      }
      return undefined;
    },
    notFound: (req) => toResponse(fleetError(404, `Not Found: ${req.method} ${req.path}`)),
    onBadJson: (_req, err) => toResponse(fleetError(400, `[request body]: ${err.message}`)),
  });

  const spaceOf = (req: SimRequest) => req.params.space ?? "default";
  const api = (method: string, pattern: string, handler: (req: SimRequest) => Result | Promise<Result>) => {
    for (const prefix of ["", "/s/:space"]) {
      server.route(method, `${prefix}${pattern}`, async (req) => {
        const r = await handler(req);
        if (config.recordExchanges) {
          exchanges.push({
            method: req.method,
            apiPath: req.path.replace(/^\/s\/[^/]+/, ""),
            path: req.path,
            query: Object.fromEntries(req.query.entries()),
            requestBody: req.body,
            requestContentType: typeof req.headers["content-type"] === "string" ? req.headers["content-type"] : undefined,
            status: r.status,
            responseBody: r.body,
            responseContentType: r.headers?.["content-type"] ?? "application/json",
          });
        }
        return toResponse(r);
      });
    }
  };
  const body = (req: SimRequest): Record<string, unknown> => (req.body && typeof req.body === "object" ? (req.body as Record<string, unknown>) : {});
  const ids = (req: SimRequest): string[] | Result => {
    const v = body(req).packagePolicyIds;
    if (!Array.isArray(v) || v.some((x) => typeof x !== "string")) return fleetError(400, "[request body.packagePolicyIds]: expected value of type [array] but got [undefined]");
    return v as string[];
  };

  // ---- EPM packages (paths as in the OpenAPI extract) ----
  api("POST", "/api/fleet/epm/packages", (req) => state.upload(req.headers["content-type"] as string | undefined, req.text));
  for (const withVersion of [false, true]) {
    const p = withVersion ? "/api/fleet/epm/packages/:pkgName/:pkgVersion" : "/api/fleet/epm/packages/:pkgName";
    api("GET", p, (req) =>
      state.getInfo(req.params.pkgName, req.params.pkgVersion, { prerelease: bool(req.query.get("prerelease")), withMetadata: bool(req.query.get("withMetadata")) }, spaceOf(req)),
    );
    api("POST", p, (req) => {
      const b = body(req);
      return state.install(req.params.pkgName, req.params.pkgVersion, { force: b.force === true, ignoreConstraints: b.ignore_constraints === true, prerelease: bool(req.query.get("prerelease")) });
    });
    api("PUT", p, (req) => {
      const k = body(req).keepPoliciesUpToDate;
      if (typeof k !== "boolean") return fleetError(400, "[request body.keepPoliciesUpToDate]: expected value of type [boolean] but got [undefined]");
      return state.updateSettings(req.params.pkgName, k, spaceOf(req));
    });
  }
  api("GET", "/api/fleet/epm/packages/:pkgName/:pkgVersion/:filePath", (req) => state.getFile(req.params.pkgName, req.params.pkgVersion, req.params.filePath));

  // ---- package policies ----
  api("GET", "/api/fleet/package_policies", (req) => listPolicies(state, req, spaceOf(req)));
  api("POST", "/api/fleet/package_policies", (req) => {
    const b = body(req) as { name?: string; package?: { name: string; version: string }; inputs?: SimplifiedInputs };
    if (typeof b.name !== "string" || !b.package) return fleetError(400, "[request body]: name and package are required");
    const r = state.createPolicy(b as Parameters<FleetSimState["createPolicy"]>[0], spaceOf(req));
    if (r.status === 200 && req.query.get("format") === "simplified") {
      return { status: 200, body: { item: toSimplified((r.body as { item: PackagePolicy }).item) } };
    }
    return r;
  });
  api("POST", "/api/fleet/package_policies/upgrade/dryrun", (req) => {
    const r = ids(req);
    return Array.isArray(r) ? state.dryRun(r, spaceOf(req)) : r;
  });
  api("POST", "/api/fleet/package_policies/upgrade", (req) => {
    const r = ids(req);
    return Array.isArray(r) ? state.upgrade(r, spaceOf(req), body(req).force === true) : r;
  });
  api("GET", "/api/fleet/package_policies/:packagePolicyId", (req) => {
    const p = state.policies.get(req.params.packagePolicyId);
    if (!p || !p.spaceIds.includes(spaceOf(req))) return fleetError(404, `Package policy ${req.params.packagePolicyId} not found`);
    return { status: 200, body: { item: req.query.get("format") === "simplified" ? toSimplified(p) : p } };
  });
  api("GET", "/api/fleet/settings", () => ({
    status: 200,
    body: { item: { id: "fleet-default-settings", prerelease_integrations_enabled: state.prereleaseIntegrationsEnabled, version: "WzEsMV0=" } },
  }));

  // ---- Kibana's own status API (not under /s/{space}): the resource reads the running Kibana version from it ----
  server.route("GET", "/api/status", () => ({
    status: 200,
    body: {
      name: "kibana-sim",
      uuid: "5b2de169-2785-441b-ae8c-186a1936b17d",
      version: { number: state.kibanaVersion, build_snapshot: false },
      status: { overall: { level: "available", summary: "All services are available" } },
    },
  }));

  // ---- minimal EPR (fleet.md §2): /search and /package/{n}/{v}/ ----
  server.route("GET", "/registry/search", (req) => {
    const name = req.query.get("package") ?? undefined;
    const all = req.query.get("all") === "true";
    const prerelease = req.query.get("prerelease") === "true";
    const kibana = req.query.get("kibana.version") ?? undefined;
    const out: unknown[] = [];
    for (const [pkgName, versions] of Object.entries(state.catalog)) {
      if (name && pkgName !== name) continue;
      const ok = versions
        .filter((v) => prerelease || (v.release !== "experimental" && !semver.prerelease(v.version)))
        .filter((v) => !kibana || semver.satisfies(kibana, v.conditions.kibana.version, { includePrerelease: true }))
        .sort((a, b) => semver.compare(a.version, b.version));
      const chosen = all ? ok : ok.slice(-1);
      for (const v of chosen) {
        out.push({
          name: v.name, title: v.title, version: v.version, release: v.release ?? "ga", description: v.description, type: v.type,
          download: `/epr/${v.name}/${v.name}-${v.version}.zip`, path: `/package/${v.name}/${v.version}`,
          policy_templates: v.policy_templates.map((t) => ({ name: t.name, title: t.title, description: t.description })),
          conditions: v.conditions, owner: v.owner, categories: v.categories, signature_path: `/epr/${v.name}/${v.name}-${v.version}.zip.sig`,
        });
      }
    }
    return { status: 200, body: out };
  });
  server.route("GET", "/registry/package/:pkgName/:pkgVersion", (req) => {
    const pkg = state.manifest(req.params.pkgName, req.params.pkgVersion);
    if (!pkg) return { status: 404, body: "package revision not found\n", raw: true };
    const { changes: _c, ...manifest } = pkg;
    return { status: 200, body: manifest };
  });
  server.route("GET", "/registry/package/:pkgName/:pkgVersion/changelog.yml", (req) => {
    const r = state.getFile(req.params.pkgName, req.params.pkgVersion, "changelog.yml");
    return { status: r.status, body: r.status === 200 ? r.body : "package revision not found\n", raw: true, headers: { "content-type": "text/yaml; charset=utf-8" } };
  });

  // ---- control API ----
  const ctl = (method: string, pattern: string, handler: (req: SimRequest) => unknown) =>
    server.route(method, pattern, (req) => {
      try {
        const out = handler(req);
        return { status: 200, body: out ?? { ok: true } };
      } catch (e) {
        return { status: 400, body: { error: (e as Error).message } };
      }
    });
  ctl("GET", "/_sim/state", () => state.snapshot());
  ctl("GET", "/_sim/requests", () => server.log);
  ctl("PUT", "/_sim/kibana-version", (req) => {
    const v = body(req).version;
    if (typeof v !== "string" || !semver.valid(v.replace(/-SNAPSHOT$/, ""))) throw new Error("body.version must be a semver string");
    sim.setKibanaVersion(v);
    return { kibanaVersion: v };
  });
  ctl("PUT", "/_sim/registry", (req) => {
    const b = body(req);
    sim.setRegistryReachable(b.reachable !== false, b.installFailureStatus === 502 ? 502 : 404);
    return state.registry;
  });
  ctl("POST", "/_sim/installations", (req) => {
    const b = body(req) as { name: string; version: string; keepPoliciesUpToDate?: boolean; space?: string };
    return state.seedInstallation(b.name, b.version, { keepPoliciesUpToDate: b.keepPoliciesUpToDate, space: b.space });
  });
  ctl("POST", "/_sim/policies", (req) => state.seedPolicy(body(req) as unknown as PolicySeed));
  ctl("POST", "/_sim/faults/policy-upgrade", (req) => {
    const b = body(req) as { policyId: string; times?: number; statusCode?: number; message?: string };
    state.policyUpgradeFailures.set(b.policyId, { times: b.times, statusCode: b.statusCode, message: b.message });
    return { ok: true };
  });
  ctl("POST", "/_sim/faults/install", (req) => {
    const b = body(req) as { name: string; times?: number; message?: string };
    state.installFailures.set(b.name, { times: b.times ?? 1, message: b.message ?? `Error installing ${b.name}: simulated failure` });
    return { ok: true };
  });
  ctl("POST", "/_sim/faults", (req) => ({ id: faults.add(body(req) as FaultRule) }));
  ctl("DELETE", "/_sim/faults", () => {
    faults.clear();
    registryFault = undefined;
    if (!state.registry.reachable) sim.setRegistryReachable(false, state.registry.installFailureStatus);
    return { ok: true };
  });

  const url = await server.listen(0);
  const sim: FleetSim = {
    url,
    registryUrl: `${url}/registry`,
    credentials,
    state,
    server,
    faults,
    clock,
    exchanges,
    setRegistryReachable(reachable, installFailureStatus = 404) {
      state.registry.reachable = reachable;
      state.registry.installFailureStatus = installFailureStatus;
      if (registryFault !== undefined) faults.remove(registryFault);
      registryFault = reachable ? undefined : faults.add({ path: "^/registry/", reset: true });
    },
    setKibanaVersion(version) {
      state.kibanaVersion = version;
    },
    stop: () => server.close(),
  };
  return sim;
}

function toResponse(r: Result): SimResponse {
  return typeof r.body === "string" ? { status: r.status, body: r.body, raw: true, headers: r.headers } : { status: r.status, body: r.body, headers: r.headers };
}

function listPolicies(state: FleetSimState, req: SimRequest, space: string): Result {
  let filter: ReturnType<typeof compileKuery>;
  try {
    filter = compileKuery(req.query.get("kuery") ?? undefined);
  } catch (e) {
    if (e instanceof KueryError) return fleetError(400, e.message);
    throw e;
  }
  const page = Math.max(1, Number(req.query.get("page") ?? 1) || 1);
  const perPage = Math.max(1, Number(req.query.get("perPage") ?? 20) || 20);
  if (perPage > 10000) return fleetError(400, "[request query.perPage]: Value must be equal to or lower than [10000].");
  // default order INFERRED: updated_at descending (saved-objects find default of the Fleet list)
  const sortField = req.query.get("sortField") ?? "updated_at";
  const sortOrder = req.query.get("sortOrder") === "asc" ? 1 : req.query.get("sortOrder") === "desc" ? -1 : sortField === "updated_at" ? -1 : 1;
  const key = (p: Record<string, unknown>): string => String(sortField.split(".").reduce<unknown>((o, k) => (o && typeof o === "object" ? (o as Record<string, unknown>)[k] : undefined), p) ?? "");
  let items = state.policiesInSpace(space).filter(filter);
  if (req.query.get("showUpgradeable") === "true") {
    items = items.filter((p) => {
      const inst = state.installations.get(p.package.name);
      return inst !== undefined && semver.lt(p.package.version, inst.version);
    });
  }
  items.sort((a, b) => {
    const ka = key(a as unknown as Record<string, unknown>), kb = key(b as unknown as Record<string, unknown>);
    return ka < kb ? -sortOrder : ka > kb ? sortOrder : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  });
  const total = items.length;
  const slice = items.slice((page - 1) * perPage, page * perPage).map((p) => (req.query.get("format") === "simplified" ? toSimplified(p) : p));
  return { status: 200, body: { items: slice, total, page, perPage } };
}
