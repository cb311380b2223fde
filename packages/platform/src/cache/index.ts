import * as cache from '@actions/cache';

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

/**
 * GitHub's cache service through @actions/cache. Where the service does not exist (GHES without
 * it, act, a laptop) `isFeatureAvailable()` is false and this quietly does nothing, as actions/cache does.
 */
export function githubCache(log: { info(message: string): void; warning(message: string): void }): CacheBackend {
  if (!cache.isFeatureAvailable()) {
    log.info('The GitHub cache service is not available here; cassettes and results are not cached.');
    return noCache();
  }
  return {
    name: 'github',
    async restore(paths, key, restoreKeys) {
      try {
        return await cache.restoreCache(paths, key, restoreKeys);
      } catch (error) {
        // A ValidationError is our own bad key or paths: a bug to surface, not a service hiccup.
        if (error instanceof cache.ValidationError) throw error;
        log.warning(`Cache restore failed, going on without it: ${(error as Error).message}`);
        return undefined;
      }
    },
    async save(paths, key) {
      try {
        return (await cache.saveCache(paths, key)) !== -1;
      } catch (error) {
        if (error instanceof cache.ValidationError) throw error;
        log.warning(`Cache save failed, going on without it: ${(error as Error).message}`);
        return false;
      }
    },
  };
}

/** A cache key from parts: no commas (the service rejects them), at most 512 characters. */
export function cacheKey(...parts: string[]): string {
  return parts.map((p) => p.replace(/[,\s]+/g, '_')).join('-').slice(0, 512);
}
