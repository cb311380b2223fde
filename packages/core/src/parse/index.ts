export * from './yaml.js';
export * from './json.js';
export * from './toml.js';
export * from './frontmatter.js';
export type { ParseProblem, Located } from './types.js';
