import { defineInputs } from '@agentship/platform/inputs';

export const INPUTS = defineInputs({
  path: { kind: 'path', default: '.' },
  config: { kind: 'path', default: '' },
  mode: { kind: 'enum', values: ['replay', 'record', 'live'], default: '' },
  shard: { kind: 'string', default: '' },
  tags: { kind: 'list', separators: /[\n,]/, default: '' },
  'max-tokens': { kind: 'integer', min: 1, default: '' },
  'max-cost-usd': { kind: 'number', min: 0, default: '' },
  baseline: { kind: 'string', default: '' },
  'results-file': { kind: 'path', default: '' },
  'junit-file': { kind: 'path', default: 'agentship-dry-run.junit.xml', emptyMeansNone: true },
  cache: { kind: 'boolean', default: 'true' },
  'openai-base-url': { kind: 'string', default: '' },
  'anthropic-base-url': { kind: 'string', default: '' },
});
