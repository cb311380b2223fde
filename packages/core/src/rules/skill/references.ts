/** Finds the files a skill's markdown points at; shared by the reference-* rules. */
import { join, posix } from 'node:path';
import { readSource } from '../../files/index.js';
import type { SkillFolder, Workspace } from '../../discover/index.js';
import { proseLines } from './common.js';

export interface Reference {
  /** As written, after removing `<>`, a title, a `#fragment` or `?query`. */
  target: string;
  line: number;
  /** `link`: a markdown link or image; `mention`: a bare `scripts/…`, `references/…` or `assets/…` path. */
  kind: 'link' | 'mention';
}

const LINK = /!?\[[^\]]*\]\(\s*(<[^>]*>|[^)\s]+)(?:\s+["'(][^)]*)?\)/g;
const DEFINITION = /^\s{0,3}\[[^\]]+\]:\s*(<[^>]*>|\S+)/;
// The spec's conventional folders; a bare path into one of them is a reference in all but name.
const MENTION = /(?:^|[\s(`'"])((?:\.\/)?(?:scripts|references|assets)\/[\w@./-]*[\w-]\.[A-Za-z0-9]+)(?=$|[\s)`'",:;])/g;
const SKILL_DIR_VARIABLE = /^\$\{?CLAUDE_SKILL_DIR\}?\//;

/** References in markdown text, outside fenced code blocks. */
export function referencesIn(text: string, firstLine: number): Reference[] {
  const out: Reference[] = [];
  for (const { text: line, line: n } of proseLines(text, firstLine)) {
    for (const m of line.matchAll(LINK)) out.push({ target: cleanTarget(m[1]), line: n, kind: 'link' });
    const def = DEFINITION.exec(line);
    if (def) out.push({ target: cleanTarget(def[1]), line: n, kind: 'link' });
    const linked = new Set(out.filter((r) => r.line === n).map((r) => r.target.replace(/^\.\//, '')));
    for (const m of line.matchAll(MENTION)) {
      const target = m[1].replace(/\.$/, '');
      if (!linked.has(target.replace(/^\.\//, ''))) out.push({ target, line: n, kind: 'mention' });
    }
  }
  return out.filter((r) => isLocalPath(r.target));
}

function cleanTarget(raw: string): string {
  let target = raw.startsWith('<') && raw.endsWith('>') ? raw.slice(1, -1) : raw;
  target = target.replace(/[#?].*$/, '');
  try {
    target = decodeURI(target);
  } catch {
    /* keep the text as written */
  }
  return target.replace(SKILL_DIR_VARIABLE, '');
}

/** A path to a file: not a URL, an anchor, an e-mail address or a variable other than the skill folder. */
function isLocalPath(target: string): boolean {
  if (target === '' || target === '.' || target === '...') return false;
  if (/^[a-z][a-z0-9+.-]*:/i.test(target) && !/^[a-z]:[\\/]/i.test(target)) return false;
  if (target.startsWith('$') || target.startsWith('{{') || target.startsWith('//')) return false;
  return true;
}

export type Resolved =
  | { kind: 'inside'; path: string }
  | { kind: 'absolute' | 'backslash' | 'outside'; path?: undefined };

/** Resolves a target against the folder of the file that wrote it, inside the skill folder. */
export function resolveReference(skill: SkillFolder, fromDir: string, target: string): Resolved {
  if (target.includes('\\')) return { kind: 'backslash' };
  if (target.startsWith('/') || target.startsWith('~') || /^[a-z]:/i.test(target)) return { kind: 'absolute' };
  const path = posix.normalize(posix.join(fromDir || '.', target)).replace(/\/$/, '');
  const prefix = skill.dir === '' ? '' : skill.dir + '/';
  if (path === '..' || path.startsWith('../') || (prefix !== '' && path !== skill.dir && !path.startsWith(prefix))) return { kind: 'outside' };
  return { kind: 'inside', path };
}

/** Whether a root-relative path is a file or a folder of the skill. */
export function existsInSkill(skill: SkillFolder, path: string): boolean {
  return skill.files.some((f) => f === path || f.startsWith(path + '/'));
}

const texts = new WeakMap<Workspace, Map<string, string | undefined>>();

/**
 * The text of a markdown file inside a skill. Discovery reads only SKILL.md, so the reference
 * rules read the files SKILL.md links to, once per run, through the same never-throwing reader.
 */
export function skillFileText(ws: Workspace, path: string): string | undefined {
  let cache = texts.get(ws);
  if (!cache) texts.set(ws, (cache = new Map()));
  if (!cache.has(path)) {
    const known = ws.files.get(path);
    cache.set(path, known ? known.text : readSource(ws.root, join(ws.root, path)).file?.text);
  }
  return cache.get(path);
}
