/**
 * @module resources/elastic/connect — clients for one ElasticDeploymentVersion from its inputs, the provider config
 * and the environment (precedence: input → `upgrades:*` config → env; provider/config.ts), plus the small Kibana
 * status reader the rollout needs (`GET /api/status`, elastic-api-shapes.md §12).
 */
import { z } from "zod";
import type { ProviderConfig } from "../../config";
import { ElasticsearchClient } from "../../clients/elasticsearch";
import { ElasticCloudClient } from "../../clients/elastic-cloud";
import { ClientError, HttpStatusError } from "../../clients/errors";
import { createHttpClient, type HttpAuth, type HttpClient, type RequestCounter } from "../../clients/http";
import type { ElasticCloudTarget, ElasticsearchConnection, KibanaConnection } from "./schema";

export interface ConnectOptions {
  /** shared request counter (bench: requests per node) */
  counter?: RequestCounter;
}

interface Resolved {
  url: string;
  auth: HttpAuth;
  caCertificate?: string;
  insecureSkipVerify?: boolean;
  secrets: string[];
}

function resolve(
  kind: "elasticsearch" | "kibana",
  c: ElasticsearchConnection | KibanaConnection | undefined,
  config: ProviderConfig,
): Resolved {
  const k = kind === "elasticsearch" ? { url: "elasticsearchUrl", apiKey: "elasticsearchApiKey", user: "elasticsearchUsername", pass: "elasticsearchPassword" } as const
    : { url: "kibanaUrl", apiKey: "kibanaApiKey", user: "kibanaUsername", pass: "kibanaPassword" } as const;
  const url = config.require(k.url, c?.url, `${kind}.url`).replace(/\/+$/, "");
  let auth: HttpAuth = { kind: "none" };
  const secrets: string[] = [];
  if (c?.username && c.password) {
    auth = { kind: "basic", username: c.username, password: c.password };
    secrets.push(c.password);
  } else {
    const apiKey = config.resolve(k.apiKey, c?.apiKey)?.value;
    if (apiKey) {
      auth = { kind: "apiKey", apiKey };
      secrets.push(apiKey);
    } else {
      const user = config.resolve(k.user)?.value;
      const pass = config.resolve(k.pass)?.value;
      if (user && pass) {
        auth = { kind: "basic", username: user, password: pass };
        secrets.push(pass);
      }
    }
  }
  const ca = config.resolve("caCertPem", c?.caCertificate)?.value;
  const insecure = c?.insecureSkipVerify ?? config.resolve("insecureSkipVerify")?.value === "true";
  return { url, auth, ...(ca ? { caCertificate: ca } : {}), ...(insecure ? { insecureSkipVerify: true } : {}), secrets };
}

export function connectElasticsearch(c: ElasticsearchConnection | undefined, config: ProviderConfig, o: ConnectOptions = {}): { client: ElasticsearchClient; url: string; secrets: string[] } {
  const r = resolve("elasticsearch", c, config);
  const client = new ElasticsearchClient({ url: r.url, auth: r.auth, caCertificate: r.caCertificate, insecureSkipVerify: r.insecureSkipVerify, counter: o.counter, userAgent: "pulumi-upgrades" });
  return { client, url: r.url, secrets: r.secrets };
}

export function connectKibana(c: KibanaConnection | undefined, config: ProviderConfig, o: ConnectOptions = {}): { client: KibanaStatusClient; url: string; secrets: string[] } {
  const r = resolve("kibana", c, config);
  const http = createHttpClient({
    baseUrl: r.url,
    auth: r.auth,
    caCertificate: r.caCertificate,
    insecureSkipVerify: r.insecureSkipVerify,
    counter: o.counter,
    service: "Kibana",
    userAgent: "pulumi-upgrades",
    // a status probe is repeated by its caller; do not stack retries under it
    retry: { maxRetries: 1, minDelayMs: 50, maxDelayMs: 500 },
    timeoutMs: 15_000,
  });
  return { client: new KibanaStatusClient(http), url: r.url, secrets: r.secrets };
}

export function connectCloud(t: ElasticCloudTarget, config: ProviderConfig, o: ConnectOptions = {}): { client: ElasticCloudClient; endpoint: string; secrets: string[] } {
  const apiKey = config.require("ecApiKey", t.apiKey, "elasticCloud.apiKey");
  const endpoint = config.resolve("ecEndpoint", t.endpoint)?.value;
  const ca = config.resolve("caCertPem")?.value;
  const client = new ElasticCloudClient({ apiKey, ...(endpoint ? { endpoint } : {}), ...(ca ? { caCertificate: ca } : {}), counter: o.counter, userAgent: "pulumi-upgrades" });
  return { client, endpoint: endpoint ?? "https://api.elastic-cloud.com", secrets: [apiKey] };
}

/** `GET /api/status` body fields we read (elastic-api-shapes.md §12); everything else is ignored. */
const KibanaStatusBody = z.looseObject({
  version: z.looseObject({ number: z.string() }).optional(),
  status: z.looseObject({ overall: z.looseObject({ level: z.string().optional(), state: z.string().optional() }).optional() }).optional(),
});

export interface KibanaStatus {
  /** whether Kibana answers with overall level `available` */
  available: boolean;
  /** the version Kibana reports; undefined while it is down or not ready */
  version?: string;
  /** why it is not available, for progress lines */
  reason: string;
}

/** Reads Kibana's status; a stopped, starting or unreachable Kibana is a value, not an error. */
export class KibanaStatusClient {
  constructor(readonly http: HttpClient) {}

  async status(signal?: AbortSignal): Promise<KibanaStatus> {
    try {
      const r = await this.http.exchange("GET", "/api/status", { schema: z.unknown(), expectStatus: [200, 503], signal });
      const body = KibanaStatusBody.safeParse(r.data);
      const version = body.success ? body.data.version?.number : undefined;
      // 8.x+: status.overall.level; 7.x (v7format): status.overall.state "green"
      const overall = body.success ? body.data.status?.overall : undefined;
      const level = overall?.level ?? (overall?.state === "green" ? "available" : overall?.state);
      const available = r.status === 200 && level === "available";
      return { available, ...(version ? { version } : {}), reason: available ? "available" : `Kibana status ${level ?? `HTTP ${r.status}`}` };
    } catch (e) {
      if (signal?.aborted) throw e;
      if (e instanceof HttpStatusError && (e.status === 401 || e.status === 403)) throw e;
      if (e instanceof ClientError) return { available: false, reason: `Kibana unreachable (${e.name})` };
      throw e;
    }
  }

  close(): Promise<void> {
    return this.http.close();
  }
}
