/**
 * @module resources/elastic/connect — clients for one ElasticDeploymentVersion from its inputs, the provider config
 * and the environment (precedence: input → `upgrades:*` config → env; provider/config.ts), plus the Kibana
 * availability the rollout needs, read with the shared clients/kibana `KibanaStatusClient` (`GET /api/status`,
 * elastic-api-shapes.md §12).
 */
import type { ProviderConfig } from "../../config";
import { ElasticsearchClient } from "../../clients/elasticsearch";
import { ElasticCloudClient } from "../../clients/elastic-cloud";
import { ClientError, HttpStatusError } from "../../clients/errors";
import type { HttpAuth, RequestCounter } from "../../clients/http";
import { KibanaStatusClient } from "../../clients/kibana";
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
  const client = new KibanaStatusClient({
    url: r.url,
    auth: r.auth,
    caCertificate: r.caCertificate,
    insecureSkipVerify: r.insecureSkipVerify,
    counter: o.counter,
    userAgent: "pulumi-upgrades",
    // a status probe is repeated by its caller; do not stack retries under it
    retry: { maxRetries: 1, minDelayMs: 50, maxDelayMs: 500 },
    timeoutMs: 15_000,
  });
  return { client, url: r.url, secrets: r.secrets };
}

export function connectCloud(t: ElasticCloudTarget, config: ProviderConfig, o: ConnectOptions = {}): { client: ElasticCloudClient; endpoint: string; secrets: string[] } {
  const apiKey = config.require("ecApiKey", t.apiKey, "elasticCloud.apiKey");
  const endpoint = config.resolve("ecEndpoint", t.endpoint)?.value;
  const ca = config.resolve("caCertPem")?.value;
  const client = new ElasticCloudClient({ apiKey, ...(endpoint ? { endpoint } : {}), ...(ca ? { caCertificate: ca } : {}), counter: o.counter, userAgent: "pulumi-upgrades" });
  return { client, endpoint: endpoint ?? "https://api.elastic-cloud.com", secrets: [apiKey] };
}

/** What the rollout needs from Kibana's status: a stopped, starting or unreachable Kibana is a value, not an error. */
export interface KibanaAvailability {
  /** whether Kibana answers 200 with overall level `available` */
  available: boolean;
  /** the version Kibana reports; undefined while it is down, starting, or answering the redacted status */
  version?: string;
  /** why it is not available, for progress lines */
  reason: string;
}

/**
 * Reads Kibana's status through the shared {@link KibanaStatusClient} (a 503, with the status body or the plain
 * "Kibana server is not ready yet", is already a value there). A refused or reset connection, a timeout or any
 * other non-auth client failure also means "not available" here: the caller polls. 401/403 are thrown (the
 * credentials are wrong; waiting will not help), as is an abort.
 */
export async function kibanaAvailability(client: KibanaStatusClient, signal?: AbortSignal): Promise<KibanaAvailability> {
  try {
    const s = await client.status(signal ? { signal } : {});
    const available = s.httpStatus === 200 && s.level === "available";
    return { available, ...(s.version ? { version: s.version } : {}), reason: available ? "available" : `Kibana status ${s.level}` };
  } catch (e) {
    if (signal?.aborted) throw e;
    if (e instanceof HttpStatusError && (e.status === 401 || e.status === 403)) throw e;
    if (e instanceof ClientError) return { available: false, reason: `Kibana unreachable (${e.name})` };
    throw e;
  }
}
