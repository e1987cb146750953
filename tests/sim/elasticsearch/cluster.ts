// The state of a simulated Elasticsearch cluster: node processes (version installed / running, up or down,
// member of the cluster or refused), the elected master, indices whose primary and replica copies live on
// nodes, cluster settings, node-shutdown records, and an allocator that moves copies through
// UNASSIGNED → INITIALIZING → STARTED (and RELOCATING) over scaled time. Rules modelled (elastic.md §a3, §b):
// - `cluster.routing.allocation.enable` (transient overrides persistent): all | primaries | new_primaries | none;
// - a stopped node's copies go unassigned; a started replica elsewhere is promoted to primary, otherwise the
//   shard is red; replicas are held back for `index.unassigned.node_left.delayed_timeout` (or a restart
//   shutdown's allocation_delay) waiting for the node to return, then re-replicated to another node;
// - a replica is never allocated to a node older than its primary's node (NodeVersionAllocationDecider);
// - a node older than the elected master cannot join; a new node cannot join a master older than its
//   minimum wire-compatibility version; a node cannot start on a version older than its data;
// - a master needs a quorum of master-eligible nodes; without one, cluster APIs answer 503.
import { EventEmitter } from "events";
import { createHash, randomUUID } from "crypto";
import type { SimClock } from "../common/clock";
import {
  type Deprecation,
  type Deprecations,
  DeprecationsSchema,
  type EsConfig,
  type EsIndexConfig,
  type EsRole,
  type EsTimings,
  type Tier,
} from "./config";
import { compareVersions, isVersion, minWireCompat } from "./versions";

export type ProcessState = "running" | "starting" | "stopping" | "stopped" | "failed";
export type CopyState = "UNASSIGNED" | "INITIALIZING" | "STARTED" | "RELOCATING";
export type AllocationEnable = "all" | "primaries" | "new_primaries" | "none";

export interface EsNode {
  id: string;
  name: string;
  host: string;
  ip: string;
  roles: EsRole[];
  /** the package on disk */
  installedVersion: string;
  /** the version the process reports (differs from installed only under the wrong-version fault) */
  runningVersion: string;
  /** highest version that ever ran on this node's data path (a node cannot start older than this) */
  dataVersion: string;
  process: ProcessState;
  joined: boolean;
  /** why the node is running but not in the cluster */
  joinError?: string;
  /** shard keys (`index/shard`) whose data is on this node's disk */
  store: Set<string>;
  startedAt: number;
  /** number of times this node process was started */
  starts: number;
}

export interface ShardCopy {
  index: string;
  shard: number;
  primary: boolean;
  state: CopyState;
  node?: string;
  relocatingTo?: string;
  unassignedReason?: string;
  unassignedAt?: number;
  /** real-time ms after unassignedAt during which the copy waits for its node to come back */
  delayRealMs?: number;
  timer?: NodeJS.Timeout;
}

export interface EsIndex {
  name: string;
  uuid: string;
  tier: Tier;
  primaries: number;
  replicas: number;
  docs: number;
  copies: ShardCopy[];
  /** shards whose primary was allocated at least once (an unassigned one needs its old data back) */
  allocatedOnce: Set<number>;
  /** shards forced red by a fault */
  failed: Set<number>;
}

export interface RecoveryRecord {
  index: string;
  shard: number;
  primary: boolean;
  node: string;
  /** existing_store: primary from its own disk; ops: replica onto a node holding a copy; peer: full copy */
  kind: "empty_store" | "existing_store" | "ops" | "peer" | "relocation";
  at: number;
}

export interface SnapshotInfo {
  repository: string;
  snapshot: string;
  uuid: string;
  version: string;
  indices: string[];
  state: "IN_PROGRESS" | "SUCCESS" | "PARTIAL";
  startMillis: number;
  endMillis?: number;
  shards: { total: number; failed: number; successful: number };
  /** documents per index at snapshot time (data-safety checks compare against these) */
  docs: Record<string, number>;
}

export interface ShutdownRecord {
  nodeId: string;
  type: "restart" | "remove" | "replace" | "sigterm";
  reason: string;
  allocationDelay?: string;
  allocationDelayMs?: number;
  targetNodeName?: string;
  startedMillis: number;
  readyAt: number;
}

