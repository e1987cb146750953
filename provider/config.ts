// Provider configuration and the precedence of connection settings.
//
// A connection setting (an endpoint URL, an API key, a username/password) is taken from, in order:
//   1. the resource's own input (e.g. `elasticsearch.url` on an ElasticDeploymentVersion),
//   2. the provider configuration: stack config `upgrades:<key>` (plugin: Configure args of the default
//      provider or an explicit `upgrades.Provider`; dynamic: the namespaced full stack config given to configure()),
//   3. the environment variable listed for the key below, read in the provider process.
// The first one that is set (non-empty) wins. docs/hosting.md documents the same table.
import type { z } from "zod";

/** One provider-level setting: its config key, environment variable, description and secretness. */
export interface SettingSpec {
  readonly key: ConfigKey;
  readonly env: readonly string[];
  readonly secret: boolean;
  readonly description: string;
}

export const CONFIG_KEYS = [
  "elasticsearchUrl",
  "elasticsearchApiKey",
  "elasticsearchUsername",
  "elasticsearchPassword",
  "kibanaUrl",
  "kibanaApiKey",
  "kibanaUsername",
  "kibanaPassword",
  "ecApiKey",
  "ecEndpoint",
  "redisEnterpriseUrl",
  "redisEnterpriseUsername",
  "redisEnterprisePassword",
  "caCertPem",
  "insecureSkipVerify",
] as const;
export type ConfigKey = (typeof CONFIG_KEYS)[number];

export const SETTINGS: Readonly<Record<ConfigKey, SettingSpec>> = {
  elasticsearchUrl: { key: "elasticsearchUrl", env: ["ELASTICSEARCH_URL"], secret: false, description: "Elasticsearch endpoint URL (self-managed clusters)." },
  elasticsearchApiKey: { key: "elasticsearchApiKey", env: ["ELASTICSEARCH_API_KEY"], secret: true, description: "Elasticsearch API key (base64 id:key, as sent in `Authorization: ApiKey`)." },
  elasticsearchUsername: { key: "elasticsearchUsername", env: ["ELASTICSEARCH_USERNAME"], secret: false, description: "Elasticsearch basic-auth user name." },
  elasticsearchPassword: { key: "elasticsearchPassword", env: ["ELASTICSEARCH_PASSWORD"], secret: true, description: "Elasticsearch basic-auth password." },
  kibanaUrl: { key: "kibanaUrl", env: ["KIBANA_URL"], secret: false, description: "Kibana endpoint URL." },
  kibanaApiKey: { key: "kibanaApiKey", env: ["KIBANA_API_KEY"], secret: true, description: "Kibana API key." },
  kibanaUsername: { key: "kibanaUsername", env: ["KIBANA_USERNAME"], secret: false, description: "Kibana basic-auth user name." },
  kibanaPassword: { key: "kibanaPassword", env: ["KIBANA_PASSWORD"], secret: true, description: "Kibana basic-auth password." },
  ecApiKey: { key: "ecApiKey", env: ["EC_API_KEY"], secret: true, description: "Elastic Cloud / ECE API key." },
  ecEndpoint: { key: "ecEndpoint", env: ["EC_ENDPOINT", "EC_HOST"], secret: false, description: "Elastic Cloud / ECE API base URL (default https://api.elastic-cloud.com)." },
  redisEnterpriseUrl: { key: "redisEnterpriseUrl", env: ["REDIS_ENTERPRISE_URL"], secret: false, description: "Redis Enterprise Software REST API URL (usually https://<cluster>:9443)." },
  redisEnterpriseUsername: { key: "redisEnterpriseUsername", env: ["REDIS_ENTERPRISE_USERNAME"], secret: false, description: "Redis Enterprise REST API user." },
  redisEnterprisePassword: { key: "redisEnterprisePassword", env: ["REDIS_ENTERPRISE_PASSWORD"], secret: true, description: "Redis Enterprise REST API password." },
  caCertPem: { key: "caCertPem", env: ["UPGRADES_CA_CERT_PEM"], secret: false, description: "PEM bundle of extra CA certificates trusted for every endpoint." },
  insecureSkipVerify: { key: "insecureSkipVerify", env: ["UPGRADES_INSECURE_SKIP_VERIFY"], secret: false, description: "\"true\" disables TLS verification (test clusters only)." },
};

/** Provider configuration values (every key optional, all strings: stack config values are strings). */
export type ProviderConfigValues = Partial<Record<ConfigKey, string>>;

type ProviderConfigZod = z.ZodObject<{ [K in ConfigKey]: z.ZodOptional<z.ZodString> }>;
let configZod: ProviderConfigZod | undefined;

/**
 * The zod schema of the provider config (GetSchema derives `config.variables` from it). Built on first use so that
 * the plugin's start-up path does not load zod (it is on the engine's spawn → port critical path).
 */
