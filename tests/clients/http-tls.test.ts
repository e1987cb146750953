// TLS verification against a real HTTPS server whose self-signed certificate is generated at test time.
import * as assert from "assert";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as https from "https";
import { AddressInfo } from "net";
import * as os from "os";
import * as path from "path";
import { z } from "zod";
import { TlsError } from "../../provider/clients/errors";
import { createHttpClient, HttpClient } from "../../provider/clients/http";

const Version = z.object({ version: z.object({ number: z.string() }) });

/** a self-signed EC certificate valid for IP 127.0.0.1 (it is its own CA) */
function selfSigned(dir: string, name: string): { key: string; cert: string } {
  const key = path.join(dir, `${name}.key`);
  const cert = path.join(dir, `${name}.crt`);
  execFileSync(
    "openssl",
    ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", key, "-out", cert, "-days", "2", "-subj", `/CN=${name}`, "-addext", "subjectAltName=IP:127.0.0.1"],
    { stdio: "pipe" },
  );
  return { key: fs.readFileSync(key, "utf8"), cert: fs.readFileSync(cert, "utf8") };
}

describe("http client TLS", () => {
  let dir: string;
  let server: https.Server;
  let url: string;
  let served = 0;
  let serverCert: { key: string; cert: string };
  let otherCa: string;
  const clients: HttpClient[] = [];

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "upgrades-tls-"));
    try {
      serverCert = selfSigned(dir, "es-test");
      otherCa = selfSigned(dir, "unrelated-ca").cert;
    } catch (e) {
      throw new Error(`these tests need the openssl CLI to generate a certificate: ${(e as Error).message}`);
    }
    server = https.createServer({ key: serverCert.key, cert: serverCert.cert }, (_req, res) => {
      served++;
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ version: { number: "9.1.2" } }));
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    await Promise.all(clients.map((c) => c.close()));
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  function client(extra: { caCertificate?: string; insecureSkipVerify?: boolean }): HttpClient {
    const c = createHttpClient({ baseUrl: url, auth: { kind: "apiKey", apiKey: "dGxzLXRlc3Qta2V5OnNlY3JldA==" }, service: "Elasticsearch", retry: { maxRetries: 3, minDelayMs: 1, maxDelayMs: 5 }, ...extra });
    clients.push(c);
    return c;
  }

  it("verifies the server with the configured CA", async () => {
    const c = client({ caCertificate: serverCert.cert });
    assert.strictEqual((await c.request("GET", "/", { schema: Version })).version.number, "9.1.2");
    assert.strictEqual(c.insecure, false);
    assert.deepStrictEqual(c.warnings, []);
  });

  it("refuses the self-signed server without the CA, without retrying and without sending the request", async () => {
    const before = served;
    const c = client({});
    try {
      await c.request("GET", "/", { schema: Version });
      assert.fail("expected a TLS failure");
    } catch (e) {
      assert.ok(e instanceof TlsError, `got ${(e as Error).name}: ${(e as Error).message}`);
      assert.match(e.message, /TLS verification failed for Elasticsearch at https:\/\/127\.0\.0\.1/);
      assert.match(e.message, /Set caCertificate/);
      assert.ok(e.code && /SELF_SIGNED|UNABLE_TO_VERIFY/.test(e.code), `code ${e.code}`);
      assert.ok(!e.message.includes("dGxzLXRlc3Qta2V5OnNlY3JldA=="));
    }
    assert.strictEqual(c.counter.retries, 0);
    assert.strictEqual(served, before);
  });

  it("refuses the server when the configured CA did not sign its certificate", async () => {
    const c = client({ caCertificate: otherCa });
    await assert.rejects(c.request("GET", "/", { schema: Version }), (e: Error) => e instanceof TlsError);
  });

  it("accepts any certificate with insecureSkipVerify and reports a warning", async () => {
    const c = client({ insecureSkipVerify: true });
    assert.strictEqual((await c.request("GET", "/", { schema: Version })).version.number, "9.1.2");
    assert.strictEqual(c.insecure, true);
    assert.strictEqual(c.warnings.length, 1);
    assert.match(c.warnings[0], /TLS certificate verification is disabled for https:\/\/127\.0\.0\.1/);
  });
});
