/**
 * @module resources/elastic/cloud — upgrades an Elastic Cloud Hosted / ECE deployment hop by hop (elastic.md §c):
 * read the deployment, check each hop against the stack versions API's `upgradable_to` and the rules, refuse
 * while a plan is pending, start the version change, follow the plan log to `plan-completed` (or fail with the
 * failing step's message). Runs on the shared executor so plans, approvals and resume work as self-managed.
 */
import {
  buildVersionUpdate,
  deploymentVersions,
  planOutcome,
  type Deployment,
  type ElasticCloudClient,
  type PlanAttempt,
} from "../../clients/elastic-cloud";
import { executeRollout, isRolloutStopped, messageOf, type ProgressEvent, type Probe, type StepRef, type WaitSpec } from "../../rollout";
import type { RuleOptions } from "../../versions";
import { PartialFailureError, type ResourceContext } from "../core/types";
import { redact } from "../core/values";
import {
  CloudHopNotOfferedError,
  CloudPlanFailedError,
  CloudPlanPendingError,
  DeprecationsBlockedError,
  DowngradeRefusedError,
  UpgradeRefusedError,
} from "./errors";
import type { CloudPlanRecord, Inputs, Outputs } from "./schema";
import { settingsEcho } from "./self-managed";
import { buildCloudPlan, cmp, isMajorHop, KIBANA_TARGET, markComplete, planPath } from "./topology";

export interface CloudDeps {
  client: ElasticCloudClient;
  endpoint: string;
  deploymentId: string;
  secrets: string[];
}

export interface CloudRun {
  inputs: Inputs;
  olds?: Outputs;
  ctx: ResourceContext;
  deps: CloudDeps;
  ruleOptions: RuleOptions;
  /** poll backoff for plan tracking (default DEFAULT_PLAN_POLL_BACKOFF; tests and benches scale it) */
  pollBackoff?: { initialMs?: number; maxMs?: number };
}

/**
 * Plan-log polling: 250 ms, doubling, capped at 1 s, and back to 250 ms whenever the plan is seen to move to
 * another step (the next change, or the plan's end, is then likely near). Plan steps last seconds to minutes, so a
 * poll every ≤ 1 s notices the plan's end within about half a second (the cap used to be 5 s, which cost up to 5 s
 * per plan: see docs/benchmarks.md), for about one Cloud API request per second per running plan (Terraform's
 * provider polls every 2 s). Override with ElasticHandlerOptions.pollBackoff.
 */
export const DEFAULT_PLAN_POLL_BACKOFF: Readonly<{ initialMs: number; maxMs: number }> = { initialMs: 250, maxMs: 1_000 };

/**
 * A Backoff for `waitUntil` that restarts its sequence at `initialMs` after the poll that saw a change: waitUntil
 * computes delay(attempt) = min(max, initial × 2^(attempt−1)) from `spec.backoff` on every sleep, so scaling
 * `initial` by 2^−(polls before the change) makes the sleep after that poll `initial` again.
 */
export function restartingBackoff(base: { initialMs?: number; maxMs?: number } | undefined): { readonly backoff: { initialMs: number; maxMs: number; factor: number }; polled(changed: boolean): void } {
  const initialMs = base?.initialMs ?? DEFAULT_PLAN_POLL_BACKOFF.initialMs;
  const maxMs = base?.maxMs ?? DEFAULT_PLAN_POLL_BACKOFF.maxMs;
  let polls = 0;
  let restartAt = 0;
  return {
    get backoff() {
      return { initialMs: initialMs * Math.pow(2, -restartAt), maxMs, factor: 2 };
    },
    polled(changed) {
      if (changed && polls > 0) restartAt = polls;
      polls++;
    },
  };
}

interface CloudView {
  d: Deployment;
  es: string;
  kibana?: string;
  region?: string;
  pending: { kind: string; refId: string }[];
  hasKibana: boolean;
}

function view(d: Deployment): CloudView {
  const v = deploymentVersions(d);
  const es = v.elasticsearchRunning ?? v.elasticsearch;
  if (!es) throw new Error(`deployment ${d.id ?? ""} has no Elasticsearch resource with a version; check the deployment id`);
  return {
    d,
    es,
    ...(v.kibana ? { kibana: v.kibana } : {}),
    ...(d.resources.elasticsearch[0]?.region ? { region: d.resources.elasticsearch[0].region } : {}),
    pending: v.pending,
    hasKibana: (d.resources.kibana ?? []).length > 0,
  };
}

export const cloudId = (deploymentId: string): string => `cloud:${deploymentId}`;

