import { localPlatform } from '@agentship/platform/local';
import { runRollbackStage } from '@agentship/platform/stages';
import { oneOf, UsageError, type Command } from '../io.js';
import { releaseCommand, requireEnv, targetInputs, targetOptions, targetUsage } from './deploy.js';

export const rollbackCommand: Command = {
  name: 'rollback',
  summary: 'Stage 6: redeploy the last known-good version (idempotent, once per incident, race-safe).',
  usage: `Usage: agentship rollback [dir] --env <name> [options]

Finds the last known-good version of the environment: the newest version promoted (or rolled
back to) that served through its soak window without being rolled back from. Redeploys it as a
new ledger entry and ends any canary. Running it again changes nothing more; of two racing runs
one rolls back and the other finds it done. Refuses (exit 1) when no version is known good.

Options:
      --soak <duration>     how long a promoted version must have served: 30m (default), 2h, 0
      --automatic           an automatic rollback (a canary verdict, a monitor): at most one per incident
      --incident <id>       the incident (default: <env>:<digest rolled back from>)
      --known-good-from <s> ledger (default), github or gitlab (their successful deployments;
                            needs --github-deployments or --gitlab-deployments)

${targetUsage}
  -h, --help                show this help

Exit codes: 0 rolled back (or nothing to do), 1 refused or lost a race, 2 usage or configuration error.
`,
  options: {
    ...targetOptions,
    soak: { type: 'string' },
    automatic: { type: 'boolean' },
    incident: { type: 'string' },
    'known-good-from': { type: 'string' },
  },
  async run({ positionals, values, io }) {
    if (positionals.length > 1) throw new UsageError(`Expected at most one folder (got ${positionals.length}).`);
    const dir = positionals[0] ?? '.';
    const environment = requireEnv(values);
    const targets = targetInputs(values, io, dir);
    const automatic = Boolean(values.automatic);
    return releaseCommand(io, values, () =>
      runRollbackStage(localPlatform({ log: (l) => io.stderr(l + '\n') }), {
        environment,
        soak: (values.soak as string | undefined) ?? '30m',
        trigger: (values.trigger as string | undefined) ?? (automatic ? 'automatic' : 'manual'),
        automatic,
        incident: values.incident as string | undefined,
        knownGoodFrom: oneOf(values['known-good-from'], ['ledger', 'github', 'gitlab'] as const, '--known-good-from') ?? 'ledger',
        targets,
      }),
    );
  },
};
