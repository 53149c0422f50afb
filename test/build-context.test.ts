import { describe, expect, it } from 'vitest';
import { contextPath } from '../src/project/build-context.js';
import type { BuildContext, Project } from '../src/project/model.js';
import { loadCase } from './helpers/rule-tester.js';
import { tempTree } from './helpers/tmp.js';

describe('contextPath: a source as BuildKit reads it, inside the context root', () => {
  it.each([
    ['.', ''],
    ['./', ''],
    ['/', ''],
    ['./src/', 'src'],
    ['/app.py', 'app.py'],
    ['a/../b', 'b'],
    ['a//b/./c', 'a/b/c'],
    // `..` cannot climb out of the context: BuildKit resolves it at the root.
    ['../shared', 'shared'],
    ['..', ''],
    ['a/../../b', 'b'],
  ])('%s → %s', (written, expected) => {
    expect(contextPath(written)).toBe(expected);
  });
});

function dockerfileOf(project: Project, path: string) {
  const dockerfile = project.dockerfiles.find((doc) => doc.source.path === path);
  if (!dockerfile) throw new Error(`${path} not loaded`);
  return dockerfile;
}

describe('the entries of a build context', () => {
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
  const leaves = (context: BuildContext, path: string): string[] => [...context.walkLeaves(path)];

  it('resolves literal paths, wildcards segment by segment, and lists leaves', async () => {
    const project = await loadCase(tempTree(files));
    const context = project.directoryContext(dockerfileOf(project, 'svc/Dockerfile'));
    expect(context.dir).toBe('svc');
    expect(context.resolve('app.py')).toEqual(['app.py']);
    expect(context.resolve('missing.py')).toEqual([]);
    expect(context.resolve('*.py')).toEqual(['app.py']);
    expect(context.resolve('*/app.py')).toEqual(['sub/app.py']);
    expect(context.resolve('src-*').sort()).toEqual(['src-a', 'src-b']);
    expect(context.resolve('src-?/util.js')).toEqual(['src-b/util.js']);
    expect(context.resolve('')).toEqual(['']);
    expect(leaves(context, 'sub')).toEqual(['sub/app.py', 'sub/deep/x.py']);
    expect(leaves(context, 'app.py')).toEqual(['app.py']);
    expect(leaves(context, '')).toEqual(['Dockerfile', 'app.py', 'src-a/index.js', 'src-b/index.js', 'src-b/util.js', 'sub/app.py', 'sub/deep/x.py']);
    expect(context.isDirectory('sub')).toBe(true);
    expect(context.has('other/app.py')).toBe(false);
  });

  it('the repository root as a context: each entry once, in path order, the root never its own child', async () => {
    const project = await loadCase(tempTree({ ...files, 'Dockerfile': 'FROM node:22\n' }));
    const context = project.directoryContext(dockerfileOf(project, 'Dockerfile'));
    expect(context.dir).toBe('');
    expect(context.resolve('')).toEqual(['']);
    expect(leaves(context, '')).toEqual(['Dockerfile', 'other/app.py', 'svc/Dockerfile', 'svc/app.py', 'svc/src-a/index.js', 'svc/src-b/index.js', 'svc/src-b/util.js', 'svc/sub/app.py', 'svc/sub/deep/x.py']);
    expect(leaves(context, 'svc/sub')).toEqual(['svc/sub/app.py', 'svc/sub/deep/x.py']);
    expect(context.resolve('*')).toEqual(['Dockerfile', 'other', 'svc']);
    expect(context.isDirectory('')).toBe(true);
  });
});

