import type { AgentProjection, CostProjection, EnvironmentProjection } from './project.js';
import { roundCents } from './project.js';

/** An alert level of an environment's budget that the head projection reaches. */
export interface LevelCrossing {
  level: number;
  thresholdUsd: number;
  /** False when the base already reached it: such a crossing is reported but never blocks. */
  newInHead: boolean;
}

export interface AgentDiff {
  agent: string;
  baseUsd?: number;
  headUsd?: number;
  diffUsd: number;
  diffPercent?: number;
  baseModel?: string;
  headModel?: string;
  head?: AgentProjection;
  base?: AgentProjection;
}

export interface EnvironmentDiff {
  name: string;
  budgetUsd?: number;
  /** Undefined when the base has no such environment (or there is no base). */
  baseUsd?: number;
  headUsd: number;
  diffUsd: number;
  diffPercent?: number;
  percentOfBudget?: number;
  crossed: LevelCrossing[];
  /** The head crosses `failAt` percent of the budget and the base did not. */
  blocking: boolean;
  agents: AgentDiff[];
  head?: EnvironmentProjection;
}

export interface Anomaly {
  environment: string;
  agent: string;
  message: string;
}

export interface CostDiff {
  hasBase: boolean;
  failAt: number;
  environments: EnvironmentDiff[];
  baseUsd: number;
  headUsd: number;
  diffUsd: number;
  diffPercent?: number;
  anomalies: Anomaly[];
  blocking: boolean;
}

export interface DiffOptions {
  failAt?: number;
  anomalyPercent?: number;
}

/** Compares the head projection with the base (or with nothing, for a first run). */
export function diffProjections(head: CostProjection, base: CostProjection | undefined, options: DiffOptions = {}): CostDiff {
  const failAt = options.failAt ?? 100;
  const anomalyPercent = options.anomalyPercent ?? 50;
  const names = [...head.environments.map((e) => e.name), ...(base?.environments ?? []).map((e) => e.name).filter((n) => !head.environments.some((e) => e.name === n))];
  const anomalies: Anomaly[] = [];
  const environments = names.map((name): EnvironmentDiff => {
    const h = head.environments.find((e) => e.name === name);
    const b = base?.environments.find((e) => e.name === name);
    const headUsd = h?.monthlyUsd ?? 0;
    const budgetUsd = h?.budgetUsd;
    const percentOf = (usd: number | undefined) => (budgetUsd && usd !== undefined ? (usd / budgetUsd) * 100 : undefined);
    const headPercent = percentOf(headUsd);
    // The base is measured against the head's budget: raising the budget in the same change clears a crossing.
    const basePercent = percentOf(b?.monthlyUsd);
    const levels = h?.alertLevels ?? [];
    const crossed = headPercent === undefined ? [] : levels.filter((l) => headPercent >= l).map((level) => ({ level, thresholdUsd: roundCents((budgetUsd! * level) / 100), newInHead: !(basePercent !== undefined && basePercent >= level) }));
    const blocking = headPercent !== undefined && headPercent >= failAt && !(basePercent !== undefined && basePercent >= failAt);
    const agents = diffAgents(h, b);
    if (base) anomalies.push(...findAnomalies(name, agents, anomalyPercent));
    return { name, budgetUsd, baseUsd: b?.monthlyUsd, headUsd, diffUsd: roundCents(headUsd - (b?.monthlyUsd ?? 0)), diffPercent: percentChange(b?.monthlyUsd, headUsd), percentOfBudget: headPercent, crossed, blocking, agents, head: h };
  });
  const baseUsd = roundCents(environments.reduce((s, e) => s + (e.baseUsd ?? 0), 0));
  const headUsd = roundCents(environments.reduce((s, e) => s + e.headUsd, 0));
  return { hasBase: Boolean(base), failAt, environments, baseUsd, headUsd, diffUsd: roundCents(headUsd - baseUsd), diffPercent: base ? percentChange(baseUsd, headUsd) : undefined, anomalies, blocking: environments.some((e) => e.blocking) };
}

function diffAgents(head: EnvironmentProjection | undefined, base: EnvironmentProjection | undefined): AgentDiff[] {
  const names = [...new Set([...(head?.agents ?? []).map((a) => a.agent), ...(base?.agents ?? []).map((a) => a.agent)])].sort();
  return names.map((agent) => {
    const h = head?.agents.find((a) => a.agent === agent);
    const b = base?.agents.find((a) => a.agent === agent);
    return { agent, baseUsd: b?.monthlyUsd, headUsd: h?.monthlyUsd, diffUsd: roundCents((h?.monthlyUsd ?? 0) - (b?.monthlyUsd ?? 0)), diffPercent: percentChange(b?.monthlyUsd, h?.monthlyUsd ?? 0), baseModel: b?.model, headModel: h?.model, head: h, base: b };
  });
}

/** What a reviewer should look at twice: a big jump, a model swap, a new workload, a grown context. */
function findAnomalies(environment: string, agents: AgentDiff[], anomalyPercent: number): Anomaly[] {
  const out: Anomaly[] = [];
  for (const a of agents) {
    const add = (message: string) => out.push({ environment, agent: a.agent, message });
    if (a.base && a.head && a.baseModel !== a.headModel) add(`model changed from ${a.baseModel ?? 'none'} to ${a.headModel ?? 'none'}`);
    if (!a.base && a.head && a.head.monthlyUsd > 0) add(`new workload: ${formatUsd(a.head.monthlyUsd)} a month`);
    if (a.base && a.head && a.diffPercent !== undefined && a.diffPercent > anomalyPercent && a.diffUsd >= 1) add(`monthly cost up ${formatPercent(a.diffPercent)} (${formatSignedUsd(a.diffUsd)})`);
    const bc = a.base?.contextTokens ?? 0;
    const hc = a.head?.contextTokens ?? 0;
    if (bc > 0 && hc > bc * (1 + anomalyPercent / 100)) add(`context grew from ${bc.toLocaleString('en-US')} to ${hc.toLocaleString('en-US')} tokens per call`);
  }
  return out;
}

function percentChange(before: number | undefined, after: number): number | undefined {
  if (before === undefined || before === 0) return undefined;
  return ((after - before) / before) * 100;
}

export function formatUsd(usd: number): string {
  const abs = Math.abs(usd);
  const text = abs >= 100 ? Math.round(abs).toLocaleString('en-US') : abs.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  return `${usd < 0 ? '-' : ''}$${text}`;
}

export function formatSignedUsd(usd: number): string {
  return usd > 0 ? `+${formatUsd(usd)}` : usd < 0 ? formatUsd(usd) : '$0.00';
}

export function formatPercent(percent: number): string {
  const rounded = Math.abs(percent) >= 10 ? Math.round(percent) : Math.round(percent * 10) / 10;
  return `${rounded > 0 ? '+' : ''}${rounded}%`;
}
