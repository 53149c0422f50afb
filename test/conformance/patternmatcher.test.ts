/**
 * Conformance with moby/patternmatcher (how Docker 23 and later match `.dockerignore`), and with Docker
 * 20.10's translation where the project says it builds with 20.10. Cases are written from the upstream
 * code's behaviour (its regular-expression translation, its exact/prefix/suffix shortcuts, its parent
 * matching); each group names the behaviour it pins down. Real-BuildKit agreement for 20.10 is in
 * `test/dockerignore-buildkit.test.ts`.
 */
import { describe, expect, it } from 'vitest';
import { dockerignoreMatcher } from '../../src/project/dockerignore.js';
import type { IgnoreDialect } from '../../src/project/ignore-pattern.js';
import { loadCase } from '../helpers/rule-tester.js';
import { tempTree } from '../helpers/tmp.js';

type Case = [patterns: string[], path: string, excluded: boolean];

function check(dialect: IgnoreDialect, cases: Case[]): void {
  it.each(cases)('%j on %j: excluded %s', (patterns, path, excluded) => {
    expect(dockerignoreMatcher(patterns, dialect).ignores(path)).toBe(excluded);
  });
}

describe('patternmatcher (Docker ≥ 23)', () => {
  describe('shouldEscape: `. + ( ) | { } $` are literal characters', () => {
    check('patternmatcher', [
      [['a+b'], 'a+b', true],
      [['a+b'], 'aab', false],
      [['a(b)c'], 'a(b)c', true],
      [['a(b)c'], 'abc', false],
      [['c++/'], 'c++/main.cc', true],
      [['*.c++'], 'lib.c++', true],
      [['foo(1).txt'], 'foo(1).txt', true],
      [['foo(1).txt'], 'foo1.txt', false],
      [['a|b'], 'a|b', true],
      [['a|b'], 'a', false],
      [['x{2}'], 'x{2}', true],
      [['x{2}'], 'xx', false],
      [['cost$'], 'cost$', true],
      [['abc.def'], 'abcZdef', false],
      [['dist/*.whl'], 'dist/pkg-1.0+local.1-py3-none-any.whl', true],
      [['dist/pkg-1.0+local.1-py3-none-any.whl'], 'dist/pkg-1.0+local.1-py3-none-any.whl', true],
    ]);
  });

  describe('`*` and `?` stay within one path segment', () => {
    check('patternmatcher', [
      [['*.log'], 'app.log', true],
      [['*.log'], 'logs/app.log', false],
      [['?akefile'], 'Makefile', true],
      [['a?c'], 'a/c', false],
      [['src/*/index.ts'], 'src/a/index.ts', true],
      [['src/*/index.ts'], 'src/a/b/index.ts', false],
    ]);
  });

  describe('`**` spans segments; followed by `/` it also matches none', () => {
    check('patternmatcher', [
      [['**/node_modules'], 'node_modules', true],
      [['**/node_modules'], 'a/b/node_modules/x.js', true],
      [['a/**/z'], 'a/z', true],
      [['a/**/z'], 'a/b/c/z', true],
      [['**/**/*.txt'], 'file.txt', true],
      [['**'], 'anything/at/all', true],
    ]);
  });

  describe('prefixMatch: a trailing `**` compares a string prefix', () => {
    check('patternmatcher', [
      [['abc/**'], 'abc/def/ghi', true],
      // `abc/**` does not match the directory itself…
      [['abc/**', '!abc'], 'abc/x', false],
      [['src**'], 'srcx', true],
      [['src**'], 'src/a/b', true],
    ]);
  });

  describe('suffixMatch: a leading `**` compares a string suffix, looser than the expression', () => {
    check('patternmatcher', [
      [['**.log'], 'app.log', true],
      [['**.log'], 'deep/dir/app.log', true],
      [['**file'], 'dir/myfile', true],
      [['**/.env'], '.env', true],
      [['**/.env'], 'svc/.env', true],
      [['**/.env'], 'svc/x.env', false],
    ]);
  });

  describe('character classes and `\\` escapes go into the regular expression', () => {
    check('patternmatcher', [
      [['a[b-d]e'], 'ace', true],
      [['a[b-d]e'], 'aae', false],
      [['a[^b-d]e'], 'aze', true],
      // `!` is no negation inside a class: Go's regular expressions read it as a member.
      [['a[!b]e'], 'a!e', true],
      [['a[!b]e'], 'aze', false],
      [['a\\*b'], 'a*b', true],
      [['a\\*b'], 'axb', false],
      [['foo\\d.txt'], 'foo7.txt', true],
    ]);
  });

  describe('MatchesOrParentMatches: a pattern matching a parent directory excludes what is below it', () => {
    check('patternmatcher', [
      [['node_modules'], 'node_modules/left-pad/index.js', true],
      [['*/build'], 'pkg/build/out/a.o', true],
      [['node_modules'], 'src/node_modules/x.js', false],
    ]);
  });

  describe('the last matching pattern decides; `!` re-includes', () => {
    check('patternmatcher', [
      [['*.md', '!README.md'], 'README.md', false],
      [['!README.md', '*.md'], 'README.md', true],
      [['docs', '!docs/README.md'], 'docs/README.md', false],
      [['docs', '!docs/README.md'], 'docs/other.md', true],
      [['**', '!src', 'src/generated'], 'src/generated/x.ts', true],
    ]);
  });

  describe('patterns are cleaned like paths (filepath.Clean), a leading `/` dropped', () => {
    check('patternmatcher', [
      [['/data'], 'data/raw.csv', true],
      [['data/'], 'data', true],
      [['./dist//'], 'dist/app.js', true],
      [['tmp/../cache'], 'cache/x', true],
    ]);
  });

  it('matches in time linear in the path: no backtracking (`*a*a…b` against a long name)', () => {
    const matcher = dockerignoreMatcher(['*a*a*a*a*a*a*a*a*a*a*b'], 'patternmatcher');
    const started = performance.now();
    expect(matcher.ignores('a'.repeat(4000))).toBe(false);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe('Docker 20.10 fileutils (dockerVersion < 23)', () => {
  describe('only `.` and `$` are escaped: `+ ( ) | { }` keep their regular-expression meaning', () => {
    check('docker-20.10', [
      [['a+b'], 'aab', true],
      [['a+b'], 'a+b', false],
      [['a(b)c'], 'abc', true],
      [['x{2}'], 'xx', true],
      // `^a|b$`: the alternation splits the anchors, so anything starting with `a` is excluded.
      [['a|b'], 'apple', true],
      [['abc.def'], 'abcZdef', false],
    ]);
  });

  describe('no string shortcuts: a leading `**` is the expression `(.*/)?`', () => {
    check('docker-20.10', [
      [['**.log'], 'app.log', false],
      [['**/.env'], 'svc/.env', true],
    ]);
  });

  it('matches in linear time too', () => {
    const matcher = dockerignoreMatcher(['*a*a*a*a*a*a*a*a*a*a*b'], 'docker-20.10');
    const started = performance.now();
    expect(matcher.ignores('a'.repeat(4000))).toBe(false);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe('a pattern whose regular expression does not compile fails the build', () => {
  const problems = async (dockerVersion: string): Promise<string[]> => {
    const root = tempTree({ 'Dockerfile': 'FROM scratch\n', '.dockerignore': 'c++.txt\nfoo(\n' });
    return (await loadCase(root, { dockerVersion })).problems.map((problem) => problem.message);
  };

  it('Docker 20.10 refuses `c++.txt` and `foo(` (regexp.Compile fails in New)', async () => {
    expect(await problems('20.10')).toHaveLength(2);
  });

  it('current Docker reads them as literal names and builds', async () => {
    expect(await problems('current')).toEqual([]);
  });
});
