import { posix } from 'node:path';
import type { Finding } from '../findings/index.js';
import type { DataFile, Workspace } from '../discover/index.js';

/** What a month of work looks like for one agent in one environment (budget-limits.yaml `workload:`). */
export interface AgentWorkload {
  tasksPerDay: number;
  /** Task input per model call, in the model's tokens, on top of the agent's context. */
  avgInputTokens: number;
  avgOutputTokens: number;
  callsPerTask: number;
  /** Share (0-1) of the context tokens read from the prompt cache on each call. */
  cacheReadShare: number;
  batch: boolean;
  /** Workflows whose tasks run this agent, with their tasks per day. */
  viaWorkflows: Record<string, number>;
}

export interface EnvironmentCostConfig {
  name: string;
  budgetUsd?: number;
  /** Percent of the budget at which the report flags a level: 70, 90, 100 by default. */
  alertLevels: number[];
  defaultModel?: string;
  agentModels: Record<string, string>;
  agents: Record<string, AgentWorkload>;
  /** Relative paths of the files read. */
  files: string[];
}

export const DEFAULT_ALERT_LEVELS = [70, 90, 100];

const WORKLOAD_DEFAULTS = { 'avg-input-tokens': 0, 'avg-output-tokens': 0, 'calls-per-task': 1, 'cache-read-share': 0, batch: false };
const AGENT_KEYS = new Set(['tasks-per-day', 'avg-input-tokens', 'avg-output-tokens', 'calls-per-task', 'cache-read-share', 'batch']);

/**
 * Reads every environment's budget-limits and model-overrides files into what the projection
 * needs. Wrong values are findings with a line (rule `cost/invalid-workload`); the rest is read.
 */
export function readEnvironmentCosts(ws: Workspace): { environments: EnvironmentCostConfig[]; problems: Finding[] } {
  const byName = new Map<string, EnvironmentCostConfig>();
  const problems: Finding[] = [];
  const envOf = (name: string) => {
    let env = byName.get(name);
    if (!env) byName.set(name, (env = { name, alertLevels: [...DEFAULT_ALERT_LEVELS], agentModels: {}, agents: {}, files: [] }));
    return env;
  };
  for (const file of ws.environments) {
    if (!file.environment || !file.data) continue;
    const base = posix.basename(file.file.path).replace(/\.(ya?ml|json)$/, '');
    if (base === 'budget-limits') readBudget(envOf(file.environment), file, problems);
    else if (base === 'model-overrides') readModels(envOf(file.environment), file, problems);
  }
  return { environments: [...byName.values()].sort((a, b) => envOrder(a.name) - envOrder(b.name) || a.name.localeCompare(b.name)), problems };
}

/** production first: it is what the headline is usually about. */
function envOrder(name: string): number {
  const i = ['production', 'staging', 'ci', 'local'].indexOf(name);
  return i < 0 ? 4 : i;
}

function reporter(file: DataFile, problems: Finding[]) {
  return (path: (string | number)[], message: string): void => {
    problems.push({ ruleId: 'cost/invalid-workload', severity: 'error', message, file: file.file.path, line: file.data!.lineOf(path) });
  };
}

/**
 * The file's mapping, or undefined. A syntax error or a file that is not a mapping is a finding:
 * otherwise a broken budget file would read as "no budget" and the gate could never block.
 */
function readableRoot(file: DataFile, problems: Finding[], keys: string): Record<string, unknown> | undefined {
  const data = file.data!;
  const name = posix.basename(file.file.path);
  for (const p of data.problems) {
    // A warning (a duplicate JSON key) parses; the value read is the one projected.
    problems.push({ ruleId: 'cost/invalid-workload', severity: p.severity, message: p.severity === 'error' ? `${name} does not parse: ${p.message}` : `${name}: ${p.message}`, file: file.file.path, line: p.line });
  }
  const root = data.value;
  if (isRecord(root)) return root;
  if (root !== undefined && root !== null) problems.push({ ruleId: 'cost/invalid-workload', severity: 'error', message: `${name} must be a mapping (${keys}).`, file: file.file.path, line: 1 });
  return undefined;
}

