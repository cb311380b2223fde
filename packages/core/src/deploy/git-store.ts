import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleManifest, MANIFEST_PATH, RELEASE_PATH } from './bundle.js';
import { formatLedger, verifyLedger, type Slot } from './ledger.js';
import type { Plan, ReleaseState } from './release.js';
import { ConflictError, entriesFor, releaseDocument, type ReleaseStore, type StoreSnapshot } from './store.js';

/**
 * Releases as git refs, in the repository at `repo` and, with `remote`, pushed to it:
 *
 *   refs/agentship/<env>/blue, .../green   a commit per deploy: the bundle's files + .agentship/bundle.json
 *   refs/agentship/<env>/active            the serving slot's tree + .agentship/release.json (canary, weight)
 *   refs/agentship/ledger                  ledger.jsonl + environments/<env>.json (the state)
 *
 * Every change moves the ledger ref and the refs it touches in one atomic compare-and-swap:
 * `git push --atomic --force-with-lease=<ref>:<expected>` to a remote, `git update-ref --stdin`
 * with a transaction locally. Whoever read an older value loses with a ConflictError.
 */
export interface GitStoreOptions {
  repo: string;
  /** A remote name or URL; without it the refs are updated in `repo` itself. */
  remote?: string;
  prefix?: string;
  /** Extra environment for git (credentials helpers, SSH command). */
  env?: NodeJS.ProcessEnv;
}

const ZERO = '0'.repeat(40);

interface GitResult {
  stdout: string;
  stderr: string;
  code: number;
}

export function git(repo: string, args: string[], options: { input?: string; env?: NodeJS.ProcessEnv } = {}): Promise<GitResult> {
  return new Promise((resolve) => {
    const child = execFile(
      'git',
      ['-C', repo, ...args],
      {
        encoding: 'utf8',
        maxBuffer: 256 * 1024 * 1024,
        env: {
          ...process.env,
          GIT_AUTHOR_NAME: process.env.GIT_AUTHOR_NAME ?? 'agentship',
          GIT_AUTHOR_EMAIL: process.env.GIT_AUTHOR_EMAIL ?? 'agentship@localhost',
          GIT_COMMITTER_NAME: process.env.GIT_COMMITTER_NAME ?? 'agentship',
          GIT_COMMITTER_EMAIL: process.env.GIT_COMMITTER_EMAIL ?? 'agentship@localhost',
          GIT_TERMINAL_PROMPT: '0',
          ...options.env,
        },
      },
      (error, stdout, stderr) => resolve({ stdout, stderr, code: error ? ((error as { code?: number }).code as number) ?? 1 : 0 }),
    );
    if (options.input !== undefined) child.stdin?.end(options.input);
    else child.stdin?.end();
  });
}

async function must(repo: string, args: string[], options: { input?: string; env?: NodeJS.ProcessEnv } = {}): Promise<string> {
  const r = await git(repo, args, options);
  if (r.code !== 0) throw new Error(`git ${args[0]} failed in ${repo}: ${r.stderr.trim() || r.stdout.trim()}`);
  return r.stdout;
}

