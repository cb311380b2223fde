import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ConfigError } from '@agentship/core/errors';
import { buildCostReport, COMMENT_BEHAVIORS, formatUsd, formatSignedUsd, renderCostMarkdown, type ApprovalState, type CommentBehavior, type CostReport } from '@agentship/core/cost';
import { detectReviewRequest, githubApproval, githubThread, gitlabApproval, gitlabThread, postStickyComment, type CommentThread, type ReviewRequest, type StickyOutcome } from '../comments/index.js';
import type { Platform } from '../types.js';

export interface CostStageInputs {
  /** The repository checkout (GITHUB_WORKSPACE, CI_PROJECT_DIR or the current folder). */
  workspace: string;
  /** The folder to project, relative to the workspace. */
  path: string;
  config?: string;
  environments?: string[];
  /** A git ref for the base; empty: the pull or merge request's base commit, if any. */
  baseRef?: string;
  /** A stored report to use as the base instead of a git ref. */
  baseResults?: string;
  prices?: string;
  dryRunResults?: string;
  /** Post the sticky comment when running for a pull or merge request with a token. */
  comment: boolean;
  behavior?: string;
  tag?: string;
  commentAuthor?: string;
  approvalLabel?: string;
  approvalTeam?: string;
  failAt?: number;
  /** GitHub token, or a GitLab project/personal access token. */
  token?: string;
  /** Where to write the JSON report. */
  reportFile?: string;
  /** The runner's variables (tests pass their own). */
  env?: NodeJS.ProcessEnv;
  /** First retry delay for API calls (tests shorten it). */
  backoffMs?: number;
}

export interface CostStageResult {
  report: CostReport;
  markdown: string;
  approval?: ApprovalState;
  comment?: StickyOutcome;
  /** Why the comment was not posted, when it was not. */
  commentSkipped?: string;
  /** Set when the gate fails: the message for the job log. */
  failure?: string;
}

/**
 * Stage 4 as a CI step: project head and base, check the approval when a budget is newly crossed,
 * write the job summary (always), post the one comment (when it can), set outputs, then report
 * the failure: the comment is up before the job goes red.
 */
