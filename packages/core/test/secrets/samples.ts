import { createPrivateKey, generateKeyPairSync } from 'node:crypto';

/**
 * Fake credentials of every kind the scanner knows, built at run time from a seeded generator so
 * that this repository holds no string shaped like a live secret (and nothing push protection
 * would block). Each is random, never valid anywhere.
 */
export interface Sample {
  ruleId: string;
  value: string;
  /** A line that holds the value the way a configuration file would. */
  line: string;
}

let seed = 1;
function rnd(): number {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed / 0x80000000;
}
const UP = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LO = 'abcdefghijklmnopqrstuvwxyz';
const DIG = '0123456789';
const ALNUM = UP + LO + DIG;
const chars = (alphabet: string, n: number): string => Array.from({ length: n }, () => alphabet[Math.floor(rnd() * alphabet.length)]).join('');
/** Joins parts so that no literal in this file is a whole token. */
const j = (...parts: string[]): string => parts.join('');

export function samples(): Sample[] {
  seed = 7;
  const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey;
  const ec = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey;
  const ed = generateKeyPairSync('ed25519').privateKey;
  const pkcs1 = rsa.export({ type: 'pkcs1', format: 'pem' }).toString().trim();
  const sec1 = ec.export({ type: 'sec1', format: 'pem' }).toString().trim();
  const pkcs8 = ed.export({ type: 'pkcs8', format: 'pem' }).toString().trim();
  const encrypted = createPrivateKey(pkcs1).export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'x' }).toString().trim();
  const openssh = j('-----BEGIN OPENSSH ', 'PRIVATE KEY-----\n', j('b3BlbnNzaC1rZXktdjEAAAAA', chars(ALNUM, 46)), '\n', chars(ALNUM + '+/', 70), '\n', j('-----END OPENSSH ', 'PRIVATE KEY-----'));
  const aws = j('AK', 'IA', chars(UP + '234567', 16));
  const awsSecret = chars(ALNUM + '/+', 40);
  const list: Sample[] = [
    { ruleId: 'aws-access-key-id', value: aws, line: `AWS_ACCESS_KEY_ID=${aws}` },
    { ruleId: 'aws-secret-access-key', value: awsSecret, line: `aws_secret_access_key = ${awsSecret}` },
    { ruleId: 'github-pat', value: j('gh', 'p_', chars(ALNUM, 36)), line: '' },
    { ruleId: 'github-fine-grained-pat', value: j('github', '_pat_', chars(ALNUM, 22), '_', chars(ALNUM, 59)), line: '' },
    { ruleId: 'github-app-token', value: j('gh', 's_', chars(ALNUM, 36)), line: '' },
    { ruleId: 'github-app-token', value: j('gh', 'u_', chars(ALNUM, 36)), line: '' },
    { ruleId: 'github-oauth', value: j('gh', 'o_', chars(ALNUM, 36)), line: '' },
    { ruleId: 'gitlab-token', value: j('gl', 'pat-', chars(ALNUM + '_-', 20)), line: '' },
    { ruleId: 'slack-token', value: j('xo', 'xb-', chars(DIG, 12), '-', chars(DIG, 13), '-', chars(ALNUM, 24)), line: '' },
    { ruleId: 'slack-token', value: j('xo', 'xp-', chars(DIG, 12), '-', chars(DIG, 12), '-', chars(DIG, 12), '-', chars(LO + DIG, 32)), line: '' },
    { ruleId: 'slack-webhook-url', value: j('https://hooks.', 'slack.com/services/T', chars(UP + DIG, 8), '/B', chars(UP + DIG, 10), '/', chars(ALNUM, 24)), line: '' },
    { ruleId: 'openai-api-key', value: j('sk-', 'proj-', chars(ALNUM + '_-', 74), 'T3Blbk', 'FJ', chars(ALNUM + '_-', 74)), line: '' },
    { ruleId: 'openai-api-key', value: j('sk-', 'svcacct-', chars(ALNUM + '_-', 58), 'T3Blbk', 'FJ', chars(ALNUM + '_-', 58)), line: '' },
    { ruleId: 'openai-api-key', value: j('sk-', chars(ALNUM, 20), 'T3Blbk', 'FJ', chars(ALNUM, 20)), line: '' },
    { ruleId: 'anthropic-api-key', value: j('sk-', 'ant-api03-', chars(ALNUM + '_-', 93), 'AA'), line: '' },
    { ruleId: 'anthropic-admin-api-key', value: j('sk-', 'ant-admin01-', chars(ALNUM + '_-', 93), 'AA'), line: '' },
    { ruleId: 'google-api-key', value: j('AI', 'za', chars(ALNUM + '_-', 35)), line: '' },
    { ruleId: 'stripe-key', value: j('sk', '_live_', chars(ALNUM, 24)), line: '' },
    { ruleId: 'twilio-api-key', value: j('S', 'K', chars('0123456789abcdef', 32)), line: '' },
    { ruleId: 'sendgrid-api-key', value: j('S', 'G.', chars(ALNUM + '_-', 22), '.', chars(ALNUM + '_-', 43)), line: '' },
    { ruleId: 'npm-access-token', value: j('np', 'm_', chars(ALNUM, 36)), line: '' },
    { ruleId: 'pypi-upload-token', value: j('pypi-', 'AgEIcHlwaS5vcmc', chars(ALNUM + '_-', 60)), line: '' },
    { ruleId: 'huggingface-token', value: j('h', 'f_', chars(ALNUM, 34)), line: '' },
    { ruleId: 'jwt', value: j('ey', 'J', chars(ALNUM, 30), '.ey', 'J', chars(ALNUM, 40), '.', chars(ALNUM + '_-', 43)), line: '' },
    { ruleId: 'private-key', value: pkcs1, line: '' },
    { ruleId: 'private-key', value: sec1, line: '' },
    { ruleId: 'private-key', value: pkcs8, line: '' },
    { ruleId: 'private-key', value: encrypted, line: '' },
    { ruleId: 'private-key', value: openssh, line: '' },
  ];
  const azureKey = j(chars(ALNUM + '+/', 86), '==');
  const dbPassword = chars(ALNUM, 18);
  list.push(
    { ruleId: 'azure-storage-connection-string', value: azureKey, line: `AZURE_STORAGE="DefaultEndpointsProtocol=https;AccountName=acme;${j('Account', 'Key=')}${azureKey};EndpointSuffix=core.windows.net"` },
    { ruleId: 'database-url', value: dbPassword, line: `DATABASE_URL=${j('postgres', 'ql://app:')}${dbPassword}@db.internal:5432/app` },
    { ruleId: 'generic-secret', value: chars(ALNUM, 32), line: '' },
  );
  const generic = list[list.length - 1];
  generic.line = `MY_SERVICE_TOKEN="${generic.value}"`;
  const twilio = list.find((s) => s.ruleId === 'twilio-api-key')!;
  twilio.line = `TWILIO_API_KEY_SID=${twilio.value}`;
  for (const s of list) if (!s.line) s.line = s.value.includes('\n') ? s.value : `value: ${s.value}`;
  return list;
}

/** A GCP service-account file: its private key appears JSON-escaped on one line. */
export function serviceAccountJson(pem: string): string {
  return JSON.stringify({ type: 'service_account', project_id: 'demo', private_key_id: chars('0123456789abcdef', 40), private_key: pem + '\n', client_email: 'ci@demo.iam.gserviceaccount.com' }, null, 2);
}
