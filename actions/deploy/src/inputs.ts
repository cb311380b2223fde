import { defineInputs, MIRROR_INPUTS, TARGET_INPUTS } from '@agentship/platform/inputs';

export const INPUTS = defineInputs({
  path: { kind: 'path', default: '.' },
  environment: { kind: 'string', required: true },
  strategy: { kind: 'enum', values: ['blue-green', 'canary', 'direct'], default: 'blue-green' },
  weight: { kind: 'number', min: 0, max: 100, exclusive: true, default: '' },
  salt: { kind: 'string', default: '' },
  slot: { kind: 'enum', values: ['blue', 'green'], default: '' },
  version: { kind: 'string', default: '' },
  promote: { kind: 'boolean', default: 'false' },
  verdict: { kind: 'enum', values: ['promote', 'inconclusive', 'rollback'], default: '' },
  'require-review': { kind: 'boolean', default: 'false' },
  'approved-by': { kind: 'string', default: '' },
  ...TARGET_INPUTS,
  ...MIRROR_INPUTS,
});
