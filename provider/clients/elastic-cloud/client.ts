/**
 * @module clients/elastic-cloud/client — the Elastic Cloud Hosted / ECE deployment API calls an upgrade needs
 * (reference/elastic.md §c): read a deployment with plan logs, change its version (PUT plan or the targeted
 * upgrade endpoint), cancel a pending plan, list stack versions (`upgradable_to`), Upgrade Assistant status.
 *
 * @example
 * const cloud = new ElasticCloudClient({ apiKey });                       // Elastic Cloud Hosted
 * const ece = new ElasticCloudClient({ apiKey, endpoint: "https://ece-coordinator:12443" });
 * const d = await cloud.getDeployment(id, { showPlanLogs: true });
 */
import { z } from "zod";
import { HttpStatusError, ResponseShapeError } from "../errors";
import { createHttpClient, HttpClient, seg, ConnectionOptions, connectionOptions } from "../http";
import {
  CancelPlanResponse,
  Deployment,
  DeploymentUpdateResponse,
  PlanAttempt,
  StackVersion,
  StackVersions,
  UpgradeAssistantStatus,
} from "./schemas";

/** Elastic Cloud Hosted API endpoint; set `endpoint` to an ECE coordinator (`https://host:12443`) instead. */
export const ELASTIC_CLOUD_ENDPOINT = "https://api.elastic-cloud.com";

export interface ElasticCloudClientOptions extends ConnectionOptions {
  apiKey: string;
  /** default ELASTIC_CLOUD_ENDPOINT; a trailing `/api/v1` is accepted */
  endpoint?: string;
}

export interface CallOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
}

export type ResourceKind = "elasticsearch" | "kibana" | "apm" | "integrations_server" | "enterprise_search" | "appsearch";

/** Error codes meaning "another plan is in the way: re-read and retry later" (elastic.md §c5). */
const BUSY_CODE = /plan_state_error|plan_change_error|version_conflict/;

/** True for an HttpStatusError saying the deployment is busy with another plan (or changed under us). */
export function isPlanBusyError(e: unknown): boolean {
  return e instanceof HttpStatusError && e.status >= 400 && e.status < 500 && BUSY_CODE.test(`${e.errorCode ?? ""} ${e.bodyExcerpt}`);
}

export class ElasticCloudClient {
  readonly http: HttpClient;
  /** true when talking to Elastic Cloud Hosted rather than an ECE installation */
  readonly hosted: boolean;

  constructor(options: ElasticCloudClientOptions | { http: HttpClient; hosted?: boolean }) {
    if ("http" in options) {
      this.http = options.http;
      this.hosted = options.hosted ?? false;
      return;
    }
    const endpoint = (options.endpoint ?? ELASTIC_CLOUD_ENDPOINT).replace(/\/+$/, "").replace(/\/api\/v1$/, "");
    this.hosted = new URL(endpoint).host === new URL(ELASTIC_CLOUD_ENDPOINT).host;
    this.http = createHttpClient({
      baseUrl: `${endpoint}/api/v1`,
      auth: { kind: "apiKey", apiKey: options.apiKey },
      ...connectionOptions(options),
      service: this.hosted ? "Elastic Cloud" : "Elastic Cloud Enterprise",
    });
  }

  /** `GET /deployments/{id}?show_plans=true[&show_plan_logs=true][&show_plan_history=true]`. */
  async getDeployment(id: string, o: CallOptions & { showPlanLogs?: boolean; showPlanHistory?: boolean } = {}): Promise<Deployment> {
    return (await this.getDeploymentVersioned(id, o)).deployment;
  }

  /** Like getDeployment, also returning `x-cloud-resource-version` for an optimistic-concurrency PUT. */
  async getDeploymentVersioned(id: string, o: CallOptions & { showPlanLogs?: boolean; showPlanHistory?: boolean } = {}): Promise<{ deployment: Deployment; resourceVersion?: string }> {
    const r = await this.http.exchange("GET", `/deployments/${seg(id)}`, {
      query: { show_plans: true, show_plan_logs: o.showPlanLogs, show_plan_history: o.showPlanHistory },
      schema: Deployment,
      signal: o.signal,
      timeoutMs: o.timeoutMs,
    });
    const v = r.headers["x-cloud-resource-version"];
    return { deployment: r.data, ...(typeof v === "string" ? { resourceVersion: v } : {}) };
  }

