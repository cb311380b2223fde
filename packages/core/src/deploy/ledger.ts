import { createHash } from 'node:crypto';

export type Slot = 'blue' | 'green';
export const SLOTS: readonly Slot[] = ['blue', 'green'];
export type LedgerAction = 'deploy' | 'promote' | 'rollback' | 'verdict';

/** What a ledger entry says happened, before it is chained. */
export interface LedgerDraft {
  time: string;
  action: LedgerAction;
  environment: string;
  slot: Slot;
  version: string;
  digest: string;
  sourceCommit?: string;
  /** Where the store keeps the bundle (a git commit, a bundle folder). */
  stored?: string;
  /** Percent of traffic on this version after the action (canary weight; 100 when active). */
  weight?: number;
  /** The canary verdict behind the action, if any. */
  verdict?: 'promote' | 'inconclusive' | 'rollback';
  /** Who or what asked: manual, canary-compare, ci, or a user-given name. */
  trigger: string;
  /** Set on automatic rollbacks only: at most one automatic rollback per incident. */
  incident?: string;
  /** For a rollback: the version it rolled back from. */
  from?: { version: string; digest: string };
  /** For a first deployment that needed review: who approved it. */
  approvedBy?: string;
}

/** A chained entry: hash = sha256 of the canonical JSON of every other field, prev = the entry before's hash. */
export interface LedgerEntry extends LedgerDraft {
  seq: number;
  prev: string;
  hash: string;
}

export const GENESIS = '0'.repeat(64);

/** JSON with keys sorted at every level and undefined left out: the bytes the hash covers. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1)); // keys of one object are never equal
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function entryHash(entry: Omit<LedgerEntry, 'hash'>): string {
  return createHash('sha256').update(canonicalJson(entry)).digest('hex');
}

/** Chains drafts onto a ledger; returns the new entries only. */
export function chain(ledger: readonly LedgerEntry[], drafts: readonly LedgerDraft[]): LedgerEntry[] {
  let prev = ledger.at(-1)?.hash ?? GENESIS;
  let seq = ledger.at(-1)?.seq ?? 0;
  return drafts.map((draft) => {
    const body = { ...stripUndefined(draft), seq: ++seq, prev };
    const entry = { ...body, hash: entryHash(body) } as LedgerEntry;
    prev = entry.hash;
    return entry;
  });
}

function stripUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

export function formatLedger(entries: readonly LedgerEntry[]): string {
  return entries.map((e) => JSON.stringify(e) + '\n').join('');
}

export interface LedgerProblem {
  line: number;
  message: string;
}

export interface LedgerVerification {
  ok: boolean;
  entries: LedgerEntry[];
  problems: LedgerProblem[];
  /** The last entry's hash: keep it elsewhere to detect a truncated tail. */
  head: string;
}

/**
 * Checks every line: valid JSON, the hash over its own fields, the link to the line before and
 * the sequence. Any edit, insertion, deletion or reordering shows as a problem on its line.
 * Removing lines from the end is only visible against a head hash kept elsewhere (expectHead).
 */
export function verifyLedger(text: string, options: { expectHead?: string } = {}): LedgerVerification {
  const problems: LedgerProblem[] = [];
  const entries: LedgerEntry[] = [];
  let prev = GENESIS;
  let seq = 0;
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    const n = i + 1;
    let entry: LedgerEntry;
    try {
      entry = JSON.parse(line) as LedgerEntry;
    } catch {
      problems.push({ line: n, message: 'not valid JSON' });
      return;
    }
    if (!entry || typeof entry !== 'object' || typeof entry.hash !== 'string') {
      problems.push({ line: n, message: 'not a ledger entry (no hash)' });
      return;
    }
    const { hash, ...body } = entry;
    if (entryHash(body) !== hash) problems.push({ line: n, message: `entry ${entry.seq} was edited: its hash does not match its content` });
    if (entry.prev !== prev) problems.push({ line: n, message: `entry ${entry.seq} does not follow the entry before it (prev ${String(entry.prev).slice(0, 12)}…, expected ${prev.slice(0, 12)}…): an entry was removed, inserted or reordered` });
    if (entry.seq !== seq + 1) problems.push({ line: n, message: `sequence jumps from ${seq} to ${entry.seq}` });
    prev = hash;
    seq = typeof entry.seq === 'number' ? entry.seq : seq + 1;
    entries.push(entry);
  });
  if (options.expectHead && options.expectHead !== prev) problems.push({ line: 0, message: `the last entry's hash is ${prev.slice(0, 12)}…, expected ${options.expectHead.slice(0, 12)}…: entries are missing from the end` });
  return { ok: problems.length === 0, entries, problems, head: prev };
}
