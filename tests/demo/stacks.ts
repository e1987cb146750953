// The examples' stacks, pointed at the demo world. For each example the demo does what `pulumi preview`/`pulumi up`
// do before the provider sees anything: read Pulumi.<stack>.yaml, run the program (examples/<name>/index.ts, with
// `pulumi-upgrades` resolved to this repo's SDK) and collect the resources it registers with their inputs. The
// program runs under pulumi.runtime.setMocks only to capture those registrations (no Pulumi engine here); the
// inputs then go to the real plugin process through tests/harness, with the stack's `upgrades:*` keys as provider
// config. Only what must point at the simulators is swapped: endpoint URLs, credentials (as secrets) and the
// node/Kibana upgrade commands (the simulators' hook scripts instead of /opt/...sh). Each swap is listed in
// `overrides` so the demo can print it.
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import * as ts from "typescript";
import { unwrapSecrets } from "../../provider/resources/core/values";
import { REPO_ROOT } from "../harness/launch";
import { secret, type JsObject } from "../harness/wire";
import type { ResourceDecl } from "../harness/deployment";
import { nodeUpgradeCommand } from "../sim/redis/index";
import type { DemoWorld } from "./world";

// js-yaml ships with @pulumi/pulumi (no types of its own)
// eslint-disable-next-line @typescript-eslint/no-require-imports
const yaml = require("js-yaml") as { load(text: string): unknown };

export const EXAMPLES_DIR = path.join(REPO_ROOT, "examples");

export class ExampleProgramError extends Error {
  override readonly name = "ExampleProgramError";
}

export interface DemoStack {
  /** example directory name, e.g. "elastic-self-managed" */
  example: string;
  project: string;
  stack: string;
  dir: string;
  /** the program's own config (`<project>:<key>` → string), as the engine hands it to the program */
  programConfig: Record<string, string>;
  /** provider config for the harness (`upgrades:<key>`; credentials wrapped with secret()) */
  providerConfig: JsObject;
  /** human-readable list of the values swapped to reach the simulators */
  overrides: string[];
}

/** `config:` of examples/<example>/Pulumi.<stack>.yaml. */
export function readStackFile(example: string, stack: string): Record<string, unknown> {
  const file = path.join(EXAMPLES_DIR, example, `Pulumi.${stack}.yaml`);
  const doc = yaml.load(fs.readFileSync(file, "utf8")) as { config?: Record<string, unknown> } | undefined;
  if (!doc?.config) throw new ExampleProgramError(`${file} has no config: section; restore it from git`);
  return doc.config;
}

/** Project name from examples/<example>/Pulumi.yaml. */
export function readProject(example: string): string {
  const doc = yaml.load(fs.readFileSync(path.join(EXAMPLES_DIR, example, "Pulumi.yaml"), "utf8")) as { name?: string };
  if (!doc?.name) throw new ExampleProgramError(`examples/${example}/Pulumi.yaml has no name`);
  return doc.name;
}

function stackOf(example: string, stack: string, swap: (cfg: Record<string, unknown>) => { program?: Record<string, unknown>; provider: JsObject; overrides: string[] }): DemoStack {
  const project = readProject(example);
  const file = readStackFile(example, stack);
  const s = swap(file);
  const merged = { ...file, ...(s.program ?? {}) };
  const programConfig: Record<string, string> = {};
  for (const [k, v] of Object.entries(merged)) if (k.startsWith(`${project}:`)) programConfig[k] = typeof v === "string" ? v : JSON.stringify(v);
  const providerConfig: JsObject = { ...Object.fromEntries(Object.entries(file).filter(([k]) => k.startsWith("upgrades:"))), ...s.provider };
  return { example, project, stack, dir: path.join(EXAMPLES_DIR, example), programConfig, providerConfig, overrides: s.overrides };
}

