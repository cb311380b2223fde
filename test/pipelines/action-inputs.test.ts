import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parse } from 'yaml';
import type { InputSpecs } from '@agentship/platform/inputs';
import { makeTree, REPO_ROOT } from '../helpers.js';

const ACTIONS = readdirSync(join(REPO_ROOT, 'actions'))
  .filter((n) => !n.startsWith('.'))
  .sort();

interface Step {
  stdout: string;
  outputs: string;
  summary: string;
  exitCode: number | undefined;
}

/** Runs actions/<name>/src/main.ts in-process as the runner would: INPUT_* variables, files. */
async function runStep(
  name: string,
  workspace: string,
  inputs: Record<string, string>,
): Promise<Step> {
  const temp = mkdtempSync(join(tmpdir(), 'agentship-step-'));
  const env = {
    GITHUB_WORKSPACE: workspace,
    GITHUB_OUTPUT: join(temp, 'out'),
    GITHUB_STEP_SUMMARY: join(temp, 'sum'),
  };
  writeFileSync(env.GITHUB_OUTPUT, '');
  writeFileSync(env.GITHUB_STEP_SUMMARY, '');
  const saved = { ...process.env };
  const cwd = process.cwd();
  for (const key of Object.keys(process.env)) if (key.startsWith('INPUT_')) delete process.env[key];
  Object.assign(process.env, env);
  for (const [k, v] of Object.entries(inputs))
    process.env[`INPUT_${k.replace(/ /g, '_').toUpperCase()}`] = v;
  let stdout = '';
  const write = vi
    .spyOn(process.stdout, 'write')
    .mockImplementation((chunk: string | Uint8Array) => {
      stdout += String(chunk);
      return true;
    });
  try {
    process.chdir(workspace);
    const main = await import(`../../actions/${name}/src/main.ts`);
    await main.run();
  } finally {
    write.mockRestore();
    process.chdir(cwd);
    process.env = saved;
  }
  const exitCode = process.exitCode as number | undefined;
  process.exitCode = undefined;
  return {
    stdout,
    exitCode,
    outputs: readFileSync(env.GITHUB_OUTPUT, 'utf8'),
    summary: readFileSync(env.GITHUB_STEP_SUMMARY, 'utf8'),
  };
}

afterEach(() => {
  process.exitCode = undefined;
});

const release = {
  target: 'directory',
  directory: 'releases',
  'github-deployments': 'false',
  'gitlab-deployments': 'false',
};

describe('bad input values fail the step instead of being cast', () => {
  it('canary-compare: fail-on rolback is an error, not a pass at verdict rollback', async () => {
    const ws = makeTree({
      'base.jsonl': Array.from({ length: 30 }, (_, i) =>
        JSON.stringify({ taskId: `t${i}`, success: true }),
      ).join('\n'),
      'cand.jsonl': Array.from({ length: 30 }, (_, i) =>
        JSON.stringify({ taskId: `t${i}`, success: i % 3 !== 0 }),
      ).join('\n'),
    });
    const step = await runStep('canary-compare', ws, {
      baseline: 'base.jsonl',
      candidate: 'cand.jsonl',
      'fail-on': 'rolback',
    });
    expect(step.exitCode).toBe(1);
    expect(step.stdout).toContain(
      '::error::input "fail-on" must be one of rollback, inconclusive, never (got "rolback")',
    );
    expect(step.outputs).toBe('');
  });

  it('deploy: strategy canry is an error, not a blue-green deploy', async () => {
    const ws = makeTree({ 'AGENTS.md': '# Agents\n' });
    const step = await runStep('deploy', ws, {
      ...release,
      environment: 'staging',
      strategy: 'canry',
    });
    expect(step.exitCode).toBe(1);
    expect(step.stdout).toContain(
      '::error::input "strategy" must be one of blue-green, canary, direct (got "canry")',
    );
    expect(readdirSync(ws)).toEqual(['AGENTS.md']);
  });

  it('cost-gate: fail-at abc is an error naming the input, not NaN', async () => {
    const ws = makeTree({
      'environments/production/budget-limits.yaml': 'monthly-budget-usd: 10\n',
    });
    const step = await runStep('cost-gate', ws, {
      'fail-at': 'abc',
      comment: 'false',
      'report-file': '',
    });
    expect(step.exitCode).toBe(1);
    expect(step.stdout).toContain('::error::input "fail-at" must be a number above 0 (got "abc")');
  });
});

const BAD: Record<string, string> = {
  enum: 'bogus',
  number: 'abc',
  integer: '1.5',
  boolean: 'yes',
  duration: '30 minutes',
};

