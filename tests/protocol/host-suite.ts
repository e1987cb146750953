// The per-host scaffolding every protocol scenario file shares: one provider process per host for the suite, one
// simulated world per scenario (stopped after it).
import { startHarness, type Harness } from "../harness";

export interface HostScenario<C, S> {
  /** the harness of this host, set by the suite's `before` hook */
  h: Harness;
  /** starts this scenario's simulated world; it is stopped after the test */
  world(config: C): Promise<S>;
}

export function useHostScenario<C, S extends { stop(): Promise<void> }>(kind: "plugin" | "dynamic", start: (config: C) => Promise<S>): HostScenario<C, S> {
  let sim: S | undefined;
  const t: HostScenario<C, S> = { h: undefined as unknown as Harness, world: async (config: C) => (sim = await start(config)) };
  before(async () => {
    t.h = await startHarness({ kind });
  });
  after(async () => {
    await t.h?.stop();
  });
  afterEach(async () => {
    await sim?.stop();
    sim = undefined;
  });
  return t;
}
