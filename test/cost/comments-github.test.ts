import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatMarker, githubApproval, githubThread, parseMarker, postStickyComment, type StickyOptions } from '@agentship/platform/comments';
import { FakeGitHub } from '../support/fake-github.js';

const PR = 'acme/agents#7';
let gh: FakeGitHub;
const target = () => ({ token: 'bot-token', repo: 'acme/agents', number: 7, apiUrl: gh.url, backoffMs: 1 });
const options = (over: Partial<StickyOptions> = {}): StickyOptions => ({ tag: 'agentship-cost', behavior: 'update', runId: '100', validAt: '2026-02-01T00:00:00.000Z', ...over });

beforeEach(async () => {
  gh = new FakeGitHub();
  gh.tokens.set('bot-token', 'github-actions[bot]');
  gh.tokens.set('user-token', 'mallory');
  await gh.start();
});
afterEach(() => gh.close());

describe('sticky comment on GitHub (issue comments API)', () => {
  it('creates one comment with a hidden marker, then updates that same comment', async () => {
    const first = await postStickyComment(githubThread(target()), 'Estimate: $10', options());
    expect(first.action).toBe('created');
    expect(gh.thread(PR)).toHaveLength(1);
    expect(parseMarker(gh.thread(PR)[0].body)).toEqual({ tag: 'agentship-cost', runId: '100', validAt: '2026-02-01T00:00:00.000Z' });

    const second = await postStickyComment(githubThread(target()), 'Estimate: $12', options({ runId: '101' }));
    expect(second.action).toBe('updated');
    expect(gh.thread(PR)).toHaveLength(1);
    expect(gh.thread(PR)[0].body).toContain('Estimate: $12');
    expect(gh.thread(PR)[0].body).toContain('run=101');
    expect(gh.calls('PATCH')).toEqual([`PATCH /repos/acme/agents/issues/comments/${gh.thread(PR)[0].id}`]);
  });

  it('does not re-post an identical body, even from a later run', async () => {
    await postStickyComment(githubThread(target()), 'Estimate: $10', options());
    const again = await postStickyComment(githubThread(target()), 'Estimate: $10', options({ runId: '105' }));
    expect(again.action).toBe('unchanged');
    expect(gh.calls('PATCH')).toEqual([]);
    expect(gh.calls('POST')).toHaveLength(1);
  });

  it('never overwrites the comment of a newer run (out-of-order CI runs)', async () => {
    await postStickyComment(githubThread(target()), 'Estimate from run 200', options({ runId: '200' }));
    const late = await postStickyComment(githubThread(target()), 'Estimate from run 150', options({ runId: '150' }));
    expect(late.action).toBe('skipped-newer');
    expect(gh.thread(PR)[0].body).toContain('run 200');
    // Without run ids, valid-at decides.
    const stale = await postStickyComment(githubThread(target()), 'older', options({ runId: undefined, validAt: '2025-01-01T00:00:00.000Z' }));
    expect(stale.action).toBe('skipped-newer');
  });

  it('hide-and-new minimises the old comments through GraphQL and posts a new one', async () => {
    await postStickyComment(githubThread(target()), 'v1', options({ runId: '1' }));
    await postStickyComment(githubThread(target()), 'v2', options({ runId: '2', behavior: 'new' }));
    const outcome = await postStickyComment(githubThread(target()), 'v3', options({ runId: '3', behavior: 'hide-and-new' }));
    expect(outcome).toMatchObject({ action: 'created', hidden: 2 });
    const list = gh.thread(PR);
    expect(list.map((c) => [c.body.split('\n')[1], c.minimized])).toEqual([['v1', true], ['v2', true], ['v3', false]]);
    expect(gh.calls('POST').filter((c) => c === 'POST /graphql')).toHaveLength(2);
  });

  it('delete-and-new deletes the old comments and leaves other people\'s alone', async () => {
    gh.addComment(PR, 'alice', 'Looks good to me');
    await postStickyComment(githubThread(target()), 'v1', options({ runId: '1' }));
    const outcome = await postStickyComment(githubThread(target()), 'v2', options({ runId: '2', behavior: 'delete-and-new' }));
    expect(outcome).toMatchObject({ action: 'created', deleted: 1 });
    expect(gh.thread(PR).map((c) => c.body.split('\n').at(-1))).toEqual(['Looks good to me', 'v2']);
  });

  it('with an author filter, ignores a marker planted in someone else\'s comment', async () => {
    gh.addComment(PR, 'mallory', `${formatMarker({ tag: 'agentship-cost', runId: '999999' })}\nfake estimate`);
    const filtered = await postStickyComment(githubThread(target()), 'real estimate', options({ author: 'github-actions[bot]' }));
    expect(filtered.action).toBe('created');
    expect(gh.thread(PR).map((c) => c.user.login)).toEqual(['mallory', 'github-actions[bot]']);
    // Without the filter the planted marker would block it as "newer":
    const unfiltered = await postStickyComment(githubThread(target()), 'another estimate', options({ runId: '101' }));
    expect(unfiltered.action).toBe('skipped-newer');
  });

  it('retries 5xx and 429 with backoff and then succeeds', async () => {
    gh.failNext(2, 502, (r) => r.method === 'GET');
    gh.failNext(1, 429, (r) => r.method === 'POST', { 'retry-after': '0' });
    const outcome = await postStickyComment(githubThread(target()), 'Estimate', options());
    expect(outcome.action).toBe('created');
    expect(gh.calls('GET')).toHaveLength(3);
    expect(gh.calls('POST')).toHaveLength(2);
    expect(gh.thread(PR)).toHaveLength(1);
  });

  it('gives up after the retries with the status in the error', async () => {
    gh.failNext(10, 503);
    await expect(postStickyComment(githubThread(target()), 'Estimate', options())).rejects.toThrow(/503/);
    expect(gh.requests).toHaveLength(4);
  });

  it('finds its comment beyond the first page of 100', async () => {
    for (let i = 0; i < 130; i++) gh.addComment(PR, 'alice', `chatter ${i}`);
    await postStickyComment(githubThread(target()), 'v1', options({ runId: '1' }));
    const second = await postStickyComment(githubThread(target()), 'v2', options({ runId: '2' }));
    expect(second.action).toBe('updated');
    expect(gh.thread(PR)).toHaveLength(131);
  });

  it('cuts a body longer than GitHub accepts', async () => {
    const outcome = await postStickyComment(githubThread(target()), 'x'.repeat(70_000), options());
    expect(outcome.action).toBe('created');
    const body = gh.thread(PR)[0].body;
    expect(body.length).toBeLessThanOrEqual(65_536);
    expect(body).toMatch(/cut to fit the comment size limit/);
  });
});

