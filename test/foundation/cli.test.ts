import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { FAMILIES } from '@agentship/core';
import { localPlatform } from '@agentship/platform';
import { runValidateStage } from '@agentship/platform/stages';
import { commands } from '../../packages/cli/src/commands/index.js';
import { makeTree, REPO_ROOT, runCli } from '../helpers.js';

/** Only the config family runs, so these tests see the foundation's findings and nobody else's. */
const CONFIG_ONLY = `rules:\n${FAMILIES.filter((f) => f !== 'config').map((f) => `  ${f}: off`).join('\n')}\n`;
const STACK_LINE = /^\s+at .+[:(]\d+/m;

function commandNames(): string[] {
  const help = runCli(['--help']).stdout;
  const section = help.split('Commands:\n')[1].split('\n\n')[0];
  return section.split('\n').map((line) => line.trim().split(/\s+/)[0]).filter(Boolean);
}

describe('agentship --help and usage errors', () => {
  it('prints the overview with every command for --help (exit 0) and without a command (exit 2)', () => {
    const help = runCli(['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('Usage: agentship <command> [dir] [options]');
    expect(commandNames()).toContain('validate');
    const none = runCli([]);
    expect(none.status).toBe(2);
    expect(none.stdout).toContain('Commands:');
    expect(runCli(['--version']).stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });

  it('prints full usage for every command\'s --help (and -h)', () => {
    for (const name of commandNames()) {
      const result = runCli([name, '--help']);
      expect(result.status, name).toBe(0);
      expect(result.stdout, name).toContain(`Usage: agentship ${name}`);
      expect(result.stdout, name).toMatch(/--format|--output|Options:/);
    }
    expect(runCli(['validate', '-h']).stdout).toContain('Usage: agentship validate');
  });

  it('exits 2 with a message and no stack trace for an unknown command or flag, on every command', () => {
    const unknown = runCli(['deploy-everything']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('unknown command "deploy-everything"');
    for (const name of commandNames()) {
      const result = runCli([name, '--no-such-flag'], { cwd: makeTree({}) });
      expect(result.status, name).toBe(2);
      expect(result.stderr, name).toContain('--no-such-flag');
      expect(result.stderr, name).not.toMatch(STACK_LINE);
    }
  });

  it('exits 2 for bad option values and a missing folder, naming the problem', () => {
    const root = makeTree({ 'AGENTS.md': '# x\n' });
    const cases: Array<[string[], RegExp]> = [
      [['validate', '--format', 'xml'], /--format must be one of text, json, sarif, junit, codequality, markdown \(got "xml"\)/],
      [['validate', '--fail-on', 'sometimes'], /--fail-on must be one of error, warning, never/],
      [['validate', '--profile', 'strict'], /--profile must be one of spec, anthropic, claude-code, codex/],
      [['validate', '--format'], /--format/],
      [['validate', 'no/such/folder'], /No such file or folder: no\/such\/folder/],
      [['validate', '--config', 'missing.yaml'], /Config file not found: \S*missing\.yaml/],
      [['validate', '--baseline', 'missing.json'], /Baseline file not found: \S*missing\.json/],
    ];
    for (const [args, message] of cases) {
      const result = runCli(args, { cwd: root });
      expect(result.status, args.join(' ')).toBe(2);
      expect(result.stderr, args.join(' ')).toMatch(message);
      expect(result.stderr).toContain('Run `agentship validate --help` for usage.');
      expect(result.stderr).not.toMatch(STACK_LINE);
      expect(result.stdout).toBe('');
    }
  });
});

describe('agentship commands load lazily', () => {
  it('lists each command with the name and summary of the module it loads', async () => {
    for (const entry of commands) {
      const command = await entry.load();
      expect({ name: command.name, summary: command.summary }).toEqual({ name: entry.name, summary: entry.summary });
    }
  });

  it('keeps every command module out of the entry file, so --help and --version load none', () => {
    const entry = readFileSync(join(REPO_ROOT, 'packages/cli/dist/agentship.js'), 'utf8');
    for (const { name } of commands) expect(entry, name).not.toContain(`Usage: agentship ${name}`);
  });
});

describe('agentship validate: exit codes and the gate', () => {
  const clean = () => makeTree({ 'agentship.yaml': CONFIG_ONLY, 'README.md': '# nothing governed\n' });
  const withError = () => makeTree({ 'agentship.yaml': CONFIG_ONLY, '.mcp.json': '{\n  "mcpServers": {\n}\n' });
  const withWarning = () => makeTree({ 'agentship.yaml': CONFIG_ONLY, '.mcp.json': '{\n  "mcpServers": {},\n  "mcpServers": {}\n}\n' });

  it('exits 0 when nothing is found', () => {
    const result = runCli(['validate', clean()]);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('✔ 0 errors, 0 warnings, 0 notes');
  });

  it('exits 1 on an error, and --fail-on never lets it pass', () => {
    const root = withError();
    const result = runCli(['validate', root]);
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/^\.mcp\.json\n {2}4:1 +error +Invalid JSON/m);
    expect(runCli(['validate', root, '--fail-on', 'never']).status).toBe(0);
  });

  it('passes warnings by default and fails them with --fail-on warning', () => {
    const root = withWarning();
    expect(runCli(['validate', root]).status).toBe(0);
    expect(runCli(['validate', root, '--fail-on', 'warning']).status).toBe(1);
  });

  it('validates the current folder when no folder is given', () => {
    expect(runCli(['validate'], { cwd: withError() }).status).toBe(1);
  });

  it('reports a broken agentship.yaml as findings with a line (exit 1), not a crash', () => {
    const root = makeTree({ 'agentship.yaml': `${CONFIG_ONLY}colour: blue\n` });
    const result = runCli(['validate', root, '--format', 'json']);
    expect(result.status).toBe(1);
    const findings = JSON.parse(result.stdout).findings;
    expect(findings).toEqual([expect.objectContaining({ ruleId: 'config/schema', file: 'agentship.yaml', line: CONFIG_ONLY.split('\n').length })]);
  });
});

describe('agentship validate: formats and --output', () => {
  const root = makeTree({ 'agentship.yaml': CONFIG_ONLY, '.mcp.json': '{\n  "mcpServers": {\n}\n', 'environments/ci/budget-limits.yaml': 'a: 1\na: 2\n' });

  it('prints the json contract', () => {
    const result = runCli(['validate', root, '--format', 'json']);
    const report = JSON.parse(result.stdout);
    expect(Object.keys(report)).toEqual(expect.arrayContaining(['version', 'findings', 'summary']));
    expect(report.version).toBe(1);
    expect(report.findings.map((f: { ruleId: string; file: string; line: number }) => `${f.ruleId} ${f.file}:${f.line}`)).toEqual([
      'config/syntax .mcp.json:4',
      'config/syntax environments/ci/budget-limits.yaml:2',
    ]);
    expect(report.summary).toMatchObject({ errors: 2, warnings: 0 });
  });

  it('renders every format, and -f/-o write a file instead of stdout, creating folders', () => {
    for (const format of ['text', 'json', 'sarif', 'junit', 'codequality', 'markdown']) {
      const out = join(root, 'reports', 'nested', `report.${format}`);
      const result = runCli(['validate', root, '-f', format, '-o', out]);
      expect(result.status, format).toBe(1);
      expect(result.stdout, format).toBe('');
      const text = readFileSync(out, 'utf8');
      if (format === 'junit') expect(XMLValidator.validate(text)).toBe(true);
      else if (format === 'json' || format === 'sarif' || format === 'codequality') expect(() => JSON.parse(text)).not.toThrow();
      else expect(text).toContain('.mcp.json');
    }
    expect(JSON.parse(readFileSync(join(root, 'reports/nested/report.sarif'), 'utf8')).runs[0].results).toHaveLength(2);
  });
});

describe('agentship validate: baseline and config', () => {
  it('--write-baseline writes the current findings and exits 0; --baseline then hides them', () => {
    const root = makeTree({ 'agentship.yaml': CONFIG_ONLY, '.mcp.json': '{\n  "mcpServers": {\n}\n' });
    const write = runCli(['validate', '.', '--write-baseline', 'agentship-baseline.json'], { cwd: root });
    expect(write.status).toBe(0);
    expect(write.stderr).toContain('Wrote 1 finding fingerprints to agentship-baseline.json');
    const baseline = JSON.parse(readFileSync(join(root, 'agentship-baseline.json'), 'utf8'));
    expect(baseline).toMatchObject({ version: 1, findings: [{ ruleId: 'config/syntax', file: '.mcp.json' }] });
    expect(baseline.findings[0].fingerprint).toMatch(/^[0-9a-f]{16}$/);

    const hidden = runCli(['validate', '.', '--baseline', 'agentship-baseline.json'], { cwd: root });
    expect(hidden.status).toBe(0);
    expect(hidden.stdout).toContain('(1 in the baseline)');

    // A new problem still fails the gate.
    writeFileSync(join(root, 'claude_desktop_config.json'), '{\n  "mcpServers": [\n}\n');
    const newer = runCli(['validate', '.', '--baseline', 'agentship-baseline.json', '--format', 'json'], { cwd: root });
    expect(newer.status).toBe(1);
    const files = JSON.parse(newer.stdout).findings.map((f: { file: string }) => f.file);
    expect(files.length).toBeGreaterThan(0);
    expect(new Set(files)).toEqual(new Set(['claude_desktop_config.json']));
  });

  it('--config and --baseline read files relative to the current folder, as --output does', () => {
    const cwd = makeTree({ 'ci/lenient.yaml': `${CONFIG_ONLY}  config/syntax: off\n`, 'repo/.mcp.json': '{\n  "mcpServers": {\n}\n' });
    expect(runCli(['validate', 'repo'], { cwd }).status).toBe(1);
    expect(runCli(['validate', 'repo', '--config', 'ci/lenient.yaml'], { cwd }).status).toBe(0);
    expect(runCli(['validate', 'repo', '--write-baseline', 'ci/baseline.json'], { cwd }).status).toBe(0);
    expect(runCli(['validate', 'repo', '--baseline', 'ci/baseline.json'], { cwd }).status).toBe(0);
  });
});

describe('rules: in agentship.yaml names known ids only, in every command', () => {
  const TYPOS = 'ignore: []\nrules:\n  sekret: off\n  skill/nmae-format: off\n  budget: warning\n';

  it.each([['validate'], ['secrets'], ['cost'], ['dry-run'], ['mcp-check'], ['report']])('%s exits 2 naming agentship.yaml, the line and the id meant', (command) => {
    const root = makeTree({ 'agentship.yaml': TYPOS, 'AGENTS.md': '# Agents\n' });
    const run = runCli([command, '.'], { cwd: root });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('agentship.yaml:3: rules: "sekret" is not a finding id or family. Did you mean "secret"?');
    expect(run.stderr).toContain('agentship.yaml:4: rules: "skill/nmae-format" is not a finding id or family. Did you mean "skill/name-format"?');
    expect(run.stderr).not.toContain('"budget"');
    expect(run.stderr).not.toMatch(STACK_LINE);
  });
});

describe('agentship validate: pre-commit mode', () => {
  it('validates the repository in the current folder and reports only the named files', () => {
    const root = makeTree({
      'agentship.yaml': CONFIG_ONLY,
      '.mcp.json': '{\n  "mcpServers": {\n}\n',
      '.vscode/mcp.json': '{ "servers": { }\n',
      'environments/ci/budget-limits.yaml': 'a: 1\na: 2\n',
    });
    const one = runCli(['validate', '.vscode/mcp.json', '--format', 'json'], { cwd: root });
    expect(one.status).toBe(1);
    expect(JSON.parse(one.stdout).findings.map((f: { file: string }) => f.file)).toEqual(['.vscode/mcp.json']);

    const two = runCli(['validate', './.mcp.json', 'environments/ci/budget-limits.yaml', '--format', 'json'], { cwd: root });
    expect(JSON.parse(two.stdout).findings.map((f: { file: string }) => f.file)).toEqual(['.mcp.json', 'environments/ci/budget-limits.yaml']);

    // A changed file with no finding passes, even when other files have some.
    expect(runCli(['validate', 'agentship.yaml'], { cwd: root }).status).toBe(0);
    expect(existsSync(join(root, 'agentship.yaml'))).toBe(true);
  });
});

describe('agentship validate and the validate stage take one path', () => {
  const verdicts = async (root: string) => {
    const cli = runCli(['validate', '.', '--format', 'json'], { cwd: root });
    const platform = localPlatform({ log: () => undefined });
    const stage = await runValidateStage(platform, { workspace: root, path: '.', failOn: 'error' });
    const cliJson = JSON.parse(cli.stdout);
    return { cli: cli.status, stage: stage.failure ? 1 : 0, cliJson, stageResult: stage.result };
  };

  it('agree on rules: levels and the baseline, and both carry the token report', async () => {
    const files = { '.mcp.json': '{\n  "mcpServers": {\n}\n', 'AGENTS.md': '# Team\nBe brief.\n' };
    const failing = await verdicts(makeTree({ ...files, 'agentship.yaml': CONFIG_ONLY }));
    expect(failing).toMatchObject({ cli: 1, stage: 1 });
    expect(failing.cliJson.findings).toEqual(failing.stageResult.findings);
    const stageTokens = JSON.parse(JSON.stringify(failing.stageResult.extra.tokens));
    expect(failing.cliJson.tokens).toEqual(stageTokens);
    expect(failing.cliJson.tokens.encoding).toBe('o200k_base');

    const warningOnly = `${CONFIG_ONLY}  config/syntax: warning\n`;
    const relevelled = await verdicts(makeTree({ ...files, 'agentship.yaml': warningOnly }));
    expect(relevelled).toMatchObject({ cli: 0, stage: 0 });

    const withBaseline = `${CONFIG_ONLY}baseline: .agentship/baseline.json\n`;
    const root = makeTree({ ...files, 'agentship.yaml': withBaseline });
    const write = runCli(['validate', '.', '--write-baseline', '.agentship/baseline.json'], {
      cwd: root,
    });
    expect(write.status).toBe(0);
    const baselined = await verdicts(root);
    expect(baselined).toMatchObject({ cli: 0, stage: 0 });
    expect(baselined.cliJson.summary.baselined).toBe(1);
    expect(baselined.stageResult.summary.baselined).toBe(1);
  });
});
