// Shared fixtures for the ElasticDeploymentVersion tests: simulated worlds, a handler with short backoffs, a
// ResourceContext that records what the handler reports, and input builders.
import { ProviderConfig } from "../../provider/config";
import { createElasticHandler } from "../../provider/resources/elastic";
import type { Inputs, InputsIn, Outputs } from "../../provider/resources/elastic/schema";
import type { ResourceContext, ResourceHandler } from "../../provider/resources/core/types";
import { inputSchema } from "../../provider/resources/elastic/schema";
import { startSim, type SimConfigInput, type StartedSim } from "../sim";

export const TIME_SCALE = 0.001;

export interface RecordingContext extends ResourceContext {
  readonly statuses: string[];
  readonly infos: string[];
  readonly warnings: string[];
}

export function testCtx(opts: { preview?: boolean; config?: ProviderConfig; signal?: AbortSignal; onInfo?: (m: string) => void } = {}): RecordingContext {
  const statuses: string[] = [];
  const infos: string[] = [];
  const warnings: string[] = [];
  return {
    host: "test",
    urn: "urn:pulumi:dev::proj::upgrades:index:ElasticDeploymentVersion::es",
    name: "es",
    preview: opts.preview ?? false,
    signal: opts.signal ?? new AbortController().signal,
    config: opts.config ?? new ProviderConfig({}, {}),
    statuses,
    infos,
    warnings,
    status: (m) => statuses.push(m),
    info: (m) => {
      infos.push(m);
      opts.onInfo?.(m);
    },
    warn: (m) => warnings.push(m),
  };
}

/** The handler under test: production code with short gate/poll backoffs (time scale of the simulator). */
export function testHandler(): ResourceHandler<Inputs, Outputs> {
  return createElasticHandler({ gateBackoff: { initialMs: 20, maxMs: 200 }, pollBackoff: { initialMs: 10, maxMs: 100 } });
}

/** 3 dedicated masters, 2 hot, 1 warm, 1 frozen (the documented order has something to order). */
export function tieredWorld(version = "8.17.3", extra: Partial<SimConfigInput> = {}): SimConfigInput {
  return {
    timeScale: TIME_SCALE,
    elasticsearch: {
      version,
      nodes: [
        { name: "es-master-0", roles: ["master"] },
        { name: "es-master-1", roles: ["master"] },
        { name: "es-master-2", roles: ["master"] },
        { name: "es-hot-0", roles: ["data_hot", "data_content", "ingest"] },
        { name: "es-hot-1", roles: ["data_hot", "data_content", "ingest"] },
        { name: "es-warm-0", roles: ["data_warm"] },
        { name: "es-frozen-0", roles: ["data_frozen"] },
      ],
      indices: [
        { name: "logs-hot", tier: "hot", primaries: 2, replicas: 1, docs: 10_000 },
        { name: "orders", tier: "content", primaries: 1, replicas: 1, docs: 500 },
        { name: "logs-warm", tier: "warm", primaries: 1, replicas: 0, docs: 1_000 },
        { name: "logs-frozen", tier: "frozen", primaries: 1, replicas: 0, docs: 1_000 },
      ],
    },
    kibana: { version },
    ...extra,
  };
}

/** A smaller world for fault scenarios: 3 masters, 2 hot, 1 warm. */
export function smallWorld(version = "8.17.3", opts: { kibana?: boolean } = {}): SimConfigInput {
  return {
    timeScale: TIME_SCALE,
    elasticsearch: {
      version,
      nodes: [
        { name: "es-master-0", roles: ["master"] },
        { name: "es-master-1", roles: ["master"] },
        { name: "es-master-2", roles: ["master"] },
        { name: "es-hot-0", roles: ["data_hot", "data_content"] },
        { name: "es-hot-1", roles: ["data_hot", "data_content"] },
        { name: "es-warm-0", roles: ["data_warm"] },
      ],
      indices: [
        { name: "logs-hot", tier: "hot", primaries: 1, replicas: 1, docs: 1_000 },
        { name: "logs-warm", tier: "warm", primaries: 1, replicas: 0, docs: 1_000 },
      ],
    },
    ...(opts.kibana ? { kibana: { version } } : {}),
  };
}

/** argv running a simulator hook script with the simulator's control URL (no shell; `env` sets the variable). */
export function hookCommand(sim: StartedSim, script: "esNode" | "kibana"): string[] {
  return ["env", `UPGRADES_SIM_CONTROL_URL=${sim.controlUrl}`, process.execPath, sim.scripts[script]];
}

/**
 * The same hook as a one-line shell script (`sh -c` + curl): what a user's wrapper looks like, and ~10× cheaper to
 * start than a Node.js process, which keeps these tests fast. It honours the simulator's script faults the way the
 * Node.js scripts do: "hang" hangs until killed, "exit" exits with the given code, a failed start exits 1.
 */
