// Simulated Kibana: one logical instance (self-managed Kibana has no rolling upgrade: all instances stop,
// then start on the new version — elastic.md §a6, §b6). `GET /api/status` reports version and
// `status.overall.level`; Kibana is unavailable while stopped (connections are reset), while starting
// (saved-object migrations: 503 "Kibana server is not ready yet"), and while any Elasticsearch node is
// incompatible with it (older minor, other major — kibana `es_kibana_version_compatability.ts`).
import { randomUUID } from "crypto";
import { z } from "zod";
import type { SimClock } from "../common/clock";
import { FaultBook } from "../common/faults";
import { parseAuthorization, SimServer, type SimRequest, type SimResponse } from "../common/http";
import type { EsCluster } from "../elasticsearch/cluster";
import { encodedApiKey, type EsCredentials } from "../elasticsearch/server";
import { isVersion, kibanaCompatible } from "../elasticsearch/versions";

export const KibanaConfigSchema = z.object({
  name: z.string().default("kibana-0"),
  version: z.string().default("8.17.3"),
  timings: z
    .object({
      stopMs: z.number().min(0).default(3_000),
      installMs: z.number().min(0).default(15_000),
      /** start → saved-object migrations done → available */
      startMs: z.number().min(0).default(30_000),
    })
    .prefault({}),
});
export type KibanaConfigInput = z.input<typeof KibanaConfigSchema>;
export type KibanaConfig = z.output<typeof KibanaConfigSchema>;

export class KibanaOperationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "KibanaOperationError";
  }
}

export type KibanaProcess = "running" | "starting" | "stopping" | "stopped";

export class KibanaSim {
  readonly name: string;
  readonly uuid = randomUUID();
  version: string;
  installedVersion: string;
  process: KibanaProcess = "running";
  /** fault: the instance never becomes available */
  neverAvailable = false;
  starts = 1;
  private resetRule?: number;
  private closed = false;
  private readonly life = new AbortController();

  constructor(
    cfg: KibanaConfig,
    private readonly clock: SimClock,
    private readonly cluster: EsCluster | undefined,
    readonly faults: FaultBook,
  ) {
    if (!isVersion(cfg.version)) throw new Error(`kibana: "${cfg.version}" is not a version like 8.17.3`);
    this.name = cfg.name;
    this.version = cfg.version;
    this.installedVersion = cfg.version;
    this.timings = cfg.timings;
  }
  readonly timings: KibanaConfig["timings"];

  /** ES nodes this Kibana refuses (empty when compatible) */
  incompatibleNodes(): { name: string; version: string; ip: string }[] {
    if (!this.cluster) return [];
    return this.cluster
      .joinedNodes()
      .filter((n) => !kibanaCompatible(this.version, n.runningVersion))
      .map((n) => ({ name: n.name, version: n.runningVersion, ip: n.ip }));
  }

  /** overall level and the message Kibana would show */
  level(): { level: "available" | "degraded" | "unavailable" | "critical"; summary: string; es: string } {
    if (this.neverAvailable) return { level: "unavailable", summary: "Kibana is not available (injected fault: never available)", es: "unavailable" };
    if (this.cluster && !this.cluster.master()) return { level: "unavailable", summary: "Unable to retrieve version information from Elasticsearch nodes.", es: "unavailable" };
    const bad = this.incompatibleNodes();
    if (bad.length) {
      const list = bad.map((n) => `v${n.version} @ ${n.ip}:9200 (${n.ip})`).join(", ");
      return {
        level: "unavailable",
        summary: `This version of Kibana (v${this.version}) is incompatible with the following Elasticsearch nodes in your cluster: ${list}`,
        es: "unavailable",
      };
    }
    return { level: "available", summary: "All services and plugins are available", es: "available" };
  }

  snapshot(): Record<string, unknown> {
    return { name: this.name, version: this.version, installed_version: this.installedVersion, process: this.process, never_available: this.neverAvailable, level: this.process === "running" ? this.level().level : "unavailable", starts: this.starts };
  }

