import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validate } from '../../../src/engine/index.js';
import { budgetRules } from '../../../src/rules/budget/index.js';
import { overrun } from '../../../src/rules/budget/compare.js';
import { makeTree, REPO_ROOT } from '../../../../../test/helpers.js';

const FIXTURES = join(REPO_ROOT, 'test/fixtures/instructions');

function findingsOf(root: string): string[] {
  return validate(root, { rules: budgetRules }).findings.map((f) => `${f.ruleId} ${f.file}:${f.line ?? '-'} ${f.severity}`);
}

function messagesOf(root: string, ruleId: string): string[] {
  return validate(root, { rules: budgetRules }).findings.filter((f) => f.ruleId === ruleId).map((f) => f.message);
}

describe('overrun: when a count is over a budget', () => {
  it('compares the o200k count exactly when no model is named', () => {
    expect(overrun(100, 100, [])).toBeUndefined();
    expect(overrun(101, 100, [])).toEqual({ severity: 'error', amount: '101 tokens (o200k)', verb: 'exceeds' });
  });

  it('is exact for o200k models', () => {
    expect(overrun(100, 100, ['gpt-5'])).toBeUndefined();
    expect(overrun(101, 100, ['gpt-5'])?.severity).toBe('error');
  });

  it('is an error only when the whole estimated range is over, a warning when the range straddles the budget', () => {
    // claude: 1.16-1.30 x o200k, central 1.2
    expect(overrun(1000, 1400, ['claude-sonnet-4-5'])).toBeUndefined();
    expect(overrun(1000, 1250, ['claude-sonnet-4-5'])).toEqual({ severity: 'warning', amount: '~1,200 tokens (1,160-1,300, estimated) for claude-sonnet-4-5', verb: 'may exceed' });
    expect(overrun(1000, 1100, ['claude-sonnet-4-5'])?.severity).toBe('error');
  });

  it('reports the worst model: an error over a warning, then the larger count', () => {
    expect(overrun(1000, 1100, ['gemini-2.5-pro', 'claude-sonnet-4-5'])?.amount).toContain('claude-sonnet-4-5');
    expect(overrun(1000, 1150, ['claude-sonnet-4-5', 'claude-opus-4-7'])).toMatchObject({ severity: 'error', amount: expect.stringContaining('claude-opus-4-7') });
  });
});

describe('budget/ rules on their fixtures', () => {
  it('file-tokens and context-tokens: exact (gpt-5) and estimated (Claude) counts over budget', () => {
    const root = join(FIXTURES, 'budget-over');
    expect(findingsOf(root)).toEqual(['budget/file-tokens AGENTS.md:- error', 'budget/context-tokens agents/triage/AGENTS.md:- error']);
    expect(messagesOf(root, 'budget/file-tokens')[0]).toBe('File is 55 tokens for gpt-5, which exceeds the per-file budget of 40 tokens (agentship.yaml).');
    expect(messagesOf(root, 'budget/context-tokens')[0]).toMatch(
      /^Agent triage as claude-code loads ~124 tokens \(119-134, estimated\) for claude-haiku-4-5 at start \(instructions: 81 o200k tokens in 4 files; skill index: 22 for 1 skills\), which exceeds the per-context budget of 100 tokens \(environment production, environments\/production\/budget-limits.yaml\)\.$/,
    );
  });

  it('file-tokens: without models the o200k count is compared, exactly', () => {
    const root = makeTree({ 'agentship.yaml': 'budgets:\n  per-file: 3\n', 'AGENTS.md': 'one two three four five\n' });
    expect(messagesOf(root, 'budget/file-tokens')).toEqual(['File is 6 tokens (o200k), which exceeds the per-file budget of 3 tokens (agentship.yaml).']);
  });

  it('environment-schema: misspelt keys and a wrong type in tokens:, each on its line', () => {
    expect(findingsOf(join(FIXTURES, 'environment-schema'))).toEqual([
      'budget/environment-schema environments/staging/budget-limits.yaml:1 error',
      'budget/environment-schema environments/staging/budget-limits.yaml:3 error',
      'budget/environment-schema environments/staging/model-overrides.yaml:4 error',
    ]);
    expect(messagesOf(join(FIXTURES, 'environment-schema'), 'budget/environment-schema')).toEqual([
      'budget-limits.yaml unknown key "monthly-budget" (schemas/budget-limits.schema.json).',
      'budget-limits.yaml tokens.per-file: must be integer (schemas/budget-limits.schema.json).',
      'model-overrides.yaml agents.triage: unknown key "modle" (schemas/model-overrides.schema.json).',
    ]);
  });

  it('environment-schema: leaves wrong values in the cost parts to cost/invalid-workload', () => {
    const root = makeTree({ 'environments/ci/budget-limits.yaml': 'monthly-budget-usd: lots\nworkload:\n  agents:\n    x: { tasks: 1 }\n' });
    expect(findingsOf(root)).toEqual([]);
  });
});
