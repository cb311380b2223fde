import type { Rule } from '../types.js';
import { invalidRolesFile } from './invalid-roles-file.js';
import { missingRole } from './missing-role.js';
import { unknownAgent } from './unknown-agent.js';
import { serverNotGranted } from './server-not-granted.js';
import { pathNotGranted } from './path-not-granted.js';
import { readOnlyWriteServer } from './read-only-write-server.js';

export const rolesRules: Rule[] = [invalidRolesFile, missingRole, unknownAgent, serverNotGranted, pathNotGranted, readOnlyWriteServer];
