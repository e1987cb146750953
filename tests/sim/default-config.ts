// The world `npm run sim` starts with no flags: a 3-master, 2-hot, 1-warm, 1-frozen cluster on 8.17.3 with
// a few indices, Kibana 8.17.3 and one Elastic Cloud deployment on 8.17.3.
import type { SimConfigInput } from "./index";

export function defaultSimConfig(): SimConfigInput {
  return {
    timeScale: 1,
    elasticsearch: {
      clusterName: "sim-cluster",
      version: "8.17.3",
      nodes: [
        { name: "es-master-0", roles: ["master"] },
        { name: "es-master-1", roles: ["master"] },
        { name: "es-master-2", roles: ["master"] },
        { name: "es-hot-0", roles: ["data_hot", "data_content", "ingest", "remote_cluster_client", "transform"] },
        { name: "es-hot-1", roles: ["data_hot", "data_content", "ingest", "remote_cluster_client", "transform"] },
        { name: "es-warm-0", roles: ["data_warm"] },
        { name: "es-frozen-0", roles: ["data_frozen"] },
      ],
      mlJobs: ["web-traffic-anomalies"],
      indices: [
        { name: "logs-app-000001", tier: "hot", primaries: 2, replicas: 1, docs: 120_000 },
        { name: "metrics-000001", tier: "hot", primaries: 1, replicas: 1, docs: 40_000 },
        { name: "orders", tier: "content", primaries: 1, replicas: 1, docs: 5_000 },
        { name: "logs-app-archive", tier: "warm", primaries: 1, replicas: 0, docs: 800_000 },
        { name: "partial-logs-2024", tier: "frozen", primaries: 1, replicas: 0, docs: 2_000_000 },
      ],
    },
    kibana: { name: "kibana-0", version: "8.17.3" },
    cloud: { deployments: [{ name: "sim-deployment", version: "8.17.3" }] },
  };
}
