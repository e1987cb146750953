/**
 * @module The simulated package registry content: package manifests in the real EPR/Kibana PackageInfo shape
 * (policy_templates → inputs, data_streams → streams, vars with type/required/default/multi), several versions
 * per package, and changelogs. Version metadata for nginx 1.15.0 and 1password is verbatim from EPR (bundled in
 * data/epr-entries.json); the inputs/vars of each version are CONSTRUCTED to exercise Fleet's upgrade rules
 * (fleet.md §3.3): a new required var without default, a var type change, a removed input, a removed stream,
 * a newer Kibana range, prereleases.
 */
import * as fs from "fs";
import * as path from "path";
import * as semver from "semver";

export type VarType = "text" | "password" | "bool" | "integer" | "yaml" | "select" | "url" | "duration" | "textarea" | "email";

export interface VarDef {
  name: string;
  type: VarType;
  title?: string;
  description?: string;
  required?: boolean;
  show_user?: boolean;
  multi?: boolean;
  default?: unknown;
  options?: { value: string; text: string }[];
}

export interface InputDef {
  type: string;
  title: string;
  description: string;
  vars?: VarDef[];
}

export interface PolicyTemplate {
  name: string;
  title: string;
  description: string;
  data_streams?: string[];
  inputs: InputDef[];
  multiple?: boolean;
}

export interface StreamDef {
  input: string;
  title: string;
  description: string;
  template_path?: string;
  enabled?: boolean;
  vars?: VarDef[];
}

export interface DataStreamDef {
  type: "logs" | "metrics";
  dataset: string;
  title: string;
  release?: "ga" | "beta" | "experimental";
  streams: StreamDef[];
}

export interface ChangelogEntry {
  version: string;
  changes: { description: string; type: "breaking-change" | "bugfix" | "enhancement" | "deprecation"; link: string }[];
}

/** One version of one package: the manifest as EPR's /package/{n}/{v}/ and Kibana's package info expose it. */
export interface PackageVersion {
  name: string;
  title: string;
  version: string;
  release?: "ga" | "beta" | "experimental";
  description: string;
  type: "integration" | "input";
  format_version: string;
  conditions: { kibana: { version: string }; elastic?: { subscription?: string } };
  owner: { github: string; type?: "elastic" | "partner" | "community" };
  categories: string[];
  policy_templates: PolicyTemplate[];
  data_streams: DataStreamDef[];
  vars?: VarDef[];
  /** changes introduced by this version (the changelog file of a version lists this and all older entries) */
  changes: ChangelogEntry["changes"];
}

export type PackageCatalog = Record<string, PackageVersion[]>;

interface EprEntries {
  nginx_1_15_0: { description: string; owner: { github: string }; categories: string[]; title: string };
  onepassword: { version: string; description: string; release: "beta"; title: string; conditions: { kibana: { version: string } }; owner: { github: string }; categories: string[] }[];
}

const epr = JSON.parse(fs.readFileSync(path.join(__dirname, "data", "epr-entries.json"), "utf8")) as EprEntries;

const link = (n: number) => `https://github.com/elastic/integrations/pull/${n}`;
const change = (type: ChangelogEntry["changes"][number]["type"], description: string, pr: number) => ({ type, description, link: link(pr) });