/** domain faults on node processes (transport faults live in each server's FaultBook) */
export interface NodeFault {
  id: number;
  kind: "fail_start" | "wrong_version" | "slow_rejoin" | "shutdown_stalled";
  node: string;
  /** wrong_version: the version the node comes back with */
  version?: string;
  /** shutdown_stalled: the status to report instead (default STALLED) */
  status?: "NOT_STARTED" | "IN_PROGRESS" | "STALLED";
  /** slow_rejoin: extra simulated ms before the node joins */
  delayMs?: number;
  /** how many starts this applies to; unlimited when omitted */
  times?: number;
}

export interface StartResult {
  ok: boolean;
  node: string;
  version?: string;
  error?: string;
}

export class NodeOperationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "NodeOperationError";
  }
}

export interface ClusterHealth {
  cluster_name: string;
  status: "green" | "yellow" | "red";
  timed_out: boolean;
  number_of_nodes: number;
  number_of_data_nodes: number;
  active_primary_shards: number;
  active_shards: number;
  relocating_shards: number;
  initializing_shards: number;
  unassigned_shards: number;
  unassigned_primary_shards: number;
  delayed_unassigned_shards: number;
  number_of_pending_tasks: number;
  number_of_in_flight_fetch: number;
  task_max_waiting_in_queue_millis: number;
  active_shards_percent_as_number: number;
}

const DATA_ROLES: EsRole[] = ["data", "data_hot", "data_warm", "data_cold", "data_frozen", "data_content"];

export function nodeIdFor(name: string): string {
  const id = createHash("sha1").update(`sim-node:${name}`).digest("base64url").slice(0, 22);
  return /^[A-Za-z0-9]/.test(id) ? id : `N${id.slice(1)}`;
}

export function isDataNode(n: EsNode): boolean {
  return n.roles.some((r) => DATA_ROLES.includes(r));
}

export function isMasterEligible(n: EsNode): boolean {
  return n.roles.includes("master");
}

function tierAccepts(n: EsNode, tier: Tier): boolean {
  if (n.roles.includes("data")) return true;
  return n.roles.includes(`data_${tier}` as EsRole);
}

export class EsCluster extends EventEmitter {
  readonly clusterName: string;
  readonly clusterUuid: string;
  readonly nodes: EsNode[] = [];
  readonly indices: EsIndex[] = [];
  readonly persistent: Record<string, unknown> = {};
  readonly transient: Record<string, unknown> = {};
  readonly shutdowns = new Map<string, ShutdownRecord>();
  readonly recoveries: RecoveryRecord[] = [];
  readonly nodeFaults: NodeFault[] = [];
  deprecations: Deprecations;
  systemFeaturesStatus: EsConfig["systemFeaturesStatus"];
  mlUpgradeMode = false;
  readonly mlJobs: string[];
  /** the version the configured ML jobs were created on (their `job_version`): the cluster's initial version */
  readonly mlJobsVersion: string;
  readonly snapshotRepositories: string[];
  readonly snapshots: SnapshotInfo[] = [];
  masterId?: string;
  /** bumped on every state change (wait_for_events and tests use it) */
  stateVersion = 0;
  readonly timings: EsTimings;
  private readonly timers = new Set<NodeJS.Timeout>();
  private nextFaultId = 1;
  private closed = false;
  private readonly life = new AbortController();

  constructor(
    cfg: EsConfig,
    readonly clock: SimClock,
  ) {
    super();
    this.setMaxListeners(0);
    this.clusterName = cfg.clusterName;
    this.clusterUuid = createHash("sha1").update(`sim-cluster:${cfg.clusterName}`).digest("base64url").slice(0, 22);
    this.timings = cfg.timings;
    this.deprecations = cfg.deprecations ?? DeprecationsSchema.parse({});
    this.systemFeaturesStatus = cfg.systemFeaturesStatus;
    this.mlJobs = [...cfg.mlJobs];
    this.mlJobsVersion = cfg.version;
    this.snapshotRepositories = [...cfg.snapshotRepositories];
    Object.assign(this.persistent, cfg.persistentSettings);
    const now = Date.now();
    cfg.nodes.forEach((n, i) => {
      const version = n.version ?? cfg.version;
      if (!isVersion(version)) throw new Error(`node ${n.name}: "${version}" is not a version like 8.17.3`);
      const ip = n.host && /^\d+\.\d+\.\d+\.\d+$/.test(n.host) ? n.host : `10.0.0.${11 + i}`;
      this.nodes.push({
        id: n.id ?? nodeIdFor(n.name),
        name: n.name,
        host: n.host ?? ip,
        ip,
        roles: [...n.roles].sort(),
        installedVersion: version,
        runningVersion: version,
        dataVersion: version,
        process: n.stopped ? "stopped" : "running",
        joined: !n.stopped,
        store: new Set(),
        startedAt: now,
        starts: n.stopped ? 0 : 1,
      });
    });
    this.elect();
    for (const ic of cfg.indices) this.createIndexNow(ic);
  }

