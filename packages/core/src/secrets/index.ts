export { redact, secretFingerprint, REDACT_PREFIX } from './redact.js';
export { findSecrets, redactSecrets, type SecretMatch, type FindSecretsOptions } from './scan.js';
export { SECRET_RULES, type SecretRule, type SecretCategory } from './rules.js';
export { shannonEntropy } from './entropy.js';
export { isPlaceholder } from './placeholders.js';
export { formatGitleaks, type GitleaksFinding } from './gitleaks.js';
