// Vitest global setup inside Stryker's sandbox: recreates the symbolic links git tracks (Stryker
// copies files, not links; run.mjs passes them in MUTATION_SYMLINKS), then builds the CLI as the
// root test setup does.
import { lstatSync, mkdirSync, symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import buildCli from '../../test/global-setup.ts';

const sandbox = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

function exists(path) {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

export default function setup() {
  // Only ever inside a Stryker sandbox, never in the checkout itself.
  if (!/[\\/]sandbox-\w+$/.test(sandbox)) {
    throw new Error(`bench/mutation/vitest.config.mjs runs inside a Stryker sandbox only (got ${sandbox})`);
  }
  for (const { path, target } of JSON.parse(process.env.MUTATION_SYMLINKS ?? '[]')) {
    const link = join(sandbox, path);
    if (exists(link)) continue;
    mkdirSync(dirname(link), { recursive: true });
    symlinkSync(target, link);
  }
  buildCli();
}