function outputsOf(run: CloudRun, v: CloudView, extra: { path: string[]; plan?: Outputs["plan"]; outcome: Outputs["outcome"]; message?: string; cloudPlans?: CloudPlanRecord[] }): Outputs {
  const version = v.kibana && cmp(v.kibana, v.es) < 0 ? v.kibana : v.es;
  return {
    version,
    targetVersion: run.inputs.version,
    elasticsearchVersion: v.es,
    ...(v.kibana ? { kibanaVersion: v.kibana } : {}),
    targetKind: "elastic-cloud",
    deploymentId: run.deps.deploymentId,
    cloudEndpoint: run.deps.endpoint,
    ...(typeof v.d.name === "string" ? { clusterName: v.d.name } : {}),
    path: extra.path,
    outcome: extra.outcome,
    ...(extra.message ? { message: extra.message } : {}),
    ...(extra.plan ? { plan: extra.plan } : {}),
    ...(extra.cloudPlans && extra.cloudPlans.length ? { cloudPlans: extra.cloudPlans } : {}),
    ...settingsEcho(run.inputs),
  };
}

async function read(run: CloudRun, signal?: AbortSignal): Promise<CloudView> {
  return view(await run.deps.client.getDeployment(run.deps.deploymentId, { signal }));
}

/** Refusals that need no change to be known: downgrade, rules, pending plan, `upgradable_to`, Upgrade Assistant. */
async function decide(run: CloudRun, v: CloudView) {
  const target = run.inputs.version;
  if (cmp(v.es, target) > 0) throw new DowngradeRefusedError(`deployment ${run.deps.deploymentId} Elasticsearch`, v.es, target);
  if (v.kibana && cmp(v.kibana, target) > 0) throw new DowngradeRefusedError(`deployment ${run.deps.deploymentId} Kibana`, v.kibana, target);
  const verdict = planPath([v.es, ...(v.kibana ? [v.kibana] : [])], target, run.ruleOptions);
  if (!verdict.ok) throw new UpgradeRefusedError(verdict.from, target, verdict.violations);
  const { hops, path } = verdict.plan;
  const plan = buildCloudPlan(hops, run.deps.deploymentId, {
    name: `${run.deps.deploymentId}: ${path.join(" → ")}`,
    strategy: run.inputs.rollout.strategy,
    canarySteps: run.inputs.rollout.canarySteps,
    ...(run.inputs.rollout.approvedThrough ? { approvedThrough: run.inputs.rollout.approvedThrough } : {}),
    canaryApproved: run.inputs.rollout.canaryApproved,
    kibana: v.hasKibana,
  });
  return { hops, path, plan };
}

async function checkOffered(run: CloudRun, v: CloudView, hops: readonly { from: string; to: string }[], signal?: AbortSignal): Promise<void> {
  for (const h of hops) {
    if (cmp(v.es, h.to) >= 0) continue;
    const sv = await run.deps.client.stackVersion(h.from, { ...(v.region ? { region: v.region } : {}), signal });
    const offered = sv?.upgradable_to ?? [];
    if (!offered.includes(h.to)) throw new CloudHopNotOfferedError(h.from, h.to, offered);
  }
}

async function assistantBlocks(run: CloudRun, hop: { from: string; to: string }, signal?: AbortSignal): Promise<void> {
  if (run.inputs.deprecations === "ignore" || !isMajorHop(hop)) return;
  const s = await run.deps.client.upgradeAssistantStatus(run.deps.deploymentId, { signal });
  if (!s.ready_for_upgrade) throw new DeprecationsBlockedError(`${hop.from} → ${hop.to}`, [s.details ?? "the Upgrade Assistant reports blocking issues"], run.inputs.deprecations);
}

const isDone = (v: CloudView, target: string, hop: { to: string }): boolean =>
  target === KIBANA_TARGET ? !!v.kibana && cmp(v.kibana, hop.to) >= 0 : cmp(v.es, hop.to) >= 0;

export async function previewCloud(run: CloudRun): Promise<{ outputs: Outputs; summary: string }> {
  const v = await read(run, run.ctx.signal);
  const { hops, path, plan } = await decide(run, v);
  const blocking: string[] = [];
  if (v.pending.length) blocking.push(`a plan is pending on ${v.pending.map((p) => p.kind).join(", ")}`);
  try {
    await checkOffered(run, v, hops, run.ctx.signal);
  } catch (e) {
    blocking.push(messageOf(e));
  }
  const major = hops.find(isMajorHop);
  if (major) {
    try {
      await assistantBlocks(run, major, run.ctx.signal);
    } catch (e) {
      blocking.push(messageOf(e));
    }
  }
  const predicted = markComplete(plan, (t, h) => isDone(v, t, h));
  const summary =
    hops.length === 0
      ? `Nothing to upgrade: deployment ${run.deps.deploymentId} runs ${run.inputs.version}.`
      : `${path.join(" → ")}: ${hops.length} Elastic Cloud plan${hops.length === 1 ? "" : "s"} on deployment ${run.deps.deploymentId}, ` +
        `Elasticsearch then Kibana per hop; strategy ${run.inputs.rollout.strategy}${predicted.next ? ` (${predicted.next} to continue)` : ""}; ` +
        `${major ? `Upgrade Assistant checked before ${major.from} → ${major.to}` : "no major hop"}; ` +
        `${blocking.length ? `BLOCKING: ${blocking.join("; ")}` : "blocking findings: none"}.`;
  return { outputs: outputsOf(run, v, { path, plan: predicted, outcome: "planned", message: summary }), summary };
}

