#!/usr/bin/env node
// Bundles the CLI and every action with esbuild. `--check` rebuilds the actions in memory and
// fails when a committed actions/<name>/dist folder differs (a file changed, missing or extra):
// dist/ must stay in step with src/.
//
// Each bundle is an entry file (actions/<name>/dist/index.js, packages/cli/dist/agentship.js)
// plus chunks/: code behind a dynamic `import()` (the tokenizer, prices, the MCP SDK, the cache
// service, CLI commands) is split into a chunk that loads only when that code runs.
import { build } from 'esbuild';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = new Set(process.argv.slice(2));
const check = args.has('--check');
const cliOnly = args.has('--cli');

// Third-party modules whose top-level code only defines things, but which esbuild must keep
// because they do not say so (no "sideEffects" in their package.json). @actions/core imports
// @actions/http-client (and through it undici, 780 KB) for getIDToken alone; marked here, they
// are dropped from every bundle that does not make HTTP calls through them.
const SIDE_EFFECT_FREE = ['@actions/http-client', 'undici', 'tunnel'];

/** Tells esbuild the packages above can be dropped when nothing imported from them is used. */
const sideEffectFree = {
  name: 'side-effect-free',
  setup(pluginBuild) {
    const names = SIDE_EFFECT_FREE.map((name) => name.replace(/[/.@-]/g, '\\$&')).join('|');
    pluginBuild.onResolve({ filter: new RegExp(`^(${names})(/|$)`) }, async (resolveArgs) => {
      if (resolveArgs.pluginData?.sideEffectFree) return undefined;
      const { path, external, errors, warnings } = await pluginBuild.resolve(resolveArgs.path, {
        kind: resolveArgs.kind,
        importer: resolveArgs.importer,
        resolveDir: resolveArgs.resolveDir,
        pluginData: { sideEffectFree: true },
      });
      return { path, external, errors, warnings, sideEffects: false };
    });
  },
};

// Node 20 on these machines, Node 24 on GitHub's runners: target the older one.
const shared = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  // Non-ASCII text (the tokenizer's vocabulary) as UTF-8, not \u escapes: 0.5 MB less.
  charset: 'utf8',
  legalComments: 'none',
  // jsonc-parser's UMD main cannot be bundled; its ESM build can.
  mainFields: ['module', 'main'],
  logLevel: 'warning',
  plugins: [sideEffectFree],
  // Some dependencies are CommonJS and call require() on Node built-ins.
  banner: {
    js: "import { createRequire as __agentshipCreateRequire } from 'node:module';\n" +
      'const require = __agentshipCreateRequire(import.meta.url);',
  },
};

export function actionNames() {
  const dir = join(root, 'actions');
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((name) => existsSync(join(dir, name, 'src', 'index.ts'))).sort();
}

/** Builds one bundle in memory: its files as paths relative to `outdir`, with their text. */
async function bundle(entryName, entry, outdir) {
  const result = await build({ ...shared, entryPoints: { [entryName]: entry }, outdir, write: false });
  return new Map(result.outputFiles.map((file) => [relative(outdir, file.path), file.text]));
}

/** The files under `dir`, relative to it, with their text. */
function filesUnder(dir, base = dir, files = new Map()) {
  if (!existsSync(dir)) return files;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) filesUnder(path, base, files);
    else files.set(relative(base, path), readFileSync(path, 'utf8'));
  }
  return files;
}

/** Replaces `outdir` with the bundle, so no chunk of an earlier build is left behind. */
function writeBundle(outdir, files) {
  rmSync(outdir, { recursive: true, force: true });
  for (const [name, text] of files) {
    mkdirSync(dirname(join(outdir, name)), { recursive: true });
    writeFileSync(join(outdir, name), text);
  }
}

const actionEntry = (name) => join(root, 'actions', name, 'src', 'index.ts');
const actionDist = (name) => join(root, 'actions', name, 'dist');

async function main() {
  if (check) {
    const stale = [];
    for (const name of actionNames()) {
      const fresh = await bundle('index', actionEntry(name), actionDist(name));
      const committed = filesUnder(actionDist(name));
      const names = new Set([...fresh.keys(), ...committed.keys()]);
      for (const file of [...names].sort()) {
        if (fresh.get(file) !== committed.get(file)) stale.push(`actions/${name}/dist/${file}`);
      }
    }
    if (stale.length) {
      console.error(`dist/ is out of step with src/ for: ${stale.join(', ')}\n` +
        'Run `npm run build` and commit the result.');
      process.exit(1);
    }
    console.log(`dist/ is in step for ${actionNames().length} actions.`);
    return;
  }
  const cliDist = join(root, 'packages/cli/dist');
  writeBundle(cliDist, await bundle('agentship', join(root, 'packages/cli/src/bin.ts'), cliDist));
  if (cliOnly) return;
  for (const name of actionNames()) {
    writeBundle(actionDist(name), await bundle('index', actionEntry(name), actionDist(name)));
  }
  console.log(`Built the CLI and ${actionNames().length} actions.`);
}

await main();
