import { listAgents } from '../agents/index.js';
import type { Workspace } from '../discover/index.js';
import { estimateForModel, TokenCache, type TokenEstimate } from '../tokens/index.js';
import { claudeChain, codexChain, codexSettings, type Client, type LoadedContext } from './chains.js';
import { expandImports, importGraph, isClaudeMemoryName } from './imports.js';
import { agentModels, budgetLimits, namedModels, type BudgetLimits } from './limits.js';

/** How close a count is to the tightest budget that applies to it. */
export interface BudgetUse {
  limit: number;
  /** The file the budget is set in. */
  source: string;
  environment?: string;
  /** The count compared: o200k, or the largest central estimate of the models under that budget. */
  used: number;
  /** The model `used` is an estimate for, when it is one. */
  model?: string;
  percent: number;
}

export interface FileTokens {
  file: string;
  /** An instruction file, a file a CLAUDE.md imports, or a SKILL.md body. */
  kind: 'instructions' | 'import' | 'skill';
  bytes: number;
  lines: number;
  /** o200k_base, exact. */
  tokens: number;
  /** One per model the repository names; `exact: false` marks an estimate with a range. */
  estimates: TokenEstimate[];
  budget?: BudgetUse;
}

export interface ContextTokens {
  agent: string;
  /** The agent's folder; the session starts there. */
  path: string;
  client: Client;
  /** The instruction files loaded, root first (Claude Code: with their imports). */
  files: string[];
  /** Codex: files cut at project_doc_max_bytes, and files left out after it. */
  truncated: string[];
  dropped: string[];
  /** Skills in the skill index. */
  skills: string[];
  instructionTokens: number;
  skillIndexTokens: number;
  /** instructionTokens + skillIndexTokens, o200k_base. */
  tokens: number;
  estimates: TokenEstimate[];
  budget?: BudgetUse;
}

export interface TokenReport {
  encoding: 'o200k_base';
  /** Every model named in agentship.yaml `budgets.models` and the environments' model-overrides. */
  models: string[];
  /** The budgets that apply (empty: counts are reported, nothing is enforced). */
  budgets: Array<{ source: string; environment?: string; perFile?: number; perContext?: number }>;
  contexts: ContextTokens[];
  files: FileTokens[];
}

const reports = new WeakMap<Workspace, TokenReport>();

/**
 * Counts what each agent's sessions load and what each file costs, once per workspace: the budget
 * rules and validate's report share the result.
 */
export function tokenReport(ws: Workspace, cache: TokenCache = new TokenCache()): TokenReport {
  const known = reports.get(ws);
  if (known) return known;
  const models = namedModels(ws);
  const limits = budgetLimits(ws);
  const contexts: ContextTokens[] = [];
  const settings = codexSettings(ws);
  for (const agent of listAgents(ws)) {
    const agentModelList = agentModels(ws, agent.name);
    for (const loaded of [claudeChain(ws, agent.path), codexChain(ws, agent.path, settings)]) {
      if (loaded.files.length === 0 && loaded.skills.length === 0) continue;
      const context = countContext(loaded, agent.name, agent.path, cache);
      context.estimates = agentModelList.map((m) => estimateForModel(context.tokens, m));
      context.budget = tightest(limits, context.tokens, (l) => l.perContext, (l) => l.modelsFor(agent.name));
      contexts.push(context);
    }
  }
  const files = countFiles(ws, cache).map((f) => {
    f.estimates = models.map((m) => estimateForModel(f.tokens, m));
    f.budget = tightest(limits, f.tokens, (l) => l.perFile, (l) => l.models);
    return f;
  });
  const report: TokenReport = {
    encoding: 'o200k_base',
    models,
    budgets: limits.map(({ source, environment, perFile, perContext }) => ({ source, ...(environment ? { environment } : {}), ...(perFile ? { perFile } : {}), ...(perContext ? { perContext } : {}) })),
    contexts,
    files,
  };
  reports.set(ws, report);
  return report;
}

function countContext(loaded: LoadedContext, agent: string, path: string, cache: TokenCache): ContextTokens {
  const instructionTokens = loaded.files.reduce((sum, f) => sum + cache.count(f.text), 0);
  const skillIndexTokens = loaded.skills.length ? cache.count(loaded.skills.map((s) => s.entry).join('\n')) : 0;
  return {
    agent,
    path,
    client: loaded.client,
    files: loaded.files.map((f) => f.file),
    truncated: loaded.files.filter((f) => f.truncated).map((f) => f.file),
    dropped: loaded.dropped,
    skills: loaded.skills.map((s) => s.name),
    instructionTokens,
    skillIndexTokens,
    tokens: instructionTokens + skillIndexTokens,
    estimates: [],
  };
}

/** Instruction files, the files CLAUDE.md files import (they load at launch too) and SKILL.md bodies. */
function countFiles(ws: Workspace, cache: TokenCache): FileTokens[] {
  const graph = importGraph(ws);
  const files = new Map<string, FileTokens>();
  const add = (file: string, kind: FileTokens['kind'], text: string, bytes: number, lines: number) => {
    if (!files.has(file)) files.set(file, { file, kind, bytes, lines, tokens: cache.count(text), estimates: [] });
  };
  for (const instruction of ws.instructions) {
    add(instruction.file.path, 'instructions', instruction.file.text, instruction.file.byteLength, instruction.file.lineCount);
  }
  for (const instruction of ws.instructions) {
    if (!isClaudeMemoryName(instruction.name)) continue;
    for (const { file } of expandImports(ws, instruction.file.path).files) {
      const source = graph.source(file);
      if (source) add(file, 'import', source.text, source.byteLength, source.lineCount);
    }
  }
  for (const skill of ws.skills) {
    const body = skill.frontmatter.body;
    add(skill.file.path, 'skill', body, Buffer.byteLength(body), body.split('\n').length);
  }
  return [...files.values()].sort((a, b) => a.file.localeCompare(b.file));
}

/** The budget a count comes closest to exceeding (or exceeds most), over every source. */
function tightest(limits: BudgetLimits[], tokens: number, limitOf: (l: BudgetLimits) => number | undefined, modelsOf: (l: BudgetLimits) => string[]): BudgetUse | undefined {
  let best: BudgetUse | undefined;
  for (const l of limits) {
    const max = limitOf(l);
    if (!max) continue;
    let used = tokens;
    let model: string | undefined;
    for (const m of modelsOf(l)) {
      const estimate = estimateForModel(tokens, m);
      if (!estimate.exact && estimate.tokens > used) {
        used = estimate.tokens;
        model = m;
      }
    }
    const use: BudgetUse = { limit: max, source: l.source, ...(l.environment ? { environment: l.environment } : {}), used, ...(model ? { model } : {}), percent: Math.round((100 * used) / max) };
    if (!best || use.used / use.limit > best.used / best.limit) best = use;
  }
  return best;
}
