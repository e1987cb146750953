// The state of a simulated Redis Enterprise Software cluster: nodes (software_version, addr, status, shards,
// the master role), databases (redis_version, shards, upgrade actions), the installer that upgrades one node
// (stop → install → start, in scaled time, refusing like install.sh when the cluster is not healthy), and the
// domain faults. The REST rendering follows the field names of redis.md §1c.
import { SimClock } from "../common/clock";
import { RedisFaultSpec, RedisSimConfig } from "./config";
import {
  bundledDbVersions,
  compareRsVersions,
  isSupportedHop,
  parseRsVersion,
  REDIS_FULL_VERSION,
  supportedDatabaseVersions,
} from "./versions";

export type NodeStatus = "active" | "down" | "decommissioning" | "provisioning";

export interface SimNode {
  uid: number;
  addr: string;
  hostname: string;
  software_version: string;
  status: NodeStatus;
  /** first failing check of this node (as `GET /v1/nodes/check/{uid}` reports it), or undefined when it passes */
  checkError?: string;
  /** real ms timestamp of the last start (uptime is reported in simulated seconds) */
  startedAt: number;
}

export interface SimShard {
  uid: number;
  bdb_uid: number;
  node_uid: number;
  role: "master" | "slave";
}

export interface SimDatabase {
  uid: number;
  name: string;
  redis_version: string;
  status: "active" | "active-change-pending" | "pending" | "recovery";
  shards_count: number;
  replication: boolean;
  port: number;
  action_uid?: string;
  created_time: string;
  last_changed_time: string;
}

export type ActionStatus = "pending" | "active" | "completed" | "failed";

export interface SimAction {
  action_uid: string;
  name: string;
  object_name: string;
  bdb_uid: number;
  status: ActionStatus;
  state: string;
  progress: number;
  heartbeat: number;
  target_redis_version: string;
  error?: string;
}

export type HistoryKind =
  | "install_started"
  | "install_refused"
  | "node_stopped"
  | "node_installed"
  | "node_started"
  | "install_completed"
  | "install_failed"
  | "install_hung"
  | "install_released"
  | "master_moved"
  | "node_check_failed"
  | "bdb_upgrade_started"
  | "bdb_upgrade_completed"
  | "bdb_upgrade_failed";

export interface HistoryEvent {
  /** real ms since the simulator started */
  at: number;
  kind: HistoryKind;
  node?: number;
  bdb?: number;
  from?: string;
  to?: string;
  detail?: string;
}

export type InstallRefusal = "cluster_unhealthy" | "upgrade_running" | "downgrade" | "unsupported_path" | "db_version_unsupported";

export type InstallOutcome =
  | { ok: true; node_uid: number; from_version: string; to_version: string; node_status: NodeStatus; noop: boolean }
  | { ok: false; kind: "refused"; reason: InstallRefusal; message: string }
  | { ok: false; kind: "failed"; message: string; phase: "precheck" | "after_stop" }
  | { ok: false; kind: "released" | "stopped"; message: string }
  | { ok: false; kind: "not_found" | "bad_request"; message: string };

export type RestError = { status: number; error_code: string; description: string };

interface ActiveFault {
  id: number;
  spec: RedisFaultSpec;
  left: number;
  /** completed installs when a master_moves fault was added */
  baseUpgrades: number;
}

const DEFAULT_CHECK_ERROR = "process alert_mgr is not running or not responding ([Errno 111] Connection refused)";
const DOWN_CHECK_ERROR = "process cnm_http is not running or not responding ([Errno 111] Connection refused)";

export class RedisSimStoppedError extends Error {
  constructor() {
    super("the Redis Enterprise simulator was stopped; start a new one");
    this.name = "RedisSimStoppedError";
  }
}

export class RedisSimState {
  readonly clusterName: string;
  readonly nodes: SimNode[] = [];
  readonly databases: SimDatabase[] = [];
  readonly shards: SimShard[] = [];
  readonly actions = new Map<string, SimAction>();
  readonly history: HistoryEvent[] = [];
  masterUid: number;
  upgradeMode = false;
  /** uid of the node whose installer is running, if any */
  installing?: number;
  completedUpgrades = 0;
  readonly clock: SimClock;
  private faults: ActiveFault[] = [];
  private nextFaultId = 1;
  private nextActionSeq = 1;
  private readonly t0 = Date.now();
  private readonly createdTime: string;
  private readonly aborter = new AbortController();
  /** releases every hung installer (fault cleared); replaced after each release */
  private hangRelease = new AbortController();
  private readonly pending = new Set<Promise<unknown>>();

