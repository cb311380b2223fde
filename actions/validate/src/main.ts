import * as core from '@actions/core';
import { githubPlatform } from '@agentship/platform';
import { runValidateStage } from '@agentship/platform/stages';

/** The validate action: inputs in, the shared validate stage, outputs and annotations out. */
export async function run(): Promise<void> {
  try {
    const { failure } = await runValidateStage(githubPlatform(), {
      workspace: process.env.GITHUB_WORKSPACE ?? process.cwd(),
      path: core.getInput('path') || '.',
      config: core.getInput('config') || undefined,
      profile: core.getInput('profile') || undefined,
      failOn: core.getInput('fail-on') || 'error',
      sarifFile: core.getInput('sarif-file') || undefined,
    });
    if (failure) core.setFailed(failure);
  } catch (error) {
    core.setFailed((error as Error).message);
  }
}
