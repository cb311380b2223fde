import { fingerprint, type Severity } from '../findings/index.js';
import type { ReportInput } from './render.js';

const GITLAB_SEVERITY: Record<Severity, string> = { error: 'major', warning: 'minor', note: 'info' };

/** GitLab's Code Quality report (a subset of Code Climate's format), shown in merge request widgets. */
export function formatCodeQuality(input: ReportInput): string {
  const issues = input.findings.map((f) => ({
    description: `${f.message} (${f.ruleId})`,
    check_name: f.ruleId,
    fingerprint: fingerprint(f) + (f.line ?? 0).toString(16).padStart(4, '0'),
    severity: GITLAB_SEVERITY[f.severity],
    location: { path: f.file, lines: { begin: f.line ?? 1 } },
  }));
  return JSON.stringify(issues, null, 2) + '\n';
}
