import { createHash } from 'node:crypto';

/** How many leading characters of a secret may be shown: enough to tell `ghp_` from `sk-ant`. */
export const REDACT_PREFIX = 4;

/** A stable short fingerprint of a secret value, to tell two findings apart without the value. */
export function secretFingerprint(value: string): string {
  return createHash('sha256').update(value).digest('hex').slice(0, 12);
}

/** The only form in which a secret value may appear in any output: `ghp_… (fp 1a2b3c4d5e6f)`. */
export function redact(value: string): string {
  const prefix = value.length > REDACT_PREFIX * 3 ? value.slice(0, REDACT_PREFIX) : '';
  return `${prefix}… (fp ${secretFingerprint(value)})`;
}
