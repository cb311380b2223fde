import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { allRules, validate, writeBaseline } from '@agentship/core';
import { makeTree, runCli } from '../helpers.js';

const j = (...parts: string[]): string => parts.join('');
const token = (n: number): string => j('gh', 'p_', 'R7kQ2mX9vL4pW8sN1tB6yC3hF5jD0gA2', String(1000 + n));
const SKILL = '---\nname: deploy\ndescription: Deploys the service. Use when shipping a release.\n---\n\n# Deploy\n';
const secretRules = allRules.filter((r) => r.id.startsWith('secret/'));
const scan = (root: string, allFiles = false) => validate(root, { rules: secretRules, ruleOptions: { allFiles } });

describe('secret/ rules in validate', () => {
  it('scans governed files, every file of a skill folder and .env.<env> files by default', () => {
    const root = makeTree({
      'AGENTS.md': `token ${token(1)}\n`,
      '.claude/skills/deploy/SKILL.md': SKILL,
      '.claude/skills/deploy/scripts/run.sh': `curl -H "Authorization: token ${token(2)}"\n`,
      'config/.env.production': `GITHUB_TOKEN=${token(3)}\n`,
      'src/app.ts': `const t = "${token(4)}";\n`,
    });
    const result = scan(root);
    expect(result.findings.map((f) => `${f.ruleId} ${f.file}:${f.line}`)).toEqual([
      'secret/provider-token .claude/skills/deploy/scripts/run.sh:1',
      'secret/provider-token AGENTS.md:1',
      'secret/provider-token config/.env.production:1',
    ]);
    expect(result.findings[0].message).toMatch(/^GitHub personal access token \(classic\) ghp_… \(fp [0-9a-f]{12}\) \[github-pat\]/);
    expect(result.findings[0].column).toBe(31);
  });

  it('--all-files scans what git tracks, and nothing git does not', () => {
    const root = makeTree({
      'AGENTS.md': '# agents\n',
      'src/app.ts': `const t = "${token(4)}";\n`,
      'notes/untracked.md': `${token(5)}\n`,
      'dist/ignored.js': `${token(6)}\n`,
      '.gitignore': 'dist/\n',
    });
    execFileSync('git', ['init', '-q'], { cwd: root });
    execFileSync('git', ['add', 'AGENTS.md', 'src/app.ts', '.gitignore'], { cwd: root });
    expect(scan(root).findings).toEqual([]);
    expect(scan(root, true).findings.map((f) => f.file)).toEqual(['src/app.ts']);
  });

  it('--all-files outside a git repository scans every file the walk saw', () => {
    const root = makeTree({ 'src/app.ts': `const t = "${token(4)}";\n`, 'logo.png': Buffer.from([0x89, 0x50, 0, 1, 2]) });
    expect(scan(root, true).findings.map((f) => f.file)).toEqual(['src/app.ts']);
  });

  it('honours agentship:allow and agentship-disable-line in governed and other files', () => {
    const root = makeTree({
      'AGENTS.md': `a ${token(1)} <!-- agentship:allow -->\nb ${token(2)} <!-- agentship-disable-line secret/provider-token -->\nc ${token(3)}\n`,
      '.claude/skills/deploy/SKILL.md': SKILL,
      '.claude/skills/deploy/run.sh': `A=${token(4)} # agentship:allow\nB=${token(5)}\n`,
    });
    const result = scan(root);
    expect(result.findings.map((f) => `${f.file}:${f.line}`)).toEqual(['.claude/skills/deploy/run.sh:2', 'AGENTS.md:3']);
    // The engine applies the directives, so the summary counts all three, skill scripts included.
    expect(result.summary.suppressed).toBe(3);
  });

  it('a baseline hides known findings and reports new ones', () => {
    const root = makeTree({ 'AGENTS.md': `${token(1)}\n` });
    const baseline = join(root, 'baseline.json');
    writeBaseline(baseline, scan(root).findings);
    expect(validate(root, { rules: secretRules, baselinePath: baseline }).findings).toEqual([]);
    const more = makeTree({ 'AGENTS.md': `${token(1)}\n${token(2)}\n` });
    expect(validate(more, { rules: secretRules, baselinePath: baseline }).findings.map((f) => f.line)).toEqual([2]);
  });

  it('reports a multi-line private key from its first to its last line', () => {
    const body = Array.from({ length: 4 }, (_, i) => 'MIIBOgIBAAJBAK' + String(i).repeat(50)).join('\n');
    const root = makeTree({ 'AGENTS.md': `# keys\n${j('-----BEGIN RSA ', 'PRIVATE KEY-----')}\n${body}\n${j('-----END RSA ', 'PRIVATE KEY-----')}\n` });
    const [finding] = scan(root).findings;
    expect(finding).toMatchObject({ ruleId: 'secret/private-key', line: 2, endLine: 7 });
  });

  it('agentship secrets: gitleaks format, exit codes, usage errors', () => {
    const root = makeTree({ 'AGENTS.md': `token ${token(1)}\n` });
    const run = runCli(['secrets', root, '--format', 'gitleaks']);
    expect(run.status).toBe(1);
    const report = JSON.parse(run.stdout);
    expect(report).toEqual([expect.objectContaining({ RuleID: 'secret/provider-token', File: 'AGENTS.md', StartLine: 1, EndLine: 1, Secret: 'REDACTED', Match: 'REDACTED' })]);
    expect(runCli(['secrets', makeTree({ 'AGENTS.md': '# clean\n' })]).status).toBe(0);
    const lenient = runCli(['secrets', root, '--fail-on', 'never']);
    expect(lenient.status).toBe(0);
    // Only findings: the token report belongs to `agentship validate`.
    expect(lenient.stdout).not.toContain('Token report');
    expect(Object.keys(JSON.parse(runCli(['secrets', root, '--format', 'json']).stdout))).toEqual(['version', 'findings', 'summary']);
    const bad = runCli(['secrets', root, '--format', 'yaml']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--format must be one of');
    expect(runCli(['secrets', join(root, 'missing')]).status).toBe(2);
    expect(runCli(['secrets', '--help']).stdout).toContain('--all-files');
  });
});
