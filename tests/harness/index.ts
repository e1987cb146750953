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
import { launchDynamic, launchPlugin, launchPluginDirect, makePluginDir, makeProgramDir, REPO_ROOT, type ProviderProcess } from "./launch";
import type { JsObject } from "./wire";

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
}

export interface Harness {
  engine: FakeEngine;
  provider: ProviderProcess;
  deployment: Deployment;
  programDir: string;
  stop(): Promise<void>;
}

export async function startHarness(opts: HarnessOptions): Promise<Harness> {
  const project = opts.project ?? "proj";
  const engine = await FakeEngine.start();
  const program = makeProgramDir({ project, preload: opts.kind === "dynamic" ? opts.preload : undefined });
  const plugin = opts.kind === "plugin" ? makePluginDir({ preload: opts.preload }) : undefined;
  let provider: ProviderProcess;
  try {
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
  } catch (e) {
    engine.stop();
    program.cleanup();
    plugin?.cleanup();
    throw e;
  }
  const dopts: DeploymentOptions = { stack: opts.stack, project, config: opts.config };
  if (opts.kind === "dynamic") dopts.dynamicProviderText = await serializedShim();
  const deployment = new Deployment(provider, engine, dopts);
  const h: Harness = {
    engine,
    provider,
    deployment,
    programDir: program.dir,
    stop: async () => {
      await provider.stop();
      engine.stop();
      program.cleanup();
      plugin?.cleanup();
    },
  };
  if (!opts.skipConfigure) {
    try {
      await deployment.configure();
    } catch (e) {
      await h.stop();
      throw e;
    }
  }
  return h;
}