export async function runCostStage(platform: Platform, inputs: CostStageInputs): Promise<CostStageResult> {
  const env = inputs.env ?? process.env;
  if (inputs.behavior && !COMMENT_BEHAVIORS.includes(inputs.behavior as CommentBehavior)) {
    throw new ConfigError(`comment behavior must be one of ${COMMENT_BEHAVIORS.join(', ')} (got "${inputs.behavior}").`);
  }
  if (inputs.failAt !== undefined && !(Number.isFinite(inputs.failAt) && inputs.failAt > 0)) throw new ConfigError(`fail-at must be a percentage above 0 (got "${inputs.failAt}").`);
  const root = resolve(inputs.workspace, inputs.path);
  const review = detectReviewRequest(env);
  const baseRef = inputs.baseRef || (inputs.baseResults ? undefined : review?.baseSha);
  if (baseRef && !inputs.baseRef) ensureCommit(root, baseRef, platform);
  const { report, config } = await buildCostReport(root, {
    configPath: inputs.config,
    pricesPath: inputs.prices ? resolve(inputs.workspace, inputs.prices) : undefined,
    dryRunResultsPath: inputs.dryRunResults ? resolve(inputs.workspace, inputs.dryRunResults) : undefined,
    baseRef,
    baseResults: inputs.baseResults ? resolve(inputs.workspace, inputs.baseResults) : undefined,
    environments: inputs.environments,
    failAt: inputs.failAt,
  });
  const label = inputs.approvalLabel || config.approval.label;
  const team = inputs.approvalTeam || config.approval.team;
  const behavior = (inputs.behavior as CommentBehavior | undefined) ?? config.comment.behavior;
  const result: CostStageResult = { report, markdown: '' };

  const canTalk = review && !review.fork && inputs.token;
  if (report.diff.blocking) {
    result.approval = { approved: false, label, team };
    if (canTalk) {
      try {
        const answer = review.system === 'github' ? await githubApproval(githubTarget(review, inputs), { label, team }) : await gitlabApproval(gitlabTarget(review, inputs), { label, team });
        result.approval = { ...result.approval, approved: answer.approved, by: answer.by };
        if (answer.problem) platform.warning(answer.problem);
      } catch (error) {
        platform.warning(`Could not check the approval: ${(error as Error).message}`);
      }
    }
  }

  const options = { approval: result.approval, problems: report.head.problems };
  result.markdown = renderCostMarkdown(report.diff, options);
  await platform.writeSummary(result.markdown);

  if (!inputs.comment) result.commentSkipped = 'comments are turned off';
  else if (!review) result.commentSkipped = 'not running for a pull or merge request';
  else if (review.fork) result.commentSkipped = 'a pull request from a fork has no write token; the report is in the job summary';
  else if (!inputs.token) result.commentSkipped = 'no token to post with';
  if (result.commentSkipped) {
    if (inputs.comment) platform.info(`agentship cost: comment not posted (${result.commentSkipped}).`);
  } else {
    const thread: CommentThread = review!.system === 'github' ? githubThread(githubTarget(review!, inputs)) : gitlabThread(gitlabTarget(review!, inputs));
    const body = renderCostMarkdown(report.diff, { ...options, maxLength: thread.maxLength - 200, footer: behavior === 'update' ? 'This comment is updated when the estimate changes. Prices from @pydantic/genai-prices (offline) and the price override file.' : undefined });
    try {
      result.comment = await postStickyComment(thread, body, {
        tag: inputs.tag || config.comment.tag,
        behavior,
        author: inputs.commentAuthor || config.comment.author,
        runId: env.GITHUB_RUN_ID ?? env.CI_PIPELINE_ID,
        validAt: commitDate(root, review!.headSha) ?? new Date().toISOString(),
      });
      platform.info(`agentship cost: comment ${result.comment.action}${result.comment.comment?.url ? ` (${result.comment.comment.url})` : ''}.`);
      if (result.comment.comment?.url) platform.setOutput('comment-url', result.comment.comment.url);
    } catch (error) {
      // The estimate was made; only posting failed. The summary has it, and the gate still decides.
      platform.warning(`The cost report was generated but could not be posted: ${(error as Error).message}`);
    }
  }

  if (inputs.reportFile) {
    const path = resolve(inputs.workspace, inputs.reportFile);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, JSON.stringify(report, null, 2) + '\n');
    platform.setOutput('report-file', inputs.reportFile);
  }
  const d = report.diff;
  platform.setOutput('monthly-usd', d.headUsd.toFixed(2));
  platform.setOutput('diff-usd', d.diffUsd.toFixed(2));
  platform.setOutput('diff-percent', d.diffPercent === undefined ? '' : d.diffPercent.toFixed(1));
  platform.setOutput('blocking', String(d.blocking));
  platform.setOutput('approved', String(Boolean(result.approval?.approved)));
  platform.info(`agentship cost: ${formatUsd(d.headUsd)} a month${d.hasBase ? ` (${formatSignedUsd(d.diffUsd)} against the base)` : ''}.`);
  // Fail closed: an error in the inputs (no model, no price, a broken budget file) is a projection
  // that could not be made; `rules:` levels decide which problems are errors.
  const errors = report.head.problems.filter((p) => p.severity === 'error');
  if (errors.length) {
    const first = errors[0];
    const where = `${first.file}${first.line ? `:${first.line}` : ''}`;
    const count = `${errors.length} error${errors.length > 1 ? 's' : ''} in its inputs`;
    const firstError = `${where}: ${first.message} [${first.ruleId}]`;
    result.failure = `agentship cost: the projection is incomplete (${count}); first: ${firstError}`;
  } else if (d.blocking && !result.approval?.approved) {
    const names = d.environments.filter((e) => e.blocking).map((e) => e.name).join(', ');
    result.failure = `agentship cost: the projection for ${names} crosses ${d.failAt}% of its monthly budget, and the base did not.` + (label || team ? ` Approve with ${[label ? `the label "${label}"` : '', team ? `a review from ${team}` : ''].filter(Boolean).join(' or ')}.` : '');
  }
  return result;
}

function githubTarget(review: Extract<ReviewRequest, { system: 'github' }>, inputs: CostStageInputs) {
  return { token: inputs.token!, repo: review.repo, number: review.number, apiUrl: inputs.env?.GITHUB_API_URL, graphqlUrl: inputs.env?.GITHUB_GRAPHQL_URL, backoffMs: inputs.backoffMs };
}

function gitlabTarget(review: Extract<ReviewRequest, { system: 'gitlab' }>, inputs: CostStageInputs) {
  return { token: inputs.token!, project: review.project, iid: review.iid, apiUrl: inputs.env?.CI_API_V4_URL, backoffMs: inputs.backoffMs };
}

/** A shallow checkout may lack the base commit: fetch just it (actions/checkout keeps the credentials). */
function ensureCommit(root: string, sha: string, platform: Platform): void {
  if (spawnSync('git', ['cat-file', '-e', `${sha}^{commit}`], { cwd: root }).status === 0) return;
  platform.info(`agentship cost: fetching the base commit ${sha.slice(0, 12)}.`);
  spawnSync('git', ['fetch', '--no-tags', '--depth=1', 'origin', sha], { cwd: root, stdio: 'ignore' });
}

/** The head commit's date: which state of the code the comment describes (newer-run protection). */
function commitDate(root: string, sha: string | undefined): string | undefined {
  const out = spawnSync('git', ['log', '-1', '--format=%cI', sha ?? 'HEAD'], { cwd: root, encoding: 'utf8' });
  const date = out.status === 0 ? Date.parse(out.stdout.trim()) : NaN;
  return Number.isFinite(date) ? new Date(date).toISOString() : undefined;
}
