/**
 * Claude Code permission rules (`permissions.allow|ask|deny` in .claude/settings.json): `Tool` or
 * `Tool(specifier)`. research/formats.md 4.3 holds the syntax this follows.
 */

export interface PermissionRule {
  /** As written in the settings file. */
  text: string;
  tool: string;
  /** The text in parentheses; undefined for a bare tool name. */
  specifier?: string;
}

const RULE = /^([^()\s]+)(?:\((.*)\))?$/s;

export function parsePermissionRule(text: string): PermissionRule | undefined {
  const match = RULE.exec(text.trim());
  if (!match) return undefined;
  return { text, tool: match[1], specifier: match[2] };
}

/**
 * The Bash command globs a Bash rule stands for. The legacy `:*` suffix means ` *`; `ls *` has a
 * word boundary, so it also matches `ls` alone. `Bash` and `Bash(*)` match every command.
 */
export function bashPatterns(rule: PermissionRule): string[] {
  if (rule.tool !== 'Bash') return [];
  const spec = (rule.specifier ?? '*').trim();
  const pattern = spec.endsWith(':*') ? spec.slice(0, -2) + ' *' : spec;
  return pattern.endsWith(' *') && pattern.length > 2 ? [pattern, pattern.slice(0, -2)] : [pattern];
}

/** Tools whose path rules decide which files the agent may change without asking. */
export const EDIT_TOOLS = new Set(['Edit', 'Write', 'MultiEdit', 'NotebookEdit']);

/**
 * The repository paths an Edit-like rule approves, as gitignore-style globs relative to the root,
 * or undefined when the rule names paths outside the repository (`//abs`, `~/x`).
 */
export function editPaths(rule: PermissionRule): string[] | undefined {
  if (!EDIT_TOOLS.has(rule.tool)) return [];
  const spec = rule.specifier?.trim();
  if (spec === undefined || spec === '' || spec === '*' || spec === '**') return ['**'];
  if (spec.startsWith('//') || spec.startsWith('~')) return undefined;
  const path = spec.replace(/^\.\//, '').replace(/^\//, '');
  // gitignore: a pattern without a slash (other than a trailing one) matches at any depth.
  return [path.replace(/\/$/, '').includes('/') ? path : `**/${path}`];
}

/** The MCP tool-name glob an `mcp__…` rule stands for: `mcp__server` is every tool of the server. */
export function mcpToolPattern(rule: PermissionRule): string | undefined {
  if (!rule.tool.startsWith('mcp__')) return undefined;
  const rest = rule.tool.slice('mcp__'.length);
  return rest.includes('__') || rest.includes('*') ? rule.tool : `${rule.tool}__*`;
}

/** The MCP server an `mcp__<server>[__tool]` rule names, if it names one literally. */
export function mcpServerOf(rule: PermissionRule): string | undefined {
  if (!rule.tool.startsWith('mcp__')) return undefined;
  const server = rule.tool.slice('mcp__'.length).split('__')[0];
  return server && !server.includes('*') ? server : undefined;
}

/** Commands that run whatever they are given: an allow rule `<runner> *` approves every command. */
const RUNNERS = [
  'npx', 'bunx', 'pnpx', 'pnpm dlx', 'pnpm exec', 'yarn dlx', 'npm exec', 'uvx', 'uv run', 'uv tool run', 'pipx run',
  'docker', 'docker run', 'docker exec', 'docker compose run', 'docker compose exec', 'podman run', 'podman exec', 'kubectl exec',
  'bash', 'sh', 'zsh', 'fish', 'dash', 'eval', 'exec', 'env', 'xargs', 'python', 'python3', 'node', 'deno', 'bun', 'ruby', 'perl', 'php',
  'pwsh', 'powershell', 'cmd', 'ssh', 'direnv exec', 'devbox run', 'mise exec', 'nix run', 'nix-shell',
];
/** Commands that reach any host: downloads, uploads, exfiltration. */
const NETWORK = ['curl', 'wget'];

/**
 * Why an allow rule grants far more than it seems to, or undefined. These are the shapes no
 * policy entry is needed for: the whole tool, a runner that runs anything, any host, any MCP server.
 */
export function broadGrant(rule: PermissionRule): { reason: string; severity: 'error' | 'warning' } | undefined {
  if (rule.tool === 'Bash') {
    const spec = (rule.specifier ?? '').trim();
    if (spec === '' || /^[*\s:]*$/.test(spec)) return { reason: 'approves every shell command', severity: 'error' };
    const normalized = spec.replace(/:\*$/, ' *').replace(/\s+/g, ' ');
    for (const runner of [...RUNNERS, ...NETWORK]) {
      if (normalized === `${runner} *` || normalized === `${runner}*` || normalized === `${runner} -c *` || normalized === `${runner} -e *`) {
        const what = NETWORK.includes(runner) ? 'a request to any host, with any data' : 'any command or package';
        return { reason: `\`${runner}\` with any arguments runs ${what}`, severity: 'error' };
      }
    }
    return undefined;
  }
  if (rule.tool === 'WebFetch') {
    const spec = (rule.specifier ?? '').trim();
    if (spec === '' || spec === '*' || spec === 'domain:*') return { reason: 'fetches from any domain', severity: 'error' };
    const domain = /^domain:\*\.([^.]+)$/.exec(spec);
    if (domain) return { reason: `fetches from every domain under .${domain[1]}`, severity: 'error' };
    return undefined;
  }
  if (rule.tool === '*') return { reason: 'approves every tool', severity: 'error' };
  if (rule.tool.startsWith('mcp__')) {
    const rest = rule.tool.slice('mcp__'.length);
    const server = rest.split('__')[0];
    if (server === '' || server.includes('*')) return { reason: 'a wildcard in the server name approves the tools of every MCP server, present and future', severity: 'error' };
    const tool = rest.slice(server.length + 2);
    if (!rest.includes('__') || tool === '*' || tool === '') return { reason: `approves every tool of the \`${server}\` server, including write tools and tools added later`, severity: 'warning' };
  }
  return undefined;
}

/** Splits a shell command at `|`, `||`, `&&`, `;`, `&` and newlines: Claude Code matches each part alone. */
export function commandParts(command: string): string[] {
  return command.split(/\|\||&&|\|&|[|;&\n]/).map((p) => p.trim()).filter((p) => p !== '');
}
