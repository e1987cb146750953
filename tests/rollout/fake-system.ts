// A fake clustered system for executor scenarios: nodes with roles and versions, cluster health, shard
// allocation, and a log of every side effect. Fluent fixtures: node("es-0").master().onVersion("8.17.3").
import * as semver from "semver";
import { buildPlan, Plan, PlanInput, StrategyInput } from "../../provider/plan";
import { Gate, gateOk, gateWait, Probe, RolloutSpec, StepRef } from "../../provider/rollout";

export interface FakeNode {
  id: string;
  roles: string[];
  version: string;
  up: boolean;
  /** act() throws this many times before succeeding */
  actFailures: number;
  /** polls answered "not yet" after a restart before the node is back */
  rejoinAfterPolls: number;
  /** the node never comes back after a restart */
  neverRejoins: boolean;
  /** a restart ends in a terminal state (probe returns terminal) */
  terminal?: string;
  /** version the node runs once it is back */
  pendingVersion?: string;
  polls: number;
}

export class NodeBuilder {
  readonly n: FakeNode;
  constructor(id: string) {
    this.n = { id, roles: [], version: "8.17.3", up: true, actFailures: 0, rejoinAfterPolls: 0, neverRejoins: false, polls: 0 };
  }
  master(): this { this.n.roles.push("master"); return this; }
  data(tier = "hot"): this { this.n.roles.push(`data_${tier}`); return this; }
  onVersion(v: string): this { this.n.version = v; return this; }
  failsAct(times = 1): this { this.n.actFailures = times; return this; }
  rejoinsAfterPolls(polls: number): this { this.n.rejoinAfterPolls = polls; return this; }
  neverRejoins(): this { this.n.neverRejoins = true; return this; }
  endsIn(terminal: string): this { this.n.terminal = terminal; return this; }
}

export function node(id: string): NodeBuilder {
  return new NodeBuilder(id);
}

export interface Obs {
  readonly seq: number;
  readonly health: "green" | "yellow" | "red";
  readonly allocationEnabled: boolean;
  readonly nodes: Readonly<Record<string, { version: string; roles: readonly string[]; up: boolean }>>;
  readonly master: string | undefined;
}

export class FakeCluster {
  readonly nodes = new Map<string, FakeNode>();
  health: "green" | "yellow" | "red" = "green";
  allocationEnabled = true;
  /** every side effect, in order */
  readonly log: string[] = [];
  readonly restarts: string[] = [];
  observations = 0;
  inFlight = 0;
  maxInFlight = 0;
  mastersInFlight = 0;
  maxMastersInFlight = 0;
  /** called on each observe (e.g. to heal the cluster after n observations) */
  onObserve?: (c: FakeCluster) => void;
  /** called on each post-condition poll */
  onPoll?: (c: FakeCluster, n: FakeNode) => void;
  /** Redis-like: elected master moves to another up node when the master restarts */
  electedMaster: string | undefined;

  constructor(...builders: NodeBuilder[]) {
    for (const b of builders) this.nodes.set(b.n.id, b.n);
    this.electedMaster = builders.find((b) => b.n.roles.includes("master"))?.n.id;
  }

  get(id: string): FakeNode {
    const n = this.nodes.get(id);
    if (!n) throw new Error(`no node ${id}`);
    return n;
  }

  observe(): Obs {
    this.observations++;
    this.onObserve?.(this);
    const nodes: Record<string, { version: string; roles: readonly string[]; up: boolean }> = {};
    for (const n of this.nodes.values()) nodes[n.id] = { version: n.version, roles: [...n.roles], up: n.up };
    return { seq: this.observations, health: this.health, allocationEnabled: this.allocationEnabled, nodes, master: this.electedMaster };
  }

  /** Elastic-like plan: one phase per data tier then masters (serial), for every hop. */
  plan(hops: string[], strategy?: StrategyInput, approvals?: PlanInput["approvals"], opts: { mastersParallel?: boolean } = {}): Plan {
    const ids = [...this.nodes.values()];
    const phases = [
      { name: "data", steps: ids.filter((n) => !n.roles.includes("master")).map((n) => ({ target: n.id, tags: n.roles })) },
      { name: "master", strategy: opts.mastersParallel ? undefined : ("serial" as const), steps: ids.filter((n) => n.roles.includes("master")).map((n) => ({ target: n.id, tags: n.roles })) },
    ];
    const input: PlanInput = { name: "upgrade", strategy, approvals, hops: [] };
    for (let i = 0; i + 1 < hops.length; i++) input.hops.push({ from: hops[i], to: hops[i + 1], phases });
    return buildPlan(input);
  }

