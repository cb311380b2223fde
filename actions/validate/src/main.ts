import { githubPlatform } from '@agentship/platform/github';
import { runAction } from '@agentship/platform/action';
import { readInputs } from '@agentship/platform/inputs';
import { runValidateStage } from '@agentship/platform/stages';
import { INPUTS } from './inputs.js';

/** The validate action: inputs in, the shared validate stage, outputs and annotations out. */
export function run(): Promise<void> {
  return runAction(async () => {
    const inputs = readInputs(INPUTS);
    const { failure } = await runValidateStage(githubPlatform(), {
      workspace: process.env.GITHUB_WORKSPACE ?? process.cwd(),
      path: inputs.path,
      config: inputs.config,
      profile: inputs.profile,
      failOn: inputs['fail-on'],
      sarifFile: inputs['sarif-file'],
    });
    return failure;
  });
}
