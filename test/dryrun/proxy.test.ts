import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BudgetLedger, CassetteStore, ModelProxy, parseSse, type ProxyMode } from '@agentship/core/dryrun';
import { startFakeUpstream, type FakeUpstream } from './fake-upstream.mjs';

const KEY = 'sk-proj-UpstreamKey0123456789abcdefABCDEF';
const open: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  while (open.length) await open.pop()!.close();
});

async function upstream(): Promise<FakeUpstream> {
  const u = await startFakeUpstream({ apiKey: KEY });
  open.push(u);
  return u;
}

async function proxy(mode: ProxyMode, dir: string, extra: Partial<ConstructorParameters<typeof ModelProxy>[0]> = {}): Promise<ModelProxy> {
  const p = new ModelProxy({ mode, cassettes: new CassetteStore(dir), env: { OPENAI_API_KEY: KEY, ANTHROPIC_API_KEY: KEY }, ...extra });
  await p.start();
  open.push(p);
  return p;
}

const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer agent-side-placeholder', ...headers }, body: JSON.stringify(body) });

const chatBody = (content: string, stream = false) => ({ model: 'gpt-4o-mini', messages: [{ role: 'user', content }], stream, ...(stream ? { stream_options: { include_usage: true } } : {}) });

describe('model proxy: record then replay', () => {
  it('records every API and framing without keys, then replays them with the upstream gone', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'agentship-cassettes-'));
    const up = await upstream();
    const rec = await proxy('record', dir, { upstream: { openai: up.openai, anthropic: up.anthropic } });
    const s = rec.session('case-1');
    const requests = [
      { url: `${s.baseUrls.openai}/chat/completions`, body: chatBody('hello') },
      { url: `${s.baseUrls.openai}/chat/completions`, body: chatBody('hello streaming', true) },
      { url: `${s.baseUrls.openai}/responses`, body: { model: 'gpt-4o-mini', input: 'hi responses', stream: true } },
      { url: `${s.baseUrls.anthropic}/v1/messages`, body: { model: 'claude-haiku-4-5', max_tokens: 100, messages: [{ role: 'user', content: 'hi claude' }], stream: true } },
      { url: `${s.baseUrls.anthropic}/v1/messages`, body: { model: 'claude-haiku-4-5', max_tokens: 100, messages: [{ role: 'user', content: 'hi claude plain' }] } },
    ];
    const recorded: string[] = [];
    for (const r of requests) {
      const res = await post(r.url, r.body, { 'x-api-key': 'agent-side-placeholder' });
      expect(res.status).toBe(200);
      recorded.push(await res.text());
    }
    // The proxy sent the key from its environment, not the agent's placeholder.
    expect(up.requests.every((r) => r.headers.authorization === `Bearer ${KEY}` || r.headers['x-api-key'] === KEY)).toBe(true);
    expect(s.calls.map((c) => [c.endpoint, c.stream, c.source])).toEqual([
      ['chat', false, 'upstream'],
      ['chat', true, 'upstream'],
      ['responses', true, 'upstream'],
      ['messages', true, 'upstream'],
      ['messages', false, 'upstream'],
    ]);
    expect(s.calls[1].text).toBe('Echo: hello streaming');
    expect(s.calls[3].text).toBe('Echo: hi claude');
    expect(s.calls[3].usage.output).toBeGreaterThan(0);
    expect(s.calls[2].usage.input).toBeGreaterThan(0);

    const files = readdirSync(dir);
    expect(files).toHaveLength(5);
    const stored = files.map((f) => readFileSync(join(dir, f), 'utf8')).join('\n');
    expect(stored).not.toContain(KEY);
    expect(stored).not.toContain('agent-side-placeholder');
    expect(stored.toLowerCase()).not.toContain('authorization');
    await up.close();
    open.splice(open.indexOf(up), 1);

    const rep = await proxy('replay', dir);
    const r = rep.session('case-1');
    for (const [i, req] of requests.entries()) {
      const res = await post(req.url.replace(s.baseUrls.openai, r.baseUrls.openai).replace(s.baseUrls.anthropic, r.baseUrls.anthropic), req.body);
      expect(res.status).toBe(200);
      const text = await res.text();
      if (req.body.stream) expect(parseSse(text)).toEqual(parseSse(recorded[i]));
      else expect(JSON.parse(text)).toEqual(JSON.parse(recorded[i]));
    }
    expect(r.calls.every((c) => c.source === 'cassette')).toBe(true);
    expect(r.calls.map((c) => c.text)).toEqual(s.calls.map((c) => c.text));
  });

  it('answers a replay miss with an error naming the case, the nearest cassette, the difference and how to re-record', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'agentship-cassettes-'));
    const up = await upstream();
    const rec = await proxy('record', dir, { upstream: { openai: up.openai } });
    await post(`${rec.session('a').baseUrls.openai}/chat/completions`, chatBody('What is the refund policy?'));
    const rep = await proxy('replay', dir, { rerecordHint: 'agentship dry-run . --mode record' });
    const s = rep.session('refund-case');
    const before = up.requests.length;
    const res = await post(`${s.baseUrls.openai}/chat/completions`, chatBody('What is the refund policy now?'));
    expect(res.status).toBe(404);
    const message = ((await res.json()) as { error: { message: string } }).error.message;
    expect(message).toContain('no cassette for case "refund-case"');
    expect(message).toMatch(/Nearest cassette [0-9a-f]{16}\.json differs at:/);
    expect(message).toContain('messages[0].content: recorded "What is the refund policy?", requested "What is the refund policy now?"');
    expect(message).toContain('To re-record: agentship dry-run . --mode record --grep refund-case (needs the provider API key');
    expect(up.requests.length).toBe(before);
    expect(s.calls[0]).toMatchObject({ source: 'miss', status: 404 });
  });

  it('keys on the request without tracing fields and stores secrets in prompts redacted', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'agentship-cassettes-'));
    const up = await upstream();
    const rec = await proxy('record', dir, { upstream: { openai: up.openai } });
    const secret = 'ghp_' + 'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8';
    await post(`${rec.session('a').baseUrls.openai}/chat/completions`, chatBody(`my token is ${secret}`));
    const stored = readdirSync(dir).map((f) => readFileSync(join(dir, f), 'utf8')).join('');
    expect(stored).not.toContain(secret);
    expect(stored).toContain('ghp_…');
    const rep = await proxy('replay', dir);
    const s = rep.session('b');
    const res = await post(`${s.baseUrls.openai}/chat/completions`, { ...chatBody(`my token is ${secret}`), user: 'someone', metadata: { run: 7 } });
    expect(res.status).toBe(200);
    expect(s.calls[0].source).toBe('cassette');
  });
});

