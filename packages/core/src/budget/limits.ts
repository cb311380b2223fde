import { posix } from 'node:path';
import type { DataFile, Workspace } from '../discover/index.js';

/**
 * Token budgets and the models they are counted for. Budgets come from `budgets:` in agentship.yaml
 * and from `tokens:` in environments/<env>/budget-limits.yaml; each source is checked on its own.
 * Models come from `budgets.models` and environments/<env>/model-overrides.yaml.
 */
export interface BudgetLimits {
  /** The file the limits are written in. */
  source: string;
  line?: number;
  /** The environment, for budget-limits.yaml. */
  environment?: string;
  /** Tokens allowed in one instruction file or SKILL.md body. */
  perFile?: number;
  /** Tokens allowed in one agent's context: its instruction chain plus the skill index. */
  perContext?: number;
  /** The models counted for all files under these limits ([] = o200k, exact). */
  models: string[];
  /** The models counted for one agent's context under these limits ([] = o200k, exact). */
  modelsFor(agent: string): string[];
}

interface ModelOverrides {
  defaultModel?: string;
  agents: Map<string, string>;
}

/** A positive whole number, or undefined for anything else (the schema rule reports bad values). */
function limit(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : undefined;
}

function record(value: unknown): Record<string, unknown> | undefined {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function envFile(ws: Workspace, environment: string, base: string): DataFile | undefined {
  return ws.environments.find((e) => e.environment === environment && /^(.+)\.(ya?ml|json)$/.exec(posix.basename(e.file.path))?.[1] === base);
}

/** The `models:` of agentship.yaml's `budgets:` block. */
export function budgetModels(ws: Workspace): string[] {
  const models = record(ws.config.budgets)?.models;
  return Array.isArray(models) ? models.filter((m): m is string => typeof m === 'string' && m.trim() !== '') : [];
}

export function modelOverrides(ws: Workspace, environment: string): ModelOverrides | undefined {
  const file = envFile(ws, environment, 'model-overrides');
  const value = record(file?.data?.value);
  if (!value) return undefined;
  const agents = new Map<string, string>();
  for (const [name, entry] of Object.entries(record(value.agents) ?? {})) {
    // `triage: claude-haiku-4-5` is short for `triage: {model: claude-haiku-4-5}`.
    const model = typeof entry === 'string' ? entry : record(entry)?.model;
    if (typeof model === 'string' && model.trim()) agents.set(name, model.trim());
  }
  const defaultModel = typeof value['default-model'] === 'string' && value['default-model'].trim() ? value['default-model'].trim() : undefined;
  return { defaultModel, agents };
}

/** Environment names that have any file under environments/. */
export function environmentNames(ws: Workspace): string[] {
  return [...new Set(ws.environments.filter((e) => e.file.path.startsWith('environments/')).map((e) => e.environment!))].sort();
}

/** Every model a repository names, for the estimates of the token report. */
export function namedModels(ws: Workspace): string[] {
  const models = new Set(budgetModels(ws));
  for (const env of environmentNames(ws)) {
    const overrides = modelOverrides(ws, env);
    if (overrides?.defaultModel) models.add(overrides.defaultModel);
    for (const model of overrides?.agents.values() ?? []) models.add(model);
  }
  return [...models];
}

/** The models one agent runs with, over every environment and `budgets.models`. */
export function agentModels(ws: Workspace, agent: string): string[] {
  const models = new Set(budgetModels(ws));
  for (const env of environmentNames(ws)) {
    const overrides = modelOverrides(ws, env);
    const model = overrides?.agents.get(agent) ?? overrides?.defaultModel;
    if (model) models.add(model);
  }
  return [...models];
}

/** Every budget the repository sets, agentship.yaml's first, then one per environment. */
export function budgetLimits(ws: Workspace): BudgetLimits[] {
  const result: BudgetLimits[] = [];
  const fallbackModels = budgetModels(ws);
  const budgets = record(ws.config.budgets);
  if (budgets && (limit(budgets['per-file']) || limit(budgets['per-context']))) {
    result.push({
      source: ws.configPath ?? 'agentship.yaml',
      perFile: limit(budgets['per-file']),
      perContext: limit(budgets['per-context']),
      models: fallbackModels,
      modelsFor: () => fallbackModels,
    });
  }
  for (const env of environmentNames(ws)) {
    const file = envFile(ws, env, 'budget-limits');
    const tokens = record(record(file?.data?.value)?.tokens);
    if (!file || !tokens) continue;
    const perFile = limit(tokens['per-file']);
    const perContext = limit(tokens['per-context']);
    if (!perFile && !perContext) continue;
    const overrides = modelOverrides(ws, env);
    const envModels = overrides ? [...new Set([overrides.defaultModel, ...overrides.agents.values()].filter((m): m is string => Boolean(m)))] : [];
    result.push({
      source: file.file.path,
      line: file.data?.lineOf(['tokens']),
      environment: env,
      perFile,
      perContext,
      models: envModels.length ? envModels : fallbackModels,
      modelsFor: (agent) => {
        const model = overrides?.agents.get(agent) ?? overrides?.defaultModel;
        return model ? [model] : fallbackModels;
      },
    });
  }
  return result;
}
