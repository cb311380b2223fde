import { isGenericPlaceholder } from './placeholders.js';

/**
 * The provider-specific detectors. Most regexes are adapted from gitleaks' default rule set
 * (github.com/gitleaks/gitleaks, config/gitleaks.toml, MIT licence, Copyright (c) 2019 Zachary Rice),
 * rewritten for JavaScript RegExp: a named group `s` marks the secret inside the match, and the
 * gitleaks suffix `(?:[\x60'"\s;]|\\[nr]|$)` becomes the look-ahead END.
 *
 * Every rule names lower-case keywords; its regex runs over a text only if one of them occurs
 * (gitleaks' pre-filter). Entropy is checked only where a value has no fixed shape.
 */

/** What kind of credential a rule finds; the validate rules of the `secret/` family are split by it. */
export type SecretCategory = 'provider' | 'private-key' | 'connection-string' | 'generic';

export interface SecretRule {
  /** Stable id, gitleaks-style: `github-pat`, `aws-access-key-id`. */
  id: string;
  /** What a person calls it: `GitHub personal access token (classic)`. */
  kind: string;
  category: SecretCategory;
  /** Lower-case literals, one of which must occur in the text for the regex to run. */
  keywords: string[];
  /** Global regex; the named group `s` (or the whole match) is the secret. */
  pattern: RegExp;
  /** Minimum Shannon entropy (bits per character) of the secret, for shapes that random text can take. */
  minEntropy?: number;
  /** Further checks on the secret (a body long enough to be a key, not a template). */
  accept?(secret: string): boolean;
  /** The rule's own `accept` judges placeholders (a key body legitimately holds `AAAAAAAA`). */
  ownPlaceholderCheck?: boolean;
}

/** The secret ends here: not followed by a character that could continue it. */
const END = String.raw`(?![A-Za-z0-9_\-])`;
/** Not preceded by a character that would make the match part of a longer word. */
const START = String.raw`(?<![A-Za-z0-9_\-])`;

/** Passwords that documentation writes into example URLs. */
const EXAMPLE_PASSWORDS = /^(?:pass(?:word)?|passwd|pwd|secret|changeme|admin|root|user(?:name)?|postgres|mysql|test|example|guest|p@ssw0rd|\*+|x+)$/i;

const re = (source: string, flags = ''): RegExp => new RegExp(source, 'g' + flags);

/** A private key body: at least 64 base64 characters once the armour, headers and escapes are gone. */
function hasKeyBody(block: string): boolean {
  const body = block
    .replace(/-----(?:BEGIN|END)[^-]*-----/g, '')
    .replace(/\\[nr]/g, '\n')
    .replace(/^[A-Za-z-]+: .*$/gm, '');
  const base64 = body.replace(/[^A-Za-z0-9+/=]/g, '');
  return base64.length >= 64 && !/\.\.\.|…|x{6,}|X{6,}/.test(body);
}