  // ---------------------------------------------------------------- views

  node(nameOrId: string): EsNode | undefined {
    return this.nodes.find((n) => n.name === nameOrId || n.id === nameOrId);
  }

  mustNode(nameOrId: string): EsNode {
    const n = this.node(nameOrId);
    if (!n) throw new NodeOperationError(`no node named ${nameOrId}; list nodes with GET /_sim/state`);
    return n;
  }

  joinedNodes(): EsNode[] {
    return this.nodes.filter((n) => n.joined);
  }

  master(): EsNode | undefined {
    return this.masterId ? this.node(this.masterId) : undefined;
  }

  setting(key: string): unknown {
    return key in this.transient ? this.transient[key] : this.persistent[key];
  }

  allocationEnable(): AllocationEnable {
    return (this.setting("cluster.routing.allocation.enable") as AllocationEnable | undefined) ?? "all";
  }

  allCopies(): ShardCopy[] {
    return this.indices.flatMap((i) => i.copies);
  }

  /** cluster health, optionally restricted to some indices */
  health(only?: (i: EsIndex) => boolean): ClusterHealth {
    const copies = (only ? this.indices.filter(only) : this.indices).flatMap((i) => i.copies);
    const active = (c: ShardCopy) => c.state === "STARTED" || c.state === "RELOCATING";
    const primaries = copies.filter((c) => c.primary);
    const unassigned = copies.filter((c) => c.state === "UNASSIGNED");
    const now = Date.now();
    const status = primaries.some((c) => !active(c)) ? "red" : copies.some((c) => !active(c)) ? "yellow" : "green";
    const joined = this.joinedNodes();
    return {
      cluster_name: this.clusterName,
      status,
      timed_out: false,
      number_of_nodes: joined.length,
      number_of_data_nodes: joined.filter(isDataNode).length,
      active_primary_shards: primaries.filter(active).length,
      active_shards: copies.filter(active).length,
      relocating_shards: copies.filter((c) => c.state === "RELOCATING").length,
      initializing_shards: copies.filter((c) => c.state === "INITIALIZING").length,
      unassigned_shards: unassigned.length,
      unassigned_primary_shards: unassigned.filter((c) => c.primary).length,
      delayed_unassigned_shards: unassigned.filter((c) => this.isDelayed(c, now)).length,
      number_of_pending_tasks: 0,
      number_of_in_flight_fetch: 0,
      task_max_waiting_in_queue_millis: 0,
      active_shards_percent_as_number: copies.length ? (copies.filter(active).length / copies.length) * 100 : 100,
    };
  }

  /** documents readable now (shards whose primary is active) */
  searchableDocs(index: EsIndex): number {
    let n = 0;
    for (let s = 0; s < index.primaries; s++) {
      const p = index.copies.find((c) => c.shard === s && c.primary);
      if (p && (p.state === "STARTED" || p.state === "RELOCATING")) n += this.docsInShard(index, s);
    }
    return n;
  }

  docsInShard(index: EsIndex, shard: number): number {
    const base = Math.floor(index.docs / index.primaries);
    return base + (shard < index.docs % index.primaries ? 1 : 0);
  }

  /** a JSON-safe snapshot for the control API and tests */
  snapshot(): Record<string, unknown> {
    return {
      cluster_name: this.clusterName,
      master: this.master()?.name ?? null,
      health: this.health(),
      allocation_enable: this.allocationEnable(),
      persistent: { ...this.persistent },
      transient: { ...this.transient },
      ml_upgrade_mode: this.mlUpgradeMode,
      nodes: this.nodes.map((n) => ({
        id: n.id,
        name: n.name,
        roles: n.roles,
        installed_version: n.installedVersion,
        running_version: n.runningVersion,
        process: n.process,
        joined: n.joined,
        join_error: n.joinError ?? null,
        starts: n.starts,
        master: n.id === this.masterId,
      })),
      indices: this.indices.map((i) => ({
        name: i.name,
        tier: i.tier,
        primaries: i.primaries,
        replicas: i.replicas,
        docs: i.docs,
        searchable_docs: this.searchableDocs(i),
        copies: i.copies.map((c) => ({
          shard: c.shard,
          primary: c.primary,
          state: c.state,
          node: c.node ? this.node(c.node)?.name ?? c.node : null,
          relocating_to: c.relocatingTo ? this.node(c.relocatingTo)?.name ?? null : null,
          unassigned_reason: c.unassignedReason ?? null,
        })),
      })),
      shutdowns: [...this.shutdowns.values()],
      snapshots: this.snapshots.map((s) => ({ repository: s.repository, snapshot: s.snapshot, state: s.state, docs: s.docs })),
      recoveries: this.recoveries.slice(),
      node_faults: this.nodeFaults.slice(),
    };
  }

