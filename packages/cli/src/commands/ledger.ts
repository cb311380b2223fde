import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConfigError } from '@agentship/core/errors';
import { readGitLedger, verifyLedger } from '@agentship/core/deploy';
import { EXIT, oneOf, UsageError, type Command } from '../io.js';

export const ledgerCommand: Command = {
  name: 'ledger',
  summary: 'Show or verify the hash-chained release ledger (detects any edit).',
  usage: `Usage: agentship ledger <verify|show> [file] [options]

The ledger is JSONL: one entry per deploy, promotion, rollback or verdict, each with the sha256
of its own fields (hash) and of the entry before it (prev). verify recomputes every hash and link:
an edited, inserted, removed or reordered entry fails with its line. Removing entries from the end
shows only against a head hash kept elsewhere (--expect-head).

Reads file (a ledger.jsonl, e.g. <directory>/ledger.jsonl), or with --git the ledger ref of a repository.

Options:
      --git <repo>          read refs/agentship/ledger of this repository
      --remote <name|url>   with --git: fetch the ledger from this remote first
      --expect-head <hash>  the last entry's hash must be this one
  -f, --format <fmt>        text (default) or json
  -h, --help                show this help

Exit codes: 0 verified (or shown), 1 the ledger fails verification, 2 usage error.
`,
  options: {
    git: { type: 'string' },
    remote: { type: 'string' },
    'expect-head': { type: 'string' },
    format: { type: 'string', short: 'f' },
  },
  async run({ positionals, values, io }) {
    const [sub, file, ...rest] = positionals;
    if (sub !== 'verify' && sub !== 'show') throw new UsageError('Expected a subcommand: verify or show.');
    if (rest.length) throw new UsageError(`Unexpected arguments: ${rest.join(' ')}`);
    const format = oneOf(values.format, ['text', 'json'] as const, '--format') ?? 'text';
    let text: string;
    let source: string;
    if (values.git) {
      const repo = resolve(io.cwd, values.git as string);
      const found = await readGitLedger({ repo, remote: values.remote as string | undefined });
      if (found === undefined) throw new ConfigError(`No ledger in ${repo}${values.remote ? ` (remote ${values.remote})` : ''}: refs/agentship/ledger does not exist.`);
      text = found;
      source = `${values.git}:refs/agentship/ledger`;
    } else {
      if (!file) throw new UsageError('Name a ledger file or use --git <repo>.');
      try {
        text = readFileSync(resolve(io.cwd, file), 'utf8');
      } catch {
        throw new ConfigError(`Ledger file not found: ${file}`);
      }
      source = file;
    }
    const result = verifyLedger(text, { expectHead: values['expect-head'] as string | undefined });
    if (format === 'json') {
      io.stdout(JSON.stringify({ version: 1, ok: result.ok, head: result.head, problems: result.problems, ...(sub === 'show' ? { entries: result.entries } : {}) }, null, 2) + '\n');
    } else {
      if (sub === 'show') {
        io.stdout(result.entries.map((e) => `${String(e.seq).padStart(4)}  ${e.time}  ${e.action.padEnd(8)}  ${`${e.environment}/${e.slot}`.padEnd(20)}  ${e.version.padEnd(14)}  ${e.digest.slice(0, 19)}  ${e.weight ?? ''}${e.verdict ? `  verdict ${e.verdict}` : ''}  (${e.trigger})\n`).join(''));
      }
      for (const p of result.problems) io.stdout(`${source}:${p.line}: ${p.message}\n`);
      io.stdout(result.ok ? `${source}: ${result.entries.length} entries, chain intact; head ${result.head}\n` : `${source}: the ledger fails verification (${result.problems.length} problems).\n`);
    }
    return result.ok ? EXIT.passed : EXIT.gateFailed;
  },
};
