import type { ReportInput } from './render.js';

const COLORS = { error: '\x1b[31m', warning: '\x1b[33m', note: '\x1b[36m', dim: '\x1b[2m', bold: '\x1b[1m', reset: '\x1b[0m' };

/** ESLint's stylish layout: findings grouped by file, then a one-line total. */
export function formatText(input: ReportInput, options: { color: boolean }): string {
  const c = (name: keyof typeof COLORS, text: string) => (options.color ? `${COLORS[name]}${text}${COLORS.reset}` : text);
  const lines: string[] = [];
  const byFile = new Map<string, ReportInput['findings']>();
  for (const f of input.findings) {
    const list = byFile.get(f.file) ?? [];
    list.push(f);
    byFile.set(f.file, list);
  }
  for (const [file, findings] of byFile) {
    lines.push(c('bold', file));
    for (const f of findings) {
      const where = f.line ? `${f.line}:${f.column ?? 1}` : '-';
      lines.push(`  ${c('dim', where.padEnd(8))} ${c(f.severity, f.severity.padEnd(7))} ${f.message}  ${c('dim', f.ruleId)}`);
    }
    lines.push('');
  }
  for (const section of input.sections ?? []) {
    lines.push(c('bold', section.title), section.text, '');
  }
  const s = input.summary;
  const total = `${s.errors} error${s.errors === 1 ? '' : 's'}, ${s.warnings} warning${s.warnings === 1 ? '' : 's'}, ${s.notes} note${s.notes === 1 ? '' : 's'} in ${s.files} file${s.files === 1 ? '' : 's'}`;
  const hidden = [s.suppressed ? `${s.suppressed} suppressed inline` : '', s.baselined ? `${s.baselined} in the baseline` : ''].filter(Boolean).join(', ');
  const mark = s.errors ? c('error', '✖') : s.warnings ? c('warning', '⚠') : c('note', '✔');
  lines.push(`${mark} ${total}${hidden ? ` (${hidden})` : ''}`);
  return lines.join('\n') + '\n';
}
