import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { fingerprint, REPORT_FORMATS, renderReport, ruleDocsUrl, summarize, type Finding, type ReportInput } from '@agentship/core';
import { githubSarifProblems, sarifValidator } from '../../../test/foundation/sarif-schema.js';

const findings: Finding[] = [
  { ruleId: 'config/syntax', severity: 'error', message: 'Invalid JSON: comma expected', file: '.mcp.json', line: 3, column: 5, help: ruleDocsUrl('config/syntax') },
  { ruleId: 'config/syntax', severity: 'warning', message: 'Duplicate key "a": the last one wins.', file: '.mcp.json', line: 9, help: ruleDocsUrl('config/syntax') },
  // Characters every format must escape: <, &, quotes, a pipe, a newline, a control character.
  { ruleId: 'config/encoding', severity: 'warning', message: 'Bad <tag> & "quote" | pipe\nsecond line \u0007 end', file: 'docs/my skill/SKILL.md', line: 1, endLine: 2, help: ruleDocsUrl('config/encoding') },
  { ruleId: 'config/symlink', severity: 'note', message: 'A note without a line.', file: 'agents/x', help: ruleDocsUrl('config/symlink') },
  { ruleId: 'config/internal-error', severity: 'error', message: 'Rule x failed.', file: '.', help: ruleDocsUrl('config/internal-error') },
];
const input: ReportInput = {
  findings,
  summary: summarize(findings, { files: 7, suppressed: 2, baselined: 1 }),
  rules: [
    { id: 'config/syntax', severity: 'error', description: 'Files parse.' },
    { id: 'config/encoding', severity: 'error', description: 'UTF-8 without BOM.' },
    { id: 'config/symlink', severity: 'error', description: 'Links stay inside.' },
    { id: 'config/schema', severity: 'error', description: 'agentship.yaml follows its schema.' },
  ],
};
const empty: ReportInput = { findings: [], summary: summarize([], { files: 3 }), rules: input.rules };

describe('json report', () => {
  it('is the design contract {"version":1,"findings":[...],"summary":{...}}', () => {
    const parsed = JSON.parse(renderReport('json', input));
    expect(Object.keys(parsed)).toEqual(['version', 'findings', 'summary']);
    expect(parsed.version).toBe(1);
    expect(parsed.findings).toEqual(findings);
    expect(parsed.summary).toEqual({ errors: 2, warnings: 2, notes: 1, files: 7, suppressed: 2, baselined: 1 });
  });

  it('carries extra sections a stage adds', () => {
    expect(JSON.parse(renderReport('json', { ...empty, extra: { tokens: { total: 5 } } })).tokens).toEqual({ total: 5 });
  });
});

describe('sarif report', () => {
  const validateSarif = sarifValidator();

  it('is valid against the SARIF 2.1.0 schema, with findings and without', () => {
    expect(validateSarif(JSON.parse(renderReport('sarif', input, { version: '1.2.3' })))).toEqual([]);
    expect(validateSarif(JSON.parse(renderReport('sarif', empty)))).toEqual([]);
    // The validator does catch a bad log.
    expect(validateSarif({ version: '2.1.0', runs: [{ tool: { driver: { name: 'x' } }, results: [{ message: { text: 'm' }, level: 'fatal' }] }] })).not.toEqual([]);
  });

  it('has what GitHub code scanning needs: rules with helpUri, relative locations, partialFingerprints', () => {
    const log = JSON.parse(renderReport('sarif', input, { version: '1.2.3' }));
    expect(githubSarifProblems(log)).toEqual([]);
    const run = log.runs[0];
    expect(run.tool.driver).toMatchObject({ name: 'agentship', semanticVersion: '1.2.3' });
    // Every rule that ran is listed, and every rule a finding names, even one outside the list.
    expect(run.tool.driver.rules.map((r: { id: string }) => r.id)).toEqual(['config/encoding', 'config/internal-error', 'config/schema', 'config/symlink', 'config/syntax']);
    expect(run.results).toHaveLength(findings.length);
    const byMessage = Object.fromEntries(run.results.map((r: any) => [r.message.text, r]));
    const encoded = byMessage[findings[2].message];
    expect(encoded.level).toBe('warning');
    expect(encoded.locations[0].physicalLocation.artifactLocation.uri).toBe('docs/my%20skill/SKILL.md');
    expect(encoded.locations[0].physicalLocation.region).toEqual({ startLine: 1, endLine: 2 });
    expect(byMessage['Invalid JSON: comma expected'].locations[0].physicalLocation.region).toEqual({ startLine: 3, startColumn: 5 });
    expect(byMessage['A note without a line.'].level).toBe('note');
    expect(byMessage['A note without a line.'].locations[0].physicalLocation.region.startLine).toBe(1);
    expect(encoded.partialFingerprints).toEqual({ 'agentship/v1': fingerprint(findings[2]) });
  });
});

