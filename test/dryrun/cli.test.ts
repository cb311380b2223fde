import { appendFileSync, cpSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localPlatform } from '@agentship/platform';
import { runDryRunStage } from '@agentship/platform/stages';
import { EXAMPLES, makeTree, runCli, REPO_ROOT } from '../helpers.js';
import { runCliAsync } from './run-cli-async.js';
import { startFakeUpstream, type FakeUpstream } from './fake-upstream.mjs';

const KEY = 'sk-ant-api03-FakeUpstreamKey0123456789abcdefghij';
const AGENT = join(REPO_ROOT, 'examples/agent-app/agent.mjs');
/** No provider keys: replay must not need them. */
const NO_KEYS = { OPENAI_API_KEY: '', ANTHROPIC_API_KEY: '' };

function repo(cases: string): string {
  return makeTree({
    'AGENTS.md': '# Shop support\nAnswer briefly.\n',
    'agents/helper/AGENTS.md': '# helper\nYou help customers.\n',
    'skills/refund-policy/SKILL.md': '---\nname: refund-policy\ndescription: Explains refund rules for orders. Use when a customer asks about money back.\n---\nRefunds within 30 days.\n',
    'agentship.yaml': `agents:\n  helper:\n    path: agents/helper\n    command: node ${JSON.stringify(AGENT)} --agent agents/helper --stream\n`,
    'evals/helper.yaml': `agent: helper\ncases:\n${cases}`,
  });
}

const CASES = [
  '  - id: refund-skill',
  '    input: "Use refund-policy: can I get my money back?"',
  '    expect: [{ skill-used: refund-policy }, { contains: money back }]',
  '  - id: greeting',
  '    input: "Hello there"',
  '    expect: [{ equals: "Echo: Hello there" }]',
  '  - id: json-answer',
  '    input: "Reply in JSON please"',
  '    expect: [{ json-path: { path: $.length, equals: 20 } }]',
  '',
].join('\n');

describe('agentship dry-run on examples/', () => {
  it('passes offline from the committed cassettes, with no provider key', () => {
    const r = runCli(['dry-run', 'examples', '--quiet'], { env: NO_KEYS });
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('7/7 cases passed (100%)');
    expect(r.stdout).toContain('mode replay');
    expect(r.status).toBe(0);
  });

  it('writes JUnit and results JSON with per-call usage for the cost stage', () => {
    const dir = makeTree({});
    const r = runCli(['dry-run', EXAMPLES, '--quiet', '--format', 'junit', '--results', join(dir, 'results.json')], { env: NO_KEYS });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('<testsuites name="agentship dry-run" tests="7" failures="0"');
    expect(r.stdout).toContain('<testcase classname="triage" name="triage/sso-login-uses-skill" file="evals/triage.yaml"');
    const results = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8'));
    const sso = results.cases.find((c: { id: string }) => c.id === 'triage/sso-login-uses-skill');
    expect(sso.skillsUsed).toEqual(['triage-ticket']);
    expect(sso.calls).toHaveLength(2);
    expect(sso.calls[0]).toMatchObject({ provider: 'openai', endpoint: 'chat', stream: true, source: 'cassette', model: 'gpt-4o-mini' });
    expect(sso.calls[0].usage.input).toBeGreaterThan(0);
    expect(results.totals.costUsd).toBeGreaterThan(0);
  });

  it('logs one usage record per model call that agentship report reads', () => {
    const dir = makeTree({});
    const log = join(dir, 'usage.jsonl');
    const r = runCli(['dry-run', EXAMPLES, '--quiet', '--results', join(dir, 'results.json'), '--usage-log', log, '--usage-env', 'staging'], { env: NO_KEYS });
    expect(r.status).toBe(0);
    const results = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8'));
    const calls = results.cases.flatMap((c: { calls: unknown[] }) => c.calls);
    const records = readFileSync(log, 'utf8').trim().split('\n').map((line) => JSON.parse(line));
    expect(records).toHaveLength(calls.length);
    expect(records[0]).toMatchObject({ environment: 'staging', phase: 'dry-run-replay', kind: 'call', success: true });
    const total = records.reduce((sum: number, rec: { input_tokens: number; output_tokens: number }) => sum + rec.input_tokens + rec.output_tokens, 0);
    expect(total).toBe(results.totals.tokens);
    const startedAt = results.startedAt.slice(0, 10);
    const report = runCli(['report', EXAMPLES, '--usage', log, '--as-of', `${startedAt}T23:59:59Z`, '--format', 'json']);
    expect(report.stderr).not.toMatch(/problem|invalid|line \d+:/i);
    const parsed = JSON.parse(report.stdout);
    expect(parsed.data).toMatchObject({ records: calls.length, skipped: 0 });
    expect(parsed.problems).toEqual([]);
    expect(parsed.totals.inputTokens + parsed.totals.outputTokens).toBe(results.totals.tokens);
    expect(parsed.totals.costUsd).toBeCloseTo(results.totals.costUsd, 5);
  });
});

