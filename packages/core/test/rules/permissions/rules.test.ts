import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validate } from '../../../src/engine/index.js';
import { defaultConfig } from '../../../src/config/index.js';
import { permissionsRules } from '../../../src/rules/permissions/index.js';
import { broadGrant, globsOverlap, parsePermissionRule, policyOf, policyViolations, DEFAULT_POLICY } from '../../../src/policy/index.js';
import { makeTree, REPO_ROOT } from '../../../../../test/helpers.js';

const FIXTURES = join(REPO_ROOT, 'test/fixtures/permissions');

function findingsOf(root: string): string[] {
  return validate(root, { rules: permissionsRules }).findings.map((f) => `${f.ruleId} ${f.file}:${f.line ?? '-'} ${f.severity}`);
}

const rule = (text: string) => parsePermissionRule(text)!;

describe('permissions/ rules on their fixtures (one broken case each)', () => {
  const expected: Record<string, string[]> = {
    'broad-allow': [4, 5, 6, 7, 8].map((l) => `permissions/broad-allow .claude/settings.json:${l} error`).concat('permissions/broad-allow .claude/settings.json:9 warning'),
    'bypass-mode': ['permissions/bypass-mode .claude/settings.json:3 error', 'permissions/bypass-mode .claude/settings.json:5 error'],
    'enable-all-mcp-servers': ['permissions/enable-all-mcp-servers .claude/settings.json:2 warning'],
    'committed-hooks': ['permissions/committed-hooks .claude/settings.json:6 warning'],
    // 4 rm -rf, 5 git * (push to production), 6 npm run * (deploy, and the file's own docs-publish),
    // 7 sudo, 8 src/** (src/auth exists), 9 docs/** (the file's own "docs" entry), 10 stripe, 11 pg_dump.
    'policy-violation': [4, 5, 6, 7, 8, 9, 10, 11].map((l) => `permissions/policy-violation .claude/settings.json:${l} error`),
  };

  it('every permissions/ rule has a fixture here', () => {
    expect(Object.keys(expected).map((n) => `permissions/${n}`).sort()).toEqual(permissionsRules.map((r) => r.id).sort());
  });

  for (const [name, findings] of Object.entries(expected)) {
    it(`${name}: exactly the broken entries`, () => expect(findingsOf(join(FIXTURES, name))).toEqual(findings));
  }

  it('clean: narrow rules, risky ones under ask and deny, give nothing', () => {
    expect(findingsOf(join(FIXTURES, 'clean'))).toEqual([]);
  });

  it('policy-violation names the entry and an example file', () => {
    const messages = validate(join(FIXTURES, 'policy-violation'), { rules: permissionsRules }).findings.map((f) => f.message);
    expect(messages).toContain('Allow rule "Edit(src/**)" breaks the policy: always review "auth" (authentication and authorization logic decides who gets in; it covers `**/auth/**, such as src/auth/login.ts`). Move it to "ask" or narrow it.');
    expect(messages.find((m) => m.startsWith('Allow rule "Bash(npm run *)"'))).toContain('never auto-approve "docs-publish"');
  });

  it('policy `defaults: false` keeps only the file\'s own entries', () => {
    const root = makeTree({
      'agentship.yaml': 'policy:\n  defaults: false\n  never-auto-approve:\n    - name: make\n      commands: ["make release*"]\n',
      '.claude/settings.json': JSON.stringify({ permissions: { allow: ['Bash(rm -rf:*)', 'Bash(make *)'] } }, null, 2),
    });
    expect(findingsOf(root)).toEqual(['permissions/policy-violation .claude/settings.json:5 error']);
  });

  it('an invalid policy is a config/schema finding with a line', () => {
    const root = makeTree({ 'agentship.yaml': 'policy:\n  never-auto-approve:\n    - commands: 3\n' });
    const schema = validate(root).findings.filter((f) => f.ruleId === 'config/schema');
    expect(schema.length).toBeGreaterThan(0);
    expect(schema.every((f) => f.file === 'agentship.yaml' && (f.line ?? 0) >= 2)).toBe(true);
  });

  it('settings.local.json hooks count too (a committed local file is still committed)', () => {
    const root = makeTree({ '.claude/settings.local.json': JSON.stringify({ hooks: { Stop: [{ hooks: [{ type: 'command', command: 'say done' }] }] } }) });
    expect(findingsOf(root)).toEqual(['permissions/committed-hooks .claude/settings.local.json:1 warning']);
  });
});

