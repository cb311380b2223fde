import { githubPlatform } from '@agentship/platform/github';
import { runAction } from '@agentship/platform/action';
import { targetsFromActionInputs } from '@agentship/platform/deployments';
import { inputText, readInputs } from '@agentship/platform/inputs';
import { runRollbackStage } from '@agentship/platform/stages';
import { INPUTS } from './inputs.js';

/** The rollback action: inputs in, the shared rollback stage, outputs out. */
export function run(): Promise<void> {
  return runAction(async () => {
    const inputs = readInputs(INPUTS);
    const { mirrorError } = await runRollbackStage(githubPlatform(), {
      environment: inputs.environment,
      soak: inputs.soak,
      automatic: inputs.automatic,
      incident: inputs.incident,
      knownGoodFrom: inputs['known-good-from'],
      trigger: inputs.trigger,
      targets: targetsFromActionInputs(inputText(inputs), process.env),
    });
    return mirrorError;
  });
}
