import type { Rule } from '../types.js';
import { syntax } from './syntax.js';
import { schema } from './schema.js';
import { encoding } from './encoding.js';
import { fileUnreadable } from './file-unreadable.js';
import { symlink } from './symlink.js';

export const configRules: Rule[] = [syntax, schema, encoding, fileUnreadable, symlink];
