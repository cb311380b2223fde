import { redact } from './redact.js';
import { shannonEntropy } from './entropy.js';
import { isPlaceholder } from './placeholders.js';
import { SECRET_RULES, type SecretCategory, type SecretRule } from './rules.js';
import { findGenericSecrets, GENERIC_KEYWORDS } from './generic.js';
import { KeywordIndex } from './keywords.js';

const KEYWORDS = new KeywordIndex([...SECRET_RULES.flatMap((r) => r.keywords), ...GENERIC_KEYWORDS], GENERIC_KEYWORDS);
/** For each rule, the indices of its keywords in KEYWORDS. */
const RULE_KEYWORDS = SECRET_RULES.map((r) => r.keywords.map((k) => KEYWORDS.keywords.indexOf(k)));

/** One secret found in a text. `value` is for redaction and fingerprints only: never print it. */
export interface SecretMatch {
  /** What a person calls it: `GitHub personal access token (classic)`. */
  kind: string;
  /** The detector's id: `github-pat`, `private-key`, `generic-secret`. */
  ruleId: string;
  category: SecretCategory;
  /** Offsets into the text, `end` exclusive. */
  start: number;
  end: number;
  value: string;
  /** For the generic rule: the name the value is assigned to. */
  name?: string;
}

export interface FindSecretsOptions {
  /** Skip the generic high-entropy rule (provider shapes only). */
  generic?: boolean;
}

/**
 * Every secret in a text, in order of position, without overlaps (a provider's shape wins over
 * the generic rule). Keywords gate every regex; placeholders and documented examples are skipped.
 */
export function findSecrets(text: string, options: FindSecretsOptions = {}): SecretMatch[] {
  const { present, positions } = KEYWORDS.scan(text);
  const found: SecretMatch[] = [];
  SECRET_RULES.forEach((rule, index) => {
    if (!RULE_KEYWORDS[index].some((k) => present[k])) return;
    for (const match of matchRule(rule, text)) found.push(match);
  });
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept = dropOverlaps(found);
  if (options.generic !== false && positions.length > 0) {
    const taken = (start: number, end: number): boolean => kept.some((m) => m.start < end && start < m.end);
    for (const g of findGenericSecrets(text, positions, taken)) kept.push({ ...g, category: 'generic' });
    kept.sort((a, b) => a.start - b.start);
  }
  return kept;
}

function* matchRule(rule: SecretRule, text: string): Generator<SecretMatch> {
  rule.pattern.lastIndex = 0;
  for (const match of text.matchAll(rule.pattern)) {
    const value = match.groups?.s ?? match[0];
    const start = (match.index ?? 0) + (match.groups?.s !== undefined ? match[0].indexOf(value) : 0);
    if (!rule.ownPlaceholderCheck && isPlaceholder(value)) continue;
    if (rule.minEntropy !== undefined && shannonEntropy(value) < rule.minEntropy) continue;
    if (rule.accept && !rule.accept(value)) continue;
    yield { kind: rule.kind, ruleId: rule.id, category: rule.category, start, end: start + value.length, value };
  }
}

/** Of overlapping matches (sorted by start, longest first) keep the first. */
function dropOverlaps(sorted: SecretMatch[]): SecretMatch[] {
  const kept: SecretMatch[] = [];
  let reach = -1;
  for (const m of sorted) {
    if (m.start < reach) continue;
    kept.push(m);
    reach = m.end;
  }
  return kept;
}

/** The text with every secret replaced by its redacted form (`ghp_… (fp 1a2b3c4d5e6f)`). */
export function redactSecrets(text: string, options: FindSecretsOptions = {}): string {
  const matches = findSecrets(text, options);
  if (matches.length === 0) return text;
  let out = '';
  let at = 0;
  for (const m of matches) {
    out += text.slice(at, m.start) + redact(m.value);
    at = m.end;
  }
  return out + text.slice(at);
}