  // ---------------------------------------------------------------- mutations used by the REST API

  putSettings(persistent: Record<string, unknown>, transient: Record<string, unknown>): void {
    for (const [scope, update] of [
      [this.persistent, persistent],
      [this.transient, transient],
    ] as const) {
      for (const [k, v] of Object.entries(update)) {
        if (v === null) delete scope[k];
        else scope[k] = v;
      }
    }
    this.changed();
  }

  putShutdown(rec: Omit<ShutdownRecord, "startedMillis" | "readyAt">): void {
    const now = Date.now();
    const existing = this.shutdowns.get(rec.nodeId);
    this.shutdowns.set(rec.nodeId, {
      ...rec,
      startedMillis: existing?.startedMillis ?? now,
      readyAt: existing?.readyAt ?? now + this.clock.realMs(this.timings.shutdownPrepareMs),
    });
    this.after(this.timings.shutdownPrepareMs, () => this.changed());
    this.changed();
  }

  deleteShutdown(nodeId: string): boolean {
    const had = this.shutdowns.delete(nodeId);
    if (had) this.changed();
    return had;
  }

  shutdownStatus(rec: ShutdownRecord): "NOT_STARTED" | "IN_PROGRESS" | "STALLED" | "COMPLETE" {
    // NOT_STARTED/STALLED are only produced by the es.shutdown_stalled fault (a remove with nowhere to go is STALLED too)
    const node = this.node(rec.nodeId);
    const forced = node && this.nodeFaults.find((f) => f.kind === "shutdown_stalled" && f.node === node.name);
    if (forced) return forced.status ?? "STALLED";
    if (rec.type === "restart" || rec.type === "sigterm") {
      return Date.now() >= rec.readyAt ? "COMPLETE" : "IN_PROGRESS";
    }
    if (!node || !node.joined) return "COMPLETE";
    const held = this.allCopies().filter((c) => c.node === node.id).length;
    if (held === 0) return "COMPLETE";
    return this.vacateTargets(node).length > 0 ? "IN_PROGRESS" : "STALLED";
  }

  primariesOn(nodeId: string): number {
    return this.allCopies().filter((c) => c.node === nodeId && c.primary).length;
  }

  shardsOn(nodeId: string): number {
    return this.allCopies().filter((c) => c.node === nodeId).length;
  }

  // ---------------------------------------------------------------- node processes (control API, hook scripts)

  async stopNode(name: string): Promise<void> {
    const n = this.mustNode(name);
    if (n.process === "stopped" || n.process === "failed") return; // systemctl stop on a stopped unit succeeds
    if (n.process !== "running") throw new NodeOperationError(`node ${n.name} is ${n.process}; wait for that to finish`);
    n.process = "stopping";
    this.leave(n, "NODE_LEFT");
    await this.clock.sleep(this.timings.stopMs, this.life.signal);
    n.process = "stopped";
    this.changed();
  }

  async installVersion(name: string, version: string): Promise<void> {
    const n = this.mustNode(name);
    if (!isVersion(version)) throw new NodeOperationError(`"${version}" is not a version like 8.17.3`);
    if (n.process !== "stopped" && n.process !== "failed") {
      throw new NodeOperationError(`node ${n.name} is ${n.process}; stop it before installing a package`);
    }
    await this.clock.sleep(this.timings.installMs, this.life.signal);
    n.installedVersion = version;
    this.changed();
  }