describe('model proxy: keys', () => {
  it('in record mode without a provider key, says which variable to set and calls nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'agentship-cassettes-'));
    const up = await upstream();
    const rec = await proxy('record', dir, { upstream: { openai: up.openai }, env: {} });
    const res = await post(`${rec.session('k').baseUrls.openai}/chat/completions`, chatBody('hi'), { authorization: 'Bearer agentship-proxy-key' });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain('needs OPENAI_API_KEY in the environment of agentship');
    expect(up.requests).toHaveLength(0);
  });
});

describe('model proxy: budget cap', () => {
  it('refuses calls past the token cap with an error the agent sees, and reports where the budget went', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'agentship-cassettes-'));
    const up = await upstream();
    const live = await proxy('live', dir, { upstream: { openai: up.openai }, cap: { maxTokens: 30 } });
    const s = live.session('expensive-case');
    const first = await post(`${s.baseUrls.openai}/chat/completions`, chatBody('a question that uses a good part of the small budget we have here'));
    expect(first.status).toBe(200);
    const second = await post(`${s.baseUrls.openai}/chat/completions`, chatBody('one more question please'));
    expect(second.status).toBe(402);
    const error = ((await second.json()) as { error: { message: string; type: string } }).error;
    expect(error.type).toBe('budget_exceeded');
    expect(error.message).toContain('case "expensive-case"');
    expect(error.message).toContain('token cap of 30');
    expect(up.requests).toHaveLength(1);
    const report = live.ledger.report();
    expect(report.refusedCalls).toBe(1);
    expect(report.lines).toEqual([expect.objectContaining({ caseId: 'expensive-case', model: 'gpt-4o-mini', calls: 1, refused: 1 })]);
    expect(report.tokens).toBeGreaterThan(0);
    expect(readdirSync(dir)).toHaveLength(0); // live mode saves nothing
  });

  it('counts calls still on their way, so concurrent cases cannot together pass the cap', () => {
    const ledger = new BudgetLedger({ maxTokens: 150 });
    expect(ledger.refusal(100, true)).toBeUndefined();
    ledger.hold(100);
    expect(ledger.refusal(60, true)).toContain('100 on their way');
    ledger.release(100);
    ledger.record('a', 'gpt-4o-mini', { input: 40, output: 10, cacheRead: 0, cacheWrite: 0 }, 0.001);
    expect(ledger.refusal(60, true)).toBeUndefined();
    expect(ledger.refusal(101, true)).toContain('the token cap of 150 is reached (50 used');
  });

  it('refuses a model without a known price under a money cap, in the Anthropic error shape', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'agentship-cassettes-'));
    const up = await upstream();
    const rec = await proxy('record', dir, { upstream: { anthropic: up.anthropic }, cap: { maxCostUsd: 1 } });
    const s = rec.session('c');
    const res = await post(`${s.baseUrls.anthropic}/v1/messages`, { model: 'claude-made-up-9', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] });
    expect(res.status).toBe(402);
    const body = (await res.json()) as { type: string; error: { type: string; message: string } };
    expect(body.type).toBe('error');
    expect(body.error.message).toContain('no known price');
    expect(up.requests).toHaveLength(0);
  });
});
