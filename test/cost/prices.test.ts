import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPriceOverrides, priceUsage } from '@agentship/core/cost';
import { makeTree } from '../helpers.js';

describe('priceUsage', () => {
  it('prices a listed model from genai-prices, cache reads and writes at their own rates', () => {
    // haiku-4-5: $1 in, $0.10 cache read, $1.25 cache write, $5 out per million (research 3.6)
    const priced = priceUsage({ model: 'claude-haiku-4-5', inputTokens: 1_000_000, cacheReadTokens: 200_000, cacheWriteTokens: 100_000, outputTokens: 100_000 });
    expect(priced.usd).toBeCloseTo(0.7 + 0.02 + 0.125 + 0.5, 6);
    expect(priced.source).toBe('genai-prices anthropic/claude-haiku-4-5');
    expect(priced.unpriced).toBeUndefined();
  });

  it('halves a batch request and accepts provider/model ids', () => {
    const sync = priceUsage({ model: 'anthropic/claude-haiku-4-5', inputTokens: 1_000_000, outputTokens: 0 });
    const batch = priceUsage({ model: 'claude-haiku-4-5', inputTokens: 1_000_000, outputTokens: 0, batch: true });
    expect(sync.usd).toBeCloseTo(1, 6);
    expect(batch.usd).toBeCloseTo(0.5, 6);
  });

  it('says a model without a price is unpriced rather than free', () => {
    const priced = priceUsage({ model: 'acme-llm-large', inputTokens: 1000, outputTokens: 10 });
    expect(priced).toMatchObject({ usd: 0, unpriced: true });
  });

  it('gives a range for o200k counts of a model without a public tokenizer, none for an o200k model', () => {
    const claude = priceUsage({ model: 'claude-haiku-4-5', inputTokens: 1_000_000, outputTokens: 0, countedWith: 'o200k' });
    expect(claude.usd).toBeCloseTo(1.2, 6); // ratio 1.2 for Claude <= 4.6
    expect(claude.estimate).toMatchObject({ family: 'claude' });
    expect(claude.estimate!.lowUsd).toBeCloseTo(1.16, 6);
    expect(claude.estimate!.highUsd).toBeCloseTo(1.3, 6);
    const gpt = priceUsage({ model: 'gpt-4o', inputTokens: 1_000_000, outputTokens: 0, countedWith: 'o200k' });
    expect(gpt.estimate).toBeUndefined();
    expect(gpt.usd).toBeCloseTo(2.5, 6);
  });

  it('uses an override file: custom prices, a negotiated discount, price-as and the batch discount', () => {
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
    const custom = priceUsage({ model: 'acme-llm-large', inputTokens: 1_000_000, cacheReadTokens: 500_000, outputTokens: 1_000_000 }, overrides);
    expect(custom.usd).toBeCloseTo(1 + 0.1 + 8, 6);
    expect(custom.source).toBe('override prices.yaml');
    expect(priceUsage({ model: 'claude-haiku-4-5', inputTokens: 1_000_000, outputTokens: 0 }, overrides).usd).toBeCloseTo(0.8, 6);
    expect(priceUsage({ model: 'bedrock-haiku', inputTokens: 1_000_000, outputTokens: 0, batch: true }, overrides).usd).toBeCloseTo(0.6, 6);
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
