/**
 * @module rollout/memo
 * `memoize`: one remote read per pass however many gates ask (ECK MemoizingESState). Build a lazy
 * observation object in `observe()` from memoized getters so a pass only pays for what gates read.
 */
export function memoize<T>(read: () => Promise<T>): () => Promise<T> {
  let cached: Promise<T> | undefined;
  return function memoized() {
    cached ??= read();
    return cached;
  };
}
