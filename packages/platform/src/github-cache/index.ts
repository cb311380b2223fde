import * as cache from '@actions/cache';
import { noCache, type CacheBackend } from '../cache/index.js';

// Apart from ../cache so that @actions/cache (the Azure SDK and undici, 1.5 MB) loads only where
// this module is imported: the dry-run action, with `import()`, when caching is on.

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
