// Start provider processes exactly as the Pulumi engine does (reference pulumi.md §5.1, §1.1, §2.1):
//   plugin : node <resolve(@pulumi/pulumi/cmd/run-plugin) from pluginDir> <pluginDir> <engineAddr>, cwd = program dir,
//            env PULUMI_CONFIG (upgrades:* keys, namespace stripped, plaintext) and PULUMI_PROJECT
//   dynamic: node <programDir>/node_modules/@pulumi/pulumi/cmd/dynamic-provider <engineAddr>, cwd = program dir,
//            env PULUMI_NODEJS_PROJECT / PULUMI_PROJECT
// The first stdout line is the port; everything else on stdout/stderr is collected.
import { spawn, type ChildProcess } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { providerClient, type ProviderRpc } from "./wire";

/** Repository root (this file is dist/tests/harness/launch.js). */
export const REPO_ROOT = path.resolve(__dirname, "..", "..", "..");
const PULUMI_SCOPE_DIR = path.join(REPO_ROOT, "node_modules", "@pulumi");

export class ProviderStartError extends Error {
  override readonly name = "ProviderStartError";
}

export interface ProgramDir {
  dir: string;
  project: string;
  cleanup(): void;
}

/**
 * A temporary Pulumi program directory whose node_modules holds @pulumi/pulumi (symlinked from this repo) and
 * `pulumi-upgrades`. Without `preload`, node_modules/pulumi-upgrades is a symlink to the repo root (what `npm install`
 * of the package gives). With `preload` (absolute module paths, e.g. test-only resources), it is a small package whose
 * `./dynamic` export require()s them and then re-exports the real dist/provider/dynamic.js.
 */
export function makeProgramDir(opts: { project?: string; preload?: string[] } = {}): ProgramDir {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "upgrades-program-"));
  const project = opts.project ?? "proj";
  const nm = path.join(dir, "node_modules");
  fs.mkdirSync(nm);
  fs.symlinkSync(PULUMI_SCOPE_DIR, path.join(nm, "@pulumi"), "dir");
  if (opts.preload?.length) {
    const pkg = path.join(nm, "pulumi-upgrades");
    fs.mkdirSync(pkg);
    fs.writeFileSync(
      path.join(pkg, "package.json"),
      JSON.stringify({ name: "pulumi-upgrades", version: "0.0.0-test", exports: { "./dynamic": "./dynamic.js", "./package.json": "./package.json" } }),
    );
    fs.writeFileSync(
      path.join(pkg, "dynamic.js"),
      [...opts.preload.map((m) => `require(${JSON.stringify(m)});`), `module.exports = require(${JSON.stringify(path.join(REPO_ROOT, "dist/provider/dynamic.js"))});`, ""].join("\n"),
    );
  } else {
    fs.symlinkSync(REPO_ROOT, path.join(nm, "pulumi-upgrades"), "dir");
  }
  fs.writeFileSync(path.join(dir, "Pulumi.yaml"), `name: ${project}\nruntime: nodejs\n`);
  return { dir, project, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/**
 * A plugin directory. Without `preload` it is the repo root itself (PulumiPlugin.yaml + package.json main). With
 * `preload`, a temp dir with PulumiPlugin.yaml and a package.json whose main require()s the preloads and then the real
 * plugin entry (dist/provider/server/main.js).
 */
export function makePluginDir(opts: { preload?: string[] } = {}): { dir: string; cleanup(): void } {
  if (!opts.preload?.length) return { dir: REPO_ROOT, cleanup() {} };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "upgrades-plugin-"));
  fs.mkdirSync(path.join(dir, "node_modules"));
  fs.symlinkSync(PULUMI_SCOPE_DIR, path.join(dir, "node_modules", "@pulumi"), "dir");
  fs.writeFileSync(path.join(dir, "PulumiPlugin.yaml"), "runtime: nodejs\n");
  fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "pulumi-upgrades-test-plugin", version: "0.0.0", main: "index.js" }));
  fs.writeFileSync(
    path.join(dir, "index.js"),
    [...opts.preload.map((m) => `require(${JSON.stringify(m)});`), `require(${JSON.stringify(path.join(REPO_ROOT, "dist/provider/server/main.js"))});`, ""].join("\n"),
  );
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

export interface ProviderProcess {
  kind: "plugin" | "dynamic";
  child: ChildProcess;
  port: number;
  rpc: ProviderRpc;
  stdout: string[];
  stderr: string[];
  /** ms from spawn to the port line. */
  startMs: number;
  /** SIGINT the process (engine teardown) and wait for it to exit. */
  stop(): Promise<void>;
}

