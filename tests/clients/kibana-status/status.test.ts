// Kibana GET /api/status across the 8.x/9.x shape, the redacted variant, the 7.x format and the starting-up 503.
import * as assert from "assert";
import { ConnectionError, ResponseShapeError } from "../../../provider/clients/errors";
import { KibanaStatusClient, KibanaStatusResponse, summarizeKibanaStatus } from "../../../provider/clients/kibana";
import { SimResponse, SimServer } from "../../sim/common/http";

/** 8.x/9.x full status «synth values; field names from kbn-test ApiResponseStatus / Kibana OAS» */
const STATUS_9 = {
  name: "kibana-0",
  uuid: "5b2de169-2785-441b-ae8c-186a1936b17d",
  version: { number: "9.1.2", build_hash: "0a1b2c3", build_number: 85000, build_snapshot: false, build_flavor: "traditional", build_date: "2025-08-05T10:00:00.000Z" },
  status: {
    overall: { level: "available", summary: "All services and plugins are available" },
    core: { elasticsearch: { level: "available", summary: "Elasticsearch is available" }, savedObjects: { level: "available", summary: "SavedObjects service has completed migrations and is available" } },
    plugins: { fleet: { level: "available", summary: "All services and plugins are available" } },
  },
  metrics: { last_updated: "2025-08-12T10:00:00.000Z", collection_interval_in_millis: 5000 },
};
/** Kibana OAS `core_status_redactedResponse` (verbatim minimal variant, elastic-api-shapes.md §12) */
const REDACTED = { status: { overall: { level: "available" } } };
/** 7.x format (`state: green|yellow|red`) «synth values» */
const STATUS_7 = { name: "kibana", version: { number: "7.17.29", build_hash: "x", build_number: 46000, build_snapshot: false }, status: { overall: { state: "yellow", title: "Yellow", since: "2025-06-24T00:00:00.000Z" }, statuses: [] } };

describe("Kibana status schema", () => {
  it("accepts the 9.x body and reduces it to version and level", () => {
    assert.deepStrictEqual(summarizeKibanaStatus(KibanaStatusResponse.parse(STATUS_9), 200), {
      version: "9.1.2",
      level: "available",
      summary: "All services and plugins are available",
      httpStatus: 200,
      redacted: false,
    });
  });
  it("accepts the redacted variant without a version", () => {
    assert.deepStrictEqual(summarizeKibanaStatus(KibanaStatusResponse.parse(REDACTED), 200), { level: "available", httpStatus: 200, redacted: true });
  });
  it("maps the 7.x state to a level", () => {
    const s = summarizeKibanaStatus(KibanaStatusResponse.parse(STATUS_7), 200);
    assert.strictEqual(s.level, "degraded");
    assert.strictEqual(s.version, "7.17.29");
  });
  it("refuses an unknown level and an overall status with neither level nor state", () => {
    assert.ok(!KibanaStatusResponse.safeParse({ status: { overall: { level: "fine" } } }).success);
    const r = KibanaStatusResponse.safeParse({ status: { overall: { summary: "?" } } });
    assert.ok(!r.success);
    assert.deepStrictEqual(r.error.issues[0].path, ["status", "overall", "level"]);
  });
});

describe("Kibana status client", () => {
  let sim: SimServer;
  let kb: KibanaStatusClient;
  let answer: SimResponse;

  beforeEach(async () => {
    sim = new SimServer({ name: "kibana-fixture" });
    sim.route("GET", "/api/status", () => answer);
    await sim.listen();
    kb = new KibanaStatusClient({ url: sim.url, auth: { kind: "basic", username: "elastic", password: "kibana-pass-123" }, retry: { maxRetries: 3, minDelayMs: 1, maxDelayMs: 5 } });
  });
  afterEach(async () => {
    await kb.close();
    await sim.close();
  });

  it("reads an available Kibana on its version", async () => {
    answer = { status: 200, body: STATUS_9 };
    const s = await kb.status();
    assert.strictEqual(s.version, "9.1.2");
    assert.strictEqual(s.level, "available");
  });

  it("returns an unavailable Kibana's 503 status body as a value, without retrying it", async () => {
    answer = { status: 503, body: { ...STATUS_9, status: { ...STATUS_9.status, overall: { level: "unavailable", summary: "Elasticsearch is not available" } } } };
    const s = await kb.status();
    assert.deepStrictEqual([s.level, s.httpStatus, s.version], ["unavailable", 503, "9.1.2"]);
    assert.strictEqual(sim.count(), 1);
  });

  it("treats the plain-text 'not ready yet' 503 of a starting Kibana as unavailable", async () => {
    answer = { status: 503, body: "Kibana server is not ready yet", raw: true };
    assert.deepStrictEqual(await kb.status(), { level: "unavailable", summary: "Kibana server is not ready yet", httpStatus: 503, redacted: false });
  });

  it("reports a non-status 200 as a shape error naming the endpoint", async () => {
    answer = { status: 200, body: "<html>proxy login</html>", raw: true };
    await assert.rejects(kb.status(), (e: Error) => e instanceof ResponseShapeError && /Kibana GET \/api\/status/.test(e.message));
  });

  it("throws ConnectionError when Kibana is stopped", async () => {
    const url = sim.url;
    await sim.close();
    const stopped = new KibanaStatusClient({ url, auth: { kind: "none" }, retry: { maxRetries: 1, minDelayMs: 1, maxDelayMs: 2 } });
    try {
      await assert.rejects(stopped.status(), (e: Error) => e instanceof ConnectionError && e.message.includes(url));
    } finally {
      await stopped.close();
      await sim.listen();
    }
  });
});
