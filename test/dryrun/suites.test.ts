import { describe, expect, it } from 'vitest';
import { checkExpectation, emptyUsage, loadSuites, valueAtPath, type CaseOutcome, type Expectation, type TestCase } from '@agentship/core/dryrun';
import { makeTree } from '../helpers.js';

const outcome = (output: string, extra: Partial<CaseOutcome> = {}): CaseOutcome => ({ output, calls: [], usage: emptyUsage(), costUsd: 0, latencyMs: 10, skillsUsed: [], toolCalls: [], ...extra });

function load(files: Record<string, string>) {
  const root = makeTree(files);
  return { root, ...loadSuites(root, Object.keys(files)) };
}

describe('suite files', () => {
  it('loads cases with vars, files, tags, weights and thresholds', () => {
    const { suites, problems } = load({
      'evals/a.yaml': [
        'agent: triage',
        'threshold: 0.5',
        'tags: [all]',
        'cases:',
        '  - id: one',
        '    input: { prompt: "Hi {{name}}", vars: { name: Ada }, files: [note.txt] }',
        '    tags: [smoke]',
        '    weight: 2',
        '    threshold: 0.75',
        '    expect:',
        '      - contains: Ada',
        '        weight: 3',
      ].join('\n'),
      'evals/note.txt': 'attached text',
    });
    expect(problems).toEqual([]);
    expect(suites).toHaveLength(1);
    const c = suites[0].cases[0];
    expect(c).toMatchObject({ id: 'one', suite: 'a', agent: 'triage', tags: ['all', 'smoke'], weight: 2, threshold: 0.75, line: 5 });
    expect(c.input.prompt).toBe('Hi Ada\n\n<file name="note.txt">\nattached text\n</file>');
    expect(c.expect).toEqual([expect.objectContaining({ kind: 'contains', value: 'Ada', weight: 3 })]);
    expect(suites[0].threshold).toBe(0.5);
  });

  it('reports broken cases with their line and still loads the good ones', () => {
    const { suites, problems } = load({
      'evals/b.yaml': [
        'cases:',
        '  - id: good',
        '    input: hello',
        '  - id: no-input',
        '  - id: two-checks',
        '    input: x',
        '    expect:',
        '      - { contains: a, regex: b }',
        '  - id: bad-var',
        '    input: { prompt: "{{missing}}" }',
        '  - id: good',
        '    input: again',
      ].join('\n'),
      'evals/c.yaml': 'cases: [unclosed',
    });
    expect(suites.find((s) => s.name === 'b')!.cases.map((c) => c.id)).toEqual(['good']);
    const byLine = problems.map((p) => `${p.ruleId} ${p.file}:${p.line}`);
    expect(byLine).toContain('dryrun/suite-invalid evals/b.yaml:4');
    expect(byLine).toContain('dryrun/suite-invalid evals/b.yaml:8');
    expect(byLine).toContain('dryrun/suite-invalid evals/b.yaml:10');
    expect(byLine).toContain('dryrun/duplicate-case-id evals/b.yaml:11');
    expect(problems.some((p) => p.file === 'evals/c.yaml' && p.ruleId === 'dryrun/suite-invalid')).toBe(true);
    expect(problems.find((p) => p.line === 8)!.message).toContain('exactly one check');
  });
});

