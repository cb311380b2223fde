/**
 * What agents load and what it costs in tokens: CLAUDE.md imports, the Claude Code and Codex
 * instruction chains, skill indexes, budgets, and the token report validate prints.
 */
export * from './imports.js';
export * from './chains.js';
export * from './limits.js';
export * from './report.js';
export * from './render.js';
