import { readdirSync, readFileSync, readlinkSync, realpathSync, statSync, type Dirent } from 'node:fs';
import { basename, join, posix, resolve } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import type { Finding } from '../findings/index.js';
import { UserError } from '../errors/index.js';
import { readSource, relativePath, type SourceFile } from '../files/index.js';
import { loadConfig, patternMatcher, type AgentshipConfig, type LoadedConfig, type Profile } from '../config/index.js';
import { parseFrontmatter, parseJson, parseToml, parseYaml, type Frontmatter, type Located } from '../parse/index.js';

/** What kind of governed file a path is; rules select files by kind. */
export type FileKind =
  | 'instructions'
  | 'skill'
  | 'mcp'
  | 'claude-settings'
  | 'agentship-config'
  | 'environment'
  | 'roles';

/** `generic`: an `mcp.json` / `mcp_config.json` of another client (Kiro, Amazon Q, Windsurf, VS Code's user profile). */
export type McpFlavor = 'claude-code' | 'vscode' | 'cursor' | 'claude-desktop' | 'codex' | 'gemini' | 'generic';

export interface InstructionFile {
  file: SourceFile;
  /** AGENTS.md, AGENTS.override.md, CLAUDE.md, CLAUDE.local.md */
  name: string;
  /** The folder it governs ('' for the root); `.claude/CLAUDE.md` governs its parent. */
  dir: string;
}

export interface SkillFolder {
  /** Folder of the skill, relative to the root. */
  dir: string;
  /** The folder's own name, which the spec says must equal `name`. */
  folderName: string;
  file: SourceFile;
  frontmatter: Frontmatter;
  profile: Profile;
  /** Files inside the folder (relative to the root), SKILL.md included. */
  files: string[];
}

export interface DataFile {
  file: SourceFile;
  kind: FileKind;
  format: 'json' | 'yaml' | 'toml' | 'dotenv' | 'markdown';
  /** Parsed content; undefined for dotenv and markdown. */
  data?: Located;
  /** For MCP configs: which client's format, by location. */
  flavor?: McpFlavor;
  /** For environment files: the environment name. */
  environment?: string;
}

export interface LinkInfo {
  path: string;
  target: string;
  problem?: 'broken' | 'escapes-root' | 'loop';
}

/** Everything validate and the later stages read, discovered and parsed once. */
export interface Workspace {
  root: string;
  config: AgentshipConfig;
  configPath?: string;
  instructions: InstructionFile[];
  skills: SkillFolder[];
  mcpConfigs: DataFile[];
  claudeSettings: DataFile[];
  environments: DataFile[];
  roles: DataFile[];
  /** Every governed file by relative path (SKILL.md, instruction and data files). */
  files: Map<string, SourceFile>;
  /** Every path the walk saw and did not ignore (files only), relative. */
  allPaths: string[];
  links: LinkInfo[];
  /** Findings from reading and loading (encoding, size, config schema), before any rule runs. */
  problems: Finding[];
}

export interface DiscoverOptions {
  /** An agentship.yaml elsewhere than the root. */
  configPath?: string;
  /** Pre-loaded configuration (tests). */
  loaded?: LoadedConfig;
  /** One skill profile for every skill, over location and agentship.yaml (`--profile`). */
  profile?: Profile;
}

const ALWAYS_SKIPPED = new Set(['.git', 'node_modules', '.hg', '.svn']);
const INSTRUCTION_NAMES = new Set(['AGENTS.md', 'AGENTS.override.md', 'CLAUDE.md', 'CLAUDE.local.md']);
const SKILL_FILE_NAMES = new Set(['SKILL.md', 'skill.md']);

/** The MCP config flavour a path stands for, or undefined. */
export function mcpFlavorOf(relPath: string): McpFlavor | undefined {
  const name = posix.basename(relPath);
  const parent = posix.basename(posix.dirname(relPath));
  if (name === '.mcp.json') return 'claude-code';
  if (name === 'mcp.json' && parent === '.vscode') return 'vscode';
  if (name === 'mcp.json' && parent === '.cursor') return 'cursor';
  if (name === 'claude_desktop_config.json') return 'claude-desktop';
  if (name === 'config.toml' && parent === '.codex') return 'codex';
  if (name === 'settings.json' && parent === '.gemini') return 'gemini';
  if (name === 'mcp.json' || name === 'mcp_config.json') return 'generic';
  return undefined;
}

/** Where a skill's location implies a profile: Claude Code's folders and plugins, Codex's folders. */
export function impliedProfile(skillDir: string): Profile | undefined {
  const parts = skillDir.split('/');
  if (parts.includes('.claude')) return 'claude-code';
  if (parts.includes('.codex') || parts.includes('.agents')) return 'codex';
  return undefined;
}

/**
 * Walks `root`, honouring .gitignore files at every level and the config's `ignore:` list, and
 * returns the parsed workspace. Never throws for content; only an unreadable root is an error.
 */