describe('permissions/ rules: settings files of unusual shape', () => {
  const settings = (value: unknown) => makeTree({ '.claude/settings.json': JSON.stringify(value, null, 2) });

  it('committed-hooks: reports each command hook on its line and skips entries that are not hooks', () => {
    const root = makeTree({
      '.claude/settings.json': [
        '{', // 1
        '  "hooks": {', // 2
        '    "PreToolUse": [', // 3
        '      { "matcher": "Bash", "hooks": [', // 4
        '        { "type": "command", "command": "./scripts/check.sh" },', // 5
        '        "echo not-an-object",', // 6
        '        { "type": "command", "command": 42 }', // 7
        '      ] },', // 8
        '      { "matcher": "Edit", "hooks": "npm test" },', // 9
        '      "not a group"', // 10
        '    ],', // 11
        '    "PostToolUse": { "matcher": "Edit", "hooks": [{ "type": "command", "command": "npm run lint" }] },', // 12: not a list of groups
        '    "Stop": [', // 13
        '      { "hooks": [', // 14
        '        { "type": "command", "command": "npm test" }', // 15
        '      ] }', // 16
        '    ]', // 17
        '  }', // 18
        '}', // 19
      ].join('\n'),
    });
    expect(findingsOf(root)).toEqual(['permissions/committed-hooks .claude/settings.json:5 warning', 'permissions/committed-hooks .claude/settings.json:15 warning']);
    expect(validate(root, { rules: permissionsRules }).findings.map((f) => f.message)).toEqual([
      'PreToolUse hook runs `./scripts/check.sh` for everyone who trusts this repository; review it like code that runs on their machines.',
      'Stop hook runs `npm test` for everyone who trusts this repository; review it like code that runs on their machines.',
    ]);
  });

  it('bypass-mode: defaultMode at the top level (a misplaced key) is reported too', () => {
    expect(findingsOf(settings({ defaultMode: 'bypassPermissions', permissions: { defaultMode: 'default' } }))).toEqual(['permissions/bypass-mode .claude/settings.json:2 error']);
  });

  it('allow entries that are not strings are skipped; a settings file that is not an object gives no finding', () => {
    expect(findingsOf(settings({ permissions: { allow: [42, { tool: 'Bash' }, 'Bash'] } }))).toEqual(['permissions/broad-allow .claude/settings.json:8 error']);
    expect(findingsOf(settings(['Bash']))).toEqual([]);
  });
});

describe('broadGrant', () => {
  it('flags whole tools, runners, any host and any server', () => {
    for (const text of ['Bash', 'Bash(*)', 'Bash(npx *)', 'Bash(npx:*)', 'Bash(docker exec *)', 'Bash(bash -c *)', 'Bash(python *)', 'Bash(curl *)', 'WebFetch', 'WebFetch(domain:*)', 'WebFetch(domain:*.com)', 'mcp__*', 'mcp__*__delete'])
      expect(broadGrant(rule(text))?.severity, text).toBe('error');
    expect(broadGrant(rule('mcp__github__*'))?.severity).toBe('warning');
    for (const text of ['Bash(npm test)', 'Bash(git diff *)', 'Bash(npx agentship validate *)', 'WebFetch(domain:docs.example.com)', 'WebFetch(domain:*.example.com)', 'mcp__github__get_issue', 'Read(./docs/**)'])
      expect(broadGrant(rule(text)), text).toBeUndefined();
  });
});

