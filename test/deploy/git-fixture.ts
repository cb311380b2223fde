import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export const GIT_ENV = { GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@localhost', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@localhost' };

export function sh(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, ...GIT_ENV }, stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

/** An agent configuration as a user's repository holds it. */
export const CONFIG_V1: Record<string, string> = {
  'AGENTS.md': '# Agents\n\nBe brief. Run the tests before you answer.\n',
  '.claude/skills/triage/SKILL.md': '---\nname: triage\ndescription: Sorts new issues by area and urgency. Use when an issue arrives.\n---\n\n# Triage\n\nLabel the issue.\n',
  '.claude/skills/triage/references/areas.md': '# Areas\n\n- api\n- ui\n',
  '.mcp.json': '{\n  "mcpServers": {}\n}\n',
};

export function writeFiles(root: string, files: Record<string, string>): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
}

/** A bare remote and two clones of it, each holding the agent configuration at one commit. */
export function gitFixture(files: Record<string, string> = CONFIG_V1): { base: string; bare: string; a: string; b: string } {
  const base = mkdtempSync(join(tmpdir(), 'agentship-deploy-'));
  const bare = join(base, 'remote.git');
  execFileSync('git', ['init', '-q', '--bare', '-b', 'main', bare]);
  const seed = join(base, 'seed');
  execFileSync('git', ['init', '-q', '-b', 'main', seed]);
  writeFiles(seed, files);
  sh(seed, 'add', '-A');
  sh(seed, 'commit', '-q', '-m', 'v1');
  sh(seed, 'remote', 'add', 'origin', bare);
  sh(seed, 'push', '-q', 'origin', 'main');
  const a = join(base, 'a');
  const b = join(base, 'b');
  execFileSync('git', ['clone', '-q', bare, a]);
  execFileSync('git', ['clone', '-q', bare, b]);
  return { base, bare, a, b };
}

/** Commits a change in a clone and returns the new commit. */
export function commitChange(clone: string, files: Record<string, string>, message: string): string {
  writeFiles(clone, files);
  sh(clone, 'add', '-A');
  sh(clone, 'commit', '-q', '-m', message);
  return sh(clone, 'rev-parse', 'HEAD');
}
