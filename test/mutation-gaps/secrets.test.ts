// Behaviour of the secret scanner that the mutation run (npm run mutation -- secrets,
// docs/quality.md) showed no test pinned down. The generic rule rejects a value for several
// reasons at once in the existing tests; here each filter is the only one that decides.
import { describe, expect, it } from 'vitest';
import { fingerprint, type Finding } from '@agentship/core';
import { findSecrets, formatGitleaks, redact, secretFingerprint } from '@agentship/core/secrets';
import { KeywordIndex } from '../../packages/core/src/secrets/keywords.js';

const found = (text: string) => findSecrets(text).map((m) => [m.ruleId, m.value, m.name]);
const RANDOM = 'Xk9mQ2vLp0Rt7sW3'; // 16 characters, 4 bits of entropy each, three classes

describe('the generic rule: which names hold a secret', () => {
  it('a secret word ends the name at a word boundary: _, -, ., a case change or the start', () => {
    for (const name of ['KEY', 'api_key', 'api-key', 'api.key', 'apiKey', 'MY_SERVICE_API_KEY', 'client_secret_value']) {
      expect(found(`${name}=${RANDOM}`)).toEqual([['generic-secret', RANDOM, name]]);
    }
  });

  it('a secret word inside another word is not one: monkey, MONKEY, mysecretsauce', () => {
    for (const name of ['monkey', 'MONKEY', 'mysecretsauce']) expect(found(`${name}=${RANDOM}`)).toEqual([]);
  });
});

describe('the generic rule: which values are random enough', () => {
  it('each kind of non-secret value is skipped on its own account', () => {
    expect(found('API_KEY=correct-horse-battery-staple')).toEqual([]); // words
    expect(found('SECRET_KEY=10.0.12-3456:7890.1234')).toEqual([]); // numbers and versions (entropy 3.54)
    expect(found('API_KEY=https://hooks.acme.io/T0B1C2/x9Y8z7')).toEqual([]); // a URL
    expect(found('SECRET_TOKEN=./certs/Ab3dEf9hIj.pem')).toEqual([]); // a path
    expect(found('token: "settings.Production2024.accessKey"')).toEqual([]); // member access, even quoted
    expect(found('api_key = JSON.stringify(payloadData)')).toEqual([]); // unquoted code
  });

  it('a password needs 8 characters of three classes; another secret 16 characters of two', () => {
    expect(found('PASSWORD=Xk9mQ2vL')).toEqual([['generic-secret', 'Xk9mQ2vL', 'PASSWORD']]);
    expect(found('PASSWORD=Xk9mQ2v')).toEqual([]);
    expect(found('password=abcdefgh1')).toEqual([]);
    expect(found('API_KEY=kq8zmv2lp0rt7sw3')).toEqual([['generic-secret', 'kq8zmv2lp0rt7sw3', 'API_KEY']]);
    expect(found('API_KEY=kq8zmv2lp0rt7sw')).toEqual([]);
  });

  it('a JSON string escape after the value is not part of it', () => {
    const [match] = findSecrets(`{"apiKey": "${RANDOM}\\n"}`);
    expect(match.value).toBe(RANDOM);
    expect(match.end - match.start).toBe(16);
  });

  it('an AWS secret name with 40 base64 characters is an AWS secret access key; other names are generic', () => {
    const value = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYq8Zk3Lm9Tr';
    expect(findSecrets(`aws_secret_access_key = ${value}`).map((m) => [m.ruleId, m.kind])).toEqual([['aws-secret-access-key', 'AWS secret access key']]);
    expect(findSecrets(`api_key = ${value}`).map((m) => [m.ruleId, m.kind])).toEqual([['generic-secret', 'high-entropy secret']]);
    expect(findSecrets(`aws_secret_access_key = ${value}Q`).map((m) => m.ruleId)).toEqual(['generic-secret']);
  });
});

