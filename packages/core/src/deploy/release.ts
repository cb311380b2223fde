import type { Bundle } from './bundle.js';
import { SLOTS, type LedgerDraft, type LedgerEntry, type Slot } from './ledger.js';

/**
 * What an environment serves, and the decisions that change it: deploy, promote and rollback are
 * pure functions of (state, ledger, request) returning a plan; a store applies a plan with
 * compare-and-swap. Keeping them pure makes every rule here testable without git.
 */

export interface SlotContent {
  version: string;
  digest: string;
  sourceCommit?: string;
  /** Where the store keeps the bundle (git commit of the slot, bundle folder). */
  stored?: string;
}

export interface ReleaseState {
  environment: string;
  slots: Partial<Record<Slot, SlotContent>>;
  /** The slot serving the stable traffic. */
  active?: Slot;
  /** A canary: the other slot takes `weight` percent of the traffic, routed by (salt, task key). */
  canary?: { slot: Slot; weight: number; salt: string };
}

export interface Snapshot {
  ledger: LedgerEntry[];
  states: Record<string, ReleaseState>;
}

/** Where the new state's slot contents come from: the files of a bundle or an earlier stored bundle. */
export type SlotWrite = { slot: Slot; bundle: Bundle } | { slot: Slot; stored: string; version: string; digest: string; sourceCommit?: string };

export interface Plan {
  environment: string;
  state: ReleaseState;
  drafts: LedgerDraft[];
  slotWrite?: SlotWrite;
  /** What happened, in one sentence. */
  summary: string;
}

/** A decision that does nothing because the environment is already there (idempotent re-runs). */
export interface NoChange {
  environment: string;
  noChange: true;
  summary: string;
}

/** A request the rules refuse: no known-good version, review needed, a second automatic rollback. */
export class ReleaseRefusal extends Error {}

export const emptyState = (environment: string): ReleaseState => ({ environment, slots: {} });
export const otherSlot = (slot: Slot): Slot => (slot === 'blue' ? 'green' : 'blue');

function stateOf(snapshot: Snapshot, environment: string): ReleaseState {
  return structuredClone(snapshot.states[environment] ?? emptyState(environment));
}

export interface DeployRequest {
  environment: string;
  bundle: Bundle;
  /** blue-green: to the idle slot, no traffic until promoted; canary: to the idle slot with a weight; direct: idle slot and switch at once. */
  strategy: 'blue-green' | 'canary' | 'direct';
  weight?: number;
  salt?: string;
  slot?: Slot;
  trigger: string;
  /** The first deployment to this environment needs an approval. */
  requireReview?: boolean;
  approvedBy?: string;
  now: Date;
}

export function planDeploy(snapshot: Snapshot, request: DeployRequest): Plan | NoChange {
  const { environment, bundle } = request;
  const state = stateOf(snapshot, environment);
  const first = !snapshot.ledger.some((e) => e.environment === environment);
  if (first && request.requireReview && !request.approvedBy) {
    throw new ReleaseRefusal(`The first deployment to ${environment} needs review: approve it (GitHub environment reviewers, or --approved-by <name>) and run again.`);
  }
  const serving = state.active ? state.slots[state.active] : undefined;
  if (serving?.digest === bundle.digest && !state.canary && request.slot === undefined && request.strategy !== 'canary') {
    return { environment, noChange: true, summary: `${environment}/${state.active} already holds ${bundle.version} (${bundle.digest.slice(0, 19)}) and serves it.` };
  }
  const slot = request.slot ?? (state.active ? otherSlot(state.active) : 'blue');
  if (state.active === slot && request.strategy !== 'direct') {
    throw new ReleaseRefusal(`Slot ${slot} is serving ${environment}; deploy to the idle slot ${otherSlot(slot)} and promote it.`);
  }
  if (request.strategy === 'canary' && !state.active) throw new ReleaseRefusal(`A canary needs a version serving ${environment} to compare with; deploy and promote one first (or use --strategy direct).`);
  const weight = request.strategy === 'canary' ? request.weight ?? 10 : undefined;
  if (weight !== undefined && !(weight > 0 && weight < 100)) throw new ReleaseRefusal(`A canary weight must be above 0 and below 100 (got ${weight}); use promote for 100.`);
  const salt = request.salt ?? `${environment}:${bundle.digest.slice(7, 19)}`;
  const current = state.slots[slot];
  const sameBundle = current?.digest === bundle.digest;
  const sameCanary = weight === undefined ? !state.canary || state.canary.slot !== slot : state.canary?.slot === slot && state.canary.weight === weight && state.canary.salt === salt;
  if (sameBundle && sameCanary && (request.strategy !== 'direct' || state.active === slot)) {
    return { environment, noChange: true, summary: `${environment}/${slot} already holds ${bundle.version} (${bundle.digest.slice(0, 19)}).` };
  }
  const time = request.now.toISOString();
  state.slots[slot] = { version: bundle.version, digest: bundle.digest, sourceCommit: bundle.sourceCommit };
  const base = { time, environment, slot, version: bundle.version, digest: bundle.digest, sourceCommit: bundle.sourceCommit, trigger: request.trigger };
  const drafts: LedgerDraft[] = [{ ...base, action: 'deploy', weight: weight ?? 0, approvedBy: first ? request.approvedBy : undefined }];
  if (request.strategy === 'canary') state.canary = { slot, weight: weight!, salt };
  else if (state.canary?.slot === slot) state.canary = undefined;
  let summary = `Deployed ${bundle.version} to ${environment}/${slot}${weight !== undefined ? ` as a ${weight}% canary` : ' (idle until promoted)'}.`;
  if (request.strategy === 'direct') {
    state.active = slot;
    state.canary = undefined;
    drafts.push({ ...base, action: 'promote', weight: 100 });
    summary = `Deployed ${bundle.version} to ${environment}/${slot} and switched traffic to it.`;
  }
  return { environment, state, drafts, slotWrite: { slot, bundle }, summary };
}

