import * as core from '@actions/core';
import { githubPlatform } from '@agentship/platform/github';
import { runReportStage } from '@agentship/platform/stages';

/** The report action: inputs in, the shared report stage (summary, files, alerts), outputs out. */
export async function run(): Promise<void> {
  try {
    const result = await runReportStage(githubPlatform(), {
      workspace: process.env.GITHUB_WORKSPACE ?? process.cwd(),
      path: core.getInput('path') || '.',
      config: core.getInput('config') || undefined,
      usage: core.getMultilineInput('usage').filter(Boolean),
      environments: core.getMultilineInput('environments').filter(Boolean),
      asOf: core.getInput('as-of') || undefined,
      prices: core.getInput('prices') || undefined,
      jsonFile: core.getInput('json-file') || undefined,
      markdownFile: core.getInput('markdown-file') || undefined,
      htmlFile: core.getInput('html-file') || undefined,
      sendAlerts: core.getBooleanInput('send-alerts'),
      stateFile: core.getInput('state-file') || undefined,
      failOn: core.getInput('fail-on') || 'never',
    });
    if (result.failure) core.setFailed(result.failure);
  } catch (error) {
    core.setFailed((error as Error).message);
  }
}
