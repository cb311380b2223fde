import { githubRest, type RestClient } from '../http/index.js';
import type { CommentThread, ThreadComment } from './sticky.js';

/** GitHub refuses longer comment bodies with 422 "Body is too long (maximum is 65536 characters)". */
export const GITHUB_MAX_COMMENT = 65_536;

interface IssueComment {
  id: number;
  node_id?: string;
  body?: string;
  user?: { login?: string };
  created_at?: string;
  html_url?: string;
}

export interface GithubTarget {
  token: string;
  /** owner/name */
  repo: string;
  number: number;
  /** GITHUB_API_URL by default. */
  apiUrl?: string;
  /** GITHUB_GRAPHQL_URL by default, else `<apiUrl>/graphql`. */
  graphqlUrl?: string;
  /** First retry delay (tests shorten it). */
  backoffMs?: number;
}

export function githubClient(target: GithubTarget): RestClient {
  return githubRest(target.token, target.apiUrl ?? process.env.GITHUB_API_URL ?? 'https://api.github.com', target.backoffMs === undefined ? {} : { backoffMs: target.backoffMs });
}

/** A pull request's conversation: the issue comments REST API, and GraphQL's minimizeComment to hide. */
export function githubThread(target: GithubTarget): CommentThread {
  const rest = githubClient(target);
  const apiUrl = (target.apiUrl ?? process.env.GITHUB_API_URL ?? 'https://api.github.com').replace(/\/$/, '');
  const graphqlUrl = target.graphqlUrl ?? process.env.GITHUB_GRAPHQL_URL ?? `${apiUrl}/graphql`;
  const toComment = (c: IssueComment): ThreadComment => ({ id: String(c.id), nodeId: c.node_id, body: c.body ?? '', author: c.user?.login, createdAt: c.created_at, url: c.html_url });
  return {
    system: 'github',
    maxLength: GITHUB_MAX_COMMENT,
    list: async () => (await rest.paginate<IssueComment>(`/repos/${target.repo}/issues/${target.number}/comments?per_page=100`)).map(toComment),
    create: async (body) => toComment(await rest.request<IssueComment>('POST', `/repos/${target.repo}/issues/${target.number}/comments`, { body })),
    update: async (comment, body) => toComment(await rest.request<IssueComment>('PATCH', `/repos/${target.repo}/issues/comments/${comment.id}`, { body })),
    remove: async (comment) => void (await rest.request('DELETE', `/repos/${target.repo}/issues/comments/${comment.id}`)),
    async hide(comment) {
      if (!comment.nodeId) throw new Error(`Comment ${comment.id} has no node id to minimise.`);
      const answer = await rest.request<{ errors?: Array<{ message: string }> }>('POST', graphqlUrl, {
        query: 'mutation($id: ID!) { minimizeComment(input: {subjectId: $id, classifier: OUTDATED}) { minimizedComment { isMinimized } } }',
        variables: { id: comment.nodeId },
      });
      if (answer?.errors?.length) throw new Error(`minimizeComment failed: ${answer.errors.map((e) => e.message).join('; ')}`);
    },
  };
}

interface Review {
  user?: { login?: string };
  state?: string;
  submitted_at?: string;
}

/**
 * Whether a pull request carries the approval label, or an approving review from a member of
 * `team` (`org/team-slug`). A reviewer's latest approve, request-changes or dismissal counts;
 * comments do not. Team membership needs a token that can read the org (members: read).
 */
export async function githubApproval(target: GithubTarget, approval: { label?: string; team?: string }): Promise<{ approved: boolean; by?: string; problem?: string }> {
  const rest = githubClient(target);
  if (approval.label) {
    const labels = await rest.paginate<{ name?: string }>(`/repos/${target.repo}/issues/${target.number}/labels?per_page=100`);
    if (labels.some((l) => l.name === approval.label)) return { approved: true, by: `label ${approval.label}` };
  }
  if (!approval.team) return { approved: false };
  const [org, slug] = approval.team.split('/');
  if (!org || !slug) return { approved: false, problem: `approval team must be org/team-slug (got "${approval.team}").` };
  const reviews = await rest.paginate<Review>(`/repos/${target.repo}/pulls/${target.number}/reviews?per_page=100`);
  const latest = new Map<string, string>();
  for (const r of reviews) {
    if (!r.user?.login || !r.state || r.state === 'COMMENTED' || r.state === 'PENDING') continue;
    latest.set(r.user.login, r.state);
  }
  const approvers = [...latest].filter(([, state]) => state === 'APPROVED').map(([login]) => login);
  for (const login of approvers) {
    try {
      const membership = await rest.request<{ state?: string }>('GET', `/orgs/${org}/teams/${slug}/memberships/${login}`);
      if (membership?.state === 'active') return { approved: true, by: `review by @${login} (${approval.team})` };
    } catch (error) {
      const status = (error as { status?: number }).status;
      if (status === 404) continue;
      return { approved: false, problem: `Could not read the members of ${approval.team} (${status ?? (error as Error).message}); the token needs members: read on the organisation.` };
    }
  }
  return { approved: false };
}
