import { chain, type LedgerEntry } from './ledger.js';
import type { NoChange, Plan, ReleaseState, Snapshot } from './release.js';

/** Another writer changed the target between our read and our write: the compare-and-swap failed. */
export class ConflictError extends Error {}

/** The state a store read, with what it needs to compare-and-swap against it. */
export interface StoreSnapshot extends Snapshot {
  /** Opaque: ref values (git) or the ledger head (directory). */
  token: unknown;
}

/**
 * Where releases live: the slots, what each environment serves, and the ledger. Every write is
 * one compare-and-swap against the snapshot it was planned on, so two racing writers cannot both win.
 */
export interface ReleaseStore {
  readonly description: string;
  read(): Promise<StoreSnapshot>;
  /** Applies a plan atomically; returns the ledger entries written. Throws ConflictError when the target moved. */
  apply(snapshot: StoreSnapshot, plan: Plan): Promise<LedgerEntry[]>;
}

/** Fills in where the slot's bundle was stored, then chains the plan's drafts onto the ledger. */
export function entriesFor(snapshot: Snapshot, plan: Plan, stored: string | undefined): LedgerEntry[] {
  if (stored && plan.slotWrite) {
    const slot = plan.slotWrite.slot;
    plan.state.slots[slot] = { ...plan.state.slots[slot]!, stored };
    for (const d of plan.drafts) if (d.slot === slot && d.digest === plan.state.slots[slot]!.digest) d.stored = stored;
  }
  return chain(snapshot.ledger, plan.drafts);
}

/** The release document a runtime reads beside the active bundle (`.agentship/release.json`). */
export function releaseDocument(state: ReleaseState): string {
  const describe = (slot: keyof ReleaseState['slots'] | undefined) => (slot && state.slots[slot] ? { slot, ...state.slots[slot] } : undefined);
  const canary = state.canary ? { ...describe(state.canary.slot), weight: state.canary.weight, salt: state.canary.salt, hashVersion: 1 } : undefined;
  return JSON.stringify({ schema: 1, environment: state.environment, active: describe(state.active), canary }, null, 2) + '\n';
}

export interface ReleaseOutcome {
  changed: boolean;
  summary: string;
  entries: LedgerEntry[];
  state?: ReleaseState;
  /** How many times the plan was re-made after losing a race. */
  retries: number;
}

/**
 * Read, decide, compare-and-swap. With `attempts > 1` a lost race re-reads and decides again
 * (a rollback that finds the work already done then ends with no change); otherwise the loser
 * gets a ConflictError that says what moved.
 */
export async function runRelease(store: ReleaseStore, decide: (snapshot: Snapshot) => Plan | NoChange, options: { attempts?: number } = {}): Promise<ReleaseOutcome> {
  const attempts = options.attempts ?? 1;
  for (let attempt = 1; ; attempt++) {
    const snapshot = await store.read();
    const plan = decide(snapshot);
    if ('noChange' in plan) return { changed: false, summary: plan.summary, entries: [], state: snapshot.states[plan.environment], retries: attempt - 1 };
    try {
      const entries = await store.apply(snapshot, plan);
      return { changed: true, summary: plan.summary, entries, state: plan.state, retries: attempt - 1 };
    } catch (error) {
      if (!(error instanceof ConflictError) || attempt >= attempts) throw error;
    }
  }
}
