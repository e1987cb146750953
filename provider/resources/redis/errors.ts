/** @module resources/redis/errors — one class per way a RedisClusterVersion operation is refused or stops. */
import type { Violation } from "../../versions";
import type { DatabaseChange } from "./schema";
import { prerequisiteFix } from "./databases";

/** No chain of legal hops leads from the running version to the target (matrix, downgrade, adjacency). */
export class IllegalUpgradeError extends Error {
  override readonly name = "IllegalUpgradeError";
  constructor(readonly from: string, readonly to: string, readonly violations: readonly Violation[]) {
    super(
      `cannot upgrade the Redis Enterprise cluster from ${from} to ${to}: ` +
        (violations.length
          ? violations.map((v) => `${v.message} [${v.rule}]; fix: ${v.fix}`).join("; ")
          : "no legal path exists") +
        ". Change `version` to a reachable target.",
    );
  }
}

/** A database runs a Redis version a hop's target does not bundle (redis.md §1a "Upgrade databases first"). */
export class DatabasePrerequisiteError extends Error {
  override readonly name = "DatabasePrerequisiteError";
  constructor(readonly to: string, readonly blocking: readonly DatabaseChange[]) {
    super(
      `the cluster cannot move to ${to} yet: ${blocking.map((b) => `database ${b.name} (uid ${b.uid}): ${b.reason}`).join("; ")}. ` +
        `Fix: ${prerequisiteFix(blocking)}.`,
    );
  }
}

/** Nodes must be upgraded but no nodeUpgrade.command is set. */
export class MissingNodeUpgradeError extends Error {
  override readonly name = "MissingNodeUpgradeError";
  constructor(nodes: readonly number[]) {
    super(
      `nodes ${nodes.join(", ")} must be upgraded but nodeUpgrade.command is not set: give the command that runs ` +
        "install.sh on one node (it gets UPGRADES_NODE_UID, UPGRADES_NODE_ADDR, UPGRADES_FROM_VERSION, UPGRADES_TARGET_VERSION)",
    );
  }
}

/** The master role moved to another not-yet-upgraded node between choosing a node and acting on it. */
export class MasterMovedError extends Error {
  override readonly name = "MasterMovedError";
  constructor(readonly expected: number, readonly actual: number | undefined, readonly target: string) {
    super(
      `the master role moved to node ${actual ?? "(none)"} (still below ${target}) just before node ${expected} was to be upgraded; ` +
        "nothing was run on the node. Check `rladmin status nodes`, then run the update again: the new master goes first",
    );
  }
}

/** A requested database version is not available on the target. */
export class DatabaseVersionError extends Error {
  override readonly name = "DatabaseVersionError";
}

/** The cluster cannot tell which node is master (no /v1/nodes/status before 6.2.18-49), so master-first cannot be checked. */
export class RolesUnavailableError extends Error {
  override readonly name = "RolesUnavailableError";
  constructor(detail: string) {
    super(
      `${detail} Nothing was changed. To roll anyway, upgrade the master node first yourself or set ` +
        'rollout.disabledGates: ["master_node_first"] (nodes then go in uid order; the installer still refuses an unhealthy cluster).',
    );
  }
}
