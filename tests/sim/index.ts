// startSim(config): the simulated Elastic world on 127.0.0.1 ephemeral ports — Elasticsearch, Kibana,
// Elastic Cloud — plus a control server (its own port) to inspect state, inject faults and play node
// upgrades. Control API (JSON in, JSON out, no auth), all under `<controlUrl>/_sim`:
//   GET    /_sim/state                                  every service's state (nodes, shards, health, plans…)
//   GET    /_sim/faults | POST /_sim/faults {FaultSpec} | DELETE /_sim/faults/:id | DELETE /_sim/faults
//   POST   /_sim/es/nodes/:name/{stop|start|restart}     systemctl stop/start/restart
//   POST   /_sim/es/nodes/:name/install {version}        apt-get install elasticsearch=V (node must be stopped)
//   POST   /_sim/es/nodes/:name/upgrade {version}        stop → install → start; answers when started (or failed)
//   POST   /_sim/es/indices/:name/docs {count}           index `count` more documents
//   POST   /_sim/es/indices {name, tier, primaries, replicas, docs}
//   POST   /_sim/kibana/{stop|start}, /_sim/kibana/install {version}, /_sim/kibana/upgrade {version}
//   POST   /_sim/hooks/es-node {node, version}           what tests/sim/scripts/es-node-upgrade.js calls
//   POST   /_sim/hooks/kibana {version}                  what tests/sim/scripts/kibana-upgrade.js calls
// Fault specs: see elasticsearch/world-faults.ts. Every simulated duration is scaled by `timeScale`;
// durations in ES request parameters (`timeout`, `allocation_delay`) are simulated time too.
//
// Other simulators plug in without this file importing them: pass `plugins: { redis: startRedisSim, … }`
// to startSim; each receives its config section (`config.redis`, `config.fleet`, typed `unknown` here)
// and the shared clock, and its handle lands in `sim.plugins.<name>` and in the printed summary.
import * as path from "path";
import { z } from "zod";
import { SimClock } from "./common/clock";
import { FaultBook, type FaultRule } from "./common/faults";
import { SimServer, type SimRequest, type SimResponse } from "./common/http";
import { CloudApiError, CloudConfigSchema, CloudSim, createCloudServer } from "./cloud/cloud";
import { EsCluster, NodeOperationError } from "./elasticsearch/cluster";
import { type Deprecation, EsConfigSchema, EsIndexConfigSchema } from "./elasticsearch/config";
import { createEsServer, encodedApiKey, type EsCredentials } from "./elasticsearch/server";
import { FaultSpecSchema, type FaultSpec, type FaultSpecInput } from "./elasticsearch/world-faults";
import { createKibanaServer, KibanaConfigSchema, KibanaOperationError, KibanaSim } from "./kibana/kibana";

export { FaultSpecSchema, type FaultSpec, type FaultSpecInput } from "./elasticsearch/world-faults";
export { EsCluster } from "./elasticsearch/cluster";
export { KibanaSim } from "./kibana/kibana";
export { CloudSim } from "./cloud/cloud";

export const CredentialsSchema = z.object({
  username: z.string().default("elastic"),
  password: z.string().default("sim-password"),
  apiKeys: z.array(z.object({ id: z.string(), api_key: z.string() })).default([{ id: "sim-key-id", api_key: "sim-key-secret" }]),
});

export const SimConfigSchema = z.object({
  timeScale: z.number().min(0).default(1),
  /** Elasticsearch/Kibana credentials (basic and API keys) */
  credentials: CredentialsSchema.prefault({}),
  elasticsearch: EsConfigSchema.optional(),
  kibana: KibanaConfigSchema.optional(),
  cloud: CloudConfigSchema.optional(),
  faults: z.array(FaultSpecSchema).default([]),
  /** sections for simulators that plug in (see `plugins`); passed through untouched */
  redis: z.unknown().optional(),
  fleet: z.unknown().optional(),
});
export type SimConfigInput = z.input<typeof SimConfigSchema>;
export type SimConfig = z.output<typeof SimConfigSchema>;

