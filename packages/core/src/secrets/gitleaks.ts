import { fingerprint, type Finding } from '../findings/index.js';

/**
 * Findings in the shape of gitleaks' JSON report (`gitleaks dir --report-format json --redact`),
 * so tools that read gitleaks reports (and ../shared/bench/secrets/score.mjs) read ours. As with
 * `--redact`, `Match` and `Secret` hold `REDACTED`: the description carries the redacted prefix and
 * fingerprint, never the value.
 */
export interface GitleaksFinding {
  RuleID: string;
  Description: string;
  File: string;
  StartLine: number;
  EndLine: number;
  StartColumn: number;
  EndColumn: number;
  Match: string;
  Secret: string;
  Fingerprint: string;
  Tags: string[];
}

export function formatGitleaks(findings: Finding[]): string {
  const report: GitleaksFinding[] = findings.map((f) => ({
    RuleID: f.ruleId,
    Description: f.message,
    File: f.file,
    StartLine: f.line ?? 0,
    EndLine: f.endLine ?? f.line ?? 0,
    StartColumn: f.column ?? 0,
    EndColumn: 0,
    Match: 'REDACTED',
    Secret: 'REDACTED',
    Fingerprint: `${f.file}:${f.ruleId}:${f.line ?? 0}:${fingerprint(f)}`,
    Tags: [],
  }));
  return JSON.stringify(report, null, 1) + '\n';
}