// ---- nginx -------------------------------------------------------------------------------------------------
// 1.15.0 is the verbatim production EPR entry (kibana ^8.8.0). Later versions are constructed:
//   1.16–1.19.1 clean; 1.20.0 adds a REQUIRED input var without default on httpjson (conflict where httpjson
//   is enabled); 1.21.0 changes stubstatus `period` from text to integer (conflict where the old "10s" value is
//   kept and metrics are enabled); 1.22.0 removes the httpjson input (silently dropped by Fleet) and moves
//   the Kibana range to ^8.13.0 (verbatim changelog text); 1.23.0 needs Kibana ^8.15.0; 1.24.0-rc1 prerelease.
function nginxVersion(version: string, opts: {
  kibana: string;
  apiToken?: boolean;
  periodInteger?: boolean;
  httpjson?: boolean;
  tags?: boolean;
  preserveOriginal?: boolean;
  release?: "ga" | "beta";
  changes: ChangelogEntry["changes"];
}): PackageVersion {
  const httpjson = opts.httpjson !== false;
  const accessVars: VarDef[] = [
    { name: "paths", type: "text", title: "Paths", multi: true, required: true, show_user: true, default: ["/var/log/nginx/access.log*"] },
  ];
  if (opts.tags) accessVars.push({ name: "tags", type: "text", title: "Tags", multi: true, required: false, show_user: false, default: ["nginx-access"] });
  if (opts.preserveOriginal) accessVars.push({ name: "preserve_original_event", type: "bool", title: "Preserve original event", required: true, show_user: true, default: false });
  const periodVar: VarDef = opts.periodInteger
    ? { name: "period", type: "integer", title: "Period (seconds)", required: true, show_user: true, default: 10 }
    : { name: "period", type: "text", title: "Period", required: true, show_user: true, default: "10s" };
  const inputs: InputDef[] = [
    { type: "logfile", title: "Collect logs from Nginx instances", description: "Collecting Nginx access and error logs" },
  ];
  if (httpjson) {
    const vars: VarDef[] = [
      { name: "url", type: "text", title: "URL of Splunk Enterprise Server", required: true, show_user: true, default: "https://server.example.com:8089" },
      { name: "ssl", type: "yaml", title: "SSL Configuration", required: false, show_user: false, default: "verification_mode: full\n" },
    ];
    if (opts.apiToken) vars.push({ name: "api_token", type: "password", title: "API token", required: true, show_user: true });
    inputs.push({ type: "httpjson", title: "Collect logs from third-party REST API (experimental)", description: "Collect logs from third-party REST API (experimental)", vars });
  }
  inputs.push({
    type: "nginx/metrics",
    title: "Collect metrics from Nginx instances",
    description: "Collecting Nginx stub status metrics",
    vars: [{ name: "hosts", type: "text", title: "Hosts", multi: true, required: true, show_user: true, default: ["http://127.0.0.1:80"] }],
  });
  const accessStreams: StreamDef[] = [{ input: "logfile", title: "Nginx access logs", description: "Collect Nginx access logs", template_path: "log.yml.hbs", vars: accessVars }];
  const errorStreams: StreamDef[] = [{ input: "logfile", title: "Nginx error logs", description: "Collect Nginx error logs", template_path: "log.yml.hbs", vars: [{ name: "paths", type: "text", title: "Paths", multi: true, required: true, show_user: true, default: ["/var/log/nginx/error.log*"] }] }];
  if (httpjson) {
    accessStreams.push({ input: "httpjson", title: "Nginx access logs via Splunk", description: "Collect Nginx access logs via Splunk REST API", enabled: false, template_path: "httpjson.yml.hbs", vars: [{ name: "interval", type: "text", title: "Interval", required: true, show_user: true, default: "10s" }] });
    errorStreams.push({ input: "httpjson", title: "Nginx error logs via Splunk", description: "Collect Nginx error logs via Splunk REST API", enabled: false, template_path: "httpjson.yml.hbs", vars: [{ name: "interval", type: "text", title: "Interval", required: true, show_user: true, default: "10s" }] });
  }
  return {
    name: "nginx",
    title: epr.nginx_1_15_0.title,
    version,
    release: opts.release ?? "ga",
    description: epr.nginx_1_15_0.description,
    type: "integration",
    format_version: "3.0.0",
    conditions: { kibana: { version: opts.kibana }, elastic: { subscription: "basic" } },
    owner: { github: epr.nginx_1_15_0.owner.github, type: "elastic" },
    categories: epr.nginx_1_15_0.categories,
    policy_templates: [{ name: "nginx", title: "Nginx logs and metrics", description: "Collect logs and metrics from Nginx instances", inputs }],
    data_streams: [
      { type: "logs", dataset: "nginx.access", title: "Nginx access logs", release: "ga", streams: accessStreams },
      { type: "logs", dataset: "nginx.error", title: "Nginx error logs", release: "ga", streams: errorStreams },
      {
        type: "metrics",
        dataset: "nginx.stubstatus",
        title: "Nginx stubstatus metrics",
        release: "ga",
        streams: [{ input: "nginx/metrics", title: "Nginx stub status metrics", description: "Collect Nginx stub status metrics", template_path: "stream.yml.hbs", vars: [periodVar, { name: "server_status_path", type: "text", title: "Server Status Path", required: true, show_user: false, default: "/nginx_status" }] }],
      },
    ],
    changes: opts.changes,
  };
}

