import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyEdits, applyFixes } from '../src/engine/fix.js';
import { lint } from '../src/lint.js';
import { tempTree } from './helpers/tmp.js';

const cli = path.resolve(import.meta.dirname, '../dist/bin.js');
const read = (root: string, file: string): string => readFileSync(path.join(root, file), 'utf8');

describe('applyEdits', () => {
  it('applies edits in offset order and skips overlapping ones', () => {
    expect(applyEdits('abcdef', [
      { start: 4, end: 5, text: 'E' },
      { start: 0, end: 1, text: 'A' },
      { start: 0, end: 2, text: 'overlaps' },
      { start: 6, end: 6, text: '!' },
    ])).toEqual({ text: 'AbcdEf!', applied: 3 });
  });

  it('ignores edits outside the text', () => {
    expect(applyEdits('abc', [{ start: 2, end: 9, text: 'x' }])).toEqual({ text: 'abc', applied: 0 });
  });
});

describe('applyFixes', () => {
  it('edits and creates files, keeps modes, leaves no temporary files, and never overwrites on creation', () => {
    const root = tempTree({ 'a/.dockerignore': 'node_modules\n', 'run.sh': 'echo hi\n' });
    chmodSync(path.join(root, 'a/.dockerignore'), 0o640);
    const linted: Record<string, string> = { 'a/.dockerignore': 'node_modules\n', 'run.sh': 'echo hi\n' };
    const outcome = applyFixes(root, [
      { kind: 'edit', file: 'a/.dockerignore', edits: [{ start: 13, end: 13, text: '**/.env\n' }] },
      { kind: 'create', file: 'b/.dockerignore', text: '**/.git\n' },
      { kind: 'create', file: 'run.sh', text: 'overwritten?\n' },
    ], (file) => linted[file]);
    expect(outcome).toEqual({ changed: ['a/.dockerignore', 'b/.dockerignore'], skipped: [] });
    expect(read(root, 'a/.dockerignore')).toBe('node_modules\n**/.env\n');
    expect(statSync(path.join(root, 'a/.dockerignore')).mode & 0o777).toBe(0o640);
    expect(read(root, 'b/.dockerignore')).toBe('**/.git\n');
    expect(read(root, 'run.sh')).toBe('echo hi\n');
    expect(readdirSync(path.join(root, 'a'))).toEqual(['.dockerignore']);
    expect(readdirSync(path.join(root, 'b'))).toEqual(['.dockerignore']);
    const again = applyFixes(root, [{ kind: 'create', file: 'b/.dockerignore', text: 'other\n' }], () => undefined);
    expect(again.changed).toEqual([]);
    expect(again.skipped).toEqual([{ file: 'b/.dockerignore', reason: 'it was created by someone else since it was linted' }]);
    expect(read(root, 'b/.dockerignore')).toBe('**/.git\n');
  });

  it('leaves a file alone when it no longer holds the text the edits were computed from', () => {
    const root = tempTree({ Dockerfile: 'FROM a\nRUN x\n' });
    writeFileSync(path.join(root, 'Dockerfile'), 'FROM b\nRUN yyy\n');
    const outcome = applyFixes(root, [{ kind: 'edit', file: 'Dockerfile', edits: [{ start: 7, end: 7, text: 'ZZ' }] }], () => 'FROM a\nRUN x\n');
    expect(outcome).toEqual({ changed: [], skipped: [{ file: 'Dockerfile', reason: 'it changed since it was linted' }] });
    expect(read(root, 'Dockerfile')).toBe('FROM b\nRUN yyy\n');
  });

  it('keeps CRLF line endings in what it inserts', () => {
    const root = tempTree({ '.dockerignore': 'node_modules\r\n' });
    applyFixes(root, [{ kind: 'edit', file: '.dockerignore', edits: [{ start: 14, end: 14, text: '**/.git\n**/.env\n' }] }], () => 'node_modules\r\n');
    expect(read(root, '.dockerignore')).toBe('node_modules\r\n**/.git\r\n**/.env\r\n');
  });

  it('writes through a symlink inside the project, keeps the link, and fixes a file reached by two names once', () => {
    const root = tempTree({ Dockerfile: 'RUN a\n' });
    symlinkSync('Dockerfile', path.join(root, 'Dockerfile.alias'));
    const edit = { start: 4, end: 4, text: '--x ' };
    const outcome = applyFixes(root, [
      { kind: 'edit', file: 'Dockerfile', edits: [edit] },
      { kind: 'edit', file: 'Dockerfile.alias', edits: [edit] },
    ], () => 'RUN a\n');
    expect(outcome).toEqual({ changed: ['Dockerfile'], skipped: [] });
    expect(read(root, 'Dockerfile')).toBe('RUN --x a\n');
    expect(lstatSync(path.join(root, 'Dockerfile.alias')).isSymbolicLink()).toBe(true);
    expect(readlinkSync(path.join(root, 'Dockerfile.alias'))).toBe('Dockerfile');
  });

  it('never writes outside the project, through a file or a directory symlink', () => {
    const outside = tempTree({ '.dockerignore': 'keep\n' });
    const root = tempTree({});
    symlinkSync(path.join(outside, '.dockerignore'), path.join(root, '.dockerignore'));
    symlinkSync(outside, path.join(root, 'ext'));
    const outcome = applyFixes(root, [
      { kind: 'edit', file: '.dockerignore', edits: [{ start: 5, end: 5, text: 'more\n' }] },
      { kind: 'create', file: 'ext/sub/.dockerignore', text: 'x\n' },
    ], (file) => (file === '.dockerignore' ? 'keep\n' : undefined));
    expect(outcome.changed).toEqual([]);
    expect(outcome.skipped.map((skip) => skip.file)).toEqual(['.dockerignore', 'ext/sub/.dockerignore']);
    expect(outcome.skipped[0]?.reason).toMatch(/outside the project/);
    expect(read(outside, '.dockerignore')).toBe('keep\n');
    expect(readdirSync(outside)).toEqual(['.dockerignore']);
  });

  it('reports a folder it cannot write to, and still reports the findings (as a real process without privileges)', () => {
    const root = tempTree({ 'svc/Dockerfile': 'FROM python:3.12\nRUN pip install flask\n', 'svc/.dockerignore': '**/.git\n' });
    for (const directory of [root, path.join(root, 'svc')]) chmodSync(directory, 0o555);
    // Root writes anywhere, so a root run drops to the unprivileged user `nobody`.
    const unprivileged = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
    const run = spawnSync(process.execPath, [cli, '--fix', '--no-color'], { cwd: root, encoding: 'utf8', ...unprivileged });
    for (const directory of [root, path.join(root, 'svc')]) chmodSync(directory, 0o755);
    expect(run.stderr).toMatch(/^Not fixed: svc\/(\.dockerignore|Dockerfile): cannot write it \(EACCES\)$/m);
    expect(run.stdout).toContain('svc/Dockerfile');
    expect(run.status).toBe(1);
    expect(read(root, 'svc/Dockerfile')).toBe('FROM python:3.12\nRUN pip install flask\n');
  });

  it('removes temporary files that a killed run left, and only those of dead processes', () => {
    const dead = spawnSync(process.execPath, ['-e', '0']).pid;
    const root = tempTree({ '.dockerignore': 'a\n', [`..dockerignore.dockerlint-${dead}.tmp`]: 'half', [`..dockerignore.dockerlint-${process.ppid}.tmp`]: 'live' });
    applyFixes(root, [{ kind: 'edit', file: '.dockerignore', edits: [{ start: 2, end: 2, text: 'b\n' }] }], () => 'a\n');
    expect(readdirSync(root).sort()).toEqual(['..dockerignore.dockerlint-' + String(process.ppid) + '.tmp', '.dockerignore']);
    expect(read(root, '.dockerignore')).toBe('a\nb\n');
  });
});


