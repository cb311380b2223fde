import { createHmac } from 'node:crypto';
import type { LedgerEntry, ReleaseState } from '@agentship/core/deploy';
import { githubRest, gitlabRest, restClient, type RestClient } from '../http/index.js';

/**
 * Mirrors of the release store on the CI platforms: GitHub Deployments, GitLab deployments and a
 * webhook. The store (git refs or a folder) is the truth and is written first; a recorder tells
 * the platform what happened so its environments page, its protection rules and its history agree.
 */
export interface DeploymentRecorder {
  readonly name: string;
  /** Records the ledger entries one release wrote. */
  record(entries: readonly LedgerEntry[], state: ReleaseState | undefined): Promise<void>;
  /** The newest version this platform shows as successfully deployed and older than the soak window. */
  lastKnownGood?(environment: string, options: { excludeDigest?: string; excludeCommit?: string; soakMs: number; now: Date }): Promise<ExternalKnownGood | undefined>;
}

/** What a platform knows of a good deployment: always the commit, the digest when it recorded one. */
export interface ExternalKnownGood {
  sourceCommit: string;
  digest?: string;
  version?: string;
  promotedAt: string;
}

interface GithubDeployment {
  id: number;
  sha: string;
  ref: string;
  environment: string;
  created_at: string;
  payload: unknown;
}

interface GithubStatus {
  state: string;
  created_at: string;
}

interface AgentshipPayload {
  version: string;
  digest: string;
  slot: string;
  weight?: number;
  action: string;
}

const payloadOf = (d: GithubDeployment): AgentshipPayload | undefined => {
  const p = (typeof d.payload === 'string' ? safeJson(d.payload) : d.payload) as { agentship?: AgentshipPayload } | undefined;
  return p?.agentship;
};

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const describe = (e: LedgerEntry): string =>
  (e.action === 'rollback' ? `agentship rollback to ${e.version} from ${e.from?.version}` : `agentship ${e.action} ${e.version}${e.weight && e.weight < 100 ? ` (canary ${e.weight}%)` : ''}`).slice(0, 140);

/**
 * GitHub Deployments: a deployment per version deployed (auto_merge false, required_contexts []),
 * `in_progress` while it is idle or a canary, `success` when promoted or rolled back to,
 * `failure` when rolled back from. The payload carries the bundle digest so a known-good version
 * found here maps back to a stored bundle.
 */
export function githubDeployments(options: { repository: string; token: string; client?: RestClient; ref?: string }): DeploymentRecorder {
  const client = options.client ?? githubRest(options.token);
  const base = `/repos/${options.repository}`;

  async function find(environment: string, digest: string): Promise<GithubDeployment | undefined> {
    const list = await client.paginate<GithubDeployment>(`${base}/deployments?environment=${encodeURIComponent(environment)}&per_page=100`);
    return list.find((d) => payloadOf(d)?.digest === digest);
  }

  async function create(e: LedgerEntry): Promise<GithubDeployment> {
    const ref = e.sourceCommit ?? options.ref;
    if (!ref) throw new Error(`GitHub needs a ref for the deployment of ${e.version}: the bundle has no source commit; pass a ref.`);
    return client.request<GithubDeployment>('POST', `${base}/deployments`, {
      ref,
      task: 'deploy',
      auto_merge: false,
      required_contexts: [],
      environment: e.environment,
      description: describe(e),
      transient_environment: false,
      production_environment: e.environment === 'production',
      payload: { agentship: { version: e.version, digest: e.digest, slot: e.slot, weight: e.weight, action: e.action } satisfies AgentshipPayload },
    });
  }

  const status = (id: number, state: string, description: string) =>
    client.request('POST', `${base}/deployments/${id}/statuses`, { state, description: description.slice(0, 140) });

  return {
    name: 'github-deployments',
    async record(entries) {
      for (const e of entries) {
        if (e.action === 'deploy') {
          const d = await create(e);
          await status(d.id, 'in_progress', describe(e));
        } else if (e.action === 'promote') {
          const d = (await find(e.environment, e.digest)) ?? (await create(e));
          await status(d.id, 'success', describe(e));
        } else if (e.action === 'rollback') {
          if (e.from) {
            const bad = await find(e.environment, e.from.digest);
            if (bad) await status(bad.id, 'failure', `rolled back to ${e.version}`);
          }
          const d = await create(e);
          await status(d.id, 'success', describe(e));
        }
      }
    },
    async lastKnownGood(environment, { excludeDigest, excludeCommit, soakMs, now }) {
      const list = await client.paginate<GithubDeployment>(`${base}/deployments?environment=${encodeURIComponent(environment)}&per_page=100`);
      for (const d of list) {
        const p = payloadOf(d);
        if ((p && p.digest === excludeDigest) || d.sha === excludeCommit) continue;
        const statuses = await client.request<GithubStatus[]>('GET', `${base}/deployments/${d.id}/statuses?per_page=100`);
        // Newest first. `inactive` after `success` only means superseded (GitHub's auto_inactive, as
        // Helm's "superseded"): still good if it served through the soak window before that.
        const latest = statuses[0];
        const success = statuses.find((s) => s.state === 'success');
        if (!success || (latest.state !== 'success' && latest.state !== 'inactive')) continue;
        const servedUntil = latest.state === 'inactive' ? Date.parse(latest.created_at) : now.getTime();
        if (servedUntil - Date.parse(success.created_at) < soakMs) continue;
        return { sourceCommit: d.sha, digest: p?.digest, version: p?.version, promotedAt: success.created_at };
      }
      return undefined;
    },
  };
}

