import type { ReportInput } from './render.js';

export function escapeMarkdownCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ').replace(/</g, '&lt;');
}

/** A job summary, an MR note or a PR comment: the headline first, every finding in a table. */
export function formatMarkdown(input: ReportInput): string {
  const s = input.summary;
  const icon = s.errors ? '❌' : s.warnings ? '⚠️' : '✅';
  const lines = [`### ${icon} agentship validate: ${s.errors} errors, ${s.warnings} warnings, ${s.notes} notes in ${s.files} files`, ''];
  if (s.suppressed || s.baselined) lines.push(`${s.suppressed} suppressed inline, ${s.baselined} in the baseline.`, '');
  if (input.findings.length) {
    lines.push('| Level | Rule | Location | Message |', '|---|---|---|---|');
    for (const f of input.findings) {
      const rule = f.help ? `[${f.ruleId}](${f.help})` : f.ruleId;
      lines.push(`| ${f.severity} | ${rule} | \`${escapeMarkdownCell(f.file)}${f.line ? `:${f.line}` : ''}\` | ${escapeMarkdownCell(f.message)} |`);
    }
    lines.push('');
  }
  for (const section of input.sections ?? []) lines.push(`<details><summary>${section.title}</summary>`, '', section.markdown, '', '</details>', '');
  return lines.join('\n');
}
