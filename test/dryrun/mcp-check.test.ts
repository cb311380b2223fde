import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { z } from 'zod';
import { discover } from '@agentship/core';
import { checkMcpServers, mcpCheckFindings } from '@agentship/core/mcpcheck';
import { readFileSync } from 'node:fs';
import { makeTree, REPO_ROOT, runCli } from '../helpers.js';
import { runCliAsync } from './run-cli-async.js';

const EVERYTHING = join(REPO_ROOT, 'node_modules/@modelcontextprotocol/server-everything/dist/index.js');

/** A Streamable HTTP MCP server on 127.0.0.1 built with the official SDK (stateless: one transport per request). */
async function startHttpMcp(): Promise<{ url: string; server: Server }> {
  const server = createServer(async (req, res) => {
    const mcp = new McpServer({ name: 'loopback-http', version: '1.2.3' });
    mcp.registerTool('lookup_order', { description: 'Finds an order by id.', inputSchema: { id: z.string() } }, async ({ id }) => ({ content: [{ type: 'text', text: id }] }));
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    res.on('close', () => void transport.close());
    await mcp.connect(transport);
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    await transport.handleRequest(req, res, chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`, server };
}

function lineOf(root: string, text: string): number {
  return readFileSync(join(root, '.mcp.json'), 'utf8').split('\n').findIndex((l) => l.includes(text)) + 1;
}

describe('agentship mcp-check', () => {
  let http: { url: string; server: Server };
  beforeAll(async () => {
    http = await startHttpMcp();
  });
  afterAll(async () => {
    await new Promise((resolve) => {
      http.server.close(resolve);
      http.server.closeAllConnections();
    });
  });

  function repo(): string {
    return makeTree({
      '.mcp.json': JSON.stringify(
        {
          mcpServers: {
            everything: { command: process.execPath, args: [EVERYTHING, 'stdio'] },
            orders: { type: 'http', url: '${ORDERS_URL}' },
            broken: { command: process.execPath, args: ['-e', 'process.exit(3)'] },
            needs_key: { command: 'node', args: ['x.js'], env: { API_KEY: '${MISSING_KEY_FOR_TEST}' } },
          },
        },
        null,
        2,
      ),
    });
  }

  it('starts stdio and HTTP servers with the SDK and lists their tools; failures name the server and its line', async () => {
    const ws = discover(repo());
    const results = await checkMcpServers(ws, { env: { ...process.env, ORDERS_URL: http.url }, timeoutMs: 30_000 });
    const byName = Object.fromEntries(results.map((r) => [r.name, r]));
    expect(byName.everything.ok).toBe(true);
    expect(byName.everything.server?.name).toBeTruthy();
    expect(byName.everything.tools.map((t) => t.name)).toContain('echo');
    expect(byName.orders).toMatchObject({ ok: true, transport: 'http', server: { name: 'loopback-http', version: '1.2.3' }, tools: [{ name: 'lookup_order', description: 'Finds an order by id.' }] });
    expect(byName.broken.ok).toBe(false);
    expect(byName.broken.error).toMatch(/closed|exit/i);
    expect(byName.needs_key).toMatchObject({ ok: false, error: 'needs environment variable MISSING_KEY_FOR_TEST' });
    const findings = mcpCheckFindings(results);
    expect(findings.map((f) => [f.ruleId, f.file, f.line])).toEqual([
      ['dryrun/mcp-server-unavailable', '.mcp.json', lineOf(ws.root, '"broken"')],
      ['dryrun/mcp-server-unavailable', '.mcp.json', lineOf(ws.root, '"needs_key"')],
    ]);
  });

  it('reports through the CLI, exit 1 when a server fails and 0 when the checked ones answer', async () => {
    const root = repo();
    const all = await runCliAsync(['mcp-check', root, '--timeout-ms', '30000'], { env: { ORDERS_URL: http.url } });
    expect(all.status).toBe(1);
    expect(all.stdout).toContain(`FAIL  broken (stdio, .mcp.json:${lineOf(root, '"broken"')})`);
    expect(all.stdout).toMatch(/ok {4}orders \(http, .mcp.json:\d+\) loopback-http 1.2.3: 1 tools/);
    expect(all.stdout).toContain('2/4 MCP servers answered.');
    const one = runCli(['mcp-check', root, '--server', 'everything', '--format', 'json']);
    expect(one.status).toBe(0);
    expect(JSON.parse(one.stdout).servers[0].tools.length).toBeGreaterThan(3);
    expect(runCli(['mcp-check', root, '--server', 'nope']).stderr).toContain('no configured MCP server named nope');
  });
});
