/**
 * `.dockerignore` files with Docker's semantics, checked against a real BuildKit (see
 * `test/dockerignore-buildkit.test.ts`):
 *
 * - A line is a comment only when `#` is its first character; otherwise it is trimmed (Go's
 *   `strings.TrimSpace`) and, when not empty, is a pattern. `!` negates; the rest is cleaned like a path
 *   (`./a` → `a`, `a/../b` → `b`, trailing `/` dropped) and a leading `/` is removed.
 * - A pattern excludes a path when it matches the path or one of its parent directories; the last
 *   pattern that does so decides, so `!` can re-include a file below an excluded directory.
 * - Matching is case-sensitive; `*` and `?` stay within one path segment, `**` spans segments.
 *
 * Single patterns are matched by `ignore-pattern.ts`, in the dialect of the Docker that builds: current
 * Docker's patternmatcher by default, Docker 20.10's translation when the project says it builds with
 * 20.10 (there `+ ( ) { } |` keep their regular-expression meaning). The decision across patterns and
 * parent directories is made here.
 *
 * That decision is the documented rule, which newer BuildKit applies. Docker 20.10's file walker
 * departs from it in two corners, both with `!` exceptions below an excluded directory: it skips the
 * directory unless an exception starts with the directory's literal path (so a wildcard exception
 * such as "keep any `node_modules/keep`" keeps nothing), and when it does walk in, it checks each
 * file against one parent level only. `DOCKER_20_10_DIVERGENCES` in the BuildKit test pins both.
 */
import { posix } from 'node:path';
import { SourceFile } from '../source.js';
import type { Comment } from '../source.js';
import { compileIgnorePattern, type IgnoreDialect, type PathTest } from './ignore-pattern.js';
import type { DockerignoreDoc, DockerignoreMatcher, DockerignorePattern } from './model.js';

// ─── Reading lines like Docker ───────────────────────────────────────────────

/** Go's `unicode.IsSpace`, which `strings.TrimSpace` uses (JS `trim` differs, e.g. on U+FEFF and U+0085). */
const GO_SPACE = '\\t\\n\\v\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const LEADING_GO_SPACE = new RegExp(`^[${GO_SPACE}]+`);
const TRAILING_GO_SPACE = new RegExp(`[${GO_SPACE}]+$`);

function goTrimSpace(text: string): string {
  return text.replace(LEADING_GO_SPACE, '').replace(TRAILING_GO_SPACE, '');
}

/** Go's `filepath.Clean` on Linux. */
function goClean(path: string): string {
  if (path === '') return '.';
  const normalized = posix.normalize(path);
  return normalized.length > 1 && normalized.endsWith('/') ? normalized.slice(0, -1) : normalized;
}

export const DOCKERIGNORE_PROBLEMS = {
  loneExclamation: 'illegal exclusion pattern: "!" (a "!" needs a pattern after it)',
  trailingBackslash: 'syntax error in pattern (a trailing "\\" escapes nothing)',
  unclosedClass: 'syntax error in pattern (unclosed "[")',
  malformedClass:
    'syntax error in pattern (malformed character class: "]", "-" or "^]" where a character is expected)',
  reversedRange: 'syntax error in pattern (a character range must ascend, like "[a-z]")',
  unknownEscape:
    'syntax error in pattern (Docker turns "\\" + letter or digit into a regular-expression escape, and this one does not exist)',
  invalidRegExp:
    'syntax error in pattern (Docker 20.10 reads "+", "(", ")", "{", "}" and "|" as regular-expression syntax, which is not valid here; escape them with "\\")',
  invalidPattern: 'syntax error in pattern (Docker\'s regular expression for it does not compile)',
} as const;

/**
 * Why Go's `filepath.Match` rejects the pattern, or `null`. Docker calls it on every pattern before
 * building, and since Go 1.16 it reports a syntax error anywhere in the pattern.
 */
