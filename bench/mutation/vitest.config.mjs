// The vitest configuration Stryker runs inside its sandbox (a copy of the repository).
// Two things differ from the root vitest.config.ts:
// - `@agentship/core` and `@agentship/platform` resolve to the sandbox's own sources. Through
//   node_modules they would resolve to the real checkout, and no mutant would ever be active.
// - only the test files of one module group run (MUTATION_GROUP, see groups.mjs).
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { groupNamed } from './groups.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const group = groupNamed(process.env.MUTATION_GROUP);

function workspaceAliases(name, dir) {
  return [
    { find: new RegExp(`^@agentship/${name}$`), replacement: join(root, dir, 'src/index.ts') },
    { find: new RegExp(`^@agentship/${name}/(.+)$`), replacement: join(root, dir, 'src/$1/index.ts') },
  ];
}

export default defineConfig({
  root,
  resolve: { alias: [...workspaceAliases('core', 'packages/core'), ...workspaceAliases('platform', 'packages/platform')] },
  test: {
    include: [...group.tests, 'test/mutation-gaps/**/*.test.ts'],
    exclude: ['**/node_modules/**', 'test/fixtures/**', ...(group.skipTests ?? [])],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Restores tracked symlinks and builds the CLI in the sandbox: a few group tests spawn it (they
    // cannot kill a mutant, the child process never activates one, but they must pass).
    globalSetup: ['bench/mutation/sandbox-setup.mjs'],
  },
});