/** a simulator living elsewhere (tests/sim/redis, tests/sim/fleet) */
export interface SimPluginHandle {
  url: string;
  /** merged into the printed summary under the plugin's name */
  summary?: Record<string, unknown>;
  stop(): Promise<void>;
}
export type SimPlugin = (config: unknown, ctx: { clock: SimClock; timeScale: number }) => Promise<SimPluginHandle>;

export interface StartSimOptions {
  plugins?: Record<string, SimPlugin>;
}

export interface HookAnswer {
  action: "done" | "exit" | "hang";
  ok?: boolean;
  exitCode?: number;
  version?: string;
  message?: string;
}

export interface StartedSim {
  config: SimConfig;
  clock: SimClock;
  controlUrl: string;
  control: SimServer;
  credentials: {
    username: string;
    password: string;
    /** value for `Authorization: ApiKey <apiKey>` on Elasticsearch and Kibana */
    apiKey: string;
    cloudApiKey?: string;
  };
  elasticsearch?: { url: string; cluster: EsCluster; server: SimServer };
  kibana?: { url: string; kibana: KibanaSim; server: SimServer };
  cloud?: { url: string; sim: CloudSim; server: SimServer; region: string; deploymentIds: string[] };
  plugins: Record<string, SimPluginHandle>;
  /** absolute paths of the hook scripts (run them with `node <path>`) */
  scripts: { esNode: string; kibana: string };
  /** ready-made argv for a provider's hook `command`: [node, script, "--control-url", controlUrl] */
  hookCommands: { esNode: string[]; kibana: string[] };
  /** env for a hook script run against this sim (the provider sets the UPGRADES_* identity variables itself) */
  hookEnv(extra?: Record<string, string>): Record<string, string>;
  addFault(spec: FaultSpecInput): number;
  removeFault(id: number): boolean;
  faults(): { id: number; spec: FaultSpec }[];
  /** the one-line summary `npm run sim` prints */
  summary(): Record<string, unknown>;
  stop(): Promise<void>;
}

class ControlError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = "ControlError";
  }
}

