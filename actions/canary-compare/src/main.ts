import { githubPlatform } from '@agentship/platform/github';
import { runAction } from '@agentship/platform/action';
import { targetsFromActionInputs } from '@agentship/platform/deployments';
import { inputText, readInputs } from '@agentship/platform/inputs';
import { runCanaryCompareStage } from '@agentship/platform/stages';
import { INPUTS } from './inputs.js';

/** The canary-compare action: inputs in, the shared judge stage, the verdict out. */
export function run(): Promise<void> {
  return runAction(async () => {
    const inputs = readInputs(INPUTS);
    const environment = inputs['record-environment'];
    const targets = () => targetsFromActionInputs(inputText(inputs), process.env);
    const { failed } = await runCanaryCompareStage(githubPlatform(), {
      cwd: process.env.GITHUB_WORKSPACE ?? process.cwd(),
      baseline: inputs.baseline,
      candidate: inputs.candidate,
      baselineVersion: inputs['baseline-version'],
      candidateVersion: inputs['candidate-version'],
      config: inputs.config,
      mode: inputs.mode,
      resultFile: inputs['result-file'],
      failOn: inputs['fail-on'],
      record: environment
        ? { environment, trigger: 'canary-compare', targets: targets() }
        : undefined,
    });
    return failed;
  });
}