export function shellHook(sim: StartedSim, script: "esNode" | "kibana"): string[] {
  const body = script === "esNode" ? `{"node":"'"$UPGRADES_NODE_NAME"'","version":"'"$UPGRADES_TARGET_VERSION"'"}` : `{"version":"'"$UPGRADES_TARGET_VERSION"'"}`;
  const path = script === "esNode" ? "es-node" : "kibana";
  const sh = [
    `r=$(curl -s -X POST -H 'content-type: application/json' -d '${body}' '${sim.controlUrl}/_sim/hooks/${path}') || exit 1`,
    `case "$r" in`,
    `*'"action":"hang"'*) exec sleep 3600 ;;`,
    `*'"action":"exit"'*) echo "$r" >&2; exit "$(printf '%s' "$r" | sed -n 's/.*"exitCode":\\([0-9]*\\).*/\\1/p')" ;;`,
    `*'"ok":true'*) echo "$r"; exit 0 ;;`,
    `*) echo "$r" >&2; exit 1 ;;`,
    `esac`,
  ].join("\n");
  return ["sh", "-c", sh];
}

/** Self-managed inputs against the simulator, checked through the schema (defaults applied). */
export function selfManagedInputs(sim: StartedSim, version: string, extra: Partial<InputsIn> = {}): Inputs {
  const raw: InputsIn = {
    version,
    elasticsearch: { url: sim.elasticsearch!.url, apiKey: sim.credentials.apiKey },
    nodeUpgrade: { command: shellHook(sim, "esNode"), timeoutSeconds: 30 },
    ...(sim.kibana ? { kibana: { url: sim.kibana.url, apiKey: sim.credentials.apiKey }, kibanaUpgrade: { command: shellHook(sim, "kibana"), timeoutSeconds: 30 } } : {}),
    ...extra,
    rollout: { nodeTimeoutSeconds: 20, healthTimeoutSeconds: 20, ...(extra.rollout ?? {}) },
  };
  return inputSchema.parse(raw);
}

export function cloudInputs(sim: StartedSim, version: string, extra: Partial<InputsIn> = {}): Inputs {
  return inputSchema.parse({
    version,
    elasticCloud: { deploymentId: sim.cloud!.deploymentIds[0], apiKey: sim.credentials.cloudApiKey, endpoint: sim.cloud!.url },
    ...extra,
    rollout: { nodeTimeoutSeconds: 20, healthTimeoutSeconds: 20, ...(extra.rollout ?? {}) },
  });
}

export interface SimNodeState {
  name: string;
  running_version: string;
  joined: boolean;
  starts: number;
  process: string;
}

export function nodeStates(sim: StartedSim): Record<string, SimNodeState> {
  const snap = sim.elasticsearch!.cluster.snapshot() as { nodes: SimNodeState[] };
  return Object.fromEntries(snap.nodes.map((n) => [n.name, n]));
}

export function versionsOf(sim: StartedSim): Record<string, string> {
  return Object.fromEntries(Object.values(nodeStates(sim)).map((n) => [n.name, n.running_version]));
}

export function startsOf(sim: StartedSim): Record<string, number> {
  return Object.fromEntries(Object.values(nodeStates(sim)).map((n) => [n.name, n.starts]));
}

/** Node names in the order their step started, from the executor's "<name>: starting (n of m)" milestones. */
export function startOrder(infos: readonly string[]): string[] {
  return infos.map((m) => /^(\S+): starting \(\d+ of \d+\)$/.exec(m)?.[1]).filter((x): x is string => !!x);
}

export async function withSim<T>(config: SimConfigInput, fn: (sim: StartedSim) => Promise<T>): Promise<T> {
  const sim = await startSim(config);
  try {
    return await fn(sim);
  } finally {
    await sim.stop();
  }
}

export { startSim, type StartedSim };

/** Three master-eligible data nodes (fault scenarios: every step is quick and the quorum survives one restart). */
export function threeNodeWorld(version = "8.17.3", opts: { kibana?: boolean } = {}): SimConfigInput {
  const roles: ("master" | "data_hot" | "data_content")[] = ["master", "data_hot", "data_content"];
  return {
    timeScale: TIME_SCALE,
    elasticsearch: {
      version,
      nodes: [
        { name: "es-0", roles },
        { name: "es-1", roles },
        { name: "es-2", roles },
      ],
      indices: [{ name: "logs", tier: "hot", primaries: 2, replicas: 1, docs: 2_000 }],
    },
    ...(opts.kibana ? { kibana: { version } } : {}),
  };
}

export interface ClusterSafety {
  shutdowns: unknown[];
  allocation_enable: string;
}

export function safety(sim: StartedSim): ClusterSafety {
  const s = sim.elasticsearch!.cluster.snapshot() as unknown as ClusterSafety;
  return { shutdowns: s.shutdowns, allocation_enable: s.allocation_enable };
}
