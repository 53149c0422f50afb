/**
 * Glob matching for the globs of configs and Dockerfiles (`files`, `ignorePatterns`, `roles`, image globs,
 * COPY sources against file names). Globs come from repository content, so matching must take time
 * linear in the path for any glob: a backtracking regular expression (micromatch compiles `*a*a*a*a*b`
 * to one) takes minutes on a long file name.
 *
 * The syntax is the common glob syntax, with micromatch's meaning and `dot: true`: `*` and `?` within a
 * path segment, `**` as a whole segment for any number of segments, `[...]` classes (`[!...]`/`[^...]`,
 * ranges, POSIX classes), `\` escapes, `{a,b}` and `{1..3}` braces (expanded by micromatch's own `braces`),
 * and a leading `!` that negates. A leading `./` is dropped and a trailing `/` asks for a directory path
 * written with `/`.
 */
import micromatch from 'micromatch';

/** More brace expansions than this in one glob is not a real glob; past it, braces are literal. */
const MAX_BRACE_EXPANSIONS = 1024;
const MAX_BRACE_GROUPS = 8;

type Token = { kind: 'literal'; char: string } | { kind: 'any' } | { kind: 'star' } | { kind: 'class'; test: (char: string) => boolean };
type Segment = { kind: 'globstar' } | { kind: 'tokens'; tokens: Token[] };

