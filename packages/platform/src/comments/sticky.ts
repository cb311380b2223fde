import type { CommentBehavior } from '@agentship/core/cost';

/**
 * One comment per pull or merge request that a stage keeps up to date, modelled on Infracost's
 * (research cicd.md 1.3): a hidden marker finds it, a newer run's comment is never overwritten, an
 * identical body is not re-posted, and four behaviours decide what happens to older comments.
 */
export interface ThreadComment {
  id: string;
  body: string;
  author?: string;
  /** ISO time; comments are ordered by it (list order when absent). */
  createdAt?: string;
  /** GitHub's GraphQL node id, needed to minimise a comment. */
  nodeId?: string;
  url?: string;
}

/** The comments of one pull request (GitHub) or merge request (GitLab). */
export interface CommentThread {
  readonly system: 'github' | 'gitlab';
  /** Longest body the system accepts: GitHub 65,536 characters, GitLab 1,000,000. */
  readonly maxLength: number;
  list(): Promise<ThreadComment[]>;
  create(body: string): Promise<ThreadComment>;
  update(comment: ThreadComment, body: string): Promise<ThreadComment>;
  remove(comment: ThreadComment): Promise<void>;
  /** Collapses an outdated comment (GitHub: minimizeComment; GitLab: folds the note's text). */
  hide(comment: ThreadComment): Promise<void>;
}

export type { CommentBehavior };

export interface StickyOptions {
  /** Names the comment in its marker, so that several stages can each keep their own. */
  tag: string;
  behavior: CommentBehavior;
  /** Which state of the code this comment is about: the CI run id (numeric, growing) ... */
  runId?: string;
  /** ... and the time of that state (the head commit's date, or now). */
  validAt: string;
  /** Only comments by this user count as ours (a marker in someone else's comment is ignored). */
  author?: string;
}

export interface StickyOutcome {
  action: 'created' | 'updated' | 'unchanged' | 'skipped-newer';
  comment?: ThreadComment;
  hidden: number;
  deleted: number;
}

export interface Marker {
  tag: string;
  runId?: string;
  validAt?: string;
}

const MARKER = /<!-- agentship-comment: ([^>]*?) -->/;

/** `<!-- agentship-comment: tag=agentship-cost run=123 valid-at=2026-01-01T00:00:00.000Z -->` */
export function formatMarker(marker: Marker): string {
  const parts = [`tag=${marker.tag}`];
  if (marker.runId) parts.push(`run=${marker.runId}`);
  if (marker.validAt) parts.push(`valid-at=${marker.validAt}`);
  return `<!-- agentship-comment: ${parts.join(' ')} -->`;
}

export function parseMarker(body: string): Marker | undefined {
  const match = MARKER.exec(body);
  if (!match) return undefined;
  const fields = Object.fromEntries(match[1].split(/\s+/).map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]));
  return fields.tag ? { tag: fields.tag, runId: fields.run || undefined, validAt: fields['valid-at'] || undefined } : undefined;
}

/** The body a reader sees: the marker line taken out, so two runs with the same report compare equal. */
export function visibleBody(body: string): string {
  return body.replace(MARKER, '').replace(/^\n/, '').trimEnd();
}

/** Whether `theirs` describes a later state than `ours`: run ids when both have one, else valid-at. */
export function isNewer(theirs: Marker, ours: Marker): boolean {
  const a = Number(theirs.runId);
  const b = Number(ours.runId);
  if (theirs.runId && ours.runId && Number.isFinite(a) && Number.isFinite(b) && a !== b) return a > b;
  if (theirs.validAt && ours.validAt) return Date.parse(theirs.validAt) > Date.parse(ours.validAt);
  return false;
}

/** Fits a body into the system's limit, saying so at the end. */
export function truncateBody(body: string, maxLength: number): string {
  if (body.length <= maxLength) return body;
  const note = '\n\n_…cut to fit the comment size limit; the job summary has the full report._\n';
  return body.slice(0, maxLength - note.length) + note;
}

/** Posts or updates the stage's one comment according to `options.behavior`. */
export async function postStickyComment(thread: CommentThread, report: string, options: StickyOptions): Promise<StickyOutcome> {
  const ours: Marker = { tag: options.tag, runId: options.runId, validAt: options.validAt };
  const markerLine = formatMarker(ours);
  const body = `${markerLine}\n${truncateBody(report, thread.maxLength - markerLine.length - 1)}`;
  const all = await thread.list();
  const mine = all
    .map((comment, index) => ({ comment, index, marker: parseMarker(comment.body) }))
    .filter((c) => c.marker?.tag === options.tag && (!options.author || c.comment.author === options.author))
    .sort((a, b) => (a.comment.createdAt && b.comment.createdAt ? Date.parse(a.comment.createdAt) - Date.parse(b.comment.createdAt) : 0) || a.index - b.index);
  const outcome: StickyOutcome = { action: 'created', hidden: 0, deleted: 0 };

  const newer = mine.find((c) => isNewer(c.marker!, ours));
  if (newer) return { ...outcome, action: 'skipped-newer', comment: newer.comment };

  const latest = mine.at(-1)?.comment;
  if (latest && visibleBody(latest.body) === visibleBody(body)) return { ...outcome, action: 'unchanged', comment: latest };

  if (options.behavior === 'update' && latest) {
    return { ...outcome, action: 'updated', comment: await thread.update(latest, body) };
  }
  if (options.behavior === 'hide-and-new') {
    for (const c of mine) await thread.hide(c.comment);
    outcome.hidden = mine.length;
  } else if (options.behavior === 'delete-and-new') {
    for (const c of mine) await thread.remove(c.comment);
    outcome.deleted = mine.length;
  }
  return { ...outcome, comment: await thread.create(body) };
}
