import type { Command } from '../io.js';
import { validateCommand } from './validate.js';

/** Every subcommand, in the order `agentship --help` lists them. */
export const commands: Command[] = [validateCommand];
