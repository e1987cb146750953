// Simulated time. Every duration a simulator models (a node restart, a shard recovery, a cloud plan step)
// is written in simulated milliseconds; `timeScale` converts them to real time (realMs = simMs × timeScale).
// timeScale 1 is real time; tests use small scales (e.g. 0.001) so a 60 s restart takes 60 ms.
export class SimClock {
  constructor(public timeScale = 1) {}

  realMs(simMs: number): number {
    return Math.max(0, simMs * this.timeScale);
  }

  /** resolves after simMs of simulated time; rejects with the signal's reason when aborted */
  sleep(simMs: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const t = setTimeout(() => {
        signal?.removeEventListener("abort", onAbort);
        resolve();
      }, this.realMs(simMs));
      const onAbort = () => {
        clearTimeout(t);
        reject(signal?.reason);
      };
      signal?.addEventListener("abort", onAbort, { once: true });
    });
  }
}