describe('private keys', () => {
  const armour = (body: string) => `-----BEGIN RSA PRIVATE KEY-----\n${body}\n-----END RSA PRIVATE KEY-----\n`;
  const base64 = (n: number) => 'MIIEpAIBAAKCAQEAx9Zk3Lm9TrQ2vLp0Rt7sW3kq8zmv2lp0rt7swJalrXUtnFEMIbPxRfiCYq8Zk3Lm9TrQ2vLp'.slice(0, n);

  it('needs 64 base64 characters of body, not counting the armour', () => {
    expect(found(armour(`${base64(32)}\n${base64(32)}`)).map((m) => m[0])).toEqual(['private-key']);
    expect(found(armour(`${base64(32)}\n${base64(31)}`))).toEqual([]);
  });

  it('does not count the header lines of an encrypted PEM key', () => {
    const headers = 'Proc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,0123456789ABCDEF0123456789ABCDEF\n\n';
    expect(found(armour(`${headers}${base64(40)}`))).toEqual([]);
  });

  it('does not count the n of an escaped newline', () => {
    const escaped = `"-----BEGIN PRIVATE KEY-----\\n${[0, 1, 2, 3, 4, 5].map(() => base64(10)).join('\\n')}\\n-----END PRIVATE KEY-----"`;
    expect(found(escaped)).toEqual([]);
  });
});

describe('database URLs', () => {
  it('skips the passwords documentation writes (admin, root) and finds a real one', () => {
    expect(found('DATABASE_URL=postgres://app:admin@db:5432/app')).toEqual([]);
    expect(found('DATABASE_URL=mysql://app:root@db:3306/app')).toEqual([]);
    expect(found('DATABASE_URL=postgres://app:Xk9#mQ2vL@db:5432/app').map((m) => m.slice(0, 2))).toEqual([['database-url', 'Xk9#mQ2vL']]);
  });
});

describe('redact', () => {
  it('shows a 4-character prefix only of values longer than 12 characters', () => {
    expect(redact('abcdefghijkl')).toBe(`… (fp ${secretFingerprint('abcdefghijkl')})`);
    expect(redact('abcdefghijklm')).toBe(`abcd… (fp ${secretFingerprint('abcdefghijklm')})`);
  });
});

describe('formatGitleaks', () => {
  it("writes gitleaks' fields, with the value redacted and the end line defaulting to the line", () => {
    const finding: Finding = { ruleId: 'secret/github-pat', severity: 'error', message: 'GitHub token ghp_… (fp 0123456789ab)', file: '.env', line: 3, column: 7 };
    const text = formatGitleaks([finding, { ...finding, line: 5, endLine: 9, column: undefined }]);
    expect(text.endsWith(']\n')).toBe(true);
    const [first, second] = JSON.parse(text);
    expect(first).toEqual({
      RuleID: 'secret/github-pat',
      Description: finding.message,
      File: '.env',
      StartLine: 3,
      EndLine: 3,
      StartColumn: 7,
      EndColumn: 0,
      Match: 'REDACTED',
      Secret: 'REDACTED',
      Fingerprint: `.env:secret/github-pat:3:${fingerprint(finding)}`,
      Tags: [],
    });
    expect(second).toMatchObject({ StartLine: 5, EndLine: 9, StartColumn: 0 });
  });
});

describe('KeywordIndex', () => {
  it('finding one keyword does not switch off another whose anchor shares its byte of the bit set', () => {
    // The trigrams "abc" and "abd" are bits 3 and 4 of one byte.
    const index = new KeywordIndex(['abc', 'abd']);
    expect([...index.scan('abc then abd').present]).toEqual([1, 1]);
    expect([...index.scan('abd then abc').present]).toEqual([1, 1]);
  });

  it('reports every position of a tracked keyword, in order, case-insensitively', () => {
    const index = new KeywordIndex(['token', 'secret'], ['token']);
    expect(index.scan('TOKEN a token, Token').positions).toEqual([0, 8, 15]);
  });
});
