import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join, posix } from 'node:path';
import { MAX_FILE_BYTES, readSource, sourceFromText, type SourceFile } from '../../files/index.js';
import { findSecrets, redact, type SecretCategory, type SecretMatch } from '../../secrets/index.js';
import type { Workspace } from '../../discover/index.js';
import type { Report, RuleContext } from '../types.js';

/**
 * The files the secret rules read and what was found in them, computed once per run and shared
 * by the four `secret/` rules (each reports one category).
 *
 * Scanned by default: every governed file, every file inside a skill folder (scripts and
 * references too) and every `.env.<env>` file. With `--all-files`: every file `git ls-files`
 * lists under the root, or every file the walk saw when the root is not in a git repository.
 */
export interface ScannedFile {
  file: SourceFile;
  matches: SecretMatch[];
}

const cache = new WeakMap<Workspace, Map<boolean, ScannedFile[]>>();

export function scanWorkspace(context: RuleContext): ScannedFile[] {
  const allFiles = context.options.allFiles === true;
  let byMode = cache.get(context.workspace);
  if (!byMode) cache.set(context.workspace, (byMode = new Map()));
  let scanned = byMode.get(allFiles);
  if (!scanned) byMode.set(allFiles, (scanned = scan(context.workspace, allFiles)));
  return scanned;
}

/** `.env.production`, `.env.local`: the per-environment files DEVELOPING.md names. */
const ENV_FILE = /(?:^|\/)\.env\.[\w.-]+$/;

export function pathsToScan(workspace: Workspace, allFiles: boolean): string[] {
  if (allFiles) return gitTrackedFiles(workspace.root) ?? workspace.allPaths;
  const paths = new Set<string>(workspace.files.keys());
  for (const skill of workspace.skills) for (const path of skill.files) paths.add(path);
  for (const path of workspace.allPaths) if (ENV_FILE.test(path)) paths.add(path);
  return [...paths].sort();
}

/** Files git tracks under `root`, relative to it; undefined when `root` is not in a git work tree. */
function gitTrackedFiles(root: string): string[] | undefined {
  try {
    const out = execFileSync('git', ['ls-files', '-z', '--full-name', '--', '.'], {
      cwd: root,
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const prefix = execFileSync('git', ['rev-parse', '--show-prefix'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return out
      .split('\0')
      .filter(Boolean)
      .map((p) => (prefix && p.startsWith(prefix) ? p.slice(prefix.length) : p))
      .sort();
  } catch {
    return undefined;
  }
}

function scan(workspace: Workspace, allFiles: boolean): ScannedFile[] {
  const scanned: ScannedFile[] = [];
  const skillFiles = new Set(workspace.skills.flatMap((s) => s.files));
  for (const path of pathsToScan(workspace, allFiles)) {
    const governed = workspace.files.get(path);
    let file: SourceFile | undefined;
    let matches: SecretMatch[];
    if (governed || skillFiles.has(path)) {
      file = governed ?? readOutside(workspace.root, path);
      if (!file) continue;
      matches = findSecrets(file.text);
    } else {
      // Any other file (`--all-files`): the text is scanned first, and the line index of a
      // SourceFile is built only for the few files that hold a secret.
      const text = readText(workspace.root, path);
      if (text === undefined) continue;
      matches = findSecrets(text);
      if (matches.length) file = sourceFromText(path, text, join(workspace.root, path));
    }
    if (file && matches.length) scanned.push({ file, matches });
  }
  return scanned;
}

/**
 * A file outside the governed set. Binary, oversized and unreadable files are skipped without a
 * finding: they are not agent configuration, and a secret scanner has nothing to say about them.
 */
function readOutside(root: string, path: string): SourceFile | undefined {
  if (!insideRoot(path)) return undefined;
  return readSource(root, join(root, path)).file;
}

const utf8 = new TextDecoder('utf-8', { fatal: false });

/** The text of a file, as readSource would decode it, or undefined for what readSource refuses. */
function readText(root: string, path: string): string | undefined {
  if (!insideRoot(path)) return undefined;
  try {
    const abs = join(root, path);
    if (statSync(abs).size > MAX_FILE_BYTES) return undefined;
    const bytes = readFileSync(abs);
    if (bytes.indexOf(0) !== -1) return undefined;
    return utf8.decode(bytes);
  } catch {
    return undefined;
  }
}

function insideRoot(path: string): boolean {
  return !posix.isAbsolute(path) && !path.split('/').includes('..');
}

/** The reports of one category, each naming the kind, a redacted prefix and a fingerprint; never the value. */
export function* reportsOf(context: RuleContext, category: SecretCategory, advice: string): Generator<Report> {
  for (const { file, matches } of scanWorkspace(context)) {
    for (const m of matches) {
      if (m.category !== category) continue;
      const start = file.positionAt(m.start);
      const endLine = file.lineAt(Math.max(m.start, m.end - 1));
      const what = m.name ? `${m.kind} assigned to ${m.name}` : m.kind;
      yield {
        message: `${capitalize(what)} ${redact(m.value)} [${m.ruleId}]: ${advice}`,
        file: file.path,
        line: start.line,
        column: start.column,
        ...(endLine !== start.line ? { endLine } : {}),
      };
    }
  }
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
