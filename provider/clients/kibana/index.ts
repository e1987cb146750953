/** @module clients/kibana — Kibana status (the Fleet client lives in clients/kibana-fleet). */
export * from "./status";