export const SECRET_RULES: SecretRule[] = [
  // --- cloud providers
  {
    id: 'aws-access-key-id',
    kind: 'AWS access key ID',
    category: 'provider',
    keywords: ['akia', 'asia', 'abia', 'acca', 'a3t'],
    pattern: re(String.raw`\b(?<s>(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16})\b`),
  },
  {
    id: 'google-api-key',
    kind: 'Google API key',
    category: 'provider',
    keywords: ['aiza'],
    pattern: re(String.raw`\b(?<s>AIza[0-9A-Za-z_\-]{35})${END}`),
  },
  {
    id: 'gcp-service-account-key-id',
    kind: 'GCP service-account key (private_key_id)',
    category: 'provider',
    keywords: ['private_key_id'],
    pattern: re(String.raw`"private_key_id"\s*:\s*"(?<s>[a-f0-9]{40})"`),
  },
  {
    id: 'azure-storage-connection-string',
    kind: 'Azure storage connection string',
    category: 'connection-string',
    keywords: ['accountkey', 'sharedaccesskey'],
    pattern: re(String.raw`(?:AccountKey|SharedAccessKey)=(?<s>[A-Za-z0-9+/]{40,86}={0,2})(?=[;"'\s]|$)`, 'i'),
  },
  {
    id: 'azure-storage-account-key',
    kind: 'Azure storage account key',
    category: 'provider',
    keywords: ['azure', 'storage', 'account'],
    pattern: re(
      String.raw`(?:azure|storage|account)[\w.\-]{0,30}key[\w]{0,10}["']?\s*[:=]\s*["']?(?<s>[A-Za-z0-9+/]{86}==)`,
      'i',
    ),
  },
  // --- source hosting
  {
    id: 'github-pat',
    kind: 'GitHub personal access token (classic)',
    category: 'provider',
    keywords: ['ghp_'],
    pattern: re(String.raw`\b(?<s>ghp_[0-9a-zA-Z]{36})${END}`),
  },
  {
    id: 'github-fine-grained-pat',
    kind: 'GitHub fine-grained personal access token',
    category: 'provider',
    keywords: ['github_pat_'],
    pattern: re(String.raw`\b(?<s>github_pat_[0-9a-zA-Z_]{82})${END}`),
  },
  {
    id: 'github-oauth',
    kind: 'GitHub OAuth access token',
    category: 'provider',
    keywords: ['gho_'],
    pattern: re(String.raw`\b(?<s>gho_[0-9a-zA-Z]{36})${END}`),
  },
  {
    id: 'github-app-token',
    kind: 'GitHub App token',
    category: 'provider',
    keywords: ['ghu_', 'ghs_'],
    pattern: re(String.raw`\b(?<s>(?:ghu|ghs)_[0-9a-zA-Z]{36})${END}`),
  },
  {
    id: 'github-refresh-token',
    kind: 'GitHub refresh token',
    category: 'provider',
    keywords: ['ghr_'],
    pattern: re(String.raw`\b(?<s>ghr_[0-9a-zA-Z]{36,76})${END}`),
  },
  {
    id: 'gitlab-token',
    kind: 'GitLab token',
    category: 'provider',
    // personal/project/group, deploy, runner, CI build, feed, OAuth app, SCIM, incoming mail, feature flag tokens
    keywords: ['glpat-', 'gldt-', 'glrt-', 'glcbt-', 'glft-', 'gloas-', 'glsoat-', 'glimt-', 'glffct-', 'glagent-', 'glptt-'],
    pattern: re(
      String.raw`\b(?<s>(?:glpat|gldt|glrt|glcbt|glft|gloas|glsoat|glimt|glffct|glagent)-[0-9a-zA-Z_\-.]{20,}|glptt-[0-9a-f]{40})${END}`,
    ),
  },
  {
    id: 'gitlab-runner-registration-token',
    kind: 'GitLab runner registration token',
    category: 'provider',
    keywords: ['gr1348941'],
    pattern: re(String.raw`\b(?<s>GR1348941[\w\-]{20})${END}`),
  },
  // --- chat
  {
    id: 'slack-token',
    kind: 'Slack token',
    category: 'provider',
    keywords: ['xoxb-', 'xoxp-', 'xoxa-', 'xoxr-', 'xoxe-', 'xoxs-', 'xoxo-', 'xoxe.', 'xapp-'],
    pattern: re(
      String.raw`\b(?<s>xox[bpares]-(?:[0-9]{8,13}-){1,3}[0-9A-Za-z\-]{10,}|xoxe\.xox[bp]-\d-[A-Z0-9]{100,}|xoxe-\d-[A-Z0-9]{100,}|xapp-\d-[A-Z0-9]+-\d+-[a-z0-9]{32,})${END}`,
      'i',
    ),
  },
  {
    id: 'slack-webhook-url',
    kind: 'Slack webhook URL',
    category: 'provider',
    keywords: ['hooks.slack.com'],
    pattern: re(String.raw`(?<s>(?:https?://)?hooks\.slack\.com/(?:services|workflows|triggers)/[A-Za-z0-9+/]{43,56})`),
  },
  // --- model providers
  {
    id: 'openai-api-key',
    kind: 'OpenAI API key',
    category: 'provider',
    keywords: ['t3blbkfj'],
    // project (sk-proj-), service account (sk-svcacct-), admin (sk-admin-) and legacy (sk-) keys
    pattern: re(
      String.raw`\b(?<s>sk-(?:(?:proj|svcacct|admin)-)?[A-Za-z0-9_\-]{20,80}T3BlbkFJ[A-Za-z0-9_\-]{20,80})${END}`,
    ),
  },
  {
    id: 'anthropic-api-key',
    kind: 'Anthropic API key',
    category: 'provider',
    keywords: ['sk-ant-api'],
    pattern: re(String.raw`\b(?<s>sk-ant-api\d\d-[A-Za-z0-9_\-]{93}AA)${END}`),
  },
  {
    id: 'anthropic-admin-api-key',
    kind: 'Anthropic admin API key',
    category: 'provider',
    keywords: ['sk-ant-admin'],
    pattern: re(String.raw`\b(?<s>sk-ant-admin\d\d-[A-Za-z0-9_\-]{93}AA)${END}`),
  },
  {
    id: 'huggingface-token',
    kind: 'Hugging Face token',
    category: 'provider',
    keywords: ['hf_', 'api_org_'],
    pattern: re(String.raw`${START}(?<s>(?:hf_|api_org_)[A-Za-z0-9]{34})${END}`),
    minEntropy: 3,
  },
  // --- payments and messaging
  {
    id: 'stripe-key',
    kind: 'Stripe secret or restricted key',
    category: 'provider',
    keywords: ['sk_live_', 'sk_test_', 'sk_prod_', 'rk_live_', 'rk_test_', 'rk_prod_'],
    pattern: re(String.raw`\b(?<s>(?:sk|rk)_(?:test|live|prod)_[0-9a-zA-Z]{10,99})${END}`),
  },
  {
    id: 'twilio-api-key',
    kind: 'Twilio API key',
    category: 'provider',
    // gitleaks' keyword is `sk`, which nearly every text holds; the provider's name is asked for instead.
    keywords: ['twilio'],
    pattern: re(String.raw`\b(?<s>SK[0-9a-fA-F]{32})\b`),
    minEntropy: 3,
  },
  {
    id: 'twilio-auth-token',
    kind: 'Twilio auth token',
    category: 'provider',
    keywords: ['twilio'],
    pattern: re(String.raw`twilio[\w.\-]{0,20}(?:auth|token|secret)[\w]{0,10}["']?\s*[:=]\s*["']?(?<s>[0-9a-f]{32})\b`, 'i'),
    minEntropy: 3,
  },
  {
    id: 'sendgrid-api-key',
    kind: 'SendGrid API key',
    category: 'provider',
    keywords: ['sg.'],
    pattern: re(String.raw`\b(?<s>SG\.[0-9A-Za-z_\-]{22}\.[0-9A-Za-z_\-]{43})${END}`),
  },
  // --- package registries
  {
    id: 'npm-access-token',
    kind: 'npm access token',
    category: 'provider',
    keywords: ['npm_'],
    pattern: re(String.raw`\b(?<s>npm_[A-Za-z0-9]{36})${END}`),
    minEntropy: 3,
  },
  {
    id: 'npmrc-auth-token',
    kind: 'npm registry auth token (.npmrc)',
    category: 'provider',
    keywords: ['_authtoken'],
    pattern: re(String.raw`:_authToken\s*=\s*(?<s>[^\s$"'{}]{16,})`),
    minEntropy: 3,
  },
  {
    id: 'pypi-upload-token',
    kind: 'PyPI upload token',
    category: 'provider',
    keywords: ['pypi-ageichlwas5vcmc'],
    pattern: re(String.raw`\b(?<s>pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_\-]{50,})${END}`),
  },
  // --- tokens and keys of any issuer
  {
    id: 'jwt',
    kind: 'JSON Web Token',
    category: 'provider',
    keywords: ['eyj'],
    pattern: re(String.raw`\b(?<s>eyJ[A-Za-z0-9_\-]{15,}\.eyJ[A-Za-z0-9_\-]{15,}\.[A-Za-z0-9_\-]{16,})${END}`),
  },
  {
    id: 'private-key',
    kind: 'private key',
    category: 'private-key',
    keywords: ['private key'],
    // PKCS#1 (RSA, DSA, EC), PKCS#8 (plain and ENCRYPTED), OpenSSH, PGP; raw, YAML-indented or JSON-escaped.
    pattern: re(
      String.raw`(?<s>-----BEGIN[ A-Z0-9_\-]{0,100}PRIVATE KEY(?: BLOCK)?-----[\s\S]{64,40000}?-----END[ A-Z0-9_\-]{0,100}PRIVATE KEY(?: BLOCK)?-----)`,
    ),
    accept: hasKeyBody,
    ownPlaceholderCheck: true,
  },
  {
    id: 'putty-private-key',
    kind: 'PuTTY private key',
    category: 'private-key',
    keywords: ['putty-user-key-file'],
    pattern: re(String.raw`(?<s>PuTTY-User-Key-File-\d: [\s\S]{0,20000}?Private-(?:MAC|Hash): [0-9a-fA-F]+)`),
    accept: hasKeyBody,
    ownPlaceholderCheck: true,
  },
  {
    id: 'database-url',
    kind: 'database URL with a password',
    category: 'connection-string',
    keywords: ['postgres', 'mysql', 'mariadb', 'mongodb', 'redis', 'amqp', 'mssql', 'sqlserver', 'clickhouse', 'cockroach', 'couchdb', 'neo4j', 'jdbc:'],
    pattern: re(
      String.raw`\b(?:jdbc:)?(?:postgres(?:ql)?|mysql|mariadb|mongodb(?:\+srv)?|rediss?|amqps?|mssql|sqlserver|clickhouse|cockroachdb|couchdbs?|neo4j(?:\+s)?)://[^\s:@/"'\x60]+:(?<s>[^\s@/"'\x60]{3,})@[^\s/"'\x60]+`,
      'i',
    ),
    accept: (password) => !EXAMPLE_PASSWORDS.test(password) && !isGenericPlaceholder(password),
  },
];
