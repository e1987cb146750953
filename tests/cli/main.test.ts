import * as assert from "assert";
import { runCli, CliIOCapture } from "../support/cli";

describe("upgrades CLI entry", () => {
  it("prints help and exits 2 without a command", async () => {
    const io = new CliIOCapture();
    assert.strictEqual(await runCli([], io), 2);
    assert.match(io.stdout, /usage: upgrades <command>/);
  });
  it("refuses an unknown command with exit 2 and no stack trace", async () => {
    const io = new CliIOCapture();
    assert.strictEqual(await runCli(["frobnicate"], io), 2);
    assert.match(io.stderr, /unknown command "frobnicate"/);
    assert.doesNotMatch(io.stderr, /\n\s+at /);
  });
});