describe('expectations', () => {
  const testCase = (dir = '/nonexistent'): TestCase => ({ id: 'c', suite: 's', file: 'f', line: 1, dir, input: {}, tags: ['t'], weight: 1, threshold: 1, expect: [] });
  const check = (e: Partial<Expectation> & Pick<Expectation, 'kind' | 'value'>, o: CaseOutcome, tc = testCase()) => checkExpectation({ weight: 1, ignoreCase: false, ...e }, o, tc);

  it.each([
    ['contains', 'hello', 'Hello world', false],
    ['contains', ['hello', 'world'], 'hello world', true],
    ['not-contains', 'secret', 'nothing here', true],
    ['not-contains', ['a', 'here'], 'nothing here', false],
    ['regex', '^\\d{3}$', '123', true],
    ['regex', '^\\d{3}$', '1234', false],
    ['equals', 'done', '  done\n', true],
    ['equals', 'done', 'not done', false],
  ] as const)('%s %j on %j passes: %s', async (kind, value, output, pass) => {
    expect((await check({ kind, value }, outcome(output))).pass).toBe(pass);
  });

  it('folds case when asked', async () => {
    expect((await check({ kind: 'contains', value: 'HELLO', ignoreCase: true }, outcome('hello'))).pass).toBe(true);
  });

  it('checks JSON output against a schema and at JSON paths, fenced JSON included', async () => {
    const out = outcome('Here:\n```json\n{"status": "open", "labels": ["a", "b"], "n": 3}\n```');
    expect((await check({ kind: 'json-schema', value: { type: 'object', required: ['status'] } }, out)).pass).toBe(true);
    const bad = await check({ kind: 'json-schema', value: { type: 'object', properties: { n: { type: 'string' } } } }, out);
    expect(bad.pass).toBe(false);
    expect(bad.message).toContain('/n must be string');
    expect((await check({ kind: 'json-path', value: { path: '$.labels[1]', equals: 'b' } }, out)).pass).toBe(true);
    expect((await check({ kind: 'json-path', value: { path: '$.status', equals: 'closed' } }, out)).message).toBe('$.status is "open", expected "closed"');
    expect((await check({ kind: 'json-path', value: { path: '$.missing', exists: false } }, out)).pass).toBe(true);
    expect((await check({ kind: 'json-schema', value: {} }, outcome('not json'))).message).toContain('output is not JSON');
  });

  it('reads JSON paths with indexes and quoted keys, and rejects malformed paths', () => {
    expect(valueAtPath({ a: [{ 'b c': 1 }] }, '$.a[0]["b c"]')).toEqual({ found: true, value: 1 });
    expect(valueAtPath({ a: 1 }, '$.b')).toEqual({ found: false });
    expect(() => valueAtPath({}, '$..a')).toThrow('cannot read JSON path');
  });

  it('checks tokens, cost, latency, skills and tool calls', async () => {
    const o = outcome('x', { usage: { input: 90, output: 20, cacheRead: 0, cacheWrite: 0 }, costUsd: 0.002, latencyMs: 1500, skillsUsed: ['triage-ticket'], toolCalls: [{ name: 'search', arguments: '{"q":"sso","limit":5}' }] });
    expect((await check({ kind: 'max-tokens', value: 100 }, o)).message).toBe('110 tokens used (at most 100)');
    expect((await check({ kind: 'max-tokens', value: 110 }, o)).pass).toBe(true);
    expect((await check({ kind: 'max-cost-usd', value: 0.001 }, o)).pass).toBe(false);
    expect((await check({ kind: 'max-cost-usd', value: 0.01 }, outcome('x', { costUsd: undefined }))).message).toContain('unknown');
    expect((await check({ kind: 'max-latency-ms', value: 1000 }, o)).pass).toBe(false);
    expect((await check({ kind: 'skill-used', value: 'triage-ticket' }, o)).pass).toBe(true);
    expect((await check({ kind: 'skill-not-used', value: 'triage-ticket' }, o)).pass).toBe(false);
    expect((await check({ kind: 'tool-called', value: { name: 'search', arguments: { q: 'sso' } } }, o)).pass).toBe(true);
    expect((await check({ kind: 'tool-called', value: { name: 'search', arguments: { q: 'billing' } } }, o)).message).toContain('but not with');
    expect((await check({ kind: 'tool-called', value: 'delete' }, o)).message).toBe('tool delete was not called (called: search)');
  });

  it('runs a custom assertion module with its options, and fails clearly when it is missing', async () => {
    const dir = makeTree({ 'check.mjs': 'export default (output, ctx) => ({ pass: output.length <= ctx.options.max, score: 0.5, message: `len ${output.length}, case ${ctx.case.id}` });' });
    const r = await check({ kind: 'custom', value: 'check.mjs', options: { max: 3 } }, outcome('abc'), testCase(dir));
    expect(r).toMatchObject({ pass: true, score: 0.5, message: 'len 3, case c' });
    const missing = await check({ kind: 'custom', value: 'nope.mjs' }, outcome('abc'), testCase(dir));
    expect(missing.pass).toBe(false);
    expect(missing.message).toContain('does not exist');
  });
});