export async function startSim(input: SimConfigInput = {}, opts: StartSimOptions = {}): Promise<StartedSim> {
  const config = SimConfigSchema.parse(input);
  const clock = new SimClock(config.timeScale);
  const creds: EsCredentials = config.credentials;
  const started: { stop(): Promise<void> | void }[] = [];
  const scriptFaults: { id: number; target: string; mode: "exit" | "hang"; exitCode: number; left: number }[] = [];

  try {
    let es: StartedSim["elasticsearch"];
    if (config.elasticsearch) {
      const cluster = new EsCluster(config.elasticsearch, clock);
      const server = createEsServer(cluster, { credentials: creds, faults: new FaultBook() });
      const url = await server.listen();
      started.push({ stop: () => server.close() }, { stop: () => cluster.close() });
      es = { url, cluster, server };
    }
    let kb: StartedSim["kibana"];
    if (config.kibana) {
      const kibana = new KibanaSim(config.kibana, clock, es?.cluster, new FaultBook());
      const server = createKibanaServer(kibana, creds);
      const url = await server.listen();
      started.push({ stop: () => server.close() }, { stop: () => kibana.close() });
      kb = { url, kibana, server };
    }
    let cloud: StartedSim["cloud"];
    if (config.cloud) {
      const sim = new CloudSim(config.cloud, clock);
      const server = createCloudServer(sim, new FaultBook());
      const url = await server.listen();
      started.push({ stop: () => server.close() }, { stop: () => sim.close() });
      cloud = { url, sim, server, region: config.cloud.region, deploymentIds: [...sim.deployments.keys()] };
    }
    const plugins: Record<string, SimPluginHandle> = {};
    for (const [name, start] of Object.entries(opts.plugins ?? {})) {
      const h = await start((config as Record<string, unknown>)[name], { clock, timeScale: config.timeScale });
      plugins[name] = h;
      started.push(h);
    }

    // -------------------------------------------------------------- faults
    const active = new Map<number, { spec: FaultSpec; undo: () => void }>();
    let nextId = 1;
    const needEs = () => {
      if (!es) throw new ControlError(400, "this sim has no elasticsearch section");
      return es;
    };
    const needCloud = () => {
      if (!cloud) throw new ControlError(400, "this sim has no cloud section");
      return cloud;
    };
    const cloudDeployment = (id?: string) => {
      const c = needCloud();
      const depId = id ?? c.deploymentIds[0];
      return c.sim.deployment(depId);
    };
    const addFault = (raw: FaultSpecInput): number => {
      const spec = FaultSpecSchema.parse(raw);
      let undo: () => void = () => {};
      switch (spec.kind) {
        case "es.node_fails_to_start":
        case "es.node_wrong_version":
        case "es.node_slow_rejoin":
        case "es.shutdown_stalled": {
          const c = needEs().cluster;
          const kind = ({ "es.node_fails_to_start": "fail_start", "es.node_wrong_version": "wrong_version", "es.node_slow_rejoin": "slow_rejoin", "es.shutdown_stalled": "shutdown_stalled" } as const)[spec.kind];
          const f = c.addNodeFault({
            kind,
            node: spec.node,
            version: "version" in spec ? spec.version : undefined,
            delayMs: "delayMs" in spec ? spec.delayMs : undefined,
            status: "status" in spec ? spec.status : undefined,
            times: "times" in spec ? spec.times : undefined,
          });
          undo = () => c.removeNodeFault(f.id);
          break;
        }
        case "es.shard_red": {
          const c = needEs().cluster;
          c.failShard(spec.index, spec.shard, spec.durationMs);
          undo = () => c.healShard(spec.index, spec.shard);
          break;
        }
        case "es.critical_deprecation": {
          const c = needEs().cluster;
          const item: Deprecation = { level: "critical", message: spec.message, url: "https://ela.st/es-deprecation-8-reindex", details: spec.details ?? "Injected by the simulator: resolve it before upgrading to the next major.", resolve_during_rolling_upgrade: false };
          c.addDeprecation(spec.section, item, spec.key);
          undo = () => {
            const d = c.deprecations;
            const drop = (arr: Deprecation[]) => {
              const i = arr.indexOf(item);
              if (i >= 0) arr.splice(i, 1);
            };
            if (spec.section === "cluster_settings" || spec.section === "node_settings" || spec.section === "ml_settings") drop(d[spec.section]);
            else {
              const m = d[spec.section];
              const k = spec.key ?? "sim-item";
              if (m[k]) {
                drop(m[k]);
                if (m[k].length === 0) delete m[k];
              }
            }
          };
          break;
        }
        case "http": {
          const book = spec.service === "elasticsearch" ? needEs().server.faults : spec.service === "kibana" ? kb?.server.faults : needCloud().server.faults;
          if (!book) throw new ControlError(400, "this sim has no kibana section");
          const { kind: _k, service: _s, ...rule } = spec;
          const id = book.add(rule as FaultRule);
          undo = () => book.remove(id);
          break;
        }
        case "cloud.plan_fails": {
          const c = needCloud();
          const dep = spec.deployment ? c.sim.deployment(spec.deployment).id : undefined;
          const f = c.sim.addPlanFault({ deployment: dep, kind: spec.resource, step: spec.step, message: spec.message, times: spec.times });
          undo = () => c.sim.removePlanFault(f.id);
          break;
        }
        case "cloud.plan_pending": {
          const d = cloudDeployment(spec.deployment);
          needCloud().sim.holdPendingPlan(d, spec.resource);
          undo = () => {
            const r = spec.resource === "elasticsearch" ? d.elasticsearch : d.kibana;
            if (r.pending) needCloud().sim.cancelPending(d, r);
          };
          break;
        }
        case "cloud.critical_deprecation": {
          const d = cloudDeployment(spec.deployment);
          d.criticalDeprecations += spec.count;
          undo = () => (d.criticalDeprecations = Math.max(0, d.criticalDeprecations - spec.count));
          break;
        }
        case "kibana.never_available": {
          if (!kb) throw new ControlError(400, "this sim has no kibana section");
          const k = kb.kibana;
          k.neverAvailable = true;
          undo = () => (k.neverAvailable = false);
          break;
        }
        case "script.exit":
        case "script.hang": {
          const id = nextId;
          scriptFaults.push({ id, target: spec.target, mode: spec.kind === "script.exit" ? "exit" : "hang", exitCode: spec.kind === "script.exit" ? spec.exitCode : 0, left: spec.times ?? Infinity });
          undo = () => {
            const i = scriptFaults.findIndex((f) => f.id === id);
            if (i >= 0) scriptFaults.splice(i, 1);
          };
          break;
        }
      }
      const id = nextId++;
      active.set(id, { spec, undo });
      return id;
    };
    const removeFault = (id: number): boolean => {
      const f = active.get(id);
      if (!f) return false;
      f.undo();
      active.delete(id);
      return true;
    };
    for (const f of config.faults) addFault(f);

    const scriptFault = (target: string): HookAnswer | undefined => {
      const f = scriptFaults.find((x) => x.target === target && x.left > 0);
      if (!f) return undefined;
      f.left--;
      return f.mode === "exit" ? { action: "exit", exitCode: f.exitCode, message: `injected fault: upgrade script for ${target} exits ${f.exitCode}` } : { action: "hang", message: `injected fault: upgrade script for ${target} hangs` };
    };

    // -------------------------------------------------------------- control server
    const control = new SimServer({ name: "control" });
    const VersionBody = z.object({ version: z.string() });
    const ctl = (method: string, pattern: string, h: (req: SimRequest) => unknown) =>
      control.route(method, pattern, async (req): Promise<SimResponse> => {
        try {
          const body = await h(req);
          return { status: method === "POST" && pattern === "/_sim/faults" ? 201 : 200, body: body ?? { ok: true } };
        } catch (e) {
          if (e instanceof z.ZodError) return { status: 400, body: { error: `invalid request body: ${e.issues.map((i) => `${i.path.join(".") || "(body)"}: ${i.message}`).join("; ")}` } };
          if (e instanceof ControlError) return { status: e.status, body: { error: e.message } };
          if (e instanceof NodeOperationError || e instanceof KibanaOperationError) return { status: 409, body: { error: e.message } };
          if (e instanceof CloudApiError) return { status: e.status, body: { error: e.message, code: e.code } };
          throw e;
        }
      });
    const state = () => ({
      time_scale: config.timeScale,
      elasticsearch: es?.cluster.snapshot() ?? null,
      kibana: kb?.kibana.snapshot() ?? null,
      cloud: cloud?.sim.snapshot() ?? null,
      faults: [...active.entries()].map(([id, f]) => ({ id, ...f.spec })),
    });
    ctl("GET", "/_sim/state", state);
    ctl("GET", "/_sim/faults", () => ({ faults: state().faults }));
    ctl("POST", "/_sim/faults", (req) => ({ id: addFault(req.body as FaultSpecInput) }));
    ctl("DELETE", "/_sim/faults", () => {
      for (const id of [...active.keys()]) removeFault(id);
      return { ok: true };
    });
    ctl("DELETE", "/_sim/faults/:id", (req) => {
      if (!removeFault(Number(req.params.id))) throw new ControlError(404, `no fault ${req.params.id}`);
      return { ok: true };
    });
    ctl("POST", "/_sim/es/nodes/:name/stop", async (req) => {
      await needEs().cluster.stopNode(req.params.name);
      return { ok: true };
    });
    ctl("POST", "/_sim/es/nodes/:name/start", (req) => needEs().cluster.startNode(req.params.name));
    ctl("POST", "/_sim/es/nodes/:name/restart", async (req) => {
      await needEs().cluster.stopNode(req.params.name);
      return needEs().cluster.startNode(req.params.name);
    });
    ctl("POST", "/_sim/es/nodes/:name/install", async (req) => {
      await needEs().cluster.installVersion(req.params.name, VersionBody.parse(req.body).version);
      return { ok: true };
    });
    ctl("POST", "/_sim/es/nodes/:name/upgrade", (req) => needEs().cluster.upgradeNode(req.params.name, VersionBody.parse(req.body).version));
    ctl("POST", "/_sim/es/indices", (req) => {
      const idx = needEs().cluster.createIndex(EsIndexConfigSchema.parse(req.body));
      return { name: idx.name };
    });
    ctl("POST", "/_sim/es/indices/:name/docs", (req) => {
      const idx = needEs().cluster.addDocs(req.params.name, z.object({ count: z.number().int().min(0) }).parse(req.body).count);
      return { name: idx.name, docs: idx.docs };
    });
    const needKb = () => {
      if (!kb) throw new ControlError(400, "this sim has no kibana section");
      return kb.kibana;
    };
    ctl("POST", "/_sim/kibana/stop", async () => {
      await needKb().stop();
      return needKb().snapshot();
    });
    ctl("POST", "/_sim/kibana/start", async () => {
      await needKb().start();
      return needKb().snapshot();
    });
    ctl("POST", "/_sim/kibana/install", async (req) => {
      await needKb().install(VersionBody.parse(req.body).version);
      return needKb().snapshot();
    });
    ctl("POST", "/_sim/kibana/upgrade", async (req) => {
      await needKb().upgrade(VersionBody.parse(req.body).version);
      return needKb().snapshot();
    });
    ctl("POST", "/_sim/hooks/es-node", async (req): Promise<HookAnswer> => {
      const b = z.object({ node: z.string(), version: z.string() }).parse(req.body);
      const c = needEs().cluster;
      c.mustNode(b.node);
      const f = scriptFault(b.node);
      if (f) return f;
      const r = await c.upgradeNode(b.node, b.version);
      return { action: "done", ok: r.ok, version: r.version, exitCode: r.ok ? 0 : 1, message: r.ok ? `${r.node} started on ${r.version}` : r.error };
    });
    ctl("POST", "/_sim/hooks/kibana", async (req): Promise<HookAnswer> => {
      const b = VersionBody.parse(req.body);
      const k = needKb();
      const f = scriptFault("kibana");
      if (f) return f;
      await k.upgrade(b.version);
      return { action: "done", ok: true, exitCode: 0, version: k.version, message: `kibana started on ${k.version}` };
    });
    const controlUrl = await control.listen();
    started.push({ stop: () => control.close() });

    const scripts = { esNode: path.join(__dirname, "scripts", "es-node-upgrade.js"), kibana: path.join(__dirname, "scripts", "kibana-upgrade.js") };
    const apiKey = encodedApiKey(creds.apiKeys[0] ?? { id: "", api_key: "" });
    let stopped = false;
    return {
      config,
      clock,
      controlUrl,
      control,
      credentials: { username: creds.username, password: creds.password, apiKey, cloudApiKey: config.cloud?.apiKey },
      elasticsearch: es,
      kibana: kb,
      cloud,
      plugins,
      scripts,
      hookCommands: {
        esNode: [process.execPath, scripts.esNode, "--control-url", controlUrl],
        kibana: [process.execPath, scripts.kibana, "--control-url", controlUrl],
      },
      hookEnv: (extra = {}) => ({ UPGRADES_SIM_CONTROL_URL: controlUrl, ...extra }),
      addFault,
      removeFault,
      faults: () => [...active.entries()].map(([id, f]) => ({ id, spec: f.spec })),
      summary: () => ({
        controlUrl,
        timeScale: config.timeScale,
        elasticsearch: es ? { url: es.url, username: creds.username, password: creds.password, apiKey } : undefined,
        kibana: kb ? { url: kb.url, username: creds.username, password: creds.password, apiKey } : undefined,
        cloud: cloud ? { url: `${cloud.url}/api/v1`, apiKey: config.cloud!.apiKey, region: cloud.region, deploymentIds: cloud.deploymentIds } : undefined,
        scripts: {
          esNode: scripts.esNode,
          kibana: scripts.kibana,
          env: { UPGRADES_SIM_CONTROL_URL: controlUrl },
          esNodeCommand: [process.execPath, scripts.esNode, "--control-url", controlUrl],
          kibanaCommand: [process.execPath, scripts.kibana, "--control-url", controlUrl],
        },
        ...Object.fromEntries(Object.entries(plugins).map(([k, h]) => [k, { url: h.url, ...(h.summary ?? {}) }])),
      }),
      stop: async () => {
        if (stopped) return;
        stopped = true;
        for (const s of started.reverse()) await s.stop();
      },
    };
  } catch (e) {
    for (const s of started.reverse()) await s.stop();
    throw e;
  }
}