  async stop(): Promise<void> {
    if (this.process === "stopped") return;
    if (this.process === "stopping") throw new KibanaOperationError("kibana is already stopping");
    this.process = "stopping";
    this.resetRule ??= this.faults.add({ reset: true });
    await this.clock.sleep(this.timings.stopMs, this.life.signal);
    this.process = "stopped";
  }

  async install(version: string): Promise<void> {
    if (!isVersion(version)) throw new KibanaOperationError(`"${version}" is not a version like 8.17.3`);
    if (this.process !== "stopped") throw new KibanaOperationError(`kibana is ${this.process}; stop it before installing a package`);
    await this.clock.sleep(this.timings.installMs, this.life.signal);
    this.installedVersion = version;
  }

  async start(): Promise<void> {
    if (this.process === "running" || this.process === "starting") return;
    if (this.process === "stopping") throw new KibanaOperationError("kibana is still stopping");
    this.version = this.installedVersion;
    this.process = "starting";
    this.starts++;
    if (this.resetRule !== undefined) this.faults.remove(this.resetRule);
    this.resetRule = undefined;
    await this.clock.sleep(this.timings.startMs, this.life.signal);
    if (!this.closed && this.process === "starting") this.process = "running";
  }

  async upgrade(version: string): Promise<void> {
    await this.stop();
    await this.install(version);
    await this.start();
  }

  close(): void {
    this.closed = true;
    this.life.abort(new KibanaOperationError("simulator stopped"));
  }
}

export function createKibanaServer(kb: KibanaSim, credentials: EsCredentials): SimServer {
  const unauth = (message: string): SimResponse => ({
    status: 401,
    body: { statusCode: 401, error: "Unauthorized", message },
    headers: { "www-authenticate": 'Basic realm="kibana", charset="UTF-8"' },
  });
  const server = new SimServer({
    name: "kibana",
    faults: kb.faults,
    auth: (req: SimRequest) => {
      const a = parseAuthorization(req.headers);
      if (!a) return unauth("[security_exception]: missing authentication credentials for REST request");
      if (a.scheme === "basic" && a.username === credentials.username && a.password === credentials.password) return undefined;
      if (a.scheme === "apikey" && credentials.apiKeys.some((k) => encodedApiKey(k) === a.token)) return undefined;
      return unauth("[security_exception]: unable to authenticate with provided credentials");
    },
    onBadJson: () => ({ status: 400, body: { statusCode: 400, error: "Bad Request", message: "Invalid request payload JSON format" } }),
    notFound: () => ({ status: 404, body: { statusCode: 404, error: "Not Found", message: "Not Found" } }),
  });
  server.route("GET", "/api/status", (req) => {
    const unknown = [...req.query.keys()].find((k) => k !== "v7format" && k !== "v8format");
    if (unknown) return { status: 400, body: { statusCode: 400, error: "Bad Request", message: `[request query.${unknown}]: definition for this key is missing` } };
    if (kb.process !== "running") return { status: 503, body: { statusCode: 503, error: "Service Unavailable", message: "Kibana server is not ready yet" } };
    const l = kb.level();
    const body = {
      name: kb.name,
      uuid: kb.uuid,
      version: { number: kb.version, build_hash: "0".repeat(40), build_number: 80000 + Number(kb.version.split(".")[1]), build_snapshot: false, build_flavor: "traditional", build_date: "2025-01-01T00:00:00.000Z" },
      status: {
        overall: { level: l.level, summary: l.summary },
        core: {
          elasticsearch: { level: l.es, summary: l.es === "available" ? "Elasticsearch is available" : l.summary, meta: {} },
          savedObjects: { level: l.es, summary: l.es === "available" ? "SavedObjects service has completed migrations and is available" : "SavedObjects service is not available without a healthy Elasticearch connection", meta: {} },
        },
        plugins: {},
      },
      metrics: { last_updated: new Date().toISOString(), collection_interval_in_millis: 5000, os: {}, process: {}, processes: [], response_times: {}, concurrent_connections: 0, requests: {} },
    };
    return { status: l.level === "available" || l.level === "degraded" ? 200 : 503, body };
  });
  return server;
}