function filepathMatchProblem(pattern: string): string | null {
  let index = 0;
  /**
   * One class character (`getEsc` in Go): not `-` or `]`, may be escaped, and something must follow
   * it. Returns the character, or the problem.
   */
  const classChar = (): { code: number } | { problem: string } => {
    if (index >= pattern.length) return { problem: DOCKERIGNORE_PROBLEMS.unclosedClass };
    const first = pattern[index];
    if (first === '-' || first === ']') return { problem: DOCKERIGNORE_PROBLEMS.malformedClass };
    if (first === '\\') {
      index++;
      if (index >= pattern.length) return { problem: DOCKERIGNORE_PROBLEMS.trailingBackslash };
    }
    // Whole code points, so a character outside the BMP is one class member.
    const code = pattern.codePointAt(index) ?? 0;
    index += code > 0xffff ? 2 : 1;
    return index >= pattern.length ? { problem: DOCKERIGNORE_PROBLEMS.unclosedClass } : { code };
  };
  while (index < pattern.length) {
    const char = pattern[index];
    if (char === '\\') {
      if (index + 1 >= pattern.length) return DOCKERIGNORE_PROBLEMS.trailingBackslash;
      index += 2;
    } else if (char === '[') {
      index++;
      if (pattern[index] === '^') index++;
      let ranges = 0;
      for (;;) {
        if (pattern[index] === ']' && ranges > 0) {
          index++;
          break;
        }
        const low = classChar();
        if ('problem' in low) return low.problem;
        if (pattern[index] === '-') {
          index++;
          const high = classChar();
          if ('problem' in high) return high.problem;
          // `filepath.Match` accepts `[z-a]`, but the regular expression Docker builds from it fails.
          if (high.code < low.code) {
            return DOCKERIGNORE_PROBLEMS.reversedRange;
          }
        }
        ranges++;
      }
    } else {
      index++;
    }
  }
  return null;
}

/**
 * Docker copies `\` + character into a Go regular expression, where only some letter and digit
 * escapes exist (`\d`, `\w`, `\n`, `\x41`, …); any other (`\q`) fails the build. Verified on 20.10.
 */
function regExpEscapeProblem(pattern: string): string | null {
  for (let index = 0; index < pattern.length; index++) {
    if (pattern[index] !== '\\') continue;
    const escaped = pattern[index + 1] ?? '';
    index++;
    if (escaped.charCodeAt(0) >= 0x80) return DOCKERIGNORE_PROBLEMS.unknownEscape;
    if (!/^[A-Za-z0-9]$/.test(escaped)) continue;
    if ('afnrtvdDsSwWbBAzpPx0'.includes(escaped)) continue;
    // `\1`…`\7` are octal only when another octal digit follows; otherwise Go sees a backreference.
    if (/^[1-7]$/.test(escaped) && /^[0-7]$/.test(pattern[index + 1] ?? '')) continue;
    return DOCKERIGNORE_PROBLEMS.unknownEscape;
  }
  return null;
}

/** A pattern read the way Docker reads it. */
interface ReadPattern {
  negated: boolean;
  /** The cleaned pattern without `!`, as Docker matches it. */
  body: string;
  invalid: string | null;
}

/** Docker's reading of one trimmed line: its `.dockerignore` reader, then its pattern matcher. */
function readPattern(trimmed: string): ReadPattern {
  const readerNegated = trimmed.startsWith('!');
  let body = readerNegated ? goTrimSpace(trimmed.slice(1)) : trimmed;
  if (body.length > 0) {
    body = goClean(body);
    if (body.length > 1 && body.startsWith('/')) body = body.slice(1);
  }
  // The matcher cleans again and looks for `!` again, so `!/` becomes `!` and `/!x` becomes `!x`.
  const matcherText = goClean(goTrimSpace((readerNegated ? '!' : '') + body));
  const negated = matcherText.startsWith('!');
  if (negated && matcherText.length === 1) {
    return { negated, body: '', invalid: DOCKERIGNORE_PROBLEMS.loneExclamation };
  }
  const matched = negated ? matcherText.slice(1) : matcherText;
  return { negated, body: matched, invalid: filepathMatchProblem(matched) ?? regExpEscapeProblem(matched) };
}

// ─── The matcher ─────────────────────────────────────────────────────────────

/** Paths a cleaned pattern can never match: the context itself, or outside it. */
function matchesNothing(body: string): boolean {
  return body === '.' || body === '/' || body === '..' || body.startsWith('../');
}

interface CompiledPattern {
  pattern: DockerignorePattern;
  /** Does the pattern match this cleaned path itself? `null` when it can match nothing. */
  matches: PathTest | null;
}

function compile(pattern: DockerignorePattern, body: string, dialect: IgnoreDialect): CompiledPattern | { invalid: string } {
  if (matchesNothing(body)) return { pattern, matches: null };
  const test = compileIgnorePattern(body, dialect);
  if (typeof test === 'function') return { pattern, matches: test };
  return { invalid: dialect === 'docker-20.10' ? DOCKERIGNORE_PROBLEMS.invalidRegExp : DOCKERIGNORE_PROBLEMS.invalidPattern };
}

