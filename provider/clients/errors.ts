/**
 * @module clients/errors — one error class per kind of client failure. Every message names the endpoint
 * and says what to check next; none ever carries a credential (the http layer redacts before constructing).
 */

/** Base of every error thrown by the HTTP layer and the API clients built on it. */
export abstract class ClientError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The server answered with a status the caller did not expect (non-2xx unless `expectStatus` said otherwise). */
export class HttpStatusError extends ClientError {
  constructor(
    readonly status: number,
    readonly method: string,
    readonly path: string,
    /** the first few hundred characters of the response body, credentials redacted */
    readonly bodyExcerpt: string,
    /** ES `error.type`, or the first Elastic Cloud `errors[].code` / `x-cloud-error-codes` value, when present */
    readonly errorCode: string | undefined,
    /** ES `error.reason` or Elastic Cloud `errors[].message`, when present */
    readonly reason: string | undefined,
    readonly service: string,
  ) {
    super(
      `${service} ${method} ${path} answered HTTP ${status}${errorCode ? ` ${errorCode}` : ""}` +
        `${reason ? `: ${reason}` : bodyExcerpt ? `: ${bodyExcerpt}` : ""}. ${hintForStatus(status)}`,
    );
  }
}

function hintForStatus(status: number): string {
  if (status === 401) return "Authentication failed: check the API key or username/password configured for this endpoint.";
  if (status === 403) return "The credentials are valid but lack a privilege this call needs (upgrades need the `manage` cluster privilege).";
  if (status === 404) return "The resource or endpoint does not exist: check the URL, the id, and that the server version has this API.";
  if (status === 408) return "The server timed out waiting for the condition; retry or raise the timeout.";
  if (status === 429 || status >= 500) return "The server is overloaded or failing and retries were exhausted; check its health and try again later.";
  return "Check the request against the server's API documentation.";
}

/** The response body did not match the schema the client expects (an API change, a proxy, or a wrong URL). */
export class ResponseShapeError extends ClientError {
  constructor(
    readonly method: string,
    readonly path: string,
    /** zod issue paths and messages, e.g. `version.number: expected string, received undefined` */
    readonly issues: string[],
    readonly bodyExcerpt: string,
    readonly service: string,
  ) {
    super(
      `${service} ${method} ${path} returned a response of an unexpected shape: ${issues.slice(0, 5).join("; ")}` +
        `${issues.length > 5 ? ` (+${issues.length - 5} more)` : ""}. Check that the URL points at ${service} ` +
        `(not a proxy or another service) and that its version is supported. Body starts: ${bodyExcerpt}`,
    );
  }
}

/** No HTTP exchange happened: DNS, refused, reset, unreachable (after the retries allowed for such failures). */
export class ConnectionError extends ClientError {
  constructor(
    /** the base URL without credentials */
    readonly url: string,
    readonly method: string,
    readonly path: string,
    readonly code: string | undefined,
    detail: string,
    readonly service: string,
    cause?: unknown,
  ) {
    super(
      `Could not reach ${service} at ${url} (${method} ${path}): ${detail}${code ? ` [${code}]` : ""}. ` +
        `Check the URL and port, that the service is running, and that this machine can reach it (DNS, firewall, proxy).`,
      { cause },
    );
  }
}

/** The TLS handshake failed: unknown CA, self-signed certificate, host name mismatch, expired certificate. */
export class TlsError extends ClientError {
  constructor(
    readonly url: string,
    readonly code: string | undefined,
    detail: string,
    readonly service: string,
    cause?: unknown,
  ) {
    super(
      `TLS verification failed for ${service} at ${url}: ${detail}${code ? ` [${code}]` : ""}. ` +
        `Set caCertificate to the PEM of the CA that signed the server certificate (and check the host name matches it); ` +
        `insecureSkipVerify is for throwaway test clusters only.`,
      { cause },
    );
  }
}

/** No response (headers or the rest of the body) arrived within the per-request timeout. */
export class RequestTimeoutError extends ClientError {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly timeoutMs: number,
    readonly service: string,
    cause?: unknown,
  ) {
    super(
      `${service} ${method} ${path} did not answer within ${timeoutMs} ms. The server may be overloaded or the ` +
        `network slow; check its health, or raise the timeout.`,
      { cause },
    );
  }
}

/** The caller cancelled the request (AbortSignal), e.g. on Pulumi Cancel. */
export class RequestAbortedError extends ClientError {
  constructor(readonly method: string, readonly path: string, readonly service: string, cause?: unknown) {
    super(`${service} ${method} ${path} was cancelled before it completed; nothing more was sent.`, { cause });
  }
}

/** The response body exceeded the configured size limit (a hostile or misconfigured endpoint). */
export class ResponseTooLargeError extends ClientError {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly limitBytes: number,
    readonly service: string,
  ) {
    super(
      `${service} ${method} ${path} sent a response larger than ${limitBytes} bytes; it was discarded. ` +
        `Check that the URL points at ${service}, or raise maxResponseBytes if the cluster is very large.`,
    );
  }
}

/** Why a node hook failed. */
export type NodeHookFailure = "exit" | "signal" | "hung" | "aborted" | "spawn";

/** The user's per-node upgrade command failed, hung, was cancelled, or could not start. */
export class NodeHookError extends ClientError {
  constructor(
    readonly failure: NodeHookFailure,
    /** argv[0] of the command (never the environment) */
    readonly executable: string,
    readonly exitCode: number | null,
    readonly signal: string | null,
    readonly durationMs: number,
    /** last lines of stdout and stderr, interleaved in arrival order */
    readonly tail: string,
    detail: string,
    cause?: unknown,
  ) {
    super(
      `Node upgrade command ${JSON.stringify(executable)} ${detail}. ` +
        `Fix the command (run it by hand with the same UPGRADES_* variables to reproduce), then run the update again; ` +
        `nodes already on the target version are not touched again.` +
        (tail ? `\n--- last output ---\n${tail}` : ""),
      { cause },
    );
  }
}

/** A request body the caller built is invalid; caught before anything is sent. */
export class InvalidRequestError extends ClientError {
  constructor(
    readonly method: string,
    readonly path: string,
    detail: string,
  ) {
    super(`Refusing to send ${method} ${path}: ${detail}. This is a bug in the caller; nothing was sent.`);
  }
}
