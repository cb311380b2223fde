import type { Rule } from '../types.js';
import { providerToken } from './provider-token.js';
import { privateKey } from './private-key.js';
import { connectionString } from './connection-string.js';
import { highEntropyAssignment } from './high-entropy-assignment.js';

export const secretRules: Rule[] = [providerToken, privateKey, connectionString, highEntropyAssignment];
