import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { gitlabApproval, gitlabThread, postStickyComment, type StickyOptions } from '@agentship/platform/comments';
import { FakeGitLab } from '../support/fake-gitlab.js';

const MR = 'acme/agents!12';
let gl: FakeGitLab;
const target = () => ({ token: 'project-token', project: 'acme/agents', iid: 12, apiUrl: gl.apiUrl, backoffMs: 1 });
const options = (over: Partial<StickyOptions> = {}): StickyOptions => ({ tag: 'agentship-cost', behavior: 'update', runId: '300', validAt: '2026-02-01T00:00:00.000Z', ...over });
const bot = { id: 9, username: 'project_9_bot' };

beforeEach(async () => {
  gl = new FakeGitLab();
  gl.tokens.set('project-token', bot);
  await gl.start();
});
afterEach(() => gl.close());

describe('sticky note on a GitLab merge request (notes API)', () => {
  it('creates, updates in place, skips identical, protects a newer pipeline', async () => {
    gl.addNote(MR, { id: 1, username: 'gitlab' }, 'added 1 commit', true);
    expect((await postStickyComment(gitlabThread(target()), 'Estimate: $10', options())).action).toBe('created');
    expect((await postStickyComment(gitlabThread(target()), 'Estimate: $11', options({ runId: '301' }))).action).toBe('updated');
    expect((await postStickyComment(gitlabThread(target()), 'Estimate: $11', options({ runId: '302' }))).action).toBe('unchanged');
    expect((await postStickyComment(gitlabThread(target()), 'Estimate: $9', options({ runId: '299' }))).action).toBe('skipped-newer');
    const notes = gl.thread(MR).filter((n) => !n.system);
    expect(notes).toHaveLength(1);
    expect(notes[0].body).toContain('Estimate: $11');
    expect(notes[0].body).toContain('run=301');
    // The project path went over the wire URL-encoded, as GitLab requires.
    expect(gl.requests.some((r) => r.method === 'PUT' && r.path === `/api/v4/projects/acme/agents/merge_requests/12/notes/${notes[0].id}`)).toBe(true);
  });

  it('hide-and-new folds the old note (GitLab has no minimise) and the fold is not found again', async () => {
    await postStickyComment(gitlabThread(target()), 'v1', options({ runId: '1' }));
    const outcome = await postStickyComment(gitlabThread(target()), 'v2', options({ runId: '2', behavior: 'hide-and-new' }));
    expect(outcome).toMatchObject({ action: 'created', hidden: 1 });
    const [old, current] = gl.thread(MR);
    expect(old.body).toMatch(/^<details><summary>Outdated: replaced by a newer report<\/summary>\n\nv1/);
    expect(old.body).not.toContain('agentship-comment');
    expect(current.body).toContain('v2');
    const third = await postStickyComment(gitlabThread(target()), 'v3', options({ runId: '3' }));
    expect(third.action).toBe('updated');
    expect(gl.thread(MR)[1].body).toContain('v3');
  });

  it('delete-and-new deletes the old note', async () => {
    await postStickyComment(gitlabThread(target()), 'v1', options({ runId: '1' }));
    const outcome = await postStickyComment(gitlabThread(target()), 'v2', options({ runId: '2', behavior: 'delete-and-new' }));
    expect(outcome).toMatchObject({ action: 'created', deleted: 1 });
    expect(gl.thread(MR).map((n) => n.body.split('\n')[1])).toEqual(['v2']);
  });

  it('retries 500 and 429, follows X-Next-Page past 100 notes', async () => {
    for (let i = 0; i < 120; i++) gl.addNote(MR, { id: 2, username: 'alice' }, `chatter ${i}`);
    await postStickyComment(gitlabThread(target()), 'v1', options({ runId: '1' }));
    gl.failNext(1, 500, (r) => r.method === 'GET');
    gl.failNext(1, 429, (r) => r.method === 'PUT');
    const outcome = await postStickyComment(gitlabThread(target()), 'v2', options({ runId: '2' }));
    expect(outcome.action).toBe('updated');
    expect(gl.thread(MR).at(-1)!.body).toContain('v2');
    expect(gl.calls('PUT')).toHaveLength(2);
  });

  it('approval: a label, or an approval by a member of the named group', async () => {
    const mr = gl.mergeRequest(MR);
    mr.approvedBy.push({ id: 41, username: 'outsider' });
    gl.groups.set('acme/finance', [42]);
    expect(await gitlabApproval(target(), { label: 'cost-approved', team: 'acme/finance' })).toEqual({ approved: false });
    mr.approvedBy.push({ id: 42, username: 'fiona' });
    expect(await gitlabApproval(target(), { label: 'cost-approved', team: 'acme/finance' })).toEqual({ approved: true, by: 'approval by @fiona (acme/finance)' });
    mr.approvedBy.length = 0;
    mr.labels.push('cost-approved');
    expect(await gitlabApproval(target(), { label: 'cost-approved' })).toEqual({ approved: true, by: 'label cost-approved' });
  });
});
