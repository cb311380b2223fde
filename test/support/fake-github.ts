import { FakeServer, page, type FakeRequest, type FakeResponse } from './fake-server.js';

export interface FakeIssueComment {
  id: number;
  node_id: string;
  body: string;
  user: { login: string };
  created_at: string;
  updated_at: string;
  html_url: string;
  /** GraphQL's isMinimized; REST does not show it. */
  minimized: boolean;
}

export interface FakeReview {
  id: number;
  user: { login: string };
  state: 'APPROVED' | 'CHANGES_REQUESTED' | 'COMMENTED' | 'DISMISSED';
  submitted_at: string;
}

/**
 * GitHub's REST API for pull request conversations (issue comments, labels, reviews, team
 * memberships) and the GraphQL minimizeComment mutation, on loopback. Tokens map to logins;
 * a request without a known token is 401 like GitHub's. Add other endpoints with `route()`.
 */
export class FakeGitHub extends FakeServer {
  /** `owner/repo#number` to its comments. */
  readonly comments = new Map<string, FakeIssueComment[]>();
  readonly labels = new Map<string, string[]>();
  readonly reviews = new Map<string, FakeReview[]>();
  /** `org/slug` to member logins. */
  readonly teams = new Map<string, string[]>();
  /** token to the login it authenticates. */
  readonly tokens = new Map<string, string>();
  private nextId = 1000;
  private clock = Date.parse('2026-01-01T00:00:00Z');

  constructor() {
    super();
    const pr = (r: FakeRequest) => `${r.params.owner}/${r.params.repo}#${r.params.number}`;
    this.route('GET', '/repos/:owner/:repo/issues/:number/comments', (r) => this.authed(r, () => page(this.thread(pr(r)), r, 'github', this.url)));
    this.route('POST', '/repos/:owner/:repo/issues/:number/comments', (r) =>
      this.authed(r, (login) => {
        const body = (r.body as { body?: unknown })?.body;
        if (typeof body !== 'string') return { status: 422, body: { message: 'body is required' } };
        if (body.length > 65_536) return { status: 422, body: { message: 'Body is too long (maximum is 65536 characters)' } };
        const comment = this.addComment(pr(r), login, body);
        return { status: 201, body: comment };
      }),
    );
    this.route('PATCH', '/repos/:owner/:repo/issues/comments/:id', (r) =>
      this.authed(r, () => {
        const found = this.find(r.params.owner, r.params.repo, Number(r.params.id));
        if (!found) return { status: 404, body: { message: 'Not Found' } };
        found.body = String((r.body as { body?: unknown })?.body ?? '');
        found.updated_at = this.tick();
        return { body: found };
      }),
    );
    this.route('DELETE', '/repos/:owner/:repo/issues/comments/:id', (r) =>
      this.authed(r, () => {
        for (const [key, list] of this.comments) {
          if (!key.startsWith(`${r.params.owner}/${r.params.repo}#`)) continue;
          const i = list.findIndex((c) => c.id === Number(r.params.id));
          if (i >= 0) {
            list.splice(i, 1);
            return { status: 204 };
          }
        }
        return { status: 404, body: { message: 'Not Found' } };
      }),
    );
    this.route('GET', '/repos/:owner/:repo/issues/:number/labels', (r) => this.authed(r, () => page((this.labels.get(pr(r)) ?? []).map((name) => ({ name })), r, 'github', this.url)));
    this.route('GET', '/repos/:owner/:repo/pulls/:number/reviews', (r) => this.authed(r, () => page(this.reviews.get(pr(r)) ?? [], r, 'github', this.url)));
    this.route('GET', '/orgs/:org/teams/:slug/memberships/:login', (r) =>
      this.authed(r, () => ((this.teams.get(`${r.params.org}/${r.params.slug}`) ?? []).includes(r.params.login) ? { body: { state: 'active', role: 'member' } } : { status: 404, body: { message: 'Not Found' } })),
    );
    this.route('POST', '/graphql', (r) => this.authed(r, () => this.graphql(r)));
  }

  thread(key: string): FakeIssueComment[] {
    let list = this.comments.get(key);
    if (!list) this.comments.set(key, (list = []));
    return list;
  }

  addComment(key: string, login: string, body: string): FakeIssueComment {
    const id = this.nextId++;
    const at = this.tick();
    const comment: FakeIssueComment = { id, node_id: `IC_${id}`, body, user: { login }, created_at: at, updated_at: at, html_url: `https://github.test/${key.replace('#', '/pull/')}#issuecomment-${id}`, minimized: false };
    this.thread(key).push(comment);
    return comment;
  }

  addReview(key: string, login: string, state: FakeReview['state']): void {
    const list = this.reviews.get(key) ?? [];
    list.push({ id: this.nextId++, user: { login }, state, submitted_at: this.tick() });
    this.reviews.set(key, list);
  }

  private tick(): string {
    this.clock += 60_000;
    return new Date(this.clock).toISOString();
  }

  private find(owner: string, repo: string, id: number): FakeIssueComment | undefined {
    for (const [key, list] of this.comments) if (key.startsWith(`${owner}/${repo}#`)) for (const c of list) if (c.id === id) return c;
    return undefined;
  }

  private authed(r: FakeRequest, handler: (login: string) => FakeResponse): FakeResponse {
    const token = String(r.headers.authorization ?? '').replace(/^Bearer /, '');
    const login = this.tokens.get(token);
    if (!login) return { status: 401, body: { message: 'Bad credentials' } };
    return handler(login);
  }

  private graphql(r: FakeRequest): FakeResponse {
    const { query, variables } = (r.body ?? {}) as { query?: string; variables?: { id?: string } };
    if (!query?.includes('minimizeComment')) return { body: { errors: [{ message: 'this fake only knows minimizeComment' }] } };
    for (const list of this.comments.values()) {
      const comment = list.find((c) => c.node_id === variables?.id);
      if (comment) {
        comment.minimized = true;
        return { body: { data: { minimizeComment: { minimizedComment: { isMinimized: true } } } } };
      }
    }
    return { body: { data: null, errors: [{ type: 'NOT_FOUND', message: `Could not resolve to a node with the global id of '${variables?.id}'` }] } };
  }
}
