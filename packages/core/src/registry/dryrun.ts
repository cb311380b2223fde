import type { FindingKind } from '../findings/index.js';

/**
 * The findings the dry-run stage reports, one entry per id (docs/rules/dryrun/<name>.md). A new
 * dry-run finding is declared here first; index.ts lists it with the rules.
 */
export const dryRunFindings: readonly FindingKind[] = [
  {
    id: 'dryrun/suite-invalid',
    severity: 'error',
    description: 'A test suite file is not YAML matching schemas/dry-run-suite.schema.json.',
  },
  {
    id: 'dryrun/duplicate-case-id',
    severity: 'error',
    description: 'A case id is already used by another case; the second one is skipped.',
  },
  {
    id: 'dryrun/cassette-invalid',
    severity: 'error',
    description: 'A file in the cassette folder is not a cassette agentship can replay.',
  },
  {
    id: 'dryrun/ambiguous-skills',
    severity: 'warning',
    description: 'Two skills have descriptions so alike that a model cannot tell which to use.',
  },
];
