export { redact, secretFingerprint, REDACT_PREFIX } from './redact.js';
