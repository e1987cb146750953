// Simulated Elastic Cloud Hosted / ECE deployment API (elastic.md §c, elastic-api-shapes.md §13): deployments
// with an Elasticsearch and a Kibana resource, plans that run step by step over scaled time (the attempt log
// ends in `plan-completed`, status success or error), the classic full-plan PUT, the targeted
// `POST /deployments/{id}/upgrade`, cancelling a pending plan, stack versions with `upgradable_to` and
// `min_upgradable_from`, and the pending-plan refusal. Auth: `Authorization: ApiKey <key>`.
// Constructed/inferred parts are marked: step ids other than `plan-completed` («synth», after cloud-sdk-go
// PR #66 output), the HTTP status of the pending-plan refusal (400, not documented), failed attempts going to
// plan history while `current` keeps the last successful plan (cloud-sdk-go re-reads history to catch
// failures), and the 202 body of the targeted upgrade (not in the stored page).
import { randomUUID } from "crypto";
import { z } from "zod";
import releasesData from "../../../provider/versions/data/elastic-releases.json";
import type { SimClock } from "../common/clock";
import { FaultBook } from "../common/faults";
import { parseAuthorization, SimServer, type SimRequest, type SimResponse } from "../common/http";
import { compareVersions, isVersion, minIndexCompat, minWireCompat, parseVersion } from "../elasticsearch/versions";

export const CloudDeploymentConfigSchema = z.object({
  id: z.string().optional(),
  name: z.string().default("sim-deployment"),
  version: z.string().default("8.17.3"),
  region: z.string().optional(),
  esInstances: z.number().int().min(1).default(3),
  kibanaInstances: z.number().int().min(1).default(1),
});

export const CloudConfigSchema = z.object({
  apiKey: z.string().default("sim-cloud-api-key"),
  region: z.string().default("gcp-us-central1"),
  deployments: z.array(CloudDeploymentConfigSchema).default(() => [CloudDeploymentConfigSchema.parse({})]),
  /** versions offered by the stack versions API; default: every GA release ≥ 7.17.0 in the bundled catalog */
  stackVersions: z.array(z.string()).optional(),
  timings: z
    .object({
      /** a plain plan step */
      stepMs: z.number().min(0).default(5_000),
      /** one instance restarted on the new version inside `rolling-upgrade` */
      instanceMs: z.number().min(0).default(20_000),
    })
    .prefault({}),
});
export type CloudConfigInput = z.input<typeof CloudConfigSchema>;
export type CloudConfig = z.output<typeof CloudConfigSchema>;

type Kind = "elasticsearch" | "kibana";

export interface PlanStep {
  step_id: string;
  started: string;
  completed?: string;
  duration_in_millis?: number;
  status: "success" | "warning" | "error" | "pending";
  stage: "starting" | "in_progress" | "completed";
  info_log: { timestamp: string; delta_in_millis: number; stage: string; message: string; details: Record<string, unknown>; failure_type?: string }[];
}

export interface PlanAttempt {
  plan_attempt_id: string;
  plan_attempt_name: string;
  healthy: boolean;
  attempt_start_time: string;
  attempt_end_time?: string;
  plan_end_time: string;
  plan: Record<string, unknown>;
  plan_attempt_log: PlanStep[];
  source: { action: string; date: string; facilitator: string; user_id?: string };
  error?: { message: string; failure_type: string };
  warnings: unknown[];
}

export interface CloudResource {
  kind: Kind;
  refId: string;
  id: string;
  region: string;
  version: string;
  instances: { instance_name: string; service_version: string; zone: string }[];
  current: PlanAttempt;
  pending?: PlanAttempt;
  history: PlanAttempt[];
  abort?: AbortController;
}

export interface CloudDeployment {
  id: string;
  name: string;
  region: string;
  resourceVersion: number;
  elasticsearch: CloudResource;
  kibana: CloudResource;
  /** Upgrade Assistant: number of critical deprecations (fault) */
  criticalDeprecations: number;
}

export interface PlanFailFault {
  id: number;
  deployment?: string;
  kind?: Kind;
  step: string;
  message?: string;
  times?: number;
}

