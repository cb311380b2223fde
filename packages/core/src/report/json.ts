import type { ReportInput } from './render.js';

/** The contract in design.md: `{"version": 1, "findings": [...], "summary": {...}}`. */
export function formatJson(input: ReportInput): string {
  return JSON.stringify({ version: 1, findings: input.findings, summary: input.summary, ...(input.extra ?? {}) }, null, 2) + '\n';
}
