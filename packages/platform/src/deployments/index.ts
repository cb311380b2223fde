export * from './recorders.js';
export * from './targets.js';
