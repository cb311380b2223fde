export * from './bundle.js';
export * from './ledger.js';
export * from './release.js';
export * from './store.js';
export * from './git-store.js';
export * from './directory-store.js';

/** "30m", "2h", "1d", "45s", "0" to milliseconds; undefined when it is not a duration. */
export function parseDuration(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$/.exec(text);
  if (!m) return undefined;
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[(m[2] ?? 's') as 'ms' | 's' | 'm' | 'h' | 'd'];
  return Number(m[1]) * unit;
}
