import micromatch from 'micromatch';
import { describe, expect, it } from 'vitest';
import { compileGlob, globMatcher, isGlobMatch } from '../src/globs.js';

/** Globs as configs and Dockerfiles write them. */
const GLOBS = [
  '*', '**', '*.ts', '**/*.ts', 'src/**', 'src/**/*.test.ts', 'fixtures/**', 'backend/docker/base-*/Dockerfile',
  '**/Dockerfile*', '*.y?ml', 'docker-compose*.yml', '{a,b}/*.js', 'svc/{api,web}/**', 'a/{1..3}', '[a-c]*', '[!.]*',
  '**/.git', '**/.git/**', '.env*', 'requirements*.txt', '**/node_modules/**', 'ci/**/*.sh', 'a/**/b', 'a**b', './src/*',
  '**/*.[ch]', 'Dockerfile', 'x/*/y/**/z', 'base-*:*', 'node:2?', '\\*literal', 'file\\[1\\].txt', 'a/b/', '[[:digit:]]*',
  'package.json', 'deploy/app', 'deploy/app/',
];
/** Paths as discovery and rules ask about them. */
const PATHS = [
  '', 'a', 'b', 'a.ts', '.ts', 'src', 'src/a.ts', 'src/x/y/z.test.ts', 'src/x/.hidden/z.ts', '.hidden/x.ts', 'fixtures',
  'fixtures/a/Dockerfile', 'backend/docker/base-node/Dockerfile', 'backend/docker/base-node/x/Dockerfile', 'Dockerfile',
  'Dockerfile.dev', 'deep/Dockerfile.prod', 'compose.yml', 'compose.yaml', 'docker-compose.override.yml', 'a/x.js',
  'b/y.js', 'c/z.js', 'svc/api/x', 'svc/api', 'svc/web/a/b', 'svc/db/a', 'a/1', 'a/2', 'a/4', 'abc', 'dx', '.git',
  'x/.git', '.git/config', 'x/.git/HEAD', '.env', '.env.local', 'requirements-dev.txt', 'node_modules/a/index.js',
  'a/node_modules/b', 'ci/build.sh', 'ci/x/y.sh', 'a/b', 'a/x/y/b', 'ab', 'axxb', 'ax/xb', 'src/q', 'lib/a.c',
  'lib/a.h', 'lib/a.o', 'x/q/y/z', 'x/q/y/w/z', 'base-node:latest', 'node:20', 'node:200', '*literal', 'xliteral',
  'file[1].txt', 'file1.txt', 'a/b/', '7up', 'seven', 'package.json', 'x/package.json', 'package.jsonx',
  'deploy/app', 'deploy//app', 'deploy/app/x', 'deploy/apps',
];

describe('globs agree with micromatch (dot: true) on what configs and Dockerfiles write', () => {
  const cases = GLOBS.flatMap((glob) => PATHS.map((value) => [glob, value] as const));
  it(`matches ${cases.length} glob/path pairs as micromatch does, but where micromatch departs from bash`, () => {
    const disagreements = cases.filter(([glob, value]) => compileGlob(glob)(value) !== micromatch.isMatch(value, glob, { dot: true }));
    // micromatch answers `[!.]*` the other way round (dotted names only); bash, git and Docker read it as
    // "a name not starting with a dot". An empty path and a trailing slash never reach a matcher.
    const departures = disagreements.filter(([glob, value]) => !(glob === '[!.]*' || value === '' || value.endsWith('/')));
    expect(departures).toEqual([]);
    expect(disagreements.filter(([glob]) => glob === '[!.]*').map(([, value]) => value)).toEqual(PATHS.filter((value) => value !== '' && !value.includes('/')));
    expect(PATHS.filter((value) => compileGlob('[!.]*')(value))).toEqual(PATHS.filter((value) => /^[^./][^/]*$/.test(value)));
  });
});

describe('globs without wildcards', () => {
  it('match the same path, trailing slashes aside, and a directory-only one only a directory', () => {
    expect(['package.json', 'package.json/', 'x/package.json', 'package.jsonx'].map(compileGlob('package.json'))).toEqual([true, true, false, false]);
    expect(['deploy/app', 'deploy/app/', 'deploy//app', 'deploy/app/x'].map(compileGlob('deploy/app/'))).toEqual([false, true, false, false]);
    expect(['a//b', 'a/b'].map(compileGlob('a//b'))).toEqual([false, false]);
  });
});

describe('globs take linear time on hostile input', () => {
  it('matches *a*a*a*a*a*a*a*a*a*a*b against a long name at once (micromatch backtracks for minutes)', () => {
    const glob = '*a*a*a*a*a*a*a*a*a*a*b';
    const name = 'a'.repeat(2000);
    const started = performance.now();
    expect(isGlobMatch(name, glob)).toBe(false);
    expect(isGlobMatch(`${name}b`, glob)).toBe(true);
    expect(isGlobMatch(`x/${name}`, `**/${glob}`)).toBe(false);
    // A bound on work, not a timing target: the walk is quadratic at most, a few million steps here.
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('does not expand an explosion of braces', () => {
    const glob = '{a,b}'.repeat(30);
    expect(globMatcher([glob])('ab')).toBe(false);
    expect(isGlobMatch(glob, glob)).toBe(true);
  });

  it('negates with a leading ! and ignores case when asked', () => {
    expect(isGlobMatch('a.js', '!*.ts')).toBe(true);
    expect(isGlobMatch('a.ts', '!*.ts')).toBe(false);
    expect(globMatcher(['*_VERSION'], { nocase: true })('node_version')).toBe(true);
  });
});
