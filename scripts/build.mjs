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
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants as zlib } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = new Set(process.argv.slice(2));
const check = args.has('--check');
const cliOnly = args.has('--cli');

// Third-party modules whose top-level code only defines things, but which esbuild must keep
// because they do not say so (no "sideEffects" in their package.json). @actions/core imports
// @actions/http-client (and through it undici, 780 KB) for getIDToken alone; marked here, they
// are dropped from every bundle that does not make HTTP calls through them.
const SIDE_EFFECT_FREE = ['@actions/http-client', 'undici', 'tunnel', '@actions/exec', '@actions/io'];

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

// packages/core/src/tokens/o200k-loader.ts loads the tokenizer with createRequire, which esbuild
// leaves alone (and a runner has no node_modules). In a bundle it becomes a plain require(),
// which esbuild bundles as a module evaluated on the first call: no split chunk, but no load cost.
const O200K_LOADER = /[\\/]packages[\\/]core[\\/]src[\\/]tokens[\\/]o200k-loader\.ts$/;
// The vocabulary as a JS array literal is 2.7 MB; brotli-packed JSON is 1.1 MB of base64 and is
// unpacked (about 0.1 s) on the first count, when the tokenizer builds its tables anyway.
const O200K_RANKS = /[\\/]gpt-tokenizer[\\/]cjs[\\/]bpeRanks[\\/]o200k_base\.js$/;

let packedRanks;
/** The CommonJS source of the packed vocabulary, computed once per process (0.5 s). */
export function packedO200kRanksSource() {
  if (packedRanks) return packedRanks;
  const require = createRequire(join(root, 'packages/core/package.json'));
  const ranks = require('gpt-tokenizer/cjs/bpeRanks/o200k_base').default;
  const json = Buffer.from(JSON.stringify(ranks));
  const packed = brotliCompressSync(json, {
    params: { [zlib.BROTLI_PARAM_QUALITY]: 9, [zlib.BROTLI_PARAM_SIZE_HINT]: json.length },
  });
  packedRanks = "const { brotliDecompressSync } = require('node:zlib');\n" +
    `const packed = '${packed.toString('base64')}';\n` +
    "exports.default = JSON.parse(brotliDecompressSync(Buffer.from(packed, 'base64')).toString('utf8'));\n";
  return packedRanks;
}

export const lazyTokenizer = {
  name: 'lazy-tokenizer',
  setup(pluginBuild) {
    pluginBuild.onLoad({ filter: O200K_LOADER }, (loadArgs) => ({
      contents: "export function loadO200k() { return require('gpt-tokenizer/encoding/o200k_base').countTokens; }\n",
      loader: 'js',
      resolveDir: dirname(loadArgs.path),
    }));
    pluginBuild.onLoad({ filter: O200K_RANKS }, (loadArgs) => ({
      contents: packedO200kRanksSource(),
      loader: 'js',
      resolveDir: dirname(loadArgs.path),
    }));
  },
};

// Node 20 on these machines, Node 24 on GitHub's runners: target the older one.
export const shared = {
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
  plugins: [sideEffectFree, lazyTokenizer],
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

// Imported by tests for its plugins and options; run as a script, it builds.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