describe('the contexts a Dockerfile is built with', () => {
  it('each compose context building it, else its own directory; one object per directory and ignore file', async () => {
    const project = await loadCase(
      tempTree({
        'svc/Dockerfile': 'FROM node:22\n',
        'svc/.dockerignore': 'sub\n',
        'compose.yaml': [
          'services:',
          '  a:',
          '    build:',
          '      context: .',
          '      dockerfile: svc/Dockerfile',
          '  b:',
          '    build:',
          '      context: svc',
          '  c:',
          '    build: svc',
          '  outside:',
          '    build:',
          '      context: ../elsewhere',
          '',
        ].join('\n'),
        'lone/Dockerfile': 'FROM node:22\n',
        'lone/Dockerfile.dockerignore': '*.log\n',
      }),
    );
    const described = (contexts: readonly BuildContext[]) => contexts.map((context) => [context.dir, context.dockerignore?.source.path ?? null]);
    const svc = dockerfileOf(project, 'svc/Dockerfile');
    const lone = dockerfileOf(project, 'lone/Dockerfile');
    expect(described(project.contextsOf(svc))).toEqual([
      ['', null],
      ['svc', 'svc/.dockerignore'],
    ]);
    expect(described(project.contextsOf(lone))).toEqual([['lone', 'lone/Dockerfile.dockerignore']]);
    // The same context object for every build that uses it, and for the service.
    const [, svcContext] = project.contextsOf(svc);
    expect(project.services.filter((resolved) => resolved.context === svcContext).map((resolved) => resolved.service.name)).toEqual(['b', 'c']);
    expect(project.directoryContext(svc)).toBe(svcContext);
    expect(project.services.find((resolved) => resolved.service.name === 'outside')?.context).toBeNull();
    // Every context: compose builds first, then each Dockerfile's own directory.
    expect(described(project.contexts)).toEqual([
      ['', null],
      ['svc', 'svc/.dockerignore'],
      ['lone', 'lone/Dockerfile.dockerignore'],
    ]);
  });
});

describe('what a COPY sends: copiedBy', () => {
  const files = {
    'svc/Dockerfile': 'FROM node:22\n',
    'svc/.dockerignore': '.env\ndata\n',
    'svc/package.json': '{}',
    'svc/package-lock.json': '{}',
    'svc/src/server.ts': '',
    'svc/src/lib/a.ts': '',
    'svc/deps/requirements.txt': '',
    'svc/deps/constraints.txt': '',
    // The discovery walk never enters node_modules: it is one entry.
    'svc/node_modules/left-pad/index.js': '',
    'svc/.env': 'A=1\n',
    'svc/src-old/x.ts': '',
    'svc/requirements.txt': '',
    'svc/requirements-dev.txt': '',
    'svc/data/big.bin': '',
    'other/package.json': '{}',
  };

  const copied: [string, string[]][] = [
    ['package.json', ['package.json']],
    ['./src', ['src/lib/a.ts', 'src/server.ts']],
    ['/src/', ['src/lib/a.ts', 'src/server.ts']],
    ['src/lib/a.ts', ['src/lib/a.ts']],
    ['package*.json', ['package-lock.json', 'package.json']],
    ['requirements*.txt', ['requirements-dev.txt', 'requirements.txt']],
    ['*/requirements.txt', ['deps/requirements.txt']],
    ['deps', ['deps/constraints.txt', 'deps/requirements.txt']],
    ['s?c', ['src/lib/a.ts', 'src/server.ts']],
    ['node_modules', ['node_modules']],
    ['.env', []],
    ['data/', []],
    ['missing.txt', []],
    ['../package.json', ['package.json']],
    // filepath.Match: braces are literal, `**` is `*` within one segment, a class never crosses `/`.
    ['**/a.ts', []],
    ['{package,requirements}.json', []],
    ['**/requirements.txt', ['deps/requirements.txt']],
    ['[dr]e[p]s/[^r]*.txt', ['deps/constraints.txt']],
    ['deps/[!r]*.txt', ['deps/requirements.txt']], // Go negates with ^ only: [!r] is '!' or 'r'
    ['src[/]lib', []],
    ['.', ['.dockerignore', 'Dockerfile', 'deps/constraints.txt', 'deps/requirements.txt', 'node_modules', 'package-lock.json', 'package.json', 'requirements-dev.txt', 'requirements.txt', 'src-old/x.ts', 'src/lib/a.ts', 'src/server.ts']],
  ];
  it.each(copied)('copiedBy(%s)', async (source, expected) => {
    const project = await loadCase(tempTree(files));
    expect(project.directoryContext(dockerfileOf(project, 'svc/Dockerfile')).copiedBy(source)).toEqual(expected);
  });
});
