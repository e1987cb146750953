// Shared shape of an `upgrades` sub-command. Exit codes: 0 ok, 2 bad usage/input, 3 refused/none.
export interface CliIO {
  out: (line: string) => void;
  err: (line: string) => void;
  readStdin: () => Promise<string>;
}

export interface CliCommand {
  /** first word on the command line, e.g. "check", "path", "plan", "catalog" */
  name: string;
  /** one line for `upgrades --help` */
  summary: string;
  /** full usage text */
  usage: string;
  run(args: string[], io: CliIO): Promise<number>;
}

/** Bad usage or bad input: printed without a stack trace, exit 2. */
export class UsageError extends Error {
  override name = "UsageError";
}
