// plan show: owned by the plan work (issue 3). Placeholder until it lands.
import { CliCommand } from "./command";
export const planCommands: CliCommand[] = [];
