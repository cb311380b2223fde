import type { FakeGitHub } from '../support/fake-github.js';
import type { FakeGitLab } from '../support/fake-gitlab.js';
import { page, type FakeRequest, type FakeResponse } from '../support/fake-server.js';

/**
 * The deployment endpoints of GitHub's and GitLab's REST APIs, added to the shared loopback fakes
 * with their `route()` (their own files stay untouched). The rules the real APIs apply and
 * agentship relies on are enforced: required fields, status values, GitHub's auto_inactive,
 * GitLab's one-way status transitions.
 */

export interface GithubDeploymentRecord {
  id: number;
  sha: string;
  ref: string;
  task: string;
  environment: string;
  payload: unknown;
  auto_merge: boolean;
  required_contexts: string[] | undefined;
  transient_environment: boolean;
  production_environment: boolean;
  created_at: string;
  statuses: Array<{ id: number; state: string; description: string; created_at: string }>;
}

const GITHUB_STATES = new Set(['error', 'failure', 'inactive', 'in_progress', 'queued', 'pending', 'success']);

export function addGithubDeployments(fake: FakeGitHub, clock: () => Date): GithubDeploymentRecord[] {
  const deployments: GithubDeploymentRecord[] = [];
  let nextId = 1;
  const authed = (r: FakeRequest, handler: () => FakeResponse): FakeResponse =>
    fake.tokens.has(String(r.headers.authorization ?? '').replace(/^Bearer /, '')) ? handler() : { status: 401, body: { message: 'Bad credentials' } };
  const view = (d: GithubDeploymentRecord) => ({ id: d.id, sha: d.sha, ref: d.ref, task: d.task, environment: d.environment, payload: d.payload, created_at: d.created_at });

  fake.route('POST', '/repos/:owner/:repo/deployments', (r) =>
    authed(r, () => {
      const b = (r.body ?? {}) as Record<string, unknown>;
      if (typeof b.ref !== 'string' || !b.ref) return { status: 422, body: { message: 'Invalid request. "ref" wasn\'t supplied.' } };
      const environment = typeof b.environment === 'string' ? b.environment : 'production';
      const d: GithubDeploymentRecord = {
        id: nextId++,
        sha: /^[0-9a-f]{40}$/.test(b.ref) ? b.ref : 'f'.repeat(40),
        ref: b.ref,
        task: typeof b.task === 'string' ? b.task : 'deploy',
        environment,
        payload: b.payload ?? {},
        auto_merge: b.auto_merge === undefined ? true : Boolean(b.auto_merge),
        required_contexts: b.required_contexts as string[] | undefined,
        transient_environment: Boolean(b.transient_environment),
        production_environment: b.production_environment === undefined ? environment === 'production' : Boolean(b.production_environment),
        created_at: clock().toISOString(),
        statuses: [],
      };
      deployments.push(d);
      return { status: 201, body: view(d) };
    }),
  );
  fake.route('GET', '/repos/:owner/:repo/deployments', (r) =>
    authed(r, () => {
      const env = r.query.get('environment');
      const list = deployments.filter((d) => !env || d.environment === env).sort((a, b) => b.id - a.id).map(view);
      return page(list, r, 'github', fake.url);
    }),
  );
  fake.route('POST', '/repos/:owner/:repo/deployments/:id/statuses', (r) =>
    authed(r, () => {
      const d = deployments.find((x) => x.id === Number(r.params.id));
      if (!d) return { status: 404, body: { message: 'Not Found' } };
      const b = (r.body ?? {}) as Record<string, unknown>;
      if (!GITHUB_STATES.has(String(b.state))) return { status: 422, body: { message: `state is not included in the list` } };
      const at = clock().toISOString();
      const status = { id: nextId++, state: String(b.state), description: String(b.description ?? ''), created_at: at };
      d.statuses.unshift(status);
      // auto_inactive (default true): earlier successful non-transient, non-production deployments of the environment go inactive.
      if (status.state === 'success' && b.auto_inactive !== false) {
        for (const other of deployments) {
          if (other === d || other.environment !== d.environment || other.transient_environment || other.production_environment) continue;
          if (other.statuses[0]?.state === 'success') other.statuses.unshift({ id: nextId++, state: 'inactive', description: '', created_at: at });
        }
      }
      return { status: 201, body: status };
    }),
  );
  fake.route('GET', '/repos/:owner/:repo/deployments/:id/statuses', (r) =>
    authed(r, () => {
      const d = deployments.find((x) => x.id === Number(r.params.id));
      return d ? page(d.statuses, r, 'github', fake.url) : { status: 404, body: { message: 'Not Found' } };
    }),
  );
  return deployments;
}

export interface GitlabDeploymentRecord {
  id: number;
  iid: number;
  sha: string;
  ref: string;
  status: string;
  environment: string;
  created_at: string;
  updated_at: string;
}

const GITLAB_STATUSES = new Set(['running', 'success', 'failed', 'canceled']);

export function addGitlabDeployments(fake: FakeGitLab, clock: () => Date): GitlabDeploymentRecord[] {
  const deployments: GitlabDeploymentRecord[] = [];
  let nextId = 1;
  const authed = (r: FakeRequest, handler: () => FakeResponse): FakeResponse =>
    fake.tokens.has(String(r.headers['private-token'] ?? r.headers['job-token'] ?? '')) ? handler() : { status: 401, body: { message: '401 Unauthorized' } };
  const view = (d: GitlabDeploymentRecord) => ({ ...d, environment: { name: d.environment } });

  fake.route('POST', '/api/v4/projects/:project/deployments', (r) =>
    authed(r, () => {
      const b = (r.body ?? {}) as Record<string, unknown>;
      for (const key of ['environment', 'sha', 'ref', 'status']) if (typeof b[key] !== 'string') return { status: 400, body: { message: `${key} is missing` } };
      if (!GITLAB_STATUSES.has(String(b.status))) return { status: 400, body: { message: 'status does not have a valid value' } };
      const at = clock().toISOString();
      const d: GitlabDeploymentRecord = { id: nextId, iid: nextId++, sha: String(b.sha), ref: String(b.ref), status: String(b.status), environment: String(b.environment), created_at: at, updated_at: at };
      deployments.push(d);
      return { status: 201, body: view(d) };
    }),
  );
  fake.route('PUT', '/api/v4/projects/:project/deployments/:id', (r) =>
    authed(r, () => {
      const d = deployments.find((x) => x.id === Number(r.params.id));
      if (!d) return { status: 404, body: { message: '404 Not found' } };
      const status = String((r.body as Record<string, unknown>)?.status);
      if (!GITLAB_STATUSES.has(status)) return { status: 400, body: { message: 'status does not have a valid value' } };
      // Like GitLab's state machine: only a running deployment changes status.
      if (d.status !== 'running' && d.status !== status) return { status: 400, body: { message: `Cannot transition status from ${d.status} to ${status}` } };
      d.status = status;
      d.updated_at = clock().toISOString();
      return { body: view(d) };
    }),
  );
  fake.route('GET', '/api/v4/projects/:project/deployments', (r) =>
    authed(r, () => {
      const env = r.query.get('environment');
      const status = r.query.get('status');
      const desc = r.query.get('sort') !== 'asc';
      const list = deployments.filter((d) => (!env || d.environment === env) && (!status || d.status === status)).sort((a, b) => (desc ? b.id - a.id : a.id - b.id)).map(view);
      return page(list, r, 'gitlab', fake.url);
    }),
  );
  return deployments;
}
