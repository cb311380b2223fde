import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Tests that spawn `agentship` run the built CLI, so build it once, fresh, before any test. */
export default function setup(): void {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..');
  execFileSync(process.execPath, [join(root, 'scripts/build.mjs'), '--cli'], { cwd: root, stdio: 'inherit' });
}
