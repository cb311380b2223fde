import { UsageError } from '@agentship/core/errors';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { ParseArgsConfig } from 'node:util';
import { localPlatform, type Platform } from '@agentship/platform';

export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
  isTTY: boolean;
  cwd: string;
  env: NodeJS.ProcessEnv;
}

export type OptionValues = Record<string, string | boolean | string[] | undefined>;

export interface CommandArgs {
  positionals: string[];
  values: OptionValues;
  io: Io;
}

/** One subcommand: its name, one help line, its full usage and options, and what it does. */
export interface Command {
  name: string;
  summary: string;
  usage: string;
  options: NonNullable<ParseArgsConfig['options']>;
  run(args: CommandArgs): Promise<number>;
}

export { UsageError };

export const EXIT = { passed: 0, gateFailed: 1, usage: 2 } as const;

/** Writes a report to `--output` or stdout. */
export function emit(io: Io, text: string, output: string | undefined): void {
  if (output) {
    const path = resolve(io.cwd, output);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  } else io.stdout(text);
}

/**
 * The platform for a command whose printed report says it all (validate, secrets): the stage's
 * closing log line stays out of stderr, its warnings do not.
 */
export function reportPlatform(io: Io, options: { dotenvFile?: string } = {}): Platform {
  const platform = localPlatform({ ...options, log: (line) => io.stderr(line + '\n') });
  return { ...platform, info: () => undefined };
}

/** A stage's verdict as an exit code: its failure message on stderr and 1, or 0. */
export function gateExit(io: Io, failure: string | undefined): number {
  if (!failure) return EXIT.passed;
  io.stderr(failure + '\n');
  return EXIT.gateFailed;
}

export function oneOf<T extends string>(value: unknown, allowed: readonly T[], flag: string): T | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`${flag} must be one of ${allowed.join(', ')} (got ${JSON.stringify(value)}).`);
}

export const formatOptions = {
  format: { type: 'string', short: 'f' },
  output: { type: 'string', short: 'o' },
} as const;
