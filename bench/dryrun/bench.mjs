#!/usr/bin/env node
// The model proxy's overhead per call, side by side in one run with its peer: the same client
// calling the loopback provider (test/dryrun/fake-upstream.mjs, in a child process) directly.
//   1. record: 1,000 distinct calls through the proxy to the provider (proxy + provider) vs direct;
//   2. replay: the same 1,000 calls answered from cassettes (the proxy never contacts the provider) vs direct calls.
// Calls alternate A/B so load on the shared machine hits both alike. Prints medians and p95 and the
// median overhead (target: at most 2 ms). Usage: node bench/dryrun/bench.mjs [--calls N]
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';

const { values } = parseArgs({ options: { calls: { type: 'string', default: '1000' } } });
const CALLS = Math.max(10, Number(values.calls));
const REPO = join(dirname(fileURLToPath(import.meta.url)), '../..');
const WORK = mkdtempSync(join(tmpdir(), 'agentship-bench-dryrun-'));
const log = (line) => process.stderr.write(`[dryrun] ${line}\n`);

// The proxy is TypeScript: bundle the dryrun module once, as the CLI is bundled.
await build({ entryPoints: [join(REPO, 'packages/core/src/dryrun/index.ts')], outfile: join(WORK, 'dryrun.mjs'), bundle: true, platform: 'node', format: 'esm', target: 'node20', mainFields: ['module', 'main'], logLevel: 'warning', banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" } });
const { ModelProxy, CassetteStore } = await import(pathToFileURL(join(WORK, 'dryrun.mjs')).href);

// The provider in its own process, as a real one would be.
const upstreamProcess = spawn(process.execPath, ['--input-type=module', '-e', `import { startFakeUpstream } from ${JSON.stringify(pathToFileURL(join(REPO, 'test/dryrun/fake-upstream.mjs')).href)}; const u = await startFakeUpstream(); console.log(u.url);`], { stdio: ['ignore', 'pipe', 'inherit'] });
const upstreamUrl = await new Promise((resolve) => upstreamProcess.stdout.once('data', (d) => resolve(String(d).trim())));

const SYSTEM = 'You label and route new support tickets. '.repeat(60);
/** A realistic mix: a third Chat Completions, a third Chat Completions streamed, a third Anthropic Messages streamed. */
function request(i, base) {
  const prompt = `Ticket ${i}: the customer cannot log in with SSO since this morning; plan Business.`;
  if (i % 3 === 2) return { url: `${base.anthropic}/v1/messages`, body: { model: 'claude-haiku-4-5', max_tokens: 512, system: SYSTEM, stream: true, messages: [{ role: 'user', content: prompt }] } };
  return { url: `${base.openai}/chat/completions`, body: { model: 'gpt-4o-mini', stream: i % 3 === 1, messages: [{ role: 'system', content: SYSTEM }, { role: 'user', content: prompt }] } };
}
async function timed(url, body) {
  const t = performance.now();
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer x', 'x-api-key': 'x' }, body: JSON.stringify(body) });
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`HTTP ${res.status} from ${url}`);
  return performance.now() - t;
}
const direct = { openai: `${upstreamUrl}/v1`, anthropic: upstreamUrl };
const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)], p95: s[Math.floor(s.length * 0.95)] };
};

async function phase(name, mode, store) {
  const proxy = new ModelProxy({ mode, cassettes: store, upstream: direct, env: {} });
  await proxy.start();
  const session = proxy.session('bench');
  // Warm up both paths (JIT, connections) before measuring.
  for (let i = 0; i < 20; i++) {
    await timed(request(CALLS + i, direct).url, request(CALLS + i, direct).body);
    if (mode === 'record') await timed(request(CALLS + i, session.baseUrls).url, request(CALLS + i, session.baseUrls).body);
  }
  if (mode === 'replay') for (let i = 0; i < 20; i++) await timed(request(i, session.baseUrls).url, request(i, session.baseUrls).body);
  const viaProxy = [];
  const viaDirect = [];
  for (let i = 0; i < CALLS; i++) {
    const p = request(i, session.baseUrls);
    const d = request(i, direct);
    if (i % 2) {
      viaProxy.push(await timed(p.url, p.body));
      viaDirect.push(await timed(d.url, d.body));
    } else {
      viaDirect.push(await timed(d.url, d.body));
      viaProxy.push(await timed(p.url, p.body));
    }
  }
  const sources = new Set(session.calls.slice(-CALLS).map((c) => c.source));
  await proxy.close();
  const a = stats(viaProxy);
  const b = stats(viaDirect);
  return { name, calls: CALLS, sources: [...sources].join(','), proxy: a, direct: b, overhead: a.median - b.median };
}

try {
  const store = new CassetteStore(join(WORK, 'cassettes'));
  log(`recording ${CALLS} calls through the proxy…`);
  const record = await phase('record (proxy -> provider)', 'record', store);
  log(`replaying ${CALLS} calls from ${store.size} cassettes…`);
  const replay = await phase('replay (from cassettes)', 'replay', new CassetteStore(join(WORK, 'cassettes')));
  const ms = (x) => `${x.toFixed(3)} ms`;
  console.log(`Model proxy overhead per call, ${CALLS} calls (1/3 chat, 1/3 chat streamed, 1/3 Anthropic streamed), Node ${process.version}\n`);
  console.log('| mode | answered by | through the proxy: median / p95 | direct to the provider (peer): median / p95 | median overhead |');
  console.log('|---|---|---|---|---|');
  for (const r of [record, replay]) console.log(`| ${r.name} | ${r.sources} | ${ms(r.proxy.median)} / ${ms(r.proxy.p95)} | ${ms(r.direct.median)} / ${ms(r.direct.p95)} | ${ms(r.overhead)} |`);
  const ok = replay.overhead <= 2;
  console.log(`\nReplay overhead ${ms(replay.overhead)} per call: ${ok ? 'within' : 'OVER'} the 2 ms target.`);
  if (!ok) process.exitCode = 1;
} finally {
  upstreamProcess.kill();
  rmSync(WORK, { recursive: true, force: true });
}
