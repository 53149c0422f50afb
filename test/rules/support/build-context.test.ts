import { describe, expect, it } from 'vitest';
import { cleanContextPath, ContextTree, contextsOf } from '../../../src/rules/support/build-context.js';
import { loadCase } from '../../helpers/rule-tester.js';
import { tempTree } from '../../helpers/tmp.js';

describe('cleanContextPath', () => {
  it.each([
    ['.', ''],
    ['./', ''],
    ['/', ''],
    ['./src/', 'src'],
    ['/app.py', 'app.py'],
    ['a/../b', 'b'],
    ['a//b/', 'a/b'],
    ['../shared', null],
    ['..', null],
    ['a/../../b', null],
  ])('%s → %s', (written, expected) => {
    expect(cleanContextPath(written)).toBe(expected);
  });
});

describe('ContextTree', () => {
  const files = {
    'svc/Dockerfile': 'FROM node:22\n',
    'svc/app.py': '',
    'svc/sub/app.py': '',
    'svc/sub/deep/x.py': '',
    'svc/src-a/index.js': '',
    'svc/src-b/index.js': '',
    'svc/src-b/util.js': '',
    'other/app.py': '',
  };

  it('resolves literal paths, wildcards segment by segment, and lists leaves', async () => {
    const project = await loadCase(tempTree(files));
    const tree = new ContextTree(project, 'svc');
    expect(tree.resolve('app.py')).toEqual(['app.py']);
    expect(tree.resolve('missing.py')).toEqual([]);
    expect(tree.resolve('*.py')).toEqual(['app.py']);
    expect(tree.resolve('*/app.py')).toEqual(['sub/app.py']);
    expect(tree.resolve('src-*').sort()).toEqual(['src-a', 'src-b']);
    expect(tree.resolve('src-?/util.js')).toEqual(['src-b/util.js']);
    expect(tree.resolve('')).toEqual(['']);
    expect(tree.leaves('sub').sort()).toEqual(['sub/app.py', 'sub/deep/x.py']);
    expect(tree.leaves('app.py')).toEqual(['app.py']);
    expect(tree.leaves('').sort()).toEqual(['Dockerfile', 'app.py', 'src-a/index.js', 'src-b/index.js', 'src-b/util.js', 'sub/app.py', 'sub/deep/x.py']);
    expect(tree.isDirectory('sub')).toBe(true);
    expect(tree.has('other/app.py')).toBe(false);
  });

  it('the repository root as a context: each entry once, in path order, the root never its own child', async () => {
    const project = await loadCase(tempTree(files));
    const tree = new ContextTree(project, '');
    expect(tree.resolve('')).toEqual(['']);
    expect(tree.leaves('')).toEqual(['other/app.py', 'svc/Dockerfile', 'svc/app.py', 'svc/src-a/index.js', 'svc/src-b/index.js', 'svc/src-b/util.js', 'svc/sub/app.py', 'svc/sub/deep/x.py']);
    expect(tree.leaves('svc/sub')).toEqual(['svc/sub/app.py', 'svc/sub/deep/x.py']);
    expect(tree.resolve('*')).toEqual(['other', 'svc']);
    expect(tree.isDirectory('')).toBe(true);
  });

  it('the context of a Dockerfile: its directory, or each compose context building it', async () => {
    const project = await loadCase(
      tempTree({
        ...files,
        'svc/.dockerignore': 'sub\n',
        'compose.yaml': 'services:\n  a:\n    build:\n      context: .\n      dockerfile: svc/Dockerfile\n  b:\n    build:\n      context: svc\n',
        'lone/Dockerfile': 'FROM node:22\n',
      }),
    );
    const byPath = (path: string) => project.dockerfiles.find((doc) => doc.source.path === path);
    const svc = byPath('svc/Dockerfile');
    const lone = byPath('lone/Dockerfile');
    if (!svc || !lone) throw new Error('Dockerfiles not loaded');
    expect(contextsOf(project, svc).map((context) => [context.dir, context.dockerignore?.source.path ?? null])).toEqual([
      ['', null],
      ['svc', 'svc/.dockerignore'],
    ]);
    expect(contextsOf(project, lone).map((context) => [context.dir, context.dockerignore?.source.path ?? null])).toEqual([['lone', null]]);
  });
});
