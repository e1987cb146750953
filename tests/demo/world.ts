// The simulated world `npm run demo` upgrades, on 127.0.0.1 ephemeral ports:
//   * Elasticsearch 8.17.3 (3 masters, 2 hot, 1 warm, 1 frozen) + Kibana 8.17.3 + one Elastic Cloud deployment on
//     8.17.3 (tests/sim, default-config.ts), the deployment carrying the id examples/elastic-cloud names;
//   * Kibana Fleet (tests/sim/fleet) with nginx, system and synthetics installed on older versions and a few
//     integration policies each (one nginx policy uses an input whose new version needs a field it lacks);
//   * a 3-node Redis Enterprise cluster on 6.2.18-70 with two databases on Redis 6.2 (tests/sim/redis).
// Fleet and Redis plug into startSim (its `plugins` option) through the small adapters below, so one clock and
// one time scale drive the whole world and one stop() closes every server.
import { defaultSimConfig } from "../sim/default-config";
import { startSim, type SimPlugin, type SimConfigInput, type StartedSim } from "../sim/index";
import { startFleetSim, type FleetSim, type FleetSimConfig } from "../sim/fleet/index";
import { startRedisSim, type RedisSim, type RedisSimConfigInput } from "../sim/redis/index";

/** Fleet as the demo seeds it: package → installed version and the integration policies using it. */
export const FLEET_SEED: Record<string, { version: string; policies: number }> = {
  nginx: { version: "1.15.0", policies: 3 },
  system: { version: "1.54.0", policies: 2 },
  synthetics: { version: "1.1.0", policies: 2 },
};
/** The nginx policy that uses the third-party REST API input (httpjson): its upgrade conflicts and is skipped. */
export const FLEET_CONFLICT_POLICY = { id: "nginx-splunk", name: "nginx-splunk" };
/** The Kibana version the Fleet simulator reports (the same start version as the rest of the world). */
export const FLEET_KIBANA_VERSION = "8.17.3";

export interface DemoWorldOptions {
  /** real ms = simulated ms × timeScale, for every simulator */
  timeScale: number;
  /** id of the Elastic Cloud deployment (examples/elastic-cloud names one in its stack file) */
  cloudDeploymentId?: string;
}

export interface DemoWorld {
  sim: StartedSim;
  fleet: FleetSim;
  redis: RedisSim;
  /** every listening URL of the world (REST APIs and control APIs), to check nothing is left listening */
  urls(): string[];
  /** the versions running now, per service */
  versions(): WorldVersions;
  stop(): Promise<void>;
}

export interface WorldVersions {
  elasticsearch: Record<string, string>;
  kibana?: string;
  cloud: Record<string, { elasticsearch: string; kibana: string }>;
  fleet: Record<string, string>;
  redis: { nodes: Record<string, string>; databases: Record<string, string> };
}

/** startSim's config for the demo: the default world, the cloud deployment under the example's id. */
export function demoSimConfig(opts: DemoWorldOptions): SimConfigInput {
  const base = defaultSimConfig();
  const redis: RedisSimConfigInput = {
    nodes: { count: 3, version: "6.2.18-70" },
    databases: [
      { name: "cache", redis_version: "6.2", shards: 2, replication: true },
      { name: "sessions", redis_version: "6.2", shards: 1, replication: true },
    ],
  };
  const fleet: FleetSimConfig = { kibanaVersion: FLEET_KIBANA_VERSION };
  return {
    ...base,
    timeScale: opts.timeScale,
    cloud: { deployments: [{ id: opts.cloudDeploymentId, name: "prod", version: "8.17.3" }] },
    redis,
    fleet,
  };
}

/** Adapter: startRedisSim as a startSim plugin (its section of the config, the world's time scale). */
export function redisPlugin(onStart: (sim: RedisSim) => void): SimPlugin {
  return async (config, ctx) => {
    const sim = await startRedisSim({ ...((config ?? {}) as RedisSimConfigInput), timeScale: ctx.timeScale });
    onStart(sim);
    return {
      url: sim.url,
      summary: { controlUrl: sim.controlUrl, username: sim.credentials.username, nodes: sim.state.versions() },
      stop: () => sim.stop(),
    };
  };
}

/** Adapter: startFleetSim as a startSim plugin; seeds the installations and policies of FLEET_SEED. */
export function fleetPlugin(onStart: (sim: FleetSim) => void): SimPlugin {
  return async (config, ctx) => {
    const sim = await startFleetSim({ ...((config ?? {}) as FleetSimConfig), timeScale: ctx.timeScale });
    try {
      seedFleet(sim);
    } catch (e) {
      await sim.stop();
      throw e;
    }
    onStart(sim);
    return { url: sim.url, summary: { kibanaVersion: sim.state.kibanaVersion, packages: Object.keys(FLEET_SEED) }, stop: () => sim.stop() };
  };
}

export function seedFleet(sim: FleetSim): void {
  for (const [pkg, { version, policies }] of Object.entries(FLEET_SEED)) {
    sim.state.seedInstallation(pkg, version);
    for (let i = 1; i <= policies; i++) sim.state.seedPolicy({ id: `${pkg}-pp-${i}`, name: `${pkg}-${i}`, package: pkg });
  }
  sim.state.seedPolicy({
    id: FLEET_CONFLICT_POLICY.id,
    name: FLEET_CONFLICT_POLICY.name,
    package: "nginx",
    inputs: { "nginx-httpjson": { enabled: true, streams: { "nginx.access": { enabled: true } } } },
  });
}

export async function startDemoWorld(opts: DemoWorldOptions): Promise<DemoWorld> {
  let fleet: FleetSim | undefined;
  let redis: RedisSim | undefined;
  const sim = await startSim(demoSimConfig(opts), {
    plugins: { fleet: fleetPlugin((s) => (fleet = s)), redis: redisPlugin((s) => (redis = s)) },
  });
  if (!fleet || !redis) {
    await sim.stop();
    throw new Error("the Fleet and Redis simulators did not start (startSim ignored its plugins?)");
  }
  const f = fleet;
  const r = redis;
  return {
    sim,
    fleet: f,
    redis: r,
    urls: () => [sim.controlUrl, sim.elasticsearch?.url, sim.kibana?.url, sim.cloud?.url, f.url, r.url, r.controlUrl].filter((u): u is string => !!u),
    versions: () => ({
      elasticsearch: Object.fromEntries((sim.elasticsearch!.cluster.snapshot() as { nodes: { name: string; running_version: string }[] }).nodes.map((n) => [n.name, n.running_version])),
      kibana: sim.kibana?.kibana.version,
      cloud: Object.fromEntries(
        [...(sim.cloud?.sim.deployments.values() ?? [])].map((d) => [d.id, { elasticsearch: d.elasticsearch.version, kibana: d.kibana.version }]),
      ),
      fleet: Object.fromEntries([...f.state.installations.values()].map((i) => [i.name, i.version])),
      redis: { nodes: Object.fromEntries(r.state.nodes.map((n) => [`node ${n.uid}`, n.software_version])), databases: Object.fromEntries(r.state.databases.map((d) => [d.name, d.redis_version])) },
    }),
    stop: () => sim.stop(),
  };
}
