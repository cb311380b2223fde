import { ConfigError } from '@agentship/core/errors';
import { parseDuration, planRollback, ReleaseRefusal, runRelease, type KnownGood, type Snapshot } from '@agentship/core/deploy';
import { recorders, releaseStore, type TargetInputs } from '../deployments/index.js';
import type { Platform } from '../types.js';
import { finishRelease, type StageResult } from './deploy.js';

export interface RollbackStageInputs {
  environment: string;
  /** How long a promoted version must have served without trouble to count as known good ("30m"). */
  soak: string;
  trigger: string;
  /** Automatic rollbacks run at most once per incident. */
  automatic: boolean;
  incident?: string;
  /** Where "last known good" comes from: the ledger, or the platform's deployments. */
  knownGoodFrom: 'ledger' | 'github' | 'gitlab';
  targets: TargetInputs;
  now?: Date;
}

/**
 * Stage 6: redeploy the last known-good version as a new ledger entry. Idempotent (a second run
 * finds it done), race-safe (the loser re-reads and finds it done), refuses when nothing is known good.
 */
export async function runRollbackStage(platform: Platform, inputs: RollbackStageInputs): Promise<StageResult> {
  const soakMs = parseDuration(inputs.soak);
  if (soakMs === undefined) throw new ConfigError(`soak must be a duration like 30m, 2h or 0 (got "${inputs.soak}").`);
  const store = releaseStore(inputs.targets);
  const now = inputs.now ?? new Date();

  let external: KnownGood | undefined;
  if (inputs.knownGoodFrom !== 'ledger') {
    const recorder = recorders(inputs.targets).find((r) => r.name === `${inputs.knownGoodFrom}-deployments`);
    if (!recorder?.lastKnownGood) throw new ConfigError(`known-good-from ${inputs.knownGoodFrom} needs the ${inputs.knownGoodFrom} deployments target.`);
    const snapshot = await store.read();
    const state = snapshot.states[inputs.environment];
    const current = state ? state.slots[state.canary?.slot ?? state.active ?? 'blue'] : undefined;
    const found = await recorder.lastKnownGood(inputs.environment, { excludeDigest: current?.digest, excludeCommit: current?.sourceCommit, soakMs, now });
    if (!found) throw new ReleaseRefusal(`${inputs.knownGoodFrom} shows no successful deployment of ${inputs.environment} older than the soak window (${inputs.soak}); nothing was changed.`);
    external = resolveKnownGood(snapshot, inputs.environment, found);
    platform.info(`Last known good from ${inputs.knownGoodFrom}: ${external.version} (${found.sourceCommit.slice(0, 12)}).`);
  }

  const outcome = await runRelease(
    store,
    (s) => planRollback(s, { environment: inputs.environment, trigger: inputs.trigger, automatic: inputs.automatic, incident: inputs.incident, soakMs, knownGood: external, now }),
    { attempts: 5 },
  );
  return finishRelease(platform, outcome, inputs.targets, 'rollback');
}

/** Maps a platform's known-good deployment (a commit, maybe a digest) onto a bundle the store holds. */
function resolveKnownGood(snapshot: Snapshot, environment: string, found: { sourceCommit: string; digest?: string; promotedAt: string }): KnownGood {
  const entries = [...snapshot.ledger].reverse().filter((e) => e.environment === environment && e.stored);
  const match = entries.find((e) => (found.digest ? e.digest === found.digest : e.sourceCommit === found.sourceCommit));
  if (!match) throw new ReleaseRefusal(`The known-good deployment (commit ${found.sourceCommit.slice(0, 12)}) has no stored bundle in this target; deploy it again.`);
  return { version: match.version, digest: match.digest, sourceCommit: match.sourceCommit, stored: match.stored, promotedAt: found.promotedAt };
}
