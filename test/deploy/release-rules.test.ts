import { describe, expect, it } from 'vitest';
import {
  chain,
  planDeploy,
  planPromote,
  planRollback,
  planVerdict,
  ReleaseRefusal,
  type DeployRequest,
  type LedgerDraft,
  type NoChange,
  type Plan,
  type ReleaseState,
  type Snapshot,
} from '@agentship/core/deploy';
import { at, draft } from './ledger-drafts.js';

const bundle = (version: string) => ({ version, digest: `sha256:${version}`, files: [], root: '/nowhere' });
const content = (version: string) => ({ version, digest: `sha256:${version}`, stored: `stored-${version}` });
const snapshot = (drafts: LedgerDraft[], state?: Omit<ReleaseState, 'environment'>): Snapshot => ({
  ledger: chain([], drafts),
  states: state ? { production: { environment: 'production', ...state } } : {},
});
const deploy = (s: Snapshot, extra: Partial<DeployRequest>) => planDeploy(s, { environment: 'production', bundle: bundle('v2'), strategy: 'blue-green', trigger: 't', now: at(100), ...extra });

function asPlan(p: Plan | NoChange): Plan {
  if ('noChange' in p) throw new Error(`expected a plan, got no change: ${p.summary}`);
  return p;
}
function asNoChange(p: Plan | NoChange): NoChange {
  if (!('noChange' in p)) throw new Error(`expected no change, got a plan: ${p.summary}`);
  return p;
}

/** v1 promoted on blue an hour ago: the usual starting point. */
const serving = snapshot([draft('deploy', 'v1', 0), draft('promote', 'v1', 1)], { slots: { blue: content('v1') }, active: 'blue' });
/** ...and v2 running as a 20% canary on green. */
const withCanary = snapshot([draft('deploy', 'v1', 0), draft('promote', 'v1', 1), draft('deploy', 'v2', 90, { slot: 'green', weight: 20 })], {
  slots: { blue: content('v1'), green: content('v2') },
  active: 'blue',
  canary: { slot: 'green', weight: 20, salt: 'production:v2' },
});

describe('planDeploy', () => {
  it('re-deploying the version being served changes nothing and says so', () => {
    const p = asNoChange(deploy(serving, { bundle: bundle('v1') }));
    expect(p.summary).toBe('production/blue already holds v1 (sha256:v1) and serves it.');
    expect(asNoChange(deploy(serving, { bundle: bundle('v1'), strategy: 'direct' })).summary).toMatch(/and serves it/);
  });

  it('a canary needs a serving version to compare with', () => {
    expect(() => deploy(snapshot([]), { strategy: 'canary' })).toThrow('A canary needs a version serving production to compare with; deploy and promote one first (or use --strategy direct).');
  });

  it('a canary takes 10% by default on the idle slot, salted by environment and digest', () => {
    const p = asPlan(deploy(serving, { strategy: 'canary' }));
    expect(p.state.canary).toEqual({ slot: 'green', weight: 10, salt: 'production:v2' });
    expect(p.drafts).toEqual([expect.objectContaining({ action: 'deploy', slot: 'green', weight: 10, approvedBy: undefined })]);
    expect(p.summary).toBe('Deployed v2 to production/green as a 10% canary.');
  });

  it('the same canary again changes nothing; a new weight for it is a new deploy entry', () => {
    expect(asNoChange(deploy(withCanary, { strategy: 'canary', weight: 20, salt: 'production:v2' })).summary).toBe('production/green already holds v2 (sha256:v2).');
    const heavier = asPlan(deploy(withCanary, { strategy: 'canary', weight: 50, salt: 'production:v2' }));
    expect(heavier.state.canary).toEqual({ slot: 'green', weight: 50, salt: 'production:v2' });
    expect(heavier.drafts[0]).toMatchObject({ action: 'deploy', weight: 50 });
  });

  it('a blue-green deploy over the canary slot ends the canary: its traffic must not reach the new files', () => {
    const p = asPlan(deploy(withCanary, { bundle: bundle('v3') }));
    expect(p.state.slots.green).toMatchObject({ version: 'v3' });
    expect(p.state.canary).toBeUndefined();
    expect(p.state.active).toBe('blue');
    expect(p.summary).toBe('Deployed v3 to production/green (idle until promoted).');
  });

  it('direct switches to a slot that already holds the bundle, and is a no-op on the serving slot', () => {
    const staged = snapshot([draft('promote', 'v1', 0), draft('deploy', 'v2', 10, { slot: 'green' })], { slots: { blue: content('v1'), green: content('v2') }, active: 'blue' });
    // Same bundle in green, but direct also means "serve it": deploy + promote.
    const p = asPlan(deploy(staged, { strategy: 'direct', slot: 'green' }));
    expect(p.drafts.map((d) => `${d.action}:${d.slot}:${d.weight}`)).toEqual(['deploy:green:0', 'promote:green:100']);
    expect(p.state.active).toBe('green');
    expect(p.summary).toBe('Deployed v2 to production/green and switched traffic to it.');
    expect(asNoChange(deploy(serving, { bundle: bundle('v1'), strategy: 'direct', slot: 'blue' })).summary).toBe('production/blue already holds v1 (sha256:v1).');
  });
});

