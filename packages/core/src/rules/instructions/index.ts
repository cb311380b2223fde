import type { Rule } from '../types.js';
import { codexChainSize } from './codex-chain-size.js';
import { emptyFile } from './empty-file.js';
import { claudeMdLength } from './claude-md-length.js';
import { importMissing } from './import-missing.js';
import { importCycle } from './import-cycle.js';
import { importDepth } from './import-depth.js';
import { importEscape } from './import-escape.js';
import { claudeMissesAgentsMd } from './claude-misses-agents-md.js';
import { brokenSymlink } from './broken-symlink.js';

export const instructionsRules: Rule[] = [
  codexChainSize,
  emptyFile,
  claudeMdLength,
  importMissing,
  importCycle,
  importDepth,
  importEscape,
  claudeMissesAgentsMd,
  brokenSymlink,
];
