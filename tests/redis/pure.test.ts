// Table tests of the pure parts of RedisClusterVersion: bundled DB versions, the database prerequisite and its fix,
// the database target version, master-first order and the plan built from an observation.
import assert from "node:assert/strict";
import {
  bundledDbVersions,
  databasePrerequisite,
  dbTargetVersion,
  IllegalUpgradeError,
  inputSchema,
  masterFirst,
  planUpgrade,
} from "../../provider/resources/redis";
import type { Observation } from "../../provider/resources/redis";

const obs = (versions: string[], master: number | undefined, dbs: [string, string][] = []): Observation => ({
  nodes: versions.map((v, i) => ({ uid: i + 1, addr: `10.0.0.${i + 1}`, version: v, status: "active", role: i + 1 === master ? "master" : "slave" })),
  masterUid: master,
  databases: dbs.map(([name, redis_version], i) => ({ uid: i + 1, name, redis_version, status: "active" as const, module_list: undefined })),
  lowest: [...versions].sort()[0],
  mixed: new Set(versions).size > 1,
});

describe("RedisClusterVersion pure rules", () => {
  it("bundled DB versions follow rs-bundled-db-versions (exact rows, x-lines, nearest lower patch)", () => {
    const cases: [string, string[], string][] = [
      ["6.2.18-70", ["6.0", "6.2"], "6.0"],
      ["7.2.4-92", ["6.0", "6.2", "7.2"], "7.2"],
      ["7.4.2-54", ["6.0", "6.2", "7.2"], "7.2"],
      ["7.8.6-303", ["6.2", "7.2", "7.4"], "7.4"],
      ["7.22.0-95", ["6.2", "7.2", "7.4"], "7.4"],
      ["8.0.6-54", ["6.2", "7.2", "7.4", "8.0", "8.2"], "8.2"],
      ["8.0.12-1", ["6.2", "7.2", "7.4", "8.0", "8.2", "8.4"], "8.4"],
    ];
    for (const [v, db, def] of cases) {
      const b = bundledDbVersions(v);
      assert.deepEqual([...b.db], db, v);
      assert.equal(b.default, def, v);
    }
  });

  it("the prerequisite names each database a hop target does not bundle, with the lowest common fix", () => {
    const blocked = databasePrerequisite(
      [{ uid: 1, name: "legacy", redis_version: "6.0" }, { uid: 2, name: "ok", redis_version: "6.2" }],
      ["7.8.6-303", "7.22.0-95"],
      "6.2.18-70",
    );
    assert.deepEqual(blocked.map((b) => [b.name, b.from, b.to]), [["legacy", "6.0", "6.2"]]);
    assert.match(blocked[0].reason, /not bundled by 7\.8\.6-303, 7\.22\.0-95/);
    assert.deepEqual(databasePrerequisite([{ uid: 1, name: "x", redis_version: "6.0" }], ["7.4.2-54"], "7.2.4-92"), [], "7.4 still bundles 6.0");
  });

  it("database targets: latest, major, explicit (refused when not bundled), never lower", () => {
    const s = (redisVersion: string) => ({ upgrade: "after" as const, redisVersion, preserveRoles: true });
    assert.deepEqual(dbTargetVersion("6.2", s("latest"), "7.22.0-95"), { to: "7.4" });
    assert.deepEqual(dbTargetVersion("6.2", s("major"), "7.22.0-95"), {});
    assert.deepEqual(dbTargetVersion("7.2", s("major"), "7.22.0-95"), { to: "7.4" });
    assert.deepEqual(dbTargetVersion("6.2", s("7.2"), "7.22.0-95"), { to: "7.2" });
    assert.deepEqual(dbTargetVersion("7.4", s("7.2"), "7.22.0-95"), {});
    assert.match(dbTargetVersion("6.2", s("8.0"), "7.22.0-95").error ?? "", /not bundled by 7\.22\.0-95/);
  });

  it("master first, then by uid", () => {
    assert.deepEqual(masterFirst([3, 1, 2], 2), [2, 1, 3]);
    assert.deepEqual(masterFirst([3, 1, 2], undefined), [1, 2, 3]);
    assert.deepEqual(masterFirst([3, 1], 2), [1, 3], "a master that needs nothing does not appear");
  });

  it("plans hops through the matrix, skips nothing the executor must decide, and refuses a node above the target", () => {
    const inputs = inputSchema.parse({ version: "7.22.0-95", databases: { upgrade: "after" } });
    const pic = planUpgrade(inputs, obs(["7.8.6-303", "6.2.18-70", "7.8.6-303"], 3, [["c", "6.2"]]), "rs");
    assert.deepEqual(pic.path, ["6.2.18-70", "7.8.6-303", "7.22.0-95"]);
    assert.deepEqual(pic.nodesToUpgrade, [3, 1, 2]);
    assert.deepEqual(pic.plan!.phases.map((p) => `${p.hop.from}->${p.hop.to}/${p.name}:${p.steps.map((s) => s.target).join(",")}`), [
      "6.2.18-70->7.8.6-303/nodes:3,1,2",
      "7.8.6-303->7.22.0-95/nodes:3,1,2",
      "7.8.6-303->7.22.0-95/databases:db:1",
    ]);
    assert.throws(() => planUpgrade(inputSchema.parse({ version: "7.4.2-54" }), obs(["7.22.0-95", "7.4.2-54"], 1), "rs"), (e: unknown) => e instanceof IllegalUpgradeError && /no_downgrade/.test(e.message));
    const done = planUpgrade(inputSchema.parse({ version: "7.22.0-95" }), obs(["7.22.0-95", "7.22.0-95"], 1), "rs");
    assert.equal(done.plan, undefined);
    assert.deepEqual(done.path, ["7.22.0-95"]);
  });
});
