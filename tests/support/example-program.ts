// Shared scaffolding for the example-program tests (tests/{elastic,fleet,redis}/example*.test.ts): an examples/<name>
// program runs under pulumi.runtime.setMocks, and each test's mock monitor hands the registered resources to a real
// resource handler pointed at a simulator.
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import * as ts from "typescript";

export const REPO = path.resolve(__dirname, "..", "..", "..");

// js-yaml ships with @pulumi/pulumi (no types of its own)
// eslint-disable-next-line @typescript-eslint/no-require-imports
const yaml = require("js-yaml") as { load(text: string): unknown };

/** Loads the example program in `dir` with `pulumi-upgrades` resolved to this repo's SDK, as `npm i ../..` would. */
export function runProgram(dir: string): Record<string, unknown> {
  const file = path.join(dir, "index.ts");
  const js = ts.transpileModule(fs.readFileSync(file, "utf8"), { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true } }).outputText;
  const mod = { exports: {} as Record<string, unknown> };
  const req = (id: string): unknown => (id === "pulumi-upgrades" ? require(path.join(REPO, "dist", "sdk", "index.js")) : require(id));
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  new Function("require", "exports", "module", "__filename", "__dirname", js)(req, mod.exports, mod, file, dir);
  return mod.exports;
}

/** The resolved value of a program output. */
export const outputOf = <T>(o: unknown) => new Promise<T>((resolve) => (o as pulumi.Output<T>).apply((v) => resolve(v)));

/** `config:` of `dir`/Pulumi.<stack>.yaml. */
export function stackConfig(dir: string, stack: string): Record<string, unknown> {
  return (yaml.load(fs.readFileSync(path.join(dir, `Pulumi.${stack}.yaml`), "utf8")) as { config: Record<string, unknown> }).config;
}

/** The `<project>:` keys of a stack config as Pulumi program config (non-strings JSON-encoded). */
export function programConfigOf(stack: Record<string, unknown>, project: string): Record<string, string> {
  const programConfig: Record<string, string> = {};
  for (const [k, v] of Object.entries(stack)) if (k.startsWith(`${project}:`)) programConfig[k] = typeof v === "string" ? v : JSON.stringify(v);
  return programConfig;
}

/** The `upgrades:` (provider) keys of a stack config. */
export function providerConfigOf(stack: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(stack).filter(([k]) => k.startsWith("upgrades:")));
}

/** Resource inputs without the engine's internal `__…` keys. */
export function withoutInternalKeys(inputs: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(inputs).filter(([k]) => !k.startsWith("__")));
}

/** setMocks for `project`/`stack` with the given newResource and a no-op call. */
export async function mockResources(project: string, stack: string, newResource: (args: pulumi.runtime.MockResourceArgs) => Promise<pulumi.runtime.MockResourceResult>): Promise<void> {
  await pulumi.runtime.setMocks({ newResource, call: () => ({}) }, project, stack, false);
}