  /**
   * `PUT /deployments/{id}` with a full `DeploymentUpdateRequest` (see buildVersionUpdate). `version` makes the
   * update conditional on `x-cloud-resource-version`.
   */
  updateDeployment(id: string, body: unknown, o: CallOptions & { version?: string; skipSnapshot?: boolean; validateOnly?: boolean } = {}): Promise<DeploymentUpdateResponse> {
    return this.http.request("PUT", `/deployments/${seg(id)}`, {
      query: { version: o.version, skip_snapshot: o.skipSnapshot, validate_only: o.validateOnly },
      body,
      schema: DeploymentUpdateResponse,
      signal: o.signal,
      timeoutMs: o.timeoutMs,
    });
  }

  /**
   * `POST /deployments/{id}/upgrade {"target_version"}` — ECH targeted upgrade (tech preview, 2026), answered
   * 202. The response body is not documented beyond the status, so it is returned unparsed.
   */
  async upgradeDeployment(id: string, targetVersion: string, o: CallOptions = {}): Promise<{ status: number; body: unknown }> {
    const r = await this.http.exchange("POST", `/deployments/${seg(id)}/upgrade`, {
      body: { target_version: targetVersion },
      schema: z.unknown(),
      expectStatus: [200, 202],
      ...o,
    });
    return { status: r.status, body: r.data };
  }

  /**
   * `DELETE /deployments/{id}/{kind}/{ref_id}/plan/pending` — cancels a plan in flight. Returns false when
   * there was none (400 `deployments.resource_does_not_have_a_pending_plan`).
   */
  async cancelPendingPlan(id: string, kind: ResourceKind, refId: string, o: CallOptions & { forceDelete?: boolean } = {}): Promise<CancelPlanResponse | false> {
    try {
      return await this.http.request("DELETE", `/deployments/${seg(id)}/${kind}/${seg(refId)}/plan/pending`, {
        query: { force_delete: o.forceDelete },
        schema: CancelPlanResponse,
        signal: o.signal,
        timeoutMs: o.timeoutMs,
      });
    } catch (e) {
      if (e instanceof HttpStatusError && e.status === 400 && /resource_does_not_have_a_pending_plan/.test(`${e.errorCode ?? ""} ${e.bodyExcerpt}`)) return false;
      throw e;
    }
  }

  /** `GET /deployments/{id}/{kind}/{ref_id}/activity/{attempt_id}` — one plan attempt (`CommonClusterPlanInfo`). */
  planActivity(id: string, kind: ResourceKind, refId: string, attemptId: string, o: CallOptions = {}): Promise<PlanAttempt> {
    return this.http.request("GET", `/deployments/${seg(id)}/${kind}/${seg(refId)}/activity/${seg(attemptId)}`, { schema: PlanAttempt, ...o });
  }

  /**
   * Stack versions with their `upgradable_to` lists. With `region` this is the regional path ECH serves
   * (`/regions/{region}/stack/versions`, cloud-sdk-go RegionBasePath); without, the global ECE path.
   */
  async stackVersions(o: CallOptions & { region?: string; showDeleted?: boolean; showUnusable?: boolean } = {}): Promise<StackVersion[]> {
    const r = await this.http.request("GET", `${regionPrefix(o.region)}/stack/versions`, {
      query: { show_deleted: o.showDeleted, show_unusable: o.showUnusable },
      schema: StackVersions,
      signal: o.signal,
      timeoutMs: o.timeoutMs,
    });
    return r.stacks;
  }

  /** One stack version, or undefined when the platform does not know it (404 `stackpack.version_not_found`). */
  async stackVersion(version: string, o: CallOptions & { region?: string } = {}): Promise<StackVersion | undefined> {
    const path = `${regionPrefix(o.region)}/stack/versions/${seg(version)}`;
    const r = await this.http.exchange("GET", path, {
      schema: z.unknown(),
      expectStatus: [200, 404],
      signal: o.signal,
      timeoutMs: o.timeoutMs,
    });
    if (r.status === 404) return undefined;
    const parsed = StackVersion.safeParse(r.data);
    if (parsed.success) return parsed.data;
    const issues = parsed.error.issues.map((i) => `${i.path.length ? i.path.map(String).join(".") : "(root)"}: ${i.message}`);
    throw new ResponseShapeError("GET", path, issues, this.http.redact(JSON.stringify(r.data) ?? "").slice(0, 400), this.http.service);
  }

  /** `GET /deployments/{id}/upgrade_assistant/status`. */
  upgradeAssistantStatus(id: string, o: CallOptions = {}): Promise<UpgradeAssistantStatus> {
    return this.http.request("GET", `/deployments/${seg(id)}/upgrade_assistant/status`, { schema: UpgradeAssistantStatus, ...o });
  }

  close(): Promise<void> {
    return this.http.close();
  }
}

function regionPrefix(region: string | undefined): string {
  return region ? `/regions/${seg(region)}` : "";
}
