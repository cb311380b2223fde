import type { AgentshipConfig } from '../config/index.js';
import type { BudgetCap } from './budget.js';
import type { UpstreamUrls } from './proxy.js';
import { DEFAULT_SUITE_PATTERNS } from './suites.js';
import { PROXY_MODES, type ProxyMode } from './types.js';

/** agentship.yaml `dry-run:` with defaults. Paths are relative to the repository root. */
export interface DryRunSettings {
  suites: string[];
  cassettes: string;
  mode: ProxyMode;
  results: string;
  baseline?: string;
  cap: BudgetCap;
  upstream: Partial<UpstreamUrls>;
  concurrency: number;
  model?: string;
  timeoutMs?: number;
  /** Allowed score drop per case before compare calls it a regression. */
  scoreTolerance: number;
  /** Allowed growth of a case's tokens and cost, in percent; undefined: shown, never a regression. */
  maxIncreasePercent?: number;
}

export const DEFAULT_SETTINGS: DryRunSettings = {
  suites: DEFAULT_SUITE_PATTERNS,
  cassettes: 'evals/cassettes',
  mode: 'replay',
  results: '.agentship/dry-run/results.json',
  cap: {},
  upstream: {},
  concurrency: 2,
  scoreTolerance: 0,
};

export function dryRunSettings(config: AgentshipConfig): DryRunSettings {
  const raw = (config['dry-run'] ?? {}) as Record<string, unknown>;
  const caps = (raw.caps ?? {}) as Record<string, unknown>;
  const upstream = (raw.upstream ?? {}) as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
  const suites = Array.isArray(raw.suites) ? raw.suites.filter((s): s is string => typeof s === 'string') : typeof raw.suites === 'string' ? [raw.suites] : DEFAULT_SETTINGS.suites;
  return {
    suites,
    cassettes: str(raw.cassettes) ?? DEFAULT_SETTINGS.cassettes,
    mode: PROXY_MODES.includes(raw.mode as ProxyMode) ? (raw.mode as ProxyMode) : DEFAULT_SETTINGS.mode,
    results: str(raw.results) ?? DEFAULT_SETTINGS.results,
    baseline: str(raw.baseline),
    cap: { maxTokens: num(caps['max-tokens']), maxCostUsd: num(caps['max-cost-usd']) },
    upstream: { openai: str(upstream.openai), anthropic: str(upstream.anthropic) },
    concurrency: Math.max(1, Math.floor(num(raw.concurrency) ?? DEFAULT_SETTINGS.concurrency)),
    model: str(raw.model),
    timeoutMs: num(raw['timeout-ms']),
    scoreTolerance: num(raw['score-tolerance']) ?? DEFAULT_SETTINGS.scoreTolerance,
    maxIncreasePercent: num(raw['max-increase-percent']),
  };
}
