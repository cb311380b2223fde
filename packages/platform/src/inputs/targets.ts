import { defineInputs } from './index.js';

/** The release-target inputs deploy, rollback and canary-compare share (targetsFromActionInputs). */
export const TARGET_INPUTS = defineInputs({
  target: { kind: 'enum', values: ['git', 'directory'], default: 'git' },
  repo: { kind: 'path', default: '.' },
  remote: { kind: 'string', default: 'origin', emptyMeansNone: true },
  directory: { kind: 'path', default: '' },
});

export const MIRROR_INPUTS = defineInputs({
  'github-deployments': { kind: 'boolean', default: 'true' },
  'gitlab-deployments': { kind: 'boolean', default: 'false' },
  token: { kind: 'string', default: '${{ github.token }}' },
  'webhook-url': { kind: 'string', default: '' },
  'webhook-secret': { kind: 'string', default: '' },
  trigger: { kind: 'string', default: 'github-actions' },
});