/** A context-relative path cleaned like Docker's walker sees it, or `null` for the context root or outside it. */
function cleanQueryPath(path: string): string | null {
  const cleaned = goClean(path.replace(/^\/+/, ''));
  if (cleaned === '.' || cleaned === '..' || cleaned.startsWith('../')) return null;
  return cleaned;
}

function createMatcher(compiled: readonly CompiledPattern[]): DockerignoreMatcher {
  /**
   * Index of the last pattern that matches the path or one of its parents, or -1. Memoised per path:
   * a path's answer is its parent's, raised by a later pattern that matches the path itself.
   */
  const decidingIndexCache = new Map<string, number>();
  const decidingIndex = (path: string): number => {
    const cached = decidingIndexCache.get(path);
    if (cached !== undefined) return cached;
    const slash = path.lastIndexOf('/');
    const inherited = slash === -1 ? -1 : decidingIndex(path.slice(0, slash));
    let result = inherited;
    for (let index = compiled.length - 1; index > inherited; index--) {
      if (compiled[index]?.matches?.(path) === true) {
        result = index;
        break;
      }
    }
    decidingIndexCache.set(path, result);
    return result;
  };
  const decidingPattern = (path: string): DockerignorePattern | null => {
    const cleaned = cleanQueryPath(path);
    if (cleaned === null) return null;
    return compiled[decidingIndex(cleaned)]?.pattern ?? null;
  };
  return {
    decidingPattern,
    ignores: (path) => {
      const deciding = decidingPattern(path);
      return deciding !== null && !deciding.negated;
    },
  };
}

/**
 * A matcher for the lines of a `.dockerignore` (comments and blank lines are skipped as Docker skips
 * them). Patterns Docker would reject take no part in matching.
 */
export function dockerignoreMatcher(lines: readonly string[], dialect: IgnoreDialect = 'patternmatcher'): DockerignoreMatcher {
  return parseDockerignore(new SourceFile('.dockerignore', lines.join('\n')), dialect).matcher;
}

// ─── Parsing a file ──────────────────────────────────────────────────────────

/** Reads a `.dockerignore` as the Docker that builds matches it (see `ignore-pattern.ts` for the dialects). */
export function parseDockerignore(source: SourceFile, dialect: IgnoreDialect = 'patternmatcher'): DockerignoreDoc {
  const patterns: DockerignorePattern[] = [];
  const comments: Comment[] = [];
  const compiled: CompiledPattern[] = [];
  const text = source.text;
  let lineStart = 0;
  for (let lineIndex = 0; lineStart <= text.length; lineIndex++) {
    const newline = text.indexOf('\n', lineStart);
    const lineEnd = newline === -1 ? text.length : newline;
    let contentStart = lineStart;
    let contentEnd = lineEnd;
    // Go's line scanner drops a `\r` before `\n`; Docker drops a UTF-8 BOM on the first line.
    if (contentEnd > contentStart && text[contentEnd - 1] === '\r') contentEnd--;
    if (lineIndex === 0 && text.startsWith('\uFEFF')) contentStart++;
    const content = text.slice(contentStart, contentEnd);
    if (content.startsWith('#')) {
      comments.push({
        line: lineIndex + 1,
        text: content.slice(1),
        range: source.range(contentStart, contentEnd),
      });
    } else {
      const trimmed = goTrimSpace(content);
      if (trimmed !== '') {
        const start = contentStart + (content.length - content.replace(LEADING_GO_SPACE, '').length);
        const read = readPattern(trimmed);
        const pattern: DockerignorePattern = {
          text: trimmed,
          negated: read.negated,
          location: source.location(start, start + trimmed.length),
          invalid: read.invalid,
        };
        if (pattern.invalid === null) {
          const result = compile(pattern, read.body, dialect);
          if ('invalid' in result) pattern.invalid = result.invalid;
          else compiled.push(result);
        }
        patterns.push(pattern);
      }
    }
    if (newline === -1) break;
    lineStart = newline + 1;
  }
  return { kind: 'dockerignore', source, comments, patterns, matcher: createMatcher(compiled) };
}

// ─── Which ignore file a build uses ──────────────────────────────────────────

