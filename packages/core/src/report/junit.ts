import type { ReportInput } from './render.js';
import { xmlEscape } from './xml.js';

/**
 * JUnit XML for GitHub and GitLab test views: one test suite per rule family, one test case per
 * finding (failed for errors and warnings). A clean run gives one passing case so the view is not empty.
 */
export function formatJunit(input: ReportInput): string {
  const families = new Map<string, ReportInput['findings']>();
  for (const f of input.findings) {
    const family = f.ruleId.split('/')[0];
    families.set(family, [...(families.get(family) ?? []), f]);
  }
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const failures = input.findings.filter((f) => f.severity !== 'note').length;
  const tests = Math.max(1, input.findings.length);
  out.push(`<testsuites name="agentship validate" tests="${tests}" failures="${failures}" errors="0">`);
  if (input.findings.length === 0) {
    out.push('  <testsuite name="agentship" tests="1" failures="0" errors="0" skipped="0">');
    out.push(`    <testcase classname="agentship" name="validate: ${input.summary.files} files, no findings"/>`);
    out.push('  </testsuite>');
  }
  for (const [family, findings] of families) {
    const failed = findings.filter((f) => f.severity !== 'note').length;
    out.push(`  <testsuite name="${xmlEscape(family)}" tests="${findings.length}" failures="${failed}" errors="0" skipped="0">`);
    for (const f of findings) {
      const where = `${f.file}${f.line ? `:${f.line}` : ''}`;
      out.push(`    <testcase classname="${xmlEscape(f.ruleId)}" name="${xmlEscape(where)}" file="${xmlEscape(f.file)}"${f.line ? ` line="${f.line}"` : ''}>`);
      if (f.severity === 'note') out.push(`      <system-out>${xmlEscape(f.message)}</system-out>`);
      else out.push(`      <failure type="${f.severity}" message="${xmlEscape(f.message)}">${xmlEscape(`${f.severity}: ${f.message}\n${where}\n${f.help ?? ''}`)}</failure>`);
      out.push('    </testcase>');
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return out.join('\n') + '\n';
}
