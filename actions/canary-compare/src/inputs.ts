import { defineInputs, TARGET_INPUTS } from '@agentship/platform/inputs';

export const INPUTS = defineInputs({
  baseline: { kind: 'path', required: true },
  candidate: { kind: 'path', required: true },
  'baseline-version': { kind: 'string', default: '' },
  'candidate-version': { kind: 'string', default: '' },
  config: { kind: 'path', default: '' },
  mode: { kind: 'enum', values: ['auto', 'paired', 'unpaired'], default: 'auto' },
  'fail-on': { kind: 'enum', values: ['rollback', 'inconclusive', 'never'], default: 'rollback' },
  'result-file': { kind: 'path', default: 'canary-result.json' },
  'record-environment': { kind: 'string', default: '' },
  ...TARGET_INPUTS,
});
