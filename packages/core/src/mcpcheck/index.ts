import { resolve } from 'node:path';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { defaultConfig, type AgentshipConfig } from '../config/index.js';
import type { Workspace } from '../discover/index.js';
import type { Finding } from '../findings/index.js';
import { governedDir, mcpServersOf, variableReferences, type McpServer, type McpTransport } from '../mcp/index.js';
import { levelFindings } from '../registry/index.js';
import { redactSecrets } from '../secrets/index.js';
import { VERSION } from '../version/index.js';

export interface McpToolInfo {
  name: string;
  description?: string;
}

/** What starting one configured server and asking for its tools gave. */
export interface McpServerCheck {
  name: string;
  file: string;
  line: number;
  transport: McpTransport;
  ok: boolean;
  server?: { name: string; version: string };
  protocolVersion?: string;
  tools: McpToolInfo[];
  error?: string;
  durationMs: number;
}

export interface McpCheckOptions {
  /** Per step (connect + initialize, tools/list). Default 20 s. */
  timeoutMs?: number;
  /** Variables `${VAR}` in configs are filled from here. */
  env?: NodeJS.ProcessEnv;
  /** Only the servers with these names. */
  only?: string[];
  concurrency?: number;
}

export const DEFAULT_MCP_TIMEOUT_MS = 20_000;

/**
 * Starts every configured MCP server (stdio and HTTP) with the official MCP TypeScript SDK, runs
 * initialize and tools/list with timeouts, and closes it. A server that fails is a result with the
 * reason, never an exception; the others are still checked.
 */
export async function checkMcpServers(ws: Workspace, options: McpCheckOptions = {}): Promise<McpServerCheck[]> {
  const servers = mcpServersOf(ws).filter((s) => !options.only?.length || options.only.includes(s.name));
  const results: McpServerCheck[] = new Array(servers.length);
  let next = 0;
  const worker = async () => {
    while (next < servers.length) {
      const i = next++;
      results[i] = await checkServer(ws.root, servers[i], options);
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 4, servers.length) }, worker));
  return results;
}

export async function checkServer(root: string, server: McpServer, options: McpCheckOptions = {}): Promise<McpServerCheck> {
  const started = performance.now();
  const timeoutMs = options.timeoutMs ?? DEFAULT_MCP_TIMEOUT_MS;
  const env = options.env ?? process.env;
  const base = { name: server.name, file: server.file, line: server.line, transport: server.transport, tools: [] as McpToolInfo[] };
  const fail = (error: string): McpServerCheck => ({ ...base, ok: false, error: redactSecrets(error), durationMs: Math.round(performance.now() - started) });
  const missing = new Set<string>();
  const fill = (text: string) => expand(text, env, missing);
  let transport: Transport;
  let stderr = '';
  if (server.transport === 'stdio') {
    if (!server.command) return fail('no command to start');
    // Clients start a server in the folder its config governs, so relative paths in args resolve there.
    const args = (server.args ?? []).map(fill);
    const serverEnv = Object.fromEntries(Object.entries(server.env ?? {}).map(([k, v]) => [k, fill(v)]));
    const command = fill(server.command);
    if (missing.size) return fail(needs(missing));
    // The MCP SDK (and zod, 0.6 MB) loads when a server is checked, not when this module loads.
    const { getDefaultEnvironment, StdioClientTransport } = await import('@modelcontextprotocol/sdk/client/stdio.js');
    const stdio = new StdioClientTransport({ command, args, env: { ...getDefaultEnvironment(), ...serverEnv }, cwd: resolve(root, governedDir(server.file), server.cwd ? fill(server.cwd) : '.'), stderr: 'pipe' });
    stdio.stderr?.on('data', (d: Buffer) => {
      stderr = (stderr + d.toString('utf8')).slice(-2000);
    });
    transport = stdio;
  } else if (server.transport === 'http' || server.transport === 'sse') {
    if (!server.url) return fail('no url');
    const url = fill(server.url);
    const headers = Object.fromEntries(Object.entries(server.headers ?? {}).map(([k, v]) => [k, fill(v)]));
    if (missing.size) return fail(needs(missing));
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return fail(`url is not a valid URL`);
    }
    const { SSEClientTransport } = await import('@modelcontextprotocol/sdk/client/sse.js');
    const { StreamableHTTPClientTransport } = await import('@modelcontextprotocol/sdk/client/streamableHttp.js');
    transport = server.transport === 'http' ? new StreamableHTTPClientTransport(parsed, { requestInit: { headers } }) : new SSEClientTransport(parsed, { requestInit: { headers } });
  } else {
    return fail(`the ${server.transport} transport is not checked (stdio, http and sse are)`);
  }
  const { Client } = await import('@modelcontextprotocol/sdk/client/index.js');
  const client = new Client({ name: 'agentship-mcp-check', version: VERSION });
  try {
    await withTimeout(client.connect(transport, { timeout: timeoutMs }), timeoutMs, 'initialize');
    const tools: McpToolInfo[] = [];
    let cursor: string | undefined;
    // Bounded: a server that pages forever is cut off after 50 pages.
    for (let page = 0; page < 50; page++) {
      const listed = await client.listTools(cursor ? { cursor } : undefined, { timeout: timeoutMs });
      tools.push(...listed.tools.map((t) => ({ name: t.name, description: t.description })));
      cursor = listed.nextCursor;
      if (!cursor) break;
    }
    const info = client.getServerVersion();
    return { ...base, ok: true, server: info ? { name: info.name, version: info.version } : undefined, protocolVersion: (transport as { protocolVersion?: string }).protocolVersion, tools, durationMs: Math.round(performance.now() - started) };
  } catch (error) {
    const tail = stderr.trim().split('\n').slice(-3).join(' | ');
    return fail(`${(error as Error).message}${tail ? ` (stderr: ${tail})` : ''}`);
  } finally {
    await client.close().catch(() => undefined);
  }
}

