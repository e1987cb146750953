// Reproductions of bugs found while writing the reliability suite, kept OUT of `npm test` (the file name does not
// match *.test.js) so CI stays green until the owners fix them. Run them with:
//   npx tsc -p . && npx mocha --no-config --timeout 20000 dist/tests/reliability/known-bugs.repro.js
// Once one passes, move it into the matching *.test.ts of this folder.
import { strict as assert } from "assert";
import * as http from "http";
import type { AddressInfo } from "net";
import { ElasticsearchClient } from "../../provider/clients/elasticsearch";
import { RequestTimeoutError } from "../../provider/clients/errors";

describe("known bugs (reproductions, not part of npm test)", function () {
  this.timeout(20_000);

  // provider/clients/http.ts: `bodyTimeout` bounds only the GAPS between body chunks; nothing bounds the whole body.
  // A server that trickles one byte every 300 ms keeps a request open forever (until 64 MiB arrive, i.e. never).
  it("slow drip: a body trickling 1 byte / 300 ms ends with RequestTimeoutError within the timeout", async () => {
    const server = http.createServer((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.write("{");
      const t = setInterval(() => (res.destroyed ? clearInterval(t) : res.write(" ")), 300);
      res.on("close", () => clearInterval(t));
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const client = new ElasticsearchClient({ url, auth: { kind: "none" }, timeoutMs: 1000, retry: { maxRetries: 0 } });
    let timer: NodeJS.Timeout | undefined;
    try {
      const guard = new Promise<never>((_, rej) => (timer = setTimeout(() => rej(new Error("HANG: still reading the body after 6 s")), 6000)));
      const e = await Promise.race([client.info(), guard]).then(() => undefined, (x: unknown) => x);
      assert.ok(e instanceof RequestTimeoutError, `expected RequestTimeoutError, got ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      clearTimeout(timer);
      server.closeAllConnections();
      server.close();
      await client.http.close();
    }
  });
});