function nginxVersions(): PackageVersion[] {
  return [
    nginxVersion("1.15.0", { kibana: "^8.8.0", changes: [change("enhancement", "Add tags.yml file.", 7290)] }),
    nginxVersion("1.16.0", { kibana: "^8.8.0", tags: true, changes: [change("enhancement", "Add a `tags` option to the access log stream.", 7511)] }),
    nginxVersion("1.17.0", { kibana: "^8.8.0", tags: true, preserveOriginal: true, changes: [change("enhancement", "Add `preserve_original_event` (default false) to the access log stream.", 7702)] }),
    nginxVersion("1.18.0", { kibana: "^8.8.0", tags: true, preserveOriginal: true, changes: [change("bugfix", "Fix the error log grok pattern for IPv6 clients.", 7855)] }),
    nginxVersion("1.19.0", { kibana: "^8.8.0", tags: true, preserveOriginal: true, changes: [change("enhancement", "Update the package format_version to 3.0.0.", 8013)] }),
    nginxVersion("1.19.1", { kibana: "^8.8.0", tags: true, preserveOriginal: true, changes: [change("bugfix", "Fix the stub status dashboard links.", 8102)] }),
    nginxVersion("1.20.0", { kibana: "^8.8.0", tags: true, preserveOriginal: true, apiToken: true, changes: [change("breaking-change", "The third-party REST API input now requires an API token (`api_token`).", 8311)] }),
    nginxVersion("1.21.0", { kibana: "^8.12.0", tags: true, preserveOriginal: true, apiToken: true, periodInteger: true, changes: [change("breaking-change", "Stub status `period` is now an integer number of seconds.", 8590)] }),
    nginxVersion("1.22.0", { kibana: "^8.13.0", tags: true, preserveOriginal: true, httpjson: false, periodInteger: true, changes: [
      // verbatim changelog text (elastic/integrations packages/nginx/changelog.yml); the input removal below is
      // labelled "enhancement" on purpose: authors under-label breaks (fleet.md §2.4)
      change("enhancement", "ECS version updated to 8.11.0. Update the kibana constraint to ^8.13.0. Modified the field definitions to remove ECS fields made redundant by the ecs@mappings component template.", 8914),
      change("enhancement", "Remove deprecated third-party REST API (httpjson) input.", 8920),
    ] }),
    nginxVersion("1.23.0", { kibana: "^8.15.0", tags: true, preserveOriginal: true, httpjson: false, periodInteger: true, changes: [change("enhancement", "Update the kibana constraint to ^8.15.0.", 9301)] }),
    nginxVersion("1.24.0-rc1", { kibana: "^8.13.0 || ^9.0.0", release: "beta", tags: true, preserveOriginal: true, httpjson: false, periodInteger: true, changes: [change("enhancement", "Add support for Kibana `9.0.0`.", 11524)] }),
  ];
}

// ---- aws (two policy templates sharing the aws-s3 input: input keys become "<template>-<type>") ------------
// 2.11.0 adds a required `queue_url` without default, reproducing the real dry-run errors of kibana PR #116093.
function awsVersion(version: string, kibana: string, queueUrl: boolean, changes: ChangelogEntry["changes"]): PackageVersion {
  const s3Vars = (): VarDef[] => [
    { name: "bucket_arn", type: "text", title: "Bucket ARN", required: false, show_user: true },
    ...(queueUrl ? [{ name: "queue_url", type: "text" as const, title: "Queue URL", required: true, show_user: true }] : []),
  ];
  return {
    name: "aws",
    title: "AWS",
    version,
    release: "ga",
    description: "Collect logs and metrics from Amazon Web Services",
    type: "integration",
    format_version: "3.0.0",
    conditions: { kibana: { version: kibana }, elastic: { subscription: "basic" } },
    owner: { github: "elastic/obs-ds-hosted-services", type: "elastic" },
    categories: ["cloud"],
    policy_templates: [
      { name: "cloudtrail", title: "AWS CloudTrail", description: "Collect CloudTrail logs", data_streams: ["cloudtrail"], inputs: [{ type: "aws-s3", title: "Collect CloudTrail logs from S3", description: "Collecting logs using aws-s3 input" }] },
      { name: "cloudwatch", title: "AWS CloudWatch", description: "Collect CloudWatch logs", data_streams: ["cloudwatch_logs"], inputs: [{ type: "aws-s3", title: "Collect CloudWatch logs from S3", description: "Collecting logs using aws-s3 input" }] },
    ],
    data_streams: [
      { type: "logs", dataset: "aws.cloudtrail", title: "AWS CloudTrail Logs", release: "ga", streams: [{ input: "aws-s3", title: "CloudTrail logs from S3", description: "Collect CloudTrail logs", vars: s3Vars() }] },
      { type: "logs", dataset: "aws.cloudwatch_logs", title: "AWS CloudWatch Logs", release: "ga", streams: [{ input: "aws-s3", title: "CloudWatch logs from S3", description: "Collect CloudWatch logs", vars: s3Vars() }] },
    ],
    vars: [
      { name: "access_key_id", type: "text", title: "Access Key ID", required: false, show_user: false },
      { name: "default_region", type: "text", title: "Default AWS Region", required: false, show_user: false, default: "" },
    ],
    changes,
  };
}