/** Fills `${VAR}`, `${env:VAR}`, `${VAR:-default}` and `$VAR` from env; names without a value are collected. */
function expand(text: string, env: NodeJS.ProcessEnv, missing: Set<string>): string {
  let out = text;
  for (const ref of variableReferences(text).reverse()) {
    if (ref.kind === 'predefined') continue;
    let value = ref.kind === 'env' ? env[ref.name] : undefined;
    if (value === undefined && ref.hasDefault) value = /:-(.*)\}$/.exec(ref.text)?.[1] ?? '';
    if (value === undefined) {
      missing.add(ref.kind === 'input' ? `input:${ref.name}` : ref.name);
      continue;
    }
    out = out.slice(0, ref.start) + value + out.slice(ref.start + ref.text.length);
  }
  return out;
}

function needs(missing: Set<string>): string {
  const inputs = [...missing].filter((n) => n.startsWith('input:')).map((n) => n.slice(6));
  const vars = [...missing].filter((n) => !n.startsWith('input:'));
  return [vars.length ? `needs environment variable${vars.length > 1 ? 's' : ''} ${vars.join(', ')}` : '', inputs.length ? `needs VS Code input${inputs.length > 1 ? 's' : ''} ${inputs.join(', ')}, which only the editor can prompt for` : ''].filter(Boolean).join('; ');
}

function withTimeout<T>(promise: Promise<T>, ms: number, step: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${step} timed out after ${ms} ms`)), ms);
    }),
  ]);
}

/** Servers that did not answer, as findings on their config entry, levelled by `rules:`. */
export function mcpCheckFindings(
  results: McpServerCheck[],
  config: AgentshipConfig = defaultConfig(),
): Finding[] {
  const found = results
    .filter((r) => !r.ok)
    .map((r) => ({ ruleId: 'dryrun/mcp-server-unavailable', severity: 'error' as const, message: `MCP server "${r.name}" (${r.transport}) did not answer initialize and tools/list: ${r.error}.`, file: r.file, line: r.line }));
  return levelFindings(found, config);
}

export function formatMcpCheckText(results: McpServerCheck[]): string {
  if (!results.length) return 'No MCP servers are configured.\n';
  const lines: string[] = [];
  for (const r of results) {
    if (r.ok) {
      lines.push(`ok    ${r.name} (${r.transport}, ${r.file}:${r.line}) ${r.server ? `${r.server.name} ${r.server.version}` : ''}: ${r.tools.length} tools, ${r.durationMs} ms`);
      for (const t of r.tools) lines.push(`        - ${t.name}${t.description ? `: ${firstSentence(t.description)}` : ''}`);
    } else lines.push(`FAIL  ${r.name} (${r.transport}, ${r.file}:${r.line}): ${r.error}`);
  }
  const failed = results.filter((r) => !r.ok).length;
  lines.push('', `${results.length - failed}/${results.length} MCP servers answered.`);
  return lines.join('\n') + '\n';
}

export function formatMcpCheckMarkdown(results: McpServerCheck[]): string {
  const lines = ['## agentship mcp-check', '', '| server | transport | config | result | tools |', '|---|---|---|---|---|'];
  for (const r of results) {
    lines.push(`| ${r.name} | ${r.transport} | ${r.file}:${r.line} | ${r.ok ? 'ok' : `**failed**: ${(r.error ?? '').replace(/\|/g, '\\|')}`} | ${r.tools.map((t) => `\`${t.name}\``).join(', ')} |`);
  }
  return lines.join('\n') + '\n';
}

function firstSentence(text: string): string {
  const s = text.replace(/\s+/g, ' ').trim();
  const cut = s.search(/[.!?](\s|$)/);
  return (cut > 0 ? s.slice(0, cut + 1) : s).slice(0, 120);
}
