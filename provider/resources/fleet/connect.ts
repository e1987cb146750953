/**
 * @module resources/fleet/connect — Kibana connection settings by precedence (input → provider config → env), and
 * the two clients the resource uses: Kibana Fleet (space-scoped) and Kibana status (for the running version).
 */
import type { ProviderConfig } from "../../config";
import type { RequestCounter, RetryPolicy } from "../../clients/http";
import { createKibanaFleetClient, KibanaFleetClient } from "../../clients/kibana-fleet";
import { KibanaStatusClient } from "../../clients/kibana";
import type { Inputs } from "./schema";

export interface Connection {
  url: string;
  apiKey?: string;
  username?: string;
  password?: string;
  spaceId: string;
  caCertificate?: string;
  insecureSkipVerify?: boolean;
}

/** Client tuning (tests and benches shorten retries and timeouts; production keeps the http layer's defaults). */
export const clientTuning: { timeoutMs?: number; retry?: Partial<RetryPolicy>; counter?: RequestCounter } = {};

/** Resolve the connection; an API key wins over username/password. Throws MissingSettingError naming where to set it. */
export function resolveConnection(inputs: Pick<Inputs, "kibana">, config: ProviderConfig): Connection {
  const k = inputs.kibana;
  const url = config.require("kibanaUrl", k.url, "kibana.url");
  const apiKey = config.resolve("kibanaApiKey", k.apiKey)?.value;
  const insecure = k.insecureSkipVerify ?? config.resolve("insecureSkipVerify")?.value === "true";
  const base = { url, spaceId: k.spaceId ?? "default", caCertificate: config.resolve("caCertPem", k.caCertificate)?.value, insecureSkipVerify: insecure || undefined };
  if (apiKey && !(k.username && k.password)) return { ...base, apiKey };
  const username = config.resolve("kibanaUsername", k.username)?.value;
  if (!username && !apiKey) config.require("kibanaApiKey", undefined, "kibana.apiKey"); // throws, naming the API key first
  const password = config.require("kibanaPassword", k.password, "kibana.password");
  return { ...base, username, password };
}

/** Every credential value of a connection (for redaction). */
export const secretsOf = (c: Connection): string[] => [c.apiKey, c.password].filter((s): s is string => typeof s === "string" && s.length > 0);

export interface Clients {
  fleet: KibanaFleetClient;
  status: KibanaStatusClient;
  close(): Promise<void>;
}

export function clientsFor(c: Connection, overrides: { timeoutMs?: number; retry?: Partial<RetryPolicy> } = {}): Clients {
  const common = {
    caCertificate: c.caCertificate,
    insecureSkipVerify: c.insecureSkipVerify,
    timeoutMs: overrides.timeoutMs ?? clientTuning.timeoutMs,
    retry: { ...clientTuning.retry, ...overrides.retry },
    counter: clientTuning.counter,
    userAgent: "pulumi-upgrades FleetIntegration",
  };
  const fleet = createKibanaFleetClient({ url: c.url, apiKey: c.apiKey, username: c.username, password: c.password, spaceId: c.spaceId, ...common });
  const status = new KibanaStatusClient({
    url: c.url,
    auth: c.apiKey ? { kind: "apiKey", apiKey: c.apiKey } : { kind: "basic", username: c.username as string, password: c.password as string },
    ...common,
  });
  return {
    fleet,
    status,
    close: async () => {
      await Promise.allSettled([fleet.close(), status.http.close()]);
    },
  };
}
