// A fake Pulumi Engine gRPC service that records every Log request (reference pulumi.md §5.4).
import * as grpc from "@grpc/grpc-js";
import * as engrpc from "@pulumi/pulumi/proto/engine_grpc_pb";
import * as engproto from "@pulumi/pulumi/proto/engine_pb";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";

export interface RecordedLog {
  severity: "debug" | "info" | "warning" | "error";
  message: string;
  urn: string;
  streamId: number;
  ephemeral: boolean;
}

const SEV: Record<number, RecordedLog["severity"]> = {
  [engproto.LogSeverity.DEBUG]: "debug",
  [engproto.LogSeverity.INFO]: "info",
  [engproto.LogSeverity.WARNING]: "warning",
  [engproto.LogSeverity.ERROR]: "error",
};

export class FakeEngine {
  readonly logs: RecordedLog[] = [];
  private readonly listeners = new Set<(log: RecordedLog) => void>();
  private constructor(private readonly server: grpc.Server, readonly address: string) {}

  static async start(): Promise<FakeEngine> {
    const server = new grpc.Server();
    let engine: FakeEngine | undefined;
    const impl: engrpc.IEngineServer = {
      log(call, cb) {
        const r = call.request;
        const log: RecordedLog = { severity: SEV[r.getSeverity()] ?? "info", message: r.getMessage(), urn: r.getUrn(), streamId: r.getStreamid(), ephemeral: r.getEphemeral() };
        engine?.logs.push(log);
        engine?.emit(log);
        cb(null, new Empty());
      },
      getRootResource(_call, cb) {
        const r = new engproto.GetRootResourceResponse();
        r.setUrn("");
        cb(null, r);
      },
      setRootResource(_call, cb) {
        cb(null, new engproto.SetRootResourceResponse());
      },
      startDebugging(_call, cb) {
        cb(null, new Empty());
      },
      requirePulumiVersion(_call, cb) {
        cb(null, new engproto.RequirePulumiVersionResponse());
      },
    } as engrpc.IEngineServer;
    server.addService(engrpc.EngineService, impl);
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (e, p) => (e ? reject(e) : resolve(p))),
    );
    engine = new FakeEngine(server, `127.0.0.1:${port}`);
    return engine;
  }

  /**
   * Calls `listener` for every Log request as it arrives (after it is appended to `logs`). Returns the unsubscribe
   * function. A listener that throws is reported on stderr and does not affect the provider or other listeners.
   */
  onLog(listener: (log: RecordedLog) => void): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  private emit(log: RecordedLog): void {
    for (const l of [...this.listeners]) {
      try {
        l(log);
      } catch (e) {
        process.stderr.write(`FakeEngine onLog listener threw: ${e instanceof Error ? e.message : String(e)}\n`);
      }
    }
  }

  logsFor(urn: string): RecordedLog[] {
    return this.logs.filter((l) => l.urn === urn);
  }

  stop(): void {
    this.server.forceShutdown();
  }
}
