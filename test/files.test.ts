import { execFileSync } from 'node:child_process';
import { mkdirSync, realpathSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatBytes, readBounded, realPathInside } from '../src/files.js';
import { lint } from '../src/lint.js';
import { LINTED_FILE_LIMIT } from '../src/project/load.js';
import { tempTree } from './helpers/tmp.js';

describe('readBounded', () => {
  it('reads a regular file whole, up to the limit', () => {
    const root = tempTree({ a: 'x'.repeat(100), empty: '' });
    expect(readBounded(path.join(root, 'a'), 100)).toEqual({ buffer: Buffer.from('x'.repeat(100)) });
    expect(readBounded(path.join(root, 'a'), 99)).toEqual({ problem: 'file is too large to lint (0.1 KiB; the limit is 0.1 KiB)' });
    expect(readBounded(path.join(root, 'empty'))).toEqual({ buffer: Buffer.alloc(0) });
    expect(readBounded(path.join(root, 'missing'))).toEqual({ problem: 'cannot read file: ENOENT' });
  });

  it('refuses a huge file by its size, before reading it', () => {
    const root = tempTree({ Dockerfile: '' });
    truncateSync(path.join(root, 'Dockerfile'), 1024 ** 3); // sparse: 1 GiB that takes no disk
    expect(readBounded(path.join(root, 'Dockerfile'))).toEqual({ problem: 'file is too large to lint (1024 MiB; the limit is 4 MiB)' });
  });

  it('caps what it reads from a file that reports no size', () => {
    // /proc files report size 0 and can be longer than that.
    const read = readBounded('/proc/self/status', 16);
    expect(read).toEqual({ problem: expect.stringMatching(/^file is too large to lint/) as string });
    expect(readBounded('/proc/self/status')).toEqual({ buffer: expect.any(Buffer) as Buffer });
  });

  it('never blocks on a FIFO and reads no device', () => {
    const root = tempTree();
    execFileSync('mkfifo', [path.join(root, 'pipe')]);
    expect(readBounded(path.join(root, 'pipe'))).toEqual({ problem: 'a named pipe (FIFO), not a regular file: not read' });
    expect(readBounded('/dev/zero')).toEqual({ problem: 'a device, not a regular file: not read' });
    expect(readBounded(root)).toEqual({ problem: 'a directory, not a regular file: not read' });
  });
});

describe('formatBytes', () => {
  it('says sizes in KiB below a MiB and in MiB above, with one decimal only when needed', () => {
    expect([1024, 1536, 256 * 1024, 1024 * 1024, 1.5 * 1024 * 1024, 100].map(formatBytes)).toEqual(['1 KiB', '1.5 KiB', '256 KiB', '1 MiB', '1.5 MiB', '0.1 KiB']);
  });
});

describe('realPathInside', () => {
  it('resolves symlinks and judges missing paths by their nearest existing ancestor', () => {
    const outside = tempTree({ 'secret': 'x' });
    const root = realpathSync(tempTree({ 'a/b': 'x' }));
    symlinkSync(outside, path.join(root, 'ext'));
    symlinkSync('a', path.join(root, 'alias'));
    expect(realPathInside(root, path.join(root, 'a/b'))).toBe(path.join(root, 'a/b'));
    expect(realPathInside(root, path.join(root, 'alias/b'))).toBe(path.join(root, 'a/b'));
    expect(realPathInside(root, path.join(root, 'new/dir/file'))).toBe(path.join(root, 'new/dir/file'));
    expect(realPathInside(root, path.join(root, 'ext/secret'))).toBeNull();
    expect(realPathInside(root, path.join(root, 'ext/new/file'))).toBeNull();
    expect(realPathInside(root, path.join(root, '..cache'))).toBe(path.join(root, '..cache'));
    expect(realPathInside(path.join(root, 'a'), root)).toBeNull();
  });
});

describe('lint on special and oversized files', () => {
  it('reports each as a finding on that file and lints the rest', async () => {
    const root = tempTree({ 'svc/Dockerfile': 'FROM python:3.12 AS deps\nRUN pip install flask\n', 'svc/.dockerignore': '**/.git\n', 'big/Dockerfile': '' });
    mkdirSync(path.join(root, '.git'));
    truncateSync(path.join(root, 'big/Dockerfile'), 1024 ** 3);
    execFileSync('mkfifo', [path.join(root, 'svc/compose.yaml'), path.join(root, '.gitignore')]);
    writeFileSync(path.join(root, 'svc/run.sh'), 'pip install x\n');
    const { findings } = await lint({ cwd: root });
    const problems = findings.filter((finding) => finding.rule === 'parse-error').map((finding) => `${finding.file}: ${finding.message}`);
    expect(problems).toEqual([
      '.gitignore: a named pipe (FIFO), not a regular file: not read',
      'big/Dockerfile: file is too large to lint (1024 MiB; the limit is 256 KiB)',
      'svc/compose.yaml: a named pipe (FIFO), not a regular file: not read',
    ]);
    expect(findings.map((finding) => `${finding.rule} ${finding.file}`)).toContain('no-install-in-scripts svc/run.sh');
  });

  it('lints a file of every kind up to the limit, and refuses each one byte over it', async () => {
    // Padded with one comment line, which every parser skips cheaply: the size is what is tested.
    const padded = (text: string, size: number): string => `${text}#${'x'.repeat(size - text.length - 2)}\n`;
    const files = (size: number): Record<string, string> => ({
      'a/Dockerfile': padded('FROM alpine:3\nCOPY . .\n', size),
      'a/.dockerignore': padded('**/.git\n', size),
      'a/docker-compose.yml': padded('services:\n  a:\n    build: .\n', size),
      'a/.env': padded('X=1\n', size),
      'a/run.sh': padded('#!/bin/sh\ntrue\n', size),
    });
    const tooLarge = async (root: string): Promise<string[]> =>
      (await lint({ cwd: root })).findings.filter((finding) => finding.message.startsWith('file is too large')).map((finding) => finding.file);
    for (const text of Object.values(files(LINTED_FILE_LIMIT))) expect(Buffer.byteLength(text)).toBe(LINTED_FILE_LIMIT);
    expect(await tooLarge(tempTree(files(LINTED_FILE_LIMIT)))).toEqual([]);
    expect(await tooLarge(tempTree(files(LINTED_FILE_LIMIT + 1)))).toEqual(['a/.dockerignore', 'a/.env', 'a/Dockerfile', 'a/docker-compose.yml', 'a/run.sh']);
  });
});
