import { defineInputs } from '@agentship/platform/inputs';

export const INPUTS = defineInputs({
  path: { kind: 'path', default: '.' },
  config: { kind: 'path', default: '' },
  environments: { kind: 'list', separators: /[\s,]+/, default: '' },
  'base-ref': { kind: 'string', default: '' },
  'base-results': { kind: 'path', default: '' },
  prices: { kind: 'path', default: '' },
  'dry-run-results': { kind: 'path', default: '' },
  'fail-at': { kind: 'number', min: 0, exclusive: true, default: '' },
  comment: { kind: 'boolean', default: 'true' },
  behavior: {
    kind: 'enum',
    values: ['update', 'hide-and-new', 'delete-and-new', 'new'],
    default: '',
  },
  tag: { kind: 'string', default: '' },
  'comment-author': { kind: 'string', default: '' },
  'approval-label': { kind: 'string', default: '' },
  'approval-team': { kind: 'string', default: '' },
  'github-token': { kind: 'string', default: '${{ github.token }}' },
  'report-file': { kind: 'path', default: 'agentship-cost.json', emptyMeansNone: true },
});
