#!/usr/bin/env node
// Re-records examples/evals/cassettes offline: starts the loopback fake provider
// (fake-upstream.mjs, deterministic answers) and runs the built CLI in record mode against it.
// Usage (from the repository root, after `npm run build`): node test/dryrun/record-example-cassettes.mjs
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startFakeUpstream } from './fake-upstream.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const upstream = await startFakeUpstream({ apiKey: 'fake-upstream-key' });
try {
  rmSync(join(root, 'examples/evals/cassettes'), { recursive: true, force: true });
  // Async spawn: the fake provider lives in this process and must keep answering while the CLI runs.
  const child = spawn(
    process.execPath,
    [join(root, 'packages/cli/bin/agentship.js'), 'dry-run', 'examples', '--mode', 'record', '--openai-upstream', upstream.openai, '--anthropic-upstream', upstream.anthropic, '--concurrency', '1'],
    { cwd: root, stdio: 'inherit', env: { ...process.env, OPENAI_API_KEY: 'fake-upstream-key', ANTHROPIC_API_KEY: 'fake-upstream-key' } },
  );
  const status = await new Promise((resolve) => child.on('close', resolve));
  console.log(`recorded ${upstream.requests.length} calls; exit ${status}`);
  process.exitCode = status ?? 1;
} finally {
  await upstream.close();
}
