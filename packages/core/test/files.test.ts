import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { firstInvalidUtf8, MAX_FILE_BYTES, readSource, sourceFromText } from '@agentship/core';
import { makeTree } from '../../../test/helpers.js';

describe('readSource', () => {
  it('reads UTF-8 text and maps offsets to 1-based lines and columns, CRLF included', () => {
    const root = makeTree({ 'AGENTS.md': '# Title\r\n\r\nsecond paragraph\r\n' });
    const read = readSource(root, join(root, 'AGENTS.md'));
    expect(read.problems).toEqual([]);
    const file = read.file!;
    expect(file.path).toBe('AGENTS.md');
    expect(file.hasCrlf).toBe(true);
    expect(file.lineCount).toBe(3);
    expect(file.positionAt(file.text.indexOf('second'))).toEqual({ line: 3, column: 1 });
    expect(file.positionAt(file.text.indexOf('paragraph'))).toEqual({ line: 3, column: 8 });
    expect(file.lineText(1)).toBe('# Title');
    expect(file.lineText(3)).toBe('second paragraph');
  });

  it('strips a byte-order mark but remembers it', () => {
    const root = makeTree({ 'CLAUDE.md': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('@AGENTS.md\n')]) });
    const file = readSource(root, join(root, 'CLAUDE.md')).file!;
    expect(file.hasBom).toBe(true);
    expect(file.text).toBe('@AGENTS.md\n');
    expect(file.byteLength).toBe(14);
  });

  it('reports invalid UTF-8 with the line of the first bad byte and still returns the text', () => {
    const bytes = Buffer.concat([Buffer.from('line one\nline two\nbad: '), Buffer.from([0xc3, 0x28]), Buffer.from('\n')]);
    const root = makeTree({ 'AGENTS.md': bytes });
    const read = readSource(root, join(root, 'AGENTS.md'));
    expect(read.problems).toHaveLength(1);
    expect(read.problems[0]).toMatchObject({ ruleId: 'config/encoding', severity: 'error', file: 'AGENTS.md', line: 3 });
    expect(read.problems[0].message).toContain('byte offset 23');
    expect(read.file?.text).toContain('line two');
    expect(read.file?.text).toContain('\ufffd');
  });

  it('refuses a binary file (a NUL byte) with the line of the NUL, and does not return it', () => {
    const root = makeTree({ '.mcp.json': Buffer.concat([Buffer.from('{\n  "a": 1\n'), Buffer.from([0, 1, 2, 3])]) });
    const read = readSource(root, join(root, '.mcp.json'));
    expect(read.file).toBeUndefined();
    expect(read.problems).toEqual([expect.objectContaining({ ruleId: 'config/encoding', file: '.mcp.json', line: 3 })]);
  });

  it('does not read a file over the size limit', () => {
    const root = makeTree({});
    const big = join(root, 'AGENTS.md');
    writeFileSync(big, Buffer.alloc(MAX_FILE_BYTES + 1, 0x61));
    const read = readSource(root, big);
    expect(read.file).toBeUndefined();
    expect(read.problems[0]).toMatchObject({ ruleId: 'config/file-unreadable', file: 'AGENTS.md' });
    expect(read.problems[0].message).toContain(`${MAX_FILE_BYTES + 1} bytes`);
  });

  it('turns an unreadable path (a missing file, a folder) into a finding, not an exception', () => {
    const root = makeTree({});
    mkdirSync(join(root, 'folder'));
    expect(readSource(root, join(root, 'missing.md')).problems[0]).toMatchObject({ ruleId: 'config/file-unreadable', file: 'missing.md' });
    expect(readSource(root, join(root, 'missing.md')).problems[0].message).toContain('ENOENT');
    expect(readSource(root, join(root, 'folder')).problems[0]).toMatchObject({ ruleId: 'config/file-unreadable', file: 'folder' });
  });
});

describe('firstInvalidUtf8', () => {
  it('finds truncated, overlong and surrogate sequences, and accepts valid multi-byte text', () => {
    expect(firstInvalidUtf8(Buffer.from('héllo wörld ✓ 𝄞'))).toBe(-1);
    expect(firstInvalidUtf8(Buffer.from([0x61, 0xe2, 0x82]))).toBe(1); // truncated 3-byte sequence
    expect(firstInvalidUtf8(Buffer.from([0xc0, 0xaf]))).toBe(0); // overlong '/'
    expect(firstInvalidUtf8(Buffer.from([0xe0, 0x80, 0xaf]))).toBe(0); // overlong 3-byte
    expect(firstInvalidUtf8(Buffer.from([0x61, 0xed, 0xa0, 0x80]))).toBe(1); // UTF-16 surrogate
    expect(firstInvalidUtf8(Buffer.from([0xf4, 0x90, 0x80, 0x80]))).toBe(0); // above U+10FFFF
    expect(firstInvalidUtf8(Buffer.from([0x61, 0x62, 0xff]))).toBe(2);
  });
});

describe('sourceFromText', () => {
  it('treats a leading BOM like readSource does', () => {
    const file = sourceFromText('a.md', '\ufeffline\nnext');
    expect(file.hasBom).toBe(true);
    expect(file.text).toBe('line\nnext');
    expect(file.lineCount).toBe(2);
    expect(file.lineAt(5)).toBe(2);
  });
});
