// The plain HTTP the runbook models use: one JSON request, no retries, no client library (an Ansible `uri` task or a
// Terraform provider's SDK call each send one request). Test/bench code only.
export class RunbookHttpError extends Error {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number,
    body: string,
  ) {
    super(`${method} ${path} answered ${status}: ${body.slice(0, 300)} — the runbook stops here, as the modelled tool would`);
    this.name = "RunbookHttpError";
  }
}

export class RunbookTimeoutError extends Error {
  constructor(what: string, attempts: number) {
    super(`${what}: still not true after ${attempts} checks — the modelled tool gives up here (raise the retry budget or fix the cluster)`);
    this.name = "RunbookTimeoutError";
  }
}

export interface Endpoint {
  url: string;
  /** value of the Authorization header, e.g. "ApiKey …" */
  authorization?: string;
}

export async function call<T = unknown>(ep: Endpoint, method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
  const headers: Record<string, string> = { accept: "application/json" };
  if (ep.authorization) headers.authorization = ep.authorization;
  if (body !== undefined) headers["content-type"] = "application/json";
  const res = await fetch(ep.url.replace(/\/$/, "") + path, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}), ...(signal ? { signal } : {}) });
  const text = await res.text();
  if (!res.ok) throw new RunbookHttpError(method, path.replace(/\?.*$/, ""), res.status, text);
  return (text ? JSON.parse(text) : undefined) as T;
}

/** sleep that an AbortSignal cuts short */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const t = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(signal?.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/**
 * Ansible's `until:` loop: run the check at once; while false sleep `delayMs` and check again, `retries` times in
 * all (Ansible's `retries` counts attempts after the first, so at most retries + 1 checks), then fail.
 */
export async function until(what: string, check: () => Promise<boolean>, opts: { retries: number; delayMs: number; signal?: AbortSignal }): Promise<number> {
  for (let attempt = 1; ; attempt++) {
    if (await check()) return attempt;
    if (attempt > opts.retries) throw new RunbookTimeoutError(what, attempt);
    await sleep(opts.delayMs, opts.signal);
  }
}
