import { defineInputs } from '@agentship/platform/inputs';

export const INPUTS = defineInputs({
  path: { kind: 'path', default: '.' },
  config: { kind: 'path', default: '' },
  profile: { kind: 'enum', values: ['spec', 'anthropic', 'claude-code', 'codex'], default: '' },
  'fail-on': { kind: 'enum', values: ['error', 'warning', 'never'], default: 'error' },
  'sarif-file': { kind: 'path', default: 'agentship.sarif', emptyMeansNone: true },
});
