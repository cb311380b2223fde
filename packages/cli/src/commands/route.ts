import { bucket, route, routingHash, ROUTING_HASH_VERSION, ROUTING_TEST_VECTORS } from '@agentship/core/routing';
import { EXIT, oneOf, UsageError, type Command } from '../io.js';

export const routeCommand: Command = {
  name: 'route',
  summary: 'Canary routing: the bucket in [0, 100) of each key, and its arm at a weight.',
  usage: `Usage: agentship route --salt <salt> [--weight <pct>] <key>... | -
       agentship route --test-vectors

bucket = ((murmur3_x86_32(utf8("<salt>:<key>"), seed 0) * 10000) >> 32) / 100, in [0, 100).
A key goes to the candidate when bucket < weight. docs/routing.md has Python and Go versions.
Keys come from the arguments, or one per line from standard input with "-".

Options:
      --salt <text>         the salt (the canary's salt from agentship deploy, or your own)
      --weight <pct>        print the arm (candidate or baseline) at this canary weight
      --test-vectors        print the published test vectors and check this build against them
  -f, --format <fmt>        text (default: key, bucket, arm) or json
  -h, --help                show this help
`,
  options: {
    salt: { type: 'string' },
    weight: { type: 'string' },
    'test-vectors': { type: 'boolean' },
    format: { type: 'string', short: 'f' },
  },
  async run({ positionals, values, io }) {
    const format = oneOf(values.format, ['text', 'json'] as const, '--format') ?? 'text';
    if (values['test-vectors']) {
      const rows = ROUTING_TEST_VECTORS.map((v) => ({ ...v, ok: routingHash(v.salt, v.key) === v.hash && bucket(v.salt, v.key) === v.bucket }));
      if (format === 'json') io.stdout(JSON.stringify({ version: 1, hashVersion: ROUTING_HASH_VERSION, vectors: rows }, null, 2) + '\n');
      else io.stdout(rows.map((r) => `${JSON.stringify(r.salt)}\t${JSON.stringify(r.key)}\t${r.hash}\t${r.bucket}\t${r.ok ? 'ok' : 'MISMATCH'}\n`).join(''));
      return rows.every((r) => r.ok) ? EXIT.passed : EXIT.gateFailed;
    }
    if (values.salt === undefined) throw new UsageError('--salt is required.');
    const salt = values.salt as string;
    const weight = values.weight === undefined ? undefined : Number(values.weight);
    if (weight !== undefined && !(Number.isFinite(weight) && weight >= 0 && weight <= 100)) throw new UsageError(`--weight must be a number from 0 to 100 (got "${values.weight}").`);
    let keys = positionals;
    if (keys.length === 1 && keys[0] === '-') keys = (await readStdin()).split(/\r?\n/).filter((k) => k.length > 0);
    if (!keys.length) throw new UsageError('Give at least one key, or "-" to read keys from standard input.');
    const rows = keys.map((key) => ({ key, bucket: bucket(salt, key), ...(weight !== undefined ? { arm: route(salt, key, weight) } : {}) }));
    if (format === 'json') io.stdout(JSON.stringify({ version: 1, hashVersion: ROUTING_HASH_VERSION, salt, weight, routes: rows }, null, 2) + '\n');
    else io.stdout(rows.map((r) => `${r.key}\t${r.bucket.toFixed(2)}${r.arm ? `\t${r.arm}` : ''}\n`).join(''));
    return EXIT.passed;
  },
};

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