// ---- system: 1.x has httpjson (security events); 2.0.0 removes it ("Remove deprecated httpjson input.",
// verbatim, typed enhancement); 2.1.0 removes the system.cpu stream from system/metrics. ---------------------
function systemVersion(version: string, kibana: string, httpjson: boolean, cpu: boolean, changes: ChangelogEntry["changes"]): PackageVersion {
  const inputs: InputDef[] = [
    { type: "logfile", title: "Collect logs from System instances", description: "Collecting System auth and syslog logs" },
    { type: "system/metrics", title: "Collect metrics from System instances", description: "Collecting System metrics" },
  ];
  if (httpjson) inputs.push({ type: "httpjson", title: "Collect events from the Splunk REST API", description: "Collecting security events via Splunk", vars: [{ name: "url", type: "text", title: "URL of Splunk Enterprise Server", required: true, show_user: true, default: "https://server.example.com:8089" }] });
  const metricsStreams: DataStreamDef[] = [];
  if (cpu) metricsStreams.push({ type: "metrics", dataset: "system.cpu", title: "System cpu metrics", streams: [{ input: "system/metrics", title: "System cpu metrics", description: "Collect System cpu metrics", vars: [{ name: "period", type: "text", title: "Period", required: true, default: "10s" }] }] });
  metricsStreams.push({ type: "metrics", dataset: "system.memory", title: "System memory metrics", streams: [{ input: "system/metrics", title: "System memory metrics", description: "Collect System memory metrics", vars: [{ name: "period", type: "text", title: "Period", required: true, default: "10s" }] }] });
  return {
    name: "system",
    title: "System",
    version,
    release: "ga",
    description: "Collect system logs and metrics from your servers with Elastic Agent.",
    type: "integration",
    format_version: "3.0.0",
    conditions: { kibana: { version: kibana } },
    owner: { github: "elastic/elastic-agent-data-plane", type: "elastic" },
    categories: ["os_system", "security"],
    policy_templates: [{ name: "system", title: "System logs and metrics", description: "Collect logs and metrics from System instances", inputs }],
    data_streams: [
      { type: "logs", dataset: "system.auth", title: "System auth logs", streams: [{ input: "logfile", title: "System auth logs", description: "Collect System auth logs", vars: [{ name: "paths", type: "text", title: "Paths", multi: true, required: true, default: ["/var/log/auth.log*", "/var/log/secure*"] }] }] },
      { type: "logs", dataset: "system.security", title: "Security logs", streams: httpjson ? [{ input: "httpjson", title: "Windows Security events via Splunk", description: "Collect security events via Splunk", enabled: false, vars: [{ name: "interval", type: "text", title: "Interval", required: true, default: "10s" }] }] : [] },
      ...metricsStreams,
    ],
    changes,
  };
}

