import { readFileSync, statSync } from 'node:fs';
import { relative, sep } from 'node:path';
import type { Finding } from '../findings/index.js';

/** Larger files are not read: they are reported, and the run goes on. */
export const MAX_FILE_BYTES = 5 * 1024 * 1024;

export interface Position {
  line: number;
  column: number;
}

/** A governed file read once, decoded once, with the facts every parser and rule needs. */
export class SourceFile {
  readonly lineStarts: number[];

  constructor(
    /** Relative to the scanned root, with `/`. */
    readonly path: string,
    readonly absPath: string,
    /** Decoded text with any BOM removed; CRLF kept so offsets match the bytes. */
    readonly text: string,
    readonly byteLength: number,
    readonly hasBom: boolean,
  ) {
    this.lineStarts = [0];
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.lineStarts.push(i + 1);
  }

  get lineCount(): number {
    const n = this.lineStarts.length;
    return this.text.endsWith('\n') ? n - 1 : n;
  }

  get hasCrlf(): boolean {
    return this.text.includes('\r\n');
  }

  /** 1-based line and column of a 0-based offset into `text`. */
  positionAt(offset: number): Position {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - this.lineStarts[lo] + 1 };
  }

  lineAt(offset: number): number {
    return this.positionAt(offset).line;
  }

  lineText(line: number): string {
    const start = this.lineStarts[line - 1] ?? this.text.length;
    const end = this.lineStarts[line] ?? this.text.length;
    return this.text.slice(start, end).replace(/\r?\n$/, '');
  }
}

export type ReadResult = { file: SourceFile; problems: Finding[] } | { file: undefined; problems: Finding[] };

export function toPosix(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}

export function relativePath(root: string, absPath: string): string {
  return toPosix(relative(root, absPath));
}

// ignoreBOM keeps a byte-order mark in the text, so readSource can see it and report it.
const utf8Strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const utf8Lossy = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

/** Offset of the first byte that is not valid UTF-8, or -1. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    let need = 0;
    if (b < 0x80) {
      i++;
      continue;
    } else if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) need = 2;
    else if (b >= 0xf0 && b <= 0xf4) need = 3;
    else return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
    }
    // Overlong and surrogate forms that TextDecoder also refuses.
    if (b === 0xe0 && bytes[i + 1] < 0xa0) return i;
    if (b === 0xed && bytes[i + 1] > 0x9f) return i;
    if (b === 0xf0 && bytes[i + 1] < 0x90) return i;
    if (b === 0xf4 && bytes[i + 1] > 0x8f) return i;
    i += need + 1;
  }
  return -1;
}

/**
 * Reads a file for the rules. Never throws: a missing, huge, binary or badly encoded file comes back
 * as findings under `config/file-unreadable` or `config/encoding` so the run goes on.
 */
export function readSource(root: string, absPath: string): ReadResult {
  const path = relativePath(root, absPath);
  let bytes: Buffer;
  try {
    const stat = statSync(absPath);
    if (stat.size > MAX_FILE_BYTES) {
      return {
        file: undefined,
        problems: [
          {
            ruleId: 'config/file-unreadable',
            severity: 'error',
            message: `File is ${stat.size} bytes, over the ${MAX_FILE_BYTES}-byte limit; it was not read.`,
            file: path,
          },
        ],
      };
    }
    bytes = readFileSync(absPath);
  } catch (error) {
    return {
      file: undefined,
      problems: [
        {
          ruleId: 'config/file-unreadable',
          severity: 'error',
          message: `File could not be read: ${(error as NodeJS.ErrnoException).code ?? String(error)}.`,
          file: path,
        },
      ],
    };
  }
  const problems: Finding[] = [];
  const nul = bytes.indexOf(0);
  if (nul !== -1) {
    const line = countLines(bytes, nul);
    return {
      file: undefined,
      problems: [
        {
          ruleId: 'config/encoding',
          severity: 'error',
          message: 'File contains a NUL byte: it looks binary and was not read.',
          file: path,
          line,
        },
      ],
    };
  }
  let text: string;
  try {
    text = utf8Strict.decode(bytes);
  } catch {
    const at = firstInvalidUtf8(bytes);
    const position = at >= 0 ? countLines(bytes, at) : undefined;
    problems.push({
      ruleId: 'config/encoding',
      severity: 'error',
      message: `File is not valid UTF-8${at >= 0 ? ` (byte offset ${at})` : ''}; invalid bytes were read as U+FFFD.`,
      file: path,
      line: position,
    });
    text = utf8Lossy.decode(bytes);
  }
  const hasBom = text.charCodeAt(0) === 0xfeff;
  if (hasBom) text = text.slice(1);
  return { file: new SourceFile(path, absPath, text, bytes.length, hasBom), problems };
}

/** Builds a SourceFile from text already in memory (tests, generated content). */
export function sourceFromText(path: string, text: string, absPath = path): SourceFile {
  const hasBom = text.charCodeAt(0) === 0xfeff;
  const body = hasBom ? text.slice(1) : text;
  return new SourceFile(path, absPath, body, Buffer.byteLength(text), hasBom);
}

function countLines(bytes: Uint8Array, end: number): number {
  let line = 1;
  for (let i = 0; i < end; i++) if (bytes[i] === 10) line++;
  return line;
}