export class CloudApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "CloudApiError";
  }
}

interface Release {
  version: string;
  date: string;
}
const RELEASES: Release[] = (releasesData as { releases: Release[] }).releases;

/** «constructed» from elastic.md §0/§a1/§a2: newer version, not released earlier, major gates */
export function upgradableTo(cur: string, offered: string[]): string[] {
  const date = (v: string) => RELEASES.find((r) => r.version === v)?.date ?? "9999-12-31";
  const [cm, cn] = parseVersion(cur);
  return offered.filter((t) => {
    if (compareVersions(t, cur) <= 0 || date(t) < date(cur)) return false;
    const [tm, tn] = parseVersion(t);
    if (tm === cm) return true;
    if (tm !== cm + 1) return false;
    if (tm === 7) return cm === 6 && cn === 8;
    if (tm === 8) return cn === 17;
    if (tm === 9) return tn === 0 ? cn === 18 : cn === 19;
    return false;
  });
}

export function minUpgradableFrom(v: string): string {
  const [m, n] = parseVersion(v);
  if (m === 9) return n === 0 ? "8.18.0" : "8.19.0";
  if (m === 8) return "7.17.0";
  if (m === 7) return "6.8.0";
  return `${m - 1}.0.0`;
}

const iso = (t = Date.now()) => new Date(t).toISOString();

export class CloudSim {
  readonly deployments = new Map<string, CloudDeployment>();
  readonly stackVersions: string[];
  readonly planFaults: PlanFailFault[] = [];
  private nextFaultId = 1;
  private closed = false;

  constructor(
    readonly cfg: CloudConfig,
    private readonly clock: SimClock,
  ) {
    this.stackVersions = cfg.stackVersions ?? RELEASES.map((r) => r.version).filter((v) => compareVersions(v, "7.17.0") >= 0);
    for (const d of cfg.deployments) {
      if (!isVersion(d.version)) throw new Error(`cloud deployment ${d.name}: "${d.version}" is not a version like 8.17.3`);
      const id = d.id ?? randomUUID().replace(/-/g, "");
      const region = d.region ?? cfg.region;
      const mk = (kind: Kind, n: number): CloudResource => {
        const attempt = this.attempt(kind, d.version, "deployments.create-deployment");
        attempt.attempt_end_time = iso();
        attempt.plan_attempt_log = [this.step("plan-completed", "success", "Plan completed")];
        return {
          kind,
          refId: kind === "elasticsearch" ? "main-elasticsearch" : "main-kibana",
          id: randomUUID().replace(/-/g, ""),
          region,
          version: d.version,
          instances: Array.from({ length: n }, (_, i) => ({ instance_name: `instance-${String(i).padStart(10, "0")}`, service_version: d.version, zone: `${region}-${"abc"[i % 3]}` })),
          current: attempt,
          history: [],
        };
      };
      this.deployments.set(id, { id, name: d.name, region, resourceVersion: 1, elasticsearch: mk("elasticsearch", d.esInstances), kibana: mk("kibana", d.kibanaInstances), criticalDeprecations: 0 });
    }
  }

  deployment(id: string): CloudDeployment {
    const d = this.deployments.get(id);
    if (!d) throw new CloudApiError(404, "deployments.deployment_not_found", `Deployment [${id}] cannot be found`);
    return d;
  }

  resource(d: CloudDeployment, kind: string, refId: string): CloudResource {
    const r = kind === "elasticsearch" ? d.elasticsearch : kind === "kibana" ? d.kibana : undefined;
    if (!r || (refId !== "_main" && refId !== r.refId)) throw new CloudApiError(404, "deployments.deployment_resource_not_found", `Resource [${kind}/${refId}] of deployment [${d.id}] cannot be found`);
    return r;
  }

  addPlanFault(f: Omit<PlanFailFault, "id">): PlanFailFault {
    const fault = { ...f, id: this.nextFaultId++ };
    this.planFaults.push(fault);
    return fault;
  }

  removePlanFault(id: number): boolean {
    const i = this.planFaults.findIndex((f) => f.id === id);
    if (i < 0) return false;
    this.planFaults.splice(i, 1);
    return true;
  }

