import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '@agentship/core';
import { loadResults, toTaskRecord } from '@agentship/core/canary';
import { makeTree } from '../helpers.js';

describe('toTaskRecord: the shapes production logs and eval tools write', () => {
  it('reads pass/fail from booleans, numbers and status words; anything else is no data', () => {
    expect(toTaskRecord({ id: 1, success: 1 })).toMatchObject({ taskId: '1', success: true });
    expect(toTaskRecord({ id: 1, passed: 0 })).toMatchObject({ success: false });
    expect(toTaskRecord({ id: 1, status: 'SUCCEEDED' })).toMatchObject({ success: true });
    expect(toTaskRecord({ id: 1, outcome: 'failure' })).toMatchObject({ success: false });
    expect(toTaskRecord({ id: 1, status: 'skipped' })).toHaveProperty('success', undefined);
    expect(toTaskRecord({ id: 1, ok: { value: true } })).toHaveProperty('success', undefined);
  });

  it('reads tokens from a total, from usage totals, or as input + output when only parts are given', () => {
    expect(toTaskRecord({ id: 'a', usage: { total_tokens: 42, input_tokens: 1 } })).toMatchObject({ tokens: 42 });
    expect(toTaskRecord({ id: 'a', usage: { completion_tokens: 7 } })).toMatchObject({ tokens: 7 });
    expect(toTaskRecord({ id: 'a', usage: { prompt_tokens: '5', completion_tokens: 7 } })).toMatchObject({ tokens: 12 });
    expect(toTaskRecord({ id: 'a', usage: { cached: 3 } })).toMatchObject({ tokens: undefined });
    expect(toTaskRecord({ id: 'a', usage: 'n/a' })).toMatchObject({ tokens: undefined });
  });

  it('an error is a flag, a message, an object, a non-zero number or an error status', () => {
    expect(toTaskRecord({ id: 'a', error: true })).toMatchObject({ error: true });
    expect(toTaskRecord({ id: 'a', error: false, status: 'error' })).toMatchObject({ error: false });
    expect(toTaskRecord({ id: 'a', error: { type: 'timeout' } })).toMatchObject({ error: true });
    expect(toTaskRecord({ id: 'a', error: '' })).toMatchObject({ error: false });
    // Numeric flags as some loggers write them: 1 is an error, 0 is none.
    expect(toTaskRecord({ id: 'a', error: 1 })).toMatchObject({ error: true });
    expect(toTaskRecord({ id: 'a', error: 0 })).toMatchObject({ error: false });
    expect(toTaskRecord({ id: 'a', status: 'Errored' })).toMatchObject({ error: true, success: false });
  });

  it('explains what is wrong with a value that is not a task', () => {
    expect(toTaskRecord([{ id: 'a' }])).toBe('not a JSON object');
    expect(toTaskRecord(null)).toBe('not a JSON object');
    expect(toTaskRecord({ id: { nested: 1 } })).toBe('no task id (taskId, task_id, id or name)');
  });
});

describe('loadResults', () => {
  it('reads a dry-run results array and names a bad case by its number', () => {
    const dir = makeTree({ 'results.json': JSON.stringify([{ id: 'x', status: 'passed' }, 'oops', { id: 'y', status: 'failed' }]) });
    const loaded = loadResults(join(dir, 'results.json'));
    expect(loaded.records.map((r) => [r.taskId, r.success])).toEqual([
      ['x', true],
      ['y', false],
    ]);
    expect(loaded.warnings).toEqual([`${join(dir, 'results.json')}: case 2: not a JSON object; skipped.`]);
  });

  it('reads a one-line JSONL file (which is also a JSON object) as one record', () => {
    const dir = makeTree({ 'one.jsonl': JSON.stringify({ task_id: 'only', success: true, results: 'n/a' }) + '\n' });
    expect(loadResults(join(dir, 'one.jsonl')).records).toEqual([expect.objectContaining({ taskId: 'only', success: true })]);
  });

  it('a JSON scalar or a line that is not an object is skipped with its line number', () => {
    const dir = makeTree({ 'mixed.jsonl': `42\n${JSON.stringify({ id: 'a', success: true })}\n` });
    const loaded = loadResults(join(dir, 'mixed.jsonl'));
    expect(loaded.records).toHaveLength(1);
    expect(loaded.warnings).toEqual([`${join(dir, 'mixed.jsonl')}:1: not a JSON object; skipped.`]);
    writeFileSync(join(dir, 'scalar.json'), '"all passed"\n');
    expect(() => loadResults(join(dir, 'scalar.json'))).toThrow(/no task results .*scalar\.json:1: not a JSON object; skipped\.$/);
  });

  it('no record of the asked version is a ConfigError that names the version and the first skipped line', () => {
    const dir = makeTree({ 'prod.jsonl': `{"id":"a","version":"v1","success":true}\n{bad\n` });
    const file = join(dir, 'prod.jsonl');
    expect(() => loadResults(file, { version: 'v9' })).toThrow(ConfigError);
    expect(() => loadResults(file, { version: 'v9' })).toThrow(new RegExp(`no task results with config version "v9" .*${file.replace(/[/.]/g, '\\$&')}:2: not valid JSON`));
  });

  it('a missing file is named, as "results" unless a label is given; a BOM is ignored', () => {
    const dir = makeTree({});
    expect(() => loadResults(join(dir, 'none.jsonl'))).toThrow(`results file not found: ${join(dir, 'none.jsonl')}`);
    writeFileSync(join(dir, 'bom.json'), '\uFEFF' + JSON.stringify({ cases: [{ id: 'b', success: true }] }));
    expect(loadResults(join(dir, 'bom.json')).records[0].taskId).toBe('b');
  });
});
