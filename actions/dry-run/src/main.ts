import * as core from '@actions/core';
import { githubPlatform } from '@agentship/platform/github';
import { runDryRunStage } from '@agentship/platform/stages';

/** The dry-run action: inputs in, the shared dry-run stage (cache, proxy, suites, baseline), outputs out. */
export async function run(): Promise<void> {
  try {
    const platform = githubPlatform();
    const number = (name: string) => (core.getInput(name) ? Number(core.getInput(name)) : undefined);
    const { failure } = await runDryRunStage(
      platform,
      {
        workspace: process.env.GITHUB_WORKSPACE ?? process.cwd(),
        path: core.getInput('path') || '.',
        config: core.getInput('config') || undefined,
        mode: core.getInput('mode') || undefined,
        shard: core.getInput('shard') || undefined,
        tags: core.getMultilineInput('tags').flatMap((t) => t.split(',')).map((t) => t.trim()).filter(Boolean),
        baseline: core.getInput('baseline') || undefined,
        resultsFile: core.getInput('results-file') || undefined,
        junitFile: core.getInput('junit-file') || undefined,
        maxTokens: number('max-tokens'),
        maxCostUsd: number('max-cost-usd'),
        openaiUpstream: core.getInput('openai-base-url') || undefined,
        anthropicUpstream: core.getInput('anthropic-base-url') || undefined,
      },
      // @actions/cache (the Azure SDK, undici: 1.5 MB) loads only when caching is on.
      core.getBooleanInput('cache') ? (await import('@agentship/platform/github-cache')).githubCache(platform) : undefined,
    );
    if (failure) core.setFailed(failure);
  } catch (error) {
    core.setFailed((error as Error).message);
  }
}
