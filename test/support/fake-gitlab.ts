import { FakeServer, page, type FakeRequest, type FakeResponse } from './fake-server.js';

export interface FakeNote {
  id: number;
  body: string;
  author: { id: number; username: string };
  created_at: string;
  updated_at: string;
  system: boolean;
}

interface FakeMergeRequest {
  labels: string[];
  approvedBy: Array<{ id: number; username: string }>;
}

/**
 * GitLab's REST API v4 for merge requests (notes, labels, approvals, group members), on
 * loopback, under `/api/v4`. Projects are addressed by id or URL-encoded path, as GitLab does.
 * Tokens (PRIVATE-TOKEN) map to users. Add other endpoints with `route()`.
 */
export class FakeGitLab extends FakeServer {
  /** `project!iid` to its notes; `project` as the client sent it (id or decoded path). */
  readonly notes = new Map<string, FakeNote[]>();
  readonly mergeRequests = new Map<string, FakeMergeRequest>();
  /** group path to member user ids. */
  readonly groups = new Map<string, number[]>();
  readonly tokens = new Map<string, { id: number; username: string }>();
  private nextId = 500;
  private clock = Date.parse('2026-01-01T00:00:00Z');

  get apiUrl(): string {
    return `${this.url}/api/v4`;
  }

  constructor() {
    super();
    const mr = (r: FakeRequest) => `${r.params.project}!${r.params.iid}`;
    const base = '/api/v4/projects/:project/merge_requests/:iid';
    this.route('GET', `${base}/notes`, (r) => this.authed(r, () => page(this.thread(mr(r)), r, 'gitlab', this.url)));
    this.route('POST', `${base}/notes`, (r) =>
      this.authed(r, (user) => {
        const body = (r.body as { body?: unknown })?.body;
        if (typeof body !== 'string' || !body) return { status: 400, body: { message: 'body is missing' } };
        return { status: 201, body: this.addNote(mr(r), user, body) };
      }),
    );
    this.route('PUT', `${base}/notes/:note`, (r) =>
      this.authed(r, () => {
        const note = this.thread(mr(r)).find((n) => n.id === Number(r.params.note));
        if (!note) return { status: 404, body: { message: '404 Not found' } };
        note.body = String((r.body as { body?: unknown })?.body ?? '');
        note.updated_at = this.tick();
        return { body: note };
      }),
    );
    this.route('DELETE', `${base}/notes/:note`, (r) =>
      this.authed(r, () => {
        const list = this.thread(mr(r));
        const i = list.findIndex((n) => n.id === Number(r.params.note));
        if (i < 0) return { status: 404, body: { message: '404 Not found' } };
        list.splice(i, 1);
        return { status: 204 };
      }),
    );
    this.route('GET', base, (r) => this.authed(r, () => ({ body: { iid: Number(r.params.iid), labels: this.mergeRequests.get(mr(r))?.labels ?? [] } })));
    this.route('GET', `${base}/approvals`, (r) => this.authed(r, () => ({ body: { approved_by: (this.mergeRequests.get(mr(r))?.approvedBy ?? []).map((user) => ({ user })) } })));
    this.route('GET', '/api/v4/groups/:group/members/all/:user', (r) =>
      this.authed(r, () => ((this.groups.get(r.params.group) ?? []).includes(Number(r.params.user)) ? { body: { id: Number(r.params.user), access_level: 30 } } : { status: 404, body: { message: '404 Not found' } })),
    );
  }

  thread(key: string): FakeNote[] {
    let list = this.notes.get(key);
    if (!list) this.notes.set(key, (list = []));
    return list;
  }

  addNote(key: string, author: { id: number; username: string }, body: string, system = false): FakeNote {
    const at = this.tick();
    const note: FakeNote = { id: this.nextId++, body, author, created_at: at, updated_at: at, system };
    this.thread(key).push(note);
    return note;
  }

  mergeRequest(key: string): FakeMergeRequest {
    let found = this.mergeRequests.get(key);
    if (!found) this.mergeRequests.set(key, (found = { labels: [], approvedBy: [] }));
    return found;
  }

  private tick(): string {
    this.clock += 60_000;
    return new Date(this.clock).toISOString();
  }

  private authed(r: FakeRequest, handler: (user: { id: number; username: string }) => FakeResponse): FakeResponse {
    const user = this.tokens.get(String(r.headers['private-token'] ?? ''));
    if (!user) return { status: 401, body: { message: '401 Unauthorized' } };
    return handler(user);
  }
}
