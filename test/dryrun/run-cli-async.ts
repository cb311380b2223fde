import { spawn } from 'node:child_process';
import { CLI, REPO_ROOT, type CliResult } from '../helpers.js';

/**
 * Runs the built CLI without blocking this process: tests that host a loopback server (a fake
 * provider, an MCP server) in the test process must keep it answering while the CLI runs.
 */
export function runCliAsync(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: options.cwd ?? REPO_ROOT, env: { ...process.env, NO_COLOR: '1', ...options.env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (status) => resolve({ status: status ?? -1, stdout, stderr }));
  });
}
