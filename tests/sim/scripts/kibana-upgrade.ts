// Kibana upgrade hook for the simulator: `systemctl stop kibana; apt-get install kibana=V; systemctl start kibana`.
// Reads UPGRADES_TARGET_VERSION and UPGRADES_SIM_CONTROL_URL. Exit 0 when Kibana was restarted on the version.
import { requireEnv, runHook } from "./hook-common";

const version = requireEnv("UPGRADES_TARGET_VERSION");
process.stdout.write(`upgrading kibana from ${process.env.UPGRADES_FROM_VERSION ?? "?"} to ${version}\n`);
void runHook("/_sim/hooks/kibana", { version }, "kibana-upgrade");