export interface PromoteRequest {
  environment: string;
  /** Default: the canary slot, else the idle slot. */
  slot?: Slot;
  verdict?: LedgerDraft['verdict'];
  trigger: string;
  now: Date;
}

export function planPromote(snapshot: Snapshot, request: PromoteRequest): Plan | NoChange {
  const { environment } = request;
  const state = stateOf(snapshot, environment);
  const slot = request.slot ?? state.canary?.slot ?? (state.active ? otherSlot(state.active) : 'blue');
  const content = state.slots[slot];
  if (!content) throw new ReleaseRefusal(`Nothing is deployed to ${environment}/${slot}; deploy first.`);
  if (request.verdict && request.verdict !== 'promote') throw new ReleaseRefusal(`The canary verdict is ${request.verdict}; only a promote verdict promotes.`);
  if (state.active === slot && !state.canary) return { environment, noChange: true, summary: `${environment} already serves ${content.version} from ${slot}.` };
  state.active = slot;
  state.canary = undefined;
  const draft: LedgerDraft = { time: request.now.toISOString(), action: 'promote', environment, slot, version: content.version, digest: content.digest, sourceCommit: content.sourceCommit, stored: content.stored, weight: 100, verdict: request.verdict, trigger: request.trigger };
  return { environment, state, drafts: [draft], summary: `Promoted ${content.version} in ${environment}: ${slot} now takes all traffic.` };
}

export interface KnownGood {
  version: string;
  digest: string;
  sourceCommit?: string;
  stored?: string;
  /** When it was promoted (start of the soak window). */
  promotedAt: string;
}

/**
 * Last known good: the newest version that was promoted (or rolled back to) in this environment,
 * served traffic for at least the soak window without being rolled back from, and is not
 * excluded (the version being rolled back from). research/canary.md §7.
 */
export function lastKnownGood(ledger: readonly LedgerEntry[], environment: string, options: { soakMs: number; now: Date; exclude?: string[] }): KnownGood | undefined {
  const entries = ledger.filter((e) => e.environment === environment);
  const bad = new Set<string>(options.exclude ?? []);
  for (const e of entries) {
    if (e.action === 'rollback' && e.from) bad.add(e.from.digest);
    if (e.action === 'verdict' && e.verdict === 'rollback') bad.add(e.digest);
  }
  const tenures = entries.filter((e) => e.action === 'promote' || e.action === 'rollback');
  for (let i = tenures.length - 1; i >= 0; i--) {
    const t = tenures[i];
    if (bad.has(t.digest)) continue;
    const end = i + 1 < tenures.length ? Date.parse(tenures[i + 1].time) : options.now.getTime();
    if (end - Date.parse(t.time) < options.soakMs) continue;
    const stored = [...entries].reverse().find((e) => e.digest === t.digest && e.stored)?.stored;
    return { version: t.version, digest: t.digest, sourceCommit: t.sourceCommit, stored, promotedAt: t.time };
  }
  return undefined;
}

export interface RollbackRequest {
  environment: string;
  trigger: string;
  /** Automatic rollbacks (from a canary verdict or a monitor) happen at most once per incident. */
  automatic: boolean;
  incident?: string;
  soakMs: number;
  /** A known-good version found elsewhere (GitHub or GitLab deployments) instead of the ledger. */
  knownGood?: KnownGood;
  now: Date;
}

