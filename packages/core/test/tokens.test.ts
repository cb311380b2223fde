import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import { estimateForModel, LONG_RUN_SLICE, o200k, tokenFamily } from '../src/tokens/index.js';
import { REPO_ROOT } from '../../../test/helpers.js';

describe('o200k', () => {
  it('counts like gpt-tokenizer on ordinary text, special-token strings included', () => {
    const text = 'hello world\n'.repeat(300) + 'x <|endoftext|> y';
    expect(o200k.count(text)).toBe(countTokens(text, { disallowedSpecial: new Set() }));
    expect(o200k.count('hello world')).toBe(2);
    expect(o200k.count('')).toBe(0);
  });

  it('counts long runs without whitespace in slices, within one token per slice of exact', () => {
    const run = 'ab'.repeat(LONG_RUN_SLICE * 2);
    const text = `before ${run} after`;
    const exact = countTokens(text);
    const sliced = o200k.count(text);
    expect(Math.abs(sliced - exact)).toBeLessThanOrEqual(run.length / LONG_RUN_SLICE + 1);
    // Below the threshold the count is exact.
    const short = 'ab'.repeat(LONG_RUN_SLICE - 1);
    expect(o200k.count(short)).toBe(countTokens(short));
  });
});

describe('estimateForModel', () => {
  it('is exact for o200k models and a range for families without a public tokenizer', () => {
    expect(estimateForModel(1000, 'gpt-4o-mini')).toMatchObject({ tokens: 1000, low: 1000, high: 1000, exact: true });
    const claude = estimateForModel(1000, 'claude-sonnet-4-5');
    expect(claude.exact).toBe(false);
    expect(claude.low).toBeLessThan(claude.tokens);
    expect(claude.high).toBeGreaterThan(claude.tokens);
    expect(tokenFamily('claude-opus-4-7').family).toBe('claude-4.7+');
    expect(tokenFamily('anthropic/claude-3-haiku').family).toBe('claude');
    expect(tokenFamily('gemini-2.5-pro').family).toBe('gemini');
    expect(tokenFamily('some-local-model').family).toBe('unknown');
  });
});

describe('o200k in a bundle (scripts/build.mjs: lazy loader, packed vocabulary)', () => {
  it('counts exactly as the source does, and loads the vocabulary only on the first count', async () => {
    const { build } = await import('esbuild');
    const buildScript = join(REPO_ROOT, 'scripts/build.mjs');
    const { shared } = (await import(buildScript)) as { shared: Record<string, unknown> };
    const outdir = mkdtempSync(join(tmpdir(), 'agentship-tokens-bundle-'));
    const entry = join(outdir, 'entry.ts');
    const texts = ['hello world', 'Ünïcödé, 日本語のテキスト, emoji 🚀 and <|endoftext|>', 'x'.repeat(5000), SAMPLE];
    writeFileSync(
      entry,
      "import zlib from 'node:zlib';\n" +
        `import { o200k } from ${JSON.stringify(join(REPO_ROOT, 'packages/core/src/tokens/index.ts'))};\n` +
        'let unpacked = 0;\n' +
        'const unpack = zlib.brotliDecompressSync;\n' +
        'zlib.brotliDecompressSync = (...args) => (unpacked++, unpack(...args));\n' +
        `const counts = ${JSON.stringify(texts)}.map((t) => o200k.count(t));\n` +
        'console.log(JSON.stringify({ counts, unpacked }));\n',
    );
    await build({ ...shared, entryPoints: { index: entry }, outdir, logLevel: 'error' });
    const bundle = readFileSync(join(outdir, 'index.js'), 'utf8');
    // The vocabulary is packed: no array literal of its 200,000 strings.
    expect(bundle.length).toBeLessThan(2_000_000);
    expect(bundle).not.toContain('" patrones"');
    const run = spawnSync(process.execPath, [join(outdir, 'index.js')], { encoding: 'utf8', cwd: tmpdir() });
    expect(run.stderr).toBe('');
    // Unpacked once, by the first count, after the module was imported (the spy was in place).
    expect(JSON.parse(run.stdout)).toEqual({ counts: texts.map((t) => o200k.count(t)), unpacked: 1 });
  });
});

const SAMPLE = '# Skill\n\nRun `npm test` before you commit; see https://example.com/docs?a=1&b=2.\n'.repeat(40);