/** The four examples' stacks, in the order the demo runs them. */
export function demoStacks(world: DemoWorld): DemoStack[] {
  const { sim, fleet, redis } = world;
  const es = sim.elasticsearch!;
  const kb = sim.kibana!;
  const cloud = sim.cloud!;
  return [
    stackOf("elastic-self-managed", "dev", () => ({
      program: { "elastic-self-managed:nodeUpgradeCommand": sim.hookCommands.esNode, "elastic-self-managed:kibanaUpgradeCommand": sim.hookCommands.kibana },
      provider: {
        "upgrades:elasticsearchUrl": es.url,
        "upgrades:elasticsearchApiKey": secret(sim.credentials.apiKey),
        "upgrades:kibanaUrl": kb.url,
        "upgrades:kibanaApiKey": secret(sim.credentials.apiKey),
      },
      overrides: ["elasticsearchUrl/kibanaUrl → simulator", "API keys (secret)", "node/Kibana upgrade commands → simulator hook scripts"],
    })),
    stackOf("elastic-cloud", "prod", () => ({
      provider: { "upgrades:ecEndpoint": cloud.url, "upgrades:ecApiKey": secret(sim.credentials.cloudApiKey ?? "") },
      overrides: ["ecEndpoint → simulator", "ecApiKey (secret)"],
    })),
    stackOf("fleet-integrations", "dev", () => ({
      provider: { "upgrades:kibanaUrl": fleet.url, "upgrades:kibanaApiKey": secret(fleet.credentials.apiKey) },
      overrides: ["kibanaUrl → Fleet simulator", "kibanaApiKey (secret)"],
    })),
    stackOf("redis-enterprise", "dev", () => ({
      program: { "redis-enterprise:nodeUpgradeCommand": nodeUpgradeCommand(redis) },
      provider: {
        "upgrades:redisEnterpriseUrl": redis.url,
        "upgrades:redisEnterpriseUsername": redis.credentials.username,
        "upgrades:redisEnterprisePassword": secret(redis.credentials.password),
      },
      overrides: ["redisEnterpriseUrl/Username → simulator", "password (secret)", "node upgrade command → simulator script"],
    })),
  ];
}

/** Type name from a registered token: `pulumi-nodejs:dynamic/upgrades:RedisClusterVersion` → `RedisClusterVersion`. */
export function typeOfToken(token: string): string {
  const m = /upgrades:(?:index:)?([A-Za-z0-9]+)$/.exec(token);
  if (!m) throw new ExampleProgramError(`the program registered ${token}, which is not an upgrades resource`);
  return m[1];
}

/**
 * Runs the example program with the stack's program config and returns the resources it registers with the inputs
 * the provider gets (`__`-prefixed SDK internals dropped).
 */
export async function programResources(stack: DemoStack, timeoutMs = 15_000): Promise<ResourceDecl[]> {
  const decls: ResourceDecl[] = [];
  pulumi.runtime.setAllConfig(stack.programConfig);
  await pulumi.runtime.setMocks(
    {
      newResource(args) {
        // The TypeScript SDK wraps whole blocks that may hold credentials (`kibana`, `elasticCloud`) in secrets; a
        // program for the plugin (YAML, Python, Go) sends them plain and the plugin's schema marks the credential
        // fields. Credentials come from provider config here, so the inputs go plain and the output stays readable.
        const plain = unwrapSecrets(args.inputs).value as Record<string, unknown>;
        const inputs: JsObject = Object.fromEntries(Object.entries(plain).filter(([k]) => !k.startsWith("__")));
        decls.push({ name: args.name, type: typeOfToken(args.type), inputs });
        return { id: `${args.name}-mock-id`, state: args.inputs as Record<string, unknown> };
      },
      call: () => ({}),
    },
    stack.project,
    stack.stack,
    false,
  );
  const file = path.join(stack.dir, "index.ts");
  const js = ts.transpileModule(fs.readFileSync(file, "utf8"), {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
  }).outputText;
  const mod = { exports: {} as Record<string, unknown> };
  const req = (id: string): unknown => (id === "pulumi-upgrades" ? require(path.join(REPO_ROOT, "dist", "sdk", "index.js")) : require(id));
  try {
    // eslint-disable-next-line @typescript-eslint/no-implied-eval
    new Function("require", "exports", "module", "__filename", "__dirname", js)(req, mod.exports, mod, file, stack.dir);
  } catch (e) {
    throw new ExampleProgramError(`examples/${stack.example}/index.ts failed with stack ${stack.stack}: ${(e as Error).message}`);
  }
  // every export resolves once the resources it reads from are registered
  const outputs = Object.values(mod.exports).filter((v): v is pulumi.Output<unknown> => pulumi.Output.isInstance(v));
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      Promise.all(outputs.map((o) => new Promise<void>((resolve) => o.apply(() => resolve())))),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new ExampleProgramError(`examples/${stack.example}: the program's exports did not resolve within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
  if (decls.length === 0) throw new ExampleProgramError(`examples/${stack.example}/index.ts registered no resource`);
  return decls;
}
