import { githubPlatform } from '@agentship/platform/github';
import { runAction } from '@agentship/platform/action';
import { targetsFromActionInputs } from '@agentship/platform/deployments';
import { inputText, readInputs } from '@agentship/platform/inputs';
import { runDeployStage } from '@agentship/platform/stages';
import { INPUTS } from './inputs.js';

/** The deploy action: inputs in, the shared deploy stage, outputs out. */
export function run(): Promise<void> {
  return runAction(async () => {
    const inputs = readInputs(INPUTS);
    const { mirrorError } = await runDeployStage(githubPlatform(), {
      path: inputs.path,
      environment: inputs.environment,
      action: inputs.promote ? 'promote' : 'deploy',
      strategy: inputs.strategy,
      weight: inputs.weight,
      salt: inputs.salt,
      slot: inputs.slot,
      version: inputs.version,
      verdict: inputs.verdict,
      requireReview: inputs['require-review'],
      approvedBy: inputs['approved-by'],
      trigger: inputs.trigger,
      targets: targetsFromActionInputs(inputText(inputs), process.env),
    });
    return mirrorError;
  });
}
