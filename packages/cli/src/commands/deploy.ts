import { resolve } from 'node:path';
import { ConfigError } from '@agentship/core/errors';
import { ConflictError, ReleaseRefusal, type Slot } from '@agentship/core/deploy';
import { localPlatform } from '@agentship/platform/local';
import { platformFromEnv, type TargetInputs } from '@agentship/platform/deployments';
import { runDeployStage } from '@agentship/platform/stages';
import { EXIT, oneOf, UsageError, type Command, type Io, type OptionValues } from '../io.js';

/** Options every release command shares: where the releases live and which platforms mirror them. */
export const targetOptions = {
  env: { type: 'string', short: 'e' },
  target: { type: 'string' },
  repo: { type: 'string' },
  remote: { type: 'string' },
  directory: { type: 'string' },
  'github-deployments': { type: 'boolean' },
  'gitlab-deployments': { type: 'boolean' },
  webhook: { type: 'string' },
  'webhook-secret-env': { type: 'string' },
  trigger: { type: 'string' },
  format: { type: 'string', short: 'f' },
} as const;

export const targetUsage = `Where releases live:
  -e, --env <name>          the environment (required): staging, production, ...
      --target <kind>       git (default): refs/agentship/<env>/{blue,green,active} and
                            refs/agentship/ledger; or directory
      --repo <dir>          git: the repository holding the refs (default: dir)
      --remote <name|url>   git: push the refs there with compare-and-swap (default: none,
                            the refs are updated in the repository itself)
      --directory <dir>     directory: the folder to release into
Mirrors (written after the target):
      --github-deployments  GitHub Deployments (GITHUB_REPOSITORY, GITHUB_TOKEN, GITHUB_API_URL)
      --gitlab-deployments  GitLab deployments (CI_PROJECT_ID, GITLAB_TOKEN or CI_JOB_TOKEN, CI_API_V4_URL)
      --webhook <url>       POST every ledger entry as JSON
      --webhook-secret-env <NAME>  sign webhook bodies with the secret in this variable (HMAC-SHA256)
      --trigger <name>      who asks, recorded in the ledger (default: manual)
  -f, --format <fmt>        text (default) or json`;

export function targetInputs(values: OptionValues, io: Io, dir: string): TargetInputs {
  const store = oneOf(values.target, ['git', 'directory'] as const, '--target') ?? 'git';
  if (store === 'directory' && !values.directory) throw new UsageError('--target directory needs --directory <dir>.');
  const secretName = values['webhook-secret-env'] as string | undefined;
  if (secretName && io.env[secretName] === undefined) throw new ConfigError(`--webhook-secret-env names ${secretName}, which is not set.`);
  const kinds = [values['github-deployments'] ? 'github' : undefined, values['gitlab-deployments'] ? 'gitlab' : undefined].filter(Boolean) as Array<'github' | 'gitlab'>;
  return {
    cwd: io.cwd,
    store,
    repo: (values.repo as string | undefined) ?? dir,
    remote: remoteOf(values.remote as string | undefined, io.cwd),
    directory: values.directory as string | undefined,
    ...Object.assign({}, ...kinds.map((k) => platformFromEnv(k, io.env))),
    webhook: values.webhook ? { url: values.webhook as string, secret: secretName ? io.env[secretName] : undefined } : undefined,
  };
}

/** A path remote is relative to where the user stands, not to the repository git runs in. */
function remoteOf(remote: string | undefined, cwd: string): string | undefined {
  return remote && /^\.\.?\//.test(remote) ? resolve(cwd, remote) : remote;
}

export function requireEnv(values: OptionValues): string {
  const env = values.env as string | undefined;
  if (!env) throw new UsageError('--env <name> is required.');
  return env;
}