// ---- single-input packages used for auto-upgrade, 0.x prerelease and Kibana 9 cases -----------------------
function simpleVersion(name: string, title: string, version: string, kibana: string, inputType: string, dataset: string, vars: VarDef[], changes: ChangelogEntry["changes"], extra: Partial<PackageVersion> = {}): PackageVersion {
  return {
    name,
    title,
    version,
    release: "ga",
    description: `${title} integration`,
    type: "integration",
    format_version: "3.0.0",
    conditions: { kibana: { version: kibana } },
    owner: { github: "elastic/integrations", type: "elastic" },
    categories: ["observability"],
    policy_templates: [{ name, title, description: `${title} policy template`, inputs: [{ type: inputType, title: `${title} input`, description: `${title} input`, vars }] }],
    data_streams: [{ type: "logs", dataset, title: `${title} events`, streams: [{ input: inputType, title: `${title} events`, description: `${title} events` }] }],
    changes,
    ...extra,
  };
}

function apmVersions(): PackageVersion[] {
  const vars = (extra: VarDef[] = []): VarDef[] => [
    { name: "host", type: "text", title: "Host", required: true, default: "localhost:8200" },
    { name: "url", type: "text", title: "URL", required: true, default: "http://localhost:8200" },
    ...extra,
  ];
  return [
    simpleVersion("apm", "Elastic APM", "8.13.0", "^8.13.0", "apm", "apm.app", vars(), [change("enhancement", "APM integration for 8.13.0.", 1)]),
    simpleVersion("apm", "Elastic APM", "8.14.0", "^8.14.0", "apm", "apm.app", vars([{ name: "tail_sampling_enabled", type: "bool", title: "Enable tail-based sampling", required: true, default: false }]), [change("enhancement", "Add tail-based sampling settings.", 2)]),
    simpleVersion("apm", "Elastic APM", "8.15.0", "^8.15.0", "apm", "apm.app", vars([{ name: "tail_sampling_enabled", type: "bool", title: "Enable tail-based sampling", required: true, default: false }]), [change("enhancement", "APM integration for 8.15.0.", 3)]),
  ];
}

function buildCatalog(): PackageCatalog {
  const onepassword = epr.onepassword.map((e) =>
    simpleVersion("1password", e.title, e.version, e.conditions.kibana.version, "httpjson", "1password.signin_attempts",
      [{ name: "url", type: "text", title: "URL of 1Password Events API Server", required: true, default: "https://events.1password.com" }],
      [change("enhancement", `Release ${e.version}.`, 100)],
      { release: e.release, description: e.description, owner: { github: e.owner.github }, categories: e.categories }),
  );
  return {
    nginx: nginxVersions(),
    aws: [
      awsVersion("2.10.0", "^8.8.0", false, [change("enhancement", "Add CloudWatch via S3.", 5012)]),
      awsVersion("2.11.0", "^8.8.0", true, [change("breaking-change", "S3 inputs now read through an SQS queue: `queue_url` is required.", 5104)]),
    ],
    system: [
      systemVersion("1.54.0", "^8.8.0", true, true, [change("enhancement", "Add process metrics filters.", 7001)]),
      systemVersion("1.59.0", "^8.13.0", true, true, [change("enhancement", "ECS version updated to 8.11.0. Update the kibana constraint to ^8.13.0. Modified the field definitions to remove ECS fields made redundant by the ecs@mappings component template.", 8543)]),
      systemVersion("2.0.0", "^8.13.0", false, true, [change("enhancement", "Remove deprecated httpjson input.", 9101)]),
      systemVersion("2.1.0", "^8.13.0", false, false, [change("enhancement", "Move cpu metrics to the new host metrics stream.", 9302)]),
    ],
    apm: apmVersions(),
    synthetics: [
      simpleVersion("synthetics", "Elastic Synthetics", "1.1.0", "^8.8.0", "synthetics/http", "synthetics.http", [], [change("enhancement", "Synthetics 1.1.0.", 10)]),
      simpleVersion("synthetics", "Elastic Synthetics", "1.2.0", "^8.8.0", "synthetics/http", "synthetics.http", [], [change("enhancement", "Synthetics 1.2.0.", 11)]),
    ],
    cloud_security_posture: [
      simpleVersion("cloud_security_posture", "Security Posture Management", "1.8.0", "^8.8.0", "cloudbeat/cis_k8s", "cloud_security_posture.findings", [], [change("enhancement", "CSPM 1.8.0.", 20)]),
      simpleVersion("cloud_security_posture", "Security Posture Management", "1.9.0", "^8.8.0", "cloudbeat/cis_k8s", "cloud_security_posture.findings", [], [change("enhancement", "CSPM 1.9.0.", 21)]),
    ],
    cloud_asset_inventory: [
      simpleVersion("cloud_asset_inventory", "Cloud Asset Inventory", "0.1.0", "^8.8.0", "cloudbeat/asset_inventory_aws", "cloud_asset_inventory.asset_inventory", [], [change("enhancement", "Initial release.", 30)], { release: "beta" }),
      simpleVersion("cloud_asset_inventory", "Cloud Asset Inventory", "1.0.0", "^8.8.0", "cloudbeat/asset_inventory_aws", "cloud_asset_inventory.asset_inventory", [], [change("enhancement", "GA.", 31)]),
    ],
    "1password": onepassword,
  };
}

