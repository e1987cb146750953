// Plugin entry (package.json "main"; PulumiPlugin.yaml `runtime: nodejs` → run-plugin require()s this file).
// Exports nothing: run-plugin switches to the component host if the entry exports a ComponentResource.
import { startPlugin } from "./start";

// The resources load right after the port is printed (see startPlugin).
startPlugin(process.argv.slice(2), () => import("../resources/all")).catch((e: unknown) => {
  process.stderr.write(`upgrades provider failed to start: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