/** Runs a release stage; a refusal or a lost race is exit 1 with its message, never a stack. */
export async function releaseCommand(io: Io, values: OptionValues, run: () => Promise<{ outcome: { changed: boolean; summary: string; entries: unknown[] }; mirrorError?: string }>): Promise<number> {
  const format = oneOf(values.format, ['text', 'json'] as const, '--format') ?? 'text';
  try {
    const { outcome, mirrorError } = await run();
    if (format === 'json') io.stdout(JSON.stringify({ version: 1, changed: outcome.changed, summary: outcome.summary, entries: outcome.entries, ...(mirrorError ? { mirrorError } : {}) }, null, 2) + '\n');
    else io.stdout(`${outcome.summary}\n`);
    return mirrorError ? EXIT.gateFailed : EXIT.passed;
  } catch (error) {
    if (error instanceof ReleaseRefusal || error instanceof ConflictError) {
      if (format === 'json') io.stdout(JSON.stringify({ version: 1, changed: false, refused: error.message }, null, 2) + '\n');
      io.stderr(`${error instanceof ConflictError ? 'conflict' : 'refused'}: ${error.message}\n`);
      return EXIT.gateFailed;
    }
    throw error;
  }
}

export const deployCommand: Command = {
  name: 'deploy',
  summary: 'Stages 5-6: deploy the agent configuration as a content-addressed bundle (blue-green, canary) or promote a slot.',
  usage: `Usage: agentship deploy [dir] --env <name> [options]

Bundles the governed files under dir (default: the current folder): a manifest of each file's
sha256 and a digest over it, so the same files give the same digest. Deploys the bundle to the
idle slot (blue or green) of the environment, or promotes a slot to take all traffic. Every
deploy and promotion is a new entry in the hash-chained ledger; refs move by compare-and-swap,
so of two racing deploys one wins and the other exits 1 with a conflict.

Options:
      --strategy <s>        blue-green (default): idle slot, no traffic until promoted;
                            canary: idle slot with --weight percent of the traffic;
                            direct: idle slot, and switch traffic to it at once
      --weight <pct>        canary weight, above 0 and below 100 (default 10)
      --salt <text>         canary routing salt (default: <env>:<digest prefix>); see agentship route
      --slot <blue|green>   deploy to this slot instead of the idle one
      --version <label>     the version name recorded (default: the commit, else the digest)
      --promote             promote instead of deploy: the canary (or idle) slot takes all traffic
      --verdict <v>         with --promote: the canary verdict behind it; only promote promotes
      --require-review      the first deployment to this environment needs --approved-by
      --approved-by <name>  who reviewed the first deployment
  -c, --config <file>       agentship.yaml to use for discovery

${targetUsage}
  -h, --help                show this help

Exit codes: 0 deployed (or already deployed), 1 refused or lost a race, 2 usage or configuration error.
`,
  options: {
    ...targetOptions,
    strategy: { type: 'string' },
    weight: { type: 'string' },
    salt: { type: 'string' },
    slot: { type: 'string' },
    version: { type: 'string' },
    promote: { type: 'boolean' },
    verdict: { type: 'string' },
    'require-review': { type: 'boolean' },
    'approved-by': { type: 'string' },
    config: { type: 'string', short: 'c' },
  },
  async run({ positionals, values, io }) {
    if (positionals.length > 1) throw new UsageError(`Expected at most one folder (got ${positionals.length}).`);
    const dir = positionals[0] ?? '.';
    const environment = requireEnv(values);
    const strategy = oneOf(values.strategy, ['blue-green', 'canary', 'direct'] as const, '--strategy') ?? 'blue-green';
    const weight = values.weight === undefined ? undefined : Number(values.weight);
    if (weight !== undefined && !Number.isFinite(weight)) throw new UsageError(`--weight must be a number (got "${values.weight}").`);
    if (weight !== undefined && strategy !== 'canary') throw new UsageError('--weight needs --strategy canary.');
    const targets = targetInputs(values, io, dir);
    return releaseCommand(io, values, () =>
      runDeployStage(localPlatform({ log: (l) => io.stderr(l + '\n') }), {
        path: dir,
        config: values.config as string | undefined,
        environment,
        action: values.promote ? 'promote' : 'deploy',
        strategy,
        weight,
        salt: values.salt as string | undefined,
        slot: oneOf(values.slot, ['blue', 'green'] as const, '--slot') as Slot | undefined,
        version: values.version as string | undefined,
        trigger: (values.trigger as string | undefined) ?? 'manual',
        requireReview: Boolean(values['require-review']),
        approvedBy: values['approved-by'] as string | undefined,
        verdict: oneOf(values.verdict, ['promote', 'inconclusive', 'rollback'] as const, '--verdict'),
        targets,
      }),
    );
  },
};
