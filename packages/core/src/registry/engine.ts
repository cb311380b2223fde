import type { FindingKind } from '../findings/index.js';

/** A rule threw: reported against the rule so that every other finding still shows. */
export const INTERNAL_ERROR: FindingKind = {
  id: 'config/internal-error',
  severity: 'error',
  description: 'A rule failed with an exception instead of returning findings; please report it.',
};

/** The findings the engine itself reports (not a rule's). */
export const engineFindings: readonly FindingKind[] = [INTERNAL_ERROR];
