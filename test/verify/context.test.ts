import { chmodSync, existsSync, lstatSync, mkdirSync, readFileSync, readlinkSync, statSync, symlinkSync, utimesSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDockerignore } from '../../src/project/dockerignore.js';
import { SourceFile } from '../../src/source.js';
import { snapshotContext } from '../../src/verify/context.js';
import { listFiles } from '../helpers/docker.js';
import { tempTree } from '../helpers/tmp.js';

const ignoreFile = (text: string) => parseDockerignore(new SourceFile('.dockerignore', text));

describe('snapshotContext', () => {
  it('copies what BuildKit receives, and the ignore file and Dockerfile even when they exclude themselves', async () => {
    const ignore = '.dockerignore\nDockerfile\nnode_modules\n*.log\ndata/\n!data/keep.csv\n';
    const context = tempTree({
      '.dockerignore': ignore,
      Dockerfile: 'FROM x\n',
      'package.json': '{}',
      'src/server.ts': 'export {};\n',
      'node_modules/dep/index.js': 'x',
      'app.log': 'log',
      'src/app.log': 'nested logs are not matched by *.log',
      'data/big.csv': '1,2',
      'data/keep.csv': '3,4',
    });
    const destination = tempTree();
    const snapshot = await snapshotContext(context, destination, ignoreFile(ignore), ['.dockerignore', 'Dockerfile']);
    expect(snapshot.sent).toEqual(['data/keep.csv', 'package.json', 'src/app.log', 'src/server.ts']);
    expect(await listFiles(destination)).toEqual(['.dockerignore', 'Dockerfile', 'data/keep.csv', 'package.json', 'src/app.log', 'src/server.ts']);
  });

  it('keeps modes, modification times and symlinks', async () => {
    const context = tempTree({ 'bin/run.sh': '#!/bin/sh\n', 'src/a.ts': 'a' });
    chmodSync(path.join(context, 'bin/run.sh'), 0o750);
    const past = new Date('2020-01-02T03:04:05Z');
    utimesSync(path.join(context, 'src/a.ts'), past, past);
    symlinkSync('a.ts', path.join(context, 'src/link.ts'));
    utimesSync(path.join(context, 'src'), past, past);
    mkdirSync(path.join(context, 'empty'));
    const destination = tempTree();
    const snapshot = await snapshotContext(context, destination, null, []);
    expect(snapshot.sent).toEqual(['bin/run.sh', 'src/a.ts', 'src/link.ts']);
    expect(statSync(path.join(destination, 'bin/run.sh')).mode & 0o777).toBe(0o750);
    expect(statSync(path.join(destination, 'src/a.ts')).mtime.toISOString()).toBe(past.toISOString());
    expect(statSync(path.join(destination, 'src')).mtime.toISOString()).toBe(past.toISOString());
    expect(lstatSync(path.join(destination, 'src/link.ts')).isSymbolicLink()).toBe(true);
    expect(readlinkSync(path.join(destination, 'src/link.ts'))).toBe('a.ts');
    expect(statSync(path.join(destination, 'empty')).isDirectory()).toBe(true);
    expect(readFileSync(path.join(destination, 'src/a.ts'), 'utf8')).toBe('a');
  });

  it('does not enter an excluded directory unless a ! pattern may bring something back', async () => {
    const context = tempTree({ 'skip/a.txt': 'a', 'skip/keep.txt': 'k', 'other/b.txt': 'b' });
    const pruned = tempTree();
    expect((await snapshotContext(context, pruned, ignoreFile('skip\n'), [])).sent).toEqual(['other/b.txt']);
    expect(existsSync(path.join(pruned, 'skip'))).toBe(false);
    const entered = tempTree();
    expect((await snapshotContext(context, entered, ignoreFile('skip\n!skip/keep.txt\n'), [])).sent).toEqual(['other/b.txt', 'skip/keep.txt']);
  });
});
