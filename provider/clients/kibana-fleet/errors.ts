/**
 * @module clients/kibana-fleet/errors — one class per kind of Fleet refusal, each carrying Kibana's own
 * message and saying what to do next. Messages come from Kibana error bodies (never from request headers),
 * and pass through the http layer's redaction before they are built.
 */
import { ClientError } from "../errors";

/** Any Fleet API answer that is not a success and not one of the specific cases below. */
export class FleetApiError extends ClientError {
  constructor(
    readonly status: number,
    readonly method: string,
    readonly path: string,
    /** Kibana's `message` */
    readonly kibanaMessage: string,
    hint = "Check the request and Kibana's logs.",
  ) {
    super(`Kibana Fleet ${method} ${path} answered HTTP ${status}: ${kibanaMessage}. ${hint}`);
  }
}

/** 400 "<n>-<v> is out-of-date and cannot be installed or updated": older than the latest compatible version. */
export class PackageOutOfDateError extends FleetApiError {
  constructor(readonly packageName: string, readonly version: string, method: string, path: string, kibanaMessage: string) {
    super(
      400,
      method,
      path,
      kibanaMessage,
      `Fleet refuses any version older than the latest compatible one (including non-latest upgrades) unless forced: set force: true to install ${packageName} ${version} anyway.`,
    );
  }
}

/** 404 "[<n>] package not found in registry": unknown package, or the package registry is unreachable. */
export class PackageNotFoundInRegistryError extends FleetApiError {
  constructor(readonly packageName: string, method: string, path: string, kibanaMessage: string) {
    super(
      404,
      method,
      path,
      kibanaMessage,
      `Check the package name, and that Kibana reaches its package registry (xpack.fleet.registryUrl / registryProxyUrl; air-gapped setups need a self-hosted registry).`,
    );
  }
}

/** 500/502 from Kibana's calls to the package registry (connection failure or a registry error answer). */
export class RegistryUnavailableError extends FleetApiError {
  constructor(status: number, method: string, path: string, kibanaMessage: string) {
    super(status, method, path, kibanaMessage, "Kibana could not fetch from the package registry: check its connectivity to the registry and retry.");
  }
}

/** A package that is not installed (settings update, policy upgrade before install). */
export class PackageNotInstalledError extends FleetApiError {
  constructor(readonly packageName: string, status: number, method: string, path: string, kibanaMessage: string) {
    super(status, method, path, kibanaMessage, `Install ${packageName} first.`);
  }
}

/** The upgrade of one package policy failed (validation, managed policy, not found, a save conflict …). */
export class PolicyUpgradeError extends FleetApiError {
  constructor(readonly policyId: string, status: number, method: string, path: string, kibanaMessage: string) {
    super(
      status,
      method,
      path,
      kibanaMessage,
      status === 400 && kibanaMessage.startsWith("Package policy is invalid")
        ? `Policy ${policyId} does not validate against the installed package: set the missing or invalid values on the policy, then run again.`
        : `Policy ${policyId} was not upgraded; fix the cause and run again (policies already upgraded are not repeated).`,
    );
  }
}

/** 429 on uploads after the client's retries: Kibana rate-limits package uploads. */
export class UploadRateLimitedError extends FleetApiError {
  constructor(method: string, path: string, kibanaMessage: string) {
    super(429, method, path, kibanaMessage, "Wait as Kibana says, then upload again.");
  }
}
