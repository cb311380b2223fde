import { createHash } from 'node:crypto';
import {
  appendFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { ConfigError } from '@agentship/core/errors';
import { loadConfig } from '@agentship/core/config';
import {
  compareWithBaseline,
  dryRunSettings,
  formatComparisonMarkdown,
  formatResultsJunit,
  formatResultsMarkdown,
  parseShard,
  PROXY_MODES,
  readResults,
  runDryRun,
  usageRecordsOf,
  type Comparison,
  type ProxyMode,
  type RunResult,
  type Shard,
} from '@agentship/core/dryrun';
import { cacheKey, noCache, type CacheBackend } from '../cache/index.js';
import type { Platform } from '../types.js';

export interface DryRunStageInputs {
  workspace: string;
  /** The repository folder to run, relative to the workspace. */
  path: string;
  config?: string;
  mode?: string;
  /** `2/4`, `auto` (GitLab's CI_NODE_INDEX/CI_NODE_TOTAL of `env`), or empty for every case. */
  shard?: string;
  tags?: string[];
  /** Only cases whose id contains this text. */
  grep?: string;
  /** The cassette folder, relative to the repository folder; default dry-run.cassettes. */
  cassetteDir?: string;
  /** Cases run at the same time; default dry-run.concurrency. */
  concurrency?: number;
  /** A results JSON to compare with; `previous` for the results restored from the cache. */
  baseline?: string;
  /** Where to write the results JSON (relative to the workspace); default agentship.yaml dry-run.results. */
  resultsFile?: string;
  /** Write the results JSON (default true); the CLI writes it only when asked. */
  writeResults?: boolean;
  junitFile?: string;
  /** Append one usage record per model call (JSONL) to this file, relative to the workspace. */
  usageLog?: string;
  /** The environment the usage records name (default ci). */
  usageEnvironment?: string;
  maxTokens?: number;
  maxCostUsd?: number;
  /** Price override file (relative to the workspace); default agentship.yaml cost.prices. */
  prices?: string;
  openaiUpstream?: string;
  anthropicUpstream?: string;
  env?: NodeJS.ProcessEnv;
}

export interface DryRunStageResult {
  result: RunResult;
  comparison?: Comparison;
  /** Set when the stage fails: cases below threshold, a regression, or a broken suite. */
  failure?: string;
}

/**
 * Stages 2 and 3 as a CI step: restore cassettes and the previous results from the cache, run the
 * suites through the model proxy, write results JSON and JUnit, compare with the baseline, write
 * the job summary and outputs, and save the cache.
 */
export async function runDryRunStage(platform: Platform, inputs: DryRunStageInputs, cache: CacheBackend = noCache()): Promise<DryRunStageResult> {
  const mode = (inputs.mode || undefined) as ProxyMode | undefined;
  if (mode && !PROXY_MODES.includes(mode)) throw new ConfigError(`mode must be one of ${PROXY_MODES.join(', ')} (got "${inputs.mode}").`);
  const shard = shardOf(inputs.shard, inputs.env ?? process.env);
  const root = resolve(inputs.workspace, inputs.path);
  const fromWorkspace = (abs: string) => relative(inputs.workspace, abs).split('\\').join('/');

  // Settings are needed before the run to know which paths to restore.
  const settings = dryRunSettings(loadConfig(root, inputs.config).config);
  const cassetteDir = resolve(root, inputs.cassetteDir ?? settings.cassettes);
  const resultsPath = inputs.resultsFile ? resolve(inputs.workspace, inputs.resultsFile) : resolve(root, settings.results);
  const paths = [cassetteDir, resultsPath];
  const prefix = cacheKey('agentship-dry-run', process.platform, shard ? `shard${shard.index}of${shard.total}` : 'all', '');

  const committed = snapshot(cassetteDir);
  const restoredKey = await cache.restore(paths, `${prefix}restore`, [prefix]);
  if (restoredKey) {
    // Committed cassettes win over cached copies of the same request.
    for (const [file, text] of committed) writeFileSync(join(cassetteDir, file), text);
    platform.info(`Restored cassettes and results from cache ${restoredKey}.`);
  }
  // The baseline is read before the run: a bad file fails before any money is spent, and
  // `previous` is the cached run, not the one this run writes.
  const baselineName = inputs.baseline || settings.baseline;
  let baseline: RunResult | undefined;
  if (baselineName === 'previous') {
    if (existsSync(resultsPath)) baseline = readResults(resultsPath, 'the cached results');
    else platform.info('No previous results in the cache to compare with.');
  } else if (baselineName) {
    // A baseline given as an input is relative to the workspace, one in agentship.yaml to the
    // repository folder.
    const base = inputs.baseline ? inputs.workspace : root;
    const path = resolve(base, baselineName);
    baseline = readResults(path, baselineName);
  }

  const { result } = await runDryRun(root, {
    configPath: inputs.config,
    mode,
    shard,
    tags: inputs.tags,
    grep: inputs.grep,
    cassetteDir: inputs.cassetteDir,
    concurrency: inputs.concurrency,
    cap: { maxTokens: inputs.maxTokens, maxCostUsd: inputs.maxCostUsd },
    pricesPath: inputs.prices ? resolve(inputs.workspace, inputs.prices) : undefined,
    upstream: { openai: inputs.openaiUpstream, anthropic: inputs.anthropicUpstream },
    env: inputs.env,
    progress: (line) => platform.info(line),
    rerecordHint: `agentship dry-run ${inputs.path} --mode record`,
  });
  for (const f of result.findings) if (f.severity === 'error') platform.warning(`${f.file}${f.line ? `:${f.line}` : ''} ${f.message} (${f.ruleId})`);

  if (inputs.writeResults !== false) {
    write(resultsPath, JSON.stringify(result, null, 2) + '\n');
    platform.setOutput('results-file', fromWorkspace(resultsPath));
  }
  if (inputs.junitFile) {
    write(resolve(inputs.workspace, inputs.junitFile), formatResultsJunit(result));
    platform.setOutput('junit-file', inputs.junitFile);
  }
  if (inputs.usageLog) {
    const usagePath = resolve(inputs.workspace, inputs.usageLog);
    mkdirSync(dirname(usagePath), { recursive: true });
    appendFileSync(usagePath, usageRecordsOf(result, inputs.usageEnvironment ?? 'ci'));
  }

  const comparison = baseline ? compareWithBaseline(result, baseline, { scoreTolerance: settings.scoreTolerance, maxIncreasePercent: settings.maxIncreasePercent }) : undefined;

  let summary = formatResultsMarkdown(result);
  if (comparison) summary += '\n' + formatComparisonMarkdown(comparison);
  await platform.writeSummary(summary);

  const t = result.totals;
  platform.setOutput('pass-rate', t.passRate);
  platform.setOutput('tokens', t.tokens);
  platform.setOutput('cost', t.costUsd);
  platform.setOutput('cases', t.cases);
  platform.setOutput('failed', t.failed);
  platform.setOutput('regressions', comparison?.regressions ?? 0);
  platform.info(`agentship dry-run: ${t.passed}/${t.cases} cases passed, ${t.tokens} tokens, $${t.costUsd} (${result.mode}).`);

  const saveKey = `${prefix}${contentHash(paths)}`;
  if (saveKey !== restoredKey && (await cache.save(paths.filter(existsSync), saveKey))) platform.info(`Saved cassettes and results to cache ${saveKey}.`);

  const reasons: string[] = [];
  if (!result.pass) reasons.push(`${t.failed} of ${t.cases} cases failed${result.suites.some((s) => !s.pass) ? ' and a suite is below its threshold' : ''}${result.findings.some((f) => f.severity === 'error') ? ', with errors in suites or cassettes' : ''}`);
  if (comparison?.regressions) reasons.push(`${comparison.regressions} regression${comparison.regressions > 1 ? 's' : ''} against the baseline`);
  return { result, comparison, failure: reasons.length ? `agentship dry-run failed: ${reasons.join('; ')}.` : undefined };
}

/** `i/n`, or `auto`: GitLab `parallel:`'s CI_NODE_INDEX/CI_NODE_TOTAL, else every case. */
function shardOf(text: string | undefined, env: NodeJS.ProcessEnv): Shard | undefined {
  const auto = env.CI_NODE_TOTAL ? `${env.CI_NODE_INDEX ?? '1'}/${env.CI_NODE_TOTAL}` : undefined;
  const value = text === 'auto' ? auto : text;
  if (!value) return undefined;
  try {
    return parseShard(value);
  } catch (error) {
    throw new ConfigError(`shard: ${(error as Error).message}`);
  }
}

function snapshot(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  if (!existsSync(dir)) return files;
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.json'))) files.set(name, readFileSync(join(dir, name), 'utf8'));
  return files;
}

/** A hash of the cached files, so a new cache entry is saved only when something changed. */
function contentHash(paths: string[]): string {
  const hash = createHash('sha256');
  for (const path of paths) {
    if (!existsSync(path)) continue;
    const files = readdirSafe(path);
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      // Timings change every run; they alone do not make a new cache entry.
      hash.update(file).update(file.endsWith('results.json') ? text.replace(/"(startedAt|durationMs|latencyMs)": [^,\n]+/g, '') : text);
    }
  }
  return hash.digest('hex').slice(0, 16);
}

function readdirSafe(path: string): string[] {
  try {
    return readdirSync(path).filter((n) => n.endsWith('.json')).sort().map((n) => join(path, n));
  } catch {
    return [path];
  }
}

function write(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}
