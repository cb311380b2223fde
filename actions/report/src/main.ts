import { githubPlatform } from '@agentship/platform/github';
import { runAction } from '@agentship/platform/action';
import { readInputs } from '@agentship/platform/inputs';
import { runReportStage } from '@agentship/platform/stages';
import { INPUTS } from './inputs.js';

/** The report action: inputs in, the shared report stage (summary, files, alerts), outputs out. */
export function run(): Promise<void> {
  return runAction(async () => {
    const inputs = readInputs(INPUTS);
    const result = await runReportStage(githubPlatform(), {
      workspace: process.env.GITHUB_WORKSPACE ?? process.cwd(),
      path: inputs.path,
      config: inputs.config,
      usage: inputs.usage,
      environments: inputs.environments,
      asOf: inputs['as-of'],
      prices: inputs.prices,
      jsonFile: inputs['json-file'],
      markdownFile: inputs['markdown-file'],
      htmlFile: inputs['html-file'],
      sendAlerts: inputs['send-alerts'],
      stateFile: inputs['state-file'],
      failOn: inputs['fail-on'],
    });
    return result.failure;
  });
}