  async startNode(name: string): Promise<StartResult> {
    const n = this.mustNode(name);
    if (n.process === "running" || n.process === "starting") return { ok: true, node: n.name, version: n.runningVersion };
    if (n.process === "stopping") throw new NodeOperationError(`node ${n.name} is still stopping`);
    n.process = "starting";
    this.changed();
    await this.clock.sleep(this.timings.startMs, this.life.signal);
    if (this.closed) return { ok: false, node: n.name, error: "simulator stopped" };
    if (this.takeFault("fail_start", n.name)) {
      n.process = "failed";
      this.changed();
      return { ok: false, node: n.name, error: `elasticsearch.service: Main process exited, code=exited, status=1/FAILURE (injected fault on ${n.name})` };
    }
    const wrong = this.takeFault("wrong_version", n.name);
    const version = wrong?.version ?? n.installedVersion;
    if (compareVersions(version, n.dataVersion) < 0) {
      n.process = "failed";
      this.changed();
      return {
        ok: false,
        node: n.name,
        error: `cannot downgrade a node from version [${n.dataVersion}] to version [${version}]`,
      };
    }
    n.runningVersion = version;
    n.dataVersion = version;
    n.process = "running";
    n.startedAt = Date.now();
    n.starts++;
    const slow = this.takeFault("slow_rejoin", n.name);
    this.after(this.timings.joinMs + (slow?.delayMs ?? 0), () => this.tryJoin(n));
    this.changed();
    return { ok: true, node: n.name, version };
  }

  /** what the hook script asks for: `systemctl stop; apt-get install elasticsearch=V; systemctl start` */
  async upgradeNode(name: string, version: string): Promise<StartResult> {
    await this.stopNode(name);
    await this.installVersion(name, version);
    return this.startNode(name);
  }

  /** makes a shard red (all copies lost) for `durationMs` simulated ms, or until healShard */
  failShard(indexName: string, shard: number, durationMs?: number): void {
    const idx = this.indices.find((i) => i.name === indexName);
    if (!idx || shard < 0 || shard >= idx.primaries) throw new NodeOperationError(`no shard ${indexName}/${shard}`);
    idx.failed.add(shard);
    for (const c of idx.copies.filter((c) => c.shard === shard)) this.unassign(c, "ALLOCATION_FAILED");
    if (durationMs !== undefined) this.after(durationMs, () => this.healShard(indexName, shard));
    this.changed();
  }

  healShard(indexName: string, shard: number): void {
    const idx = this.indices.find((i) => i.name === indexName);
    if (!idx) return;
    idx.failed.delete(shard);
    this.changed();
  }

  addDocs(indexName: string, count: number): EsIndex {
    const idx = this.indices.find((i) => i.name === indexName);
    if (!idx) throw new NodeOperationError(`no index ${indexName}`);
    idx.docs += count;
    this.changed();
    return idx;
  }

  createIndex(ic: EsIndexConfig): EsIndex {
    const idx = this.createIndexNow(ic);
    this.changed();
    return idx;
  }

  addNodeFault(f: Omit<NodeFault, "id">): NodeFault {
    this.mustNode(f.node);
    const fault = { ...f, id: this.nextFaultId++ };
    this.nodeFaults.push(fault);
    this.changed();
    return fault;
  }

  removeNodeFault(id: number): boolean {
    const i = this.nodeFaults.findIndex((f) => f.id === id);
    if (i < 0) return false;
    this.nodeFaults.splice(i, 1);
    this.changed();
    return true;
  }

  addDeprecation(section: keyof Deprecations, item: Deprecation, key?: string): void {
    const d = this.deprecations;
    if (section === "cluster_settings" || section === "node_settings" || section === "ml_settings") d[section].push(item);
    else (d[section][key ?? "sim-item"] ??= []).push(item);
    this.changed();
  }

  /** takes a snapshot of every index; red indices are left out unless `partial` (then state PARTIAL) */
  async takeSnapshot(repository: string, snapshot: string, partial: boolean, wait: boolean): Promise<SnapshotInfo> {
    const red = this.indices.filter((i) => this.health((x) => x === i).status === "red");
    if (red.length && !partial) throw new NodeOperationError(`Indices don't have primary shards [${red.map((i) => i.name).join(", ")}]`);
    const ok = this.indices.filter((i) => !red.includes(i));
    const total = this.indices.reduce((n, i) => n + i.primaries, 0);
    const failed = red.reduce((n, i) => n + i.primaries, 0);
    const info: SnapshotInfo = {
      repository,
      snapshot,
      uuid: randomUUID().replace(/-/g, "").slice(0, 22),
      version: this.master()?.runningVersion ?? this.nodes[0].runningVersion,
      indices: this.indices.map((i) => i.name),
      state: "IN_PROGRESS",
      startMillis: Date.now(),
      shards: { total, failed, successful: total - failed },
      docs: Object.fromEntries(ok.map((i) => [i.name, i.docs])),
    };
    this.snapshots.push(info);
    const finish = () => {
      info.state = failed ? "PARTIAL" : "SUCCESS";
      info.endMillis = Date.now();
    };
    if (wait) {
      await this.clock.sleep(this.timings.snapshotMs, this.life.signal);
      finish();
    } else this.after(this.timings.snapshotMs, finish);
    return info;
  }

