// A MODEL of `terraform apply` changing `ec_deployment.version`, for the benchmark baseline
// (tests/bench/elastic.bench.ts). It is not the elastic/terraform-provider-ec code: it is plain code doing the Elastic
// Cloud API calls that provider makes for a version change, paced as it paces them.
//
// Sources (summarised in /work/shared/reference/elastic.md §c2, §c3, §e1):
// - terraform-provider-ec ec/ecresource/deploymentresource/update.go: read the deployment, then
//   `deploymentapi.Update` — PUT /api/v1/deployments/{id} with the full update request, every resource's plan version
//   set to the target (PayloadOverrides{Version}) — then `WaitForPlanCompletion`;
// - wait.go / cloud-sdk-go pkg/plan (planutil.Wait, TrackChange): poll GET /deployments/{id} every 2 s; the change is
//   done after MaxRetries = 4 consecutive polls that show no pending plan; then one read with show_plan_history=true
//   catches a plan that failed between polls; the provider then reads the deployment back into state.
// «modelled»: the first poll comes one interval after the PUT (a ticker), and a poll sees a plan as pending while any
// resource has `plan_info.pending`. Not modelled: the 2 min wait for Integrations Server URLs (the simulated
// deployment has none), Terraform's own refresh/plan phase beyond one read, provider start-up.
import { call, type Endpoint, sleep } from "./http";

/** The modelled intervals, in seconds of (simulated) time: multiplied by `timeScale` at run time. */
export const TERRAFORM_EC_INTERVALS = {
  /** planutil.Wait poll frequency */
  pollS: 2,
  /** consecutive polls without a pending plan before the change counts as done */
  idlePolls: 4,
  /** give up after this many polls (the provider has no `timeouts` block; Terraform's default context applies) */
  maxPolls: 10_000,
} as const;

export interface TerraformApplyOptions {
  cloud: Endpoint;
  deploymentId: string;
  target: string;
  timeScale: number;
  signal?: AbortSignal;
}

export interface TerraformApplyResult {
  polls: number;
  /** the version read back into state: the lowest of the resources (PR #371) */
  version: string;
}

interface PlanAttempt {
  plan?: { elasticsearch?: { version?: string }; kibana?: { version?: string } };
  attempt_start_time?: string;
  healthy?: boolean;
  error?: { message?: string };
  plan_attempt_log?: { step_id: string; status: string; info_log?: { message: string }[] }[];
}

interface Resource {
  ref_id: string;
  info: { plan_info: { current?: PlanAttempt; pending?: PlanAttempt | null; history?: PlanAttempt[] } };
}

interface Deployment {
  resources: { elasticsearch: Resource[]; kibana?: Resource[] };
}

export class TerraformApplyError extends Error {
  constructor(message: string) {
    super(`${message} — terraform apply fails here, as the modelled provider would; fix the deployment and apply again`);
    this.name = "TerraformApplyError";
  }
}

const versionOf = (kind: "elasticsearch" | "kibana", a?: PlanAttempt | null) => (kind === "elasticsearch" ? a?.plan?.elasticsearch?.version : a?.plan?.kibana?.version);

/** Runs the modelled apply until the deployment's plans are done; throws when a plan attempt failed. */
export async function runTerraformEcApply(o: TerraformApplyOptions): Promise<TerraformApplyResult> {
  const I = TERRAFORM_EC_INTERVALS;
  const path = `/api/v1/deployments/${encodeURIComponent(o.deploymentId)}`;
  const get = (query = "") => call<Deployment>(o.cloud, "GET", path + query, undefined, o.signal);
  const kinds = (d: Deployment) => [
    ...d.resources.elasticsearch.map((r) => ["elasticsearch", r] as const),
    ...(d.resources.kibana ?? []).map((r) => ["kibana", r] as const),
  ];

  // refresh: read the deployment (the state the plan diffs against)
  const before = await get();
  // apply: the full update request with every resource's version set to the target
  const resources: Record<string, unknown[]> = { elasticsearch: [], kibana: [] };
  for (const [kind, r] of kinds(before)) {
    resources[kind].push({ ref_id: r.ref_id, region: "", plan: { ...(r.info.plan_info.current?.plan ?? {}), [kind]: { ...((r.info.plan_info.current?.plan?.[kind] as object) ?? {}), version: o.target } } });
  }
  const startedAt = Date.now();
  await call(o.cloud, "PUT", path, { prune_orphans: false, resources }, o.signal);

  // WaitForPlanCompletion: every 2 s, done after 4 consecutive polls without a pending plan
  let idle = 0;
  let polls = 0;
  while (idle < I.idlePolls) {
    if (polls >= I.maxPolls) throw new TerraformApplyError(`deployment ${o.deploymentId}: plan still pending after ${polls} polls`);
    await sleep(I.pollS * 1000 * o.timeScale, o.signal);
    polls++;
    const d = await get("?show_plans=true&show_plan_logs=true");
    idle = kinds(d).some(([, r]) => r.info.plan_info.pending) ? 0 : idle + 1;
  }
  // catch a plan that failed between polls
  const h = await get("?show_plans=true&show_plan_logs=true&show_plan_history=true");
  for (const [kind, r] of kinds(h)) {
    const pi = r.info.plan_info;
    if (versionOf(kind, pi.current) === o.target) continue;
    const failed = (pi.history ?? []).filter((a) => versionOf(kind, a) === o.target && Date.parse(a.attempt_start_time ?? "") >= startedAt - 1000).pop();
    const last = failed?.plan_attempt_log?.filter((s) => s.status === "error" && s.step_id !== "plan-completed").pop();
    throw new TerraformApplyError(
      `${kind} ${r.ref_id} is not on ${o.target}${failed ? `: plan failed at step ${last?.step_id ?? "?"}: ${failed.error?.message ?? last?.info_log?.at(-1)?.message ?? "no message"}` : ""}`,
    );
  }
  // read back into state: the lowest resource version
  const after = await get();
  const versions = kinds(after)
    .map(([kind, r]) => versionOf(kind, r.info.plan_info.current))
    .filter((v): v is string => !!v)
    .sort((a, b) => a.localeCompare(b, undefined, { numeric: true }));
  return { polls, version: versions[0] ?? "" };
}
