import { createReadStream, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createGunzip } from 'node:zlib';
import { isOtlpExport, otlpToUsageRecords } from './otel.js';
import { toUsageRecord, type UsageRecord } from './record.js';

/** A line that could not be read; the rest of the file still is. */
export interface UsageProblem {
  file: string;
  line: number;
  message: string;
}

export interface ReadCallbacks {
  record(record: UsageRecord): void;
  problem(problem: UsageProblem): void;
}

const LINE_FILES = /\.(jsonl|ndjson|log)(\.gz)?$/i;
const DOCUMENT_FILES = /\.json(\.gz)?$/i;

/** Usage files named on the command line: files as given, folders walked for *.jsonl, *.ndjson, *.log and *.json (optionally .gz). */
export function expandUsagePaths(paths: string[]): string[] {
  const files: string[] = [];
  for (const path of paths) {
    const stat = statSync(path, { throwIfNoEntry: false });
    if (!stat) throw new Error(`No such usage file or folder: ${path}`);
    if (stat.isFile()) files.push(path);
    else if (stat.isDirectory()) {
      const walk = (dir: string) => {
        for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
          const p = join(dir, entry.name);
          if (entry.isDirectory()) walk(p);
          else if (entry.isFile() && (LINE_FILES.test(entry.name) || DOCUMENT_FILES.test(entry.name))) files.push(p);
        }
      };
      walk(path);
    }
  }
  return files;
}

/**
 * Streams one file of usage records. JSONL (one record or one OTLP/JSON export per line) is read
 * line by line, never whole; a `.json` file is one document: a record, an array of records, or an
 * OTLP/JSON export. `display` names the file in problems.
 */
export async function readUsageFile(path: string, display: string, into: ReadCallbacks, defaultEnvironment?: string): Promise<void> {
  const take = (value: unknown, line: number) => {
    if (isOtlpExport(value)) {
      for (const raw of otlpToUsageRecords(value)) take(raw, line);
      return;
    }
    const result = toUsageRecord(value, defaultEnvironment);
    if (result.record) into.record(result.record);
    else into.problem({ file: display, line, message: result.problem });
  };
  if (DOCUMENT_FILES.test(path) && !LINE_FILES.test(path)) {
    let value: unknown;
    try {
      value = JSON.parse(path.endsWith('.gz') ? await gunzipText(path) : readFileSync(path, 'utf8'));
    } catch (error) {
      into.problem({ file: display, line: 1, message: `not valid JSON (${(error as Error).message})` });
      return;
    }
    if (Array.isArray(value)) value.forEach((v) => take(v, 1));
    else take(value, 1);
    return;
  }
  // Decoded as a stream, so a character split across two chunks stays whole.
  const stream = (path.endsWith('.gz') ? createReadStream(path).pipe(createGunzip()) : createReadStream(path, { highWaterMark: 1 << 20 })).setEncoding('utf8');
  let rest = '';
  let lineNo = 0;
  const handle = (line: string) => {
    lineNo++;
    if (line.length === 0 || (line.length < 3 && line.trim() === '')) return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      into.problem({ file: display, line: lineNo, message: 'not valid JSON' });
      return;
    }
    take(value, lineNo);
  };
  for await (const chunk of stream) {
    const text = rest + (chunk as string);
    let start = 0;
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
      handle(text.charCodeAt(nl - 1) === 13 ? text.slice(start, nl - 1) : text.slice(start, nl));
      start = nl + 1;
    }
    rest = text.slice(start);
  }
  if (rest.trim()) handle(rest);
}

async function gunzipText(path: string): Promise<string> {
  const parts: Buffer[] = [];
  for await (const chunk of createReadStream(path).pipe(createGunzip())) parts.push(chunk as Buffer);
  return Buffer.concat(parts).toString('utf8');
}