  /** The resource side: observe, completion, handlers. Gates are added by each test. */
  spec(plan: Plan, extra: Partial<RolloutSpec<Obs>> = {}): RolloutSpec<Obs> {
    return {
      plan,
      observe: async () => this.observe(),
      isComplete: (step, obs) => {
        const n = obs.nodes[step.target];
        return n.up && semver.gte(n.version, step.hop.to);
      },
      steps: {
        prepare: async (step) => {
          this.log.push(`prepare ${step.target}`);
          this.allocationEnabled = false;
          this.inFlight++;
          this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
          if (step.tags.includes("master")) {
            this.mastersInFlight++;
            this.maxMastersInFlight = Math.max(this.maxMastersInFlight, this.mastersInFlight);
          }
        },
        act: async (step) => {
          const n = this.get(step.target);
          if (n.actFailures > 0) {
            n.actFailures--;
            this.log.push(`act-failed ${n.id}`);
            throw new Error(`upgrade command failed on ${n.id}`);
          }
          this.log.push(`restart ${n.id} -> ${step.hop.to}`);
          this.restarts.push(n.id);
          n.up = false;
          n.polls = 0;
          n.pendingVersion = step.hop.to;
          if (this.electedMaster === n.id) {
            this.electedMaster = [...this.nodes.values()].find((o) => o.id !== n.id && o.up && o.roles.includes("master"))?.id;
          }
        },
        postCondition: (step) => ({
          what: `${step.target} rejoined on ${step.hop.to}`,
          timeoutMs: 60_000,
          backoff: { initialMs: 100, maxMs: 1000 },
          poll: async (): Promise<Probe> => {
            const n = this.get(step.target);
            n.polls++;
            this.onPoll?.(this, n);
            if (n.terminal) return { terminal: n.terminal };
            if (n.neverRejoins || n.polls <= n.rejoinAfterPolls) return { done: false, reason: `${n.id} not in the cluster yet` };
            n.up = true;
            n.version = n.pendingVersion ?? n.version;
            return { done: true };
          },
        }),
        cleanup: async (step, _ctx, outcome) => {
          this.log.push(`cleanup ${step.target} ${outcome}`);
          this.allocationEnabled = true;
          this.inFlight--;
          if (step.tags.includes("master")) this.mastersInFlight--;
        },
      },
      ...extra,
    };
  }
}

// ---- example gates, shaped like the Elastic ones -------------------------------------------------

export const onlyRestartWhenGreenOrYellow: Gate<Obs> = {
  name: "only_restart_when_green_or_yellow",
  why: "restarting a node of a red cluster can make data unavailable",
  check: (_s, ctx) => (ctx.observation.health === "red" ? gateWait("cluster health is red") : gateOk),
};

export const oneMasterAtATime: Gate<Obs> = {
  name: "one_master_at_a_time",
  why: "two masters down at once can lose the quorum",
  appliesTo: (s) => s.tags.includes("master"),
  check: (_s, ctx) =>
    [...ctx.inFlight, ...ctx.selected].some((o) => o.tags.includes("master")) ? gateWait("another master is restarting") : gateOk,
};

export const lastMasterAfterAllOthers: Gate<Obs> = {
  name: "last_master_after_all_others",
  why: "the elected master goes last so the cluster keeps a master that understands every node",
  appliesTo: (s) => s.tags.includes("master"),
  check: (s, ctx) => {
    const others = ctx.plan.phases
      .filter((p) => p.hop.to === s.hop.to)
      .flatMap((p) => p.steps)
      .filter((o) => o.id !== s.id && !ctx.isStepComplete(o.id));
    return others.length > 0 && others.every((o) => !o.tags?.includes("master") || o.status === "PENDING") && others.some((o) => !o.tags?.includes("master"))
      ? gateWait(`${others.length} other nodes not upgraded yet`)
      : gateOk;
  },
};

export const allocationRestored: Gate<Obs> = {
  name: "allocation_restored",
  why: "the previous node's shards must be allocatable again before the next restart",
  check: (_s, ctx) => (ctx.observation.allocationEnabled || ctx.inFlight.length > 0 ? gateOk : gateWait("shard allocation is still disabled")),
};

export function targetsOf(refs: readonly StepRef[]): string[] {
  return refs.map((r) => r.target);
}
