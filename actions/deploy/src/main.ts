import * as core from '@actions/core';
import { githubPlatform } from '@agentship/platform/github';
import { targetsFromActionInputs } from '@agentship/platform/deployments';
import { runDeployStage, type DeployStageInputs } from '@agentship/platform/stages';

/** The deploy action: inputs in, the shared deploy stage, outputs out. */
export async function run(): Promise<void> {
  try {
    const weight = core.getInput('weight');
    const { mirrorError } = await runDeployStage(githubPlatform(), {
      path: core.getInput('path') || '.',
      environment: core.getInput('environment', { required: true }),
      action: core.getBooleanInput('promote') ? 'promote' : 'deploy',
      strategy: (core.getInput('strategy') || 'blue-green') as DeployStageInputs['strategy'],
      weight: weight ? Number(weight) : undefined,
      salt: core.getInput('salt') || undefined,
      slot: (core.getInput('slot') || undefined) as DeployStageInputs['slot'],
      version: core.getInput('version') || undefined,
      verdict: (core.getInput('verdict') || undefined) as DeployStageInputs['verdict'],
      requireReview: core.getBooleanInput('require-review'),
      approvedBy: core.getInput('approved-by') || undefined,
      trigger: core.getInput('trigger') || 'github-actions',
      targets: targetsFromActionInputs((name) => core.getInput(name), process.env),
    });
    if (mirrorError) core.setFailed(mirrorError);
  } catch (error) {
    core.setFailed((error as Error).message);
  }
}
