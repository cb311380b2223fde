import type { FindingKind } from '../findings/index.js';

/**
 * The findings the cost stage reports, one entry per id (docs/rules/cost/<name>.md). A new cost
 * finding is declared here first; index.ts lists it with the rules.
 */
export const costFindings: readonly FindingKind[] = [
  {
    id: 'cost/invalid-workload',
    severity: 'error',
    description: 'A budget-limits.yaml or model-overrides.yaml value has the wrong type or shape.',
  },
  {
    id: 'cost/invalid-price-override',
    severity: 'error',
    description: 'An entry of the price override file is not a valid price.',
  },
  {
    id: 'cost/invalid-dry-run-results',
    severity: 'warning',
    description: 'The dry-run results cannot be read; usage is estimated from the configuration.',
  },
  {
    id: 'cost/unknown-agent',
    severity: 'warning',
    description: 'A workload names an agent the repository does not have.',
  },
  {
    id: 'cost/no-model',
    severity: 'error',
    description: 'An agent has a workload in an environment but no model to price it with.',
  },
  {
    id: 'cost/unknown-model',
    severity: 'error',
    description: 'A model has no price, bundled or in the price override file.',
  },
];