  constructor(readonly config: RedisSimConfig) {
    this.clock = new SimClock(config.timeScale);
    this.clusterName = config.clusterName;
    this.createdTime = new Date(this.t0 - 86_400_000).toISOString().replace(/\.\d{3}Z$/, "Z");
    const versions = config.nodes.versions ?? Array.from({ length: config.nodes.count }, () => config.nodes.version);
    versions.forEach((v, i) => {
      this.nodes.push({
        uid: i + 1,
        addr: `10.0.0.${11 + i}`,
        hostname: `rs-node-${i + 1}`,
        software_version: v,
        status: "active",
        startedAt: this.t0,
      });
    });
    const master = config.nodes.master ?? 1;
    if (!this.nodes.some((n) => n.uid === master)) {
      throw new Error(`nodes.master ${master} is not one of the ${this.nodes.length} simulated nodes; pick 1..${this.nodes.length}`);
    }
    this.masterUid = master;
    let shardUid = 1;
    config.databases.forEach((d, i) => {
      const uid = i + 1;
      this.databases.push({
        uid,
        name: d.name,
        redis_version: d.redis_version,
        status: "active",
        shards_count: d.shards,
        replication: d.replication,
        port: 12000 + uid,
        created_time: this.createdTime,
        last_changed_time: this.createdTime,
      });
      for (let k = 0; k < d.shards; k++) {
        const home = this.nodes[(i + k) % this.nodes.length].uid;
        this.shards.push({ uid: shardUid++, bdb_uid: uid, node_uid: home, role: "master" });
        if (d.replication && this.nodes.length > 1) {
          const other = this.nodes[(i + k + 1) % this.nodes.length].uid;
          this.shards.push({ uid: shardUid++, bdb_uid: uid, node_uid: other, role: "slave" });
        }
      }
    });
    for (const f of config.faults) this.addFault(f);
  }

  // ---------- observation helpers ----------

  node(uid: number): SimNode | undefined {
    return this.nodes.find((n) => n.uid === uid);
  }

  database(uid: number): SimDatabase | undefined {
    return this.databases.find((d) => d.uid === uid);
  }

  get master(): SimNode {
    return this.node(this.masterUid) as SimNode;
  }

  /** Distinct node versions, lowest first. */
  versions(): string[] {
    return [...new Set(this.nodes.map((n) => n.software_version))].sort(compareRsVersions);
  }

  isMixed(): boolean {
    return this.versions().length > 1;
  }

  /** The effective cluster version: the lowest node version [inferred, redis.md §1c: no cluster version field]. */
  clusterVersion(): string {
    return this.versions()[0];
  }

  /** The version answering the REST API: the master's (the cluster FQDN resolves to the master) [inferred]. */
  apiVersion(): string {
    return this.master.software_version;
  }

  nodeCheck(uid: number): { result: boolean; error?: string } {
    const n = this.node(uid);
    if (!n) return { result: false, error: "node not found" };
    if (n.status !== "active") return { result: false, error: DOWN_CHECK_ERROR };
    if (n.checkError) return { result: false, error: n.checkError };
    return { result: true };
  }

  clusterHealthy(): boolean {
    return this.nodes.every((n) => this.nodeCheck(n.uid).result);
  }

  uptimeSeconds(n: SimNode): number {
    if (n.status !== "active") return 0;
    return Math.floor((Date.now() - n.startedAt) / this.config.timeScale / 1000);
  }

  private record(ev: Omit<HistoryEvent, "at">): void {
    this.history.push({ at: Date.now() - this.t0, ...ev });
  }

  // ---------- the master role ----------

  /** Moves the master role. Without `to`, the lowest-uid active node other than the current master takes it. */
  moveMaster(to?: number, reason = "moved"): number | undefined {
    const target =
      to !== undefined
        ? this.node(to)
        : this.nodes.find((n) => n.uid !== this.masterUid && n.status === "active");
    if (!target || target.uid === this.masterUid) return undefined;
    const from = this.masterUid;
    this.masterUid = target.uid;
    this.record({ kind: "master_moved", node: target.uid, detail: `${reason}: node ${from} → node ${target.uid}` });
    return target.uid;
  }

