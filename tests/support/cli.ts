// Runs the CLI in-process with captured output, for tests.
import { CliIO } from "../../provider/cli/command";
export { runCli } from "../../provider/cli/main";

export class CliIOCapture implements CliIO {
  stdout = "";
  stderr = "";
  constructor(private readonly stdin = "") {}
  out = (l: string) => { this.stdout += l + "\n"; };
  err = (l: string) => { this.stderr += l + "\n"; };
  readStdin = async () => this.stdin;
}
