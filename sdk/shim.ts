// The dynamic provider object that Pulumi serializes into every resource's `__provider` (reference pulumi.md §1.3).
// An object literal (not a class instance) whose methods only require() the package's `./dynamic` export at run
// time: it captures nothing, serializes to well under 1 KB, and its text does not change between releases, so
// upgrading the package never causes a spurious update. Keep it exactly like this: no imports used inside, no
// helpers, no closures over module variables.
import type * as pulumi from "@pulumi/pulumi";

export const shim: pulumi.dynamic.ResourceProvider = {
  async configure(req) { return require("pulumi-upgrades/dynamic").provider.configure(req); },
  async check(olds, news) { return require("pulumi-upgrades/dynamic").provider.check(olds, news); },
  async diff(id, olds, news) { return require("pulumi-upgrades/dynamic").provider.diff(id, olds, news); },
  async create(inputs) { return require("pulumi-upgrades/dynamic").provider.create(inputs); },
  async update(id, olds, news) { return require("pulumi-upgrades/dynamic").provider.update(id, olds, news); },
  async read(id, props) { return require("pulumi-upgrades/dynamic").provider.read(id, props); },
  async delete(id, props) { return require("pulumi-upgrades/dynamic").provider.delete(id, props); },
};
