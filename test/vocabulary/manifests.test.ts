import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src/config/defaults.js';
import { contextPath, copiesOnlyManifests, indexContext, isManifest, isRemoteSource } from '../../src/vocabulary/manifests.js';

const manifests = DEFAULT_SETTINGS.manifests;

describe('isManifest with the default manifests', () => {
  it.each([
    'package.json', 'package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', '.yarnrc.yml', 'pnpm-lock.yaml',
    'pnpm-workspace.yaml', '.npmrc', 'requirements.txt', 'requirements-dev.txt', 'requirements_torch.txt',
    'constraints.txt', 'constraints-cuda.txt', 'pyproject.toml', 'poetry.lock', 'Pipfile', 'Pipfile.lock', 'uv.lock',
    'setup.cfg', 'environment.yml', 'environment-gpu.yml', 'conda-lock.yml', 'go.mod', 'go.sum', 'Gemfile',
    'Gemfile.lock', 'Cargo.toml', 'Cargo.lock', 'composer.json', 'composer.lock', 'backend/api/package.json', '.condarc',
  ])('%s is a manifest', (file) => {
    expect(isManifest(file, manifests)).toBe(true);
  });
  it.each(['src/server.ts', 'setup.py', 'tsconfig.json', 'README.md', 'requirements/base.txt', 'package.json.bak', 'Dockerfile', 'app.py'])(
    '%s is not a manifest',
    (file) => {
      expect(isManifest(file, manifests)).toBe(false);
    },
  );
  it('follows the setting', () => {
    expect(isManifest('deps.edn', ['deps.edn'])).toBe(true);
    expect(isManifest('package.json', ['deps.edn'])).toBe(false);
  });
});

it('contextPath resolves sources against the context root', () => {
  expect(['.', './', '/', './src/', '/app', 'src/../lib', 'a//b/./c'].map(contextPath)).toEqual(['', '', '', 'src', 'app', 'lib', 'a/b/c']);
});

it('isRemoteSource', () => {
  expect(['https://x.org/a.tgz', 'git@github.com:o/r.git', 'http://h/x', 'src', './https', 'file.txt'].map(isRemoteSource)).toEqual([true, true, true, false, false, false]);
});

describe('indexContext and copiesOnlyManifests', () => {
  // As Project.filesUnder lists them: files and directories, repo-relative.
  const paths = [
    'svc', 'svc/package.json', 'svc/package-lock.json', 'svc/src', 'svc/src/server.ts', 'svc/src/lib', 'svc/src/lib/a.ts',
    'svc/deps', 'svc/deps/requirements.txt', 'svc/deps/constraints.txt', 'svc/node_modules', 'svc/.env', 'svc/empty',
    'svc/src-old', 'svc/src-old/x.ts', 'svc/requirements.txt', 'svc/requirements-dev.txt', 'svc/data', 'svc/data/big.bin',
    'other', 'other/package.json',
  ];
  const context = indexContext(paths, 'svc', (path) => path === '.env' || path === 'data' || path.startsWith('data/'));

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
    ['empty', ['empty']],
    ['.env', []],
    ['data/', []],
    ['missing.txt', []],
    ['**/a.ts', []],
    // filepath.Match: braces are literal, `**` is `*` within one segment, a class never crosses `/`.
    ['{package,requirements}.json', []],
    ['**/requirements.txt', ['deps/requirements.txt']],
    ['[dr]e[p]s/[^r]*.txt', ['deps/constraints.txt']],
    ['deps/[!r]*.txt', ['deps/requirements.txt']], // Go negates with ^ only: [!r] is '!' or 'r'
    ['src[/]lib', []],
  ];
  it.each(copied)('copiedBy(%s)', (source, expected) => {
    expect(context.copiedBy(source)).toEqual(expected);
  });

  it('copiedBy(.) is every file Docker sends', () => {
    expect(context.copiedBy('.')).toEqual([
      'deps/constraints.txt', 'deps/requirements.txt', 'empty', 'node_modules', 'package-lock.json', 'package.json',
      'requirements-dev.txt', 'requirements.txt', 'src-old/x.ts', 'src/lib/a.ts', 'src/server.ts',
    ]);
  });

  const judged: [string, boolean][] = [
    ['package.json', true],
    ['package*.json', true],
    ['requirements*.txt', true],
    ['deps/', true],
    ['.', false],
    ['./', false],
    ['src', false],
    ['node_modules', false],
    ['src/lib/a.ts', false],
    // Nothing matches: judged by the name.
    ['missing/requirements.txt', true],
    ['yarn.lock', true],
    ['pnpm-*.yaml', true],
    ['*.py', false],
    ['missing-dir', false],
  ];
  it.each(judged)('copiesOnlyManifests(%s) = %s', (source, expected) => {
    expect(copiesOnlyManifests(source, context, manifests)).toBe(expected);
  });

  it('honours --exclude patterns', () => {
    expect(copiesOnlyManifests('*', context, manifests, ['src', 'src-old', 'node_modules', 'empty'])).toBe(true);
    expect(copiesOnlyManifests('*', context, manifests, ['src', 'src-old', 'node_modules'])).toBe(false);
    // The whole context never counts as manifests only, whatever it excludes.
    expect(copiesOnlyManifests('.', context, manifests, ['src', 'src-old', 'node_modules', 'empty'])).toBe(false);
    expect(copiesOnlyManifests('src', context, manifests, ['*.ts', 'lib'])).toBe(false);
    expect(copiesOnlyManifests('src', context, manifests, ['server.ts', 'lib'])).toBe(false);
  });

  it('judges by name without a context', () => {
    expect(copiesOnlyManifests('package.json', null, manifests)).toBe(true);
    expect(copiesOnlyManifests('src', null, manifests)).toBe(false);
    expect(copiesOnlyManifests('.', null, manifests)).toBe(false);
  });

  it('indexes the root context', () => {
    expect(indexContext(['a', 'a/package.json', 'b.txt'], '').copiedBy('.')).toEqual(['a/package.json', 'b.txt']);
  });
});
