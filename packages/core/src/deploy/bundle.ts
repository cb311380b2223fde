import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { discover } from '../discover/index.js';

/** One governed file of a bundle. */
export interface BundleFile {
  path: string;
  sha256: string;
  size: number;
  /** Executable (a skill's scripts/): kept as mode 100755 in git targets. */
  executable?: boolean;
}

/**
 * A content-addressed release of agent configuration: the governed files with their sha256, and
 * a digest over that manifest, so the same files give the same digest wherever they are built.
 */
export interface Bundle {
  version: string;
  /** `sha256:` + sha256 of the manifest text (see manifestText). */
  digest: string;
  /** The commit the files came from, when the root is in a git work tree. */
  sourceCommit?: string;
  files: BundleFile[];
  /** Where the files are (not part of the identity). */
  root: string;
}

const sha256 = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');

/**
 * The manifest as `sha256sum` prints it (`<hex>  <path>\n`, sorted by path in byte order): the
 * digest is the sha256 of this text, so `sha256sum` over the listed files reproduces it.
 */
export function manifestText(files: readonly BundleFile[]): string {
  return [...files]
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
    .map((f) => `${f.sha256}  ${f.path}\n`)
    .join('');
}

export function bundleDigest(files: readonly BundleFile[]): string {
  return `sha256:${sha256(manifestText(files))}`;
}

/** The commit HEAD points at in the work tree holding root, or undefined outside git. */
export function sourceCommitOf(root: string): string | undefined {
  try {
    return execFileSync('git', ['rev-parse', '--verify', '-q', 'HEAD'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
}

/** The governed paths of a workspace: every discovered file plus every file of every skill folder. */
export function governedPaths(root: string, configPath?: string): string[] {
  const ws = discover(root, { configPath });
  const paths = new Set<string>(ws.files.keys());
  for (const skill of ws.skills) for (const f of skill.files) paths.add(f);
  return [...paths].sort();
}

/** Builds the bundle of the agent configuration under root. */
export function buildBundle(root: string, options: { version?: string; configPath?: string; sourceCommit?: string } = {}): Bundle {
  const files: BundleFile[] = [];
  // governedPaths is sorted in the code-unit order manifestText uses, so files come out sorted.
  for (const path of governedPaths(root, options.configPath)) {
    const abs = join(root, path);
    const stat = statSync(abs, { throwIfNoEntry: false });
    if (!stat?.isFile()) continue;
    const data = readFileSync(abs);
    files.push({ path, sha256: sha256(data), size: data.length, ...(stat.mode & 0o111 ? { executable: true } : {}) });
  }
  const digest = bundleDigest(files);
  const sourceCommit = options.sourceCommit ?? sourceCommitOf(root);
  const version = options.version ?? (sourceCommit ? sourceCommit.slice(0, 12) : digest.slice(7, 19));
  return { version, digest, sourceCommit, files, root };
}

/** The manifest document stored beside the files (`.agentship/bundle.json`). */
export function bundleManifest(bundle: Bundle): string {
  const { version, digest, sourceCommit, files } = bundle;
  return JSON.stringify({ schema: 1, version, digest, sourceCommit, files }, null, 2) + '\n';
}

export const MANIFEST_PATH = '.agentship/bundle.json';
export const RELEASE_PATH = '.agentship/release.json';
