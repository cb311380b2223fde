import { gitlabRest, type RestClient } from '../http/index.js';
import type { CommentThread, ThreadComment } from './sticky.js';

/** GitLab accepts notes up to 1,000,000 characters (Infracost's GitLabMaxMessageSize). */
export const GITLAB_MAX_NOTE = 1_000_000;

interface Note {
  id: number;
  body?: string;
  author?: { username?: string };
  created_at?: string;
  system?: boolean;
}

export interface GitlabTarget {
  token: string;
  /** A project id or its full path (CI_PROJECT_ID / CI_MERGE_REQUEST_PROJECT_ID). */
  project: string;
  iid: number;
  /** CI_API_V4_URL by default. */
  apiUrl?: string;
  /** A CI_JOB_TOKEN rather than a project or personal access token. */
  jobToken?: boolean;
  backoffMs?: number;
}

export function gitlabClient(target: GitlabTarget): RestClient {
  return gitlabRest(target.token, target.apiUrl ?? process.env.CI_API_V4_URL ?? 'https://gitlab.com/api/v4', { jobToken: target.jobToken, ...(target.backoffMs === undefined ? {} : { backoffMs: target.backoffMs }) });
}

/**
 * A merge request's notes. GitLab cannot minimise a note, so `hide` folds the old note's text
 * under "Outdated" and takes its marker out: the history stays, the new note is the one that counts.
 */
export function gitlabThread(target: GitlabTarget): CommentThread {
  const rest = gitlabClient(target);
  const notes = `/projects/${encodeURIComponent(target.project)}/merge_requests/${target.iid}/notes`;
  const toComment = (n: Note): ThreadComment => ({ id: String(n.id), body: n.body ?? '', author: n.author?.username, createdAt: n.created_at });
  return {
    system: 'gitlab',
    maxLength: GITLAB_MAX_NOTE,
    list: async () => (await rest.paginate<Note>(`${notes}?per_page=100&sort=asc&order_by=created_at`)).filter((n) => !n.system).map(toComment),
    create: async (body) => toComment(await rest.request<Note>('POST', notes, { body })),
    update: async (comment, body) => toComment(await rest.request<Note>('PUT', `${notes}/${comment.id}`, { body })),
    remove: async (comment) => void (await rest.request('DELETE', `${notes}/${comment.id}`)),
    async hide(comment) {
      const text = comment.body.replace(/<!-- agentship-comment: [^>]*? -->\n?/, '');
      await rest.request('PUT', `${notes}/${comment.id}`, { body: `<details><summary>Outdated: replaced by a newer report</summary>\n\n${text}\n\n</details>` });
    },
  };
}

/** The approval label on the merge request, or an approval by a member of the GitLab group `team`. */
export async function gitlabApproval(target: GitlabTarget, approval: { label?: string; team?: string }): Promise<{ approved: boolean; by?: string; problem?: string }> {
  const rest = gitlabClient(target);
  const mr = `/projects/${encodeURIComponent(target.project)}/merge_requests/${target.iid}`;
  if (approval.label) {
    const request = await rest.request<{ labels?: string[] }>('GET', mr);
    if (request?.labels?.includes(approval.label)) return { approved: true, by: `label ${approval.label}` };
  }
  if (!approval.team) return { approved: false };
  const approvals = await rest.request<{ approved_by?: Array<{ user?: { id?: number; username?: string } }> }>('GET', `${mr}/approvals`);
  for (const a of approvals?.approved_by ?? []) {
    if (a.user?.id === undefined) continue;
    try {
      await rest.request('GET', `/groups/${encodeURIComponent(approval.team)}/members/all/${a.user.id}`);
      return { approved: true, by: `approval by @${a.user.username} (${approval.team})` };
    } catch (error) {
      const status = (error as { status?: number }).status;
      if (status === 404) continue;
      return { approved: false, problem: `Could not read the members of ${approval.team} (${status ?? (error as Error).message}).` };
    }
  }
  return { approved: false };
}
