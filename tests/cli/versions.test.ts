import * as assert from "assert";
import * as fs from "fs";
import * as http from "http";
import { AddressInfo } from "net";
import * as os from "os";
import * as path from "path";
import { CliIOCapture, runCli } from "../support/cli";

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = new CliIOCapture();
  const code = await runCli(argv, io);
  assert.doesNotMatch(io.stderr + io.stdout, /\n\s+at .+:\d+:\d+/, "no stack trace");
  return { code, out: io.stdout, err: io.stderr };
}

describe("upgrades check", () => {
  it("exits 0 for an allowed hop, with the exact JSON shape", async () => {
    const r = await cli("check", "elasticsearch", "8.18.0", "9.0.0", "--json");
    assert.strictEqual(r.code, 0);
    assert.deepStrictEqual(JSON.parse(r.out), { product: "elasticsearch", from: "8.18.0", to: "9.0.0", allowed: true, violations: [] });
  });

  it("exits 3 for a refused hop and lists rule + message", async () => {
    const r = await cli("check", "kibana", "9.0.5", "9.1.0", "--json");
    assert.strictEqual(r.code, 3);
    const j = JSON.parse(r.out);
    assert.deepStrictEqual(Object.keys(j), ["product", "from", "to", "allowed", "violations"]);
    assert.strictEqual(j.allowed, false);
    assert.deepStrictEqual(Object.keys(j.violations[0]), ["rule", "message"]);
    assert.strictEqual(j.violations[0].rule, "target_released_after_current");
  });

  it("prints a short human verdict with the fix", async () => {
    const r = await cli("check", "redis-enterprise", "6.2.4-55", "7.8.2-34");
    assert.strictEqual(r.code, 3);
    assert.match(r.out, /^refused: redis-enterprise 6\.2\.4-55 → 7\.8\.2-34\n  ✗ redis_supported_path: .*\n    fix: upgrade to 7\.4\.6-280 first/);
    assert.match((await cli("check", "elasticsearch", "9.1.2", "9.1.2")).out, /no-op: elasticsearch is already on 9\.1\.2/);
    assert.match((await cli("check", "elasticsearch", "9.1.2", "9.2.0")).out, /^allowed: elasticsearch 9\.1\.2 → 9\.2\.0/);
  });

  it("applies --adjacent and --allow-prerelease", async () => {
    assert.strictEqual((await cli("check", "elasticsearch", "8.10.0", "8.12.0")).code, 0);
    assert.strictEqual((await cli("check", "elasticsearch", "8.10.0", "8.12.0", "--adjacent")).code, 3);
    assert.strictEqual((await cli("check", "elasticsearch", "8.18.0", "9.0.0-rc1")).code, 3);
    assert.strictEqual((await cli("check", "elasticsearch", "8.18.0", "9.0.0-rc1", "--allow-prerelease")).code, 0);
  });

  const bad: [string[], RegExp][] = [
    [["check", "opensearch", "2.0.0", "2.1.0"], /unknown product "opensearch": use one of elasticsearch, kibana, redis-enterprise/],
    [["check", "elasticsearch", "9.1", "9.2.0"], /elasticsearch version "9\.1" is malformed: expected MAJOR\.MINOR\.PATCH/],
    [["check", "elasticsearch", "9.5.2", "9.6.0"], /9\.6\.0 is not in the release catalog.*--catalog FILE/],
    [["check", "elasticsearch", "9.5.2"], /expected <product> <from> <to>, got 2/],
    [["check", "elasticsearch", "9.5.1", "9.5.2", "--frob"], /unknown option --frob/],
    [["check", "elasticsearch", "9.5.1", "9.5.2", "--catalog"], /--catalog needs a value/],
    [["check", "elasticsearch", "9.5.1", "9.5.2", "--catalog", "/nonexistent/cat.json"], /cannot read the file \(ENOENT\)/],
  ];
  for (const [argv, msg] of bad) {
    it(`exits 2 without a stack trace: ${argv.join(" ")}`, async () => {
      const r = await cli(...argv);
      assert.strictEqual(r.code, 2);
      assert.match(r.err, msg);
    });
  }

  it("--help prints the usage", async () => {
    const r = await cli("check", "--help");
    assert.strictEqual(r.code, 0);
    assert.match(r.out, /usage: upgrades check <product> <from> <to>/);
  });
});

