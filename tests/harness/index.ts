// One-call setup for protocol tests: fake engine + provider process (plugin via run-plugin, or Pulumi's dynamic host)
// + a Deployment driving the engine's sequences. Resource authors use it like:
//
//   const h = await startHarness({ kind: "plugin", config: { "upgrades:elasticsearchUrl": sim.url } });
//   const [step] = await h.deployment.up([{ name: "es", type: "ElasticDeploymentVersion", inputs: { ... } }]);
//   ...
//   await h.stop();
//
// `preload` lists absolute paths of modules to require() in the provider process before the provider starts (for
// test-only resources; shipped resources are registered by provider/resources/all.ts).
import * as pulumi from "@pulumi/pulumi";
import { Deployment, type DeploymentOptions } from "./deployment";
import { FakeEngine } from "./engine";
import { launchDynamic, launchPlugin, launchPluginDirect, makePluginDir, makeProgramDir, REPO_ROOT, type ProgramDir, type ProviderProcess } from "./launch";
import { STARTUP_RPC_DEADLINE_MS, type JsObject } from "./wire";

export * from "./deployment";
export * from "./engine";
export * from "./launch";
export * from "./wire";

let providerText: Promise<string> | undefined;

/** The real serialized `__provider` of the SDK's shim (what every dynamic resource carries in its inputs). */
export function serializedShim(): Promise<string> {
  if (!providerText) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { shim } = require(`${REPO_ROOT}/dist/sdk/shim.js`) as { shim: pulumi.dynamic.ResourceProvider };
    // Same call as pulumi.dynamic.Resource (npm:dynamic/index.js): a closure over a variable named `provider`,
    // so the text is byte-identical to what a program using the SDK stores in state.
    const closureOver = (provider: pulumi.dynamic.ResourceProvider) => () => provider;
    providerText = pulumi.runtime.serializeFunction(closureOver(shim), { allowSecrets: true }).then((s) => s.text);
  }
  return providerText;
}

export interface HarnessOptions {
  kind: "plugin" | "dynamic";
  preload?: string[];
  /** Full stack config with namespaces; `upgrades:*` keys reach the provider (values may be secret(...)). */
  config?: JsObject;
  /** Extra environment for the provider process. */
  env?: Record<string, string>;
  stack?: string;
  project?: string;
  /** Plugin only: start the entry with plain node instead of run-plugin (see launchPluginDirect). */
  direct?: boolean;
  /** Skip GetPluginInfo/Handshake/CheckConfig/Configure (default: run them). */
  skipConfigure?: boolean;
  /** gRPC deadline of each start-up RPC (GetPluginInfo, Handshake, CheckConfig, Configure); default STARTUP_RPC_DEADLINE_MS */
  startupTimeoutMs?: number;
}

export interface Harness {
  engine: FakeEngine;
  provider: ProviderProcess;
  deployment: Deployment;
  programDir: string;
  stop(): Promise<void>;
}

/**
 * startHarness failed after (or while) starting the provider: every process it spawned was stopped and every temp dir
 * removed before this was thrown. `cause` is the original failure (e.g. a gRPC DEADLINE_EXCEEDED from Configure).
 */
export class HarnessStartError extends Error {
  override readonly name = "HarnessStartError";
  constructor(
    message: string,
    /** pids of the provider processes that were started (all stopped), empty when none got that far */
    readonly pids: number[],
    cause: unknown,
  ) {
    super(message, { cause });
  }
}

export async function startHarness(opts: HarnessOptions): Promise<Harness> {
  const project = opts.project ?? "proj";
  const startupTimeoutMs = opts.startupTimeoutMs ?? STARTUP_RPC_DEADLINE_MS;
  const engine = await FakeEngine.start();
  let program: ProgramDir | undefined;
  let plugin: { dir: string; cleanup(): void } | undefined;
  let provider: ProviderProcess | undefined;
  const cleanup = async () => {
    try {
      await provider?.stop();
    } finally {
      engine.stop();
      program?.cleanup();
      plugin?.cleanup();
    }
  };
  // everything after the engine started: any failure or deadline stops what was started (a mocha `before` that
  // times out never gets a harness to stop, so startHarness itself must not leave a process behind)
  try {
    program = makeProgramDir({ project, preload: opts.kind === "dynamic" ? opts.preload : undefined });
    plugin = opts.kind === "plugin" ? makePluginDir({ preload: opts.preload }) : undefined;
    if (opts.kind === "plugin") {
      const pulumiConfig: Record<string, string> = {};
      for (const [k, v] of Object.entries(opts.config ?? {})) {
        if (!k.startsWith("upgrades:")) continue;
        const plain = v !== null && typeof v === "object" && "value" in v ? (v as { value: unknown }).value : v;
        pulumiConfig[k.slice("upgrades:".length)] = typeof plain === "string" ? plain : JSON.stringify(plain);
      }
      provider = await (opts.direct ? launchPluginDirect : launchPlugin)({ pluginDir: plugin!.dir, programDir: program.dir, engineAddress: engine.address, project, config: pulumiConfig, env: opts.env });
    } else {
      provider = await launchDynamic({ programDir: program.dir, engineAddress: engine.address, project, env: opts.env });
    }
    const dopts: DeploymentOptions = { stack: opts.stack, project, config: opts.config };
    if (opts.kind === "dynamic") dopts.dynamicProviderText = await serializedShim();
    const deployment = new Deployment(provider, engine, dopts);
    if (!opts.skipConfigure) await deployment.configure({ deadlineMs: startupTimeoutMs });
    const started = provider;
    const programDir = program.dir;
    return { engine, provider: started, deployment, programDir, stop: cleanup };
  } catch (e) {
    const pid = provider?.child.pid;
    try {
      await cleanup();
    } catch (stopError) {
      process.stderr.write(`startHarness: cleanup after a failed start-up failed too: ${String(stopError)}\n`);
    }
    const what = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    throw new HarnessStartError(
      `${opts.kind} harness start-up failed (${what}); ${pid !== undefined ? `provider process ${pid} was stopped` : "no provider process was running"}. ` +
        `Check the provider's stderr above; a DEADLINE_EXCEEDED means a start-up RPC got no answer within ${startupTimeoutMs} ms.`,
      pid !== undefined ? [pid] : [],
      e,
    );
  }
}
