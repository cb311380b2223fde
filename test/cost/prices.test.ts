import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPriceOverrides, loadPricer } from '@agentship/core/pricing';
import { makeTree, REPO_ROOT } from '../helpers.js';

const pricer = await loadPricer();

describe('priceUsage', () => {
  it('prices a listed model from genai-prices, cache reads and writes at their own rates', () => {
    // haiku-4-5: $1 in, $0.10 cache read, $1.25 cache write, $5 out per million (research 3.6)
    const priced = pricer.priceUsage('claude-haiku-4-5', { input: 1_000_000, output: 100_000, cacheRead: 200_000, cacheWrite: 100_000 });
    expect(priced.usd).toBeCloseTo(0.7 + 0.02 + 0.125 + 0.5, 6);
    expect(priced.source).toBe('genai-prices anthropic/claude-haiku-4-5');
    expect(priced.unpriced).toBeUndefined();
  });

  it('halves a batch request and accepts provider/model ids', () => {
    const sync = pricer.priceUsage('anthropic/claude-haiku-4-5', { input: 1_000_000, output: 0, cacheRead: 0, cacheWrite: 0 });
    const batch = pricer.priceUsage('claude-haiku-4-5', { input: 1_000_000, output: 0, cacheRead: 0, cacheWrite: 0 }, { batch: true });
    expect(sync.usd).toBeCloseTo(1, 6);
    expect(batch.usd).toBeCloseTo(0.5, 6);
  });

  it('says a model without a price is unpriced rather than free', () => {
    const priced = pricer.priceUsage('acme-llm-large', { input: 1000, output: 10, cacheRead: 0, cacheWrite: 0 });
    expect(priced).toMatchObject({ usd: 0, unpriced: true });
  });

  it('uses an override file: custom prices, a negotiated discount, price-as and the batch discount', async () => {
    const root = makeTree({
      'prices.yaml': [
        'batch-discount-percent: 40',
        'models:',
        '  acme-llm-large: { input-per-mtok: 2, output-per-mtok: 8, cache-read-per-mtok: 0.2 }',
        '  claude-haiku-4-5: { discount-percent: 20 }',
        '  bedrock-haiku: { price-as: claude-haiku-4-5 }',
      ].join('\n'),
    });
    const { overrides, problems } = loadPriceOverrides(join(root, 'prices.yaml'), 'prices.yaml');
    expect(problems).toEqual([]);
    const custom = (await loadPricer(overrides)).priceUsage('acme-llm-large', { input: 1_000_000, output: 1_000_000, cacheRead: 500_000, cacheWrite: 0 });
    expect(custom.usd).toBeCloseTo(1 + 0.1 + 8, 6);
    expect(custom.source).toBe('override prices.yaml');
    expect((await loadPricer(overrides)).priceUsage('claude-haiku-4-5', { input: 1_000_000, output: 0, cacheRead: 0, cacheWrite: 0 }).usd).toBeCloseTo(0.8, 6);
    expect((await loadPricer(overrides)).priceUsage('bedrock-haiku', { input: 1_000_000, output: 0, cacheRead: 0, cacheWrite: 0 }, { batch: true }).usd).toBeCloseTo(0.6, 6);
  });

  it('reports a bad override entry with its line and keeps the good ones', () => {
    const root = makeTree({});
    writeFileSync(join(root, 'p.yaml'), 'models:\n  good: { input-per-mtok: 1 }\n  bad:\n    input-per-mtok: cheap\n  worse: { output-per-mtok: 3 }\nextra: 1\n');
    const { overrides, problems } = loadPriceOverrides(join(root, 'p.yaml'), 'p.yaml');
    expect(Object.keys(overrides.models)).toEqual(['good']);
    expect(problems.map((p) => [p.ruleId, p.line])).toEqual([
      ['cost/invalid-price-override', 6],
      ['cost/invalid-price-override', 4],
      ['cost/invalid-price-override', 5],
    ]);
  });

  it('reports a missing override file instead of throwing', () => {
    const { problems } = loadPriceOverrides('/nonexistent/p.yaml', 'p.yaml');
    expect(problems[0].message).toMatch(/could not be read \(ENOENT\)/);
  });
});

