import { closeSync, copyFileSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { bundleManifest, MANIFEST_PATH, RELEASE_PATH } from './bundle.js';
import { formatLedger, verifyLedger } from './ledger.js';
import type { ReleaseState } from './release.js';
import { ConflictError, entriesFor, releaseDocument, type ReleaseStore, type StoreSnapshot } from './store.js';

/**
 * Releases as a folder a runtime can read directly (a shared volume, an artifact store):
 *
 *   bundles/<digest hex>/...        each bundle once, content-addressed, with .agentship/bundle.json
 *   <env>/<slot>, <env>/active/     copies of the slot's bundle; active also has .agentship/release.json
 *   environments/<env>.json         the state;   ledger.jsonl   the ledger
 *
 * Writers take `.agentship.lock` (O_EXCL) and compare the ledger head they planned on; folders
 * are swapped in with rename, so a reader never sees half a bundle.
 */
export function directoryStore(dir: string, options: { lockAttempts?: number } = {}): ReleaseStore {
  const ledgerPath = join(dir, 'ledger.jsonl');
  const lockPath = join(dir, '.agentship.lock');

  function readSnapshot(): StoreSnapshot {
    const text = existsSync(ledgerPath) ? readFileSync(ledgerPath, 'utf8') : '';
    const verified = verifyLedger(text);
    if (!verified.ok) throw new Error(`${ledgerPath}:${verified.problems[0].line}: ${verified.problems[0].message}; refusing to write on top of an edited ledger.`);
    const states: Record<string, ReleaseState> = {};
    const envDir = join(dir, 'environments');
    if (existsSync(envDir)) {
      for (const name of readdirSync(envDir).filter((n) => n.endsWith('.json'))) states[name.slice(0, -5)] = JSON.parse(readFileSync(join(envDir, name), 'utf8')) as ReleaseState;
    }
    return { ledger: verified.entries, states, token: verified.head };
  }

  async function lock(): Promise<number> {
    mkdirSync(dir, { recursive: true });
    const attempts = options.lockAttempts ?? 50;
    for (let i = 0; i < attempts; i++) {
      try {
        return openSync(lockPath, 'wx');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    throw new ConflictError(`${lockPath} is held by another release; if no release is running, delete it.`);
  }

  /** Writes a folder next to `target` and renames it into place. */
  function swapIn(target: string, fill: (tmp: string) => void): void {
    const tmp = `${target}.tmp-${process.pid}-${Date.now()}`;
    rmSync(tmp, { recursive: true, force: true });
    mkdirSync(tmp, { recursive: true });
    fill(tmp);
    const old = `${target}.old-${process.pid}-${Date.now()}`;
    if (existsSync(target)) renameSync(target, old);
    renameSync(tmp, target);
    rmSync(old, { recursive: true, force: true });
  }

  function copyTree(from: string, to: string): void {
    for (const name of readdirSync(from)) {
      const src = join(from, name);
      const dst = join(to, name);
      if (statSync(src).isDirectory()) {
        mkdirSync(dst, { recursive: true });
        copyTree(src, dst);
      } else copyFileSync(src, dst);
    }
  }

  return {
    description: `directory ${dir}`,
    read: async () => readSnapshot(),

    async apply(snapshot, plan) {
      const fd = await lock();
      try {
        const now = readSnapshot();
        if (now.token !== snapshot.token) throw new ConflictError(`Another release changed ${dir} while this one ran (ledger head ${String(now.token).slice(0, 12)}…, planned on ${String(snapshot.token).slice(0, 12)}…). Nothing was written.`);
        let stored: string | undefined;
        if (plan.slotWrite) {
          const write = plan.slotWrite;
          if ('bundle' in write) {
            stored = `bundles/${write.bundle.digest.replace(/^sha256:/, '')}`;
            const target = join(dir, stored);
            if (!existsSync(join(target, MANIFEST_PATH))) {
              swapIn(target, (tmp) => {
                for (const f of write.bundle.files) {
                  mkdirSync(dirname(join(tmp, f.path)), { recursive: true });
                  copyFileSync(join(write.bundle.root, f.path), join(tmp, f.path));
                }
                mkdirSync(join(tmp, '.agentship'), { recursive: true });
                writeFileSync(join(tmp, MANIFEST_PATH), bundleManifest(write.bundle));
              });
            }
          } else stored = write.stored;
          swapIn(join(dir, plan.environment, write.slot), (tmp) => copyTree(join(dir, stored!), tmp));
        }
        const entries = entriesFor(snapshot, plan, stored);
        const state = plan.state;
        if (state.active) {
          const serving = state.slots[state.active]!;
          swapIn(join(dir, plan.environment, 'active'), (tmp) => {
            copyTree(join(dir, serving.stored!), tmp);
            writeFileSync(join(tmp, RELEASE_PATH), releaseDocument(state));
          });
        }
        mkdirSync(join(dir, 'environments'), { recursive: true });
        writeFileSync(join(dir, 'environments', `${plan.environment}.json.tmp`), JSON.stringify(state, null, 2) + '\n');
        renameSync(join(dir, 'environments', `${plan.environment}.json.tmp`), join(dir, 'environments', `${plan.environment}.json`));
        writeFileSync(`${ledgerPath}.tmp`, formatLedger([...snapshot.ledger, ...entries]));
        renameSync(`${ledgerPath}.tmp`, ledgerPath);
        return entries;
      } finally {
        closeSync(fd);
        rmSync(lockPath, { force: true });
      }
    },

  };
}
