import { githubPlatform } from '@agentship/platform/github';
import { runAction } from '@agentship/platform/action';
import { readInputs } from '@agentship/platform/inputs';
import { runCostStage } from '@agentship/platform/stages';
import { INPUTS } from './inputs.js';

/** The cost-gate action: inputs in, the shared cost stage (projection, comment, gate), outputs out. */
export function run(): Promise<void> {
  return runAction(async () => {
    const inputs = readInputs(INPUTS);
    const result = await runCostStage(githubPlatform(), {
      workspace: process.env.GITHUB_WORKSPACE ?? process.cwd(),
      path: inputs.path,
      config: inputs.config,
      environments: inputs.environments,
      baseRef: inputs['base-ref'],
      baseResults: inputs['base-results'],
      prices: inputs.prices,
      dryRunResults: inputs['dry-run-results'],
      failAt: inputs['fail-at'],
      comment: inputs.comment,
      behavior: inputs.behavior,
      tag: inputs.tag,
      commentAuthor: inputs['comment-author'],
      approvalLabel: inputs['approval-label'],
      approvalTeam: inputs['approval-team'],
      token: inputs['github-token'],
      reportFile: inputs['report-file'],
    });
    return result.failure;
  });
}
