/**
 * Where a stage keeps files between runs (cassettes, results). Cache trouble never fails a job:
 * a restore that fails is a miss, a save that fails is a warning.
 */
export interface CacheBackend {
  readonly name: string;
  /** Restores `paths`; returns the key that matched (exact or by prefix), or undefined for a miss. */
  restore(paths: string[], key: string, restoreKeys: string[]): Promise<string | undefined>;
  /** Saves `paths` under `key`; false when nothing was saved. */
  save(paths: string[], key: string): Promise<boolean>;
}

/** No cache: GitLab (its `cache:` keyword restores the paths before the job), local runs, tests. */
export function noCache(): CacheBackend {
  return { name: 'none', restore: async () => undefined, save: async () => false };
}

/** A cache key from parts: no commas (the service rejects them), at most 512 characters. */
export function cacheKey(...parts: string[]): string {
  return parts.map((p) => p.replace(/[,\s]+/g, '_')).join('-').slice(0, 512);
}
