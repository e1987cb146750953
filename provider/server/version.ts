// The package version (GetPluginInfo, schema `version`): read from the package.json of the installed package at run
// time, so that provider.version == schema.version == package.json version (pulumi.md §2.2).
import * as fs from "fs";
import * as path from "path";

let cached: string | undefined;

export function packageVersion(): string {
  if (cached) return cached;
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    const p = path.join(dir, "package.json");
    if (fs.existsSync(p)) {
      const pkg = JSON.parse(fs.readFileSync(p, "utf8")) as { name?: string; version?: string };
      if (pkg.name === "pulumi-upgrades" && typeof pkg.version === "string") return (cached = pkg.version);
    }
    dir = path.dirname(dir);
  }
  return (cached = "0.0.0-unknown");
}
