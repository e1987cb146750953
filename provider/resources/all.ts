// Importing this module registers every shipped resource with the registry in ./core/types.ts.
// Each resource author adds exactly one line here, e.g.:
//   import "./elastic-deployment-version";
// (the resource's index.ts calls registerResource(handler) at import time).
import "./elastic";
import "./redis";
import "./fleet";
export {};