export function gitStore(options: GitStoreOptions): ReleaseStore {
  const { repo, remote } = options;
  const prefix = (options.prefix ?? 'refs/agentship').replace(/\/$/, '');
  // Where fetched values of the remote's refs are kept locally (never pushed).
  const seenPrefix = remote ? seenRefsPrefix(remote) : prefix;
  const ledgerRef = `${prefix}/ledger`;
  const slotRef = (env: string, slot: Slot | 'active') => `${prefix}/${env}/${slot}`;
  const seen = (ref: string) => seenPrefix + ref.slice(prefix.length);
  const run = (args: string[], o: { input?: string; env?: NodeJS.ProcessEnv } = {}) => must(repo, args, { ...o, env: { ...options.env, ...o.env } });

  async function refValues(): Promise<Map<string, string>> {
    if (remote) {
      const r = await git(repo, ['fetch', '--no-tags', '--prune', '--quiet', remote, `+${prefix}/*:${seenPrefix}/*`], { env: options.env });
      if (r.code !== 0) throw new Error(`git fetch from ${remote} failed: ${r.stderr.trim()}`);
    }
    const out = await run(['for-each-ref', '--format=%(refname) %(objectname)', seenPrefix]);
    const values = new Map<string, string>();
    for (const line of out.split('\n').filter(Boolean)) {
      const [ref, sha] = line.split(' ');
      values.set(prefix + ref.slice(seenPrefix.length), sha);
    }
    return values;
  }

  async function withIndex<T>(fn: (env: NodeJS.ProcessEnv) => Promise<T>): Promise<T> {
    const dir = mkdtempSync(join(tmpdir(), 'agentship-index-'));
    try {
      return await fn({ GIT_INDEX_FILE: join(dir, 'index') });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  const blob = async (content: string) => (await run(['hash-object', '-w', '--stdin'], { input: content })).trim();

  /** A tree: `base` tree (or empty) plus files given as (mode, blob, path). */
  async function tree(base: string | undefined, add: Array<{ mode: string; sha: string; path: string }>): Promise<string> {
    return withIndex(async (env) => {
      if (base) await run(['read-tree', base], { env });
      await run(['update-index', '--add', '--index-info'], { env, input: add.map((a) => `${a.mode} ${a.sha}\t${a.path}\n`).join('') });
      return (await run(['write-tree'], { env })).trim();
    });
  }

  const commit = async (treeSha: string, parent: string | undefined, message: string) =>
    (await run(['commit-tree', treeSha, ...(parent ? ['-p', parent] : []), '-m', message])).trim();

  async function writeSlot(plan: Plan, parent: string | undefined): Promise<string> {
    const write = plan.slotWrite!;
    let treeSha: string;
    if ('bundle' in write) {
      const { bundle } = write;
      const shas = bundle.files.length
        ? (await run(['hash-object', '-w', '--stdin-paths'], { input: bundle.files.map((f) => join(bundle.root, f.path)).join('\n') + '\n' })).trim().split('\n')
        : [];
      const files = bundle.files.map((f, i) => ({ mode: f.executable ? '100755' : '100644', sha: shas[i], path: f.path }));
      files.push({ mode: '100644', sha: await blob(bundleManifest(bundle)), path: MANIFEST_PATH });
      treeSha = await tree(undefined, files);
    } else {
      treeSha = (await run(['rev-parse', `${write.stored}^{tree}`])).trim();
    }
    const label = 'bundle' in write ? write.bundle.version : write.version;
    return commit(treeSha, parent, `agentship: ${plan.drafts[0].action} ${label} to ${plan.environment}/${write.slot}\n\n${plan.summary}`);
  }

  return {
    description: remote ? `git refs ${prefix}/* on ${remote}` : `git refs ${prefix}/* in ${repo}`,

    async read(): Promise<StoreSnapshot> {
      const values = await refValues();
      const ledgerSha = values.get(ledgerRef);
      let ledger: StoreSnapshot['ledger'] = [];
      const states: Record<string, ReleaseState> = {};
      if (ledgerSha) {
        const text = await run(['cat-file', 'blob', `${ledgerSha}:ledger.jsonl`]);
        const verified = verifyLedger(text);
        if (!verified.ok) throw new Error(`The ledger in ${ledgerRef} fails verification (${verified.problems[0].message} at line ${verified.problems[0].line}); refusing to write on top of it.`);
        ledger = verified.entries;
        const list = await run(['ls-tree', '--name-only', `${ledgerSha}:environments`]).catch(() => '');
        for (const name of list.split('\n').filter((n) => n.endsWith('.json'))) {
          states[name.slice(0, -5)] = JSON.parse(await run(['cat-file', 'blob', `${ledgerSha}:environments/${name}`])) as ReleaseState;
        }
      }
      return { ledger, states, token: values };
    },

    async apply(snapshot, plan) {
      const values = snapshot.token as Map<string, string>;
      const updates: Array<{ ref: string; sha: string }> = [];
      let stored: string | undefined;
      if (plan.slotWrite) {
        const ref = slotRef(plan.environment, plan.slotWrite.slot);
        stored = await writeSlot(plan, values.get(ref));
        updates.push({ ref, sha: stored });
      }
      const entries = entriesFor(snapshot, plan, stored);
      const state = plan.state;
      const activeRef = slotRef(plan.environment, 'active');
      if (state.active) {
        const serving = state.slots[state.active]!;
        const release = await blob(releaseDocument(state));
        const activeTree = await tree(`${serving.stored}^{tree}`, [{ mode: '100644', sha: release, path: RELEASE_PATH }]);
        const current = values.get(activeRef);
        const currentTree = current ? (await run(['rev-parse', `${current}^{tree}`])).trim() : undefined;
        if (activeTree !== currentTree) updates.push({ ref: activeRef, sha: await commit(activeTree, current, `agentship: ${plan.summary}`) });
      }
      const ledgerSha = values.get(ledgerRef);
      const ledgerText = formatLedger([...snapshot.ledger, ...entries]);
      const stateBlob = await blob(JSON.stringify(state, null, 2) + '\n');
      const ledgerTree = await tree(ledgerSha ? `${ledgerSha}^{tree}` : undefined, [
        { mode: '100644', sha: await blob(ledgerText), path: 'ledger.jsonl' },
        { mode: '100644', sha: stateBlob, path: `environments/${plan.environment}.json` },
      ]);
      updates.push({ ref: ledgerRef, sha: await commit(ledgerTree, ledgerSha, `agentship ledger: ${plan.summary}`) });

      if (remote) {
        const leases = updates.map((u) => `--force-with-lease=${u.ref}:${values.get(u.ref) ?? ''}`);
        const r = await git(repo, ['push', '--atomic', '--porcelain', ...leases, remote, ...updates.map((u) => `${u.sha}:${u.ref}`)], { env: options.env });
        if (r.code !== 0) {
          const text = `${r.stdout}\n${r.stderr}`;
          if (/stale info|fetch first|non-fast-forward|\[rejected\]|atomic push failed|cannot lock ref|reference already exists/i.test(text)) {
            throw new ConflictError(`Another release changed ${plan.environment} on ${remote} while this one ran (compare-and-swap on ${updates.map((u) => u.ref).join(', ')} failed). Nothing was written.`);
          }
          throw new Error(`git push to ${remote} failed: ${r.stderr.trim()}`);
        }
        // `=` (up to date) on the ledger ref: a racing writer pushed the very same commit (same
        // plan, same second). It is written once; this run did not write it and must not report it.
        const ledgerLine = r.stdout.split('\n').find((l) => l.includes(`:${ledgerRef}\t`));
        if (ledgerLine?.startsWith('=')) throw new ConflictError(`Another run wrote the same release to ${remote} at the same moment; nothing more was written.`);
        // Remember what we wrote, so a read without a fetch would see it too.
        await run(['update-ref', '--stdin'], { input: updates.map((u) => `update ${seen(u.ref)} ${u.sha}\n`).join('') });
      } else {
        const tx = ['start', ...updates.map((u) => `update ${u.ref} ${u.sha} ${values.get(u.ref) ?? ZERO}`), 'prepare', 'commit', ''].join('\n');
        const r = await git(repo, ['update-ref', '--stdin'], { input: tx, env: options.env });
        if (r.code !== 0) throw new ConflictError(`Another release changed ${plan.environment} in ${repo} while this one ran (${r.stderr.trim().split('\n')[0]}). Nothing was written.`);
      }
      return entries;
    },

  };
}

/** Reads the ledger text from a git store's ledger ref (for `agentship ledger verify --git`). */
export async function readGitLedger(options: GitStoreOptions): Promise<string | undefined> {
  const prefix = (options.prefix ?? 'refs/agentship').replace(/\/$/, '');
  if (options.remote) {
    const seenPrefix = seenRefsPrefix(options.remote);
    const r = await git(options.repo, ['fetch', '--no-tags', '--quiet', options.remote, `+${prefix}/ledger:${seenPrefix}/ledger`], { env: options.env });
    if (r.code !== 0) return undefined;
    const t = await git(options.repo, ['cat-file', 'blob', `${seenPrefix}/ledger:ledger.jsonl`]);
    return t.code === 0 ? t.stdout : undefined;
  }
  const t = await git(options.repo, ['cat-file', 'blob', `${prefix}/ledger:ledger.jsonl`]);
  return t.code === 0 ? t.stdout : undefined;
}

/** Where a remote's refs are kept locally; a path remote (`../x.git`) must still make a valid ref name. */
function seenRefsPrefix(remote: string): string {
  return `refs/agentship-seen/${remote.replace(/[^A-Za-z0-9_-]/g, '_')}`;
}
