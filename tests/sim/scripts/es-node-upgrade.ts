// Per-node upgrade hook for the simulated cluster — what a user's
// `systemctl stop elasticsearch; apt-get install elasticsearch=$UPGRADES_TARGET_VERSION; systemctl start elasticsearch`
// does, played against the simulator. Run: `node dist/tests/sim/scripts/es-node-upgrade.js` with
// UPGRADES_NODE_NAME, UPGRADES_TARGET_VERSION (UPGRADES_NODE_ID, UPGRADES_NODE_HOST, UPGRADES_FROM_VERSION
// are logged) and UPGRADES_SIM_CONTROL_URL. Exit 0: the node process started; 1: it failed; 2: usage.
import { requireEnv, runHook } from "./hook-common";

const node = requireEnv("UPGRADES_NODE_NAME");
const version = requireEnv("UPGRADES_TARGET_VERSION");
const from = process.env.UPGRADES_FROM_VERSION ?? "?";
process.stdout.write(
  `upgrading ${node} (id ${process.env.UPGRADES_NODE_ID ?? "?"}, host ${process.env.UPGRADES_NODE_HOST ?? "?"}) from ${from} to ${version}\n`,
);
void runHook("/_sim/hooks/es-node", { node, version }, `es-node-upgrade ${node}`);
