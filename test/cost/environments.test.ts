import { describe, expect, it } from 'vitest';
import { discover } from '@agentship/core';
import { readEnvironmentCosts } from '@agentship/core/cost';
import { makeTree } from '../helpers.js';

/** readEnvironmentCosts over a tree of environment files. */
function read(files: Record<string, string>) {
  return readEnvironmentCosts(discover(makeTree(files, 'agentship-env-')));
}

/** Problems as "file:line message", the shape a reviewer sees them in. */
function problemsOf(files: Record<string, string>): string[] {
  return read(files).problems.map((p) => `${p.file}:${p.line} ${p.message}`);
}

const BUDGET = 'environments/production/budget-limits.yaml';
const MODELS = 'environments/production/model-overrides.yaml';

describe('readEnvironmentCosts: which environments there are', () => {
  it('lists production, staging, ci, local first and other names alphabetically; .env files are not environments of the projection', () => {
    const { environments } = read({
      'environments/qa/budget-limits.yaml': 'monthly-budget-usd: 10\n',
      'environments/dev/model-overrides.yaml': 'default-model: claude-haiku-4-5\n',
      'environments/local/budget-limits.yaml': 'monthly-budget-usd: 1\n',
      'environments/production/budget-limits.yaml': 'monthly-budget-usd: 1500\n',
      'environments/staging/notes.yaml': 'owner: platform\n',
      '.env.preview': 'API_URL=https://preview.example.com\n',
    });
    expect(environments.map((e) => e.name)).toEqual(['production', 'local', 'dev', 'qa']);
    const dev = environments.find((e) => e.name === 'dev')!;
    expect(dev).toMatchObject({ defaultModel: 'claude-haiku-4-5', files: ['environments/dev/model-overrides.yaml'] });
    expect(dev.budgetUsd).toBeUndefined();
  });

  it('reads a budget-only file: the budget and default alert levels, no agents', () => {
    const [prod] = read({ [BUDGET]: 'monthly-budget-usd: 0\nalert-levels: [100, 50, 50]\n' }).environments;
    expect(prod).toMatchObject({ name: 'production', budgetUsd: 0, alertLevels: [50, 100], agents: {} });
  });

  it('reads budget-limits.json like the YAML file', () => {
    const { environments, problems } = read({ 'environments/production/budget-limits.json': '{"monthly-budget-usd": 300, "workload": {"agents": {"triage": {"tasks-per-day": 5}}}}' });
    expect(problems).toEqual([]);
    expect(environments[0].budgetUsd).toBe(300);
    expect(environments[0].agents.triage.tasksPerDay).toBe(5);
  });
});