interface GitlabDeployment {
  id: number;
  sha: string;
  ref: string;
  status: string;
  created_at: string;
  updated_at?: string;
}

/**
 * GitLab deployments (POST/PUT /projects/:id/deployments): `running` while idle or a canary,
 * `success` when promoted or rolled back to, `failed` for a rolled-back canary still running.
 * GitLab keeps no payload, so versions are matched by commit.
 */
export function gitlabDeployments(options: { project: string; token: string; jobToken?: boolean; client?: RestClient; ref?: string }): DeploymentRecorder {
  const client = options.client ?? gitlabRest(options.token, undefined, { jobToken: options.jobToken });
  const base = `/projects/${encodeURIComponent(options.project)}`;
  const list = (environment: string, status?: string) =>
    client.paginate<GitlabDeployment>(`${base}/deployments?environment=${encodeURIComponent(environment)}&order_by=id&sort=desc&per_page=100${status ? `&status=${status}` : ''}`);

  async function create(e: LedgerEntry): Promise<GitlabDeployment> {
    if (!e.sourceCommit) throw new Error(`GitLab needs the commit of ${e.version}: the bundle has no source commit.`);
    return client.request<GitlabDeployment>('POST', `${base}/deployments`, { environment: e.environment, sha: e.sourceCommit, ref: options.ref ?? 'main', tag: false, status: 'running' });
  }
  const setStatus = (id: number, status: string) => client.request('PUT', `${base}/deployments/${id}`, { status });

  return {
    name: 'gitlab-deployments',
    async record(entries) {
      for (const e of entries) {
        if (e.action === 'deploy') await create(e);
        else if (e.action === 'promote') {
          const running = (await list(e.environment, 'running')).find((d) => d.sha === e.sourceCommit);
          await setStatus((running ?? (await create(e))).id, 'success');
        } else if (e.action === 'rollback') {
          // A rollback ends every canary or idle deployment still running in the environment.
          for (const d of await list(e.environment, 'running')) await setStatus(d.id, 'failed');
          await setStatus((await create(e)).id, 'success');
        }
      }
    },
    async lastKnownGood(environment, { excludeCommit, soakMs, now }) {
      for (const d of await list(environment, 'success')) {
        if (d.sha === excludeCommit) continue;
        const at = d.updated_at ?? d.created_at;
        if (now.getTime() - Date.parse(at) < soakMs) continue;
        return { sourceCommit: d.sha, promotedAt: at };
      }
      return undefined;
    },
  };
}

/**
 * A webhook: POSTs `{event, entry, release}` per ledger entry; with a secret, the body's
 * HMAC-SHA256 goes in `x-agentship-signature-256: sha256=<hex>` (GitHub's webhook convention).
 */
export function webhookRecorder(options: { url: string; secret?: string }): DeploymentRecorder {
  return {
    name: 'webhook',
    async record(entries, state) {
      for (const entry of entries) {
        const body = { event: entry.action, entry, release: state };
        const headers: Record<string, string> = { 'user-agent': 'agentship' };
        if (options.secret) headers['x-agentship-signature-256'] = `sha256=${createHmac('sha256', options.secret).update(JSON.stringify(body)).digest('hex')}`;
        const client = restClient({ baseUrl: options.url, headers });
        await client.request('POST', options.url, body);
      }
    },
  };
}
