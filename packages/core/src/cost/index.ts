export { readEnvironmentCosts, DEFAULT_ALERT_LEVELS, type AgentWorkload, type EnvironmentCostConfig } from './environments.js';
export { agentContext, type AgentContext } from './context.js';
export { readDryRunUsage, type MeasuredTaskUsage } from './dryrun-usage.js';
export { costConfig, COMMENT_BEHAVIORS, DEFAULT_COMMENT_TAG, type CostConfig, type CommentBehavior } from './config.js';
export { projectCosts, roundCents, type CostProjection, type EnvironmentProjection, type AgentProjection, type PhaseCosts, type ProjectOptions } from './project.js';
export { diffProjections, formatUsd, formatSignedUsd, formatPercent, type CostDiff, type EnvironmentDiff, type AgentDiff, type Anomaly, type LevelCrossing, type DiffOptions } from './diff.js';
export { renderCostMarkdown, headline, type ApprovalState, type CostMarkdownOptions } from './markdown.js';
export { checkoutBase, type BaseTree } from './base.js';
export { buildCostReport, readStoredProjection, type CostReport, type CostReportOptions } from './report.js';
