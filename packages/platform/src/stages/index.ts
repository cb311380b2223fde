export { runValidateStage, type ValidateStageInputs } from './validate.js';
export { runCostStage, type CostStageInputs, type CostStageResult } from './cost.js';
export { runDeployStage, type DeployStageInputs } from './deploy.js';
export { runRollbackStage, type RollbackStageInputs } from './rollback.js';
export { runCanaryCompareStage, loadCanaryConfig, type CanaryCompareStageInputs } from './canary-compare.js';
export { runDryRunStage, type DryRunStageInputs, type DryRunStageResult } from './dry-run.js';
export { runReportStage, REPORT_FAIL_ON, type ReportStageInputs, type ReportStageResult } from './report.js';
export { runReadinessStage, type ReadinessStageInputs, type ReadinessStageResult } from './readiness.js';
export {
  runMergeResultsStage,
  type MergeResultsStageInputs,
  type MergeResultsStageResult,
} from './merge-results.js';
export {
  runMcpCheckStage,
  type McpCheckStageInputs,
  type McpCheckStageResult,
} from './mcp-check.js';
