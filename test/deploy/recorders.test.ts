import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { chain, parseDuration, type LedgerDraft } from '@agentship/core/deploy';
import { gitlabDeployments, platformFromEnv, releaseStore, targetsFromActionInputs, webhookRecorder } from '@agentship/platform/deployments';
import { FakeServer } from '../support/fake-server.js';
import { FakeGitLab } from '../support/fake-gitlab.js';
import { addGitlabDeployments } from './fake-deployments.js';

const entry = (action: LedgerDraft['action'], version: string, sourceCommit: string): LedgerDraft => ({
  time: '2026-01-01T00:00:00.000Z',
  action,
  environment: 'production',
  slot: 'blue',
  version,
  digest: `sha256:${version}`,
  sourceCommit,
  trigger: 'test',
});

const servers: FakeServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
});

describe('webhook', () => {
  it('POSTs each ledger entry with an HMAC-SHA256 signature of the body', async () => {
    const hook = new FakeServer().route('POST', '/hook', () => ({ status: 204 }));
    servers.push(hook);
    await hook.start();
    const entries = chain([], [entry('deploy', 'v1', 'a'.repeat(40)), entry('promote', 'v1', 'a'.repeat(40))]);
    await webhookRecorder({ url: `${hook.url}/hook`, secret: 'shh' }).record(entries, { environment: 'production', slots: {}, active: 'blue' });
    expect(hook.requests.map((r) => (r.body as { event: string }).event)).toEqual(['deploy', 'promote']);
    const first = hook.requests[0];
    expect(first.headers['x-agentship-signature-256']).toBe(`sha256=${createHmac('sha256', 'shh').update(JSON.stringify(first.body)).digest('hex')}`);
    expect(JSON.stringify(hook.requests)).not.toContain('shh');
  });

  it('a webhook answering 4xx is an error', async () => {
    const hook = new FakeServer().route('POST', '/hook', () => ({ status: 410, body: { message: 'gone' } }));
    servers.push(hook);
    await hook.start();
    await expect(webhookRecorder({ url: `${hook.url}/hook` }).record(chain([], [entry('deploy', 'v1', 'a')]), undefined)).rejects.toThrow(/410/);
  });
});

describe('GitLab deployments', () => {
  it('records deploy and promote by commit, and finds the last success older than the soak window', async () => {
    const gitlab = new FakeGitLab();
    servers.push(gitlab);
    gitlab.tokens.set('t', { id: 1, username: 'bot' });
    let clock = new Date('2026-01-01T00:00:00Z');
    const records = addGitlabDeployments(gitlab, () => clock);
    await gitlab.start();
    const saved = process.env.CI_API_V4_URL;
    process.env.CI_API_V4_URL = gitlab.apiUrl;
    const rec = gitlabDeployments({ project: 'group/agents', token: 't', ref: 'main' });
    process.env.CI_API_V4_URL = saved;
    await rec.record(chain([], [entry('deploy', 'v1', '1'.repeat(40)), entry('promote', 'v1', '1'.repeat(40))]), undefined);
    expect(records.map((d) => [d.sha[0], d.status])).toEqual([['1', 'success']]);
    clock = new Date('2026-01-01T02:00:00Z');
    await rec.record(chain([], [entry('deploy', 'v2', '2'.repeat(40)), entry('promote', 'v2', '2'.repeat(40))]), undefined);
    const now = new Date('2026-01-01T02:10:00Z');
    expect(await rec.lastKnownGood!('production', { excludeCommit: '2'.repeat(40), soakMs: 30 * 60_000, now })).toMatchObject({ sourceCommit: '1'.repeat(40) });
    expect(await rec.lastKnownGood!('production', { soakMs: 30 * 60_000, now })).toMatchObject({ sourceCommit: '1'.repeat(40) });
    expect(await rec.lastKnownGood!('production', { soakMs: 5 * 60_000, now })).toMatchObject({ sourceCommit: '2'.repeat(40) });
    expect(gitlab.requests.every((r) => r.headers['private-token'] === 't')).toBe(true);
    await expect(rec.record(chain([], [{ ...entry('deploy', 'v3', ''), sourceCommit: undefined }]), undefined)).rejects.toThrow(/needs the commit/);
  });
});

describe('target inputs', () => {
  it('names what is missing', () => {
    expect(() => releaseStore({ cwd: '/', store: 'directory' })).toThrow(/needs a folder/);
    expect(() => releaseStore({ cwd: '/', store: 'git', repo: '/no/such/repo' })).toThrow(/does not exist/);
    expect(() => releaseStore({ cwd: '/', store: 's3' as 'git' })).toThrow(/git or directory/);
    expect(() => platformFromEnv('github', {})).toThrow(/GITHUB_REPOSITORY/);
    expect(() => platformFromEnv('gitlab', { CI_PROJECT_ID: '5' })).toThrow(/token/);
    expect(platformFromEnv('gitlab', { CI_PROJECT_ID: '5', CI_JOB_TOKEN: 'j' }).gitlab).toMatchObject({ project: '5', jobToken: true });
    expect(platformFromEnv('github', { GITHUB_REPOSITORY: 'o/r', GITHUB_TOKEN: 'x', GITHUB_SHA: 'abc' }).github).toEqual({ repository: 'o/r', token: 'x', ref: 'abc' });
  });

  it('reads action inputs', () => {
    const inputs: Record<string, string> = { target: 'git', remote: 'origin', 'github-deployments': 'true', token: 'tok', 'webhook-url': 'http://127.0.0.1:1/h' };
    const t = targetsFromActionInputs((n) => inputs[n] ?? '', { GITHUB_WORKSPACE: '/ws', GITHUB_REPOSITORY: 'o/r' });
    expect(t).toMatchObject({ cwd: '/ws', store: 'git', repo: '.', remote: 'origin', github: { repository: 'o/r', token: 'tok' }, webhook: { url: 'http://127.0.0.1:1/h' } });
    expect(t.gitlab).toBeUndefined();
  });

  it('parses soak durations', () => {
    expect(parseDuration('30m')).toBe(1_800_000);
    expect(parseDuration('2h')).toBe(7_200_000);
    expect(parseDuration('0')).toBe(0);
    expect(parseDuration('1.5d')).toBe(129_600_000);
    expect(parseDuration('soon')).toBeUndefined();
  });
});
