// `npm run sim` (dist/tests/sim/main.js): prints one JSON line, serves the default world, stops on SIGTERM.
import * as assert from "assert";
import { spawn } from "child_process";
import { mkdtempSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import * as path from "path";
import { call } from "./helpers";

const MAIN = path.join(__dirname, "..", "sim", "main.js");

function runSim(args: string[]): Promise<{ line: Record<string, any>; stop: () => Promise<number | null> }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MAIN, ...args], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stderr.on("data", (d) => (err += d));
    child.on("exit", (code) => reject(new Error(`sim exited ${code} before printing: ${err}`)));
    child.stdout.on("data", (d) => {
      out += d;
      const nl = out.indexOf("\n");
      if (nl < 0) return;
      child.removeAllListeners("exit");
      resolve({
        line: JSON.parse(out.slice(0, nl)),
        stop: () =>
          new Promise((res) => {
            child.on("exit", (code) => res(code));
            child.kill("SIGTERM");
          }),
      });
    });
  });
}

describe("npm run sim", () => {
  it("starts the default world, prints one JSON line with URLs and credentials, stops cleanly on SIGTERM", async () => {
    const { line, stop } = await runSim(["--time-scale", "0.001"]);
    try {
      assert.strictEqual(line.timeScale, 0.001);
      const auth = `ApiKey ${line.elasticsearch.apiKey}`;
      const nodes = (await call(line.elasticsearch.url, "GET", "/_cat/nodes?format=json&h=name,version,node.role", { auth })).body as { name: string; version: string; "node.role": string }[];
      assert.strictEqual(nodes.length, 7);
      assert.deepStrictEqual([...new Set(nodes.map((n) => n.version))], ["8.17.3"]);
      const roles = nodes.map((n) => n["node.role"]).sort();
      assert.deepStrictEqual(roles, ["f", "hirst", "hirst", "m", "m", "m", "w"]);
      const basic = `Basic ${Buffer.from(`${line.elasticsearch.username}:${line.elasticsearch.password}`).toString("base64")}`;
      assert.strictEqual((await call(line.elasticsearch.url, "GET", "/_cluster/health", { auth: basic })).body.status, "green");
      assert.strictEqual((await call(line.kibana.url, "GET", "/api/status", { auth })).body.version.number, "8.17.3");
      const dep = await call(line.cloud.url, "GET", `/deployments/${line.cloud.deploymentIds[0]}`, { auth: `ApiKey ${line.cloud.apiKey}` });
      assert.strictEqual(dep.body.resources.elasticsearch[0].info.plan_info.current.plan.elasticsearch.version, "8.17.3");
      assert.strictEqual((await call(line.controlUrl, "GET", "/_sim/state")).status, 200);
      assert.strictEqual(line.scripts.env.UPGRADES_SIM_CONTROL_URL, line.controlUrl);
    } finally {
      assert.strictEqual(await stop(), 0);
    }
  });

  it("--config FILE replaces the default world; bad flags exit 2", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "sim-"));
    const file = path.join(dir, "world.json");
    writeFileSync(file, JSON.stringify({ timeScale: 0.01, elasticsearch: { version: "8.19.2", nodes: [{ name: "solo", roles: ["master", "data"] }] } }));
    const { line, stop } = await runSim(["--config", file]);
    try {
      assert.strictEqual(line.kibana, undefined);
      const root = await call(line.elasticsearch.url, "GET", "/", { auth: `ApiKey ${line.elasticsearch.apiKey}` });
      assert.strictEqual(root.body.version.number, "8.19.2");
      assert.strictEqual(root.body.name, "solo");
    } finally {
      assert.strictEqual(await stop(), 0);
    }
    await assert.rejects(runSim(["--bogus"]), /exited 2/);
  });
});

describe("startSim plugins", () => {
  it("starts a plugged-in simulator with its own config section and stops it", async () => {
    const { startSim } = await import("../sim/index");
    let stopped = false;
    let seen: unknown;
    const sim = await startSim(
      { timeScale: 0.001, redis: { nodes: 3 } },
      {
        plugins: {
          redis: async (cfg, ctx) => {
            seen = { cfg, scale: ctx.timeScale };
            return { url: "http://127.0.0.1:1", summary: { username: "admin" }, stop: async () => void (stopped = true) };
          },
        },
      },
    );
    assert.deepStrictEqual(seen, { cfg: { nodes: 3 }, scale: 0.001 });
    assert.deepStrictEqual(sim.summary().redis, { url: "http://127.0.0.1:1", username: "admin" });
    assert.strictEqual(sim.elasticsearch, undefined);
    await sim.stop();
    assert.strictEqual(stopped, true);
  });
});