  private stopNode(n: SimNode): void {
    n.status = "down";
    this.record({ kind: "node_stopped", node: n.uid, from: n.software_version });
    // The role moves when the master's processes stop (redis.md §1b "Why master first").
    if (n.uid === this.masterUid) this.moveMaster(undefined, "master node stopped");
  }

  private startNode(n: SimNode): void {
    n.status = "active";
    n.startedAt = Date.now();
    this.record({ kind: "node_started", node: n.uid, to: n.software_version });
  }

  /** Control: stop a node's services now (as `supervisorctl stop all` would). */
  controlStop(uid: number): boolean {
    const n = this.node(uid);
    if (!n) return false;
    if (n.status !== "down") this.stopNode(n);
    return true;
  }

  /** Control: start a down node now (clears `node_never_returns`). */
  controlStart(uid: number): boolean {
    const n = this.node(uid);
    if (!n) return false;
    if (n.status !== "active") this.startNode(n);
    return true;
  }

  /** Control: make a node's check fail now (as a crashed service would), until repaired. */
  controlFailCheck(uid: number, error?: string): boolean {
    const n = this.node(uid);
    if (!n) return false;
    n.checkError = error ?? DEFAULT_CHECK_ERROR;
    this.record({ kind: "node_check_failed", node: uid, detail: n.checkError });
    return true;
  }

  /** Control: fix a node whose checks fail, starting it when down. */
  controlRepair(uid: number): boolean {
    const n = this.node(uid);
    if (!n) return false;
    n.checkError = undefined;
    if (n.status !== "active") this.startNode(n);
    return true;
  }

  // ---------- faults ----------

  addFault(spec: RedisFaultSpec): number {
    const id = this.nextFaultId++;
    this.faults.push({ id, spec, left: spec.times ?? 1, baseUpgrades: this.completedUpgrades });
    this.fireMasterMoves();
    return id;
  }

  listFaults(): { id: number; left: number; spec: RedisFaultSpec }[] {
    return this.faults.map((f) => ({ id: f.id, left: f.left, spec: f.spec }));
  }

  removeFault(id: number): boolean {
    const before = this.faults.length;
    this.faults = this.faults.filter((f) => f.id !== id);
    if (!this.faults.some((f) => f.spec.kind === "install_hangs")) this.releaseHungInstalls();
    return this.faults.length < before;
  }

  /** Removes every domain fault and releases hung installers (nodes already affected stay as they are). */
  clearFaults(): void {
    this.faults = [];
    this.releaseHungInstalls();
  }

  private releaseHungInstalls(): void {
    this.hangRelease.abort(new Error("released"));
    this.hangRelease = new AbortController();
  }

  /** consumes one firing of the first fault of `kind` that matches `match` */
  private takeFault<K extends RedisFaultSpec["kind"]>(
    kind: K,
    match: (spec: Extract<RedisFaultSpec, { kind: K }>) => boolean,
  ): Extract<RedisFaultSpec, { kind: K }> | undefined {
    for (const f of this.faults) {
      if (f.spec.kind !== kind || f.left <= 0) continue;
      const spec = f.spec as Extract<RedisFaultSpec, { kind: K }>;
      if (!match(spec)) continue;
      f.left--;
      if (f.left <= 0) this.faults = this.faults.filter((x) => x.id !== f.id);
      return spec;
    }
    return undefined;
  }

  private fireMasterMoves(): void {
    for (const f of [...this.faults]) {
      if (f.spec.kind !== "master_moves" || f.left <= 0) continue;
      if (this.completedUpgrades - f.baseUpgrades < (f.spec.afterUpgrades ?? 1)) continue;
      f.left--;
      f.baseUpgrades = this.completedUpgrades;
      if (f.left <= 0) this.faults = this.faults.filter((x) => x.id !== f.id);
      this.moveMaster(f.spec.to, "unexpected failover (fault)");
    }
  }

  // ---------- the installer (install.sh -y on one node) ----------

  private refuse(reason: InstallRefusal, message: string, uid: number, to: string): InstallOutcome {
    this.record({ kind: "install_refused", node: uid, to, detail: `${reason}: ${message}` });
    return { ok: false, kind: "refused", reason, message };
  }

