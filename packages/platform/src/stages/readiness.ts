import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ConfigError } from '@agentship/core/errors';
import { buildReadiness, renderReadinessMarkdown, type ReadinessReport } from '@agentship/core/readiness';
import type { Platform } from '../types.js';

export interface ReadinessStageInputs {
  workspace: string;
  path: string;
  environment: string;
  config?: string;
  dryRunResults?: string;
  ledger?: string;
  /** Minimum dry-run pass rate in percent (default: the run's own verdict). */
  minPassRate?: number;
  /** Budget headroom required over the projection, in percent (default 20). */
  budgetBufferPercent?: number;
  markdownFile?: string;
}

export interface ReadinessStageResult {
  report: ReadinessReport;
  markdown: string;
}

/** The pre-launch checklist as a CI step: the job summary, a markdown file for a PR or issue, counts as outputs. */
export async function runReadinessStage(platform: Platform, inputs: ReadinessStageInputs): Promise<ReadinessStageResult> {
  if (!/^[A-Za-z0-9._-]+$/.test(inputs.environment)) throw new ConfigError(`environment must be a name such as production (got "${inputs.environment}").`);
  for (const [name, value, max] of [['min-pass-rate', inputs.minPassRate, 100], ['budget-buffer', inputs.budgetBufferPercent, 1000]] as const) {
    if (value !== undefined && !(Number.isFinite(value) && value >= 0 && value <= max)) throw new ConfigError(`${name} must be a percentage from 0 to ${max} (got "${value}").`);
  }
  const root = resolve(inputs.workspace, inputs.path);
  const report = await buildReadiness(root, inputs.environment, {
    configPath: inputs.config,
    dryRunResults: inputs.dryRunResults ? resolve(inputs.workspace, inputs.dryRunResults) : undefined,
    ledger: inputs.ledger ? resolve(inputs.workspace, inputs.ledger) : undefined,
    minPassRate: inputs.minPassRate === undefined ? undefined : inputs.minPassRate / 100,
    budgetBuffer: inputs.budgetBufferPercent === undefined ? undefined : inputs.budgetBufferPercent / 100,
  });
  const markdown = renderReadinessMarkdown(report);
  await platform.writeSummary(markdown);
  if (inputs.markdownFile) {
    const path = resolve(inputs.workspace, inputs.markdownFile);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, markdown);
    platform.setOutput('markdown-file', inputs.markdownFile);
  }
  platform.setOutput('done', report.summary.done);
  platform.setOutput('missing', report.summary.missing);
  platform.setOutput('manual', report.summary.manual);
  platform.info(`agentship readiness ${inputs.environment}: ${report.summary.done} items with evidence, ${report.summary.missing} missing, ${report.summary.manual} for a person.`);
  return { report, markdown };
}
