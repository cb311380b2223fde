import { readFileSync } from 'node:fs';

/** The pull or merge request a CI job runs for, read from what the runner provides. */
export type ReviewRequest =
  | { system: 'github'; repo: string; number: number; baseSha?: string; headSha?: string; fork: boolean }
  | { system: 'gitlab'; project: string; iid: number; baseSha?: string; headSha?: string; fork: boolean };

interface PullRequestEvent {
  pull_request?: {
    number?: number;
    head?: { sha?: string; repo?: { full_name?: string } | null };
    base?: { sha?: string; repo?: { full_name?: string } };
  };
}

/**
 * GitHub: the event payload at GITHUB_EVENT_PATH (pull_request, pull_request_target). A fork PR
 * on `pull_request` runs with a read-only token and no secrets: it gets the job summary only.
 * GitLab: the CI_MERGE_REQUEST_* variables of a merge request pipeline.
 */
export function detectReviewRequest(env: NodeJS.ProcessEnv = process.env): ReviewRequest | undefined {
  if (env.GITHUB_ACTIONS === 'true' && env.GITHUB_EVENT_PATH) {
    let event: PullRequestEvent;
    try {
      event = JSON.parse(readFileSync(env.GITHUB_EVENT_PATH, 'utf8')) as PullRequestEvent;
    } catch {
      return undefined;
    }
    const pr = event.pull_request;
    if (!pr?.number || !env.GITHUB_REPOSITORY) return undefined;
    const headRepo = pr.head?.repo?.full_name;
    const baseRepo = pr.base?.repo?.full_name ?? env.GITHUB_REPOSITORY;
    // A deleted fork has head.repo null: still a fork.
    const fromFork = headRepo !== baseRepo;
    return { system: 'github', repo: env.GITHUB_REPOSITORY, number: pr.number, baseSha: pr.base?.sha, headSha: pr.head?.sha, fork: fromFork && env.GITHUB_EVENT_NAME !== 'pull_request_target' };
  }
  if (env.GITLAB_CI === 'true' && env.CI_MERGE_REQUEST_IID) {
    const project = env.CI_MERGE_REQUEST_PROJECT_ID ?? env.CI_PROJECT_ID;
    if (!project) return undefined;
    const source = env.CI_MERGE_REQUEST_SOURCE_PROJECT_ID;
    return {
      system: 'gitlab',
      project,
      iid: Number(env.CI_MERGE_REQUEST_IID),
      baseSha: env.CI_MERGE_REQUEST_DIFF_BASE_SHA,
      headSha: env.CI_COMMIT_SHA,
      fork: Boolean(source && source !== project),
    };
  }
  return undefined;
}
