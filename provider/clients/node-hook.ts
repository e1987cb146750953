/**
 * @module clients/node-hook — runs the user's per-node upgrade command (argv via spawn, never a shell) with the
 * UPGRADES_* variables added to the environment, a timeout that kills the whole process group ("hung"),
 * cancellation through an AbortSignal, and the last lines of output kept for the error message.
 *
 * @example
 * const r = await runNodeHook({
 *   command: ["/usr/local/bin/upgrade-node.sh", "--yes"],
 *   env: nodeHookEnv({ nodeName: "es-hot-0", nodeId: "k3jD…", nodeHost: "10.0.0.11", fromVersion: "8.19.2", targetVersion: "9.1.2" }),
 *   timeoutMs: 15 * 60_000,
 * });
 */
import { ChildProcess, spawn } from "child_process";
import { NodeHookError } from "./errors";

export interface NodeHookOptions {
  /** argv: the first element is the executable (looked up on PATH), the rest are its arguments, passed verbatim */
  command: readonly string[];
  /** added to (and overriding) process.env, e.g. from nodeHookEnv() */
  env?: Record<string, string>;
  /** the command is killed (SIGTERM to its process group, SIGKILL after killGraceMs) and reported "hung" */
  timeoutMs: number;
  signal?: AbortSignal;
  /** lines of output kept for the error message (default 40) */
  tailLines?: number;
  /** wait between SIGTERM and SIGKILL (default 2000 ms) */
  killGraceMs?: number;
  cwd?: string;
  /** every complete output line as it arrives (progress reporting) */
  onLine?: (line: string, stream: "stdout" | "stderr") => void;
  /** applied to each captured line (e.g. to redact secrets the user's script prints) */
  redact?: (text: string) => string;
}

export interface NodeHookResult {
  exitCode: number;
  durationMs: number;
  /** last lines of stdout/stderr (stderr lines prefixed "stderr| ") */
  tail: string;
}

/** The variables the provider sets for a node's upgrade command. */
export interface NodeHookVars {
  nodeName: string;
  nodeId: string;
  nodeHost: string;
  fromVersion: string;
  targetVersion: string;
}

/** UPGRADES_NODE_NAME, UPGRADES_NODE_ID, UPGRADES_NODE_HOST, UPGRADES_FROM_VERSION, UPGRADES_TARGET_VERSION. */
export function nodeHookEnv(v: NodeHookVars): Record<string, string> {
  return {
    UPGRADES_NODE_NAME: v.nodeName,
    UPGRADES_NODE_ID: v.nodeId,
    UPGRADES_NODE_HOST: v.nodeHost,
    UPGRADES_FROM_VERSION: v.fromVersion,
    UPGRADES_TARGET_VERSION: v.targetVersion,
  };
}

const MAX_LINE_CHARS = 500;

/** Keeps the last `max` lines of two interleaved streams, completing partial lines per stream. */
class Tail {
  private readonly lines: string[] = [];
  private readonly partial = { stdout: "", stderr: "" };
  constructor(
    private readonly max: number,
    private readonly redact: (s: string) => string,
    private readonly onLine?: (line: string, stream: "stdout" | "stderr") => void,
  ) {}

  push(stream: "stdout" | "stderr", chunk: string): void {
    const text = this.partial[stream] + chunk;
    const parts = text.split(/\r?\n/);
    this.partial[stream] = parts.pop() ?? "";
    for (const p of parts) this.add(stream, p);
  }

  flush(): void {
    for (const s of ["stdout", "stderr"] as const) {
      if (this.partial[s]) this.add(s, this.partial[s]);
      this.partial[s] = "";
    }
  }

  text(): string {
    return this.lines.join("\n");
  }

  private add(stream: "stdout" | "stderr", raw: string): void {
    const line = this.redact(raw.length > MAX_LINE_CHARS ? `${raw.slice(0, MAX_LINE_CHARS)}…` : raw);
    this.onLine?.(line, stream);
    this.lines.push(stream === "stderr" ? `stderr| ${line}` : line);
    if (this.lines.length > this.max) this.lines.shift();
  }
}

/**
 * Runs the command and resolves with its exit code 0 and duration; rejects with NodeHookError when it exits
 * non-zero, dies by a signal, hangs past the timeout, is cancelled, or cannot be started.
 */
