import type { Rule } from '../types.js';
import { broadAllow } from './broad-allow.js';
import { bypassMode } from './bypass-mode.js';
import { enableAllMcpServers } from './enable-all-mcp-servers.js';
import { committedHooks } from './committed-hooks.js';
import { policyViolation } from './policy-violation.js';

export const permissionsRules: Rule[] = [broadAllow, bypassMode, enableAllMcpServers, committedHooks, policyViolation];
