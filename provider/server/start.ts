// Start the plugin the way the Pulumi engine expects: bind 127.0.0.1:0, print ONLY the port as the first stdout line,
// keep serving until SIGINT/SIGTERM (engine teardown). The engine address is the last argv element.
import { parseProviderConfig, type ProviderConfigValues } from "../config";
import { engineAddressFromArgv } from "./engine-log";
import { serve, type RunningServer } from "./service";

/** The engine's PULUMI_CONFIG (decrypted `upgrades:*` keys, namespace stripped) as initial config, if valid. */
function configFromEnv(env: Record<string, string | undefined>): ProviderConfigValues | undefined {
  const raw = env.PULUMI_CONFIG;
  if (!raw) return undefined;
  try {
    const parsed = JSON.parse(raw) as Record<string, unknown>;
    return parseProviderConfig(parsed, { namespaced: false });
  } catch {
    return undefined; // Configure will bring the config (and report problems through CheckConfig)
  }
}

/**
 * `loadHandlers` registers the resources (e.g. `() => import("../resources/all")`). It runs right after the port is
 * printed, so loading the handlers overlaps with the engine's handshake; RPCs needing a handler wait for it.
 */
export async function startPlugin(argv: readonly string[] = process.argv.slice(2), loadHandlers?: () => Promise<unknown>): Promise<RunningServer> {
  let markReady!: () => void;
  let markFailed!: (e: unknown) => void;
  const handlersReady = new Promise<void>((resolve, reject) => {
    markReady = resolve;
    markFailed = reject;
  });
  handlersReady.catch(() => undefined); // reported through the RPCs that need a handler
  const running = await serve({ engineAddress: engineAddressFromArgv(argv), initialConfig: configFromEnv(process.env), handlersReady });
  process.stdout.write(`${running.port}\n`);
  setImmediate(() => {
    (loadHandlers ? loadHandlers() : Promise.resolve()).then(
      () => markReady(),
      (e: unknown) => {
        process.stderr.write(`upgrades provider: loading the resources failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
        markFailed(e);
      },
    );
  });
  const stop = () => {
    running.service.core.cancelAll();
    void running.shutdown().then(() => process.exit(0));
    setTimeout(() => process.exit(0), 2000).unref();
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  return running;
}
