import { posix } from 'node:path';
import type { DataFile, McpFlavor, Workspace } from '../discover/index.js';

/**
 * MCP server configs of every client, normalised to one shape. The mcp/ rules, the roles/ rules and
 * the dry-run's `mcp-check` (which starts servers) read this list, never a client's own format.
 *
 * Accepted shapes (research/formats.md 3.8): `{mcpServers: {...}}` (Claude Desktop, Claude Code,
 * Cursor, Gemini), `{servers: {...}, inputs: [...]}` (VS Code), `{mcp: {servers: {...}}}` (legacy VS
 * Code settings), a bare map of servers (Claude Code plugins), and Codex TOML `[mcp_servers.<name>]`.
 */

export type McpTransport = 'stdio' | 'http' | 'sse' | 'ws';

export type McpShape = 'mcpServers' | 'servers' | 'mcp.servers' | 'mcp_servers' | 'bare' | 'empty' | 'unknown';

export interface McpServer {
  /** The server's key in its config. */
  name: string;
  /** The config file, relative to the root. */
  file: string;
  /** 1-based line of the server's entry. */
  line: number;
  transport: McpTransport;
  command?: string;
  args?: string[];
  env?: Record<string, string>;
  cwd?: string;
  url?: string;
  headers?: Record<string, string>;
  /** The `type` the entry declares, as written (`streamable-http` stays as is); undefined when absent. */
  declaredType?: string;
  /** Which client's format the file is in. */
  flavor?: McpFlavor;
  /** Key path of the entry inside the document, for `lineOf` of its fields. */
  path: (string | number)[];
  /** The entry as written. */
  raw: Record<string, unknown>;
}

/** Where a document keeps its servers, or why it has none. */
export interface McpServerMap {
  shape: McpShape;
  /** Key path of the server map in the document ([] for a bare map). */
  path: string[];
  servers: Record<string, unknown>;
}

/** Fields that mark an object as an MCP server entry (for recognising a bare map). */
const SERVER_FIELDS = ['command', 'url', 'type', 'httpUrl', 'args', 'serverUrl'];

/** Finds the server map of a parsed MCP config, whatever client wrote it. */
export function mcpServerMapOf(value: unknown, flavor?: McpFlavor): McpServerMap {
  if (!isRecord(value)) return { shape: 'unknown', path: [], servers: {} };
  if (flavor === 'codex' || 'mcp_servers' in value) {
    const map = value.mcp_servers;
    if (map === undefined && flavor === 'codex') return { shape: 'empty', path: [], servers: {} };
    return isRecord(map) ? { shape: 'mcp_servers', path: ['mcp_servers'], servers: map } : { shape: 'unknown', path: ['mcp_servers'], servers: {} };
  }
  if ('mcpServers' in value) {
    return isRecord(value.mcpServers) ? { shape: 'mcpServers', path: ['mcpServers'], servers: value.mcpServers } : { shape: 'unknown', path: ['mcpServers'], servers: {} };
  }
  if ('servers' in value) {
    return isRecord(value.servers) ? { shape: 'servers', path: ['servers'], servers: value.servers } : { shape: 'unknown', path: ['servers'], servers: {} };
  }
  if ('mcp' in value) {
    const mcp = value.mcp;
    if (isRecord(mcp) && isRecord(mcp.servers)) return { shape: 'mcp.servers', path: ['mcp', 'servers'], servers: mcp.servers };
    if (isRecord(mcp) && Object.keys(mcp).length === 0) return { shape: 'empty', path: ['mcp'], servers: {} };
    return { shape: 'unknown', path: ['mcp'], servers: {} };
  }
  const entries = Object.values(value);
  // Gemini's and VS Code's settings files hold many other settings; without a server key they simply have no servers.
  if (flavor === 'gemini' || entries.length === 0) return { shape: 'empty', path: [], servers: {} };
  if (entries.every((entry) => isRecord(entry) && SERVER_FIELDS.some((field) => field in entry))) return { shape: 'bare', path: [], servers: value };
  return { shape: 'unknown', path: [], servers: {} };
}