describe('readEnvironmentCosts: a broken file is a finding, never a silent "no budget"', () => {
  it('reports a YAML syntax error with its line and still reads what parsed', () => {
    const { environments, problems } = read({ [BUDGET]: 'monthly-budget-usd: 200\nworkload:\n  agents:\n    triage: { tasks-per-day: 400\n' });
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.every((p) => p.ruleId === 'cost/invalid-workload' && p.file === BUDGET)).toBe(true);
    expect(problems[0].message).toMatch(/^budget-limits\.yaml does not parse: /);
    expect(problems[0].line).toBeGreaterThanOrEqual(4);
    expect(environments[0].budgetUsd).toBe(200);
  });

  it('reports a duplicate JSON key as a warning on its line; the last value is the one projected', () => {
    const { environments, problems } = read({ 'environments/production/budget-limits.json': '{\n  "monthly-budget-usd": 100,\n  "monthly-budget-usd": 2000\n}\n' });
    expect(problems.map((p) => `${p.severity} ${p.line} ${p.message}`)).toEqual(['warning 3 budget-limits.json: Duplicate key "monthly-budget-usd": the last one wins.']);
    expect(environments[0].budgetUsd).toBe(2000);
  });

  it('reports a budget or model file that is not a mapping at line 1; an empty file is no finding', () => {
    expect(problemsOf({ [BUDGET]: '- 1500\n- 300\n', [MODELS]: 'claude-sonnet-4-5\n' })).toEqual([
      `${BUDGET}:1 budget-limits.yaml must be a mapping (monthly-budget-usd, alert-levels, workload).`,
      `${MODELS}:1 model-overrides.yaml must be a mapping (default-model, agents).`,
    ]);
    const empty = read({ [BUDGET]: '', [MODELS]: '# no overrides yet\n' });
    expect(empty.problems).toEqual([]);
    expect(empty.environments[0]).toMatchObject({ name: 'production', agents: {} });
    expect(empty.environments[0].budgetUsd).toBeUndefined();
  });

  it('reports each wrong workload shape on its line', () => {
    expect(problemsOf({ [BUDGET]: 'workload: 400\n' })).toEqual([`${BUDGET}:1 workload must be a mapping with \`agents:\` (and optionally \`workflows:\` and \`defaults:\`).`]);
    expect(
      problemsOf({
        [BUDGET]: [
          'workload:', // 1
          '  agent:', // 2: a typo of agents
          '    triage: { tasks-per-day: 1 }',
          '  agents: [triage]', // 4
          '  workflows: nightly', // 5
          '',
        ].join('\n'),
      }),
    ).toEqual([
      `${BUDGET}:2 workload: unknown key "agent".`,
      `${BUDGET}:4 workload.agents must map agent names to their workload.`,
      `${BUDGET}:5 workload.workflows must map workflow names to \`{tasks-per-day, agents: [...]}\`.`,
    ]);
  });

  it('reports wrong values of an agent entry on their lines and leaves that agent out', () => {
    const { environments, problems } = read({
      [BUDGET]: [
        'workload:', // 1
        '  defaults:', // 2
        '    tasks-per-day: 10', // 3: per agent only
        '    avg-output-tokens: 200', // 4
        '  agents:', // 5
        '    triage: 400', // 6: not a mapping
        '    reviewer:', // 7
        '      tasks-per-day: 30', // 8
        '      batch: "yes"', // 9
        '      cache-read-share: 1.5', // 10
        '      calls-per-task: 0.5', // 11
        '    summarizer: { avg-input-tokens: 100 }', // 12: no tasks-per-day
        '    writer: { tasks-per-day: 2, cache-read-share: 0.5, batch: true, calls-per-task: 2 }', // 13
        '',
      ].join('\n'),
    });
    expect(problems.map((p) => `${p.line} ${p.message}`)).toEqual([
      '3 workload.defaults: unknown key "tasks-per-day".',
      '6 workload.agents.triage must be a mapping such as {tasks-per-day: 400, avg-input-tokens: 3000, avg-output-tokens: 600}.',
      '9 workload.agents.reviewer.batch must be true or false.',
      '10 workload.agents.reviewer.cache-read-share must be a number from 0 to 1.',
      '11 workload.agents.reviewer.calls-per-task must be a number, 1 or more.',
      '12 workload.agents.summarizer needs tasks-per-day.',
    ]);
    const agents = environments[0].agents;
    expect(Object.keys(agents).sort()).toEqual(['reviewer', 'writer']);
    // The bad values of reviewer fall back to the defaults; the good ones are read.
    expect(agents.reviewer).toMatchObject({ tasksPerDay: 30, batch: false, cacheReadShare: 0, callsPerTask: 1, avgOutputTokens: 200 });
    expect(agents.writer).toMatchObject({ tasksPerDay: 2, batch: true, cacheReadShare: 0.5, callsPerTask: 2, avgInputTokens: 0, avgOutputTokens: 200 });
  });

  it('reports a malformed workflow on its line; a good workflow adds its tasks to each agent it names', () => {
    const { environments, problems } = read({
      [BUDGET]: [
        'workload:',
        '  agents:',
        '    triage: { tasks-per-day: 10 }',
        '  workflows:',
        '    nightly: { tasks-per-day: 5, agents: [triage, summarizer] }', // 5
        '    weekly: { tasks-per-day: 1, agents: triage }', // 6
        '    hourly: { agents: [triage] }', // 7
        '    daily: { tasks-per-day: 2, agents: [triage, 3] }', // 8
        '',
      ].join('\n'),
    });
    expect(problems.map((p) => p.line)).toEqual([6, 7, 8]);
    expect(problems[0].message).toBe('workload.workflows.weekly must be {tasks-per-day: <number>, agents: [<agent names>]}.');
    const agents = environments[0].agents;
    expect(agents.triage).toMatchObject({ tasksPerDay: 10, viaWorkflows: { nightly: 5 } });
    // An agent only a workflow runs gets the defaults and no tasks of its own.
    expect(agents.summarizer).toMatchObject({ tasksPerDay: 0, callsPerTask: 1, viaWorkflows: { nightly: 5 } });
  });

  it('reads model-overrides: the short form `agent: model`, and reports wrong model ids on their lines', () => {
    const { environments, problems } = read({
      [MODELS]: [
        'default-model: 4', // 1
        'agents:',
        '  triage: claude-haiku-4-5', // 3: short form
        '  reviewer: { model: claude-sonnet-4-5 }',
        '  writer: { model: "" }', // 5
        '  planner: {}', // 6: no model here, the default applies
        '  fixer: [gpt-5]', // 7
        '',
      ].join('\n'),
    });
    expect(problems.map((p) => `${p.line} ${p.message}`)).toEqual([
      '1 default-model must be a model id such as claude-sonnet-4-5.',
      '5 agents.writer.model must be a model id.',
      '7 agents.fixer.model must be a model id.',
    ]);
    expect(environments[0].defaultModel).toBeUndefined();
    expect(environments[0].agentModels).toEqual({ triage: 'claude-haiku-4-5', reviewer: 'claude-sonnet-4-5' });
    expect(problemsOf({ [MODELS]: 'default-model: gpt-5\nagents: [triage]\n' })).toEqual([`${MODELS}:2 agents must map agent names to {model: <id>}.`]);
  });
});
