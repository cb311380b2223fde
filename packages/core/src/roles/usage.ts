import { posix } from 'node:path';
import type { Workspace } from '../discover/index.js';
import type { Agent } from '../agents/index.js';
import { governedDir, normalizeMcpConfig } from '../mcp/index.js';
import { filesystemRoots } from '../mcp/checks.js';
import { mcpServerOf, parsePermissionRule } from '../policy/index.js';
import { patternMatcher } from '../config/index.js';
import type { Role, ServerDescription } from './index.js';

/**
 * What an agent uses, by the files around it. A config or settings file applies to an agent when
 * it governs the agent's folder, a folder above it (inherited, the root included) or one inside it.
 */
export interface ServerUse {
  name: string;
  file: string;
  line: number;
  /** The server's entry, when it comes from an MCP config (not from an `mcp__<server>` permission). */
  description?: ServerDescription;
}

export interface PathUse {
  /** As the agent would reach it: repository-relative, or absolute (`/`, `~/…`). */
  path: string;
  file: string;
  line: number;
  via: string;
}

export function appliesTo(dir: string, agentPath: string): boolean {
  return agentPath === '' || dir === '' || dir === agentPath || dir.startsWith(agentPath + '/') || agentPath.startsWith(dir + '/');
}

export function serversUsedBy(ws: Workspace, agent: Agent): ServerUse[] {
  const uses: ServerUse[] = [];
  for (const doc of ws.mcpConfigs) {
    if (!appliesTo(governedDir(doc.file.path), agent.path)) continue;
    for (const server of normalizeMcpConfig(doc)) uses.push({ name: server.name, file: server.file, line: server.line, description: server });
  }
  for (const doc of ws.claudeSettings) {
    const value = doc.data?.value as Record<string, unknown> | undefined;
    if (!value || typeof value !== 'object' || !appliesTo(governedDir(doc.file.path), agent.path)) continue;
    const permissions = value.permissions as Record<string, unknown> | undefined;
    const allow = permissions && Array.isArray(permissions.allow) ? permissions.allow : [];
    allow.forEach((text, i) => {
      const rule = typeof text === 'string' ? parsePermissionRule(text) : undefined;
      const server = rule ? mcpServerOf(rule) : undefined;
      if (server) uses.push({ name: server, file: doc.file.path, line: doc.data!.lineOf(['permissions', 'allow', i]) });
    });
    const enabled = Array.isArray(value.enabledMcpjsonServers) ? value.enabledMcpjsonServers : [];
    enabled.forEach((name, i) => typeof name === 'string' && uses.push({ name, file: doc.file.path, line: doc.data!.lineOf(['enabledMcpjsonServers', i]) }));
  }
  return uses;
}

export function pathsUsedBy(ws: Workspace, agent: Agent): PathUse[] {
  const uses: PathUse[] = [];
  for (const doc of ws.mcpConfigs) {
    const base = governedDir(doc.file.path);
    if (!appliesTo(base, agent.path)) continue;
    for (const server of normalizeMcpConfig(doc)) {
      for (const root of filesystemRoots(server)) {
        uses.push({ path: resolvePath(base, root.path), file: server.file, line: doc.data!.lineOf([...server.path, 'args', root.argIndex]), via: `MCP server "${server.name}"` });
      }
    }
  }
  for (const doc of ws.claudeSettings) {
    const value = doc.data?.value as Record<string, unknown> | undefined;
    const base = governedDir(doc.file.path);
    if (!value || typeof value !== 'object' || !appliesTo(base, agent.path)) continue;
    const permissions = (value.permissions ?? {}) as Record<string, unknown>;
    const dirs = Array.isArray(permissions.additionalDirectories) ? permissions.additionalDirectories : [];
    dirs.forEach((dir, i) => typeof dir === 'string' && uses.push({ path: resolvePath(base, dir), file: doc.file.path, line: doc.data!.lineOf(['permissions', 'additionalDirectories', i]), via: 'additionalDirectories' }));
    const allow = Array.isArray(permissions.allow) ? permissions.allow : [];
    allow.forEach((text, i) => {
      const rule = typeof text === 'string' ? parsePermissionRule(text) : undefined;
      if (!rule || !['Read', 'Edit', 'Write', 'MultiEdit', 'NotebookEdit'].includes(rule.tool) || !rule.specifier) return;
      const spec = rule.specifier.trim();
      // Claude Code's path syntax: `//abs`, `~/home`, `/relative-to-the-settings' folder`, bare = relative.
      const path = spec.startsWith('//') ? spec.slice(1) : spec.startsWith('~') ? spec : resolvePath(base, spec.replace(/^\//, ''));
      uses.push({ path, file: doc.file.path, line: doc.data!.lineOf(['permissions', 'allow', i]), via: `allow rule "${rule.text}"` });
    });
  }
  return uses;
}

function resolvePath(base: string, pathArg: string): string {
  const path = pathArg.replace(/\\/g, '/');
  // Variables clients fill in with the project folder or the plugin's folder.
  const project = /^\$\{(?:workspaceFolder|workspaceRoot|CLAUDE_PROJECT_DIR(?::-[^}]*)?)\}/.exec(path);
  if (project) return joinPath('', path.slice(project[0].length));
  const plugin = /^\$\{CLAUDE_PLUGIN_ROOT\}/.exec(path);
  if (plugin) return joinPath(base, path.slice(plugin[0].length));
  if (/^(\/|~|\$|[A-Za-z]:\/)/.test(path)) return path;
  return joinPath(base, path);
}

function joinPath(base: string, path: string): string {
  const joined = posix.normalize(posix.join(base || '.', path.replace(/^\/+/, '')));
  return joined === '.' ? '' : joined.replace(/\/$/, '');
}

/** The folder a path or glob starts from: `src/auth/**` -> `src/auth`, `**∕.env` -> ''. */
export function baseOf(path: string): string {
  const parts = path.replace(/^\.\//, '').replace(/\/+$/, '').split('/');
  const firstGlob = parts.findIndex((p) => /[*?[{]/.test(p));
  const kept = firstGlob < 0 ? parts : parts.slice(0, firstGlob);
  return kept.join('/');
}

/** Whether a role grants a path: its own folder always; else a listed path or pattern covers it. No `paths` means no constraint. */
export function pathGranted(role: Role, agent: Agent, path: string): boolean {
  const base = baseOf(path);
  const outside = /^(\/|~|\$|[A-Za-z]:[\\/]|\.\.)/.test(base);
  if (!outside && (agent.path === '' || base === agent.path || base.startsWith(agent.path + '/'))) return true;
  if (role.paths === undefined) return true;
  for (const allowed of role.paths) {
    const granted = baseOf(allowed);
    if (allowed === '**' || allowed === '*' || allowed === '.' || allowed === './') {
      if (!outside) return true;
      continue;
    }
    if (base === granted || (granted !== '' && base.startsWith(granted + '/'))) return true;
    if (!outside && base !== '' && patternMatcher([allowed])(base)) return true;
  }
  return false;
}

/** Whether a role grants a server name: listed (case-insensitively, `*` globs allowed). No `servers` means no constraint. */
export function serverGranted(role: Role, name: string): boolean {
  if (role.servers === undefined) return true;
  const lower = name.toLowerCase();
  return role.servers.some((s) => {
    const pattern = s.toLowerCase();
    if (!pattern.includes('*')) return pattern === lower;
    return new RegExp('^' + pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*') + '$').test(lower);
  });
}
