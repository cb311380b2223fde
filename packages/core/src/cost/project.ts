import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { listAgents } from '../agents/index.js';
import { discover, type Workspace } from '../discover/index.js';
import type { Finding } from '../findings/index.js';
import { levelFindings } from '../registry/index.js';
import { estimateForModel, TokenCache } from '../tokens/index.js';
import { costConfig, type CostConfig } from './config.js';
import { agentContext } from './context.js';
import { readDryRunUsage, type MeasuredTaskUsage } from './dryrun-usage.js';
import { readEnvironmentCosts, type AgentWorkload, type EnvironmentCostConfig } from './environments.js';
import { emptyUsage as emptyTokens, loadPriceOverrides, loadPricer } from '../pricing/index.js';
import { noOverrides, roundUsd } from '../pricing/index.js';
import type { PriceOverrides, Pricer, TokenUsage } from '../pricing/index.js';

/** Where a monthly cost goes: the context every call re-sends, the task input, the output. */
export interface PhaseCosts {
  context: number;
  input: number;
  output: number;
}

export interface AgentProjection {
  agent: string;
  model?: string;
  tasksPerDay: number;
  callsPerTask: number;
  /** `dry-run`: measured usage per task; `configured`: context tokens plus the workload's averages. */
  usageSource: 'dry-run' | 'configured';
  /** Model tokens per task (input includes context and cache reads). */
  perTask: TokenUsage;
  /** The context part of the input per call, in model tokens (an estimate unless the model uses o200k). */
  contextTokens: number;
  monthlyUsd: number;
  lowUsd: number;
  highUsd: number;
  /** True when token counts are converted from o200k with a family ratio. */
  estimate: boolean;
  priceSource: string;
  unpriced?: boolean;
  phases: PhaseCosts;
}

export interface EnvironmentProjection {
  name: string;
  budgetUsd?: number;
  alertLevels: number[];
  monthlyUsd: number;
  lowUsd: number;
  highUsd: number;
  agents: AgentProjection[];
}

/** A repository's projected monthly cost; `--format json` prints it and `--base-results` reads it back. */
export interface CostProjection {
  version: 1;
  daysPerMonth: number;
  environments: EnvironmentProjection[];
  /** Bad budget or price files, agents without a model: each with a file and a line. */
  problems: Finding[];
}

export interface ProjectOptions {
  configPath?: string;
  /** Price override file (over agentship.yaml `cost.prices`), relative to the working folder or absolute. */
  pricesPath?: string;
  /** Dry-run results (over `cost.dry-run-results`). */
  dryRunResultsPath?: string;
  workspace?: Workspace;
  /** Accept unknown `rules:` keys: a base commit's agentship.yaml is read as it was written. */
  lenientRuleLevels?: boolean;
}

/** Projects the monthly cost of every environment with a budget-limits or model-overrides file. */
export async function projectCosts(
  root: string,
  options: ProjectOptions = {},
): Promise<{ projection: CostProjection; config: CostConfig }> {
  const ws = options.workspace ?? discover(root, { configPath: options.configPath });
  const config = costConfig(ws.config);
  const problems: Finding[] = [];
  const { environments, problems: envProblems } = readEnvironmentCosts(ws);
  problems.push(...envProblems);

  let overrides: PriceOverrides = noOverrides();
  const pricesPath = options.pricesPath ? resolve(options.pricesPath) : config.prices ? resolve(ws.root, config.prices) : undefined;
  if (pricesPath) {
    const loaded = loadPriceOverrides(pricesPath, options.pricesPath ?? config.prices!);
    overrides = loaded.overrides;
    problems.push(...loaded.problems);
  }
  const pricer = await loadPricer(overrides);

  const agents = listAgents(ws);
  const tokens = new TokenCache();
  let measured = new Map<string, MeasuredTaskUsage>();
  const resultsPath = options.dryRunResultsPath ? resolve(options.dryRunResultsPath) : config.dryRunResults ? resolve(ws.root, config.dryRunResults) : undefined;
  if (resultsPath && (options.dryRunResultsPath || existsSync(resultsPath))) {
    const read = readDryRunUsage(resultsPath, options.dryRunResultsPath ?? config.dryRunResults!, agents.length === 1 ? agents[0].name : undefined);
    measured = read.usage;
    problems.push(...read.problems);
  }

  const projection: CostProjection = { version: 1, daysPerMonth: config.daysPerMonth, environments: [], problems };
  for (const env of environments) {
    const out: EnvironmentProjection = { name: env.name, budgetUsd: env.budgetUsd, alertLevels: env.alertLevels, monthlyUsd: 0, lowUsd: 0, highUsd: 0, agents: [] };
    for (const [name, workload] of Object.entries(env.agents).sort(([a], [b]) => a.localeCompare(b))) {
      if (!agents.some((a) => a.name === name) && !measured.has(name)) {
        problems.push({ ruleId: 'cost/unknown-agent', severity: 'warning', message: `Workload for "${name}" in ${env.name}, but the repository has no such agent; its context is counted as 0 tokens.`, file: env.files[0] });
      }
      const model = env.agentModels[name] ?? env.defaultModel ?? measured.get(name)?.model;
      const projected = projectAgent(name, model, workload, agentContext(ws, name, model, tokens)?.o200kTokens ?? 0, measured.get(name), pricer, config.daysPerMonth);
      if (!model) problems.push({ ruleId: 'cost/no-model', severity: 'error', message: `No model for "${name}" in ${env.name}: set default-model or agents.${name}.model in model-overrides.yaml.`, file: env.files.find((f) => f.includes('model-overrides')) ?? env.files[0] });
      else if (projected.unpriced) problems.push({ ruleId: 'cost/unknown-model', severity: 'error', message: `No price for model "${model}" (agent "${name}" in ${env.name}): add it to the price override file.`, file: env.files.find((f) => f.includes('model-overrides')) ?? env.files[0] });
      out.agents.push(projected);
    }
    out.monthlyUsd = roundCents(sum(out.agents.map((a) => a.monthlyUsd)));
    out.lowUsd = roundCents(sum(out.agents.map((a) => a.lowUsd)));
    out.highUsd = roundCents(sum(out.agents.map((a) => a.highUsd)));
    projection.environments.push(out);
  }
  projection.problems = levelFindings(problems, ws.config, { lenient: options.lenientRuleLevels });
  return { projection, config };
}

