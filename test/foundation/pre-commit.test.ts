import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { discover, FAMILIES } from '@agentship/core';
import { EXAMPLES, makeTree, REPO_ROOT, runCli } from '../helpers.js';

interface HookDefinition {
  id: string;
  name: string;
  entry: string;
  language: string;
  pass_filenames?: boolean;
  require_serial?: boolean;
  files: string;
}

const hooks = parse(readFileSync(join(REPO_ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as HookDefinition[];
const hook = hooks.find((h) => h.id === 'agentship-validate')!;

/** pre-commit matches `files` with Python's re.search; `(?x)` (verbose) ignores whitespace in the pattern. */
function filesPattern(pattern: string): RegExp {
  const verbose = pattern.startsWith('(?x)');
  return new RegExp(verbose ? pattern.slice(4).replace(/\s+/g, '') : pattern);
}

describe('.pre-commit-hooks.yaml', () => {
  it('defines the agentship-validate hook as pre-commit expects', () => {
    expect(hook).toMatchObject({ name: 'agentship validate', entry: 'agentship validate', language: 'node', pass_filenames: true, require_serial: true });
    expect(typeof hook.files).toBe('string');
  });

  it('selects every governed file name and nothing else common', () => {
    const files = filesPattern(hook.files);
    const governed = [
      'AGENTS.md', 'sub/dir/AGENTS.override.md', 'CLAUDE.md', 'CLAUDE.local.md', '.claude/CLAUDE.md',
      '.claude/skills/a/SKILL.md', 'skills/b/skill.md', '.mcp.json', 'plugin/.mcp.json', '.vscode/mcp.json', '.cursor/mcp.json',
      'claude_desktop_config.json', '.codex/config.toml', '.gemini/settings.json', '.claude/settings.json',
      '.claude/settings.local.json', 'agent-roles.md', 'agent-roles.yaml', 'agentship.yaml', 'agentship.yml',
      'environments/staging/budget-limits.yaml', 'environments/ci/model-overrides.yaml', 'environments/ci/.env', '.env.production',
    ];
    for (const path of governed) expect(files.test(path), path).toBe(true);
    for (const path of ['README.md', 'src/index.ts', 'config.toml', 'settings.json', '.vscode/settings.json', 'docs/AGENTS.md.orig', 'environments/README.md', 'package.json']) {
      expect(files.test(path), path).toBe(false);
    }
  });

  it('selects every file discovery governs in the bundled example', () => {
    const files = filesPattern(hook.files);
    const ws = discover(EXAMPLES);
    expect(ws.files.size).toBeGreaterThan(20);
    for (const path of [...ws.files.keys(), ...(ws.configPath ? [ws.configPath] : [])]) expect(files.test(path), path).toBe(true);
  });
});

describe('the hook run the way pre-commit runs it', () => {
  it('passes the staged files that match `files` to the entry, from the repository root', () => {
    const onlyConfig = `rules:\n${FAMILIES.filter((f) => f !== 'config').map((f) => `  ${f}: off`).join('\n')}\n`;
    const root = makeTree({
      'agentship.yaml': onlyConfig,
      'README.md': '# project\n',
      'src/app.ts': 'export {};\n',
      '.mcp.json': '{\n  "mcpServers": {\n}\n', // broken, and committed earlier: not part of this commit
      'environments/ci/budget-limits.yaml': 'monthly-budget-usd: 10\n',
    });
    const git = (...args: string[]) => execFileSync('git', args, { cwd: root, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' } });
    git('init', '-q');
    git('add', '.');
    git('commit', '-q', '-m', 'initial');

    const runHook = (): { status: number; stdout: string; files: string[] } => {
      const staged = git('diff', '--cached', '--name-only', '--diff-filter=ACMR').split('\n').filter(Boolean);
      const files = staged.filter((p) => filesPattern(hook.files).test(p));
      if (files.length === 0) return { status: 0, stdout: '', files };
      const [command, ...args] = hook.entry.split(' ');
      expect(command).toBe('agentship');
      // pre-commit runs the `agentship` bin its node environment installed; here that is the built CLI.
      const result = runCli([...args, ...files], { cwd: root });
      return { status: result.status, stdout: result.stdout, files };
    };

    // A commit that breaks one file: the hook fails and names only that file.
    const writeStaged = (path: string, text: string) => {
      execFileSync('sh', ['-c', `mkdir -p "$(dirname "$1")" && printf '%s' "$2" > "$1"`, 'sh', path, text], { cwd: root });
      git('add', path);
    };
    writeStaged('environments/ci/budget-limits.yaml', 'monthly-budget-usd: 10\nmonthly-budget-usd: 20\n');
    writeStaged('src/app.ts', 'export const x = 1;\n');
    const failing = runHook();
    expect(failing.files).toEqual(['environments/ci/budget-limits.yaml']);
    expect(failing.status).toBe(1);
    expect(failing.stdout).toContain('environments/ci/budget-limits.yaml');
    expect(failing.stdout).not.toContain('.mcp.json');

    // Fixed: the hook passes although an old file elsewhere is still broken.
    writeStaged('environments/ci/budget-limits.yaml', 'monthly-budget-usd: 20\n');
    const passing = runHook();
    expect(passing.status).toBe(0);
    expect(passing.stdout).toContain('0 errors');
  });
});