const POSIX_CLASSES: Record<string, RegExp> = {
  alnum: /[A-Za-z0-9]/,
  alpha: /[A-Za-z]/,
  ascii: /[\x00-\x7F]/, // eslint-disable-line no-control-regex -- the ASCII range is the class
  blank: /[ \t]/,
  digit: /[0-9]/,
  lower: /[a-z]/,
  punct: /[!-/:-@[-`{-~]/,
  space: /\s/,
  upper: /[A-Z]/,
  word: /\w/,
  xdigit: /[A-Fa-f0-9]/,
};

/** Reads a `[...]` class starting at `start` (the `[`); `null` when it is not closed (then `[` is literal). */
function readClass(glob: string, start: number): { token: Token; end: number } | null {
  let index = start + 1;
  const negated = glob[index] === '!' || glob[index] === '^';
  if (negated) index++;
  const tests: ((char: string) => boolean)[] = [];
  let first = true;
  while (index < glob.length && (glob[index] !== ']' || first)) {
    first = false;
    const posix = /^\[:([a-z]+):\]/.exec(glob.slice(index));
    const posixClass = posix ? POSIX_CLASSES[posix[1] ?? ''] : undefined;
    if (posix && posixClass) {
      tests.push((char) => posixClass.test(char));
      index += posix[0].length;
      continue;
    }
    let low = glob[index] ?? '';
    if (low === '\\' && index + 1 < glob.length) low = glob[++index] ?? '';
    index++;
    if (glob[index] === '-' && glob[index + 1] !== undefined && glob[index + 1] !== ']') {
      let high = glob[index + 1] ?? '';
      index += 2;
      if (high === '\\' && index < glob.length) high = glob[index++] ?? '';
      tests.push((char) => char >= low && char <= high);
    } else {
      tests.push((char) => char === low);
    }
  }
  if (index >= glob.length) return null;
  const test = (char: string): boolean => char !== '/' && tests.some((inClass) => inClass(char)) !== negated;
  return { token: { kind: 'class', test }, end: index + 1 };
}

function tokenize(segment: string): Token[] {
  const tokens: Token[] = [];
  for (let index = 0; index < segment.length; index++) {
    const char = segment[index] ?? '';
    if (char === '\\' && index + 1 < segment.length) tokens.push({ kind: 'literal', char: segment[++index] ?? '' });
    else if (char === '*') {
      if (tokens.at(-1)?.kind !== 'star') tokens.push({ kind: 'star' });
    } else if (char === '?') tokens.push({ kind: 'any' });
    else if (char === '[') {
      const read = readClass(segment, index);
      if (read === null) tokens.push({ kind: 'literal', char });
      else {
        tokens.push(read.token);
        index = read.end - 1;
      }
    } else tokens.push({ kind: 'literal', char });
  }
  return tokens;
}

function matchesToken(token: Token, char: string): boolean {
  if (token.kind === 'literal') return token.char === char;
  if (token.kind === 'class') return token.test(char);
  return true; // `any`; `star` is handled by the caller
}

/**
 * Does one path segment match the tokens? The classic greedy wildcard walk: on a mismatch it resumes
 * after the last `*`, one character further, so the work is at most segment length × glob length.
 */
function matchesSegment(tokens: readonly Token[], name: string): boolean {
  if (name === '') return false; // `*` never stands for an empty segment
  let t = 0;
  let n = 0;
  let starAt = -1;
  let resumeAt = 0;
  while (n < name.length) {
    const token = tokens[t];
    if (token?.kind === 'star') {
      starAt = t++;
      resumeAt = n;
    } else if (token !== undefined && matchesToken(token, name[n] ?? '')) {
      t++;
      n++;
    } else if (starAt !== -1) {
      t = starAt + 1;
      n = ++resumeAt;
    } else {
      return false;
    }
  }
  while (tokens[t]?.kind === 'star') t++;
  return t === tokens.length;
}

/** Does the path's segment list match the glob's? `**` spans any number of segments (dynamic programming, linear in both). */
function matchesSegments(segments: readonly Segment[], names: readonly string[]): boolean {
  // reachable[j]: the glob segments matched so far can end just before name j.
  let reachable = new Array<boolean>(names.length + 1).fill(false);
  reachable[0] = true;
  for (const segment of segments) {
    const next = new Array<boolean>(names.length + 1).fill(false);
    if (segment.kind === 'globstar') {
      let any = false;
      for (let j = 0; j <= names.length; j++) {
        any ||= reachable[j] ?? false;
        next[j] = any;
      }
    } else {
      for (let j = 0; j < names.length; j++) {
        if (reachable[j] && matchesSegment(segment.tokens, names[j] ?? '')) next[j + 1] = true;
      }
    }
    reachable = next;
  }
  return reachable[names.length] ?? false;
}

/** One glob, brace-free, as a test of a `/`-separated path. */
function compileOne(glob: string): (value: string) => boolean {
  let body = glob.replace(/^(?:\.\/)+/, '');
  const directoryOnly = body.endsWith('/') && body.length > 1;
  if (directoryOnly) body = body.replace(/\/+$/, '');
  const parts = body.split('/');
  if (!/[*?[\\]/.test(body) && !parts.includes('')) {
    // No wildcard (`package.json`, `deploy/app`): equal strings, without splitting each value.
    return (value) => {
      if (directoryOnly && !value.endsWith('/')) return false;
      return value === body || (value.startsWith(body) && /^\/+$/.test(value.slice(body.length)));
    };
  }
  const segments: Segment[] = parts.map((part) => (part === '**' ? { kind: 'globstar' } : { kind: 'tokens', tokens: tokenize(part) }));
  return (value) => {
    if (directoryOnly && !value.endsWith('/')) return false;
    const names = value.replace(/\/+$/, '').split('/');
    return matchesSegments(segments, names);
  };
}

/** A test for one glob (braces expanded, a leading `!` negating). */
export function compileGlob(glob: string): (value: string) => boolean {
  const negated = glob.startsWith('!') && !glob.startsWith('!(');
  const body = negated ? glob.slice(1) : glob;
  const groups = body.split('{').length - 1;
  const expanded = groups > 0 && groups <= MAX_BRACE_GROUPS && /\{.*\}/.test(body) ? micromatch.braces(body, { expand: true, rangeLimit: MAX_BRACE_EXPANSIONS }) : [body];
  const tests = expanded.slice(0, MAX_BRACE_EXPANSIONS).map(compileOne);
  return negated ? (value) => !tests.some((test) => test(value)) : (value) => tests.some((test) => test(value));
}

const compiledGlobs = new Map<string, (value: string) => boolean>();
const compiledLists = new WeakMap<readonly string[], (value: string) => boolean>();

export interface GlobOptions {
  /** Match letters regardless of case. */
  nocase?: boolean;
}

function compiled(glob: string, nocase: boolean): (value: string) => boolean {
  const key = nocase ? `i:${glob}` : `c:${glob}`;
  let test = compiledGlobs.get(key);
  if (test === undefined) {
    const matches = compileGlob(nocase ? glob.toLowerCase() : glob);
    test = nocase ? (value) => matches(value.toLowerCase()) : matches;
    compiledGlobs.set(key, test);
  }
  return test;
}

/**
 * A test for "matches one of these globs". Each glob is compiled once per process, and a list once per
 * array (settings hold the same arrays for the whole run), so asking per file costs no compilation.
 */
export function globMatcher(globs: readonly string[], options: GlobOptions = {}): (value: string) => boolean {
  const nocase = options.nocase === true;
  let test = nocase ? undefined : compiledLists.get(globs);
  if (test === undefined) {
    const tests = globs.map((glob) => compiled(glob, nocase));
    test = (value) => tests.some((matches) => matches(value));
    if (!nocase) compiledLists.set(globs, test);
  }
  return test;
}

/** Does `value` match the glob (or one of the globs)? */
export function isGlobMatch(value: string, globs: string | readonly string[]): boolean {
  return typeof globs === 'string' ? compiled(globs, false)(value) : globMatcher(globs)(value);
}
