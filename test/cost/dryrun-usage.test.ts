import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readDryRunUsage } from '@agentship/core/cost';
import { makeTree } from '../helpers.js';

/** readDryRunUsage over `results.json` with this content. */
function read(content: unknown, defaultAgent?: string) {
  const text = typeof content === 'string' ? content : JSON.stringify(content, null, 2);
  const root = makeTree({ 'results.json': text }, 'agentship-dry-run-');
  return readDryRunUsage(join(root, 'results.json'), 'results.json', defaultAgent);
}

describe('readDryRunUsage', () => {
  it('averages per task over cases, from per-call usage when a case has no summed usage', () => {
    const { usage, problems } = read({
      cases: [
        // Two calls of one task: their usage is summed, cache reads and writes included.
        { id: 'a', agent: 'triage', calls: [{ model: 'claude-haiku-4-5', usage: { input: 1000, output: 100, cacheRead: 600, cacheWrite: 200 } }, { model: 'claude-haiku-4-5', usage: { input: 3000, output: 300, cacheRead: 'n/a' } }] },
        { id: 'b', agent: 'triage', usage: { input: 2000, output: 200, cacheRead: 0, cacheWrite: -1 }, calls: [{ model: 'claude-haiku-4-5' }] },
      ],
    });
    expect(problems).toEqual([]);
    expect(usage.get('triage')).toEqual({ agent: 'triage', model: 'claude-haiku-4-5', cases: 2, calls: 1.5, input: 3000, output: 300, cacheRead: 300, cacheWrite: 100 });
  });

  it('gives cases without an agent to the default agent and takes the model from the case when calls have none', () => {
    const { usage } = read({ cases: [{ id: 'a', model: 'gpt-5', usage: { input: 500, output: 50 } }, { id: 'b', agent: '', usage: { input: 1500, output: 150 }, calls: 'none' }] }, 'solo');
    // A case without a calls list is one call.
    expect(usage.get('solo')).toEqual({ agent: 'solo', model: 'gpt-5', cases: 2, calls: 1, input: 1000, output: 100, cacheRead: 0, cacheWrite: 0 });
  });

  it('skips a case with no agent to give it to, and a case that made no calls, without a finding', () => {
    const { usage, problems } = read({ cases: [{ id: 'a', usage: { input: 500, output: 50 } }, { id: 'b', agent: 'triage', calls: [] }, null] });
    expect(usage.size).toBe(0);
    expect(problems).toEqual([]);
  });

  it('reports a case without numeric usage on its line and counts the others', () => {
    const { usage, problems } = read({ cases: [{ id: 'a', agent: 'triage', usage: { input: 100, output: 10 } }, { id: 'b', agent: 'triage', calls: [{ usage: { input: 'many', output: 3 } }] }] });
    // Pretty-printed, the first case takes lines 3-10: the second opens on line 11.
    expect(problems.map((p) => `${p.severity} ${p.file}:${p.line} ${p.message}`)).toEqual(['warning results.json:11 Case 2 has no numeric usage.input and usage.output; it is not counted.']);
    expect(usage.get('triage')).toMatchObject({ cases: 1, input: 100, output: 10 });
  });

  it('warns on a file that cannot be read or has no cases list, and estimates from the configuration instead', () => {
    const missing = readDryRunUsage('/nonexistent/results.json', 'results.json');
    expect(missing.usage.size).toBe(0);
    expect(missing.problems.map((p) => [p.ruleId, p.severity, p.message])).toEqual([['cost/invalid-dry-run-results', 'warning', 'Dry-run results could not be read (ENOENT); usage is estimated from the configuration.']]);
    const noCases = read({ version: 1, kind: 'agentship-dry-run' });
    expect(noCases.problems.map((p) => [p.line, p.message])).toEqual([[1, 'Dry-run results have no `cases` list; usage is estimated from the configuration.']]);
    const broken = read('{"cases": [\n  {"agent": "triage", "usage": {"input": 1, "output": 1}}\n');
    expect(broken.problems.length).toBeGreaterThan(0);
    expect(broken.problems.every((p) => p.ruleId === 'cost/invalid-dry-run-results' && p.line! >= 2)).toBe(true);
  });
});