export function providerConfigSchema(): ProviderConfigZod {
  if (!configZod) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { z: zod } = require("zod") as typeof import("zod");
    configZod = zod
      .object(Object.fromEntries(CONFIG_KEYS.map((k) => [k, zod.string().optional().describe(SETTINGS[k].description)])) as { [K in ConfigKey]: z.ZodOptional<z.ZodString> })
      .describe("Provider configuration (stack config keys `upgrades:<key>`).");
  }
  return configZod;
}

export const SECRET_CONFIG_KEYS: readonly ConfigKey[] = CONFIG_KEYS.filter((k) => SETTINGS[k].secret);

export type SettingSource = "input" | "config" | "env";
export interface ResolvedSetting {
  value: string;
  source: SettingSource;
}

export class ConfigError extends Error {
  override readonly name = "ConfigError";
}

/** Thrown when a required connection setting is set nowhere. The message names all three places to set it. */
export class MissingSettingError extends Error {
  override readonly name = "MissingSettingError";
  constructor(readonly key: ConfigKey, inputPath?: string) {
    const spec = SETTINGS[key];
    super(
      `${key} is not set: set ${inputPath ? `the resource input \`${inputPath}\`, ` : ""}the stack config ` +
        `\`pulumi config set ${spec.secret ? "--secret " : ""}upgrades:${key} ...\`, or the environment variable ` +
        `${spec.env.join(" / ")} in the environment that runs pulumi.`,
    );
  }
}

/**
 * The provider configuration seen by resources: the configured values plus a snapshot of the environment taken
 * when the provider was configured (so tests can pass an explicit env).
 */
export class ProviderConfig {
  readonly values: Readonly<ProviderConfigValues>;
  private readonly env: Readonly<Record<string, string | undefined>>;

  constructor(values: ProviderConfigValues = {}, env: Record<string, string | undefined> = process.env) {
    this.values = Object.freeze({ ...values });
    this.env = Object.freeze({ ...env });
  }

  /** Resolve one setting by precedence: resource input, then provider config, then environment variables. */
  resolve(key: ConfigKey, inputValue?: string | null): ResolvedSetting | undefined {
    if (typeof inputValue === "string" && inputValue !== "") return { value: inputValue, source: "input" };
    const cfg = this.values[key];
    if (typeof cfg === "string" && cfg !== "") return { value: cfg, source: "config" };
    for (const name of SETTINGS[key].env) {
      const v = this.env[name];
      if (typeof v === "string" && v !== "") return { value: v, source: "env" };
    }
    return undefined;
  }

  /** Like resolve(), but throws MissingSettingError (never echoing any value) when the setting is set nowhere. */
  require(key: ConfigKey, inputValue?: string | null, inputPath?: string): string {
    const r = this.resolve(key, inputValue);
    if (!r) throw new MissingSettingError(key, inputPath);
    return r.value;
  }

  /** Every credential value currently resolvable from config or env (for redaction in logs and errors). */
  secretValues(): string[] {
    const out: string[] = [];
    for (const k of SECRET_CONFIG_KEYS) {
      const r = this.resolve(k);
      if (r) out.push(r.value);
    }
    return out;
  }
}

/**
 * Parse provider config from a plain object. Accepts un-namespaced keys (`elasticsearchUrl`, plugin Configure args and
 * PULUMI_CONFIG) and namespaced ones (`upgrades:elasticsearchUrl`, the dynamic host's full stack config; other
 * namespaces are ignored). Non-string scalars are stringified; unknown `upgrades:` keys are an error.
 */
export function parseProviderConfig(raw: Record<string, unknown>, opts: { namespaced: boolean }): ProviderConfigValues {
  const picked: Record<string, string> = {};
  const unknownKeys: string[] = [];
  for (const [k, v] of Object.entries(raw)) {
    let key = k;
    if (opts.namespaced) {
      if (!k.startsWith("upgrades:")) continue;
      key = k.slice("upgrades:".length);
    }
    // engine-managed provider keys (version pin, download URL) and internal keys are not settings
    if (key === "version" || key === "pluginDownloadURL" || key.startsWith("__")) continue;
    if (!(CONFIG_KEYS as readonly string[]).includes(key)) {
      unknownKeys.push(key);
      continue;
    }
    if (v === undefined || v === null) continue;
    picked[key] = typeof v === "string" ? v : JSON.stringify(v);
  }
  if (unknownKeys.length) {
    throw new ConfigError(
      `unknown provider config key(s) ${unknownKeys.map((k) => `upgrades:${k}`).join(", ")}; ` +
        `valid keys are ${CONFIG_KEYS.map((k) => `upgrades:${k}`).join(", ")}`,
    );
  }
  return picked as ProviderConfigValues; // every value is a string by construction
}
