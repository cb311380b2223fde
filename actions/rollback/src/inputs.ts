import { defineInputs, MIRROR_INPUTS, TARGET_INPUTS } from '@agentship/platform/inputs';

export const INPUTS = defineInputs({
  environment: { kind: 'string', required: true },
  soak: { kind: 'duration', default: '30m' },
  automatic: { kind: 'boolean', default: 'false' },
  incident: { kind: 'string', default: '' },
  'known-good-from': { kind: 'enum', values: ['ledger', 'github', 'gitlab'], default: 'ledger' },
  ...TARGET_INPUTS,
  ...MIRROR_INPUTS,
});
