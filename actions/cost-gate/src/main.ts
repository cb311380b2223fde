import * as core from '@actions/core';
import { githubPlatform } from '@agentship/platform/github';
import { runCostStage } from '@agentship/platform/stages';

/** The cost-gate action: inputs in, the shared cost stage (projection, comment, gate), outputs out. */
export async function run(): Promise<void> {
  try {
    const list = (name: string) => core.getInput(name).split(/[\s,]+/).filter(Boolean);
    const result = await runCostStage(githubPlatform(), {
      workspace: process.env.GITHUB_WORKSPACE ?? process.cwd(),
      path: core.getInput('path') || '.',
      config: core.getInput('config') || undefined,
      environments: list('environments'),
      baseRef: core.getInput('base-ref') || undefined,
      baseResults: core.getInput('base-results') || undefined,
      prices: core.getInput('prices') || undefined,
      dryRunResults: core.getInput('dry-run-results') || undefined,
      failAt: core.getInput('fail-at') ? Number(core.getInput('fail-at')) : undefined,
      comment: core.getBooleanInput('comment'),
      behavior: core.getInput('behavior') || undefined,
      tag: core.getInput('tag') || undefined,
      commentAuthor: core.getInput('comment-author') || undefined,
      approvalLabel: core.getInput('approval-label') || undefined,
      approvalTeam: core.getInput('approval-team') || undefined,
      token: core.getInput('github-token') || undefined,
      reportFile: core.getInput('report-file') || undefined,
    });
    if (result.failure) core.setFailed(result.failure);
  } catch (error) {
    core.setFailed((error as Error).message);
  }
}
