// The module groups under mutation testing: the core algorithms, where a mutation score says
// something about the tests. Each group runs as its own Stryker run, so each one finishes within
// its time limit and reports on its own. `tests` are the in-process tests of those modules (a test
// that only spawns the built CLI cannot kill a mutant: the child process never activates one);
// `skipTests` are left out of the run, each for the reason given.
export const GROUPS = {
  secrets: {
    mutate: ['packages/core/src/secrets/**/*.ts', '!packages/core/src/secrets/index.ts'],
    tests: ['packages/core/test/secrets/**/*.test.ts', 'test/secrets/**/*.test.ts'],
  },
  canary: {
    mutate: ['packages/core/src/canary/stats.ts', 'packages/core/src/canary/judge.ts', 'packages/core/src/routing/index.ts'],
    tests: ['test/canary/**/*.test.ts'],
  },
  deploy: {
    mutate: ['packages/core/src/deploy/ledger.ts', 'packages/core/src/deploy/bundle.ts'],
    tests: ['test/deploy/**/*.test.ts'],
    // Real git (about 16 s a pass, for each mutant they cover): too slow to run per mutant. The
    // directory store's tests drive the same ledger and bundle code.
    skipTests: ['test/deploy/git-store*.test.ts', 'test/deploy/scenario.test.ts', 'test/deploy/cli.test.ts'],
  },
  cost: {
    mutate: [
      'packages/core/src/pricing/pricer.ts',
      'packages/core/src/pricing/overrides.ts',
      'packages/core/src/cost/project.ts',
    ],
    tests: ['test/cost/**/*.test.ts'],
  },
  rules: {
    mutate: [
      'packages/core/src/rules/skill/name-format.ts',
      'packages/core/src/rules/mcp/unpinned-package.ts',
      'packages/core/src/rules/permissions/broad-allow.ts',
      'packages/core/src/rules/instructions/import-cycle.ts',
    ],
    tests: [
      'packages/core/test/rules/skill/**/*.test.ts',
      'packages/core/test/rules/mcp/**/*.test.ts',
      'packages/core/test/rules/permissions/**/*.test.ts',
      'packages/core/test/rules/instructions/**/*.test.ts',
    ],
  },
};

export function groupNamed(name) {
  const group = GROUPS[name];
  if (!group) throw new Error(`MUTATION_GROUP must be one of ${Object.keys(GROUPS).join(', ')} (got ${JSON.stringify(name)})`);
  return group;
}
