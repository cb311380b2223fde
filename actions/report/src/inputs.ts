import { defineInputs } from '@agentship/platform/inputs';

export const INPUTS = defineInputs({
  path: { kind: 'path', default: '.' },
  config: { kind: 'path', default: '' },
  usage: { kind: 'list', default: '' },
  environments: { kind: 'list', default: '' },
  'as-of': { kind: 'string', default: '' },
  prices: { kind: 'path', default: '' },
  'json-file': { kind: 'path', default: 'agentship-report/report.json', emptyMeansNone: true },
  'markdown-file': { kind: 'path', default: '' },
  'html-file': { kind: 'path', default: 'agentship-report/index.html', emptyMeansNone: true },
  'send-alerts': { kind: 'boolean', default: 'true' },
  'state-file': { kind: 'path', default: '' },
  'fail-on': {
    kind: 'enum',
    values: ['never', 'info', 'warning', 'error', 'critical'],
    default: 'never',
  },
});