  /** validates a version change of a whole deployment; throws CloudApiError like the real API */
  validateTarget(d: CloudDeployment, target: string, code = "clusters.cluster_plan_change_prohibited"): void {
    if (!isVersion(target) || !this.stackVersions.includes(target)) throw new CloudApiError(400, "deployments.invalid_version", `Version [${target}] is not a valid or available stack version`);
    for (const r of [d.elasticsearch, d.kibana]) {
      if (r.pending) throw this.pendingError(r);
    }
    const cur = d.elasticsearch.version;
    if (compareVersions(target, cur) === 0) return;
    if (compareVersions(target, cur) < 0 || !upgradableTo(cur, this.stackVersions).includes(target)) {
      throw new CloudApiError(400, code, `Value of field 'elasticsearch.version' cannot be changed to [${target}]: upgrade path from [${cur}] is not allowed`);
    }
  }

  pendingError(r: CloudResource): CloudApiError {
    const kind = r.kind === "elasticsearch" ? "Elasticsearch" : "Kibana";
    return new CloudApiError(400, "deployments.resource_plan_state_error", `${kind} resource [${r.refId}] has a plan still pending, cancel that or wait for it to complete`);
  }

  /** starts the upgrade plans: Elasticsearch first, then Kibana ("single plan execution" order, elastic.md §a6) */
  startUpgrade(d: CloudDeployment, esVersion: string, kibanaVersion: string, action: string): void {
    d.resourceVersion++;
    const esChanges = esVersion !== d.elasticsearch.version;
    const kbChanges = kibanaVersion !== d.kibana.version;
    const kbAttempt = kbChanges ? this.attempt("kibana", kibanaVersion, action) : undefined;
    if (kbAttempt) d.kibana.pending = kbAttempt;
    const run = async () => {
      let ok = true;
      if (esChanges) ok = await this.runPlan(d, d.elasticsearch, this.attempt("elasticsearch", esVersion, action), esVersion);
      if (kbAttempt) {
        if (ok) await this.runPlan(d, d.kibana, kbAttempt, kibanaVersion);
        else this.finish(d, d.kibana, kbAttempt, false, "Plan was not started: the Elasticsearch plan failed");
      }
    };
    void run();
  }

  /** the "plan already pending" fault: a plan that holds in `rolling-upgrade` until cancelled */
  holdPendingPlan(d: CloudDeployment, kind: Kind): void {
    const r = kind === "elasticsearch" ? d.elasticsearch : d.kibana;
    if (r.pending) throw this.pendingError(r);
    void this.runPlan(d, r, this.attempt(kind, r.version, "deployments.update-deployment"), r.version, true);
  }

  cancelPending(d: CloudDeployment, r: CloudResource): void {
    if (!r.pending) throw new CloudApiError(400, "deployments.resource_does_not_have_a_pending_plan", `Resource [${r.refId}] does not have a pending plan`);
    if (r.abort) r.abort.abort(new Error("cancelled"));
    else this.finish(d, r, r.pending, false, "Plan was cancelled");
  }

  close(): void {
    this.closed = true;
    for (const d of this.deployments.values()) for (const r of [d.elasticsearch, d.kibana]) r.abort?.abort(new Error("simulator stopped"));
  }

  snapshot(): Record<string, unknown> {
    return {
      deployments: [...this.deployments.values()].map((d) => ({
        id: d.id,
        name: d.name,
        region: d.region,
        critical_deprecations: d.criticalDeprecations,
        resources: [d.elasticsearch, d.kibana].map((r) => ({
          kind: r.kind,
          ref_id: r.refId,
          version: r.version,
          instances: r.instances,
          pending: r.pending ? { plan_attempt_id: r.pending.plan_attempt_id, steps: r.pending.plan_attempt_log.map((s) => `${s.step_id}:${s.status}`) } : null,
          history: r.history.map((h) => ({ plan_attempt_id: h.plan_attempt_id, healthy: h.healthy, error: h.error?.message ?? null })),
        })),
      })),
      plan_faults: this.planFaults,
    };
  }

