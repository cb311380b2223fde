import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../config/index.js';

export interface BaseTree {
  /** The folder in the base tree that corresponds to the folder asked for. */
  root: string;
  commit: string;
  cleanup(): void;
}

/**
 * Materialises `ref` of the git repository holding `dir` into a temporary folder with
 * `git archive | tar -x` (no worktree, no change to the repository), and returns the folder that
 * corresponds to `dir` there. A ref that is not there is a configuration error naming it.
 */
export function checkoutBase(dir: string, ref: string): BaseTree {
  const git = (args: string[], cwd = dir) => spawnSync('git', args, { cwd, encoding: 'buffer', maxBuffer: 1 << 30 });
  const top = git(['rev-parse', '--show-toplevel']);
  if (top.status !== 0) throw new ConfigError(`--base needs a git repository, and ${dir} is not in one.`);
  const prefix = git(['rev-parse', '--show-prefix']).stdout.toString().trim().replace(/\/$/, '');
  const commit = git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  if (commit.status !== 0) throw new ConfigError(`Base ref "${ref}" is not in the repository (fetch it first, e.g. actions/checkout with fetch-depth: 0).`);
  const sha = commit.stdout.toString().trim();
  const out = mkdtempSync(join(tmpdir(), 'agentship-base-'));
  const cleanup = () => rmSync(out, { recursive: true, force: true });
  const archive = git(['archive', '--format=tar', sha, ...(prefix ? ['--', prefix] : [])], top.stdout.toString().trim());
  // An empty folder on the base (a path added by this change) has nothing to archive: an empty tree.
  if (archive.status === 0) {
    const untar = spawnSync('tar', ['-x', '-f', '-', '-C', out], { input: archive.stdout });
    if (untar.status !== 0) {
      cleanup();
      throw new ConfigError(`Could not unpack base ref "${ref}": ${untar.stderr.toString().trim()}`);
    }
  }
  return { root: prefix ? join(out, prefix) : out, commit: sha, cleanup };
}
