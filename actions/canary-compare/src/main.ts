import * as core from '@actions/core';
import { githubPlatform } from '@agentship/platform/github';
import { targetsFromActionInputs } from '@agentship/platform/deployments';
import { runCanaryCompareStage, type CanaryCompareStageInputs } from '@agentship/platform/stages';

/** The canary-compare action: inputs in, the shared judge stage, the verdict out. */
export async function run(): Promise<void> {
  try {
    const environment = core.getInput('record-environment');
    const { failed } = await runCanaryCompareStage(githubPlatform(), {
      cwd: process.env.GITHUB_WORKSPACE ?? process.cwd(),
      baseline: core.getInput('baseline', { required: true }),
      candidate: core.getInput('candidate', { required: true }),
      baselineVersion: core.getInput('baseline-version') || undefined,
      candidateVersion: core.getInput('candidate-version') || undefined,
      config: core.getInput('config') || undefined,
      mode: (core.getInput('mode') || undefined) as CanaryCompareStageInputs['mode'],
      resultFile: core.getInput('result-file') || undefined,
      failOn: (core.getInput('fail-on') || 'rollback') as CanaryCompareStageInputs['failOn'],
      record: environment ? { environment, trigger: 'canary-compare', targets: targetsFromActionInputs((name) => core.getInput(name), process.env) } : undefined,
    });
    if (failed) core.setFailed(failed);
  } catch (error) {
    core.setFailed((error as Error).message);
  }
}