function readBudget(env: EnvironmentCostConfig, file: DataFile, problems: Finding[]): void {
  env.files.push(file.file.path);
  const root = readableRoot(file, problems, 'monthly-budget-usd, alert-levels, workload');
  if (!root) return;
  const bad = reporter(file, problems);
  const budget = root['monthly-budget-usd'];
  if (budget !== undefined) {
    if (isNonNegative(budget)) env.budgetUsd = budget;
    else bad(['monthly-budget-usd'], 'monthly-budget-usd must be a number of US dollars, 0 or more.');
  }
  const levels = root['alert-levels'];
  if (levels !== undefined) {
    if (Array.isArray(levels) && levels.length > 0 && levels.every((l) => isNonNegative(l) && l > 0)) env.alertLevels = [...new Set(levels as number[])].sort((a, b) => a - b);
    else bad(['alert-levels'], 'alert-levels must be a list of percentages of the monthly budget, such as [70, 90, 100].');
  }
  const workload = root.workload;
  if (workload === undefined) return;
  if (!isRecord(workload)) return bad(['workload'], 'workload must be a mapping with `agents:` (and optionally `workflows:` and `defaults:`).');
  for (const key of Object.keys(workload)) if (!['agents', 'workflows', 'defaults'].includes(key)) bad(['workload', key], `workload: unknown key "${key}".`);
  const defaults = { ...WORKLOAD_DEFAULTS, ...readEntry(workload.defaults, ['workload', 'defaults'], bad, false) };
  const agents = isRecord(workload.agents) ? workload.agents : {};
  if (workload.agents !== undefined && !isRecord(workload.agents)) bad(['workload', 'agents'], 'workload.agents must map agent names to their workload.');
  const blank = (): AgentWorkload => toWorkload({ ...defaults, 'tasks-per-day': 0 });
  for (const [name, entry] of Object.entries(agents)) {
    const read = readEntry(entry, ['workload', 'agents', name], bad, true);
    if (read) env.agents[name] = toWorkload({ ...defaults, ...read });
  }
  const workflows = workload.workflows;
  if (workflows !== undefined && !isRecord(workflows)) bad(['workload', 'workflows'], 'workload.workflows must map workflow names to `{tasks-per-day, agents: [...]}`.');
  for (const [name, entry] of Object.entries(isRecord(workflows) ? workflows : {})) {
    const at = ['workload', 'workflows', name];
    if (!isRecord(entry) || !isNonNegative(entry['tasks-per-day']) || !Array.isArray(entry.agents) || !entry.agents.every((a) => typeof a === 'string')) {
      bad(at, `workload.workflows.${name} must be {tasks-per-day: <number>, agents: [<agent names>]}.`);
      continue;
    }
    for (const agent of entry.agents as string[]) {
      const target = (env.agents[agent] ??= blank());
      target.viaWorkflows[name] = (target.viaWorkflows[name] ?? 0) + (entry['tasks-per-day'] as number);
    }
  }
}

type Entry = Record<string, number | boolean>;

function readEntry(entry: unknown, at: string[], bad: (path: (string | number)[], message: string) => void, needsTasks: boolean): Entry | undefined {
  if (entry === undefined && !needsTasks) return {};
  const where = at.join('.');
  if (!isRecord(entry)) {
    bad(at, `${where} must be a mapping such as {tasks-per-day: 400, avg-input-tokens: 3000, avg-output-tokens: 600}.`);
    return undefined;
  }
  const out: Entry = {};
  for (const [key, value] of Object.entries(entry)) {
    if (!AGENT_KEYS.has(key) || (key === 'tasks-per-day' && !needsTasks)) bad([...at, key], `${where}: unknown key "${key}".`);
    else if (key === 'batch') typeof value === 'boolean' ? (out.batch = value) : bad([...at, key], `${where}.batch must be true or false.`);
    else if (key === 'cache-read-share') isNonNegative(value) && value <= 1 ? (out[key] = value) : bad([...at, key], `${where}.cache-read-share must be a number from 0 to 1.`);
    else if (key === 'calls-per-task') isNonNegative(value) && value >= 1 ? (out[key] = value) : bad([...at, key], `${where}.calls-per-task must be a number, 1 or more.`);
    else if (isNonNegative(value)) out[key] = value;
    else bad([...at, key], `${where}.${key} must be a number, 0 or more.`);
  }
  if (needsTasks && out['tasks-per-day'] === undefined) {
    bad(at, `${where} needs tasks-per-day.`);
    return undefined;
  }
  return out;
}

function toWorkload(e: Entry): AgentWorkload {
  return {
    tasksPerDay: e['tasks-per-day'] as number,
    avgInputTokens: e['avg-input-tokens'] as number,
    avgOutputTokens: e['avg-output-tokens'] as number,
    callsPerTask: e['calls-per-task'] as number,
    cacheReadShare: e['cache-read-share'] as number,
    batch: e.batch as boolean,
    viaWorkflows: {},
  };
}

function readModels(env: EnvironmentCostConfig, file: DataFile, problems: Finding[]): void {
  env.files.push(file.file.path);
  const root = readableRoot(file, problems, 'default-model, agents');
  if (!root) return;
  const bad = reporter(file, problems);
  if (root['default-model'] !== undefined) {
    if (typeof root['default-model'] === 'string' && root['default-model']) env.defaultModel = root['default-model'];
    else bad(['default-model'], 'default-model must be a model id such as claude-sonnet-4-5.');
  }
  const agents = root.agents;
  if (agents === undefined) return;
  if (!isRecord(agents)) return bad(['agents'], 'agents must map agent names to {model: <id>}.');
  for (const [name, entry] of Object.entries(agents)) {
    const model = isRecord(entry) ? entry.model : entry;
    if (typeof model === 'string' && model) env.agentModels[name] = model;
    else if (!(isRecord(entry) && entry.model === undefined)) bad(['agents', name], `agents.${name}.model must be a model id.`);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isNonNegative(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}