  /**
   * Upgrades one node to `version`: pre-checks (the cluster must be healthy apart from this node being down
   * from an earlier failed run; one installer at a time; no downgrade; the hop must be on the supported path;
   * every database must run a Redis version the target bundles), then stop → install → start in scaled time.
   * Resolves when the installer would exit. The refusal rules beyond "cluster healthy" are [inferred].
   */
  async upgradeNode(uid: number, version: string, addr?: string): Promise<InstallOutcome> {
    const n = this.node(uid);
    if (!n) return { ok: false, kind: "not_found", message: `node ${uid} does not exist in the cluster` };
    if (addr !== undefined && addr !== n.addr) {
      return { ok: false, kind: "bad_request", message: `node ${uid} has address ${n.addr}, not ${addr}; pass the node's own address` };
    }
    if (this.installing !== undefined) {
      return this.refuse("upgrade_running", `an upgrade is already running on node ${this.installing}; upgrade one node at a time`, uid, version);
    }
    const from = n.software_version;
    const cmp = compareRsVersions(version, from);
    if (cmp < 0) return this.refuse("downgrade", `node ${uid} runs ${from}; downgrading to ${version} is not supported`, uid, version);
    if (cmp === 0 && n.status === "active") {
      return { ok: true, node_uid: uid, from_version: from, to_version: version, node_status: n.status, noop: true };
    }
    const unhealthy = this.nodes
      .filter((o) => o.uid !== uid || o.status === "active")
      .map((o) => ({ o, c: this.nodeCheck(o.uid) }))
      .filter((x) => !x.c.result)
      .map((x) => `node ${x.o.uid}: ${x.o.status !== "active" ? x.o.status : x.c.error}`);
    const busy = this.databases.filter((d) => d.status !== "active").map((d) => `database ${d.uid} (${d.name}) is ${d.status}`);
    if (unhealthy.length + busy.length > 0) {
      return this.refuse(
        "cluster_unhealthy",
        `the cluster is not healthy (${[...unhealthy, ...busy].join("; ")}); run rlcheck and rladmin status extra all, fix every item that is not OK, then rerun install.sh`,
        uid,
        version,
      );
    }
    if (cmp > 0 && !isSupportedHop(from, version)) {
      return this.refuse("unsupported_path", `upgrading from ${from} to ${version} is not a supported path; upgrade through an intermediate version`, uid, version);
    }
    const bundled = bundledDbVersions(version).db;
    const stranded = this.databases.filter((d) => !bundled.includes(d.redis_version));
    if (stranded.length > 0) {
      return this.refuse(
        "db_version_unsupported",
        `${stranded.map((d) => `database ${d.uid} (${d.name}) runs Redis ${d.redis_version}`).join(", ")}, which ${version} does not bundle (${bundled.join(", ")}); upgrade those databases first`,
        uid,
        version,
      );
    }
    const run = this.runInstall(n, from, version);
    this.pending.add(run);
    try {
      return await run;
    } finally {
      this.pending.delete(run);
    }
  }