describe('agentship dry-run record, replay, budget, shards, baseline', () => {
  let upstream: FakeUpstream;
  beforeAll(async () => {
    upstream = await startFakeUpstream({ apiKey: KEY });
  });
  afterAll(async () => {
    await upstream.close();
  });
  const recordArgs = () => ['--mode', 'record', '--openai-upstream', upstream.openai, '--anthropic-upstream', upstream.anthropic, '--quiet'];

  it('records through the proxy against a loopback provider, then replays without it', async () => {
    const root = repo(CASES);
    const before = upstream.requests.length;
    const rec = await runCliAsync(['dry-run', root, ...recordArgs()], { env: { OPENAI_API_KEY: KEY } });
    expect(rec.stdout).toContain('3/3 cases passed');
    expect(rec.status).toBe(0);
    // The skill case makes two calls (tool call, then the answer with the skill loaded).
    expect(upstream.requests.length - before).toBe(4);
    expect(upstream.requests.slice(before).every((r) => r.headers.authorization === `Bearer ${KEY}` && r.body.stream === true)).toBe(true);
    const cassettes = readdirSync(join(root, 'evals/cassettes'));
    expect(cassettes).toHaveLength(4);
    const stored = cassettes.map((f) => readFileSync(join(root, 'evals/cassettes', f), 'utf8')).join('');
    expect(stored).not.toContain(KEY);
    expect(stored).toContain('"events"'); // streamed answers are kept as their SSE events

    const replay = await runCliAsync(['dry-run', root, '--quiet', '--format', 'json'], { env: NO_KEYS });
    expect(replay.status).toBe(0);
    const result = JSON.parse(replay.stdout);
    expect(result.totals).toMatchObject({ cases: 3, passed: 3 });
    expect(result.cases.flatMap((c: { calls: Array<{ source: string }> }) => c.calls.map((x) => x.source))).toEqual(['cassette', 'cassette', 'cassette', 'cassette']);
    expect(upstream.requests.length - before).toBe(4);
  });

  it('fails a case whose request has no cassette, naming the request, the difference and the fix', async () => {
    const root = repo(CASES);
    await runCliAsync(['dry-run', root, ...recordArgs()], { env: { OPENAI_API_KEY: KEY } });
    writeFileSync(join(root, 'evals/helper.yaml'), readFileSync(join(root, 'evals/helper.yaml'), 'utf8').replace('"Hello there"', '"Hello again"'));
    const r = runCli(['dry-run', root, '--quiet'], { env: NO_KEYS });
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('FAIL  greeting');
    expect(r.stdout).toContain('no cassette for case "greeting": openai chat request with model "gpt-4o-mini"');
    expect(r.stdout).toContain('messages[1].content: recorded "Hello there", requested "Hello again"');
    expect(r.stdout).toContain(`To re-record: agentship dry-run ${root} --mode record --grep greeting`);
    expect(r.stdout).toContain('PASS  refund-skill');
  });

  it('refuses calls past --max-tokens; the agent sees the error and the report says where the budget went', async () => {
    const root = repo(CASES);
    const r = await runCliAsync(['dry-run', root, ...recordArgs(), '--max-tokens', '150', '--concurrency', '1', '--format', 'markdown'], { env: { OPENAI_API_KEY: KEY } });
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('### Budget (cap: 150 tokens)');
    // The skill case's second call (the prompt plus the loaded skill) would cross the cap.
    expect(r.stdout).toMatch(/\| refund-skill \| gpt-4o-mini \| 1 \| 1 \| \d+ \|/);
    expect(r.stdout).toContain('1 calls refused');
    expect(r.stdout).toContain('| greeting | gpt-4o-mini | 1 | 0 |');
    // The agent printed the proxy's message on stderr and exited 1; the case names the refusal.
    expect(r.stdout).toContain('agentship budget: call refused for case');
    expect(r.stdout).toContain('token cap of 150');
  });

  it('prices calls with cost.prices, so a model priced only there passes a --max-cost-usd cap', async () => {
    const root = repo(CASES);
    const config = join(root, 'agentship.yaml');
    const model = '--stream --model acme-custom\n';
    const yaml = readFileSync(config, 'utf8').replace('--stream\n', model);
    writeFileSync(config, yaml + 'cost:\n  prices: prices/overrides.yaml\n');
    mkdirSync(join(root, 'prices'));
    const price = '{ input-per-mtok: 100, output-per-mtok: 1000 }';
    writeFileSync(join(root, 'prices/overrides.yaml'), `models:\n  acme-custom: ${price}\n`);
    const args = ['dry-run', root, ...recordArgs(), '--max-cost-usd', '5', '--format', 'json'];
    const r = await runCliAsync(args, { env: { OPENAI_API_KEY: KEY } });
    const result = JSON.parse(r.stdout);
    type Usage = { input: number; output: number };
    type Call = { model: string; source: string; usage: Usage; costUsd?: number };
    const calls: Call[] = result.cases.flatMap((c: { calls: Call[] }) => c.calls);
    expect(calls.map((c) => c.source)).toEqual(['upstream', 'upstream', 'upstream', 'upstream']);
    expect(calls.every((c) => c.model === 'acme-custom')).toBe(true);
    for (const c of calls) {
      expect(c.costUsd).toBeCloseTo((c.usage.input * 100 + c.usage.output * 1000) / 1e6, 10);
    }
    expect(result.totals).toMatchObject({ passed: 3, unpriced: 0 });
    expect(result.budget.refusedCalls).toBe(0);
    expect(r.status).toBe(0);
  });

  it('--prices names the override file: the reported cost uses its price over the list price', async () => {
    const root = repo(CASES);
    await runCliAsync(['dry-run', root, ...recordArgs()], { env: { OPENAI_API_KEY: KEY } });
    const price = '{ input-per-mtok: 1000, output-per-mtok: 0 }';
    const prices = join(makeTree({ 'p.yaml': `models:\n  gpt-4o-mini: ${price}\n` }), 'p.yaml');
    const args = ['dry-run', root, '--quiet', '--format', 'json', '--prices', prices];
    const r = runCli(args, { env: NO_KEYS });
    expect(r.status).toBe(0);
    const result = JSON.parse(r.stdout);
    const cases: Array<{ usage: { input: number } }> = result.cases;
    const input = cases.reduce((n, c) => n + c.usage.input, 0);
    expect(input).toBeGreaterThan(0);
    expect(result.totals.costUsd).toBeCloseTo((input * 1000) / 1e6, 6);
    const missing = join(root, 'missing.yaml');
    const bad = runCli(['dry-run', root, '--quiet', '--prices', missing], { env: NO_KEYS });
    expect(bad.status).toBe(1);
    expect(bad.stdout).toContain('Price override file could not be read (ENOENT)');
  });

  it('runs shards that merge into the full run, and fails on a regression against a baseline', async () => {
    const root = repo(CASES);
    await runCliAsync(['dry-run', root, ...recordArgs()], { env: { OPENAI_API_KEY: KEY } });
    const out = makeTree({});
    const full = runCli(['dry-run', root, '--quiet', '--results', join(out, 'full.json')], { env: NO_KEYS });
    expect(full.status).toBe(0);
    for (const i of [1, 2]) expect(runCli(['dry-run', root, '--quiet', '--shard', `${i}/2`, '--results', join(out, `s${i}.json`)], { env: NO_KEYS }).status).toBe(0);
    const merged = runCli(['merge-results', join(out, 's1.json'), join(out, 's2.json'), '--format', 'json']);
    expect(merged.status).toBe(0);
    const fullJson = JSON.parse(readFileSync(join(out, 'full.json'), 'utf8'));
    const mergedJson = JSON.parse(merged.stdout);
    expect(mergedJson.totals.cases).toBe(3);
    expect({ ...mergedJson.totals, latencyMs: 0 }).toEqual({ ...fullJson.totals, latencyMs: 0 });
    const missing = runCli(['merge-results', join(out, 's1.json')]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('shard 2/2 missing');

    writeFileSync(join(root, 'evals/helper.yaml'), readFileSync(join(root, 'evals/helper.yaml'), 'utf8').replace('equals: "Echo: Hello there"', 'equals: "Hi"'));
    const regressed = runCli(['dry-run', root, '--quiet', '--baseline', join(out, 'full.json'), '--format', 'markdown'], { env: NO_KEYS });
    expect(regressed.status).toBe(1);
    expect(regressed.stdout).toContain('**1 regression**');
    expect(regressed.stdout).toContain('| greeting | **regressed**: passed in the baseline, fails now');
  });

  it('exits 2 with a clear message on bad options', () => {
    expect(runCli(['dry-run', 'examples', '--mode', 'fast']).stderr).toContain('--mode must be one of replay, record, live');
    const r = runCli(['dry-run', 'examples', '--shard', '3/2']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--shard: shard 3/2');
  });
});

describe('agentship dry-run and the dry-run stage take one path', () => {
  /** examples/ with a baseline where a case passed, and a suite where it fails now. */
  function regressedExamples(): string {
    const workspace = makeTree({});
    cpSync(EXAMPLES, join(workspace, 'repo'), { recursive: true });
    const id = 'triage/refund-answer-json';
    const passed = { id, pass: true, score: 1, tokens: 10, costUsd: 0, latencyMs: 1 };
    const baseline = { version: 1, kind: 'agentship-dry-run', pass: true, cases: [passed] };
    writeFileSync(join(workspace, 'repo/evals/baseline.json'), JSON.stringify(baseline));
    const suite = join(workspace, 'repo/evals/triage.yaml');
    const never = '- contains: a word it never says';
    writeFileSync(suite, readFileSync(suite, 'utf8').replace('- not-contains: password', never));
    const config = join(workspace, 'repo/agentship.yaml');
    appendFileSync(config, '\ndry-run:\n  baseline: evals/baseline.json\n');
    return workspace;
  }

  it('compares with dry-run.baseline from agentship.yaml as with --baseline', () => {
    const workspace = regressedExamples();
    const options = { cwd: workspace, env: NO_KEYS };
    const run = (...args: string[]) =>
      runCli(['dry-run', 'repo', '--quiet', '--format', 'json', ...args], options);
    const fromConfig = run('--dotenv', 'out/dry-run.env');
    const fromFlag = run('--baseline', 'repo/evals/baseline.json');
    expect(fromFlag.status).toBe(1);
    expect(JSON.parse(fromFlag.stdout).comparison.regressions).toBe(1);
    expect(fromConfig.status).toBe(1);
    expect(JSON.parse(fromConfig.stdout).comparison.regressions).toBe(1);
    const dotenv = readFileSync(join(workspace, 'out/dry-run.env'), 'utf8');
    expect(dotenv).toMatch(/^PASS_RATE=0\.\d+$/m);
    expect(dotenv).toContain('REGRESSIONS=1\n');
    expect(dotenv).not.toContain('RESULTS_FILE');
  });

  it('gives the same verdict through agentship dry-run and runDryRunStage', async () => {
    const workspace = regressedExamples();
    const options = { cwd: workspace, env: NO_KEYS };
    const cli = runCli(['dry-run', 'repo', '--quiet', '--format', 'json'], options);
    const platform = localPlatform({ log: () => undefined });
    const inputs = { workspace, path: 'repo', env: { PATH: process.env.PATH } };
    const stage = await runDryRunStage(platform, inputs);
    expect(stage.comparison?.regressions).toBe(1);
    expect(cli.status).toBe(stage.failure ? 1 : 0);
    expect(JSON.parse(cli.stdout).comparison.regressions).toBe(stage.comparison?.regressions);
  });
});