describe('planPromote', () => {
  it('promotes the canary slot, recording the verdict behind it', () => {
    const p = asPlan(planPromote(withCanary, { environment: 'production', verdict: 'promote', trigger: 'canary-compare', now: at(120) }));
    expect(p.state).toMatchObject({ active: 'green', canary: undefined });
    expect(p.drafts[0]).toMatchObject({ action: 'promote', slot: 'green', version: 'v2', weight: 100, verdict: 'promote', stored: 'stored-v2' });
    expect(p.summary).toBe('Promoted v2 in production: green now takes all traffic.');
  });

  it('only a promote verdict promotes', () => {
    expect(() => planPromote(withCanary, { environment: 'production', verdict: 'inconclusive', trigger: 't', now: at(120) })).toThrow('The canary verdict is inconclusive; only a promote verdict promotes.');
    expect(() => planPromote(withCanary, { environment: 'production', verdict: 'rollback', trigger: 't', now: at(120) })).toThrow(ReleaseRefusal);
  });

  it('promoting the slot already serving without a canary changes nothing; an empty slot is refused', () => {
    expect(asNoChange(planPromote(serving, { environment: 'production', slot: 'blue', trigger: 't', now: at(120) })).summary).toBe('production already serves v1 from blue.');
    expect(() => planPromote(serving, { environment: 'production', trigger: 't', now: at(120) })).toThrow('Nothing is deployed to production/green; deploy first.');
  });
});

describe('planRollback', () => {
  const request = { environment: 'production', trigger: 'manual', automatic: false, soakMs: 30 * 60_000, now: at(400) };

  it('refuses when nothing is deployed', () => {
    expect(() => planRollback(snapshot([]), request)).toThrow('Nothing is deployed to production; there is nothing to roll back.');
  });

  /** v0 served 100 minutes, v1 was promoted, v2 canaried and automatically rolled back to v1 (incident I). */
  const afterRollback = snapshot(
    [
      draft('promote', 'v0', 0),
      draft('promote', 'v1', 100),
      draft('deploy', 'v2', 200, { slot: 'green', weight: 10 }),
      draft('rollback', 'v1', 300, { incident: 'I', from: { version: 'v2', digest: 'sha256:v2' } }),
    ],
    { slots: { blue: content('v1'), green: content('v2') }, active: 'blue' },
  );

  it('a re-run for the same incident finds the rollback done; a new incident goes further back', () => {
    const again = asNoChange(planRollback(afterRollback, { ...request, automatic: true, incident: 'I' }));
    expect(again.summary).toBe('production was already rolled back to v1 (ledger entry 4); nothing to do.');
    // v1 is now the bad one; v0 (soaked 100 min) is held by no slot: the idle slot is rewritten from where v0 is stored.
    const further = asPlan(planRollback(afterRollback, { ...request, automatic: true, incident: 'J' }));
    expect(further.slotWrite).toEqual({ slot: 'green', stored: 'stored-v0', version: 'v0', digest: 'sha256:v0', sourceCommit: undefined });
    expect(further.state).toMatchObject({ active: 'green', slots: { green: { version: 'v0', stored: 'stored-v0' } } });
    expect(further.drafts[0]).toMatchObject({ action: 'rollback', slot: 'green', version: 'v0', incident: 'J', from: { version: 'v1', digest: 'sha256:v1' }, stored: 'stored-v0' });
    expect(further.summary).toBe('Rolled production back from v1 to v0 (green).');
  });

  it('a known-good version that is no longer stored cannot be restored: refused, nothing planned', () => {
    const unstored = snapshot([draft('promote', 'v0', 0, { stored: undefined }), draft('promote', 'v1', 100, { stored: undefined })], { slots: { blue: content('v1') }, active: 'blue' });
    expect(() => planRollback(unstored, request)).toThrow('The known-good version v0 (sha256:v0) is not stored in this target any more; deploy it again.');
  });

  it('a known-good version from elsewhere that is already served means nothing to roll back', () => {
    const knownGood = { version: 'v1', digest: 'sha256:v1', promotedAt: at(1).toISOString() };
    expect(asNoChange(planRollback(serving, { ...request, knownGood })).summary).toBe('production already serves the known-good version v1; nothing to roll back.');
  });
});

describe('planVerdict', () => {
  it('records on the canary slot with its weight, or on the serving slot; refuses with nothing deployed', () => {
    const onCanary = planVerdict(withCanary, { environment: 'production', verdict: 'inconclusive', trigger: 'canary-compare', now: at(120) });
    expect(onCanary.drafts[0]).toMatchObject({ action: 'verdict', slot: 'green', version: 'v2', weight: 20, verdict: 'inconclusive' });
    expect(onCanary.slotWrite).toBeUndefined();
    expect(onCanary.state).toEqual(withCanary.states.production);
    const onActive = planVerdict(serving, { environment: 'production', verdict: 'promote', trigger: 't', now: at(120) });
    expect(onActive.drafts[0]).toMatchObject({ slot: 'blue', version: 'v1', weight: undefined });
    expect(onActive.summary).toBe('Recorded verdict promote for v1 in production.');
    expect(() => planVerdict(snapshot([]), { environment: 'staging', verdict: 'rollback', trigger: 't', now: at(0) })).toThrow('Nothing is deployed to staging; no verdict to record.');
  });
});