describe("upgrades path", () => {
  it("exits 0 with the whole path in the exact JSON shape", async () => {
    const r = await cli("path", "elasticsearch", "7.10.2", "9.1.0", "--json");
    assert.strictEqual(r.code, 0);
    const j = JSON.parse(r.out);
    assert.deepStrictEqual(Object.keys(j), ["product", "from", "to", "path", "hops", "violations"]);
    assert.deepStrictEqual(j.path, ["7.10.2", "7.17.29", "8.19.0", "9.1.0"]);
    assert.deepStrictEqual(j.hops.map((h: { from: string; to: string }) => [h.from, h.to]), [["7.10.2", "7.17.29"], ["7.17.29", "8.19.0"], ["8.19.0", "9.1.0"]]);
    assert.deepStrictEqual(Object.keys(j.hops[0]), ["from", "to", "reason"]);
    assert.deepStrictEqual(j.violations, []);
  });

  it("exits 3 with path null and the blocking rules when there is none", async () => {
    const r = await cli("path", "elasticsearch", "7.17.29", "8.18.2", "--json");
    assert.strictEqual(r.code, 3);
    const j = JSON.parse(r.out);
    assert.strictEqual(j.path, null);
    assert.deepStrictEqual(j.hops, []);
    assert.strictEqual(j.violations[0].rule, "target_released_after_current");
    assert.deepStrictEqual(Object.keys(j.violations[0]), ["rule", "message"]);
    const human = await cli("path", "elasticsearch", "7.17.29", "8.18.2");
    assert.match(human.out, /^no path: elasticsearch 7\.17\.29 → 8\.18\.2\n  ✗ target_released_after_current: .*\n    fix: target 8\.18\.3 or later/);
  });

  it("prints numbered hops with reasons", async () => {
    const r = await cli("path", "redis-enterprise", "6.2.4-55", "8.2.0-46");
    assert.strictEqual(r.code, 0);
    assert.match(r.out, /^redis-enterprise: 6\.2\.4-55 → 7\.4\.6-280 → 8\.2\.0-46 \(2 hops\)\n  1\. 6\.2\.4-55 → 7\.4\.6-280: /);
  });

  it("exits 2 on bad input", async () => {
    assert.strictEqual((await cli("path", "redis-enterprise", "7.4.x", "8.2.0-46")).code, 2);
    assert.strictEqual((await cli("path", "fleet-package", "1.0.0", "1.1.0")).code, 2);
  });

  it("uses --catalog FILE to reach versions newer than the bundled data", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "upgrades-cli-"));
    try {
      const file = path.join(dir, "extra.json");
      fs.writeFileSync(file, JSON.stringify([{ version: "9.6.0", date: "2026-09-15" }]));
      const r = await cli("path", "elasticsearch", "8.19.20", "9.6.0", "--catalog", file, "--json");
      assert.strictEqual(r.code, 0);
      assert.deepStrictEqual(JSON.parse(r.out).path, ["8.19.20", "9.6.0"]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("upgrades catalog update", () => {
  let server: http.Server;
  let base = "";
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "upgrades-feed-"));
  const requests: string[] = [];
  const feed = {
    releases: {},
    versions: {
      "9.6.0": { name: "9.6.0", date: "2026-09-15" },
      "9.6.0-rc1": { name: "9.6.0-rc1", date: "2026-09-01" },
      "9.5.2": { name: "9.5.2", date: "2026-08-20" },
    },
  };

  before(async () => {
    server = http.createServer((req, res) => {
      requests.push(req.url ?? "");
      if (req.url === "/releases.json") {
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(feed));
      } else if (req.url === "/html") {
        res.writeHead(200, { "content-type": "text/html" }).end("<html>nope</html>");
      } else {
        res.writeHead(503).end("down");
      }
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    await new Promise<void>((r) => server.close(() => r()));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("fetches release data, writes a catalog file that check/path accept", async () => {
    const out = path.join(dir, "catalog.json");
    const r = await cli("catalog", "update", "--out", out, "--url", `${base}/releases.json`);
    assert.strictEqual(r.code, 0, r.err);
    assert.match(r.out, /wrote 2 elasticsearch releases .*\(1 not in the bundled catalog; newest 9\.6\.0, GA 2026-09-15\)/);
    assert.deepStrictEqual(requests.slice(-1), ["/releases.json"]);
    const written = JSON.parse(fs.readFileSync(out, "utf8"));
    assert.deepStrictEqual(written.releases, [{ version: "9.5.2", date: "2026-08-20" }, { version: "9.6.0", date: "2026-09-15" }]);
    assert.strictEqual(written.source, `${base}/releases.json`);
    assert.strictEqual((await cli("check", "elasticsearch", "9.5.2", "9.6.0", "--catalog", out)).code, 0);
  });

  it("fails with exit 1 and writes nothing on an HTTP error or a non-JSON body", async () => {
    const out = path.join(dir, "never.json");
    const e1 = await cli("catalog", "update", "--out", out, "--url", `${base}/down`);
    assert.strictEqual(e1.code, 1);
    assert.match(e1.err, /answered HTTP 503; nothing was written/);
    const e2 = await cli("catalog", "update", "--out", out, "--url", `${base}/html`);
    assert.strictEqual(e2.code, 1);
    assert.match(e2.err, /did not return JSON/);
    assert.strictEqual(fs.existsSync(out), false);
  });

  it("fails clearly when offline (connection refused), and the bundled catalog still works", async () => {
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, "127.0.0.1", r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const out = path.join(dir, "offline.json");
    const r = await cli("catalog", "update", "--out", out, "--url", `http://127.0.0.1:${port}/releases.json`);
    assert.strictEqual(r.code, 1);
    assert.match(r.err, /could not reach http:\/\/127\.0\.0\.1:\d+\/releases\.json \(ECONNREFUSED\); are you offline\?/);
    assert.strictEqual(fs.existsSync(out), false);
    assert.strictEqual((await cli("check", "elasticsearch", "9.5.1", "9.5.2")).code, 0);
  });

  it("exits 2 on bad usage", async () => {
    assert.match((await cli("catalog", "update")).err, /--out FILE is required/);
    assert.strictEqual((await cli("catalog", "update")).code, 2);
    assert.strictEqual((await cli("catalog", "refresh", "--out", "x")).code, 2);
    assert.strictEqual((await cli("catalog", "update", "--out", "x", "--url", "ftp://x")).code, 2);
    assert.strictEqual((await cli("catalog", "update", "--out", "x", "--product", "redis-enterprise")).code, 2);
  });
});