  private async runInstall(n: SimNode, from: string, to: string): Promise<InstallOutcome> {
    const uid = n.uid;
    const t = this.config.timings;
    const matchNode = (s: { node?: number }) => s.node === undefined || s.node === uid;
    this.installing = uid;
    this.upgradeMode = true;
    this.record({ kind: "install_started", node: uid, from, to });
    const fail = this.takeFault("install_fails", matchNode);
    const hang = this.takeFault("install_hangs", matchNode);
    const signal = AbortSignal.any([this.aborter.signal, this.hangRelease.signal]);
    try {
      if (fail && (fail.phase ?? "precheck") === "precheck") return this.failInstall(uid, fail.message, "precheck");
      if (hang && (hang.phase ?? "precheck") === "precheck") return await this.hang(uid, signal);
      if (n.status !== "down") this.stopNode(n);
      if (fail) return this.failInstall(uid, fail.message, "after_stop");
      if (hang) return await this.hang(uid, signal);
      await this.clock.sleep(t.stopMs, this.aborter.signal);
      await this.clock.sleep(t.installMs, this.aborter.signal);
      n.software_version = to;
      this.record({ kind: "node_installed", node: uid, from, to });
      await this.clock.sleep(t.startMs, this.aborter.signal);
      if (this.takeFault("node_never_returns", matchNode)) {
        this.record({ kind: "node_started", node: uid, detail: "services did not come back (fault node_never_returns)" });
      } else {
        this.startNode(n);
      }
      const checkFault = this.takeFault("node_check_fails_after_upgrade", matchNode);
      if (checkFault) {
        n.checkError = checkFault.error ?? DEFAULT_CHECK_ERROR;
        this.record({ kind: "node_check_failed", node: uid, detail: n.checkError });
      }
      this.upgradeMode = false;
      this.installing = undefined;
      this.completedUpgrades++;
      this.record({ kind: "install_completed", node: uid, from, to });
      this.fireMasterMoves();
      return { ok: true, node_uid: uid, from_version: from, to_version: to, node_status: n.status, noop: false };
    } catch {
      this.installing = undefined;
      if (this.aborter.signal.aborted) return { ok: false, kind: "stopped", message: "the simulator stopped while the installer ran" };
      this.record({ kind: "install_released", node: uid });
      return { ok: false, kind: "released", message: "the hung installer was released (fault cleared); it exits without upgrading" };
    }
  }

  private failInstall(uid: number, message: string | undefined, phase: "precheck" | "after_stop"): InstallOutcome {
    // A failed run leaves upgrade mode enabled (install.sh may be rerun since 6.4.2-30, RS77319) [inferred].
    this.installing = undefined;
    const text = message ?? `Error: upgrade failed on node ${uid} (${phase === "precheck" ? "pre-upgrade checks" : "package installation"}); see /var/opt/redislabs/log/install.log`;
    this.record({ kind: "install_failed", node: uid, detail: `${phase}: ${text}` });
    return { ok: false, kind: "failed", message: text, phase };
  }

  private async hang(uid: number, signal: AbortSignal): Promise<never> {
    this.record({ kind: "install_hung", node: uid });
    await new Promise<void>((_resolve, reject) => {
      if (signal.aborted) return reject(signal.reason);
      signal.addEventListener("abort", () => reject(signal.reason), { once: true });
    });
    throw new Error("unreachable");
  }

  // ---------- database upgrades (POST /v1/bdbs/{uid}/upgrade) ----------

  upgradeDatabase(bdbUid: number, requested?: string): { ok: true; bdb: SimDatabase } | { ok: false; error: RestError } {
    const d = this.database(bdbUid);
    if (!d) return { ok: false, error: { status: 404, error_code: "db_not_exist", description: `database ${bdbUid} does not exist` } };
    if (this.isMixed() || this.installing !== undefined) {
      // Databases can be upgraded only after all nodes are upgraded (upgrade-database.md); the code is [constructed].
      return {
        ok: false,
        error: {
          status: 400,
          error_code: "cluster_upgrade_in_progress",
          description: `nodes run mixed versions (${this.versions().join(", ")}); upgrade every node before upgrading databases`,
        },
      };
    }
    if (d.status !== "active" || d.action_uid) {
      return { ok: false, error: { status: 409, error_code: "bdb_busy", description: `database ${bdbUid} is ${d.status}; wait for its action to finish` } };
    }
    const bundled = bundledDbVersions(this.clusterVersion());
    const target = requested ?? bundled.default;
    if (!bundled.db.includes(target)) {
      return {
        ok: false,
        error: {
          status: 400,
          error_code: "invalid_redis_version",
          description: `redis_version ${target} is not bundled with ${this.clusterVersion()} (${bundled.db.join(", ")})`,
        },
      };
    }
    if (compareDb(target, d.redis_version) < 0) {
      return { ok: false, error: { status: 400, error_code: "invalid_redis_version", description: `database ${bdbUid} runs ${d.redis_version}; ${target} would be a downgrade` } };
    }
    const action: SimAction = {
      action_uid: simUuid(this.nextActionSeq++),
      name: "SMUpgradeBDB",
      object_name: `bdb:${d.uid}`,
      bdb_uid: d.uid,
      status: "active",
      state: "init",
      progress: 0,
      heartbeat: Math.floor(Date.now() / 1000),
      target_redis_version: target,
    };
    this.actions.set(action.action_uid, action);
    d.action_uid = action.action_uid;
    d.status = "active-change-pending";
    this.record({ kind: "bdb_upgrade_started", bdb: d.uid, from: d.redis_version, to: target });
    const failing = this.takeFault("bdb_upgrade_fails", (s) => s.bdb === undefined || s.bdb === d.uid);
    const run = this.runDbUpgrade(d, action, failing ? (failing.error ?? "") : undefined).catch(() => undefined);
    this.pending.add(run);
    void run.finally(() => this.pending.delete(run));
    return { ok: true, bdb: d };
  }