describe('approval on GitHub', () => {
  it('passes with the approval label', async () => {
    gh.labels.set(PR, ['cost-approved']);
    expect(await githubApproval(target(), { label: 'cost-approved', team: 'acme/platform' })).toEqual({ approved: true, by: 'label cost-approved' });
  });

  it('passes with an approving review from a team member, not from others, not after a later change request', async () => {
    gh.teams.set('acme/platform', ['carol', 'dave']);
    gh.addReview(PR, 'eve', 'APPROVED'); // not in the team
    gh.addReview(PR, 'dave', 'APPROVED');
    gh.addReview(PR, 'dave', 'CHANGES_REQUESTED'); // dave's latest decision
    gh.addReview(PR, 'carol', 'COMMENTED'); // comments are no decision
    expect(await githubApproval(target(), { label: 'cost-approved', team: 'acme/platform' })).toEqual({ approved: false });
    gh.addReview(PR, 'carol', 'APPROVED');
    gh.addReview(PR, 'carol', 'COMMENTED');
    expect(await githubApproval(target(), { label: 'cost-approved', team: 'acme/platform' })).toEqual({ approved: true, by: 'review by @carol (acme/platform)' });
  });

  it('says so when the token cannot read the team', async () => {
    gh.addReview(PR, 'carol', 'APPROVED');
    gh.failNext(1, 403, (r) => r.path.startsWith('/orgs/'));
    const answer = await githubApproval(target(), { team: 'acme/platform' });
    expect(answer.approved).toBe(false);
    expect(answer.problem).toMatch(/members: read/);
  });
});