function runFix(cwd: string): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, '--fix', '--format', 'json'], { cwd, stdio: 'ignore' });
    child.on('close', (code) => {
      resolve(code ?? -1);
    });
  });
}

describe('--fix on the whole project', () => {
  const dockerfile = 'FROM node:20 AS deps\nRUN apt-get update && apt-get install -y curl\nRUN pip install flask\n';

  it('fixes a Dockerfile reached by a symlinked alias once, exactly', async () => {
    const root = tempTree({ 'svc/Dockerfile': dockerfile, 'svc/.dockerignore': '**/.git\n' });
    symlinkSync('Dockerfile', path.join(root, 'svc/Dockerfile.alias'));
    const reference = tempTree({ 'svc/Dockerfile': dockerfile, 'svc/.dockerignore': '**/.git\n' });
    await lint({ cwd: reference, fix: true });
    await lint({ cwd: root, fix: true });
    expect(read(root, 'svc/Dockerfile')).toBe(read(reference, 'svc/Dockerfile'));
    expect(read(root, 'svc/Dockerfile')).not.toBe(dockerfile);
    expect(lstatSync(path.join(root, 'svc/Dockerfile.alias')).isSymbolicLink()).toBe(true);
  });

  it('8 concurrent runs leave every file exactly fixed, never garbled or fixed twice', async () => {
    const files = { 'svc/Dockerfile': dockerfile, 'svc/.dockerignore': 'node_modules\n', 'other/Dockerfile': 'FROM python:3.12\nRUN pip install flask\n' };
    const reference = tempTree(files);
    await lint({ cwd: reference, fix: true });
    const root = tempTree(files);
    mkdirSync(path.join(root, '.git'));
    mkdirSync(path.join(reference, '.git'));
    const codes = await Promise.all(Array.from({ length: 8 }, () => runFix(root)));
    expect(codes.every((code) => code === 0 || code === 1)).toBe(true);
    for (const file of [...Object.keys(files), 'other/.dockerignore']) {
      expect(read(root, file), file).toBe(read(reference, file));
    }
    expect(readdirSync(path.join(root, 'svc')).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });
});
