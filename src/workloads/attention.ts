// Attention work counted exactly: which query–key pairs a causal, windowed attention computes.

/**
 * Query–key pairs computed when `qLen` new queries attend over a cache of `past` earlier tokens
 * plus themselves, causally: query i (0-based) sees past + i + 1 keys, at most `window` of them.
 * Prefill: past = 0 → s(s+1)/2; decode: qLen = 1 → min(past + 1, window).
 */
export function causalPairs(qLen: number, past: number, window?: number): number {
  const full = qLen * past + (qLen * (qLen + 1)) / 2;
  if (window === undefined || window >= past + qLen) return full;
  // keys seen by query i: min(past + i + 1, window); the first queries below the window, the rest capped
  const below = Math.max(0, Math.min(qLen, window - past)); // queries with past + i + 1 <= window
  const uncapped = below * past + (below * (below + 1)) / 2;
  return uncapped + (qLen - below) * window;
}
