import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ConfigError } from '@agentship/core/errors';
import { loadConfig } from '@agentship/core/config';
import { parseYaml } from '@agentship/core/parse';
import { canaryConfigFrom, formatCanaryMarkdown, judgeCanary, loadResults, type CanaryConfig, type CanaryResult, type Verdict } from '@agentship/core/canary';
import { planVerdict, runRelease } from '@agentship/core/deploy';
import { releaseStore, type TargetInputs } from '../deployments/index.js';
import type { Platform } from '../types.js';

export interface CanaryCompareStageInputs {
  cwd: string;
  baseline: string;
  candidate: string;
  /** Keep only records of these config versions (one JSONL can hold both arms). */
  baselineVersion?: string;
  candidateVersion?: string;
  /** agentship.yaml (its `canary:` section) or a YAML/JSON file of the canary section's shape. */
  config?: string;
  mode?: CanaryConfig['mode'];
  /** Where to write the full result JSON. */
  resultFile?: string;
  /** Fail the step at this verdict or worse. */
  failOn: Verdict | 'never';
  /** Record the verdict in the ledger of this environment (the known-good rules read it). */
  record?: { environment: string; targets: TargetInputs; trigger: string };
}

const ORDER: Record<Verdict, number> = { promote: 0, inconclusive: 1, rollback: 2 };

/** Reads the canary section: from agentship.yaml in cwd, or from a named file. */
export function loadCanaryConfig(cwd: string, file?: string): CanaryConfig {
  if (!file) return canaryConfigFrom(loadConfig(cwd).config.canary, 'agentship.yaml canary');
  const path = resolve(cwd, file);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new ConfigError(`Canary config not found: ${file}`);
  }
  const parsed = parseYaml(text);
  const bad = parsed.problems.find((p) => p.severity === 'error');
  if (bad) throw new ConfigError(`${file}:${bad.line}: ${bad.message}`);
  const value = parsed.value as Record<string, unknown> | undefined;
  // An agentship.yaml holds it under `canary:`; a canary file is the section itself.
  const section = value && typeof value === 'object' && 'canary' in value ? value.canary : value;
  return canaryConfigFrom(section, `${file} canary`);
}

/** Stages 3, 5 and 6: judge candidate results against the baseline; outputs the verdict. */
export async function runCanaryCompareStage(platform: Platform, inputs: CanaryCompareStageInputs): Promise<{ result: CanaryResult; failed?: string }> {
  const config = loadCanaryConfig(inputs.cwd, inputs.config);
  if (inputs.mode) config.mode = inputs.mode;
  const baseline = loadResults(resolve(inputs.cwd, inputs.baseline), { version: inputs.baselineVersion, label: 'baseline' });
  const candidate = loadResults(resolve(inputs.cwd, inputs.candidate), { version: inputs.candidateVersion, label: 'candidate' });
  for (const w of [...baseline.warnings, ...candidate.warnings]) platform.warning(w);
  const result = judgeCanary(baseline.records, candidate.records, config);

  await platform.writeSummary(formatCanaryMarkdown(result));
  platform.setOutput('verdict', result.verdict);
  platform.setOutput('score', result.score);
  platform.setOutput('reason', result.reason);
  platform.setOutput('paired', String(result.paired));
  if (inputs.resultFile) {
    const path = resolve(inputs.cwd, inputs.resultFile);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, JSON.stringify({ version: 1, ...result }, null, 2) + '\n');
    platform.setOutput('result-file', inputs.resultFile);
  }
  for (const m of result.metrics) if (m.classification !== 'pass') platform.info(`${m.name}: ${m.classification} (${m.reason})`);
  platform.info(`agentship canary-compare: ${result.verdict}, score ${result.score}. ${result.reason}`);

  if (inputs.record) {
    const { environment, targets, trigger } = inputs.record;
    const now = new Date();
    const outcome = await runRelease(releaseStore(targets), (s) => planVerdict(s, { environment, verdict: result.verdict, trigger, now }), { attempts: 3 });
    platform.info(outcome.summary);
  }
  const failed = inputs.failOn !== 'never' && ORDER[result.verdict] >= ORDER[inputs.failOn] ? `Canary verdict ${result.verdict}: ${result.reason}` : undefined;
  return { result, failed };
}
