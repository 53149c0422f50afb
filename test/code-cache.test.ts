/**
 * The code cache of the command line's bundle (src/code-cache.ts): used when it fits, and never a reason
 * for a wrong or failed run, whatever state the cache file is in.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cacheDirectory, loadBundle } from '../src/code-cache.js';
import { tempTree } from './helpers/tmp.js';

const options = { buildHash: 'build-1', version: '1.2.3' };

function bundleIn(root: string, answer: number): string {
  const file = path.join(root, 'bundle.cjs');
  writeFileSync(file, `'use strict';\nexports.answer = () => ${answer};\nexports.file = __filename;\n`);
  return file;
}

describe('the code cache', () => {
  it('is written after a first run and used by the next', () => {
    const root = tempTree();
    const cacheDir = path.join(root, 'cache');
    const file = bundleIn(root, 42);
    const first = loadBundle(file, { ...options, cacheDir });
    expect(first.cacheUsed).toBe(false);
    expect((first.exports.answer as () => number)()).toBe(42);
    expect(first.exports.file).toBe(file);
    first.save();
    expect(readdirSync(cacheDir)).toHaveLength(1);
    const second = loadBundle(file, { ...options, cacheDir });
    expect(second.cacheUsed).toBe(true);
    expect((second.exports.answer as () => number)()).toBe(42);
  });

  it('ignores a damaged cache file and writes a good one', () => {
    const root = tempTree();
    const cacheDir = path.join(root, 'cache');
    const file = bundleIn(root, 7);
    loadBundle(file, { ...options, cacheDir }).save();
    const [cacheName = ''] = readdirSync(cacheDir);
    const cacheFile = path.join(cacheDir, cacheName);
    const bytes = readFileSync(cacheFile);
    bytes[bytes.length - 1] = (bytes[bytes.length - 1] ?? 0) ^ 0xff;
    writeFileSync(cacheFile, bytes);
    const damaged = loadBundle(file, { ...options, cacheDir });
    expect(damaged.cacheUsed).toBe(false);
    expect((damaged.exports.answer as () => number)()).toBe(7);
    damaged.save();
    expect(loadBundle(file, { ...options, cacheDir }).cacheUsed).toBe(true);

    writeFileSync(cacheFile, 'not a cache');
    expect((loadBundle(file, { ...options, cacheDir }).exports.answer as () => number)()).toBe(7);
  });

  it('is not used for another build, version or bundle file state, and the stale file is removed', () => {
    const root = tempTree();
    const cacheDir = path.join(root, 'cache');
    const file = bundleIn(root, 1);
    loadBundle(file, { ...options, cacheDir }).save();
    expect(loadBundle(file, { ...options, buildHash: 'build-2', cacheDir }).cacheUsed).toBe(false);
    expect(loadBundle(file, { ...options, version: '1.2.4', cacheDir }).cacheUsed).toBe(false);
    // The same length, other code, as an edit of the file would make: V8 itself would take the old cache.
    bundleIn(root, 2);
    utimesSync(file, new Date(), new Date(Date.now() + 5000));
    const edited = loadBundle(file, { ...options, cacheDir });
    expect(edited.cacheUsed).toBe(false);
    expect((edited.exports.answer as () => number)()).toBe(2);
    edited.save();
    expect(readdirSync(cacheDir)).toHaveLength(1);
    expect(loadBundle(file, { ...options, cacheDir }).cacheUsed).toBe(true);
  });

  it('is not used for another key that the file name happens to share', () => {
    const root = tempTree();
    const cacheDir = path.join(root, 'cache');
    const file = bundleIn(root, 5);
    loadBundle(file, { ...options, cacheDir }).save();
    const [firstName = ''] = readdirSync(cacheDir);
    const ofFirstBuild = readFileSync(path.join(cacheDir, firstName));
    loadBundle(file, { ...options, buildHash: 'build-2', cacheDir }).save();
    const [secondName = ''] = readdirSync(cacheDir);
    expect(secondName).not.toBe(firstName);
    // The first build's cache under the second build's name, as a collision of names would leave it.
    writeFileSync(path.join(cacheDir, secondName), ofFirstBuild);
    expect(loadBundle(file, { ...options, buildHash: 'build-2', cacheDir }).cacheUsed).toBe(false);
    expect(loadBundle(file, { ...options, cacheDir }).cacheUsed).toBe(false);
  });

  it('runs without a cache when its directory cannot be written', () => {
    const root = tempTree({ 'cache-is-a-file': '' });
    const file = bundleIn(root, 3);
    const loaded = loadBundle(file, { ...options, cacheDir: path.join(root, 'cache-is-a-file') });
    expect(() => {
      loaded.save();
    }).not.toThrow();
    expect((loaded.exports.answer as () => number)()).toBe(3);
    expect(loadBundle(file, { ...options, cacheDir: null }).cacheUsed).toBe(false);
  });
});

describe('cacheDirectory', () => {
  it('is XDG_CACHE_HOME when set, else the platform user cache directory', () => {
    expect(cacheDirectory({ XDG_CACHE_HOME: '/x/cache' }, 'linux', '/home/u')).toBe(path.join('/x/cache', 'dockerlint'));
    expect(cacheDirectory({}, 'linux', '/home/u')).toBe(path.join('/home/u', '.cache', 'dockerlint'));
    expect(cacheDirectory({}, 'darwin', '/Users/u')).toBe(path.join('/Users/u', 'Library', 'Caches', 'dockerlint'));
    expect(cacheDirectory({ LOCALAPPDATA: 'C:\\Users\\u\\AppData\\Local' }, 'win32', 'C:\\Users\\u')).toBe(path.join('C:\\Users\\u\\AppData\\Local', 'dockerlint', 'Cache'));
    expect(cacheDirectory({}, 'win32', 'C:\\Users\\u')).toBeNull();
    expect(cacheDirectory({}, 'linux', '')).toBeNull();
  });
});

describe('the command line', () => {
  it('keeps a code cache only from a run that lints: one from --version would lack most of what a lint compiles', () => {
    const cacheHome = tempTree();
    const project = tempTree({ 'svc/Dockerfile': 'FROM python:3.12\nRUN pip install flask\n' });
    const run = (args: string[]) =>
      spawnSync(process.execPath, [path.resolve(import.meta.dirname, '../dist/bin.js'), ...args], { cwd: project, env: { ...process.env, XDG_CACHE_HOME: cacheHome }, encoding: 'utf8' });
    const cacheFiles = () => (existsSync(path.join(cacheHome, 'dockerlint')) ? readdirSync(path.join(cacheHome, 'dockerlint')) : []);
    expect(run(['--version']).status).toBe(0);
    expect(run(['--list-rules']).status).toBe(0);
    expect(cacheFiles()).toEqual([]);
    expect(run(['.']).status).toBe(1);
    expect(cacheFiles()).toHaveLength(1);
  });
});
