/**
 * @module clients/kibana/status — Kibana `GET /api/status`: the version Kibana runs and whether it is
 * available (elastic-api-shapes.md §12). The gate after a Kibana upgrade is "level available and version =
 * target" (elastic.md §b6).
 *
 * @example
 * const kb = new KibanaStatusClient({ url: "https://kibana:5601", auth: { kind: "apiKey", apiKey } });
 * const s = await kb.status(); // { version: "9.1.2", level: "available", … }
 */
import { z } from "zod";
import { ResponseShapeError } from "../errors";
import { createHttpClient, HttpAuth, HttpClient, ConnectionOptions, connectionOptions } from "../http";

export const StatusLevel = z.enum(["available", "degraded", "unavailable", "critical"]);
export type StatusLevel = z.infer<typeof StatusLevel>;

/**
 * `GET /api/status` (field names from kbn-test `ApiResponseStatus` + Kibana OAS `core_status_redactedResponse`).
 * `version` is absent in the redacted variant Kibana serves to unauthenticated callers. `overall.state`
 * (green|yellow|red) is the 7.x format, accepted so a 7.17 source Kibana still reads «inferred mapping».
 */
export const KibanaStatusResponse = z
  .looseObject({
    name: z.string().optional(),
    uuid: z.string().optional(),
    version: z
      .looseObject({
        number: z.string(),
        build_hash: z.string().optional(),
        build_number: z.number().optional(),
        build_snapshot: z.boolean().optional(),
        build_flavor: z.string().optional(),
        build_date: z.string().optional(),
      })
      .optional(),
    status: z.looseObject({
      overall: z.looseObject({
        level: StatusLevel.optional(),
        state: z.enum(["green", "yellow", "red"]).optional(),
        summary: z.string().optional(),
      }),
      core: z.unknown().optional(),
      plugins: z.unknown().optional(),
    }),
    metrics: z.unknown().optional(),
  })
  .refine((s) => s.status.overall.level !== undefined || s.status.overall.state !== undefined, {
    message: "status.overall has neither level (8.x/9.x) nor state (7.x)",
    path: ["status", "overall", "level"],
  });
export type KibanaStatusResponse = z.infer<typeof KibanaStatusResponse>;

export interface KibanaStatus {
  /** undefined when Kibana answered with the redacted status (the credentials lack access) or is starting */
  version?: string;
  level: StatusLevel;
  summary?: string;
  /** 200, or 503 while Kibana is starting or unavailable */
  httpStatus: number;
  /** true when Kibana answered the redacted status without a version */
  redacted: boolean;
}

export interface KibanaStatusClientOptions extends ConnectionOptions {
  url: string;
  auth: HttpAuth;
}

const STATE_TO_LEVEL: Record<"green" | "yellow" | "red", StatusLevel> = { green: "available", yellow: "degraded", red: "unavailable" };

/** Reduces a parsed status body to what the upgrade gate needs. */
export function summarizeKibanaStatus(body: KibanaStatusResponse, httpStatus: number): KibanaStatus {
  const o = body.status.overall;
  const level = o.level ?? STATE_TO_LEVEL[o.state ?? "red"];
  return {
    ...(body.version ? { version: body.version.number } : {}),
    level,
    ...(o.summary ? { summary: o.summary } : {}),
    httpStatus,
    redacted: body.version === undefined,
  };
}

export class KibanaStatusClient {
  readonly http: HttpClient;

  constructor(options: KibanaStatusClientOptions | { http: HttpClient }) {
    this.http =
      "http" in options
        ? options.http
        : createHttpClient({
            baseUrl: options.url,
            auth: options.auth,
            ...connectionOptions(options),
            service: "Kibana",
          });
  }

  /**
   * `GET /api/status`. A 503 is an answer, not an error: Kibana sends it with the status body when
   * unavailable, and with a plain "Kibana server is not ready yet" while starting (then level unavailable).
   * A refused connection (Kibana stopped) still throws ConnectionError.
   */
  async status(o: { signal?: AbortSignal; timeoutMs?: number } = {}): Promise<KibanaStatus> {
    // 503 is not retried here: the caller polls until available, so retrying would only hide progress
    const r = await this.http.exchange("GET", "/api/status", { schema: z.unknown(), expectStatus: [200, 503], acceptText: true, retry: { maxRetries: 0 }, ...o });
    const parsed = KibanaStatusResponse.safeParse(r.data);
    if (parsed.success) return summarizeKibanaStatus(parsed.data, r.status);
    if (r.status === 503) {
      const text = typeof r.data === "string" ? r.data : r.data === undefined ? undefined : JSON.stringify(r.data).slice(0, 200);
      return { level: "unavailable", ...(text ? { summary: text } : {}), httpStatus: 503, redacted: false };
    }
    const issues = parsed.error.issues.map((i) => `${i.path.length ? i.path.map(String).join(".") : "(root)"}: ${i.message}`);
    const excerpt = this.http.redact(typeof r.data === "string" ? r.data : (JSON.stringify(r.data) ?? "")).slice(0, 400);
    throw new ResponseShapeError("GET", "/api/status", issues, excerpt, this.http.service);
  }

  close(): Promise<void> {
    return this.http.close();
  }
}