export async function applyCloud(run: CloudRun): Promise<{ id: string; outputs: Outputs }> {
  const { ctx, deps, inputs } = run;
  const id = cloudId(deps.deploymentId);
  const red = (t: string) => redact(t, deps.secrets);
  const v0 = await read(run, ctx.signal);
  if (v0.pending.length) throw new CloudPlanPendingError(deps.deploymentId, v0.pending.map((p) => `${p.kind} ${p.refId}`));
  const { hops, path, plan } = await decide(run, v0);
  if (hops.length === 0) {
    ctx.info(`deployment ${deps.deploymentId} already runs ${inputs.version}; recorded`);
    return { id, outputs: outputsOf(run, v0, { path, outcome: run.olds ? "complete" : "adopted", message: `already on ${inputs.version}` }) };
  }
  await checkOffered(run, v0, hops, ctx.signal);
  if (cmp(v0.es, hops[0].to) < 0) await assistantBlocks(run, hops[0], ctx.signal);

  const records: CloudPlanRecord[] = [];
  const record = (r: CloudPlanRecord) => {
    const i = records.findIndex((x) => x.hop === r.hop && x.resource === r.resource);
    if (i >= 0) records[i] = r;
    else records.push(r);
  };
  const started = new Map<string, number>();

  /** Poll the deployment's plan for one resource until it runs `to` or its attempt fails. */
  const follow = (step: StepRef, kind: "elasticsearch" | "kibana"): WaitSpec => {
    const pace = restartingBackoff(run.pollBackoff);
    let lastSeen: string | undefined; // the plan's state at the previous poll: a change restarts the backoff
    const probe = async (signal: AbortSignal): Promise<Probe> => {
      const d = await deps.client.getDeployment(deps.deploymentId, { showPlanLogs: true, showPlanHistory: true, signal });
      const res = (kind === "elasticsearch" ? d.resources.elasticsearch : d.resources.kibana ?? [])[0];
      const hop = `${step.hop.from}->${step.hop.to}`;
      if (!res) return { terminal: `deployment has no ${kind} resource` };
      const pi = res.info.plan_info;
      const versionOf = (a: PlanAttempt | null | undefined) => (kind === "elasticsearch" ? a?.plan?.elasticsearch?.version : a?.plan?.kibana?.version);
      if (pi.pending) {
        const o = planOutcome(pi.pending);
        record({ hop, resource: kind, ...(pi.pending.plan_attempt_id ? { attemptId: pi.pending.plan_attempt_id } : {}), status: "running", ...(o.state === "running" && o.step ? { step: o.step } : {}), ...(o.state === "running" && o.message ? { message: o.message } : {}) });
        return { done: false, reason: `plan running${o.state === "running" && o.step ? ` (step ${o.step})` : ""}` };
      }
      if (versionOf(pi.current) === step.hop.to) {
        record({ hop, resource: kind, ...(pi.current?.plan_attempt_id ? { attemptId: pi.current.plan_attempt_id } : {}), status: "completed" });
        return { done: true };
      }
      const last = (pi.history ?? []).filter((a) => versionOf(a) === step.hop.to).pop();
      const since = started.get(`${step.id}`) ?? 0;
      const lastStart = last?.attempt_start_time ? Date.parse(last.attempt_start_time) : 0;
      if (last && lastStart >= since - 1000) {
        const o = planOutcome(last);
        if (o.state === "failed") {
          record({ hop, resource: kind, ...(last.plan_attempt_id ? { attemptId: last.plan_attempt_id } : {}), status: "failed", step: o.step, message: o.message });
          return { terminal: new CloudPlanFailedError(kind, step.hop.to, o.step, o.message).message };
        }
      }
      return { done: false, reason: "waiting for the plan to appear" };
    };
    const poll = async (signal: AbortSignal) => {
      const p = await probe(signal);
      const seen = "terminal" in p ? "" : p.done ? "done" : p.reason;
      pace.polled(lastSeen !== undefined && seen !== lastSeen);
      lastSeen = seen;
      return p;
    };
    return {
      what: `${kind} plan to ${step.hop.to} on deployment ${deps.deploymentId}`,
      timeoutMs: inputs.rollout.nodeTimeoutSeconds * 1000,
      get backoff() {
        return pace.backoff;
      },
      poll,
    };
  };

  const onProgress = (e: ProgressEvent) => {
    const m = red(e.message);
    if (e.level === "status") ctx.status(m);
    else if (e.level === "info") ctx.info(m);
    else ctx.warn(m);
  };

  ctx.info(`deployment ${deps.deploymentId}: ${path.join(" → ")}`);
  let result;
  try {
    result = await executeRollout<CloudView>(
      {
        plan,
        observe: (signal) => read(run, signal),
        isComplete: (s, obs) => isDone(obs, s.target, s.hop),
        steps: {
          prepare: async (step, sc) => {
            // later major hops: the Upgrade Assistant is asked when the hop starts (the first hop was checked above)
            const first = step.hop.from === hops[0].from && step.hop.to === hops[0].to;
            if (step.target !== KIBANA_TARGET && !first && cmp(sc.observation.es, step.hop.to) < 0) await assistantBlocks(run, step.hop, sc.signal);
          },
          act: async (step, sc) => {
            const obs = sc.observation;
            const kind = step.target === KIBANA_TARGET ? "kibana" : "elasticsearch";
            if (obs.pending.some((p) => p.kind === kind)) return; // the deployment-wide change already started it
            if (kind === "kibana" && obs.kibana && cmp(obs.kibana, step.hop.to) >= 0) return;
            started.set(step.id, Date.now());
            const fresh = await deps.client.getDeploymentVersioned(deps.deploymentId, { signal: sc.signal });
            if (kind === "elasticsearch" && deps.client.hosted && cmp(obs.es, "8.0.0") >= 0) {
              await deps.client.upgradeDeployment(deps.deploymentId, step.hop.to, { signal: sc.signal });
            } else {
              const body = buildVersionUpdate(fresh.deployment, step.hop.to, { majorUpgrade: isMajorHop(step.hop) });
              await deps.client.updateDeployment(deps.deploymentId, body, { signal: sc.signal, ...(fresh.resourceVersion ? { version: fresh.resourceVersion } : {}) });
            }
            record({ hop: `${step.hop.from}->${step.hop.to}`, resource: kind, status: "running" });
          },
          postCondition: (step) => follow(step, step.target === KIBANA_TARGET ? "kibana" : "elasticsearch"),
        },
      },
      { signal: ctx.signal, onProgress, disabledGates: inputs.rollout.disabledGates },
    );
  } catch (e) {
    if (!isRolloutStopped(e)) throw e;
    const v = await read(run).catch(() => v0);
    const message = red(e.message);
    throw new PartialFailureError(message, { id, outputs: outputsOf(run, v, { path, plan: e.checkpoint.plan, outcome: "failed", message, cloudPlans: records }), reasons: [message] });
  }
  const v = await read(run, ctx.signal);
  // plans finished between two observations were never followed: record them from the plan, in plan order
  const ordered: CloudPlanRecord[] = [];
  for (const ph of result.plan.phases) {
    for (const st of ph.steps) {
      const hop = `${ph.hop.from}->${ph.hop.to}`;
      const resource = st.target === KIBANA_TARGET ? "kibana" : "elasticsearch";
      const r = records.find((x) => x.hop === hop && x.resource === resource);
      if (r) ordered.push(r);
      else if (st.status === "COMPLETE") ordered.push({ hop, resource, status: "completed" });
    }
  }
  records.splice(0, records.length, ...ordered);
  if (result.outcome === "paused") {
    const message = `paused: set rollout.${result.next} to continue`;
    ctx.info(message);
    return { id, outputs: outputsOf(run, v, { path, plan: result.plan, outcome: "paused", message, cloudPlans: records }) };
  }
  ctx.info(`deployment ${deps.deploymentId} now runs ${inputs.version}`);
  return { id, outputs: outputsOf(run, v, { path, plan: result.plan, outcome: "complete", cloudPlans: records }) };
}

export async function readCloud(run: CloudRun): Promise<{ id: string; outputs: Outputs } | undefined> {
  let v: CloudView;
  try {
    v = await read(run, run.ctx.signal);
  } catch (e) {
    if (e instanceof Error && "status" in e && (e as { status?: number }).status === 404) return undefined;
    throw e;
  }
  const base = run.olds;
  return {
    id: cloudId(run.deps.deploymentId),
    outputs: outputsOf(run, v, {
      path: base?.path ?? [],
      ...(base?.plan ? { plan: base.plan } : {}),
      outcome: base?.outcome ?? "adopted",
      ...(base?.message ? { message: base.message } : {}),
      ...(base?.cloudPlans ? { cloudPlans: base.cloudPlans } : {}),
    }),
  };
}
