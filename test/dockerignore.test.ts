import { describe, expect, it } from 'vitest';
import {
  DOCKERIGNORE_PROBLEMS,
  dockerignoreFor,
  dockerignoreMatcher,
  excludesEverywhere,
  parseDockerignore,
} from '../src/project/dockerignore.js';
import { SourceFile } from '../src/source.js';

function parse(text: string) {
  return parseDockerignore(new SourceFile('svc/.dockerignore', text));
}

const at = (line: number, start: number, end: number) => ({
  file: 'svc/.dockerignore',
  range: { start: { line, column: start }, end: { line, column: end } },
});

describe('parseDockerignore', () => {
  it('reads patterns trimmed like Docker, with their exact ranges', () => {
    const doc = parse('# deps\nnode_modules\n\n  *.log  \n\t!keep.log\r\n!  spaced\n   \n  # not a comment\n');
    expect(doc.kind).toBe('dockerignore');
    expect(doc.patterns).toEqual([
      { text: 'node_modules', negated: false, location: at(2, 1, 13), invalid: null },
      { text: '*.log', negated: false, location: at(4, 3, 8), invalid: null },
      { text: '!keep.log', negated: true, location: at(5, 2, 11), invalid: null },
      { text: '!  spaced', negated: true, location: at(6, 1, 10), invalid: null },
      { text: '# not a comment', negated: false, location: at(8, 3, 18), invalid: null },
    ]);
    expect(doc.comments).toEqual([{ line: 1, text: ' deps', range: at(1, 1, 7).range }]);
  });

  it('drops a BOM and reads CRLF line ends', () => {
    const doc = parse('\uFEFF#top\r\ndata/\r\n');
    expect(doc.comments).toEqual([{ line: 1, text: 'top', range: at(1, 2, 6).range }]);
    expect(doc.patterns).toEqual([{ text: 'data/', negated: false, location: at(2, 1, 6), invalid: null }]);
  });

  it('reads negation the way Docker does after cleaning', () => {
    const negation = (line: string) => parse(line).patterns.map((pattern) => pattern.negated);
    expect(negation('!a')).toEqual([true]);
    // `/!a` is cleaned to `!a` before Docker looks for `!`.
    expect(negation('/!a')).toEqual([true]);
    expect(negation('a!')).toEqual([false]);
    expect(negation('!!a')).toEqual([true]);
  });

  it('has no patterns for an empty or comment-only file', () => {
    expect(parse('').patterns).toEqual([]);
    expect(parse('#a\n#b').comments.map((comment) => comment.text)).toEqual(['a', 'b']);
    expect(parse('#a\n#b').patterns).toEqual([]);
  });

  const P = DOCKERIGNORE_PROBLEMS;
  it.each([
    ['!', P.loneExclamation],
    ['!   ', P.loneExclamation],
    ['!/', P.loneExclamation],
    ['! //', P.loneExclamation],
    ['!/..', P.loneExclamation],
    ['app.log\\', P.trailingBackslash],
    ['top.pkl\\ ', P.trailingBackslash],
    ['\\', P.trailingBackslash],
    ['foo[1.txt', P.unclosedClass],
    ['foo[', P.unclosedClass],
    ['[a-', P.unclosedClass],
    ['[\\', P.trailingBackslash],
    ['[]', P.malformedClass],
    ['[]a]', P.malformedClass],
    ['[^]', P.malformedClass],
    ['[a-]', P.malformedClass],
    ['[-a]', P.malformedClass],
    ['[a-b-c]', P.malformedClass],
    ['[z-a]', P.reversedRange],
    ['foo\\q', P.unknownEscape],
    ['foo\\8', P.unknownEscape],
    ['foo\\1', P.unknownEscape],
    ['foo\\é', P.unknownEscape],
  ])('marks %j invalid', (line, problem) => {
    expect(parse(line).patterns.map((pattern) => pattern.invalid)).toEqual([problem]);
  });

  it.each(['c++.txt', 'foo(', 'a)'])('marks %j invalid for Docker 20.10 only, which reads it as a regular expression', (line) => {
    const read = (dialect: 'patternmatcher' | 'docker-20.10') =>
      parseDockerignore(new SourceFile('.dockerignore', line), dialect).patterns.map((pattern) => pattern.invalid);
    expect(read('docker-20.10')).toEqual([P.invalidRegExp]);
    expect(read('patternmatcher')).toEqual([null]);
  });

  it.each([
    'foo\\\\',
    'foo\\[1\\].txt',
    '[!a]',
    '[\\]]',
    '[a-z]*',
    '[à-é]',
    'foo\\d.txt',
    'foo\\10',
    '\\*.log',
    'a{2}',
    'foo(1).txt',
    '!a/**',
    '/',
    '.',
    '../x',
    'foo]',
  ])('accepts %j', (line) => {
    expect(parse(line).patterns.map((pattern) => pattern.invalid)).toEqual([null]);
  });

  it('leaves invalid patterns out of matching', () => {
    const doc = parse('*.log\n!\n[z-a]\n');
    expect(doc.patterns.map((pattern) => pattern.invalid !== null)).toEqual([false, true, true]);
    expect(doc.matcher.ignores('a.log')).toBe(true);
    expect(doc.matcher.ignores('z')).toBe(false);
  });
});

