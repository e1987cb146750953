// The dynamic provider object that Pulumi serializes into every resource's `__provider` (reference pulumi.md §1.3).
// An object literal (not a class instance) whose functions only require() the package's `./dynamic` export at run
// time: it captures nothing, and its text does not change between releases, so upgrading the package never causes a
// spurious update.
//
// Size: Pulumi's serializer emits ~200 bytes of wrapper per distinct function, so seven methods would make
// `__provider` ~2.3 KB. Two shared functions keep it under 1 KB: group 0 serves configure/check/diff/create/read,
// group 1 serves update/delete, and provider/dynamic.ts `shim()` tells the methods apart by the host's call shapes
// (configure(req), check(olds, news), diff(id, olds, news), create(inputs), read(id, props) | update(id, olds, news),
// delete(id, props)), which tests/hosting checks against the real @pulumi/pulumi dynamic-provider host.
// Keep this file exactly like this: no imports used inside the functions, no helpers, no module variables.
import type * as pulumi from "@pulumi/pulumi";

const g0 = (...a: unknown[]) => require("pulumi-upgrades/dynamic").shim(0, a);
const g1 = (...a: unknown[]) => require("pulumi-upgrades/dynamic").shim(1, a);

export const shim = { configure: g0, check: g0, diff: g0, create: g0, read: g0, update: g1, delete: g1 } as pulumi.dynamic.ResourceProvider;