describe('loadPriceOverrides: every bad entry is a finding on its line, the good ones are kept', () => {
  const load = (name: string, text: string) => {
    const root = makeTree({ [name]: text });
    return loadPriceOverrides(join(root, name), name);
  };
  const linesOf = (problems: Array<{ line?: number; message: string }>) => problems.map((p) => `${p.line} ${p.message}`);

  it('reads a JSON file as well as YAML', async () => {
    const { overrides, problems } = load('prices.json', '{"batch-discount-percent": 25, "models": {"acme-llm": {"input-per-mtok": 4}}}');
    expect(problems).toEqual([]);
    expect(overrides).toMatchObject({ file: 'prices.json', batchDiscountPercent: 25, models: { 'acme-llm': { inputPerMtok: 4 } } });
    // Only input-per-mtok: output, cache reads and writes are priced at the input price; batch takes 25% off.
    const priced = (await loadPricer(overrides)).priceUsage('acme-llm', { input: 500_000, output: 250_000, cacheRead: 250_000, cacheWrite: 0 }, { batch: true });
    expect(priced.usd).toBeCloseTo(((500_000 + 250_000) * 4 * 0.75) / 1e6, 9);
    expect(priced.source).toBe('override prices.json');
  });

  it('an empty file is no override and no finding; a file that is not a mapping is one finding at line 1', () => {
    expect(load('prices.yaml', '# prices to come\n')).toMatchObject({ problems: [], overrides: { models: {}, batchDiscountPercent: 50 } });
    const list = load('prices.yaml', '- claude-haiku-4-5\n');
    expect(linesOf(list.problems)).toEqual(['1 A price override file is a mapping with a `models:` key.']);
    expect(list.overrides.models).toEqual({});
  });

  it('reports a JSON syntax error with its line', () => {
    const { overrides, problems } = load('prices.json', '{\n  "models": {\n    "a": {"input-per-mtok": 1,}\n  }\n}');
    expect(problems.length).toBeGreaterThan(0);
    expect(new Set(problems.map((p) => `${p.ruleId} ${p.file}:${p.line}`))).toEqual(new Set(['cost/invalid-price-override prices.json:3']));
    // What parsed around the stray comma is still used.
    expect(overrides.models.a).toEqual({ inputPerMtok: 1 });
  });

  it('keeps the default batch discount when batch-discount-percent is out of range', () => {
    const { overrides, problems } = load('prices.yaml', 'batch-discount-percent: 150\n');
    expect(linesOf(problems)).toEqual(['1 batch-discount-percent must be a number from 0 to 100.']);
    expect(overrides.batchDiscountPercent).toBe(50);
  });

  it('reports models that are not a mapping, entries that are not mappings, unknown keys, a bad price-as and a bad discount', async () => {
    expect(linesOf(load('prices.yaml', '$schema: ../schemas/price-overrides.schema.json\nmodels: [claude-haiku-4-5]\n').problems)).toEqual(['2 models must map model ids to prices.']);
    const { overrides, problems } = load(
      'prices.yaml',
      [
        'models:', // 1
        '  acme-small: 2', // 2
        '  acme-large: { input-per-mtok: 3, output: 12 }', // 3
        '  bedrock-haiku: { price-as: 7 }', // 4
        '  claude-haiku-4-5:', // 5
        '    discount-percent: 120', // 6
        '  claude-sonnet-4-5: { discount-percent: 10 }', // 7
        '',
      ].join('\n'),
    );
    expect(linesOf(problems)).toEqual([
      '2 models.acme-small must be a mapping of prices.',
      '3 models.acme-large: unknown key "output".',
      '4 models.bedrock-haiku.price-as must be a model id.',
      '6 models.claude-haiku-4-5.discount-percent must be a number from 0 to 100.',
    ]);
    // An entry with any bad key is left out whole: half an override would misprice the model.
    expect(Object.keys(overrides.models)).toEqual(['claude-sonnet-4-5']);
    expect((await loadPricer(overrides)).priceUsage('claude-haiku-4-5', { input: 1_000_000, output: 0, cacheRead: 0, cacheWrite: 0 }).usd).toBeCloseTo(1, 6);
    expect((await loadPricer(overrides)).priceUsage('acme-large', { input: 1_000_000, output: 0, cacheRead: 0, cacheWrite: 0 }).unpriced).toBe(true);
  });
});

