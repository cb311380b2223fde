import type { Command } from '../io.js';

/**
 * A subcommand as `agentship --help` lists it. Its module (options, usage, run) is imported only
 * when the command runs, so `--help` and `--version` load none of them. `name` and `summary`
 * repeat the module's (a test checks they agree).
 */
export interface CommandEntry {
  name: string;
  summary: string;
  load(): Promise<Command>;
}

/** Every subcommand, in the order `agentship --help` lists them. */
export const commands: CommandEntry[] = [
  {
    name: 'validate',
    summary:
      'Stage 1: check skills, instruction files, token budgets, MCP configs, permissions, ' +
      'roles and secrets.',
    load: async () => (await import('./validate.js')).validateCommand,
  },
  {
    name: 'secrets',
    summary:
      'Scan for secrets only (the secret/ rules of validate), in governed files or every ' +
      'tracked file.',
    load: async () => (await import('./secrets.js')).secretsCommand,
  },
  {
    name: 'dry-run',
    summary:
      'Stages 2-3: run the test suites against the agents through the model proxy (replay: no ' +
      'network, no cost).',
    load: async () => (await import('./dry-run.js')).dryRunCommand,
  },
  {
    name: 'mcp-check',
    summary:
      'Stage 3: start every configured MCP server, run initialize and tools/list, report its ' +
      'tools.',
    load: async () => (await import('./mcp-check.js')).mcpCheckCommand,
  },
  {
    name: 'merge-results',
    summary:
      'Join the results JSON of dry-run shards (matrix or GitLab parallel:) into one ' +
      'report.',
    load: async () => (await import('./merge-results.js')).mergeResultsCommand,
  },
  {
    name: 'cost',
    summary:
      'Stage 4: project monthly cost per environment, agent and model; diff against a base; ' +
      'budget gate.',
    load: async () => (await import('./cost.js')).costCommand,
  },
  {
    name: 'deploy',
    summary:
      'Stages 5-6: deploy the agent configuration as a content-addressed bundle (blue-green, ' +
      'canary) or promote a slot.',
    load: async () => (await import('./deploy.js')).deployCommand,
  },
  {
    name: 'canary-compare',
    summary:
      'Stages 3, 5, 6: judge candidate results against the baseline: promote, inconclusive or ' +
      'rollback.',
    load: async () => (await import('./canary-compare.js')).canaryCompareCommand,
  },
  {
    name: 'rollback',
    summary:
      'Stage 6: redeploy the last known-good version (idempotent, once per incident, ' +
      'race-safe).',
    load: async () => (await import('./rollback.js')).rollbackCommand,
  },
  {
    name: 'ledger',
    summary: 'Show or verify the hash-chained release ledger (detects any edit).',
    load: async () => (await import('./ledger.js')).ledgerCommand,
  },
  {
    name: 'route',
    summary: 'Canary routing: the bucket in [0, 100) of each key, and its arm at a weight.',
    load: async () => (await import('./route.js')).routeCommand,
  },
  {
    name: 'report',
    summary:
      'Monitoring: usage, cost, budget against actual, anomalies, stalls and failures of ' +
      'deployed agents; alerts.',
    load: async () => (await import('./report.js')).reportCommand,
  },
  {
    name: 'readiness',
    summary:
      'The production readiness checklist of an environment, ticked from evidence, as markdown ' +
      'for a PR or issue.',
    load: async () => (await import('./readiness.js')).readinessCommand,
  },
];
