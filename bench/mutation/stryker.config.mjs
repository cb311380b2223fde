// Stryker configuration for one module group (MUTATION_GROUP, see groups.mjs). Run it through
// `npm run mutation` (bench/mutation/run.mjs): Stryker 10 needs Node 22 or later, and run.mjs
// starts it with the Node 24 of .tools/. Results go to bench/.work/mutation/ (gitignored).
import { groupNamed } from './groups.mjs';

const name = process.env.MUTATION_GROUP;
const group = groupNamed(name);
const out = 'bench/.work/mutation';

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'bench/mutation/vitest.config.mjs' },
  plugins: ['@stryker-mutator/vitest-runner'],
  mutate: group.mutate,
  coverageAnalysis: 'perTest',
  // A static mutant (one in a module-level constant, such as a secret rule's regex) makes every
  // test re-import the module: Stryker estimated 41% of the time for 4% of the canary mutants.
  // They are counted as ignored; docs/quality.md lists what that leaves unmeasured.
  ignoreStatic: true,
  // Two test processes: the whole run stays within an hour on two cores shared with other work.
  concurrency: Number(process.env.MUTATION_CONCURRENCY ?? 2),
  // Big directories no group's tests read, and the symbolic links git tracks (Stryker would copy
  // a link's target, or fail on a dangling one; the sandbox setup recreates them).
  ignorePatterns: [
    '/actions',
    '/bench/.work',
    '/coverage',
    '/.tools',
    '/packages/*/dist',
    ...JSON.parse(process.env.MUTATION_SYMLINKS ?? '[]').map((link) => `/${link.path}`),
  ],
  // Incremental: a later run re-tests only the mutants whose source or covering tests changed.
  // MUTATION_FULL=1 (npm run mutation -- --full) ignores the earlier results.
  incremental: true,
  incrementalFile: `${out}/${name}.incremental.json`,
  force: process.env.MUTATION_FULL === '1',
  tempDirName: `${out}/tmp-${name}`,
  cleanTempDir: 'always',
  reporters: ['clear-text', 'progress-append-only', 'json', 'html'],
  jsonReporter: { fileName: `${out}/${name}.json` },
  htmlReporter: { fileName: `${out}/${name}.html` },
  clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true, reportMutants: false },
  thresholds: { high: 80, low: 70, break: null },
  timeoutMS: 10_000,
};