export function discover(rootArg: string, options: DiscoverOptions = {}): Workspace {
  const root = resolve(rootArg);
  const stat = statSync(root, { throwIfNoEntry: false });
  if (!stat?.isDirectory()) throw new DiscoverError(`Not a directory: ${rootArg}`);
  const loaded = options.loaded ?? loadConfig(root, options.configPath);
  const config = loaded.config;
  const ws: Workspace = {
    root,
    config,
    configPath: loaded.path,
    instructions: [],
    skills: [],
    mcpConfigs: [],
    claudeSettings: [],
    environments: [],
    roles: [],
    files: new Map(),
    allPaths: [],
    links: [],
    problems: [...loaded.problems],
  };
  const configIgnored = patternMatcher(config.ignore);
  const realRoot = realpathSync(root);
  const visited = new Set<string>([realRoot]);
  const skillDirs: string[] = [];

  /** `realDir` is the real path of `absDir`, so a link back to a folder above it is seen as a loop. */
  const walk = (absDir: string, realDir: string, rules: Array<{ base: string; ig: Ignore }>): void => {
    let entries: Dirent[];
    try {
      entries = readdirSync(absDir, { withFileTypes: true });
    } catch (error) {
      ws.problems.push({ ruleId: 'config/file-unreadable', severity: 'warning', message: `Folder could not be read: ${(error as NodeJS.ErrnoException).code}.`, file: relativePath(root, absDir) || '.' });
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const gitignore = entries.find((e) => e.name === '.gitignore' && e.isFile());
    let local = rules;
    if (gitignore) {
      try {
        local = [...rules, { base: relativePath(root, absDir), ig: ignore().add(readFileSync(join(absDir, '.gitignore'), 'utf8')) }];
      } catch {
        /* an unreadable .gitignore ignores nothing */
      }
    }
    for (const entry of entries) {
      if (ALWAYS_SKIPPED.has(entry.name)) continue;
      const abs = join(absDir, entry.name);
      const rel = relativePath(root, abs);
      let isDir = entry.isDirectory();
      if (isIgnored(rel, isDir, local) || configIgnored(rel) || (isDir && configIgnored(rel + '/'))) continue;
      if (entry.isSymbolicLink()) {
        const link = inspectLink(abs, rel, realRoot);
        let real = '';
        if (!link.problem) {
          isDir = statSync(abs).isDirectory();
          if (isDir) {
            real = realpathSync(abs);
            if (visited.has(real) || real === realDir || realDir.startsWith(real + '/')) link.problem = 'loop';
            else visited.add(real);
          }
        }
        ws.links.push(link);
        if (link.problem) continue;
        if (isDir) {
          walk(abs, real, local);
          continue;
        }
      }
      if (isDir) {
        walk(abs, join(realDir, entry.name), local);
        continue;
      }
      ws.allPaths.push(rel);
      if (SKILL_FILE_NAMES.has(entry.name)) skillDirs.push(rel);
    }
  };
  walk(root, realRoot, []);

  const folderOf = (p: string) => (posix.dirname(p) === '.' ? '' : posix.dirname(p));
  const preferUpper = new Set(skillDirs.filter((p) => p.endsWith('/SKILL.md') || p === 'SKILL.md').map(folderOf));
  const skillFiles = filesBySkillFolder(ws.allPaths, new Set(skillDirs.map(folderOf)));
  for (const rel of ws.allPaths) classify(ws, rel, preferUpper, options.profile, skillFiles);
  ws.links.sort((a, b) => a.path.localeCompare(b.path));
  return ws;
}

/** The folder to scan cannot be read (missing, not a folder). */
export class DiscoverError extends UserError {
  override name = 'DiscoverError';
}

function isIgnored(rel: string, isDir: boolean, rules: Array<{ base: string; ig: Ignore }>): boolean {
  for (const { base, ig } of rules) {
    const sub = base === '' ? rel : rel.startsWith(base + '/') ? rel.slice(base.length + 1) : undefined;
    if (sub === undefined || sub === '') continue;
    if (ig.ignores(isDir ? sub + '/' : sub)) return true;
  }
  return false;
}

function inspectLink(abs: string, rel: string, realRoot: string): LinkInfo {
  let target = '';
  try {
    target = readlinkSync(abs);
  } catch {
    return { path: rel, target, problem: 'broken' };
  }
  let real: string;
  try {
    real = realpathSync(abs);
  } catch (error) {
    return { path: rel, target, problem: (error as NodeJS.ErrnoException).code === 'ELOOP' ? 'loop' : 'broken' };
  }
  if (real !== realRoot && !real.startsWith(realRoot + '/')) return { path: rel, target, problem: 'escapes-root' };
  return { path: rel, target };
}

function read(ws: Workspace, rel: string): SourceFile | undefined {
  const existing = ws.files.get(rel);
  if (existing) return existing;
  const result = readSource(ws.root, join(ws.root, rel));
  ws.problems.push(...result.problems);
  if (result.file) ws.files.set(rel, result.file);
  return result.file;
}

function parseData(file: SourceFile, format: DataFile['format'], allowComments: boolean): Located | undefined {
  if (format === 'json') return parseJson(file.text, { allowComments });
  if (format === 'yaml') return parseYaml(file.text);
  if (format === 'toml') return parseToml(file.text);
  return undefined;
}

function formatOf(name: string): DataFile['format'] | undefined {
  if (name.endsWith('.json')) return 'json';
  if (name.endsWith('.yaml') || name.endsWith('.yml')) return 'yaml';
  if (name.endsWith('.toml')) return 'toml';
  if (name === '.env' || name.startsWith('.env.')) return 'dotenv';
  if (name.endsWith('.md')) return 'markdown';
  return undefined;
}

/** The files inside each skill folder, in one pass over the paths (a filter per skill is quadratic). */
function filesBySkillFolder(paths: string[], folders: Set<string>): Map<string, string[]> {
  const byFolder = new Map<string, string[]>([...folders].map((folder) => [folder, []]));
  for (const path of paths) {
    for (let dir = path; dir !== ''; ) {
      dir = posix.dirname(dir) === '.' ? '' : posix.dirname(dir);
      byFolder.get(dir)?.push(path);
    }
  }
  return byFolder;
}

function classify(ws: Workspace, rel: string, skillDirs: Set<string>, forcedProfile: Profile | undefined, skillFiles: Map<string, string[]>): void {
  const name = posix.basename(rel);
  const dir = posix.dirname(rel) === '.' ? '' : posix.dirname(rel);
  const parts = rel.split('/');

  if (INSTRUCTION_NAMES.has(name)) {
    const file = read(ws, rel);
    if (!file) return;
    const governs = posix.basename(dir) === '.claude' ? (posix.dirname(dir) === '.' ? '' : posix.dirname(dir)) : dir;
    ws.instructions.push({ file, name, dir: governs });
    return;
  }
  if (SKILL_FILE_NAMES.has(name) && (name === 'SKILL.md' || !skillDirs.has(dir))) {
    const file = read(ws, rel);
    if (!file) return;
    const skillDir = dir;
    ws.skills.push({
      dir: skillDir,
      folderName: skillDir === '' ? basename(ws.root) : posix.basename(skillDir),
      file,
      frontmatter: parseFrontmatter(file.text),
      profile: forcedProfile ?? profileFor(ws, skillDir),
      files: skillFiles.get(skillDir) ?? [],
    });
    return;
  }
  const flavor = mcpFlavorOf(rel);
  if (flavor) {
    const file = read(ws, rel);
    if (!file) return;
    const format = flavor === 'codex' ? 'toml' : 'json';
    ws.mcpConfigs.push({ file, kind: 'mcp', format, flavor, data: parseData(file, format, flavor === 'vscode' || flavor === 'cursor' || flavor === 'gemini') });
    return;
  }
  if ((name === 'settings.json' || name === 'settings.local.json') && posix.basename(dir) === '.claude') {
    const file = read(ws, rel);
    if (!file) return;
    ws.claudeSettings.push({ file, kind: 'claude-settings', format: 'json', data: parseData(file, 'json', false) });
    return;
  }
  if (parts[0] === 'environments' && parts.length === 3) {
    const format = formatOf(name);
    if (!format || format === 'markdown') return;
    const file = read(ws, rel);
    if (!file) return;
    ws.environments.push({ file, kind: 'environment', format, environment: parts[1], data: parseData(file, format, false) });
    return;
  }
  if (parts.length === 1 && /^\.env\.[a-z0-9_-]+$/i.test(name) && !name.endsWith('.example')) {
    const file = read(ws, rel);
    if (!file) return;
    ws.environments.push({ file, kind: 'environment', format: 'dotenv', environment: name.slice(5) });
    return;
  }
  if (/^agent-roles\.(md|ya?ml)$/.test(name)) {
    const file = read(ws, rel);
    if (!file) return;
    const format = formatOf(name)!;
    ws.roles.push({ file, kind: 'roles', format, data: parseData(file, format, false) });
  }
}

function profileFor(ws: Workspace, skillDir: string): Profile {
  for (const [pattern, profile] of Object.entries(ws.config.profiles)) {
    if (patternMatcher([pattern])(skillDir) || patternMatcher([pattern])(skillDir + '/SKILL.md')) return profile;
  }
  return impliedProfile(skillDir) ?? (insideClaudePlugin(ws, skillDir) ? 'claude-code' : undefined) ?? ws.config.defaultProfile ?? 'spec';
}

/** Skills shipped in a Claude Code plugin (a folder with .claude-plugin/plugin.json above them). */
function insideClaudePlugin(ws: Workspace, skillDir: string): boolean {
  const parts = skillDir.split('/');
  for (let n = parts.length - 1; n >= 0; n--) {
    const base = parts.slice(0, n).join('/');
    if (pathSet(ws).has(base ? `${base}/.claude-plugin/plugin.json` : '.claude-plugin/plugin.json')) return true;
  }
  return false;
}


const pathSets = new WeakMap<Workspace, Set<string>>();
function pathSet(ws: Workspace): Set<string> {
  let set = pathSets.get(ws);
  if (!set) pathSets.set(ws, (set = new Set(ws.allPaths)));
  return set;
}
