import { realpathSync, statSync, type Stats } from 'node:fs';
import { isAbsolute, join, posix, relative, resolve } from 'node:path';
import type { Workspace } from '../discover/index.js';
import { readSource, toPosix, type SourceFile } from '../files/index.js';

/**
 * CLAUDE.md `@path` imports as Claude Code reads them (research/formats.md 2.3): a path after `@`
 * at the start of a line or after whitespace, relative to the file that contains it, never inside
 * a code span or a fenced block; recursive up to four hops from the CLAUDE.md that starts a chain.
 */
export const MAX_IMPORT_HOPS = 4;

/** An `@path` written in a file, where it was written. */
export interface ImportStatement {
  /** The path as written, escapes removed (`@docs/a\ b.md` -> `docs/a b.md`). */
  path: string;
  line: number;
  column: number;
}

export type ImportTarget =
  /** Inside the repository and a file: Claude Code loads it. `path` drops prose punctuation (`@AGENTS.md.`). */
  | { kind: 'file'; file: string; path: string }
  /** Inside the repository but absent (or a folder): Claude Code skips it without a word. */
  | { kind: 'missing'; file: string; isFolder?: boolean }
  /** `~/...`: each user's home; not part of the repository, not checked. */
  | { kind: 'home' }
  /** An absolute path, or a relative one that leaves the repository (directly or through a symbolic link). */
  | { kind: 'outside'; absolute: boolean };

export interface ResolvedImport extends ImportStatement {
  /** The file that contains the `@path`. */
  from: string;
  target: ImportTarget;
}

