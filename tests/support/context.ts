// A ResourceContext for calling a handler directly (benchmarks, table tests): no Pulumi engine, logs dropped.
import { ProviderConfig } from "../../provider/config";
import type { ResourceContext } from "../../provider/resources/core/types";

export function quietContext(type: string, name: string, project = "test"): ResourceContext {
  return {
    host: "test",
    urn: type ? `urn:pulumi:${project}::${project}::upgrades:index:${type}::${name}` : "",
    name,
    preview: false,
    signal: new AbortController().signal,
    config: new ProviderConfig({}, {}),
    status: () => undefined,
    info: () => undefined,
    warn: () => undefined,
  };
}