/** The servers of one discovered MCP config, normalised. A document with no recognisable servers gives []. */
export function normalizeMcpConfig(doc: DataFile): McpServer[] {
  const data = doc.data;
  if (!data || data.value === undefined) return [];
  const map = mcpServerMapOf(data.value, doc.flavor);
  const servers: McpServer[] = [];
  for (const [name, entry] of Object.entries(map.servers)) {
    if (!isRecord(entry)) continue;
    const path = [...map.path, name];
    servers.push(normalizeEntry(name, entry, doc, path, data.lineOf(path)));
  }
  return servers;
}

/** Every MCP server of the workspace, config by config, in discovery order. */
export function mcpServersOf(workspace: Workspace): McpServer[] {
  return workspace.mcpConfigs.flatMap((doc) => normalizeMcpConfig(doc));
}

/**
 * The folder an MCP config governs: its own folder, or the parent of a client folder
 * (`.vscode/mcp.json`, `.cursor/mcp.json`, `.codex/config.toml`, `.gemini/settings.json` govern the
 * folder they sit in). '' is the root.
 */
export function governedDir(relPath: string): string {
  let dir = posix.dirname(relPath);
  if (dir.endsWith('.kiro/settings')) dir = posix.dirname(dir);
  if (CLIENT_FOLDERS.has(posix.basename(dir))) dir = posix.dirname(dir);
  return dir === '.' ? '' : dir;
}

const CLIENT_FOLDERS = new Set(['.vscode', '.cursor', '.codex', '.gemini', '.claude', '.kiro', '.windsurf']);

function normalizeEntry(name: string, entry: Record<string, unknown>, doc: DataFile, path: (string | number)[], line: number): McpServer {
  const declaredType = typeof entry.type === 'string' ? entry.type : undefined;
  const server: McpServer = { name, file: doc.file.path, line, transport: 'stdio', declaredType, flavor: doc.flavor, path, raw: entry };
  if (typeof entry.command === 'string') server.command = entry.command;
  if (Array.isArray(entry.args)) server.args = entry.args.map((a) => (typeof a === 'string' ? a : String(a)));
  if (isRecord(entry.env)) server.env = stringMap(entry.env);
  if (typeof entry.cwd === 'string') server.cwd = entry.cwd;

  // Gemini: `httpUrl` is Streamable HTTP and `url` is SSE; everyone else: `url` (Claude's managed `serverUrl` too).
  const httpUrl = typeof entry.httpUrl === 'string' ? entry.httpUrl : undefined;
  const url = httpUrl ?? (typeof entry.url === 'string' ? entry.url : typeof entry.serverUrl === 'string' ? entry.serverUrl : undefined);
  if (url !== undefined) server.url = url;

  const headers: Record<string, string> = {};
  if (isRecord(entry.headers)) Object.assign(headers, stringMap(entry.headers));
  if (isRecord(entry.http_headers)) Object.assign(headers, stringMap(entry.http_headers));
  // Codex names environment variables instead of values; normalise them to references.
  if (isRecord(entry.env_http_headers)) for (const [key, variable] of Object.entries(entry.env_http_headers)) headers[key] = `\${${String(variable)}}`;
  if (typeof entry.bearer_token_env_var === 'string') headers.Authorization = `Bearer \${${entry.bearer_token_env_var}}`;
  if (Object.keys(headers).length > 0) server.headers = headers;

  server.transport = transportOf(declaredType, entry, doc.flavor, httpUrl !== undefined);
  return server;
}

