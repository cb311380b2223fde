// Behaviour of the price lookup, price override files and the cost projection that the mutation
// run (npm run mutation -- cost, docs/quality.md) showed no test pinned down.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectCosts } from '@agentship/core/cost';
import { loadPriceOverrides, loadPricer, noOverrides, type PriceOverrides } from '@agentship/core/pricing';
import { makeTree } from '../helpers.js';

const pricer = await loadPricer();

const overrides = (models: PriceOverrides['models']): PriceOverrides => ({ ...noOverrides(), models, file: 'prices.yaml' });

function loadOverrides(text: string, name = 'prices.yaml') {
  const root = makeTree({ [name]: text });
  return loadPriceOverrides(join(root, name), name);
}
const messages = (text: string) => loadOverrides(text).problems.map((p) => `${p.line ?? '-'} ${p.message}`);

describe('priceUsage with an override price', () => {
  const prices = overrides({ 'my-model': { inputPerMtok: 3, cacheReadPerMtok: 0.3, cacheWritePerMtok: 3.75, outputPerMtok: 15 } });

  it('prices the uncached input, cache reads, cache writes and output each at their own price', async () => {
    // 4000 uncached × 3 + 4000 × 0.3 + 2000 × 3.75 + 1000 × 15 = 35,700 µ$.
    const priced = (await loadPricer(prices)).priceUsage('my-model', { input: 10_000, output: 1000, cacheRead: 4000, cacheWrite: 2000 });
    expect(priced.usd).toBeCloseTo(0.0357, 12);
    expect(priced.source).toBe('override prices.yaml');
  });

  it('counts cache parts larger than the input in full, with no negative uncached input', async () => {
    const priced = (await loadPricer(prices)).priceUsage('my-model', { input: 1000, output: 0, cacheRead: 4000, cacheWrite: 2000 });
    expect(priced.usd).toBeCloseTo((4000 * 0.3 + 2000 * 3.75) / 1e6, 12);
  });

  it('finds an override written in lower case for a model id in any case', async () => {
    expect((await loadPricer(prices)).priceUsage('My-Model', { input: 1e6, output: 0, cacheRead: 0, cacheWrite: 0 })).toMatchObject({ usd: 3, source: 'override prices.yaml' });
  });
});

describe('priceUsage with provider/model ids', () => {
  it("tries the provider's own price first, then the bare model id", () => {
    expect(pricer.priceUsage('azure/gpt-4o', { input: 1000, output: 0, cacheRead: 0, cacheWrite: 0 }).source).toBe('genai-prices azure/gpt-4o');
    expect(pricer.priceUsage('gpt-4o', { input: 1000, output: 0, cacheRead: 0, cacheWrite: 0 }).source).toBe('genai-prices openai/gpt-4o');
    expect(pricer.priceUsage('my-gateway/claude-sonnet-4-5', { input: 1000, output: 0, cacheRead: 0, cacheWrite: 0 }).source).toBe('genai-prices anthropic/claude-sonnet-4-5');
  });
});

describe('loadPriceOverrides', () => {
  it('an empty file is no overrides and no problem', () => {
    const { overrides: read, problems } = loadOverrides('');
    expect(problems).toEqual([]);
    expect(read.models).toEqual({});
  });

  it('names an unknown top-level key at its line', () => {
    expect(messages('models: {}\nprice: 3\n')).toEqual(['2 Unknown key "price".']);
  });

  it('refuses a token price that is negative, not finite or not a number, and keeps 0', () => {
    const text = ['models:', '  a: { input-per-mtok: -1 }', '  b: { input-per-mtok: .inf }', '  c: { input-per-mtok: "3" }', '  free: { input-per-mtok: 0 }', ''].join('\n');
    expect(messages(text)).toEqual([
      '2 models.a.input-per-mtok must be a number of USD per million tokens, 0 or more.',
      '3 models.b.input-per-mtok must be a number of USD per million tokens, 0 or more.',
      '4 models.c.input-per-mtok must be a number of USD per million tokens, 0 or more.',
    ]);
    expect(loadOverrides(text).overrides.models).toEqual({ free: { inputPerMtok: 0 } });
  });

  it('a cache price without the input price is refused, like an output price', () => {
    expect(messages('models:\n  a: { cache-read-per-mtok: 1 }\n  b: { cache-write-per-mtok: 1 }\n')).toEqual([
      '2 models.a sets token prices without input-per-mtok.',
      '3 models.b sets token prices without input-per-mtok.',
    ]);
  });

  it('percentages run from 0 to 100 inclusive', () => {
    expect(messages('batch-discount-percent: 0\nmodels:\n  a: { price-as: gpt-4o, discount-percent: 100 }\n')).toEqual([]);
    expect(loadOverrides('batch-discount-percent: 100\n').overrides.batchDiscountPercent).toBe(100);
    expect(messages('batch-discount-percent: 101\nmodels:\n  a: { price-as: gpt-4o, discount-percent: -1 }\n  b: { price-as: gpt-4o, discount-percent: "5" }\n')).toEqual([
      '1 batch-discount-percent must be a number from 0 to 100.',
      '3 models.a.discount-percent must be a number from 0 to 100.',
      '4 models.b.discount-percent must be a number from 0 to 100.',
    ]);
  });
});

