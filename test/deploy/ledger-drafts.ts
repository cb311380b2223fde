import type { LedgerDraft } from '@agentship/core/deploy';

/** A fixed clock for ledger tests: `at(30)` is 30 minutes after t0. */
export const t0 = Date.parse('2026-02-01T00:00:00Z');
export const at = (min: number): Date => new Date(t0 + min * 60_000);

/** A ledger entry to be, for production/blue unless `extra` says otherwise. */
export const draft = (action: LedgerDraft['action'], version: string, min: number, extra: Partial<LedgerDraft> = {}): LedgerDraft => ({
  time: at(min).toISOString(),
  action,
  environment: 'production',
  slot: 'blue',
  version,
  digest: `sha256:${version}`,
  stored: `stored-${version}`,
  trigger: 'test',
  ...extra,
});