  private async runDbUpgrade(d: SimDatabase, a: SimAction, failWith?: string): Promise<void> {
    // `rladmin upgrade db` shows SMUpgradeBDB init → wait_for_version → configure_shards → completed.
    const steps: [string, number][] = [
      ["wait_for_version", 33.3],
      ["configure_shards", 66.7],
    ];
    for (const [state, progress] of steps) {
      await this.clock.sleep(this.config.timings.dbUpgradeStepMs, this.aborter.signal);
      a.state = state;
      a.progress = progress;
      a.heartbeat = Math.floor(Date.now() / 1000);
      if (failWith !== undefined && state === "configure_shards") {
        a.status = "failed";
        a.error = failWith || "configure_shards failed: shard did not restart";
        d.status = "active";
        d.action_uid = undefined;
        this.record({ kind: "bdb_upgrade_failed", bdb: d.uid, detail: a.error });
        return;
      }
    }
    await this.clock.sleep(this.config.timings.dbUpgradeStepMs, this.aborter.signal);
    a.state = "completed";
    a.progress = 100;
    a.status = "completed";
    a.heartbeat = Math.floor(Date.now() / 1000);
    const from = d.redis_version;
    d.redis_version = a.target_redis_version;
    d.status = "active";
    d.action_uid = undefined;
    d.last_changed_time = new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
    this.record({ kind: "bdb_upgrade_completed", bdb: d.uid, from, to: d.redis_version });
  }

  /** Control: change a database directly (e.g. put it on a Redis version the target does not bundle). */
  patchDatabase(uid: number, patch: { redis_version?: string; status?: SimDatabase["status"] }): boolean {
    const d = this.database(uid);
    if (!d) return false;
    if (patch.redis_version) d.redis_version = patch.redis_version;
    if (patch.status) d.status = patch.status;
    return true;
  }

  // ---------- lifecycle ----------

  /** Aborts every running installer and database action; they resolve as stopped. */
  async stop(): Promise<void> {
    this.aborter.abort(new RedisSimStoppedError());
    this.releaseHungInstalls();
    await Promise.allSettled([...this.pending]);
  }

  // ---------- REST renderings (field names of redis.md §1c) ----------

  renderCluster(): Record<string, unknown> {
    return {
      name: this.clusterName,
      alert_settings: { cluster_inconsistent_rl_sw: false, node_failed: true },
      block_cluster_changes: false,
      cm_port: 8443,
      cnm_http_port: 8080,
      cnm_https_port: 9443,
      created_time: this.createdTime,
      crdt_supported_featureset_version: 8,
      crdt_supported_protocol_versions: ["1"],
      email_alerts: false,
      email_from: "",
      rack_aware: false,
      slave_ha: true,
      smtp_host: "",
      smtp_password: "",
      smtp_port: 25,
      smtp_tls_mode: "none",
      smtp_username: "",
      upgrade_mode: this.upgradeMode,
      // undocumented, seen in a real response; true while an installer runs or versions are mixed [inferred]
      upgrade_in_progress: this.installing !== undefined || this.isMixed(),
      wait_command: true,
    };
  }

  private nodeShards(uid: number): SimShard[] {
    return this.shards.filter((s) => s.node_uid === uid);
  }

  renderNode(n: SimNode): Record<string, unknown> {
    const shards = this.nodeShards(n.uid);
    return {
      accept_servers: true,
      addr: n.addr,
      architecture: "x86_64",
      bigstore_enabled: false,
      cores: 4,
      external_addr: [],
      fips_enabled: false,
      flash_shard_count: 0,
      max_listeners: 100,
      max_redis_servers: 100,
      os_family: "rhel",
      os_name: "rhel",
      os_semantic_version: "8.10",
      os_version: "Red Hat Enterprise Linux 8.10 (Ootpa)",
      rack_id: "",
      ram_shard_count: shards.length,
      second_rack_id: "",
      shard_count: shards.length,
      shard_list: shards.map((s) => s.uid),
      software_version: n.software_version,
      status: n.status,
      supported_database_versions: supportedDatabaseVersions(n.software_version),
      total_memory: 16_642_998_272,
      uid: n.uid,
      uptime: this.uptimeSeconds(n),
      use_internal_ipv6: false,
    };
  }

