import type { DataFile, Workspace } from '../discover/index.js';

/**
 * Agent roles: which MCP servers and paths each agent may use. Written as a table in
 * agent-roles.md or as agent-roles.yaml (schemas/agent-roles.schema.json); docs/rules/roles/
 * explains how they are held against each agent's folder, MCP configs and settings.
 */
export interface Role {
  agent: string;
  purpose?: string;
  /** Server names the agent may use; undefined when the file does not say (no constraint). `*` grants all. */
  servers?: string[];
  readOnly: boolean;
  /** Paths (gitignore-style) beyond its own folder; undefined when the file does not say. */
  paths?: string[];
  approvalGate?: string;
  file: string;
  line: number;
}

export interface RolesProblem {
  message: string;
  file: string;
  line: number;
}

export interface Roles {
  roles: Role[];
  problems: RolesProblem[];
}

/** Column headings and YAML keys, lower-cased without punctuation, to the field they fill. */
const FIELDS: Record<string, keyof Omit<Role, 'file' | 'line'>> = {
  agent: 'agent', name: 'agent', role: 'agent',
  purpose: 'purpose', description: 'purpose',
  mcp: 'servers', mcpservers: 'servers', allowedmcpservers: 'servers', servers: 'servers', allowedservers: 'servers',
  readonly: 'readOnly',
  paths: 'paths', allowedpaths: 'paths',
  approval: 'approvalGate', approvalgate: 'approvalGate', gate: 'approvalGate',
};

const fieldOf = (heading: string) => FIELDS[heading.toLowerCase().replace(/[^a-z]/g, '')];

/** Every role of the workspace, from every roles file, with what could not be read. */
export function rolesOf(ws: Workspace): Roles {
  const all: Roles = { roles: [], problems: [] };
  for (const doc of ws.roles) {
    const parsed = doc.format === 'markdown' ? parseRolesMarkdown(doc.file.text, doc.file.path) : parseRolesYaml(doc);
    all.roles.push(...parsed.roles);
    all.problems.push(...parsed.problems);
  }
  const seen = new Map<string, Role>();
  for (const role of all.roles) {
    const first = seen.get(role.agent);
    if (first) all.problems.push({ message: `Agent "${role.agent}" has a second role; the first (${first.file}:${first.line}) is used.`, file: role.file, line: role.line });
    else seen.set(role.agent, role);
  }
  all.roles = [...seen.values()];
  return all;
}

