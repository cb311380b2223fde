import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConfigError } from '@agentship/core/errors';
import { directoryStore, gitStore, type ReleaseStore } from '@agentship/core/deploy';
import { githubDeployments, gitlabDeployments, webhookRecorder, type DeploymentRecorder } from './recorders.js';

/** Where releases go: one store (git refs or a folder) and any platform mirrors. */
export interface TargetInputs {
  /** The base folder relative paths resolve against (the workspace). */
  cwd: string;
  store: 'git' | 'directory';
  /** git: the repository holding the refs (default: cwd). */
  repo?: string;
  /** git: a remote name or URL to push the refs to; empty for the repository itself. */
  remote?: string;
  /** directory: the folder. */
  directory?: string;
  /** GitHub Deployments: owner/name and a token. */
  github?: { repository: string; token: string; ref?: string };
  /** GitLab deployments: project id or path and a token. */
  gitlab?: { project: string; token: string; jobToken?: boolean; ref?: string };
  webhook?: { url: string; secret?: string };
}

export function releaseStore(inputs: TargetInputs): ReleaseStore {
  if (inputs.store === 'directory') {
    if (!inputs.directory) throw new ConfigError('The directory target needs a folder (--directory / directory input).');
    return directoryStore(resolve(inputs.cwd, inputs.directory));
  }
  if (inputs.store !== 'git') throw new ConfigError(`The target must be git or directory (got "${inputs.store}").`);
  const repo = resolve(inputs.cwd, inputs.repo ?? '.');
  if (!existsSync(repo)) throw new ConfigError(`The git repository ${repo} does not exist.`);
  return gitStore({ repo, remote: inputs.remote || undefined });
}

export function recorders(inputs: TargetInputs): DeploymentRecorder[] {
  const list: DeploymentRecorder[] = [];
  if (inputs.github) list.push(githubDeployments(inputs.github));
  if (inputs.gitlab) list.push(gitlabDeployments(inputs.gitlab));
  if (inputs.webhook) list.push(webhookRecorder(inputs.webhook));
  return list;
}

/**
 * The platform mirrors named by the environment a job runs in: GitHub when GITHUB_REPOSITORY and
 * a token are there, GitLab when CI_PROJECT_ID and a token are there. Only when asked for.
 */
export function platformFromEnv(kind: 'github' | 'gitlab' | undefined, env: NodeJS.ProcessEnv, token?: string): Pick<TargetInputs, 'github' | 'gitlab'> {
  if (kind === 'github') {
    const repository = env.GITHUB_REPOSITORY;
    const t = token || env.GITHUB_TOKEN;
    if (!repository || !t) throw new ConfigError('GitHub Deployments need GITHUB_REPOSITORY and a token (GITHUB_TOKEN or --token).');
    return { github: { repository, token: t, ref: env.GITHUB_SHA } };
  }
  if (kind === 'gitlab') {
    const project = env.CI_PROJECT_ID;
    const t = token || env.GITLAB_TOKEN || env.CI_JOB_TOKEN;
    if (!project || !t) throw new ConfigError('GitLab deployments need CI_PROJECT_ID and a token (GITLAB_TOKEN, CI_JOB_TOKEN or --token).');
    return { gitlab: { project, token: t, jobToken: !token && !env.GITLAB_TOKEN, ref: env.CI_COMMIT_REF_NAME } };
  }
  return {};
}

/**
 * The target inputs every release action shares (target, repo, remote, directory,
 * github-deployments, gitlab-deployments, token, webhook-url, webhook-secret), read through `input`.
 */
export function targetsFromActionInputs(input: (name: string) => string, env: NodeJS.ProcessEnv): TargetInputs {
  const cwd = env.GITHUB_WORKSPACE ?? process.cwd();
  const store = (input('target') || 'git') as TargetInputs['store'];
  const token = input('token');
  const flag = (name: string) => input(name).toLowerCase() === 'true';
  return {
    cwd,
    store,
    repo: input('repo') || '.',
    remote: input('remote') || undefined,
    directory: input('directory') || undefined,
    ...(flag('github-deployments') ? platformFromEnv('github', env, token) : {}),
    ...(flag('gitlab-deployments') ? platformFromEnv('gitlab', env, token) : {}),
    webhook: input('webhook-url') ? { url: input('webhook-url'), secret: input('webhook-secret') || undefined } : undefined,
  };
}