  renderNodeStatus(n: SimNode): Record<string, unknown> {
    const shards = this.nodeShards(n.uid);
    return {
      cores: 4,
      free_provisional_ram: 0,
      free_ram: 12_884_901_888,
      hostname: n.hostname,
      master_shards: shards.filter((s) => s.role === "master").map((s) => s.uid),
      node_overbooking_depth: 0,
      node_status: n.status,
      role: n.uid === this.masterUid ? "master" : "slave",
      slave_shards: shards.filter((s) => s.role === "slave").map((s) => s.uid),
      software_version: n.software_version,
      software_version_sha: fakeSha(n.software_version),
      total_memory: 16_642_998_272,
      total_provisional_ram: 0,
    };
  }

  renderBdb(d: SimDatabase): Record<string, unknown> {
    const out: Record<string, unknown> = {
      uid: d.uid,
      name: d.name,
      type: "redis",
      status: d.status,
      redis_version: d.redis_version,
      version: REDIS_FULL_VERSION[d.redis_version] ?? `${d.redis_version}.0`,
      auto_upgrade: false,
      replication: d.replication,
      data_persistence: "disabled",
      shards_count: d.shards_count,
      shard_list: this.shards.filter((s) => s.bdb_uid === d.uid).map((s) => s.uid),
      sharding: d.shards_count > 1,
      crdt: false,
      crdt_guid: "",
      module_list: [],
      endpoints: [
        {
          addr: [this.master.addr],
          dns_name: `redis-${d.port}.${this.clusterName}`,
          port: d.port,
          proxy_policy: d.shards_count > 1 ? "all-master-shards" : "single",
          uid: `${d.uid}:1`,
        },
      ],
      created_time: d.created_time,
      last_changed_time: d.last_changed_time,
    };
    if (d.action_uid) out.action_uid = d.action_uid;
    return out;
  }

  renderAction(a: SimAction): Record<string, unknown> {
    const out: Record<string, unknown> = {
      action_uid: a.action_uid,
      heartbeat: a.heartbeat,
      name: a.name,
      object_name: a.object_name,
      pending_ops: {},
      progress: a.progress,
      state: a.state,
      status: a.status,
    };
    if (a.error) out.error = a.error;
    return out;
  }

  /** A JSON snapshot for the control API and tests. */
  snapshot(): Record<string, unknown> {
    return {
      cluster: { name: this.clusterName, upgrade_mode: this.upgradeMode, version: this.clusterVersion(), versions: this.versions(), mixed: this.isMixed() },
      master: this.masterUid,
      installing: this.installing ?? null,
      completedUpgrades: this.completedUpgrades,
      nodes: this.nodes.map((n) => ({ uid: n.uid, addr: n.addr, software_version: n.software_version, status: n.status, checkError: n.checkError ?? null, role: n.uid === this.masterUid ? "master" : "slave" })),
      databases: this.databases.map((d) => ({ uid: d.uid, name: d.name, redis_version: d.redis_version, status: d.status, action_uid: d.action_uid ?? null })),
      faults: this.listFaults(),
    };
  }
}

function compareDb(a: string, b: string): number {
  const [a1, a2] = a.split(".").map(Number);
  const [b1, b2] = b.split(".").map(Number);
  return a1 - b1 || a2 - b2;
}

function simUuid(seq: number): string {
  const hex = seq.toString(16).padStart(12, "0");
  return `5e0d1a2b-0000-4000-8000-${hex}`;
}

function fakeSha(version: string): string {
  const v = parseRsVersion(version);
  let h = "";
  let x = v.major * 1_000_003 + v.minor * 10_007 + v.patch * 101 + v.build;
  while (h.length < 64) {
    x = (x * 1103515245 + 12345) % 2147483648;
    h += x.toString(16).padStart(8, "0");
  }
  return h.slice(0, 64);
}