describe('junit report', () => {
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => name === 'testsuite' || name === 'testcase' });

  it('is well-formed XML with one suite per family and a failure per error or warning', () => {
    const xml = renderReport('junit', input);
    expect(XMLValidator.validate(xml)).toBe(true);
    const doc = parser.parse(xml);
    expect(doc.testsuites).toMatchObject({ tests: '5', failures: '4' });
    const suites = doc.testsuites.testsuite;
    expect(suites.map((s: { name: string }) => s.name)).toEqual(['config']);
    const cases = suites[0].testcase;
    expect(cases).toHaveLength(5);
    const encoded = cases.find((c: any) => c.file === 'docs/my skill/SKILL.md');
    expect(encoded.failure.message).toBe('Bad <tag> & "quote" | pipe\nsecond line  end');
    const note = cases.find((c: any) => c.classname === 'config/symlink');
    expect(note.failure).toBeUndefined();
    expect(note['system-out']).toBe('A note without a line.');
  });

  it('has one passing case when there is nothing to report', () => {
    const xml = renderReport('junit', empty);
    expect(XMLValidator.validate(xml)).toBe(true);
    const doc = parser.parse(xml);
    expect(doc.testsuites).toMatchObject({ tests: '1', failures: '0' });
    expect(doc.testsuites.testsuite[0].testcase[0].name).toContain('3 files');
  });
});

describe('codequality report', () => {
  it('has GitLab\'s fields with GitLab\'s severities and unique fingerprints', () => {
    const issues = JSON.parse(renderReport('codequality', input));
    expect(issues).toHaveLength(findings.length);
    for (const issue of issues) {
      expect(Object.keys(issue).sort()).toEqual(['check_name', 'description', 'fingerprint', 'location', 'severity']);
      expect(['info', 'minor', 'major', 'critical', 'blocker']).toContain(issue.severity);
      expect(typeof issue.location.path).toBe('string');
      expect(issue.location.lines.begin).toBeGreaterThanOrEqual(1);
    }
    expect(issues.map((i: any) => i.severity)).toEqual(['major', 'minor', 'minor', 'info', 'major']);
    expect(new Set(issues.map((i: any) => i.fingerprint)).size).toBe(issues.length);
    expect(issues[0]).toMatchObject({ check_name: 'config/syntax', description: 'Invalid JSON: comma expected (config/syntax)', location: { path: '.mcp.json', lines: { begin: 3 } } });
    expect(JSON.parse(renderReport('codequality', empty))).toEqual([]);
  });
});

describe('markdown report', () => {
  it('leads with the totals and lists every finding in a table whose cells cannot break it', () => {
    const md = renderReport('markdown', input);
    const lines = md.split('\n');
    expect(lines[0]).toBe('### ❌ agentship validate: 2 errors, 2 warnings, 1 notes in 7 files');
    expect(md).toContain('2 suppressed inline, 1 in the baseline.');
    const rows = lines.filter((l) => l.startsWith('| ') && !l.startsWith('| Level'));
    expect(rows).toHaveLength(findings.length);
    // Each row has exactly four cells: escaped pipes do not split it.
    for (const row of rows) expect(row.split(/(?<!\\)\|/).length - 2).toBe(4);
    expect(md).toContain('Bad &lt;tag> & "quote" \\| pipe second line');
    expect(md).toContain(`[config/syntax](${ruleDocsUrl('config/syntax')})`);
    expect(md).toContain('`.mcp.json:3`');
  });

  it('says so when the run is clean', () => {
    expect(renderReport('markdown', empty)).toContain('### ✅ agentship validate: 0 errors, 0 warnings, 0 notes in 3 files');
  });
});

describe('text report', () => {
  it('groups findings by file, one line each with position, level, message and rule, then the totals', () => {
    const text = renderReport('text', input, { color: false });
    const lines = text.trimEnd().split('\n');
    expect(lines[0]).toBe('.mcp.json');
    expect(lines[1]).toMatch(/^ {2}3:5 +error +Invalid JSON: comma expected {2}config\/syntax$/);
    expect(lines[2]).toMatch(/^ {2}9:1 +warning +Duplicate key/);
    expect(lines[3]).toBe('');
    expect(lines[4]).toBe('docs/my skill/SKILL.md');
    expect(text).toMatch(/agents\/x\n {2}- +note +A note without a line\./);
    expect(lines.at(-1)).toBe('✖ 2 errors, 2 warnings, 1 note in 7 files (2 suppressed inline, 1 in the baseline)');
    expect(text).not.toContain('\x1b[');
  });

  it('colours only when asked', () => {
    expect(renderReport('text', input, { color: true })).toContain('\x1b[31m');
    expect(renderReport('text', empty)).toBe('✔ 0 errors, 0 warnings, 0 notes in 3 files\n');
  });
});

it('every format renders the empty and the full input', () => {
  for (const format of REPORT_FORMATS) {
    expect(renderReport(format, input).length).toBeGreaterThan(0);
    expect(renderReport(format, empty).length).toBeGreaterThan(0);
  }
});