  /** resolves when `pred` holds (checked now and on every change), or after `realMs` with false */
  waitFor(pred: () => boolean, realMs: number): Promise<boolean> {
    if (pred()) return Promise.resolve(true);
    if (realMs <= 0 || this.closed) return Promise.resolve(false);
    return new Promise((resolve) => {
      const onChange = () => {
        if (this.closed) done(false);
        else if (pred()) done(true);
      };
      const timer = Number.isFinite(realMs) ? setTimeout(() => done(false), realMs) : undefined;
      const done = (v: boolean) => {
        if (timer) clearTimeout(timer);
        this.off("change", onChange);
        resolve(v);
      };
      this.on("change", onChange);
    });
  }

  close(): void {
    this.closed = true;
    this.life.abort(new NodeOperationError("simulator stopped"));
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    for (const c of this.allCopies()) if (c.timer) clearTimeout(c.timer);
    this.emit("change");
    this.removeAllListeners();
  }

  // ---------------------------------------------------------------- internals

  private createIndexNow(ic: EsIndexConfig): EsIndex {
    if (this.indices.some((i) => i.name === ic.name)) throw new NodeOperationError(`index ${ic.name} already exists`);
    const idx: EsIndex = {
      name: ic.name,
      uuid: randomUUID().replace(/-/g, "").slice(0, 22),
      tier: ic.tier,
      primaries: ic.primaries,
      replicas: ic.replicas,
      docs: ic.docs,
      copies: [],
      allocatedOnce: new Set(),
      failed: new Set(),
    };
    for (let s = 0; s < ic.primaries; s++) {
      idx.copies.push({ index: ic.name, shard: s, primary: true, state: "UNASSIGNED", unassignedReason: "INDEX_CREATED" });
      for (let r = 0; r < ic.replicas; r++) {
        idx.copies.push({ index: ic.name, shard: s, primary: false, state: "UNASSIGNED", unassignedReason: "INDEX_CREATED" });
      }
    }
    this.indices.push(idx);
    // the initial world starts settled: place copies directly as STARTED (no recovery wait)
    if (this.masterId) this.placeInitial(idx);
    return idx;
  }

  private placeInitial(idx: EsIndex): void {
    for (let s = 0; s < idx.primaries; s++) {
      const group = idx.copies.filter((c) => c.shard === s);
      for (const c of group.sort((a, b) => Number(b.primary) - Number(a.primary))) {
        const holders = new Set(group.filter((g) => g.node).map((g) => g.node));
        const cands = this.joinedNodes()
          .filter((n) => isDataNode(n) && tierAccepts(n, idx.tier) && !holders.has(n.id))
          .sort((a, b) => (c.primary ? this.primariesOn(a.id) - this.primariesOn(b.id) : 0) || this.shardsOn(a.id) - this.shardsOn(b.id));
        if (!cands[0]) continue;
        c.node = cands[0].id;
        c.state = "STARTED";
        c.unassignedReason = undefined;
        cands[0].store.add(`${idx.name}/${s}`);
        if (c.primary) idx.allocatedOnce.add(s);
      }
    }
  }

  private after(simMs: number, fn: () => void): void {
    if (this.closed) return;
    const t = setTimeout(() => {
      this.timers.delete(t);
      if (!this.closed) fn();
    }, this.clock.realMs(simMs));
    this.timers.add(t);
  }

  private takeFault(kind: NodeFault["kind"], node: string): NodeFault | undefined {
    const f = this.nodeFaults.find((x) => x.kind === kind && x.node === node);
    if (!f) return undefined;
    if (f.times !== undefined) {
      f.times--;
      if (f.times <= 0) this.nodeFaults.splice(this.nodeFaults.indexOf(f), 1);
    }
    return f;
  }

  private changed(): void {
    if (this.closed) return;
    this.stateVersion++;
    this.reroute();
    this.emit("change");
  }

  private isDelayed(c: ShardCopy, now: number): boolean {
    return c.state === "UNASSIGNED" && c.unassignedReason === "NODE_LEFT" && !c.primary && c.unassignedAt !== undefined && now < c.unassignedAt + (c.delayRealMs ?? 0);
  }