function transportOf(declaredType: string | undefined, entry: Record<string, unknown>, flavor: McpFlavor | undefined, hasHttpUrl: boolean): McpTransport {
  switch (declaredType?.toLowerCase()) {
    case 'http':
    case 'streamable-http':
    case 'streamablehttp':
      return 'http';
    case 'sse':
      return 'sse';
    case 'ws':
    case 'websocket':
      return 'ws';
    case 'stdio':
      return 'stdio';
  }
  if (hasHttpUrl) return 'http';
  const url = typeof entry.url === 'string' ? entry.url : typeof entry.serverUrl === 'string' ? entry.serverUrl : undefined;
  if (url === undefined) return 'stdio';
  if (/^wss?:/i.test(url)) return 'ws';
  return flavor === 'gemini' ? 'sse' : 'http';
}

/** Variable references in config strings, in every client's syntax. */
export interface VariableReference {
  /** The text as written: `${API_KEY}`, `${API_KEY:-x}`, `${input:key}`, `${env:HOME}`, `$HOME`. */
  text: string;
  /** The variable or input name. */
  name: string;
  kind: 'env' | 'input' | 'predefined';
  /** Whether a `:-default` follows the name (Claude Code). */
  hasDefault: boolean;
  start: number;
}

const REFERENCE = /\$\{([^}]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g;
/** VS Code's and Cursor's predefined variables, filled in by the client. */
const PREDEFINED = new Set(['workspaceFolder', 'workspaceFolderBasename', 'userHome', 'pathSeparator', 'cwd', 'file', 'fileDirname', 'workspaceRoot']);

/** The variable references in one config string. */
export function variableReferences(text: string): VariableReference[] {
  const refs: VariableReference[] = [];
  for (const match of text.matchAll(REFERENCE)) {
    const inner = match[1];
    if (inner === undefined) {
      refs.push({ text: match[0], name: match[2], kind: 'env', hasDefault: false, start: match.index });
      continue;
    }
    const colon = inner.indexOf(':');
    const prefix = colon >= 0 ? inner.slice(0, colon) : '';
    if (prefix === 'input') refs.push({ text: match[0], name: inner.slice(colon + 1), kind: 'input', hasDefault: false, start: match.index });
    else if (prefix === 'env') refs.push({ text: match[0], name: inner.slice(colon + 1), kind: 'env', hasDefault: false, start: match.index });
    else if (PREDEFINED.has(inner)) refs.push({ text: match[0], name: inner, kind: 'predefined', hasDefault: false, start: match.index });
    else {
      const dflt = inner.indexOf(':-');
      const name = dflt >= 0 ? inner.slice(0, dflt) : inner;
      refs.push({ text: match[0], name, kind: 'env', hasDefault: dflt >= 0, start: match.index });
    }
  }
  return refs;
}

/** Whether a string is nothing but variable references (and so holds no literal value of its own). */
export function isOnlyReferences(text: string): boolean {
  return text.replace(REFERENCE, '').trim() === '';
}

/**
 * Expands `${VAR}`, `${VAR:-default}`, `${env:VAR}` and `$VAR` from `env`, as a client would before
 * starting a server. `${input:id}` and predefined variables cannot be known here: they are listed in
 * `missing` and left as written, like unset variables without a default.
 */
export function expandVariables(text: string, env: Readonly<Record<string, string | undefined>>, predefined: Readonly<Record<string, string>> = {}): { value: string; missing: string[] } {
  const missing: string[] = [];
  const value = text.replace(REFERENCE, (whole: string, inner: string | undefined, bare: string | undefined) => {
    if (bare !== undefined) {
      if (env[bare] !== undefined) return env[bare]!;
      missing.push(bare);
      return whole;
    }
    const ref = variableReferences(whole)[0];
    if (ref.kind === 'predefined' && predefined[ref.name] !== undefined) return predefined[ref.name];
    if (ref.kind === 'env' && env[ref.name] !== undefined) return env[ref.name]!;
    if (ref.hasDefault) return inner!.slice(inner!.indexOf(':-') + 2);
    missing.push(ref.kind === 'input' ? `input:${ref.name}` : ref.name);
    return whole;
  });
  return { value, missing };
}

function stringMap(record: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(record)) if (value !== null && value !== undefined && typeof value !== 'object') out[key] = String(value);
  return out;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
