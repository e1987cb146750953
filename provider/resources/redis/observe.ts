/**
 * @module resources/redis/observe — connection settings (input → provider config → env), the REST client, and one
 * observation of the live cluster: nodes with versions, statuses and roles, databases. The cluster version is
 * derived from the nodes (the lowest one) because RS has no cluster software-version field [inferred, redis.md §1c].
 */
import type { ProviderConfig } from "../../config";
import { createRedisEnterpriseClient, NodesStatusUnavailableError, RedisEnterpriseClient } from "../../clients/redis-enterprise";
import type { Bdb } from "../../clients/redis-enterprise";
import type { RetryPolicy } from "../../clients/http";
import { compareVersions } from "../../versions";
import type { Inputs } from "./schema";

export interface Connection {
  url: string;
  username: string;
  password: string;
  caCertificate?: string;
  insecureSkipVerify?: boolean;
}

/** Tuning of the REST client (tests and benches shorten timeouts and retry delays; production keeps the defaults). */
export const clientTuning: { timeoutMs?: number; retry?: Partial<RetryPolicy> } = {};

/** Resolve the connection by precedence; throws MissingSettingError naming all three places to set a value. */
export function resolveConnection(inputs: Pick<Inputs, "cluster">, config: ProviderConfig): Connection {
  const c = inputs.cluster ?? {};
  const insecure = c.insecureSkipVerify ?? config.resolve("insecureSkipVerify")?.value === "true";
  return {
    url: config.require("redisEnterpriseUrl", c.url, "cluster.url"),
    username: config.require("redisEnterpriseUsername", c.username, "cluster.username"),
    password: config.require("redisEnterprisePassword", c.password, "cluster.password"),
    caCertificate: config.resolve("caCertPem", c.caCertificate)?.value,
    insecureSkipVerify: insecure || undefined,
  };
}

export function clientFor(conn: Connection, overrides: { timeoutMs?: number; retry?: Partial<RetryPolicy> } = {}): RedisEnterpriseClient {
  return createRedisEnterpriseClient({
    url: conn.url,
    username: conn.username,
    password: conn.password,
    caCertificate: conn.caCertificate,
    insecureSkipVerify: conn.insecureSkipVerify,
    timeoutMs: overrides.timeoutMs ?? clientTuning.timeoutMs,
    retry: { ...clientTuning.retry, ...overrides.retry },
    userAgent: "pulumi-upgrades RedisClusterVersion",
  });
}

export type Role = "master" | "slave" | "unknown";

export interface ObservedNode {
  uid: number;
  addr: string;
  version: string;
  status: string;
  role: Role;
}

export interface Observation {
  nodes: ObservedNode[];
  /** undefined when roles are unavailable (clusters older than 6.2.18-49) or no node is master right now */
  masterUid?: number;
  /** why roles are unavailable (the NodesStatusUnavailableError message), when they are */
  rolesUnavailable?: string;
  databases: Bdb[];
  /** lowest node version: the effective cluster version */
  lowest: string;
  mixed: boolean;
}

export const byVersion = (a: string, b: string) => compareVersions("redis-enterprise", a, b);

/** One observation: `GET /v1/nodes`, `/v1/nodes/status` (roles) and `/v1/bdbs`. Read-only. */
export async function observeCluster(rs: RedisEnterpriseClient, signal?: AbortSignal): Promise<Observation> {
  const [nodes, status, databases] = await Promise.all([
    rs.listNodes({ signal }),
    rs.getNodesStatus({ signal }).catch((e: unknown) => {
      if (e instanceof NodesStatusUnavailableError) return e;
      throw e;
    }),
    rs.listBdbs({ signal }),
  ]);
  const roles = status instanceof NodesStatusUnavailableError ? undefined : status;
  const observed: ObservedNode[] = nodes
    .map((n) => ({
      uid: n.uid,
      addr: n.addr,
      version: n.software_version,
      status: n.status,
      role: (roles ? (roles[String(n.uid)]?.role ?? "unknown") : "unknown") as Role,
    }))
    .sort((a, b) => a.uid - b.uid);
  const versions = [...new Set(observed.map((n) => n.version))].sort(byVersion);
  const master = observed.find((n) => n.role === "master");
  return {
    nodes: observed,
    masterUid: master?.uid,
    rolesUnavailable: status instanceof NodesStatusUnavailableError ? status.message : undefined,
    databases: [...databases].sort((a, b) => a.uid - b.uid),
    lowest: versions[0] ?? "",
    mixed: versions.length > 1,
  };
}

/** Is `version` at or above `target`? */
export const atLeast = (version: string, target: string): boolean => {
  try {
    return byVersion(version, target) >= 0;
  } catch {
    return false;
  }
};
