// Plugin entry (package.json "main"; PulumiPlugin.yaml `runtime: nodejs` → run-plugin require()s this file).
// Exports nothing: run-plugin switches to the component host if the entry exports a ComponentResource.
import "../resources/all";
import { startPlugin } from "./start";

startPlugin().catch((e: unknown) => {
  process.stderr.write(`upgrades provider failed to start: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
