import type { Rule } from '../types.js';
import { reportsOf } from './scan-files.js';

export const providerToken: Rule = {
  id: 'secret/provider-token',
  severity: 'error',
  description:
    'A credential in a provider\'s own format (AWS, GitHub, GitLab, Slack, OpenAI, Anthropic, Google, Stripe, Twilio, SendGrid, npm, PyPI, Hugging Face, JWT) is written in a file.',
  check: (context) => reportsOf(context, 'provider', 'revoke it, then reference it from the environment or a secret store.'),
};
