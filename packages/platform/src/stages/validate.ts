import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { ConfigError } from '@agentship/core/errors';
import { formatMarkdown, formatSarif, type ReportInput } from '@agentship/core/report';
import { gateFails, type FailOn, type Finding } from '@agentship/core/findings';
import { PROFILES, type Profile } from '@agentship/core/config';
import { validate, writeBaseline, type ValidateResult } from '@agentship/core/engine';
import { VERSION } from '@agentship/core/version';
import { tokenReport, tokenSections, type TokenReport } from '@agentship/core/budget';
import { allRules } from '@agentship/core/rules';
import type { Platform } from '../types.js';

export interface ValidateStageInputs {
  workspace: string;
  path: string;
  config?: string;
  profile?: string;
  failOn: string;
  sarifFile?: string;
  /** Hide findings in this baseline file (relative to the workspace); default: agentship.yaml's. */
  baseline?: string;
  /**
   * Write every current finding to this baseline file (relative to the workspace), ignoring any
   * baseline; the gate does not apply then.
   */
  writeBaseline?: string;
  /** Report only findings in these files, relative to the validated folder (pre-commit). */
  onlyFiles?: string[];
  /** Scan every file for secrets, not just governed ones. */
  allFiles?: boolean;
  /** Run only the rules of this family (`secret` for agentship secrets); no token report then. */
  family?: string;
}

/** The engine's findings, with the token report the validate stage attaches. */
export interface ValidateStageReport extends ValidateResult, ReportInput {
  /** The token report (text and markdown), printed even when every count is under budget. */
  sections: NonNullable<ReportInput['sections']>;
  /** `tokens`: the token report, a top-level key of `--format json`. */
  extra: { tokens?: TokenReport };
}

export interface ValidateStageResult {
  result: ValidateStageReport;
  /** Set when the gate fails. */
  failure?: string;
}

/**
 * Stage 1 as a CI step: validate, attach the token report, annotate (what does not fit is listed
 * in the summary, none lost), write SARIF and the job summary, set outputs.
 */
export async function runValidateStage(
  platform: Platform,
  inputs: ValidateStageInputs,
): Promise<ValidateStageResult> {
  const failOn = inputs.failOn as FailOn;
  if (!['error', 'warning', 'never'].includes(failOn)) throw new ConfigError(`fail-on must be error, warning or never (got "${inputs.failOn}").`);
  if (inputs.profile && !PROFILES.includes(inputs.profile as Profile)) throw new ConfigError(`profile must be one of ${PROFILES.join(', ')} (got "${inputs.profile}").`);
  const root = resolve(inputs.workspace, inputs.path);
  const family = inputs.family;
  const validated = validate(root, {
    configPath: inputs.config,
    profile: inputs.profile as Profile | undefined,
    baselinePath: inputs.baseline && resolve(inputs.workspace, inputs.baseline),
    noBaseline: Boolean(inputs.writeBaseline),
    onlyFiles: inputs.onlyFiles,
    rules: family ? allRules.filter((rule) => rule.id.startsWith(`${family}/`)) : undefined,
    ruleOptions: { allFiles: Boolean(inputs.allFiles) },
  });
  // The budget rules counted the tokens already; the report reuses their counts.
  const tokens = family ? undefined : tokenReport(validated.workspace, validated.tokens);
  const result: ValidateStageReport = {
    ...validated,
    sections: tokens ? tokenSections(tokens) : [],
    extra: tokens ? { tokens } : {},
  };
  if (inputs.writeBaseline) {
    const baselinePath = resolve(inputs.workspace, inputs.writeBaseline);
    // The usual place, .agentship/baseline.json, is in a folder that may not exist yet.
    mkdirSync(dirname(baselinePath), { recursive: true });
    writeBaseline(baselinePath, result.findings);
    const count = result.findings.length;
    platform.info(`Wrote ${count} finding fingerprints to ${inputs.writeBaseline}.`);
    return { result };
  }

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
  const name = family === 'secret' ? 'secrets' : 'validate';
  const counts = `${s.errors} errors, ${s.warnings} warnings`;
  platform.info(`agentship ${name}: ${counts}, ${s.notes} notes in ${s.files} files.`);
  const failure = gateFails(s, failOn)
    ? `agentship ${name} found ${s.errors} errors and ${s.warnings} warnings (fail-on: ${failOn}).`
    : undefined;
  return { result, failure };
}