  private unassign(c: ShardCopy, reason: string, delaySimMs = 0): void {
    if (c.timer) clearTimeout(c.timer);
    c.timer = undefined;
    c.state = "UNASSIGNED";
    c.node = undefined;
    c.relocatingTo = undefined;
    c.unassignedReason = reason;
    c.unassignedAt = Date.now();
    c.delayRealMs = this.clock.realMs(delaySimMs);
    if (delaySimMs > 0) this.after(delaySimMs + 1, () => this.changed());
  }

  private leave(n: EsNode, reason: string): void {
    const wasMember = n.joined;
    n.joined = false;
    n.joinError = undefined;
    if (!wasMember) return;
    const shutdown = this.shutdowns.get(n.id);
    const delay = Math.max(this.timings.nodeLeftDelayMs, shutdown?.type === "restart" ? (shutdown.allocationDelayMs ?? 300_000) : 0);
    for (const idx of this.indices) {
      for (const c of idx.copies) {
        if (c.relocatingTo === n.id) {
          // relocation target vanished: the source copy stays where it is
          if (c.timer) clearTimeout(c.timer);
          c.timer = undefined;
          c.relocatingTo = undefined;
          c.state = "STARTED";
          continue;
        }
        if (c.node !== n.id) continue;
        const group = idx.copies.filter((g) => g.shard === c.shard && g !== c);
        if (c.primary && (c.state === "STARTED" || c.state === "RELOCATING")) {
          const promote = group.find((g) => !g.primary && (g.state === "STARTED" || g.state === "RELOCATING"));
          if (promote) {
            promote.primary = true;
            c.primary = false;
            this.unassign(c, reason, delay);
          } else {
            this.unassign(c, reason);
            for (const g of group) if (g.state === "INITIALIZING") this.unassign(g, "PRIMARY_FAILED");
          }
        } else {
          this.unassign(c, reason, c.primary ? 0 : delay);
        }
      }
    }
    if (n.id === this.masterId) {
      this.masterId = undefined;
      this.elect();
    }
    this.changed();
  }

  private quorum(): boolean {
    const eligible = this.nodes.filter(isMasterEligible);
    const up = eligible.filter((n) => n.process === "running" && n.joined);
    return up.length * 2 > eligible.length;
  }

  /**
   * Elects a master when there is none. Candidates are running master-eligible members; the newest version
   * wins, then the lowest name («inferred»: real elections are not deterministic — this makes the
   * master-first failure reproducible: once a newer master-eligible node is a candidate it becomes master).
   */
  private elect(): void {
    if (this.masterId && this.master()?.joined) return;
    this.masterId = undefined;
    if (!this.quorum()) return;
    const cands = this.nodes
      .filter((n) => isMasterEligible(n) && n.process === "running" && n.joined)
      .sort((a, b) => compareVersions(b.runningVersion, a.runningVersion) || a.name.localeCompare(b.name));
    if (!cands[0]) return;
    this.masterId = cands[0].id;
    // nodes waiting to join retry against the new master
    for (const n of this.nodes) if (n.process === "running" && !n.joined) this.tryJoin(n, false);
  }

  private tryJoin(n: EsNode, notify = true): void {
    if (n.process !== "running" || n.joined) return;
    const m = this.master();
    if (!m) {
      // no master: the node takes part in discovery; it becomes a member when a quorum elects a master
      n.joined = true;
      n.joinError = undefined;
      this.elect();
      if (!this.masterId) {
        if (!isMasterEligible(n)) {
          n.joined = false;
          n.joinError = "master not discovered yet";
        }
      }
    } else if (compareVersions(n.runningVersion, m.runningVersion) < 0) {
      n.joinError = `node version [${n.runningVersion}] is older than the elected master's version [${m.runningVersion}]; older nodes cannot join a cluster with an upgraded master`;
    } else if (compareVersions(minWireCompat(n.runningVersion), m.runningVersion) > 0) {
      n.joinError = `node version [${n.runningVersion}] is not wire-compatible with the master's version [${m.runningVersion}] (minimum ${minWireCompat(n.runningVersion)})`;
    } else {
      n.joined = true;
      n.joinError = undefined;
    }
    if (notify) this.changed();
  }

  private eligible(n: EsNode, idx: EsIndex): boolean {
    if (!n.joined || !isDataNode(n) || !tierAccepts(n, idx.tier)) return false;
    const sd = this.shutdowns.get(n.id);
    return !(sd && (sd.type === "remove" || sd.type === "replace"));
  }

