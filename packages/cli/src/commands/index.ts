import type { Command } from '../io.js';
import { deployCommand } from './deploy.js';
import { canaryCompareCommand } from './canary-compare.js';
import { rollbackCommand } from './rollback.js';
import { ledgerCommand } from './ledger.js';
import { routeCommand } from './route.js';
import { validateCommand } from './validate.js';
import { secretsCommand } from './secrets.js';
import { dryRunCommand } from './dry-run.js';
import { mcpCheckCommand } from './mcp-check.js';
import { mergeResultsCommand } from './merge-results.js';
import { costCommand } from './cost.js';
import { reportCommand } from './report.js';
import { readinessCommand } from './readiness.js';

/** Every subcommand, in the order `agentship --help` lists them. */
export const commands: Command[] = [validateCommand, secretsCommand, dryRunCommand, mcpCheckCommand, mergeResultsCommand, costCommand, deployCommand, canaryCompareCommand, rollbackCommand, ledgerCommand, routeCommand, reportCommand, readinessCommand];
