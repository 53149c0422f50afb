/**
 * One `.dockerignore` pattern as Docker matches it against a cleaned, context-relative path.
 *
 * Docker translates a pattern into a Go regular expression; the two translations in use differ:
 *
 * - `patternmatcher` (moby/patternmatcher, Docker 23 and later): `. + ( ) | { } $` are literal. Patterns
 *   without wildcards, with a trailing `**` only or a leading `**` only skip the regular expression and
 *   compare strings (exact, prefix, suffix), and the suffix comparison is looser than the expression
 *   would be: `**.log` matches `app.log`.
 * - `docker-20.10` (Docker 20.10's fileutils): only `.` and `$` are escaped, so `+ ( ) | { }` keep their
 *   regular-expression meaning (`a+b` matches `aab`; `a(b` does not compile), and every pattern is an
 *   expression.
 *
 * Both: `*` and `?` stay within a path segment, `**` spans segments (followed by a slash, also none),
 * `[…]` is passed through as a character class, and `\` escapes the next character in the expression
 * (so `\d` is a digit class, as in Go). The expressions are run by RE2JS, a port of the engine behind Go's
 * `regexp`: the same syntax, the same compile errors, and time linear in the path (no backtracking, so
 * `*a*a*a*a*a*a*a*a*a*a*b` cannot hang).
 */
import { RE2JS } from 're2js';

export type IgnoreDialect = 'patternmatcher' | 'docker-20.10';

/** Decides whether a cleaned, `/`-separated path is matched by the pattern itself (not its parents). */
export type PathTest = (path: string) => boolean;

/** Characters patternmatcher escapes because they mean nothing to filepath.Match. */
const LITERAL_IN_PATTERNMATCHER = new Set(['.', '+', '(', ')', '|', '{', '}', '$']);
const LITERAL_IN_DOCKER_20_10 = new Set(['.', '$']);

/** patternmatcher's kinds of pattern; Docker 20.10 knows only `regexp`. */
type MatchKind = 'exact' | 'prefix' | 'suffix' | 'regexp';

/**
 * Compiles a cleaned pattern (no `!`, no leading `/`) into a test, or returns the compile error's
 * message when Docker's regular expression would not compile.
 */
export function compileIgnorePattern(pattern: string, dialect: IgnoreDialect): PathTest | { error: string } {
  const literal = dialect === 'patternmatcher' ? LITERAL_IN_PATTERNMATCHER : LITERAL_IN_DOCKER_20_10;
  const chars = Array.from(pattern);
  let expression = '^';
  let kind: MatchKind = 'exact';
  for (let index = 0, token = 0; index < chars.length; index++, token++) {
    const char = chars[index] ?? '';
    if (char === '*' && chars[index + 1] === '*') {
      index++;
      if (chars[index + 1] === '/') index++;
      if (index + 1 >= chars.length) {
        // A trailing `**` matches everything below (and, with no `/` before it, anything with the prefix).
        if (kind === 'exact' && dialect === 'patternmatcher') kind = 'prefix';
        else {
          expression += '.*';
          kind = 'regexp';
        }
      } else {
        expression += '(.*/)?';
        kind = 'regexp';
      }
      if (token === 0 && dialect === 'patternmatcher') kind = 'suffix';
    } else if (char === '*') {
      expression += '[^/]*';
      kind = 'regexp';
    } else if (char === '?') {
      expression += '[^/]';
      kind = 'regexp';
    } else if (literal.has(char)) {
      expression += `\\${char}`;
    } else if (char === '\\') {
      const next = chars[index + 1];
      if (next === undefined) expression += '\\';
      else {
        expression += `\\${next}`;
        index++;
        kind = 'regexp';
      }
    } else if (char === '[' || char === ']') {
      expression += char;
      kind = 'regexp';
    } else {
      expression += char;
    }
  }
  // Docker 20.10 has no string comparisons: every pattern is an expression.
  if (dialect === 'docker-20.10') kind = 'regexp';
  switch (kind) {
    case 'exact':
      return (path) => path === pattern;
    case 'prefix': {
      const prefix = pattern.slice(0, -2);
      return (path) => path.startsWith(prefix);
    }
    case 'suffix': {
      const suffix = pattern.slice(2);
      // `**/foo` also matches `foo` at the root.
      return (path) => path.endsWith(suffix) || (suffix.startsWith('/') && path === suffix.slice(1));
    }
    case 'regexp': {
      const compiled = compileExpression(`${expression}$`);
      if (!(compiled instanceof RE2JS)) return compiled;
      // Go's MatchString searches (`^a|b$` finds `b` at the end); the anchors come from the expression.
      return (path) => compiled.test(path);
    }
  }
}

/**
 * Compiled expressions by their text. A repository's `.dockerignore` files repeat the same few
 * patterns (`node_modules`, `*.log`), and each compiled expression with its matching state holds
 * kilobytes. Bounded, since the library may lint many repositories in one process.
 */
const compiledExpressions = new Map<string, RE2JS | { error: string }>();
const MAX_COMPILED_EXPRESSIONS = 2048;

function compileExpression(expression: string): RE2JS | { error: string } {
  let compiled = compiledExpressions.get(expression);
  if (compiled === undefined) {
    try {
      compiled = RE2JS.compile(expression);
    } catch (error) {
      compiled = { error: error instanceof Error ? error.message : String(error) };
    }
    if (compiledExpressions.size >= MAX_COMPILED_EXPRESSIONS) compiledExpressions.clear();
    compiledExpressions.set(expression, compiled);
  }
  return compiled;
}