describe('matcher.ignores', () => {
  const cases: [patterns: string[], path: string, ignored: boolean][] = [
    // A slash-less name matches at the root only.
    [['node_modules'], 'node_modules', true],
    [['node_modules'], 'node_modules/x/index.js', true],
    [['node_modules'], 'src/node_modules/x.js', false],
    [['**/node_modules'], 'src/node_modules/x.js', true],
    [['**/node_modules'], 'a/b/c/node_modules', true],
    [['*/node_modules'], 'a/node_modules/x', true],
    [['*/node_modules'], 'a/b/node_modules/x', false],
    [['*.log'], 'app.log', true],
    [['*.log'], 'logs/app.log', false],
    [['**/*.log'], 'logs/sub/app.log', true],
    // Leading `/`, trailing `/`, `./` and `..` are cleaned away.
    [['/data'], 'data/raw.csv', true],
    [['data/'], 'data', true],
    [['data/'], 'src/data/x', false],
    [['./node_modules'], 'node_modules/x', true],
    [['data/../tmp'], 'tmp/x', true],
    [['data/../tmp'], 'data/tmp/x', false],
    // Case-sensitive.
    [['readme.md'], 'README.md', false],
    [['README.md'], 'README.md', true],
    // Last match wins; `!` re-includes below an excluded directory.
    [['logs', '!logs/keep.txt'], 'logs/keep.txt', false],
    [['logs', '!logs/keep.txt'], 'logs/other.txt', true],
    [['!app.log', '*.log'], 'app.log', true],
    [['*.log', '!app.log'], 'app.log', false],
    [['*', '!src'], 'src/deep/file.ts', false],
    [['*', '!src'], 'docs/a.md', true],
    [['docs', '!docs/**'], 'docs/a.md', false],
    [['**/node_modules', '!**/node_modules/keep'], 'a/node_modules/keep', false],
    [['**/node_modules', '!**/node_modules/keep'], 'a/node_modules/other', true],
    // `**` crosses directories, also inside a segment.
    [['src**'], 'src/a/b.ts', true],
    [['src**'], 'srcx', true],
    [['a/**e.txt'], 'a/b/c/e.txt', true],
    [['a**/d'], 'a/b/c/d/e.txt', true],
    [['**'], 'anything/at/all', true],
    // Character classes: `[!a]` is a class of `!` and `a` (Docker passes it to a regular expression).
    [['foo[1].txt'], 'foo1.txt', true],
    [['foo[1].txt'], 'foo[1].txt', false],
    [['foo\\[1\\].txt'], 'foo[1].txt', true],
    [['foo[!a].txt'], 'foo1.txt', false],
    [['foo[!a].txt'], 'foo!.txt', true],
    [['foo[^a].txt'], 'foo1.txt', true],
    // `\\d` goes into the regular expression as a digit class; `(…)` and `+` are literal.
    [['foo\\d.txt'], 'foo1.txt', true],
    [['foo(1).txt'], 'foo(1).txt', true],
    [['foo(1).txt'], 'foo1.txt', false],
    [['+foo1.txt'], '+foo1.txt', true],
    [['?akefile'], 'Makefile', true],
    // Comment-looking and prototype-named entries are ordinary names.
    [['  # hash.txt'], '# hash.txt', true],
    [['# hash.txt'], '# hash.txt', false],
    [['*'], 'constructor', true],
    [['*'], '__proto__', true],
    [['toString'], 'toString/x', true],
    // Paths are cleaned; the context root and paths outside it are never ignored.
    [['data'], './data/x', true],
    [['data'], 'data/', true],
    [['data'], '/data', true],
    [['*'], '', false],
    [['*'], '.', false],
    [['*'], '../x', false],
    // Patterns that can match nothing.
    [['.'], 'x', false],
    [['/'], 'x', false],
    [['../x'], 'x', false],
  ];
  it.each(cases)('%j ignores %j: %s', (patterns, path, ignored) => {
    expect(dockerignoreMatcher(patterns).ignores(path)).toBe(ignored);
  });

  // Docker 20.10 copies `(…)` and `+` into its regular expression.
  it.each<[string[], string, boolean]>([
    [['foo(1).txt'], 'foo1.txt', true],
    [['foo(1).txt'], 'foo(1).txt', false],
    [['+foo1.txt'], 'foo1.txt', true],
  ])('Docker 20.10: %j ignores %j: %s', (patterns, path, ignored) => {
    expect(dockerignoreMatcher(patterns, 'docker-20.10').ignores(path)).toBe(ignored);
  });
});