/** Where a line's fenced block or code spans are; `@` there is text, not an import. */
const FENCE = /^ {0,3}(`{3,}|~{3,})/;
/** Claude Code's import token: `@` then a run of non-space characters (a backslash escapes a space). */
const IMPORT = /(^|\s)@((?:[^\s\\]|\\ )+)/g;
const TRAILING_PUNCTUATION = /[.,;:!?)\]}'"]+$/;

/** The `@path` statements of a markdown text, outside code and HTML comments. */
export function parseImports(text: string): ImportStatement[] {
  const found: ImportStatement[] = [];
  let fence: string | undefined;
  let inComment = false;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i].replace(/\r$/, '');
    const marker = FENCE.exec(line)?.[1];
    if (fence) {
      if (marker && marker[0] === fence[0] && marker.length >= fence.length && line.trim() === marker) fence = undefined;
      continue;
    }
    if (marker) {
      fence = marker;
      continue;
    }
    // Blank out code spans and comments (keeping columns) so `@` inside them never matches.
    line = blankCodeSpans(line);
    const blanked = blankComments(line, inComment);
    line = blanked.line;
    inComment = blanked.open;
    for (const match of line.matchAll(IMPORT)) {
      const path = match[2].replace(/\\ /g, ' ');
      found.push({ path, line: i + 1, column: match.index + match[1].length + 1 });
    }
  }
  return found;
}

/**
 * Whether a missing `@path` was meant as an import. Claude Code tries every `@word` and loads it when
 * such a file exists, so `@alice` and `@types/node` in prose cost nothing; but a path with a file
 * extension, or one starting with `./`, `../`, `~/` or `/`, that is missing is a broken import.
 */
export function looksLikePath(path: string): boolean {
  return /^(~\/|\/|\.{1,2}\/)/.test(path) || /\.[A-Za-z0-9]+$/.test(path.replace(TRAILING_PUNCTUATION, ''));
}

function blankCodeSpans(line: string): string {
  return line.replace(/(`+)(?!`)[\s\S]*?(?<!`)\1(?!`)/g, (span) => ' '.repeat(span.length));
}

function blankComments(line: string, open: boolean): { line: string; open: boolean } {
  let out = '';
  let i = 0;
  while (i < line.length) {
    if (open) {
      const end = line.indexOf('-->', i);
      if (end < 0) return { line: out + ' '.repeat(line.length - i), open: true };
      out += ' '.repeat(end + 3 - i);
      i = end + 3;
      open = false;
    } else {
      const start = line.indexOf('<!--', i);
      if (start < 0) return { line: out + line.slice(i), open: false };
      out += line.slice(i, start);
      i = start;
      open = true;
    }
  }
  return { line: out, open };
}

/** Resolves one `@path` written in `fromFile` (relative to the root) against the repository. */
export function resolveImport(ws: Workspace, fromFile: string, path: string): ImportTarget {
  if (path.startsWith('~/') || path === '~') return { kind: 'home' };
  if (isAbsolute(path)) return { kind: 'outside', absolute: true };
  const baseDir = posix.dirname(fromFile) === '.' ? '' : posix.dirname(fromFile);
  const candidates = [path];
  const stripped = path.replace(TRAILING_PUNCTUATION, '');
  if (stripped !== path && stripped !== '') candidates.push(stripped);
  let first: ImportTarget | undefined;
  for (const candidate of candidates) {
    const abs = resolve(ws.root, baseDir, candidate);
    const rel = toPosix(relative(ws.root, abs));
    if (rel.startsWith('../') || rel === '..' || isAbsolute(rel)) return { kind: 'outside', absolute: false };
    const stat = statOrUndefined(abs);
    let target: ImportTarget;
    if (stat?.isFile()) {
      target = insideRoot(ws, abs) ? { kind: 'file', file: rel, path: candidate } : { kind: 'outside', absolute: false };
    } else {
      target = { kind: 'missing', file: rel, ...(stat?.isDirectory() ? { isFolder: true } : {}) };
    }
    // "see @AGENTS.md." still finds AGENTS.md: punctuation after a path is prose, not part of it.
    if (target.kind !== 'missing') return target;
    first ??= target;
  }
  return first!;
}

/** ENOTDIR (`@file.md/x.md`), EACCES and ELOOP are "not there" for an import, like ENOENT. */
function statOrUndefined(abs: string): Stats | undefined {
  try {
    return statSync(abs, { throwIfNoEntry: false });
  } catch {
    return undefined;
  }
}

function insideRoot(ws: Workspace, abs: string): boolean {
  try {
    const real = realpathSync(abs);
    const realRoot = realpathSync(ws.root);
    return real === realRoot || real.startsWith(realRoot + '/');
  } catch {
    return false;
  }
}

/** Every file the import graph touched, read once, and the imports of each. */
export interface ImportGraph {
  /** Imports written in each file (relative path), resolved. */
  importsOf(file: string): ResolvedImport[];
  /** The text of a file in the graph (an instruction file or an imported one). */
  source(file: string): SourceFile | undefined;
}

const graphs = new WeakMap<Workspace, ImportGraph>();

/**
 * The import graph of a workspace, built lazily and shared by the instruction rules and the
 * token report. Files are read from the workspace when discovered, else from disk once.
 */
export function importGraph(ws: Workspace): ImportGraph {
  let graph = graphs.get(ws);
  if (graph) return graph;
  const sources = new Map<string, SourceFile | undefined>();
  const imports = new Map<string, ResolvedImport[]>();
  const source = (file: string): SourceFile | undefined => {
    if (!sources.has(file)) {
      const known = ws.files.get(file);
      sources.set(file, known ?? readSource(ws.root, join(ws.root, file)).file);
    }
    return sources.get(file);
  };
  graph = {
    source,
    importsOf(file) {
      let list = imports.get(file);
      if (!list) {
        const text = source(file)?.text ?? '';
        list = parseImports(text).map((s) => {
          const target = resolveImport(ws, file, s.path);
          return { ...s, path: target.kind === 'file' ? target.path : s.path, from: file, target };
        });
        imports.set(file, list);
      }
      return list;
    },
  };
  graphs.set(ws, graph);
  return graph;
}

/** The file names Claude Code loads as memory (and whose imports it follows). */
export function isClaudeMemoryName(name: string): boolean {
  return name === 'CLAUDE.md' || name === 'CLAUDE.local.md';
}

/**
 * The files Claude Code loads starting from `start`, each with the hop count it is reached at,
 * in load order (breadth first; a file reached twice is loaded once). Imports past four hops are
 * not followed and come back in `tooDeep`.
 */
export function expandImports(ws: Workspace, start: string, seen = new Set<string>()): { files: Array<{ file: string; hops: number }>; tooDeep: ResolvedImport[] } {
  const graph = importGraph(ws);
  const files: Array<{ file: string; hops: number }> = [];
  const tooDeep: ResolvedImport[] = [];
  if (seen.has(start)) return { files, tooDeep };
  seen.add(start);
  let frontier = [start];
  for (let hops = 0; frontier.length > 0; hops++) {
    const next: string[] = [];
    for (const file of frontier) {
      files.push({ file, hops });
      for (const imp of graph.importsOf(file)) {
        if (imp.target.kind !== 'file') continue;
        if (hops >= MAX_IMPORT_HOPS) {
          if (!seen.has(imp.target.file)) tooDeep.push(imp);
          continue;
        }
        if (seen.has(imp.target.file)) continue;
        seen.add(imp.target.file);
        next.push(imp.target.file);
      }
    }
    frontier = next;
  }
  return { files, tooDeep };
}

/** The CLAUDE.md and CLAUDE.local.md files of the workspace: where Claude Code starts following imports. */
export function claudeMemoryFiles(ws: Workspace): string[] {
  return ws.instructions.filter((i) => isClaudeMemoryName(i.name)).map((i) => i.file.path);
}

/**
 * Every import written in a file Claude Code may read: the memory files and everything they import,
 * however deep (the depth rule reports what lies past four hops; its imports are still checked).
 */
export function reachableImports(ws: Workspace): ResolvedImport[] {
  const graph = importGraph(ws);
  const seen = new Set<string>();
  const queue = claudeMemoryFiles(ws);
  const result: ResolvedImport[] = [];
  for (let i = 0; i < queue.length; i++) {
    const file = queue[i];
    if (seen.has(file)) continue;
    seen.add(file);
    for (const imp of graph.importsOf(file)) {
      result.push(imp);
      if (imp.target.kind === 'file' && !seen.has(imp.target.file)) queue.push(imp.target.file);
    }
  }
  return result;
}
