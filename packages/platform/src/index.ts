export * from './types.js';
export { githubPlatform } from './github/index.js';
export { localPlatform } from './local/index.js';
