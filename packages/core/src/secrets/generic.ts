import { shannonEntropy } from './entropy.js';
import { isGenericPlaceholder } from './placeholders.js';

/**
 * The generic rule: a high-entropy literal assigned to a name that says it holds a secret
 * (`*_KEY`, `*_TOKEN`, `*_SECRET`, `PASSWORD`, `apiKey`, `client_secret`), in any of the
 * assignment syntaxes of env files, YAML, JSON, TOML, shell and code.
 *
 * Finding the names first keeps it cheap: the keyword pre-filter records where `key`, `token`,
 * `secret`, `pass`, `pwd` and `credential` occur, and the assignment pattern is tried only there.
 */

export interface GenericMatch {
  ruleId: string;
  kind: string;
  start: number;
  end: number;
  value: string;
  /** The name the value is assigned to (a name, never a value, so it may be shown). */
  name: string;
}

export const GENERIC_KEYWORDS = ['key', 'token', 'secret', 'pass', 'pwd', 'credential'];

/**
 * A keyword, the rest of the name, an assignment operator and a value:
 * `API_KEY=v`, `api_key: v`, `"apiKey": "v"`, `token := "v"`, `SECRET => 'v'`. The part of the name
 * before the keyword is read backwards from the match.
 */
const ASSIGNMENT =
  /((?:key|token|secret|pass|pwd|credential)[\w.\-]{0,40}?)["']?[ \t]*(?::=|=>|==|[:=])[ \t]*(?:["'`]|[a-z]?["'])?([^\s"'`,;)\]}]{8,256})/iy;

/** Name endings that mean "this holds a secret", checked at a word boundary of the name. */
const SECRET_SUFFIX = /(?:key|token|secret|password|passwd|pass|pwd|passphrase|credentials?)$/i;
/** Names with these parts hold something public or not a value: `PUBLIC_KEY`, `key_id`, `token_count`. */
const NOT_SECRET_NAME = /public|pub_?key|key_?(?:id|name|file|path|type|size|length|prefix|env|var|ref|url|alias|field)$|hash|checksum|digest|sha\d*|^(?:sort|cache|primary|foreign|partition|idempotency|dedupe?|lookup|map|object|index|row|column|hot|short)_?key$|max_?tokens?|token_?(?:count|limit|budget|usage|type|url|endpoint)$|_?name$/i;

/** Characters that can start a secret-holding name part at a boundary: `_`, `-`, `.` or a case change. */
function atWordBoundary(name: string, index: number): boolean {
  if (index === 0) return true;
  const before = name[index - 1];
  if (before === '_' || before === '-' || before === '.') return true;
  const first = name[index];
  return first >= 'A' && first <= 'Z' && !(before >= 'A' && before <= 'Z');
}

function isSecretName(name: string): boolean {
  if (NOT_SECRET_NAME.test(name)) return false;
  const suffix = SECRET_SUFFIX.exec(name);
  if (suffix && atWordBoundary(name, suffix.index)) return true;
  // `secret` or `password` anywhere as a word: `client_secret_value`, `PASSWORD_PROD`.
  const word = /secret|password|passwd/i.exec(name);
  return word !== null && atWordBoundary(name, word.index);
}

/** Character classes a value mixes: lower, upper, digit, other. */
function classCount(value: string): number {
  return (/[a-z]/.test(value) ? 1 : 0) + (/[A-Z]/.test(value) ? 1 : 0) + (/[0-9]/.test(value) ? 1 : 0) + (/[^A-Za-z0-9]/.test(value) ? 1 : 0);
}

/** Random enough to be a credential and not a word, path, version, URL or identifier. */
export function looksRandom(value: string, passwordLike: boolean): boolean {
  if (/^[a-z]+(?:[-_][a-z]+)*$/i.test(value)) return false; // words, kebab and snake case
  if (/^[\d.:\-]+$/.test(value)) return false; // numbers, versions, dates
  if (/^(?:https?|file|s3|gs):\/\//i.test(value) || /^\.{0,2}\//.test(value)) return false; // URLs, paths
  if (/^[a-z][\w]*(?:\.[a-z][\w]*)+(?:\(\))?$/i.test(value)) return false; // member access: config.apiKey
  if (isGenericPlaceholder(value)) return false;
  const entropy = shannonEntropy(value);
  if (passwordLike) return value.length >= 8 && classCount(value) >= 3 && entropy >= 2.8;
  return value.length >= 16 && classCount(value) >= 2 && entropy >= 3.5;
}

/** An unquoted value that is an expression: `JSON.stringify(x`, `this.token`, `nextToken`, `obj[key`. */
function looksLikeCode(value: string): boolean {
  return /^[A-Za-z_$][\w$]*(?:[.([]|$)/.test(value) && (/[.([]/.test(value) || /^[a-z]{2,}(?:[A-Z][a-z]{2,})+$/.test(value));
}

const AWS_SECRET_NAME = /aws.{0,20}secret|secret.?access.?key/i;

const NAME_CHAR = /[\w.\-]/;

/** `keywordPositions`: where the pre-filter saw a keyword; the assignment pattern is tried only there. */
export function findGenericSecrets(text: string, keywordPositions: number[], taken: (start: number, end: number) => boolean): GenericMatch[] {
  const found: GenericMatch[] = [];
  let after = 0;
  for (const at of keywordPositions) {
    if (at < after) continue;
    ASSIGNMENT.lastIndex = at;
    const match = ASSIGNMENT.exec(text);
    if (!match) continue;
    after = at + match[0].length;
    let nameStart = at;
    while (nameStart > 0 && nameStart > at - 80 && NAME_CHAR.test(text[nameStart - 1])) nameStart--;
    const name = text.slice(nameStart, at) + match[1];
    if (!isSecretName(name)) continue;
    // A trailing escape of a JSON string (`\n`) is not part of the value.
    const value = match[2].replace(/\\[nrt]$/, '');
    const start = at + match[0].length - match[2].length;
    const end = start + value.length;
    if (taken(start, end)) continue;
    const quoted = /["'`]/.test(text[start - 1] ?? '');
    if (!quoted && looksLikeCode(value)) continue;
    if (!looksRandom(value, /pass|pwd/i.test(name))) continue;
    if (AWS_SECRET_NAME.test(name) && /^[A-Za-z0-9/+=]{40}$/.test(value)) {
      found.push({ ruleId: 'aws-secret-access-key', kind: 'AWS secret access key', start, end, value, name });
    } else {
      found.push({ ruleId: 'generic-secret', kind: 'high-entropy secret', start, end, value, name });
    }
  }
  return found;
}