  // ------------------------------------------------------------------ internals

  private attempt(kind: Kind, version: string, action: string): PlanAttempt {
    return {
      plan_attempt_id: randomUUID(),
      plan_attempt_name: `attempt-${Date.now().toString(36)}`,
      healthy: true,
      attempt_start_time: iso(),
      plan_end_time: "0001-01-01T00:00:00.000Z",
      plan: kind === "elasticsearch" ? { elasticsearch: { version }, cluster_topology: [{ id: "hot_content", zone_count: 2, node_roles: ["master", "ingest", "transform", "data_hot", "remote_cluster_client", "data_content"], size: { resource: "memory", value: 8192 }, instance_configuration_id: "gcp.es.datahot.n2.68x16x45" }], deployment_template: { id: "gcp-general-purpose-v3" } } : { kibana: { version }, cluster_topology: [{ instance_configuration_id: "gcp.kibana.n2.68x32x45", zone_count: 1, size: { resource: "memory", value: 1024 } }] },
      plan_attempt_log: [],
      source: { action, date: iso(), facilitator: "sim", user_id: "sim-user" },
      warnings: [],
    };
  }

  private step(id: string, status: PlanStep["status"], message: string, failure?: string): PlanStep {
    const now = iso();
    return {
      step_id: id,
      started: now,
      completed: now,
      duration_in_millis: 0,
      status,
      stage: "completed",
      info_log: [{ timestamp: now, delta_in_millis: 0, stage: "completed", message, details: {}, ...(failure ? { failure_type: failure } : {}) }],
    };
  }

  private takeFault(d: CloudDeployment, kind: Kind, step: string): PlanFailFault | undefined {
    const f = this.planFaults.find((x) => x.step === step && (!x.deployment || x.deployment === d.id) && (!x.kind || x.kind === kind));
    if (f && f.times !== undefined) {
      f.times--;
      if (f.times <= 0) this.planFaults.splice(this.planFaults.indexOf(f), 1);
    }
    return f;
  }

  /** runs one attempt; resolves true when it completed successfully */
  private async runPlan(d: CloudDeployment, r: CloudResource, a: PlanAttempt, version: string, hold = false): Promise<boolean> {
    const abort = new AbortController();
    r.pending = a;
    r.abort = abort;
    const steps = r.kind === "elasticsearch" ? ["validate-plan-prerequisites", "snapshot-cluster", "rolling-upgrade", "wait-until-running", "verify-non-split"] : ["validate-plan-prerequisites", "rolling-upgrade", "wait-until-running"];
    try {
      for (const id of steps) {
        const started = Date.now();
        const s: PlanStep = { step_id: id, started: iso(started), status: "pending", stage: "in_progress", info_log: [] };
        a.plan_attempt_log.push(s);
        const log = (message: string, stage = "in_progress") => s.info_log.push({ timestamp: iso(), delta_in_millis: Date.now() - started, stage, message, details: {} });
        const fault = this.takeFault(d, r.kind, id);
        if (id === "rolling-upgrade") {
          if (hold) {
            log("Waiting for the pending plan to be released");
            await new Promise<never>((_, reject) => abort.signal.addEventListener("abort", () => reject(abort.signal.reason), { once: true }));
          }
          for (const inst of r.instances) {
            if (inst.service_version === version) continue;
            log(`Upgrading ${inst.instance_name}`);
            await this.clock.sleep(this.cfg.timings.instanceMs, abort.signal);
            if (fault) break;
            inst.service_version = version;
          }
        } else {
          await this.clock.sleep(this.cfg.timings.stepMs, abort.signal);
        }
        s.completed = iso();
        s.duration_in_millis = Date.now() - started;
        s.stage = "completed";
        if (fault) {
          s.status = "error";
          const msg = fault.message ?? `Unexpected error during step: [${id}] (injected fault)`;
          s.info_log.push({ timestamp: iso(), delta_in_millis: Date.now() - started, stage: "completed", message: msg, details: {}, failure_type: "ClusterFailure:PlanStepFailed" });
          this.finish(d, r, a, false, msg);
          return false;
        }
        s.status = "success";
      }
      r.version = version;
      this.finish(d, r, a, true, "Plan successfully completed");
      return true;
    } catch (e) {
      if (this.closed) return false;
      const last = a.plan_attempt_log[a.plan_attempt_log.length - 1];
      if (last && last.stage !== "completed") {
        last.status = "error";
        last.stage = "completed";
        last.completed = iso();
      }
      this.finish(d, r, a, false, "Plan was cancelled");
      return false;
    }
  }

