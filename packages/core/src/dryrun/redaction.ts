import { redactSecrets } from '../secrets/index.js';

/** Replaces every secret in `text` by its redacted form (prefix + fingerprint), with the secret scanner's detectors. */
export function redactSecretsInText(text: string): string {
  return redactSecrets(text);
}

/** Redacts every string inside a JSON value (requests and answers before they become cassettes); keys are kept. */
export function redactJson<T>(value: T): T {
  if (typeof value === 'string') return redactSecrets(value) as T;
  if (Array.isArray(value)) return value.map(redactJson) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactJson(v)])) as T;
  }
  return value;
}
