#!/usr/bin/env node
// Bundles the CLI and every action with esbuild. `--check` rebuilds the actions in memory and
// fails when a committed actions/<name>/dist/index.js differs: dist/ must stay in step with src/.
import { build } from 'esbuild';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = new Set(process.argv.slice(2));
const check = args.has('--check');
const cliOnly = args.has('--cli');

// Node 20 on these machines, Node 24 on GitHub's runners: target the older one.
const shared = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  legalComments: 'none',
  // jsonc-parser's UMD main cannot be bundled; its ESM build can.
  mainFields: ['module', 'main'],
  logLevel: 'warning',
  // Some dependencies are CommonJS and call require() on Node built-ins.
  banner: { js: "import { createRequire as __agentshipCreateRequire } from 'node:module';\nconst require = __agentshipCreateRequire(import.meta.url);" },
};

export function actionNames() {
  const dir = join(root, 'actions');
  return existsSync(dir) ? readdirSync(dir).filter((name) => existsSync(join(dir, name, 'src', 'index.ts'))).sort() : [];
}

async function bundleAction(name, write) {
  return build({
    ...shared,
    entryPoints: [join(root, 'actions', name, 'src', 'index.ts')],
    outfile: join(root, 'actions', name, 'dist', 'index.js'),
    write,
  });
}

async function main() {
  if (check) {
    const stale = [];
    for (const name of actionNames()) {
      const result = await bundleAction(name, false);
      const fresh = result.outputFiles[0].text;
      const path = join(root, 'actions', name, 'dist', 'index.js');
      const committed = existsSync(path) ? readFileSync(path, 'utf8') : '';
      if (fresh !== committed) stale.push(`actions/${name}/dist/index.js`);
    }
    if (stale.length) {
      console.error(`dist/ is out of step with src/ for: ${stale.join(', ')}\nRun \`npm run build\` and commit the result.`);
      process.exit(1);
    }
    console.log(`dist/ is in step for ${actionNames().length} actions.`);
    return;
  }
  await build({ ...shared, entryPoints: [join(root, 'packages/cli/src/bin.ts')], outfile: join(root, 'packages/cli/dist/agentship.js') });
  if (cliOnly) return;
  for (const name of actionNames()) await bundleAction(name, true);
  console.log(`Built the CLI and ${actionNames().length} actions.`);
}

await main();