describe('priceUsage edge cases', () => {
  it('cache reads priced at the cache rate, batch discount and negotiated discount multiply', async () => {
    const { overrides } = loadPriceOverrides(join(makeTree({ 'p.yaml': 'batch-discount-percent: 50\nmodels:\n  claude-haiku-4-5: { discount-percent: 10 }\n' }), 'p.yaml'), 'p.yaml');
    // haiku-4-5: 800k fresh input at $1, 200k cache reads at $0.10, 100k output at $5 per million.
    const listed = 0.8 + 0.02 + 0.5;
    const priced = (await loadPricer(overrides)).priceUsage('claude-haiku-4-5', { input: 1_000_000, output: 100_000, cacheRead: 200_000, cacheWrite: 0 }, { batch: true });
    expect(priced.usd).toBeCloseTo(listed * 0.9 * 0.5, 9);
    expect(priced.source).toBe('genai-prices anthropic/claude-haiku-4-5 via p.yaml');
  });

  it('counts cache parts in full when they exceed the input total, and never a negative output', () => {
    const odd = pricer.priceUsage('claude-haiku-4-5', { input: 100, output: -5, cacheRead: 1_000_000, cacheWrite: 0 });
    expect(odd.usd).toBeCloseTo(0.1, 9);
  });
});

describe('schemas for the cost configuration', () => {
  it('accepts a cost section in agentship.yaml and rejects a wrong behaviour', async () => {
    const { discover } = await import('@agentship/core');
    const good = makeTree({ 'agentship.yaml': 'cost:\n  prices: prices.yaml\n  fail-at: 90\n  comment: { behavior: hide-and-new, author: \"github-actions[bot]\" }\n  approval: { label: cost-approved, team: acme/platform }\n' });
    expect(discover(good).problems).toEqual([]);
    const bad = makeTree({ 'agentship.yaml': 'cost:\n  comment: { behavior: sometimes }\n' });
    expect(discover(bad).problems.map((p) => [p.ruleId, p.line])).toEqual([['config/schema', 2]]);
  });

  it('price-overrides.schema.json accepts what loadPriceOverrides accepts', async () => {
    const { default: Ajv2020 } = await import('ajv/dist/2020.js');
    const { readFileSync } = await import('node:fs');
    const { REPO_ROOT } = await import('../helpers.js');
    const validate = new Ajv2020({ strict: false }).compile(JSON.parse(readFileSync(join(REPO_ROOT, 'schemas/price-overrides.schema.json'), 'utf8')));
    expect(validate({ 'batch-discount-percent': 40, models: { a: { 'input-per-mtok': 1, 'output-per-mtok': 2 }, b: { 'price-as': 'claude-haiku-4-5', 'discount-percent': 10 } } })).toBe(true);
    expect(validate({ models: { a: { 'output-per-mtok': 2 } } })).toBe(false);
    expect(validate({ models: { a: { discount: 2 } } })).toBe(false);
  });
});

describe('the pricing module', () => {
  const sources = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
      if (e.isDirectory()) return sources(join(dir, e.name));
      return e.name.endsWith('.ts') ? [join(dir, e.name)] : [];
    });

  it('is the only code that imports @pydantic/genai-prices, through one dynamic import()', () => {
    const packages = ['core', 'platform', 'cli'];
    const files = packages.flatMap((p) => sources(join(REPO_ROOT, 'packages', p, 'src')));
    const named = (f: string) => readFileSync(f, 'utf8').includes("'@pydantic/genai-prices'");
    const importers = files.filter(named);
    const names = importers.map((f) => relative(REPO_ROOT, f).split('\\').join('/'));
    expect(names).toEqual(['packages/core/src/pricing/pricer.ts']);
    const text = readFileSync(importers[0], 'utf8');
    expect(text.match(/await import\('@pydantic\/genai-prices'\)/g)).toHaveLength(1);
    expect(text).not.toMatch(/^import [^(]*'@pydantic\/genai-prices'/m);
  });

  it('is a leaf: it imports no core module but findings and parse', () => {
    const files = sources(join(REPO_ROOT, 'packages/core/src/pricing'));
    const fromOutside = /from '(\.\.\/[^/']+)/g;
    const importsOf = (f: string) => [...readFileSync(f, 'utf8').matchAll(fromOutside)].map((m) => m[1]);
    const imported = files.flatMap(importsOf);
    expect([...new Set(imported)].sort()).toEqual(['../findings', '../parse']);
  });
});