function projectAgent(agent: string, model: string | undefined, workload: AgentWorkload, contextO200k: number, measured: MeasuredTaskUsage | undefined, pricer: Pricer, days: number): AgentProjection {
  const tasksPerDay = workload.tasksPerDay + sum(Object.values(workload.viaWorkflows));
  const tasksPerMonth = tasksPerDay * days;
  const base = { agent, model, tasksPerDay };
  if (!model) return { ...base, ...emptyUsage(), usageSource: measured ? 'dry-run' : 'configured', callsPerTask: workload.callsPerTask, estimate: false, priceSource: 'no model', unpriced: true };

  if (measured) {
    // Measured usage: price the average call, then scale to a task and a month.
    const calls = Math.max(1, measured.calls);
    const call: TokenUsage = {
      input: measured.input / calls,
      output: measured.output / calls,
      cacheRead: measured.cacheRead / calls,
      cacheWrite: measured.cacheWrite / calls,
    };
    const batch = { batch: workload.batch };
    const priced = pricer.priceUsage(model, call, batch);
    const monthly = roundCents(priced.usd * calls * tasksPerMonth);
    const outputOnly = { ...call, input: 0, cacheRead: 0, cacheWrite: 0 };
    const outputShare = pricer.priceUsage(model, outputOnly, batch).usd;
    const phases = splitPhases(monthly, { context: 0, input: priced.usd - outputShare, output: outputShare });
    return { ...base, callsPerTask: calls, usageSource: 'dry-run', perTask: { input: measured.input, output: measured.output, cacheRead: measured.cacheRead, cacheWrite: measured.cacheWrite }, contextTokens: 0, monthlyUsd: monthly, lowUsd: monthly, highUsd: monthly, estimate: false, priceSource: priced.source, unpriced: priced.unpriced, phases };
  }

  const context = estimateForModel(contextO200k, model);
  const callAt = (contextTokens: number): TokenUsage => ({
    input: contextTokens + workload.avgInputTokens,
    output: workload.avgOutputTokens,
    cacheRead: Math.round(contextTokens * workload.cacheReadShare),
    cacheWrite: 0,
  });
  const batch = { batch: workload.batch };
  const price = (usage: TokenUsage) => pricer.priceUsage(model, usage, batch);
  const point = price(callAt(context.tokens));
  const perMonth = (usd: number) => roundCents(usd * workload.callsPerTask * tasksPerMonth);
  const monthly = perMonth(point.usd);
  const contextOnly = price({ ...callAt(context.tokens), input: context.tokens, output: 0 }).usd;
  const inputOnly = price({ ...emptyTokens(), input: workload.avgInputTokens }).usd;
  const outputOnly = price({ ...emptyTokens(), output: workload.avgOutputTokens }).usd;
  const call = callAt(context.tokens);
  return {
    ...base,
    callsPerTask: workload.callsPerTask,
    usageSource: 'configured',
    perTask: { input: call.input * workload.callsPerTask, output: call.output * workload.callsPerTask, cacheRead: call.cacheRead * workload.callsPerTask, cacheWrite: 0 },
    contextTokens: context.tokens,
    monthlyUsd: monthly,
    lowUsd: perMonth(price(callAt(context.low)).usd),
    highUsd: perMonth(price(callAt(context.high)).usd),
    estimate: !context.exact && contextO200k > 0,
    priceSource: point.source,
    unpriced: point.unpriced,
    phases: splitPhases(monthly, { context: contextOnly, input: inputOnly, output: outputOnly }),
  };
}

function emptyUsage() {
  return { perTask: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 }, contextTokens: 0, monthlyUsd: 0, lowUsd: 0, highUsd: 0, phases: { context: 0, input: 0, output: 0 } };
}

/** Phases priced apart can differ from the whole call by a long-context tier; scale them to the total. */
function splitPhases(total: number, parts: PhaseCosts): PhaseCosts {
  const whole = parts.context + parts.input + parts.output;
  if (whole <= 0) return { context: 0, input: 0, output: 0 };
  return { context: roundCents((total * parts.context) / whole), input: roundCents((total * parts.input) / whole), output: roundCents((total * parts.output) / whole) };
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

export function roundCents(usd: number): number {
  return Math.round(roundUsd(usd) * 100) / 100;
}

export type { EnvironmentCostConfig };