/**
 * The repo-relative path of the ignore file Docker uses for a build, or `null` when there is none.
 *
 * With BuildKit, `<Dockerfile name>.dockerignore` next to the Dockerfile (`api/Dockerfile.dockerignore`,
 * `prod.Dockerfile.dockerignore`) takes precedence over `<context>/.dockerignore`, even when the
 * Dockerfile lies outside the context; only the context root's `.dockerignore` is read, never one in
 * the Dockerfile's directory. Verified with Docker 20.10's built-in BuildKit; the legacy builder reads
 * `<context>/.dockerignore` only.
 *
 * @param dockerfilePath repo-relative Dockerfile path; `null` when it is not a known file (compose
 *   `dockerfile_inline`, a path with an unknown variable): then only the context's ignore file counts
 * @param contextDir repo-relative context directory (`''` or `.` for the root)
 * @param exists whether a repo-relative file exists
 */
export function dockerignoreFor(
  dockerfilePath: string | null,
  contextDir: string,
  exists: (path: string) => boolean,
): string | null {
  const dockerfileSpecific = dockerfilePath === null ? null : `${posix.normalize(dockerfilePath)}.dockerignore`;
  if (dockerfileSpecific !== null && exists(dockerfileSpecific)) return dockerfileSpecific;
  const context = goClean(contextDir);
  const contextIgnore = context === '.' ? '.dockerignore' : `${context}/.dockerignore`;
  return exists(contextIgnore) ? contextIgnore : null;
}

// ─── Is an entry excluded at every depth? ────────────────────────────────────

/** Parent directories for the probes: the context root, one level and three levels deep. */
const PROBE_PARENTS = ['', 'pkg/', 'pkg/sub/deep/'];
/** The file probed below an entry that may be a directory. */
const PROBE_CHILD = 'some-file';

/**
 * A concrete name for an entry: wildcards replaced by ordinary characters (`*.log` → `x.log`,
 * `[abc]` → `a`), escapes resolved, any leading `**` / `/` dropped since every depth is probed.
 */
function concreteName(entry: string): string {
  const body = entry.replace(/^(?:\*\*\/|\/)+/, '');
  let name = '';
  for (let index = 0; index < body.length; index++) {
    const char = body[index] ?? '';
    if (char === '*') {
      while (body[index + 1] === '*') index++;
      // `**/` inside a path stands for zero directories.
      if (body[index - 1] === '*' && body[index + 1] === '/') index++;
      else name += 'x';
    } else if (char === '?') {
      name += 'x';
    } else if (char === '\\') {
      name += body[index + 1] ?? '';
      index++;
    } else if (char === '[') {
      const close = body.indexOf(']', index + 2);
      const members = close === -1 ? '' : body.slice(index + 1, close);
      if (members.startsWith('^')) {
        name += ['x', 'y', 'z', '0'].find((candidate) => !members.includes(candidate)) ?? '_';
      } else {
        name += members.replace(/^\\/, '').charAt(0);
      }
      index = close === -1 ? body.length : close;
    } else {
      name += char;
    }
  }
  return name.replace(/\/+$/, '');
}

/**
 * Does the ignore file exclude `entry` (a mandatory entry such as `node_modules`, `.git`, `*.log`,
 * `data/`) at any depth, as Docker would? Probes a few representative paths and returns the first one
 * that is not excluded.
 *
 * Probes: the entry made concrete (`*.log` → `x.log`) at the context root, one level deep (`pkg/`)
 * and three levels deep (`pkg/sub/deep/`). When the entry may be a directory (it ends in `/`, or has
 * no wildcard, like `node_modules` or `.git`), a file below it (`node_modules/some-file`) is probed
 * too, so a `!` that re-includes its contents counts against it. A `!` that re-includes one specific
 * file below it (such as `node_modules/keep` at any depth) does not: the neutral probe file stays
 * excluded.
 */
export function excludesEverywhere(
  matcher: DockerignoreMatcher,
  pattern: string,
): { excluded: boolean; counterexample: string | null } {
  const trimmed = pattern.trim();
  const name = concreteName(trimmed);
  const mayBeDirectory = trimmed.endsWith('/') || !/[*?[]/.test(trimmed);
  for (const parent of PROBE_PARENTS) {
    const probes = [`${parent}${name}`];
    if (mayBeDirectory) probes.push(`${parent}${name}/${PROBE_CHILD}`);
    const counterexample = probes.find((probe) => !matcher.ignores(probe));
    if (counterexample !== undefined) return { excluded: false, counterexample };
  }
  return { excluded: true, counterexample: null };
}
