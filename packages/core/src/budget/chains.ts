import { posix } from 'node:path';
import type { SkillFolder, Workspace } from '../discover/index.js';
import { expandImports, importGraph, type ResolvedImport } from './imports.js';

/**
 * What a session of each client loads when it starts in a folder: its instruction chain from the
 * root down to that folder, and the index of the skills it can call (research/formats.md 1.5, 2.2, 2.3).
 */
export type Client = 'claude-code' | 'codex';
export const CLIENTS: Client[] = ['claude-code', 'codex'];

/** Codex's documented default for `project_doc_max_bytes`. */
export const CODEX_DEFAULT_MAX_BYTES = 32 * 1024;

export interface ChainFile {
  file: string;
  /** The part the client loads (all of it, or the head Codex keeps). */
  text: string;
  /** UTF-8 bytes of the whole file. */
  bytes: number;
  /** Claude Code: how many imports away from the CLAUDE.md that pulled it in (0 for the CLAUDE.md). */
  hops?: number;
  /** Codex: cut at project_doc_max_bytes. */
  truncated?: boolean;
}

export interface SkillIndexEntry {
  name: string;
  /** SKILL.md, relative to the root. */
  file: string;
  /** The line the client puts in its skill listing. */
  entry: string;
}

export interface LoadedContext {
  client: Client;
  /** The folder the session starts in ('' for the root). */
  dir: string;
  files: ChainFile[];
  /** Codex: files of the chain left out because the combined size had reached the limit. */
  dropped: string[];
  /** Claude Code: imports not followed because they are more than four hops away. */
  tooDeep: ResolvedImport[];
  skills: SkillIndexEntry[];
}

export interface CodexSettings {
  maxBytes: number;
  /** `project_doc_fallback_filenames`, tried after AGENTS.override.md and AGENTS.md. */
  fallbackNames: string[];
  /** The `.codex/config.toml` the settings came from, if any. */
  source?: string;
}

/** Codex's project-doc settings from the repository's `.codex/config.toml`, else its defaults. */
export function codexSettings(ws: Workspace): CodexSettings {
  const config = ws.mcpConfigs.find((c) => c.flavor === 'codex' && c.file.path === '.codex/config.toml');
  const value = config?.data?.value as Record<string, unknown> | undefined;
  const max = value?.project_doc_max_bytes;
  const fallback = value?.project_doc_fallback_filenames;
  const settings: CodexSettings = {
    maxBytes: typeof max === 'number' && Number.isFinite(max) && max >= 0 ? Math.floor(max) : CODEX_DEFAULT_MAX_BYTES,
    fallbackNames: Array.isArray(fallback) ? fallback.filter((n): n is string => typeof n === 'string' && n.trim() !== '') : [],
  };
  if (config && (max !== undefined || fallback !== undefined)) settings.source = config.file.path;
  return settings;
}

/** The folders from the root down to `dir`: '' first, `dir` last. */
export function foldersTo(dir: string): string[] {
  const folders = [''];
  if (dir === '') return folders;
  const parts = dir.split('/');
  for (let i = 1; i <= parts.length; i++) folders.push(parts.slice(0, i).join('/'));
  return folders;
}

function inFolder(folder: string, name: string): string {
  return folder === '' ? name : `${folder}/${name}`;
}

/**
 * Claude Code: CLAUDE.md (or .claude/CLAUDE.md) then CLAUDE.local.md in every folder from the root
 * down to `dir`, each followed by its imports (four hops at most); a file is loaded once.
 */
export function claudeChain(ws: Workspace, dir: string): LoadedContext {
  const graph = importGraph(ws);
  const present = new Set(ws.instructions.map((i) => i.file.path));
  const files: ChainFile[] = [];
  const tooDeep: ResolvedImport[] = [];
  const seen = new Set<string>();
  for (const folder of foldersTo(dir)) {
    for (const name of ['CLAUDE.md', '.claude/CLAUDE.md', 'CLAUDE.local.md']) {
      const path = inFolder(folder, name);
      if (!present.has(path)) continue;
      const expanded = expandImports(ws, path, seen);
      tooDeep.push(...expanded.tooDeep);
      for (const { file, hops } of expanded.files) {
        const source = graph.source(file);
        if (source) files.push({ file, text: source.text, bytes: source.byteLength, hops });
      }
    }
  }
  return { client: 'claude-code', dir, files, dropped: [], tooDeep, skills: skillIndex(ws, dir, 'claude-code') };
}

