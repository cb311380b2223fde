import { ConfigError } from '../config/index.js';
import { defaultCanaryConfig, METRIC_NAMES, type CanaryConfig, type CanaryResult, type Direction, type MetricName } from './judge.js';

export * from './stats.js';
export * from './sequential.js';
export * from './inputs.js';
export * from './judge.js';

const DIRECTIONS: readonly Direction[] = ['increase', 'decrease', 'either'];

function fail(where: string, message: string): never {
  throw new ConfigError(`${where}: ${message}`);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

function numberIn(where: string, v: unknown, lo: number, hi: number): number {
  if (typeof v !== 'number' || !(v >= lo && v <= hi)) fail(where, `must be a number from ${lo} to ${hi} (got ${JSON.stringify(v)})`);
  return v;
}

function bool(where: string, v: unknown): boolean {
  if (typeof v !== 'boolean') fail(where, `must be true or false (got ${JSON.stringify(v)})`);
  return v;
}

/**
 * The canary configuration from the `canary:` section of agentship.yaml (or a file of the same
 * shape): defaults overridden per key; every wrong key or type is a ConfigError naming it.
 * schemas/canary.schema.json describes the same shape.
 */
export function canaryConfigFrom(raw: unknown, where = 'canary'): CanaryConfig {
  const config = defaultCanaryConfig();
  if (raw === undefined || raw === null) return config;
  if (!isObject(raw)) fail(where, 'must be a mapping');
  const known = new Set(['alpha', 'mode', 'thresholds', 'groups', 'metrics', 'sequential']);
  for (const key of Object.keys(raw)) if (!known.has(key)) fail(`${where}.${key}`, `unknown key (known: ${[...known].join(', ')})`);
  if (raw.alpha !== undefined) config.alpha = numberIn(`${where}.alpha`, raw.alpha, 1e-9, 0.5);
  if (raw.mode !== undefined) {
    if (!['auto', 'paired', 'unpaired'].includes(raw.mode as string)) fail(`${where}.mode`, `must be auto, paired or unpaired (got ${JSON.stringify(raw.mode)})`);
    config.mode = raw.mode as CanaryConfig['mode'];
  }
  if (raw.thresholds !== undefined) {
    if (!isObject(raw.thresholds)) fail(`${where}.thresholds`, 'must be a mapping with pass and marginal');
    if (raw.thresholds.pass !== undefined) config.thresholds.pass = numberIn(`${where}.thresholds.pass`, raw.thresholds.pass, 0, 100);
    if (raw.thresholds.marginal !== undefined) config.thresholds.marginal = numberIn(`${where}.thresholds.marginal`, raw.thresholds.marginal, 0, 100);
    if (config.thresholds.marginal > config.thresholds.pass) fail(`${where}.thresholds`, `marginal (${config.thresholds.marginal}) must not exceed pass (${config.thresholds.pass})`);
  }
  if (raw.groups !== undefined) {
    if (!isObject(raw.groups)) fail(`${where}.groups`, 'must map group names to weights');
    config.groupWeights = {};
    for (const [name, w] of Object.entries(raw.groups)) config.groupWeights[name] = numberIn(`${where}.groups.${name}`, w, 0, 100);
    const total = Object.values(config.groupWeights).reduce((s, w) => s + w, 0);
    if (total > 100) fail(`${where}.groups`, `weights add up to ${total}; they must total at most 100`);
  }
  if (raw.metrics !== undefined) {
    if (!isObject(raw.metrics)) fail(`${where}.metrics`, `must map metric names (${METRIC_NAMES.join(', ')}) to settings`);
    for (const [name, settings] of Object.entries(raw.metrics)) {
      const at = `${where}.metrics.${name}`;
      const metric = config.metrics.find((m) => m.name === (name as MetricName));
      if (!metric) fail(at, `unknown metric (known: ${METRIC_NAMES.join(', ')})`);
      if (!isObject(settings)) fail(at, 'must be a mapping');
      for (const [key, v] of Object.entries(settings)) {
        if (key === 'direction') {
          if (!DIRECTIONS.includes(v as Direction)) fail(`${at}.direction`, `must be increase, decrease or either (got ${JSON.stringify(v)})`);
          metric.direction = v as Direction;
        } else if (key === 'tolerance') {
          if (typeof v === 'number' && v >= 0) metric.tolerance = v;
          else if (typeof v === 'string' && /^\s*\d+(\.\d+)?\s*%\s*$/.test(v)) metric.tolerance = v.trim();
          else fail(`${at}.tolerance`, `must be a non-negative number or a percentage like "10%" (got ${JSON.stringify(v)})`);
        } else if (key === 'critical') metric.critical = bool(`${at}.critical`, v);
        else if (key === 'must-have-data') metric.mustHaveData = bool(`${at}.must-have-data`, v);
        else if (key === 'muted') metric.muted = bool(`${at}.muted`, v);
        else if (key === 'groups') {
          if (!Array.isArray(v) || !v.length || !v.every((g) => typeof g === 'string')) fail(`${at}.groups`, 'must be a non-empty list of group names');
          metric.groups = v as string[];
        } else fail(`${at}.${key}`, 'unknown key (known: direction, tolerance, critical, must-have-data, muted, groups)');
      }
    }
  }
  if (raw.sequential !== undefined && raw.sequential !== false) {
    const s = raw.sequential === true ? {} : raw.sequential;
    if (!isObject(s)) fail(`${where}.sequential`, 'must be true or a mapping with alpha, beta, p1');
    config.sequential = {
      alpha: s.alpha === undefined ? 0.05 : numberIn(`${where}.sequential.alpha`, s.alpha, 1e-9, 0.5),
      beta: s.beta === undefined ? 0.2 : numberIn(`${where}.sequential.beta`, s.beta, 1e-9, 0.5),
      p1: s.p1 === undefined ? 0.7 : numberIn(`${where}.sequential.p1`, s.p1, 0.500001, 0.999999),
    };
  }
  return config;
}

const VERDICT_ICON: Record<CanaryResult['verdict'], string> = { promote: '✅', inconclusive: '⚠️', rollback: '❌' };

/** The job-summary table: one row per metric with its test, means, p-value and reason. */
export function formatCanaryMarkdown(result: CanaryResult): string {
  const lines = [
    `## agentship canary-compare: ${VERDICT_ICON[result.verdict]} ${result.verdict}`,
    '',
    `Score **${result.score}** (pass ${result.thresholds.pass}, marginal ${result.thresholds.marginal}): ${result.reason}`,
    '',
    `${result.paired ? `Paired on ${result.tasks.paired} tasks` : `Unpaired: ${result.tasks.baseline} baseline and ${result.tasks.candidate} candidate tasks`}; alpha ${result.alpha}.`,
    '',
    '| metric | result | test | baseline | candidate | shift | p | reason |',
    '|---|---|---|---:|---:|---:|---:|---|',
  ];
  // A side without data has no mean (NaN): shown as a dash, not as "NaN".
  const shown = (x: number): string => (Number.isNaN(x) ? '–' : String(x));
  for (const m of result.metrics) {
    const label = `${m.classification}${m.critical ? ' (critical)' : ''}${m.muted ? ' (muted)' : ''}`;
    lines.push(`| ${m.name} | ${label} | ${m.test}${m.method ? ` (${m.method})` : ''} | ${shown(m.baseline.mean)} (n=${m.baseline.n}) | ${shown(m.candidate.mean)} (n=${m.candidate.n}) | ${shown(m.shift)} | ${m.p ?? ''} | ${m.reason.replace(/\|/g, '\\|')} |`);
  }
  lines.push('', '| group | score | weight |', '|---|---:|---:|');
  for (const g of result.groups) lines.push(`| ${g.name} | ${g.noData ? 'no data (counts 100)' : Math.round(g.score * 100) / 100} | ${Math.round(g.weight * 100) / 100} |`);
  if (result.sequential) {
    const s = result.sequential;
    lines.push('', `Sequential check (SPRT on success, alpha ${s.alpha}, beta ${s.beta}, p1 ${s.p1}): **${s.decision}** after ${s.steps} tasks (log LR ${s.logLikelihoodRatio.toFixed(4)}, bounds ${s.lower.toFixed(4)} / ${s.upper.toFixed(4)}).`);
  }
  return lines.join('\n') + '\n';
}
