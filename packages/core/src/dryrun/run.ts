import { resolve } from 'node:path';
import { listAgents, type Agent } from '../agents/index.js';
import { costConfig } from '../cost/config.js';
import { discover, type Workspace } from '../discover/index.js';
import type { Finding } from '../findings/index.js';
import { loadPriceOverrides, loadPricer, noOverrides } from '../pricing/index.js';
import { levelFindings } from '../registry/index.js';
import { checkExpectation, type AssertionResult, type CaseOutcome } from './assertions.js';
import type { BudgetCap } from './budget.js';
import { CassetteStore } from './cassettes.js';
import { ModelProxy, type UpstreamUrls } from './proxy.js';
import { redactSecretsInText } from './redaction.js';
import { RESULTS_KIND, summarizeCases, type CaseResult, type RunResult } from './results.js';
import { DEFAULT_MODEL, DEFAULT_TIMEOUT_MS, runCommand, runPrompt, systemPromptFor, type AgentRunner, type RunOutput } from './runners.js';
import { dryRunSettings, type DryRunSettings } from './settings.js';
import { inShard, type Shard } from './shard.js';
import { ambiguousSkills, skillsUsed } from './skills.js';
import { loadSuites, type TestCase } from './suites.js';
import { addUsage, emptyUsage, totalTokens, type ProxyMode } from './types.js';

export interface DryRunOptions {
  configPath?: string;
  /** Overrides agentship.yaml `dry-run.mode`. */
  mode?: ProxyMode;
  shard?: Shard;
  /** Only cases with one of these tags. */
  tags?: string[];
  /** Only cases whose id contains this text. */
  grep?: string;
  cassetteDir?: string;
  upstream?: Partial<UpstreamUrls>;
  cap?: BudgetCap;
  /**
   * Price override file, absolute or relative to the working folder; default agentship.yaml
   * `cost.prices` (relative to the root), the file the cost stage reads.
   */
  pricesPath?: string;
  concurrency?: number;
  /** The environment agents and the proxy see (API keys are read from it in record and live mode). */
  env?: NodeJS.ProcessEnv;
  /** Progress lines (the CLI prints them on stderr). */
  progress?: (line: string) => void;
  /** The command a replay miss tells the user to run. */
  rerecordHint?: string;
}

const OUTPUT_LIMIT = 4000;

/** Runs every selected case through the model proxy and checks its expectations. */
export async function runDryRun(rootArg: string, options: DryRunOptions = {}): Promise<{ result: RunResult; settings: DryRunSettings; workspace: Workspace }> {
  const started = Date.now();
  const root = resolve(rootArg);
  const ws = discover(root, { configPath: options.configPath });
  const settings = dryRunSettings(ws.config);
  const mode = options.mode ?? settings.mode;
  const env = options.env ?? process.env;
  const progress = options.progress ?? (() => undefined);
  const found: Finding[] = ws.problems.filter((p) => p.file === ws.configPath);

  const loaded = loadSuites(root, ws.allPaths, settings.suites);
  found.push(...loaded.problems);
  const cassetteDir = resolve(root, options.cassetteDir ?? settings.cassettes);
  const store = new CassetteStore(cassetteDir);
  for (const p of store.problems) found.push({ ruleId: 'dryrun/cassette-invalid', severity: 'error', message: `Cassette ${p.file} was not loaded: ${p.message}.`, file: rel(root, `${cassetteDir}/${p.file}`) });
  found.push(...ambiguousSkills(ws.skills));
  // A bad override file is an error: a cost cap enforced with the wrong prices is no cap.
  const pricesFile = options.pricesPath ?? costConfig(ws.config).prices;
  const pricesAbs = pricesFile && resolve(options.pricesPath ? '.' : root, pricesFile);
  const prices = pricesAbs ? loadPriceOverrides(pricesAbs, pricesFile!) : undefined;
  found.push(...(prices?.problems ?? []));
  // Before any case runs: an unknown id in `rules:` is a configuration error, not a late surprise.
  const findings = levelFindings(found, ws.config);
  const pricer = await loadPricer(prices?.overrides ?? noOverrides());

  const agents = listAgents(ws);
  const runners = new Map(agents.map((a) => [a.name, runnerFor(ws, a, settings)]));
  const selected = loaded.suites.flatMap((s) => s.cases).filter((c) => inShard(c.id, options.shard) && (!options.tags?.length || c.tags.some((t) => options.tags!.includes(t))) && (!options.grep || c.id.includes(options.grep)));

  const proxy = new ModelProxy({ mode, cassettes: store, upstream: { ...settings.upstream, ...stripEmpty(options.upstream ?? {}) }, env, cap: { ...settings.cap, ...stripEmpty(options.cap ?? {}) }, pricer, rerecordHint: options.rerecordHint });
  await proxy.start();
  const cases: CaseResult[] = new Array(selected.length);
  let done = 0;
  try {
    await pool(selected.length, options.concurrency ?? settings.concurrency, async (i) => {
      const testCase = selected[i];
      cases[i] = await runCase(testCase, ws, agents, runners, proxy, root, mode, env);
      done++;
      const c = cases[i];
      progress(`[${done}/${selected.length}] ${c.pass ? 'pass' : 'FAIL'} ${c.id} (${Math.round(c.latencyMs)} ms)`);
    });
  } finally {
    await proxy.close();
  }
  const { suites, totals } = summarizeCases(cases, loaded.suites.map((s) => ({ name: s.name, file: s.file, threshold: s.threshold })).filter((s) => cases.some((c) => c.suite === s.name && c.file === s.file)));
  const result: RunResult = {
    version: 1,
    kind: RESULTS_KIND,
    mode,
    startedAt: new Date(started).toISOString(),
    durationMs: Date.now() - started,
    shard: options.shard,
    suites,
    cases,
    totals,
    budget: mode === 'replay' ? undefined : proxy.ledger.report(),
    cassettes: { dir: rel(root, cassetteDir), used: store.used.size, recorded: store.written.size, unused: options.shard || options.tags?.length || options.grep ? [] : store.unused() },
    findings,
    pass: suites.every((s) => s.pass) && !findings.some((f) => f.severity === 'error'),
  };
  return { result, settings, workspace: ws };
}