/**
 * Codex: in every folder from the root down to `dir`, the first of AGENTS.override.md, AGENTS.md and
 * the fallback names that exists; empty files are skipped; the combined text stops at
 * `project_doc_max_bytes` (the file that crosses it is cut, later ones are dropped).
 */
export function codexChain(ws: Workspace, dir: string, settings = codexSettings(ws)): LoadedContext {
  const graph = importGraph(ws);
  const paths = workspacePaths(ws);
  const files: ChainFile[] = [];
  const dropped: string[] = [];
  let remaining = settings.maxBytes;
  for (const folder of foldersTo(dir)) {
    const path = codexFileIn(folder, paths, settings);
    if (!path) continue;
    const source = graph.source(path);
    if (!source || source.text.trim() === '') continue;
    if (remaining <= 0) {
      dropped.push(path);
      continue;
    }
    const bytes = Buffer.from(source.text, 'utf8');
    if (bytes.length > remaining) {
      files.push({ file: path, text: bytes.subarray(0, remaining).toString('utf8'), bytes: source.byteLength, truncated: true });
      remaining = 0;
    } else {
      files.push({ file: path, text: source.text, bytes: source.byteLength });
      remaining -= bytes.length;
    }
  }
  return { client: 'codex', dir, files, dropped, tooDeep: [], skills: skillIndex(ws, dir, 'codex') };
}

/** The one file Codex reads in `folder`, if any. */
export function codexFileIn(folder: string, paths: Set<string>, settings: CodexSettings): string | undefined {
  for (const name of ['AGENTS.override.md', 'AGENTS.md', ...settings.fallbackNames]) {
    const path = inFolder(folder, name);
    if (paths.has(path)) return path;
  }
  return undefined;
}

const SKILL_FOLDERS: Record<Client, string[]> = {
  'claude-code': ['.claude/skills'],
  codex: ['.agents/skills', '.codex/skills'],
};

/**
 * The skill listing a session starts with: skills in the client's skill folders of every folder
 * from the root down to `dir`. A skill without a description is skipped, as clients do.
 */
export function skillIndex(ws: Workspace, dir: string, client: Client): SkillIndexEntry[] {
  const parents = new Set(foldersTo(dir).flatMap((folder) => SKILL_FOLDERS[client].map((sub) => inFolder(folder, sub))));
  const entries: SkillIndexEntry[] = [];
  for (const skill of ws.skills) {
    if (!parents.has(posix.dirname(skill.dir))) continue;
    const entry = indexEntry(skill, client);
    if (entry) entries.push(entry);
  }
  return entries;
}

function indexEntry(skill: SkillFolder, client: Client): SkillIndexEntry | undefined {
  const data = skill.frontmatter.data?.value;
  const fields = data && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>) : {};
  const description = typeof fields.description === 'string' ? fields.description.trim() : '';
  if (!description) return undefined;
  const name = typeof fields.name === 'string' && fields.name.trim() ? fields.name.trim() : skill.folderName;
  const whenToUse = client === 'claude-code' && typeof fields.when_to_use === 'string' ? ` ${fields.when_to_use.trim()}` : '';
  const where = client === 'codex' ? ` (file: ${skill.file.path})` : '';
  return { name, file: skill.file.path, entry: `- ${name}: ${description}${whenToUse}${where}` };
}

const pathSets = new WeakMap<Workspace, Set<string>>();
/** Every path the walk kept, as a set (built once per workspace). */
export function workspacePaths(ws: Workspace): Set<string> {
  let set = pathSets.get(ws);
  if (!set) pathSets.set(ws, (set = new Set(ws.allPaths)));
  return set;
}