describe('matcher.decidingPattern', () => {
  const doc = parse('**/node_modules\n*.log\n!important.log\nlogs\n!logs/keep/**\n# done\n');
  const deciding = (path: string) => {
    const pattern = doc.matcher.decidingPattern(path);
    return pattern === null ? null : `${pattern.text}@${pattern.location.range.start.line}`;
  };

  it.each([
    ['a/node_modules/x.js', '**/node_modules@1'],
    ['app.log', '*.log@2'],
    ['important.log', '!important.log@3'],
    ['logs/app.log', 'logs@4'],
    ['logs/keep/a/b.txt', '!logs/keep/**@5'],
    ['src/index.ts', null],
  ])('%j is decided by %j', (path, expected) => {
    expect(deciding(path)).toBe(expected);
  });

  it('returns the pattern objects of the document', () => {
    expect(doc.matcher.decidingPattern('app.log')).toBe(doc.patterns[1]);
  });

  it('agrees with ignores', () => {
    for (const path of ['a/node_modules', 'important.log', 'logs/keep/x', 'logs/x', 'x']) {
      const pattern = doc.matcher.decidingPattern(path);
      expect(doc.matcher.ignores(path)).toBe(pattern !== null && !pattern.negated);
    }
  });
});

describe('dockerignoreFor', () => {
  const files = new Set([
    'backend/api/Dockerfile',
    'backend/api/Dockerfile.dockerignore',
    'backend/.dockerignore',
    'backend/worker/Dockerfile',
    'prod.Dockerfile',
    'prod.Dockerfile.dockerignore',
    '.dockerignore',
    'docker/web.Dockerfile',
    'web/.dockerignore',
    'tools/Dockerfile',
  ]);
  const exists = (path: string) => files.has(path);
  it.each([
    ['backend/api/Dockerfile', 'backend', 'backend/api/Dockerfile.dockerignore'],
    ['backend/api/Dockerfile', 'backend/api', 'backend/api/Dockerfile.dockerignore'],
    ['backend/worker/Dockerfile', 'backend', 'backend/.dockerignore'],
    ['backend/worker/Dockerfile', 'backend/worker', null],
    ['prod.Dockerfile', '', 'prod.Dockerfile.dockerignore'],
    ['prod.Dockerfile', 'web', 'prod.Dockerfile.dockerignore'],
    ['docker/web.Dockerfile', 'web', 'web/.dockerignore'],
    ['docker/web.Dockerfile', '.', '.dockerignore'],
    ['docker/web.Dockerfile', './web/', 'web/.dockerignore'],
    ['tools/Dockerfile', 'tools', null],
  ])('%j with context %j uses %j', (dockerfile, context, expected) => {
    expect(dockerignoreFor(dockerfile, context, exists)).toBe(expected);
  });
});

describe('excludesEverywhere', () => {
  const cases: [patterns: string[], entry: string, counterexample: string | null][] = [
    [[], 'node_modules', 'node_modules'],
    [['node_modules'], 'node_modules', 'pkg/node_modules'],
    [['**/node_modules'], 'node_modules', null],
    [['**/node_modules/'], 'node_modules', null],
    [['node_modules', '**/node_modules'], 'node_modules', null],
    [['*/node_modules'], 'node_modules', 'node_modules'],
    [['node_modules', '*/node_modules'], 'node_modules', 'pkg/sub/deep/node_modules'],
    // A `!` for one specific file below does not count against the entry; re-including all of it does.
    [['**/node_modules', '!**/node_modules/keep'], 'node_modules', null],
    [['**/node_modules', '!**/node_modules/**'], 'node_modules', 'node_modules/some-file'],
    [['**/node_modules', '!pkg/node_modules'], 'node_modules', 'pkg/node_modules'],
    // Only the contents excluded: the directory itself still reaches the build.
    [['**/node_modules/**'], 'node_modules', 'node_modules'],
    [['**/__pycache__'], '__pycache__', null],
    [['__pycache__', '*/__pycache__'], '__pycache__', 'pkg/sub/deep/__pycache__'],
    [['.git'], '.git', 'pkg/.git'],
    [['**/.git'], '.git', null],
    [['**/.env'], '.env', null],
    [['**/.env*', '!**/.env.example'], '.env', null],
    [['*.log'], '*.log', 'pkg/x.log'],
    [['**/*.log'], '*.log', null],
    [['**/*.log', '!pkg/**'], '*.log', 'pkg/x.log'],
    [['**/data'], 'data/', null],
    [['data/'], 'data/', 'pkg/data'],
    [['**/data/*'], 'data/', 'data'],
    [['**/*.pkl'], '*.pkl', null],
    [['*.pkl', '**/*.pkl'], '*.pkl', null],
    [['**/*.pk?'], '*.pkl', null],
    [['**'], 'node_modules', null],
    [['*', '!src'], 'node_modules', null],
    [['**/logs'], 'logs/**/*.log', null],
    [['**/*.tmp'], '**/*.tmp', null],
  ];
  it.each(cases)('%j, entry %j → counterexample %j', (patterns, entry, counterexample) => {
    expect(excludesEverywhere(dockerignoreMatcher(patterns), entry)).toEqual({
      excluded: counterexample === null,
      counterexample,
    });
  });
});
