import { describe, expect, it } from 'vitest';
import { findSecrets, redact, redactSecrets, isPlaceholder } from '../../src/secrets/index.js';
import { samples, serviceAccountJson } from './samples.js';

const j = (...parts: string[]): string => parts.join('');

describe('findSecrets: every provider rule finds its kind', () => {
  for (const sample of samples()) {
    it(`${sample.ruleId}: ${sample.value.slice(0, 6)}…`, () => {
      const text = `# config\n${sample.line}\nother: 1\n`;
      const found = findSecrets(text);
      expect(found.map((m) => m.ruleId)).toEqual([sample.ruleId]);
      expect(text.slice(found[0].start, found[0].end)).toBe(sample.value);
      expect(found[0].value).toBe(sample.value);
    });
  }

  it('finds a private key JSON-escaped on one line (service-account JSON, MCP env)', () => {
    const pem = samples().find((s) => s.value.includes('RSA PRIVATE'))!.value;
    const json = serviceAccountJson(pem);
    const found = findSecrets(json);
    expect(found.map((m) => m.ruleId).sort()).toEqual(['gcp-service-account-key-id', 'private-key']);
    const key = found.find((m) => m.ruleId === 'private-key')!;
    expect(json.slice(key.start, key.end)).toBe(JSON.stringify(pem).slice(1, -1));
  });

  it('finds a key indented in a YAML block scalar', () => {
    const pem = samples().find((s) => s.value.includes('EC PRIVATE'))!.value;
    const yaml = `tls:\n  key: |\n${pem.split('\n').map((l) => '    ' + l).join('\n')}\n`;
    expect(findSecrets(yaml).map((m) => m.ruleId)).toEqual(['private-key']);
  });
});

describe('findSecrets: what is not a secret', () => {
  const notSecrets = [
    'AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE',
    'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    'OPENAI_API_KEY=${OPENAI_API_KEY}',
    'ANTHROPIC_API_KEY: <your-key>',
    'GITHUB_TOKEN={{ secrets.GITHUB_TOKEN }}',
    j('token: gh', 'p_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'),
    j('key: sk-', 'ant-api03-...'),
    'API_KEY=your_api_key_here',
    'PASSWORD=changeme',
    'password: hunter2',
    'SECRET_KEY=process.env.SECRET_KEY',
    'primaryKey: userIdentifierColumn',
    'token_count: 1234567890123',
    'PUBLIC_KEY=MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE',
    'clientHash = "0123456789abcdef0123456789abcdef01234567"',
    'DATABASE_URL=postgres://app:${DB_PASSWORD}@db:5432/app',
    'DATABASE_URL=postgres://user:password@localhost/app',
    'The key to this is a monkey wrench; the token was passed.',
    j('-----BEGIN RSA ', 'PRIVATE KEY-----\nMIIEpAIBAAKCAQEA...\n-----END RSA ', 'PRIVATE KEY-----'),
    'cacheKey: "v1-linux-node20-3f9a2b7c4d5e6f70"',
    'maxTokens: 100000',
  ];
  for (const text of notSecrets) {
    it(JSON.stringify(text.slice(0, 60)), () => {
      expect(findSecrets(text).map((m) => `${m.ruleId}:${text.slice(m.start, m.end)}`)).toEqual([]);
    });
  }

  it('recognises placeholders', () => {
    expect(isPlaceholder('${TOKEN}')).toBe(true);
    expect(isPlaceholder('<your-token>')).toBe(true);
    expect(isPlaceholder('xxxxxxxx')).toBe(true);
    expect(isPlaceholder('AKIAIOSFODNN7EXAMPLE')).toBe(true);
    expect(isPlaceholder('q8Zr2LmW0pTx7VbN')).toBe(false);
  });
});

describe('findSecrets: the generic rule', () => {
  const value = j('q8Zr2LmW0pTx', '7VbN4sYk1HcE');
  const positives = [
    `STRIPE_WEBHOOK_SECRET=${value}`,
    `export DEPLOY_TOKEN="${value}"`,
    `  "apiKey": "${value}",`,
    `client_secret: '${value}'`,
    `const signingKey = "${value}";`,
    `db_password = "Xk9#mQ2!vL7p"`,
  ];
  for (const line of positives) {
    it(`finds ${line.split(/[=:]/)[0].trim()}`, () => {
      const found = findSecrets(line);
      expect(found).toHaveLength(1);
      expect(found[0].category).toBe('generic');
      expect(found[0].name).toBeTruthy();
    });
  }

  it('can be turned off for callers that want provider shapes only', () => {
    expect(findSecrets(`DEPLOY_TOKEN=${value}`, { generic: false })).toEqual([]);
  });

  it('gives way to a provider rule on the same value', () => {
    const pat = samples().find((s) => s.ruleId === 'github-pat')!.value;
    expect(findSecrets(`GITHUB_TOKEN=${pat}`).map((m) => m.ruleId)).toEqual(['github-pat']);
  });
});

describe('redactSecrets', () => {
  it('replaces every secret by its redacted form and keeps the rest', () => {
    const all = samples();
    const text = all.map((s) => s.line).join('\n');
    const out = redactSecrets(text);
    for (const s of all) {
      expect(out).not.toContain(s.value);
      expect(out).toContain(redact(s.value));
    }
    expect(out).toContain('AWS_ACCESS_KEY_ID=');
    expect(out).toContain('@db.internal:5432/app');
  });

  it('returns the text unchanged when there is nothing to hide', () => {
    expect(redactSecrets('model: claude-sonnet-4-5\n')).toBe('model: claude-sonnet-4-5\n');
  });
});
