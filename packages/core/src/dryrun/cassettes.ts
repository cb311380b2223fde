import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { diffJson, type JsonDifference } from './canonical.js';
import type { SseEvent } from './exchange.js';
import type { Endpoint, Provider } from './types.js';

export const CASSETTE_VERSION = 1;

/** One recorded model call, stored as readable JSON in `<dir>/<key>.json`. No headers are stored. */
export interface Cassette {
  version: number;
  key: string;
  provider: Provider;
  endpoint: Endpoint;
  /** The case that recorded it (informational: any case making the same request replays it). */
  recordedFor?: string;
  recordedAt: string;
  /** The canonical request body, secrets redacted. */
  request: Record<string, unknown>;
  response: { status: number; body?: unknown; events?: SseEvent[] };
}

export interface Nearest {
  file: string;
  differences: JsonDifference[];
}

/** Problems met loading a cassette folder (a broken file is reported, not fatal). */
export interface CassetteProblem {
  file: string;
  message: string;
}

/** The cassettes of a folder, indexed by key; writes go straight to disk. */
export class CassetteStore {
  private readonly byKey = new Map<string, Cassette>();
  readonly problems: CassetteProblem[] = [];
  /** Keys used during this run: the rest are stale. */
  readonly used = new Set<string>();
  readonly written = new Set<string>();

  constructor(readonly dir: string) {
    if (!existsSync(dir)) return;
    for (const name of readdirSync(dir).filter((n) => n.endsWith('.json')).sort()) {
      const file = join(dir, name);
      try {
        const c = JSON.parse(readFileSync(file, 'utf8')) as Cassette;
        if (!c || typeof c.key !== 'string' || !c.response || typeof c.request !== 'object') throw new Error('not a cassette (needs key, request, response)');
        if (c.version !== CASSETTE_VERSION) throw new Error(`cassette version ${String(c.version)} is not supported (expected ${CASSETTE_VERSION})`);
        this.byKey.set(c.key, c);
      } catch (error) {
        this.problems.push({ file: name, message: (error as Error).message });
      }
    }
  }

  get size(): number {
    return this.byKey.size;
  }

  get(key: string): Cassette | undefined {
    const c = this.byKey.get(key);
    if (c) this.used.add(key);
    return c;
  }

  fileOf(key: string): string {
    return `${key}.json`;
  }

  save(cassette: Cassette): void {
    mkdirSync(this.dir, { recursive: true });
    const path = join(this.dir, this.fileOf(cassette.key));
    // Write then rename, so a concurrent reader or a killed run never sees half a file.
    writeFileSync(`${path}.tmp`, JSON.stringify(cassette, null, 2) + '\n');
    renameSync(`${path}.tmp`, path);
    this.byKey.set(cassette.key, cassette);
    this.used.add(cassette.key);
    this.written.add(cassette.key);
  }

  /** The recorded request closest to `request` (fewest differing fields) on the same API, to explain a miss. */
  nearest(provider: Provider, endpoint: Endpoint, request: Record<string, unknown>): Nearest | undefined {
    let best: Nearest | undefined;
    let bestCount = Infinity;
    for (const c of this.byKey.values()) {
      if (c.provider !== provider || c.endpoint !== endpoint) continue;
      const differences = diffJson(c.request, request, 200);
      // Prefer the same model: a different model is rarely the cassette the user meant.
      const count = differences.length + (c.request.model === request.model ? 0 : 1000);
      if (count < bestCount) {
        bestCount = count;
        best = { file: this.fileOf(c.key), differences: differences.slice(0, 5) };
      }
    }
    return best;
  }

  /** Cassettes no request of this run used. */
  unused(): string[] {
    return [...this.byKey.keys()].filter((k) => !this.used.has(k)).map((k) => this.fileOf(k)).sort();
  }
}