export function runNodeHook(opts: NodeHookOptions): Promise<NodeHookResult> {
  const [file, ...args] = opts.command;
  const executable = file ?? "";
  const started = Date.now();
  const redact = opts.redact ?? ((s: string) => s);
  if (!file || opts.command.some((a) => typeof a !== "string")) {
    return Promise.reject(
      new NodeHookError("spawn", executable, null, null, 0, "", "is not a valid argv: give a non-empty list of strings whose first element is the executable"),
    );
  }
  if (opts.signal?.aborted) {
    return Promise.reject(new NodeHookError("aborted", executable, null, null, 0, "", "was cancelled before it started"));
  }
  const tail = new Tail(opts.tailLines ?? 40, redact, opts.onLine);
  const graceMs = opts.killGraceMs ?? 2000;

  return new Promise<NodeHookResult>((resolve, reject) => {
    let child: ChildProcess;
    let stopReason: "hung" | "aborted" | undefined;
    let settled = false;
    let killTimer: NodeJS.Timeout | undefined;
    let forceSettleTimer: NodeJS.Timeout | undefined;

    const killGroup = (sig: NodeJS.Signals) => {
      if (child.pid === undefined) return;
      try {
        // detached: the child leads its own process group, so this reaches anything it started too
        process.kill(-child.pid, sig);
      } catch {
        try {
          child.kill(sig);
        } catch {
          // already gone
        }
      }
    };

    const stop = (reason: "hung" | "aborted") => {
      if (settled || stopReason) return;
      stopReason = reason;
      killGroup("SIGTERM");
      killTimer = setTimeout(() => killGroup("SIGKILL"), graceMs);
      // if a grandchild escaped the group and holds the pipes open, do not wait on it forever
      forceSettleTimer = setTimeout(() => finish(null, null, null), graceMs + 2000);
    };

    const onAbort = () => stop("aborted");
    const timeout = setTimeout(() => stop("hung"), opts.timeoutMs);

    const finish = (err: (Error & { code?: unknown }) | null, exitCode: number | null, signal: string | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timeout);
      if (killTimer) clearTimeout(killTimer);
      if (forceSettleTimer) clearTimeout(forceSettleTimer);
      opts.signal?.removeEventListener("abort", onAbort);
      tail.flush();
      const durationMs = Date.now() - started;
      const t = tail.text();
      if (stopReason === "hung") {
        reject(new NodeHookError("hung", executable, exitCode, signal, durationMs, t, `hung: no exit within ${opts.timeoutMs} ms, so it and its process group were killed`));
      } else if (stopReason === "aborted") {
        reject(new NodeHookError("aborted", executable, exitCode, signal, durationMs, t, "was cancelled; it and its process group were killed"));
      } else if (err && typeof err.code === "string") {
        const detail =
          err.code === "ENOENT"
            ? "could not be started: executable not found (use an absolute path or check PATH)"
            : err.code === "EACCES"
              ? "could not be started: permission denied (is it executable?)"
              : `could not be started: ${redact(err.message)}`;
        reject(new NodeHookError("spawn", executable, exitCode, signal, durationMs, t, detail, err));
      } else if (signal) {
        reject(new NodeHookError("signal", executable, exitCode, signal, durationMs, t, `was killed by ${signal}`));
      } else if (exitCode !== 0) {
        reject(new NodeHookError("exit", executable, exitCode, null, durationMs, t, `exited with code ${exitCode}`));
      } else {
        resolve({ exitCode: 0, durationMs, tail: t });
      }
    };

    try {
      // spawn rather than execFile: execFile cannot start the command in its own process group (it drops
      // `detached`), and the group is what lets a timeout kill everything the command started. No shell either way.
      child = spawn(file, args, {
        env: { ...process.env, ...(opts.env ?? {}) },
        cwd: opts.cwd,
        shell: false,
        windowsHide: true,
        detached: process.platform !== "win32",
        stdio: ["ignore", "pipe", "pipe"],
      });
    } catch (e) {
      clearTimeout(timeout);
      reject(new NodeHookError("spawn", executable, null, null, Date.now() - started, "", `could not be started: ${redact((e as Error).message)}`, e));
      return;
    }
    child.once("error", (e: Error & { code?: unknown }) => finish(e, null, null));
    child.once("close", (code: number | null, sig: NodeJS.Signals | null) => finish(null, code, sig));
    child.stdout?.setEncoding("utf8");
    child.stderr?.setEncoding("utf8");
    child.stdout?.on("data", (c: string) => tail.push("stdout", c));
    child.stderr?.on("data", (c: string) => tail.push("stderr", c));
    opts.signal?.addEventListener("abort", onAbort, { once: true });
  });
}
