/** @module Every request the Kibana Fleet client sends (and every answer it parses) conforms to the OpenAPI extract. */
import * as assert from "assert";
import { createKibanaFleetClient, packagePoliciesKuery } from "../../../provider/clients/kibana-fleet";
import { startFleetSim } from "../../sim/fleet";
import { FleetContract } from "../../sim/fleet/openapi";

describe("Kibana Fleet client requests vs the OpenAPI extract", () => {
  it("sends only documented paths, query parameters and bodies", async () => {
    const sim = await startFleetSim({ recordExchanges: true });
    const fleet = createKibanaFleetClient({ url: sim.url, apiKey: sim.credentials.apiKey, spaceId: "ops", retry: { maxRetries: 0 } });
    try {
      sim.state.seedInstallation("nginx", "1.15.0");
      for (let i = 0; i < 3; i++) sim.state.seedPolicy({ id: `p${i}`, name: `p${i}`, package: "nginx", space: "ops", inputs: { "nginx-nginx/metrics": { streams: { "nginx.stubstatus": { vars: { period: "10" } } } } } });
      await fleet.getPackageInfo("nginx", "1.22.0", { prerelease: false, withMetadata: true });
      await fleet.getInstalledVersion("nginx");
      await fleet.listAllPackagePolicies(packagePoliciesKuery("nginx", "1.22.0"), { perPage: 2 });
      await fleet.installPackage("nginx", "1.22.0", { prerelease: false });
      await fleet.updatePackageSettings("nginx", { keepPoliciesUpToDate: false });
      await fleet.dryRunUpgrade(["p0", "p1", "p2"]);
      await fleet.upgradePolicy("p0");
      await fleet.getChangelog("nginx", "1.22.0");
      await fleet.getSettings();
      await assert.rejects(fleet.installPackage("nginx", "1.20.0"));

      const contract = new FleetContract();
      assert.ok(sim.exchanges.length >= 10);
      assert.ok(sim.exchanges.every((e) => e.path.startsWith("/s/ops/api/fleet/")), "every call is space-scoped");
      assert.deepStrictEqual(sim.exchanges.flatMap((e) => contract.check(e)), []);
    } finally {
      await fleet.close();
      await sim.stop();
    }
  });
});
