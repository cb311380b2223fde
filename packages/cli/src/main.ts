import { parseArgs } from 'node:util';
import { isUserError } from '@agentship/core/errors';
import { VERSION } from '@agentship/core/version';
import { commands } from './commands/index.js';
import { EXIT, type Io } from './io.js';

function overview(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    `agentship ${VERSION}: CI/CD for agent configurations (AGENTS.md, CLAUDE.md, skills, MCP configs, permissions).`,
    '',
    'Usage: agentship <command> [dir] [options]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run `agentship <command> --help` for a command\'s options.',
    'Exit codes: 0 passed, 1 the gate failed, 2 usage or configuration error.',
    '',
  ].join('\n');
}

export async function main(argv: string[], io: Io): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(overview());
    return name ? EXIT.passed : EXIT.usage;
  }
  if (name === '--version' || name === '-v') {
    io.stdout(`${VERSION}\n`);
    return EXIT.passed;
  }
  const entry = commands.find((c) => c.name === name);
  if (!entry) {
    io.stderr(`agentship: unknown command "${name}".\n\n${overview()}`);
    return EXIT.usage;
  }
  const command = await entry.load();
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(command.usage.trimEnd() + '\n');
    return EXIT.passed;
  }
  try {
    const { values, positionals } = parseArgs({ args: rest, options: command.options, allowPositionals: true, strict: true });
    return await command.run({ values: values as Record<string, string | boolean | string[] | undefined>, positionals, io });
  } catch (error) {
    if (isUserError(error) || isParseArgsError(error)) {
      io.stderr(`agentship ${name}: ${(error as Error).message}\nRun \`agentship ${name} --help\` for usage.\n`);
      return EXIT.usage;
    }
    io.stderr(`agentship ${name}: internal error: ${(error as Error)?.message ?? String(error)}\n`);
    if (io.env.AGENTSHIP_DEBUG) io.stderr(`${(error as Error)?.stack ?? ''}\n`);
    return EXIT.usage;
  }
}

function isParseArgsError(error: unknown): boolean {
  const code = (error as { code?: string })?.code;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS');
}
