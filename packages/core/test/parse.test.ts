import { describe, expect, it } from 'vitest';
import { parseFrontmatter, parseJson, parseToml, parseYaml } from '@agentship/core';

describe('parseYaml', () => {
  it('keeps the value and maps a key path back to its line', () => {
    const doc = parseYaml('default-model: claude-sonnet-4-5\nagents:\n  triage:\n    model: claude-haiku-4-5\n');
    expect(doc.problems).toEqual([]);
    expect(doc.value).toEqual({ 'default-model': 'claude-sonnet-4-5', agents: { triage: { model: 'claude-haiku-4-5' } } });
    expect(doc.lineOf(['agents', 'triage', 'model'])).toBe(4);
    // A missing key falls back to its nearest existing ancestor.
    expect(doc.lineOf(['agents', 'reviewer', 'model'])).toBe(2);
  });

  it('reports a tab used as indentation with its line', () => {
    const doc = parseYaml('agents:\n\ttriage: {}\n');
    expect(doc.problems.length).toBeGreaterThan(0);
    expect(doc.problems[0]).toMatchObject({ severity: 'error', line: 2 });
    expect(doc.problems.some((p) => /tab/i.test(p.message))).toBe(true);
  });

  it('reports a duplicate key with the line of the second one', () => {
    const doc = parseYaml('monthly-budget-usd: 100\ntokens:\n  per-file: 10\nmonthly-budget-usd: 200\n');
    expect(doc.problems).toEqual([expect.objectContaining({ severity: 'error', line: 4 })]);
    expect(doc.problems[0].message).toMatch(/^Duplicate key/);
  });

  it('reports a syntax error with line and column, and never throws', () => {
    const doc = parseYaml('a: [1, 2\nb: c\n');
    expect(doc.problems.length).toBeGreaterThan(0);
    expect(doc.problems[0].line).toBeGreaterThanOrEqual(1);
    expect(() => parseYaml('\u0000\u0001: [')).not.toThrow();
  });

  it('refuses a billion-laughs alias bomb with a problem instead of hanging', () => {
    const lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 0; i < 8; i++) lines.push(`${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9).fill('*' + String.fromCharCode(97 + i)).join(',')}]`);
    const doc = parseYaml(lines.join('\n'));
    expect(doc.problems.some((p) => p.severity === 'error')).toBe(true);
  });

  it('shifts lines for YAML embedded in a larger file', () => {
    const doc = parseYaml('name: x\nname: y\n', 1);
    expect(doc.problems[0].line).toBe(3);
    expect(doc.lineOf(['name'])).toBe(2);
  });
});

describe('parseJson', () => {
  it('maps a key path to its line', () => {
    const doc = parseJson('{\n  "mcpServers": {\n    "github": {\n      "url": "https://x"\n    }\n  }\n}\n');
    expect(doc.problems).toEqual([]);
    expect(doc.lineOf(['mcpServers', 'github', 'url'])).toBe(4);
    expect(doc.lineOf(['mcpServers', 'missing'])).toBe(2);
  });

  it('reports duplicate keys as warnings with the line of the repeated key', () => {
    const doc = parseJson('{\n  "a": 1,\n  "b": {\n    "c": 1,\n    "c": 2\n  },\n  "a": 3\n}');
    expect([...doc.problems].sort((a, b) => a.line - b.line)).toEqual([
      expect.objectContaining({ severity: 'warning', line: 5, message: expect.stringContaining('"c"') }),
      expect.objectContaining({ severity: 'warning', line: 7, message: expect.stringContaining('"a"') }),
    ]);
    expect(doc.value).toEqual({ a: 3, b: { c: 2 } });
  });

  it('reports syntax errors with line and column and keeps what parsed', () => {
    const doc = parseJson('{\n  "a": 1,\n  "b": \n}');
    expect(doc.problems[0]).toMatchObject({ severity: 'error', line: 4, column: 1 });
    expect(doc.problems[0].message).toContain('value expected');
    expect((doc.value as Record<string, unknown>).a).toBe(1);
  });

  it('refuses comments and trailing commas in strict JSON, accepts them in JSONC', () => {
    const text = '{\n  // servers\n  "servers": {},\n}';
    expect(parseJson(text).problems.map((p) => p.line)).toContain(2);
    expect(parseJson(text, { allowComments: true }).problems).toEqual([]);
  });

  it('reports empty content instead of returning nothing silently', () => {
    expect(parseJson('').problems).toHaveLength(1);
  });
});

describe('parseToml', () => {
  it('finds table headers and keys for a path', () => {
    const doc = parseToml('model = "x"\n\n[mcp_servers.github]\nurl = "https://x"\n\n[mcp_servers.sentry]\ncommand = "npx"\n');
    expect(doc.problems).toEqual([]);
    expect(doc.lineOf(['mcp_servers', 'sentry'])).toBe(6);
    expect(doc.lineOf(['mcp_servers', 'sentry', 'command'])).toBe(7);
    expect(doc.lineOf(['model'])).toBe(1);
  });

  it('reports a syntax error with its line', () => {
    const doc = parseToml('[mcp_servers.a]\ncommand = "npx"\nargs = [\n');
    expect(doc.problems[0]).toMatchObject({ severity: 'error' });
    expect(doc.problems[0].line).toBeGreaterThanOrEqual(3);
  });

  it('reports a duplicate key', () => {
    const doc = parseToml('a = 1\na = 2\n');
    expect(doc.problems[0]).toMatchObject({ severity: 'error', line: 2 });
  });
});

describe('parseFrontmatter', () => {
  it('splits frontmatter and body and numbers body lines from the file start', () => {
    const fm = parseFrontmatter('---\nname: a\ndescription: b\n---\n# Body\n');
    expect(fm.status).toBe('ok');
    expect(fm.data?.value).toEqual({ name: 'a', description: 'b' });
    expect(fm.bodyLine).toBe(5);
    expect(fm.body).toBe('# Body\n');
    expect(fm.data?.lineOf(['description'])).toBe(3);
  });

  it('accepts CRLF line endings', () => {
    const fm = parseFrontmatter('---\r\nname: a\r\n---\r\nbody\r\n');
    expect(fm.status).toBe('ok');
    expect(fm.data?.value).toEqual({ name: 'a' });
  });

  it('tells a missing from an unclosed frontmatter', () => {
    expect(parseFrontmatter('# no frontmatter').status).toBe('missing');
    expect(parseFrontmatter('---\nname: a\n').status).toBe('unclosed');
  });

  it('reports YAML problems at their line in the file', () => {
    const fm = parseFrontmatter('---\nname: a\nname: b\n---\n');
    expect(fm.problems[0]).toMatchObject({ line: 3 });
  });
});
