import type { AgentshipConfig } from '../config/index.js';

export type CommentBehavior = 'update' | 'hide-and-new' | 'delete-and-new' | 'new';
export const COMMENT_BEHAVIORS: readonly CommentBehavior[] = ['update', 'hide-and-new', 'delete-and-new', 'new'];

/** The `cost:` section of agentship.yaml with its defaults (schemas/agentship.schema.json). */
export interface CostConfig {
  /** Price override file, relative to the root. */
  prices?: string;
  /** Dry-run results file, relative to the root; its usage replaces the configured averages. */
  dryRunResults?: string;
  daysPerMonth: number;
  /** Percent of the budget whose new crossing fails the gate (default 100: the budget itself). */
  failAt: number;
  /** An agent whose monthly cost rises by more than this percent against the base is flagged. */
  anomalyPercent: number;
  comment: { behavior: CommentBehavior; tag: string; author?: string };
  approval: { label?: string; team?: string };
}

export const DEFAULT_COMMENT_TAG = 'agentship-cost';

export function costConfig(config: AgentshipConfig): CostConfig {
  const raw = record(config.cost);
  const comment = record(raw.comment);
  const approval = record(raw.approval);
  const num = (value: unknown, fallback: number) => (typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : fallback);
  const str = (value: unknown) => (typeof value === 'string' && value ? value : undefined);
  return {
    prices: str(raw.prices),
    dryRunResults: str(raw['dry-run-results']),
    daysPerMonth: num(raw['days-per-month'], 30),
    failAt: num(raw['fail-at'], 100),
    anomalyPercent: num(raw['anomaly-percent'], 50),
    comment: {
      behavior: COMMENT_BEHAVIORS.includes(comment.behavior as CommentBehavior) ? (comment.behavior as CommentBehavior) : 'update',
      tag: str(comment.tag) ?? DEFAULT_COMMENT_TAG,
      author: str(comment.author),
    },
    approval: { label: str(approval.label) ?? 'cost-approved', team: str(approval.team) },
  };
}

function record(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
