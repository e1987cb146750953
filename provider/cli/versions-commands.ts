// check, path, catalog: owned by the versions work (issue 2). Placeholder until it lands.
import { CliCommand } from "./command";
export const versionCommands: CliCommand[] = [];
