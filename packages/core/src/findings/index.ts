import { createHash } from 'node:crypto';

export type Severity = 'error' | 'warning' | 'note';

/** The contract every stage reports in (design.md, "Contracts"). `file` is relative to the scanned root, with `/`. */
export interface Finding {
  ruleId: string;
  severity: Severity;
  message: string;
  file: string;
  line?: number;
  column?: number;
  endLine?: number;
  help?: string;
}

/** Where each finding kind's page lives; SARIF helpUri, `help` and every report link here. */
export const DOCS_BASE = 'https://github.com/agentship/agentship/blob/main/docs/rules';

/** The docs page of a finding id: docs/rules/<family>/<name>.md. */
export function ruleDocsUrl(ruleId: string): string {
  return `${DOCS_BASE}/${ruleId}.md`;
}

/**
 * One kind of finding, a rule's or a stage's: its id (`family/name`), its level when agentship.yaml
 * says nothing, and one line for docs and SARIF. @agentship/core/registry holds every kind.
 */
export interface FindingKind {
  id: string;
  severity: Severity;
  description: string;
}

export const SEVERITY_RANK: Record<Severity, number> = { error: 3, warning: 2, note: 1 };

export function isSeverity(value: unknown): value is Severity {
  return value === 'error' || value === 'warning' || value === 'note';
}

export function compareFindings(a: Finding, b: Finding): number {
  return (
    a.file.localeCompare(b.file) ||
    (a.line ?? 0) - (b.line ?? 0) ||
    (a.column ?? 0) - (b.column ?? 0) ||
    a.ruleId.localeCompare(b.ruleId) ||
    a.message.localeCompare(b.message)
  );
}

/**
 * A fingerprint that survives unrelated edits: it leaves out the line number so that a baselined
 * finding stays baselined when lines are added above it.
 */
export function fingerprint(finding: Finding): string {
  return createHash('sha256')
    .update(`${finding.ruleId}\0${finding.file}\0${finding.message}`)
    .digest('hex')
    .slice(0, 16);
}

export interface Summary {
  errors: number;
  warnings: number;
  notes: number;
  files: number;
  suppressed: number;
  baselined: number;
}

export function summarize(findings: Finding[], extra: { files: number; suppressed?: number; baselined?: number }): Summary {
  let errors = 0;
  let warnings = 0;
  let notes = 0;
  for (const f of findings) {
    if (f.severity === 'error') errors++;
    else if (f.severity === 'warning') warnings++;
    else notes++;
  }
  return { errors, warnings, notes, files: extra.files, suppressed: extra.suppressed ?? 0, baselined: extra.baselined ?? 0 };
}

export type FailOn = 'error' | 'warning' | 'never';

export function gateFails(summary: Summary, failOn: FailOn): boolean {
  if (failOn === 'never') return false;
  if (failOn === 'warning') return summary.errors + summary.warnings > 0;
  return summary.errors > 0;
}