describe('policyViolations', () => {
  const policy = policyOf(defaultConfig());
  const names = (text: string, others: string[] = [], files?: string[]) => policyViolations(rule(text), others.map(rule), policy, files).map((v) => v.entry.name);

  it('holds Bash rules against commands, with word boundaries and the legacy :* suffix', () => {
    expect(names('Bash(rm -rf:*)')).toEqual(['rm-rf']);
    expect(names('Bash(rm *)')).toEqual(['rm-rf']);
    expect(names('Bash(rm foo.txt)')).toEqual([]);
    expect(names('Bash(git *)')).toEqual(['deploy-without-tests']);
    expect(names('Bash(git push origin feature-branch)')).toEqual([]);
    expect(names('Bash(kubectl apply -f k8s/*)')).toEqual(['deploy-without-tests']);
  });

  it('a piped policy command is broken only when every part is allowed', () => {
    expect(names('Bash(curl https://get.example.com/*)')).toEqual([]);
    expect(names('Bash(curl https://get.example.com/*)', ['Bash(sh *)'])).toEqual(['curl-pipe-shell']);
  });

  it('paths: by existing files when given, by glob overlap otherwise', () => {
    expect(names('Edit(src/**)', [], ['src/app.ts'])).toEqual([]);
    expect(names('Edit(src/**)', [], ['src/payments/charge.ts'])).toEqual(['payments']);
    // Without files, src/** could hold src/auth/, src/billing/ and even src/.claude/settings.json.
    expect(names('Edit(src/**)')).toEqual(['auth', 'payments', 'security-configuration']);
    expect(names('Edit(.github/workflows/ci.yml)')).toEqual(['security-configuration']);
    expect(names('Edit(docs/guide.md)')).toEqual([]);
    // docs/auth.md and docs/agent-roles.md would match both.
    expect(names('Edit(docs/*.md)')).toEqual(['auth', 'security-configuration']);
  });

  it('MCP tools: a named tool or a whole server the entry is about', () => {
    expect(names('mcp__stripe__create_refund')).toEqual(['payments']);
    expect(names('mcp__stripe')).toEqual(['payments']);
    expect(names('mcp__github')).toEqual([]);
    expect(names('mcp__github__export_repository')).toEqual(['user-data-exports']);
    expect(names('mcp__prod-db__query')).toEqual(['production-database']);
  });

  it('the built-in policy has the defaults the issue names', () => {
    expect(DEFAULT_POLICY.neverAutoApprove.map((e) => e.name)).toEqual(['rm-rf', 'sudo', 'curl-pipe-shell', 'production-database', 'deploy-without-tests']);
    expect(DEFAULT_POLICY.requireReview.map((e) => e.name)).toEqual(['auth', 'payments', 'user-data-exports', 'security-configuration']);
  });
});

describe('globsOverlap', () => {
  it('commands: * is any text', () => {
    expect(globsOverlap('npm run *', 'npm run deploy*', 'command')).toBe(true);
    expect(globsOverlap('npm test', 'npm run deploy*', 'command')).toBe(false);
    expect(globsOverlap('a*c', '*b*', 'command')).toBe(true);
    expect(globsOverlap('a*c', 'b*', 'command')).toBe(false);
  });

  it('paths: * stays in a segment, ** crosses, **/ may be empty', () => {
    expect(globsOverlap('src/*.ts', '**/auth/**', 'path')).toBe(false);
    expect(globsOverlap('src/**', '**/auth/**', 'path')).toBe(true);
    expect(globsOverlap('auth/login.ts', '**/auth/**', 'path')).toBe(true);
    expect(globsOverlap('docs/', 'docs/a/b.md', 'path')).toBe(true);
  });
});

describe('docs', () => {
  it('has a page with why, a bad and a good example for every permissions/ rule', () => {
    for (const rule of permissionsRules) {
      const page = readFileSync(join(REPO_ROOT, 'docs/rules', `${rule.id}.md`), 'utf8');
      expect(page.startsWith(`# ${rule.id}\n`), rule.id).toBe(true);
      for (const heading of ['## Why', '## Bad', '## Good']) expect(page, `${rule.id} ${heading}`).toContain(heading);
    }
  });
});

describe('no secret in messages', () => {
  it('a hook command with a token is shown redacted', () => {
    const token = 'ghp_' + 'Z9y8X7w6V5u4T3s2R1q0P9o8N7m6L5k4J3i2';
    const root = makeTree({ '.claude/settings.json': JSON.stringify({ hooks: { Stop: [{ hooks: [{ type: 'command', command: `curl -H "Authorization: token ${token}" https://x.example` }] }] } }) });
    const [finding] = validate(root, { rules: permissionsRules }).findings;
    expect(finding.ruleId).toBe('permissions/committed-hooks');
    expect(finding.message).not.toContain(token);
    expect(finding.message).toMatch(/ghp_… \(fp [0-9a-f]{12}\)/);
  });
});
