import { resolve } from 'node:path';
import { ConfigError } from '@agentship/core/errors';
import { buildBundle, planDeploy, planPromote, runRelease, type ReleaseOutcome, type Slot } from '@agentship/core/deploy';
import { recorders, releaseStore, type TargetInputs } from '../deployments/index.js';
import type { Platform } from '../types.js';

export interface DeployStageInputs {
  /** The folder whose agent configuration is bundled, relative to targets.cwd. */
  path: string;
  config?: string;
  environment: string;
  /** deploy: put a bundle in a slot; promote: switch traffic to a slot (ends a canary). */
  action: 'deploy' | 'promote';
  strategy: 'blue-green' | 'canary' | 'direct';
  weight?: number;
  salt?: string;
  slot?: Slot;
  version?: string;
  trigger: string;
  requireReview?: boolean;
  approvedBy?: string;
  /** promote only: the canary verdict behind it (only promote promotes). */
  verdict?: 'promote' | 'inconclusive' | 'rollback';
  targets: TargetInputs;
  now?: Date;
}

export interface StageResult {
  outcome: ReleaseOutcome;
  /** A problem after the store was written (a platform mirror failed): the release stands. */
  mirrorError?: string;
}

/** Writes the outcome as outputs and a summary, then tells the platform mirrors. */
export async function finishRelease(platform: Platform, outcome: ReleaseOutcome, targets: TargetInputs, title: string): Promise<StageResult> {
  const last = outcome.entries.at(-1);
  const state = outcome.state;
  const active = state?.active ? state.slots[state.active] : undefined;
  platform.setOutput('changed', String(outcome.changed));
  if (last) {
    platform.setOutput('version', last.version);
    platform.setOutput('digest', last.digest);
    platform.setOutput('slot', last.slot);
    platform.setOutput('ledger-hash', last.hash);
  }
  if (active) platform.setOutput('active-version', active.version);
  platform.setOutput('canary-weight', state?.canary?.weight ?? 0);
  const rows = outcome.entries.map((e) => `| ${e.seq} | ${e.action} | ${e.environment}/${e.slot} | ${e.version} | \`${e.digest.slice(0, 19)}…\` | ${e.weight ?? ''} | ${e.trigger} |`);
  await platform.writeSummary(
    [`## agentship ${title}`, '', outcome.summary, '', ...(rows.length ? ['| # | action | target | version | digest | weight | trigger |', '|---|---|---|---|---|---|---|', ...rows] : [])].join('\n') + '\n',
  );
  platform.info(`agentship ${title}: ${outcome.summary}`);
  let mirrorError: string | undefined;
  if (outcome.entries.length) {
    for (const recorder of recorders(targets)) {
      try {
        await recorder.record(outcome.entries, outcome.state);
      } catch (error) {
        mirrorError = `${outcome.summary} The release is stored, but recording it in ${recorder.name} failed: ${(error as Error).message}`;
        platform.warning(mirrorError);
      }
    }
  }
  return { outcome, mirrorError };
}

/** Stages 5 and 6: deploy a bundle to a slot (blue-green, canary or direct), or promote a slot. */
export async function runDeployStage(platform: Platform, inputs: DeployStageInputs): Promise<StageResult> {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(inputs.environment)) throw new ConfigError(`The environment name must be letters, digits, ".", "_" or "-" (got "${inputs.environment}").`);
  const store = releaseStore(inputs.targets);
  const now = inputs.now ?? new Date();
  let outcome: ReleaseOutcome;
  if (inputs.action === 'promote') {
    outcome = await runRelease(store, (s) => planPromote(s, { environment: inputs.environment, slot: inputs.slot, verdict: inputs.verdict, trigger: inputs.trigger, now }));
  } else {
    const bundle = buildBundle(resolve(inputs.targets.cwd, inputs.path), { version: inputs.version, configPath: inputs.config });
    if (!bundle.files.length) throw new ConfigError(`No agent configuration found under ${inputs.path}: nothing to deploy.`);
    platform.setOutput('bundle-digest', bundle.digest);
    outcome = await runRelease(store, (s) =>
      planDeploy(s, {
        environment: inputs.environment,
        bundle,
        strategy: inputs.strategy,
        weight: inputs.weight,
        salt: inputs.salt,
        slot: inputs.slot,
        trigger: inputs.trigger,
        requireReview: inputs.requireReview,
        approvedBy: inputs.approvedBy,
        now,
      }),
    );
  }
  return finishRelease(platform, outcome, inputs.targets, inputs.action);
}