function spawnProvider(kind: "plugin" | "dynamic", args: string[], cwd: string, env: Record<string, string>, executable: string = process.execPath): Promise<ProviderProcess> {
  const t0 = performance.now();
  const child = spawn(executable, args, { cwd, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  const stdout: string[] = [];
  const stderr: string[] = [];
  let buf = "";
  let port: number | undefined;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new ProviderStartError(`${kind} provider printed no port within 10 s (the engine's limit); stderr: ${stderr.join("")}`));
    }, 10_000);
    child.stdout!.setEncoding("utf8");
    child.stderr!.setEncoding("utf8");
    child.stdout!.on("data", (d: string) => {
      if (port !== undefined) return void stdout.push(d);
      buf += d;
      const i = buf.indexOf("\n");
      if (i < 0) return;
      const first = buf.slice(0, i).trim();
      if (!/^\d+$/.test(first)) {
        clearTimeout(timer);
        child.kill("SIGKILL");
        return reject(new ProviderStartError(`first stdout line of the ${kind} provider must be the port, got ${JSON.stringify(first)}`));
      }
      port = Number(first);
      if (buf.length > i + 1) stdout.push(buf.slice(i + 1));
      clearTimeout(timer);
      const startMs = performance.now() - t0;
      const { client, rpc } = providerClient(port);
      const exited = new Promise<void>((r) => child.once("exit", () => r()));
      resolve({
        kind,
        child,
        port,
        rpc,
        stdout,
        stderr,
        startMs,
        stop: async () => {
          client.close();
          if (child.exitCode === null && child.signalCode === null) {
            child.kill("SIGINT");
            const t = setTimeout(() => child.kill("SIGKILL"), 5000); // the engine's grace period
            await exited;
            clearTimeout(t);
          }
        },
      });
    });
    child.stderr!.on("data", (d: string) => stderr.push(d));
    child.once("exit", (code) => {
      if (port === undefined) {
        clearTimeout(timer);
        reject(new ProviderStartError(`${kind} provider exited (${code}) before printing its port: ${stderr.join("")}`));
      }
    });
  });
}

/** Launch the PulumiPlugin.yaml plugin through @pulumi/pulumi/cmd/run-plugin, as pulumi-language-nodejs does. */
export function launchPlugin(opts: {
  pluginDir: string;
  programDir: string;
  engineAddress: string;
  project?: string;
  /** `upgrades:*` stack config, namespace stripped (what the engine puts in PULUMI_CONFIG). */
  config?: Record<string, string>;
  env?: Record<string, string>;
}): Promise<ProviderProcess> {
  const runPlugin = require.resolve("@pulumi/pulumi/cmd/run-plugin", { paths: [opts.pluginDir] });
  return spawnProvider("plugin", [runPlugin, opts.pluginDir, opts.engineAddress], opts.programDir, {
    PULUMI_PROJECT: opts.project ?? "proj",
    PULUMI_CONFIG: JSON.stringify(opts.config ?? {}),
    ...opts.env,
  });
}

/** The plugin executable the engine runs in preference to PulumiPlugin.yaml when a plugin directory holds it. */
export const PLUGIN_EXECUTABLE = "pulumi-resource-upgrades";

/**
 * Launch the plugin without run-plugin (so no ts-node/typescript/@pulumi runtime), the way the engine runs a
 * plugin directory that holds the executable `pulumi-resource-upgrades`: that executable, with the engine address
 * last. A plugin directory without it (the tests' preload directories) gets the package's `main` under plain node,
 * which is what the executable does.
 */
export function launchPluginDirect(opts: { pluginDir: string; programDir: string; engineAddress: string; project?: string; config?: Record<string, string>; env?: Record<string, string> }): Promise<ProviderProcess> {
  const env = { PULUMI_PROJECT: opts.project ?? "proj", PULUMI_CONFIG: JSON.stringify(opts.config ?? {}), ...opts.env };
  const executable = path.join(opts.pluginDir, PLUGIN_EXECUTABLE);
  if (fs.existsSync(executable)) return spawnProvider("plugin", [opts.engineAddress], opts.programDir, env, executable);
  const pkg = JSON.parse(fs.readFileSync(path.join(opts.pluginDir, "package.json"), "utf8")) as { main?: string };
  const entry = path.resolve(opts.pluginDir, pkg.main ?? "index.js");
  return spawnProvider("plugin", [entry, opts.engineAddress], opts.programDir, env);
}

/** Launch Pulumi's dynamic-provider host from the program's node_modules, as pulumi-resource-pulumi-nodejs does. */
export function launchDynamic(opts: { programDir: string; engineAddress: string; project?: string; env?: Record<string, string> }): Promise<ProviderProcess> {
  const host = path.join(opts.programDir, "node_modules", "@pulumi", "pulumi", "cmd", "dynamic-provider");
  return spawnProvider("dynamic", [host, opts.engineAddress], opts.programDir, {
    PULUMI_NODEJS_PROJECT: opts.project ?? "proj",
    PULUMI_PROJECT: opts.project ?? "proj",
    ...opts.env,
  });
}
