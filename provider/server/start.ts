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

export async function startPlugin(argv: readonly string[] = process.argv.slice(2)): Promise<RunningServer> {
  const running = await serve({ engineAddress: engineAddressFromArgv(argv), initialConfig: configFromEnv(process.env) });
  process.stdout.write(`${running.port}\n`);
  const stop = () => {
    running.service.core.cancelAll();
    void running.shutdown().then(() => process.exit(0));
    setTimeout(() => process.exit(0), 2000).unref();
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  return running;
}
