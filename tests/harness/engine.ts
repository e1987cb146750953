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
  private constructor(private readonly server: grpc.Server, readonly address: string) {}

  static async start(): Promise<FakeEngine> {
    const server = new grpc.Server();
    let engine: FakeEngine | undefined;
    const impl: engrpc.IEngineServer = {
      log(call, cb) {
        const r = call.request;
        engine?.logs.push({ severity: SEV[r.getSeverity()] ?? "info", message: r.getMessage(), urn: r.getUrn(), streamId: r.getStreamid(), ephemeral: r.getEphemeral() });
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

  logsFor(urn: string): RecordedLog[] {
    return this.logs.filter((l) => l.urn === urn);
  }

  stop(): void {
    this.server.forceShutdown();
  }
}