  private finish(d: CloudDeployment, r: CloudResource, a: PlanAttempt, ok: boolean, message: string): void {
    a.plan_attempt_log.push(this.step("plan-completed", ok ? "success" : "error", message, ok ? undefined : "ClusterFailure:PlanFailed"));
    a.attempt_end_time = iso();
    a.healthy = ok;
    if (ok) {
      a.plan_end_time = iso();
      r.history.push(r.current);
      r.current = a;
    } else {
      a.error = { message, failure_type: "ClusterFailure:PlanFailed" };
      r.history.push(a);
    }
    if (r.pending === a) r.pending = undefined;
    r.abort = undefined;
    d.resourceVersion++;
  }
}

// ====================================================================== HTTP

function cloudError(e: CloudApiError): SimResponse {
  return { status: e.status, body: { errors: [{ code: e.code, message: e.message }] }, headers: { "x-cloud-error-codes": e.code } };
}

export function createCloudServer(sim: CloudSim, faults?: FaultBook): SimServer {
  const server = new SimServer({
    name: "cloud",
    faults,
    auth: (req: SimRequest) => {
      const a = parseAuthorization(req.headers);
      if (a?.scheme === "apikey" && a.token === sim.cfg.apiKey) return undefined;
      return cloudError(new CloudApiError(401, "root.unauthorized", "The supplied authentication is invalid"));
    },
    onBadJson: () => cloudError(new CloudApiError(400, "root.invalid_json_request", "The request body is not valid JSON")),
    notFound: (req) => cloudError(new CloudApiError(404, "root.resource_not_found", `The requested resource [${req.path}] could not be found`)),
  });
  const route = (method: string, pattern: string, h: (req: SimRequest) => SimResponse) =>
    server.route(method, `/api/v1${pattern}`, (req) => {
      try {
        return h(req);
      } catch (e) {
        if (e instanceof CloudApiError) return cloudError(e);
        throw e;
      }
    });
  const flag = (req: SimRequest, name: string, dflt: boolean) => {
    const v = req.query.get(name);
    return v === null ? dflt : v !== "false";
  };

  const attemptView = (a: PlanAttempt, logs: boolean) => ({ ...a, plan_attempt_log: logs ? a.plan_attempt_log : [] });
  const resourceView = (d: CloudDeployment, r: CloudResource, req: SimRequest) => {
    const plans = flag(req, "show_plans", true);
    const logs = flag(req, "show_plan_logs", false);
    const history = flag(req, "show_plan_history", false);
    const lastFailed = r.history.length > 0 && !r.history[r.history.length - 1].healthy && r.history[r.history.length - 1].plan_attempt_id !== r.current.plan_attempt_id;
    const planInfo: Record<string, unknown> = { healthy: !lastFailed };
    if (plans) {
      planInfo.current = attemptView(r.current, logs);
      if (r.pending) planInfo.pending = attemptView(r.pending, logs);
      if (history) planInfo.history = r.history.map((h) => attemptView(h, logs));
    }
    const running = !r.pending;
    const info: Record<string, unknown> = {
      healthy: !lastFailed,
      status: running ? "started" : "reconfiguring",
      deployment_id: d.id,
      plan_info: planInfo,
      topology: { healthy: true, instances: r.instances.map((i) => ({ ...i, healthy: true, service_running: true, maintenance_mode: false, ...(r.kind === "elasticsearch" ? { node_roles: ["master", "ingest", "transform", "data_hot", "remote_cluster_client", "data_content"], service_roles: ["data", "master", "ingest"] } : {}) })) },
    };
    if (r.kind === "elasticsearch") {
      Object.assign(info, { cluster_id: r.id, cluster_name: d.name, elasticsearch: { healthy: true, shards_status: { status: "green" }, master_info: { healthy: true } } });
      return { ref_id: r.refId, id: r.id, region: r.region, info };
    }
    Object.assign(info, { cluster_id: r.id, cluster_name: d.name, elasticsearch_cluster: { elasticsearch_id: d.elasticsearch.id, ref_id: d.elasticsearch.refId } });
    return { ref_id: r.refId, id: r.id, region: r.region, elasticsearch_cluster_ref_id: d.elasticsearch.refId, info };
  };
  const deploymentView = (d: CloudDeployment, req: SimRequest) => ({
    id: d.id,
    name: d.name,
    alias: d.name,
    healthy: [d.elasticsearch, d.kibana].every((r) => !(r.history.length && !r.history[r.history.length - 1].healthy)),
    resources: { elasticsearch: [resourceView(d, d.elasticsearch, req)], kibana: [resourceView(d, d.kibana, req)], apm: [], appsearch: [], enterprise_search: [], integrations_server: [] },
  });
  const versionHeaders = (d: CloudDeployment) => ({ "x-cloud-resource-version": String(d.resourceVersion) });

  route("GET", "/deployments", (req) => ({ status: 200, body: { deployments: [...sim.deployments.values()].map((d) => ({ id: d.id, name: d.name, resources: deploymentView(d, req).resources })) } }));
  route("GET", "/deployments/:id", (req) => {
    const d = sim.deployment(req.params.id);
    return { status: 200, body: deploymentView(d, req), headers: versionHeaders(d) };
  });
  route("GET", "/deployments/:id/upgrade_assistant/status", (req) => {
    const d = sim.deployment(req.params.id);
    const n = d.criticalDeprecations;
    return { status: 200, body: { ready_for_upgrade: n === 0, details: `${n} critical Elasticsearch deprecation issue${n === 1 ? "" : "s"} and 0 Kibana deprecation issues found` } };
  });

  route("GET", "/deployments/:id/:kind/:ref", (req) => {
    const d = sim.deployment(req.params.id);
    return { status: 200, body: resourceView(d, sim.resource(d, req.params.kind, req.params.ref), req), headers: versionHeaders(d) };
  });
  route("GET", "/deployments/:id/:kind/:ref/activity/:attempt", (req) => {
    const d = sim.deployment(req.params.id);
    const r = sim.resource(d, req.params.kind, req.params.ref);
    const a = [r.current, r.pending, ...r.history].find((x) => x && x.plan_attempt_id === req.params.attempt);
    if (!a) throw new CloudApiError(404, "deployments.plan_attempt_not_found", `Plan attempt [${req.params.attempt}] cannot be found`);
    return { status: 200, body: a };
  });
  route("DELETE", "/deployments/:id/:kind/:ref/plan/pending", (req) => {
    const d = sim.deployment(req.params.id);
    const r = sim.resource(d, req.params.kind, req.params.ref);
    if (!r.pending && flag(req, "ignore_missing", false)) return { status: 200, body: { id: d.id, kind: r.kind, ref_id: r.refId } };
    sim.cancelPending(d, r);
    return { status: 200, body: { id: d.id, kind: r.kind, ref_id: r.refId } };
  });
  route("PUT", "/deployments/:id", (req) => {
    const d = sim.deployment(req.params.id);
    const body = req.body as { prune_orphans?: unknown; resources?: { elasticsearch?: { ref_id?: string; plan?: { elasticsearch?: { version?: string } } }[]; kibana?: { ref_id?: string; plan?: { kibana?: { version?: string } } }[] } } | undefined;
    if (!body || typeof body !== "object") throw new CloudApiError(400, "root.invalid_json_request", "The request body is required");
    if (typeof body.prune_orphans !== "boolean") throw new CloudApiError(400, "root.invalid_json_request", "JSON request does not comply with schema: [prune_orphans]: required field is missing");
    const expected = req.query.get("version");
    if (expected !== null && expected !== String(d.resourceVersion)) throw new CloudApiError(409, "deployments.version_conflict", `Deployment version [${expected}] does not match the current version [${d.resourceVersion}]; re-read it and retry`);
    const es = body.resources?.elasticsearch?.[0]?.plan?.elasticsearch?.version ?? d.elasticsearch.version;
    const kb = body.resources?.kibana?.[0]?.plan?.kibana?.version ?? (body.resources?.elasticsearch ? es : d.kibana.version);
    if (es !== d.elasticsearch.version || kb !== d.kibana.version) {
      if (d.elasticsearch.pending) throw sim.pendingError(d.elasticsearch);
      if (d.kibana.pending) throw sim.pendingError(d.kibana);
    }
    sim.validateTarget(d, es);
    if (kb !== es) throw new CloudApiError(400, "clusters.cluster_invalid_plan", `Kibana version [${kb}] must match the Elasticsearch version [${es}]`);
    if (!flag(req, "validate_only", false) && (es !== d.elasticsearch.version || kb !== d.kibana.version)) sim.startUpgrade(d, es, kb, "deployments.update-deployment");
    return {
      status: 200,
      headers: versionHeaders(d),
      body: {
        id: d.id,
        name: d.name,
        alias: d.name,
        resources: [d.elasticsearch, d.kibana].map((r) => ({ id: r.id, kind: r.kind, ref_id: r.refId, region: r.region })),
      },
    };
  });
  route("POST", "/deployments/:id/upgrade", (req) => {
    const d = sim.deployment(req.params.id);
    const target = (req.body as { target_version?: unknown } | undefined)?.target_version;
    if (typeof target !== "string" || !isVersion(target)) throw new CloudApiError(400, "deployments.invalid_version", `Invalid target version [${String(target)}]`);
    if (compareVersions(target, "8.0.0") < 0) throw new CloudApiError(400, "deployments.upgrade.target_version_must_be_above_8_0_0", "The target version must be 8.0.0 or above");
    if (compareVersions(d.elasticsearch.version, "8.0.0") < 0) throw new CloudApiError(400, "deployments.upgrade.source_version_must_be_above_8_0_0", "The deployment version must be 8.0.0 or above");
    if (compareVersions(target, d.elasticsearch.version) <= 0) throw new CloudApiError(400, "deployments.upgrade_path_not_allowed", "The target version must be greater than the current deployment version");
    sim.validateTarget(d, target, "deployments.upgrade_path_not_allowed");
    sim.startUpgrade(d, target, target, "deployments.upgrade-deployment");
    // «inferred»: the 202 body is not documented
    return { status: 202, headers: versionHeaders(d), body: { id: d.id, target_version: target } };
  });

  const stackConfig = (v: string) => ({
    version: v,
    accessible: true,
    whitelisted: true,
    deleted: false,
    min_upgradable_from: minUpgradableFrom(v),
    upgradable_to: upgradableTo(v, sim.stackVersions),
    metadata: { pre_release: false, min_wire_compatibility_version: minWireCompat(v), min_index_compatibility_version: minIndexCompat(v).replace("-beta1", ""), schema_version: 2 },
    elasticsearch: { docker_image: `docker.elastic.co/cloud-release/elasticsearch-cloud-ess:${v}`, plugins: [], default_plugins: [], blacklist: [], node_types: [] },
    kibana: { version: v, docker_image: `docker.elastic.co/cloud-release/kibana-cloud:${v}`, blacklist: [] },
    template: {},
  });
  const listStacks = (): SimResponse => ({ status: 200, body: { stacks: [...sim.stackVersions].reverse().map(stackConfig) } });
  const oneStack = (req: SimRequest): SimResponse => {
    if (!sim.stackVersions.includes(req.params.version)) throw new CloudApiError(404, "stackpack.version_not_found", `Stack version [${req.params.version}] cannot be found`);
    return { status: 200, body: stackConfig(req.params.version) };
  };
  route("GET", "/stack/versions", listStacks);
  route("GET", "/stack/versions/:version", oneStack);
  route("GET", "/regions/:region/stack/versions", listStacks);
  route("GET", "/regions/:region/stack/versions/:version", oneStack);
  return server;
}