/** The first Markdown table with an agent column; one role per row. */
export function parseRolesMarkdown(text: string, file: string): Roles {
  const lines = text.split(/\r?\n/);
  const roles: Role[] = [];
  const problems: RolesProblem[] = [];
  let fence = false;
  for (let i = 0; i + 1 < lines.length; i++) {
    if (/^\s*(```|~~~)/.test(lines[i])) fence = !fence;
    if (fence || !isTableRow(lines[i]) || !/^\s*\|?\s*:?-{2,}/.test(lines[i + 1])) continue;
    const headings = cells(lines[i]).map(fieldOf);
    if (!headings.includes('agent')) continue;
    for (let r = i + 2; r < lines.length && isTableRow(lines[r]); r++) {
      const row = cells(lines[r]);
      const role: Role = { agent: '', readOnly: false, file, line: r + 1 };
      headings.forEach((field, c) => field && assign(role, field, row[c] ?? '', true));
      if (role.agent === '') problems.push({ message: 'A row of the roles table has no agent name.', file, line: r + 1 });
      else roles.push(role);
    }
    return { roles, problems };
  }
  problems.push({ message: 'No roles table: expected a Markdown table with an "Agent" column (and Purpose, Allowed MCP servers, Read-only, Allowed paths, Approval gate).', file, line: 1 });
  return { roles, problems };
}

/** `roles:` as a list of `{agent, ...}` or a map from agent name to fields. */
export function parseRolesYaml(doc: DataFile): Roles {
  const file = doc.file.path;
  const data = doc.data;
  const roles: Role[] = [];
  const problems: RolesProblem[] = [];
  if (!data || data.value === undefined) return { roles, problems }; // config/syntax reports it
  const root = data.value as Record<string, unknown> | null;
  const list = root && typeof root === 'object' && !Array.isArray(root) ? root.roles : undefined;
  const add = (name: string | undefined, fields: unknown, path: (string | number)[]) => {
    const line = data.lineOf(path);
    if (!fields || typeof fields !== 'object' || Array.isArray(fields)) {
      problems.push({ message: 'A role must be a mapping of agent, purpose, mcp-servers, read-only, allowed-paths, approval-gate.', file, line });
      return;
    }
    const role: Role = { agent: name ?? '', readOnly: false, file, line };
    for (const [key, value] of Object.entries(fields)) {
      const field = fieldOf(key);
      if (!field) {
        problems.push({ message: `Unknown role field "${key}".`, file, line: data.lineOf([...path, key]) });
        continue;
      }
      assign(role, field, value, false);
    }
    if (role.agent === '') problems.push({ message: 'A role has no agent name.', file, line });
    else roles.push(role);
  };
  if (Array.isArray(list)) list.forEach((entry, i) => add(undefined, entry, ['roles', i]));
  else if (list && typeof list === 'object') for (const [name, entry] of Object.entries(list)) add(name, entry, ['roles', name]);
  else problems.push({ message: 'Expected a top-level `roles:` list (or map from agent name to role).', file, line: 1 });
  return { roles, problems };
}

function assign(role: Role, field: keyof Omit<Role, 'file' | 'line'>, value: unknown, fromTable: boolean): void {
  switch (field) {
    case 'agent':
    case 'purpose':
    case 'approvalGate': {
      const text = clean(String(value ?? ''));
      if (text !== '') role[field] = text;
      return;
    }
    case 'readOnly':
      role.readOnly = typeof value === 'boolean' ? value : /^(yes|y|true|x|✓|✔|read-only|readonly|ro)$/i.test(clean(String(value ?? '')));
      return;
    case 'servers':
    case 'paths':
      role[field] = listOf(value, fromTable);
  }
}

/** A list cell: `github, linear`, `github<br>linear`; `-`, `none` and an empty cell are the empty list. */
function listOf(value: unknown, fromTable: boolean): string[] {
  const items = Array.isArray(value) ? value.map(String) : value === null || value === undefined ? [] : String(value).split(fromTable ? /,|;|<br\s*\/?>/i : /,/);
  return items.map(clean).filter((item) => item !== '' && !/^(-|—|–|none|n\/a)$/i.test(item));
}

function clean(text: string): string {
  // Backticks and bold around a cell; `**` inside a glob stays.
  return text.trim().replace(/^\*\*(.+)\*\*$/, '$1').replace(/`/g, '').trim();
}

function isTableRow(line: string): boolean {
  return /^\s*\|.*\|\s*$/.test(line);
}

function cells(line: string): string[] {
  const inner = line.trim().replace(/^\|/, '').replace(/\|$/, '');
  return inner.split(/(?<!\\)\|/).map((c) => c.trim().replace(/\\\|/g, '|'));
}

/**
 * Whether an MCP server can change things. A heuristic by name, package and URL (documented in
 * docs/rules/roles/read-only-write-server.md): servers of systems where tools create, edit,
 * delete, send or pay, unless the entry carries a read-only switch.
 */
const WRITE_CAPABLE = /filesystem|\bfs\b|github|gitlab|bitbucket|\bgit\b|postgres|\bpg\b|mysql|mariadb|sqlite|\bsql|mssql|mongo|redis|supabase|neon|prisma|firebase|dynamo|bigquery|snowflake|slack|discord|telegram|imessage|whatsapp|email|gmail|smtp|linear|jira|atlassian|confluence|notion|asana|trello|stripe|paypal|shopify|docker|kubernetes|kubectl|\bk8s\b|terraform|\baws\b|gcloud|azure|vercel|netlify|cloudflare|heroku|playwright|puppeteer|browser|selenium|shell|terminal|desktop-commander|exec|serena|laravel|artisan/i;
const READ_ONLY_SWITCH = /--read-?only\b|\breadonly\b|read-only|--access-mode[= ]restricted/i;

export interface ServerDescription {
  name: string;
  command?: string;
  args?: string[];
  url?: string;
  env?: Record<string, string>;
}

export function isWriteCapable(server: ServerDescription): boolean {
  const text = [server.name, server.command ?? '', ...(server.args ?? []), server.url ?? ''].join(' ');
  if (READ_ONLY_SWITCH.test(text)) return false;
  for (const [key, value] of Object.entries(server.env ?? {})) if (/READ_?ONLY/i.test(key) && /^(1|true|yes)$/i.test(value)) return false;
  return WRITE_CAPABLE.test(text);
}