describe.each(ACTIONS)('actions/%s', (name) => {
  const yml = parse(readFileSync(join(REPO_ROOT, 'actions', name, 'action.yml'), 'utf8'));

  it('declares every action.yml input, with the same default and required, and no other', async () => {
    const { INPUTS } = (await import(`../../actions/${name}/src/inputs.ts`)) as {
      INPUTS: InputSpecs;
    };
    expect(Object.keys(INPUTS).sort()).toEqual(Object.keys(yml.inputs).sort());
    for (const [input, spec] of Object.entries(INPUTS)) {
      const declared = yml.inputs[input];
      expect({ input, default: spec.default, required: spec.required ?? false }).toEqual({
        input,
        default: declared.default === undefined ? undefined : String(declared.default),
        required: declared.required ?? false,
      });
      if (spec.kind === 'enum')
        for (const value of spec.values)
          expect(declared.description, `${input}: ${value}`).toContain(value);
    }
  });

  it("fails the step with the reader's message on a bad value of each checked input, doing nothing else", async () => {
    const { INPUTS } = (await import(`../../actions/${name}/src/inputs.ts`)) as {
      INPUTS: InputSpecs;
    };
    const required = Object.fromEntries(
      Object.entries(INPUTS)
        .filter(([, s]) => s.required)
        .map(([k]) => [k, 'x']),
    );
    for (const [input, spec] of Object.entries(INPUTS)) {
      const bad = BAD[spec.kind];
      if (!bad) continue;
      const ws = makeTree({ 'AGENTS.md': '# Agents\n' });
      const step = await runStep(name, ws, { ...required, [input]: bad });
      expect(step.exitCode, input).toBe(1);
      expect(step.stdout.trim().split('\n'), input).toEqual([
        expect.stringMatching(new RegExp(`^::error::input "${input}" must .* \\(got "${bad}"\\)$`)),
      ]);
      expect(step.outputs + step.summary, input).toBe('');
      expect(readdirSync(ws), input).toEqual(['AGENTS.md']);
    }
  });
});

describe('readInputs', async () => {
  const { readInputs, defineInputs } = await import('@agentship/platform/inputs');
  const specs = defineInputs({
    on: { kind: 'boolean', default: 'false' },
    n: { kind: 'integer', min: 1, default: '' },
    out: { kind: 'path', default: 'a.json', emptyMeansNone: true },
    mode: { kind: 'enum', values: ['a', 'b'], default: 'a' },
  });
  const read = (values: Record<string, string>) => readInputs(specs, (name) => values[name]);

  it('reads booleans as the YAML 1.2 core schema does, and nothing else', () => {
    for (const t of ['true', 'True', 'TRUE']) expect(read({ on: t }).on).toBe(true);
    for (const f of ['false', 'False', 'FALSE']) expect(read({ on: f }).on).toBe(false);
    expect(() => read({ on: 'yes' })).toThrow('input "on" must be true or false (got "yes")');
  });

  it('applies defaults when unset, keeps an explicit empty as none where declared', () => {
    expect(read({})).toEqual({ on: false, n: undefined, out: 'a.json', mode: 'a' });
    expect(read({ out: '', mode: '' })).toMatchObject({ out: undefined, mode: 'a' });
  });

  it('checks numbers against their kind and bounds', () => {
    expect(read({ n: '3' }).n).toBe(3);
    expect(() => read({ n: '0' })).toThrow('input "n" must be an integer at least 1 (got "0")');
    expect(() => read({ n: '2x' })).toThrow('(got "2x")');
  });
});

describe('runAction', async () => {
  const { runAction } = await import('@agentship/platform/action');
  const { UsageError } = await import('@agentship/core/errors');
  const capture = async (main: () => Promise<string | undefined>, debug = false) => {
    let out = '';
    const saved = process.env.RUNNER_DEBUG;
    if (debug) process.env.RUNNER_DEBUG = '1';
    const spy = vi
      .spyOn(process.stdout, 'write')
      .mockImplementation((c: string | Uint8Array) => ((out += String(c)), true));
    try {
      await runAction(main);
    } finally {
      spy.mockRestore();
      if (saved === undefined) delete process.env.RUNNER_DEBUG;
      else process.env.RUNNER_DEBUG = saved;
    }
    return out;
  };

  it("fails the step with a user error's message only", async () => {
    const out = await capture(async () => {
      throw new UsageError('input "x" is required');
    });
    expect(out).toBe('::error::input "x" is required\n');
  });

  it("prints a bug's stack through the debug log, and a returned failure as the message", async () => {
    const out = await capture(async () => {
      throw new TypeError('boom');
    });
    expect(out).toContain('::error::boom');
    expect(out).toMatch(/::debug::TypeError: boom.*%0A\s+at /);
    expect(await capture(async () => 'gate failed')).toBe('::error::gate failed\n');
  });
});