/**
 * `count` generated packages (`pkg-001` …) for load tests and benchmarks, each with the given versions (default
 * 1.0.0, 1.1.0, 1.2.0), one policy template, a logfile input (2 streams) and a metrics input (1 stream), clean
 * upgrades only. Combine with the default catalog: `{ ...defaultCatalog(), ...syntheticPackages(50) }`.
 */
export function syntheticPackages(count: number, versions: string[] = ["1.0.0", "1.1.0", "1.2.0"]): PackageCatalog {
  const out: PackageCatalog = {};
  for (let i = 1; i <= count; i++) {
    const name = `pkg-${String(i).padStart(3, "0")}`.replace("-", "_");
    out[name] = versions.map((version, vi) => ({
      name,
      title: `Package ${i}`,
      version,
      release: "ga" as const,
      description: `Synthetic package ${i}`,
      type: "integration" as const,
      format_version: "3.0.0",
      conditions: { kibana: { version: "^8.8.0 || ^9.0.0" } },
      owner: { github: "elastic/integrations", type: "elastic" as const },
      categories: ["custom"],
      policy_templates: [{ name, title: `Package ${i}`, description: "logs and metrics", inputs: [
        { type: "logfile", title: "Logs", description: "Collect logs" },
        { type: `${name}/metrics`, title: "Metrics", description: "Collect metrics", vars: [{ name: "hosts", type: "text" as const, title: "Hosts", multi: true, required: true, default: ["http://127.0.0.1:80"] }] },
      ] }],
      data_streams: [
        { type: "logs" as const, dataset: `${name}.access`, title: "Access", streams: [{ input: "logfile", title: "Access logs", description: "Access logs", vars: [{ name: "paths", type: "text" as const, title: "Paths", multi: true, required: true, default: [`/var/log/${name}/access.log`] }] }] },
        { type: "logs" as const, dataset: `${name}.error`, title: "Error", streams: [{ input: "logfile", title: "Error logs", description: "Error logs", vars: [{ name: "paths", type: "text" as const, title: "Paths", multi: true, required: true, default: [`/var/log/${name}/error.log`] }] }] },
        { type: "metrics" as const, dataset: `${name}.status`, title: "Status", streams: [{ input: `${name}/metrics`, title: "Status", description: "Status metrics", vars: [
          { name: "period", type: "text" as const, title: "Period", required: true, default: "10s" },
          ...(vi > 0 ? [{ name: "timeout", type: "text" as const, title: "Timeout", required: false, default: "5s" }] : []),
        ] }] },
      ],
      changes: [change("enhancement", `Release ${version}.`, 1000 + i)],
    }));
  }
  return out;
}

/** A fresh copy of the default catalog (tests may mutate their copy). */
export function defaultCatalog(): PackageCatalog {
  return buildCatalog();
}

/**
 * Drops versions above the given maximum per package, e.g. `trimCatalog(defaultCatalog(), {nginx: "1.20.0"})`
 * makes 1.20.0 the latest nginx (so installing it needs no force).
 */
export function trimCatalog(catalog: PackageCatalog, max: Record<string, string>): PackageCatalog {
  const out: PackageCatalog = {};
  for (const [name, versions] of Object.entries(catalog)) {
    const limit = max[name];
    out[name] = limit ? versions.filter((v) => semver.lte(v.version, limit)) : versions;
  }
  return out;
}

/** Packages whose policies always follow the package (fleet.md §3.1, K:common/constants/epm.ts). */
export const AUTO_UPGRADE_POLICIES_PACKAGES = ["apm", "synthetics", "cloud_security_posture", "cloud_asset_inventory"] as const;