describe('projectCosts', () => {
  const repo = (workload: string, models: string, extra: Record<string, string> = {}) =>
    makeTree({
      'agentship.yaml': 'agents:\n  triage: {}\n',
      'agents/triage/AGENTS.md': '# Triage\n\nLabel each ticket with one of: bug, billing, question.\n',
      'environments/production/budget-limits.yaml': `workload:\n  agents:\n${workload}`,
      'environments/production/model-overrides.yaml': models,
      ...extra,
    });

  it('per-task tokens multiply each call by the calls per task', async () => {
    const { projection } = await projectCosts(repo('    triage: { tasks-per-day: 10, calls-per-task: 3, avg-input-tokens: 1000, avg-output-tokens: 100 }\n', 'default-model: gpt-4o\n'));
    const [triage] = projection.environments[0].agents;
    expect(triage.perTask).toEqual({ input: (triage.contextTokens + 1000) * 3, output: 300, cacheRead: 0, cacheWrite: 0 });
  });

  it('counts are exact for an o200k model and estimates for another family', async () => {
    const workload = '    triage: { tasks-per-day: 10, avg-input-tokens: 1000, avg-output-tokens: 100 }\n';
    expect((await projectCosts(repo(workload, 'default-model: gpt-4o\n'))).projection.environments[0].agents[0].estimate).toBe(false);
    expect((await projectCosts(repo(workload, 'default-model: claude-haiku-4-5\n'))).projection.environments[0].agents[0].estimate).toBe(true);
  });

  it('a free model costs 0 in every phase, not NaN', async () => {
    const free = repo('    triage: { tasks-per-day: 10, avg-input-tokens: 1000, avg-output-tokens: 100 }\n', 'default-model: house-model\n', {
      'agentship.yaml': 'agents:\n  triage: {}\ncost:\n  prices: prices.yaml\n',
      'prices.yaml': 'models:\n  house-model: { input-per-mtok: 0 }\n',
    });
    const { projection } = await projectCosts(free);
    expect(projection.problems).toEqual([]);
    expect(projection.environments[0].agents[0]).toMatchObject({ monthlyUsd: 0, phases: { context: 0, input: 0, output: 0 } });
  });

  it('names each problem with its rule, severity, message and help page', async () => {
    const root = repo(
      '    triage: { tasks-per-day: 1 }\n    ghost: { tasks-per-day: 1 }\n',
      'agents:\n  triage: { model: no-such-model-anywhere }\n',
    );
    const problems = (await projectCosts(root)).projection.problems.map((p) => [p.ruleId, p.severity, p.message, p.help]);
    expect(problems).toEqual([
      ['cost/unknown-agent', 'warning', 'Workload for "ghost" in production, but the repository has no such agent; its context is counted as 0 tokens.', expect.stringContaining('cost/unknown-agent')],
      ['cost/no-model', 'error', 'No model for "ghost" in production: set default-model or agents.ghost.model in model-overrides.yaml.', expect.stringContaining('cost/no-model')],
      ['cost/unknown-model', 'error', 'No price for model "no-such-model-anywhere" (agent "triage" in production): add it to the price override file.', expect.stringContaining('cost/unknown-model')],
    ]);
  });

  it('a problem in the price override file is reported', async () => {
    const root = repo('    triage: { tasks-per-day: 1 }\n', 'default-model: gpt-4o\n', { 'prices.yaml': 'models: {}\nprice: 3\n' });
    writeFileSync(join(root, 'agentship.yaml'), 'agents:\n  triage: {}\ncost:\n  prices: prices.yaml\n');
    expect((await projectCosts(root)).projection.problems.map((p) => `${p.ruleId} ${p.file}:${p.line} ${p.message}`)).toEqual(['cost/invalid-price-override prices.yaml:2 Unknown key "price".']);
  });
});
