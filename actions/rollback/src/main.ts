import * as core from '@actions/core';
import { githubPlatform } from '@agentship/platform/github';
import { targetsFromActionInputs } from '@agentship/platform/deployments';
import { runRollbackStage, type RollbackStageInputs } from '@agentship/platform/stages';

/** The rollback action: inputs in, the shared rollback stage, outputs out. */
export async function run(): Promise<void> {
  try {
    const { mirrorError } = await runRollbackStage(githubPlatform(), {
      environment: core.getInput('environment', { required: true }),
      soak: core.getInput('soak') || '30m',
      automatic: core.getBooleanInput('automatic'),
      incident: core.getInput('incident') || undefined,
      knownGoodFrom: (core.getInput('known-good-from') || 'ledger') as RollbackStageInputs['knownGoodFrom'],
      trigger: core.getInput('trigger') || 'github-actions',
      targets: targetsFromActionInputs((name) => core.getInput(name), process.env),
    });
    if (mirrorError) core.setFailed(mirrorError);
  } catch (error) {
    core.setFailed((error as Error).message);
  }
}
