// Shared setup for the hosting tests: the test-only counter resource and its "managed system" file.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { CounterSystem } from "./fixtures/counter-resource";

/** Preload module registering TestCounter in a provider process (see tests/harness startHarness({ preload })). */
export const COUNTER_MODULE = path.resolve(__dirname, "fixtures", "counter-register.js");
/** Preload module registering TestConn (a connection block with credential leaves) in a provider process. */
export const CONN_MODULE = path.resolve(__dirname, "fixtures", "conn-register.js");
/** The credential the simulated system accepts. Tests scan everything observable for it. */
export const CREDENTIAL = "ctr-key-5f1d7c0a9e";

export interface SystemFile {
  file: string;
  read(): CounterSystem;
  write(s: Partial<CounterSystem>): void;
  bytes(): string;
  cleanup(): void;
}

export function systemFile(init: Partial<CounterSystem> = {}): SystemFile {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "upgrades-counter-"));
  const file = path.join(dir, "system.json");
  const write = (s: Partial<CounterSystem>) => {
    const cur = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, "utf8")) as CounterSystem) : { value: 1, apiKey: CREDENTIAL, history: [] };
    fs.writeFileSync(file, JSON.stringify({ ...cur, ...s }, null, 2));
  };
  write({ value: 1, apiKey: CREDENTIAL, history: [], ...init });
  return {
    file,
    read: () => JSON.parse(fs.readFileSync(file, "utf8")) as CounterSystem,
    write,
    bytes: () => fs.readFileSync(file, "utf8"),
    cleanup: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}
