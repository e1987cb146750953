// Engine.Log client: ephemeral status lines (shown in the resource's row while it rolls) and durable messages,
// attached to the resource URN. Used by the plugin and by the dynamic host (whose last argv element is also the
// engine address; reference pulumi.md §1.6, §3). Logging never throws and never blocks an operation for long.
import * as grpc from "@grpc/grpc-js";
import * as engrpc from "@pulumi/pulumi/proto/engine_grpc_pb";
import * as engproto from "@pulumi/pulumi/proto/engine_pb";
import type { LogSeverity, LogSink } from "../resources/core/host";

const SEVERITY: Record<LogSeverity, engproto.LogSeverity> = {
  debug: engproto.LogSeverity.DEBUG,
  info: engproto.LogSeverity.INFO,
  warning: engproto.LogSeverity.WARNING,
  error: engproto.LogSeverity.ERROR,
};

/** Pick the engine address from a provider process's argv: the last positional that looks like host:port. */
export function engineAddressFromArgv(argv: readonly string[]): string | undefined {
  for (let i = argv.length - 1; i >= 0; i--) {
    const a = argv[i];
    if (/^[\w.-]+:\d+$/.test(a) || /^\[[0-9a-f:]+\]:\d+$/i.test(a)) return a;
  }
  return undefined;
}

export class EngineLogSink implements LogSink {
  private client?: engrpc.EngineClient;
  private pending = new Set<Promise<void>>();
  private chain: Promise<void> = Promise.resolve();

  constructor(private address?: string, private readonly deadlineMs = 5000) {}

  /** Point the sink at a (new) engine address (Handshake, Attach). */
  setAddress(address: string | undefined): void {
    if (!address || address === this.address) return;
    this.client?.close();
    this.client = undefined;
    this.address = address;
  }

  get engineAddress(): string | undefined {
    return this.address;
  }

  log(severity: LogSeverity, urn: string, message: string, ephemeral: boolean): void {
    if (!this.address) return;
    if (!this.client) this.client = new engrpc.EngineClient(this.address, grpc.credentials.createInsecure());
    const client = this.client;
    const req = new engproto.LogRequest();
    req.setSeverity(SEVERITY[severity]);
    req.setUrn(urn);
    req.setMessage(message);
    req.setEphemeral(ephemeral);
    // Preserve order: each line is sent after the previous one was answered.
    const p = this.chain.then(
      () =>
        new Promise<void>((resolve) => {
          try {
            client.log(req, new grpc.Metadata(), { deadline: Date.now() + this.deadlineMs }, () => resolve());
          } catch {
            resolve();
          }
        }),
    );
    this.chain = p;
    this.pending.add(p);
    void p.finally(() => this.pending.delete(p));
  }

  async flush(): Promise<void> {
    await Promise.all([...this.pending]);
  }

  close(): void {
    this.client?.close();
    this.client = undefined;
  }
}
