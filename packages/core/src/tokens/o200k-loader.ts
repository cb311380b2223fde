import { createRequire } from 'node:module';
import type { countTokens } from 'gpt-tokenizer/encoding/o200k_base';

export type CountO200k = typeof countTokens;

/**
 * Loads the o200k tokenizer. Loading builds its 200,000-entry vocabulary (most of a second), so it
 * happens on the first count, never when a module is imported: deploy, rollback and `--help` do
 * not count. Counting is synchronous, so this is a require rather than an `import()`. The bundles
 * replace this module (scripts/build.mjs) with one that requires the bundled copy.
 */
export function loadO200k(): CountO200k {
  const required = createRequire(import.meta.url)('gpt-tokenizer/encoding/o200k_base') as { countTokens: CountO200k };
  return required.countTokens;
}
