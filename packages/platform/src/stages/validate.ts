import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { ConfigError } from '@agentship/core/errors';
import { formatMarkdown, formatSarif } from '@agentship/core/report';
import { gateFails, type FailOn, type Finding } from '@agentship/core/findings';
import { PROFILES, type Profile } from '@agentship/core/config';
import { validate } from '@agentship/core/engine';
import { VERSION } from '@agentship/core/version';
import type { Platform } from '../types.js';

export interface ValidateStageInputs {
  workspace: string;
  path: string;
  config?: string;
  profile?: string;
  failOn: string;
  sarifFile?: string;
}

/**
 * Stage 1 as a CI step: validate, annotate (what does not fit is listed in the summary, none lost),
 * write SARIF and the job summary, set outputs. Returns the failure message when the gate fails.
 */
export async function runValidateStage(platform: Platform, inputs: ValidateStageInputs): Promise<string | undefined> {
  const failOn = inputs.failOn as FailOn;
  if (!['error', 'warning', 'never'].includes(failOn)) throw new ConfigError(`fail-on must be error, warning or never (got "${inputs.failOn}").`);
  if (inputs.profile && !PROFILES.includes(inputs.profile as Profile)) throw new ConfigError(`profile must be one of ${PROFILES.join(', ')} (got "${inputs.profile}").`);
  const root = resolve(inputs.workspace, inputs.path);
  const result = validate(root, { configPath: inputs.config, profile: inputs.profile as Profile | undefined });
  // Annotations need paths relative to the repository, not to the validated folder.
  const prefix = relative(inputs.workspace, root).split('\\').join('/');
  const inRepo = (f: Finding): Finding => (prefix && f.file !== '.' ? { ...f, file: `${prefix}/${f.file}` } : f);
  const findings = result.findings.map(inRepo);
  const notShown = platform.annotate(findings);

  let summary = formatMarkdown({ ...result, findings });
  if (notShown.length) {
    summary += `\n> ${notShown.length} findings were not shown as annotations (the runner shows 10 of each level per step, and one error slot is kept for the failure message); every finding is in the table above.\n`;
  }
  await platform.writeSummary(summary);

  if (inputs.sarifFile) {
    const sarifPath = resolve(inputs.workspace, inputs.sarifFile);
    mkdirSync(dirname(sarifPath), { recursive: true });
    writeFileSync(sarifPath, formatSarif({ ...result, findings }, VERSION));
    platform.setOutput('sarif-file', inputs.sarifFile);
  }
  platform.setOutput('error-count', result.summary.errors);
  platform.setOutput('warning-count', result.summary.warnings);
  const s = result.summary;
  platform.info(`agentship validate: ${s.errors} errors, ${s.warnings} warnings, ${s.notes} notes in ${s.files} files.`);
  return gateFails(s, failOn) ? `agentship validate found ${s.errors} errors and ${s.warnings} warnings (fail-on: ${failOn}).` : undefined;
}