export function planRollback(snapshot: Snapshot, request: RollbackRequest): Plan | NoChange {
  const { environment } = request;
  const state = stateOf(snapshot, environment);
  const active = state.active ? state.slots[state.active] : undefined;
  const canary = state.canary ? state.slots[state.canary.slot] : undefined;
  const bad = canary ?? active;
  if (!bad) throw new ReleaseRefusal(`Nothing is deployed to ${environment}; there is nothing to roll back.`);
  // A rollback that already happened (a re-run, or the loser of a race) ends here: the serving
  // version came from a rollback and no canary runs. A new incident id asks to go further back.
  const lastSwitch = [...snapshot.ledger].reverse().find((e) => e.environment === environment && (e.action === 'promote' || e.action === 'rollback'));
  if (!state.canary && lastSwitch?.action === 'rollback' && lastSwitch.digest === bad.digest && (!request.incident || request.incident === lastSwitch.incident)) {
    return { environment, noChange: true, summary: `${environment} was already rolled back to ${bad.version} (ledger entry ${lastSwitch.seq}); nothing to do.` };
  }
  const good = request.knownGood ?? lastKnownGood(snapshot.ledger, environment, { soakMs: request.soakMs, now: request.now, exclude: [bad.digest] });
  if (!good) {
    throw new ReleaseRefusal(`No known-good version of ${environment}: no version was promoted and healthy through its soak window (${Math.round(request.soakMs / 60000)} min). Nothing was changed.`);
  }
  if (active?.digest === good.digest && !state.canary) {
    return { environment, noChange: true, summary: `${environment} already serves the known-good version ${good.version}; nothing to roll back.` };
  }
  const incident = request.incident ?? `${environment}:${bad.digest}`;
  if (request.automatic && snapshot.ledger.some((e) => e.action === 'rollback' && e.environment === environment && e.incident === incident)) {
    throw new ReleaseRefusal(`An automatic rollback already ran for incident ${incident}; only one automatic rollback per incident. Roll back by hand (trigger manual) if you must.`);
  }
  // Serve the known-good bundle from the slot that holds it, else rewrite the idle slot with it.
  const holding = SLOTS.find((s) => state.slots[s]?.digest === good.digest);
  let slotWrite: SlotWrite | undefined;
  let slot: Slot;
  if (holding) slot = holding;
  else {
    if (!good.stored) throw new ReleaseRefusal(`The known-good version ${good.version} (${good.digest.slice(0, 19)}) is not stored in this target any more; deploy it again.`);
    slot = state.active ? otherSlot(state.active) : 'blue';
    slotWrite = { slot, stored: good.stored, version: good.version, digest: good.digest, sourceCommit: good.sourceCommit };
    state.slots[slot] = { version: good.version, digest: good.digest, sourceCommit: good.sourceCommit, stored: good.stored };
  }
  state.active = slot;
  state.canary = undefined;
  const draft: LedgerDraft = {
    time: request.now.toISOString(),
    action: 'rollback',
    environment,
    slot,
    version: good.version,
    digest: good.digest,
    sourceCommit: good.sourceCommit,
    stored: state.slots[slot]!.stored,
    weight: 100,
    trigger: request.trigger,
    // Only automatic rollbacks carry an incident: the once-per-incident rule counts them.
    incident: request.automatic ? incident : undefined,
    from: { version: bad.version, digest: bad.digest },
  };
  return { environment, state, drafts: [draft], slotWrite, summary: `Rolled ${environment} back from ${bad.version} to ${good.version} (${slot}).` };
}

/** Records a canary verdict in the ledger without changing what is served. */
export function planVerdict(snapshot: Snapshot, request: { environment: string; verdict: NonNullable<LedgerDraft['verdict']>; trigger: string; now: Date }): Plan {
  const state = stateOf(snapshot, request.environment);
  const slot = state.canary?.slot ?? state.active;
  const content = slot ? state.slots[slot] : undefined;
  if (!slot || !content) throw new ReleaseRefusal(`Nothing is deployed to ${request.environment}; no verdict to record.`);
  const draft: LedgerDraft = { time: request.now.toISOString(), action: 'verdict', environment: request.environment, slot, version: content.version, digest: content.digest, sourceCommit: content.sourceCommit, weight: state.canary?.weight, verdict: request.verdict, trigger: request.trigger };
  return { environment: request.environment, state, drafts: [draft], summary: `Recorded verdict ${request.verdict} for ${content.version} in ${request.environment}.` };
}