  private vacateTargets(n: EsNode): EsNode[] {
    return this.joinedNodes().filter((o) => o.id !== n.id && isDataNode(o) && !this.shutdowns.has(o.id));
  }

  private startRecovery(c: ShardCopy, idx: EsIndex, n: EsNode, simMs: number, kind: RecoveryRecord["kind"]): void {
    c.state = "INITIALIZING";
    c.node = n.id;
    c.unassignedReason = undefined;
    c.unassignedAt = undefined;
    this.recoveries.push({ index: idx.name, shard: c.shard, primary: c.primary, node: n.name, kind, at: Date.now() });
    const t = setTimeout(() => {
      c.timer = undefined;
      if (this.closed || c.state !== "INITIALIZING" || c.node !== n.id) return;
      c.state = "STARTED";
      n.store.add(`${idx.name}/${c.shard}`);
      if (c.primary) idx.allocatedOnce.add(c.shard);
      this.changed();
    }, this.clock.realMs(simMs));
    c.timer = t;
  }

  private reroute(): void {
    if (!this.masterId || this.closed) return;
    const enable = this.allocationEnable();
    const now = Date.now();
    for (const idx of this.indices) {
      for (let s = 0; s < idx.primaries; s++) {
        if (idx.failed.has(s)) continue;
        const key = `${idx.name}/${s}`;
        const group = idx.copies.filter((c) => c.shard === s);
        const primary = group.find((c) => c.primary)!;
        const holders = () => new Set(group.flatMap((g) => [g.node, g.relocatingTo]).filter((x): x is string => !!x));
        if (primary.state === "UNASSIGNED") {
          const fresh = !idx.allocatedOnce.has(s);
          const allowed = enable === "all" || enable === "primaries" || (enable === "new_primaries" && fresh);
          if (allowed) {
            const h = holders();
            const cands = this.nodes.filter((n) => this.eligible(n, idx) && !h.has(n.id));
            const target = fresh
              ? cands.sort((a, b) => this.shardsOn(a.id) - this.shardsOn(b.id))[0]
              : cands.find((n) => n.store.has(key));
            if (target) this.startRecovery(primary, idx, target, this.timings.primaryRecoveryMs, fresh ? "empty_store" : "existing_store");
          }
        }
        const pActive = primary.state === "STARTED" || primary.state === "RELOCATING";
        const pNode = primary.node ? this.node(primary.node) : undefined;
        if (pActive && pNode && enable === "all") {
          for (const r of group.filter((c) => !c.primary && c.state === "UNASSIGNED")) {
            const h = holders();
            const cands = this.nodes.filter(
              (n) => this.eligible(n, idx) && !h.has(n.id) && compareVersions(n.runningVersion, pNode.runningVersion) >= 0,
            );
            const withStore = cands.find((n) => n.store.has(key));
            if (withStore) {
              this.startRecovery(r, idx, withStore, this.timings.replicaRecoveryMs, "ops");
              continue;
            }
            if (this.isDelayed(r, now)) continue;
            const target = cands.sort((a, b) => this.shardsOn(a.id) - this.shardsOn(b.id))[0];
            if (target) this.startRecovery(r, idx, target, this.timings.peerRecoveryMs, "peer");
          }
        }
        // vacate nodes marked for removal/replacement
        for (const c of group) {
          if (c.state !== "STARTED" || !c.node) continue;
          const sd = this.shutdowns.get(c.node);
          if (!sd || sd.type === "restart" || sd.type === "sigterm" || enable === "none") continue;
          const h = holders();
          const target = this.nodes.find((n) => this.eligible(n, idx) && !h.has(n.id) && !(pNode && !c.primary && compareVersions(n.runningVersion, pNode.runningVersion) < 0));
          if (!target) continue;
          c.state = "RELOCATING";
          c.relocatingTo = target.id;
          this.recoveries.push({ index: idx.name, shard: s, primary: c.primary, node: target.name, kind: "relocation", at: now });
          c.timer = setTimeout(() => {
            c.timer = undefined;
            if (this.closed || c.state !== "RELOCATING" || c.relocatingTo !== target.id) return;
            c.node = target.id;
            c.relocatingTo = undefined;
            c.state = "STARTED";
            target.store.add(key);
            this.changed();
          }, this.clock.realMs(this.timings.peerRecoveryMs));
        }
      }
    }
  }
}
