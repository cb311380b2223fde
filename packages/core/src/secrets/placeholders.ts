/**
 * Values that look like credentials but are not: templates, documented examples, masks.
 * Provider rules and the generic rule both skip them; the generic rule skips a few more words.
 */

/** AWS's documented example keys and values of the same kind. */
const DOCUMENTED_EXAMPLES = /EXAMPLE/;
/** Interpolations: `${VAR}`, `$VAR`, `{{ secrets.X }}`, `%(x)s`, `<your-key>`, `[REDACTED]`. */
const TEMPLATE = /\$\{|\$\(|^\$[A-Za-z_]|\{\{|\}\}|%\(|^<.*>$|<[a-z][\w -]*>|^\[.*\]$/i;
/** Masks and fillers: `xxxx`, `****`, `....`, `0000000000`, `…`. */
const MASK = /x{4,}|\*{3,}|\.{3}|…|0{8,}|#{4,}|(.)\1{7,}/i;
/** Words of documentation, all lower or all upper case (mixed case is how random text spells them). */
const WORDS = /your|placeholder|redacted|change_?me|replace|insert|dummy|sample|example|here/;
const UPPER_WORDS = /YOUR|PLACEHOLDER|REDACTED|CHANGE_?ME|REPLACE|INSERT|DUMMY|SAMPLE|HERE/;
/** Only for the generic rule, whose values are not shaped by a provider. */
const GENERIC_WORDS = /test|fake|example|your|mock|secret|password|token|null|undefined|none|true|false|process\.env|os\.environ|getenv|env\(/i;

export function isPlaceholder(value: string): boolean {
  return DOCUMENTED_EXAMPLES.test(value) || TEMPLATE.test(value) || MASK.test(value) || WORDS.test(value) || UPPER_WORDS.test(value);
}

export function isGenericPlaceholder(value: string): boolean {
  return isPlaceholder(value) || GENERIC_WORDS.test(value);
}