function runnerFor(ws: Workspace, agent: Agent, settings: DryRunSettings): AgentRunner {
  const raw = ((ws.config.agents as Record<string, Record<string, unknown> | null> | undefined)?.[agent.name] ?? {}) as Record<string, unknown>;
  const runner = raw.runner === 'prompt' || raw.runner === 'command' ? raw.runner : agent.command ? 'command' : 'prompt';
  return {
    agent,
    runner,
    command: agent.command,
    input: raw.input === 'argument' ? 'argument' : 'stdin',
    model: typeof raw.model === 'string' ? raw.model : settings.model ?? DEFAULT_MODEL,
    timeoutMs: typeof raw['timeout-ms'] === 'number' ? raw['timeout-ms'] : settings.timeoutMs ?? DEFAULT_TIMEOUT_MS,
  };
}

async function runCase(testCase: TestCase, ws: Workspace, agents: Agent[], runners: Map<string, AgentRunner>, proxy: ModelProxy, root: string, mode: ProxyMode, env: NodeJS.ProcessEnv): Promise<CaseResult> {
  const agentName = testCase.agent ?? (agents.length === 1 ? agents[0].name : undefined);
  const runner = agentName ? runners.get(agentName) : undefined;
  const session = proxy.session(testCase.id);
  const started = performance.now();
  let run: RunOutput;
  let skillNames = ws.skills.map((s) => s.folderName);
  if (!runner) {
    run = { output: '', error: agentName ? `agent "${agentName}" is not one of this repository's agents (${agents.map((a) => a.name).join(', ')})` : `the case names no agent and the repository has ${agents.length} (${agents.map((a) => a.name).join(', ')}); add agent: to the case or suite` };
  } else if (runner.runner === 'command') {
    if (!runner.command) run = { output: '', error: `agent "${runner.agent.name}" has runner: command but no command in agentship.yaml` };
    else run = await runCommand(runner, testCase, session, root, mode, env);
  } else {
    const system = systemPromptFor(ws, runner.agent, agents);
    skillNames = system.skills.map((s) => s.folderName);
    try {
      run = await runPrompt(runner, testCase, session, system);
    } catch (error) {
      run = { output: '', error: `model call failed: ${(error as Error).message}` };
    }
  }
  const latencyMs = performance.now() - started;
  proxy.endSession(session);
  const calls = session.calls;
  const usage = calls.reduce((u, c) => addUsage(u, c.usage), emptyUsage());
  const costUsd = calls.some((c) => c.costUsd === undefined && totalTokens(c.usage) > 0) ? undefined : calls.reduce((n, c) => n + (c.costUsd ?? 0), 0);
  const outcome: CaseOutcome = { output: run.output, calls, usage, costUsd, latencyMs, skillsUsed: skillsUsed(calls, skillNames), toolCalls: calls.flatMap((c) => c.toolCalls) };
  const assertions: AssertionResult[] = [];
  for (const e of testCase.expect) assertions.push(await checkExpectation(e, outcome, testCase));
  // A miss or a refusal fails the case whatever the output: the agent did not get the answer it would have had.
  const callErrors = calls.filter((c) => c.source === 'miss' || c.source === 'refused').map((c) => c.error!);
  const error = [...new Set(callErrors)].concat(run.error ? [run.error] : []).join('\n') || undefined;
  const weight = assertions.reduce((n, a) => n + a.weight, 0);
  const score = error ? 0 : weight ? assertions.reduce((n, a) => n + a.weight * a.score, 0) / weight : 1;
  return {
    id: testCase.id,
    suite: testCase.suite,
    file: testCase.file,
    line: testCase.line,
    agent: agentName ?? '',
    tags: testCase.tags,
    pass: !error && score + 1e-9 >= testCase.threshold,
    score: Math.round(score * 10000) / 10000,
    threshold: testCase.threshold,
    weight: testCase.weight,
    assertions,
    output: redactSecretsInText(run.output.length > OUTPUT_LIMIT ? `${run.output.slice(0, OUTPUT_LIMIT)}…` : run.output),
    error,
    usage,
    tokens: totalTokens(usage),
    costUsd,
    latencyMs: Math.round(latencyMs * 10) / 10,
    skillsUsed: outcome.skillsUsed,
    calls: calls.map((c) => ({ provider: c.provider, endpoint: c.endpoint, model: c.model, key: c.key, source: c.source, status: c.status, stream: c.stream, usage: c.usage, tokens: totalTokens(c.usage), costUsd: c.costUsd, latencyMs: Math.round(c.latencyMs * 100) / 100, error: c.error })),
  };
}

/** Runs `count` tasks, at most `limit` at a time. */
async function pool(count: number, limit: number, task: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) await task(next++);
  };
  await Promise.all(Array.from({ length: Math.min(limit, count) }, worker));
}

function rel(root: string, abs: string): string {
  const r = abs.startsWith(root) ? abs.slice(root.length + 1) : abs;
  return r.split('\\').join('/') || '.';
}

function stripEmpty<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== '')) as Partial<T>;
}
