import type { Finding, Summary } from '../findings/index.js';
import { formatText } from './text.js';
import { formatJson } from './json.js';
import { formatSarif } from './sarif.js';
import { formatJunit } from './junit.js';
import { formatCodeQuality } from './codequality.js';
import { formatMarkdown } from './markdown.js';

/** What every validate report is made from. */
export interface ReportInput {
  findings: Finding[];
  summary: Summary;
  rules: Array<{ id: string; severity: Finding['severity']; description: string }>;
  /** Extra sections (token counts) that json carries and markdown/text may show. */
  extra?: Record<string, unknown>;
  /** Markdown sections appended by stages that measure something (token budgets). */
  sections?: Array<{ title: string; markdown: string; text: string }>;
}

export const REPORT_FORMATS = ['text', 'json', 'sarif', 'junit', 'codequality', 'markdown'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export function renderReport(format: ReportFormat, input: ReportInput, options: { color?: boolean; version?: string } = {}): string {
  switch (format) {
    case 'text':
      return formatText(input, { color: options.color ?? false });
    case 'json':
      return formatJson(input);
    case 'sarif':
      return formatSarif(input, options.version ?? '0.0.0');
    case 'junit':
      return formatJunit(input);
    case 'codequality':
      return formatCodeQuality(input);
    case 'markdown':
      return formatMarkdown(input);
  }
}
