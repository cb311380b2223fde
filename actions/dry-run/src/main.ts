import { githubPlatform } from '@agentship/platform/github';
import { runAction } from '@agentship/platform/action';
import { readInputs } from '@agentship/platform/inputs';
import { runDryRunStage } from '@agentship/platform/stages';
import { INPUTS } from './inputs.js';

/** The dry-run action: inputs in, the shared dry-run stage (cache, proxy, suites, baseline), outputs out. */
export function run(): Promise<void> {
  return runAction(async () => {
    const inputs = readInputs(INPUTS);
    const platform = githubPlatform();
    const { failure } = await runDryRunStage(
      platform,
      {
        workspace: process.env.GITHUB_WORKSPACE ?? process.cwd(),
        path: inputs.path,
        config: inputs.config,
        mode: inputs.mode,
        shard: inputs.shard,
        tags: inputs.tags,
        baseline: inputs.baseline,
        resultsFile: inputs['results-file'],
        junitFile: inputs['junit-file'],
        maxTokens: inputs['max-tokens'],
        maxCostUsd: inputs['max-cost-usd'],
        openaiUpstream: inputs['openai-base-url'],
        anthropicUpstream: inputs['anthropic-base-url'],
      },
      // The cache client (Azure SDK) loads only when caching is on.
      inputs.cache
        ? (await import('@agentship/platform/github-cache')).githubCache(platform)
        : undefined,
    );
    return failure;
  });
}
