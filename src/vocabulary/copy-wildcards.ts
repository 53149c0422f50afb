/**
 * COPY/ADD source wildcards as Docker matches them while resolving a source in the context tree: Go's
 * `filepath.Match`, one path segment at a time (`*` and `?` never cross `/`, `[…]`/`[^…]` classes with
 * ranges, `\` escapes, dot files not special, a malformed pattern such as `[a-` matches nothing, as
 * Docker refuses it). Sources come from repository content, so matching runs in O(pattern × name) time
 * without backtracking: `*a*a*a*a*b` against a long name stays cheap.
 */

/** One step of a compiled segment: any run of characters, or one character that passes a test. */
type Token = { star: true } | { star: false; matches: (char: string) => boolean };

/** Does a segment use wildcards (unescaped `*`, `?`, `[`)? */
export function hasWildcard(segment: string): boolean {
  return /(?:^|[^\\])(?:\\\\)*[*?[]/.test(segment);
}

/** A test of one path segment (no `/`) against a one-segment pattern. */
export function segmentMatcher(segment: string): (name: string) => boolean {
  // Go matches runes: code points, which Array.from yields.
  const tokens = compile(Array.from(segment));
  return tokens === null ? () => false : (name) => matchTokens(tokens, Array.from(name));
}

/** The tokens of a segment, or `null` for a pattern Go refuses (`ErrBadPattern`). */
function compile(chars: readonly string[]): Token[] | null {
  const tokens: Token[] = [];
  for (let index = 0; index < chars.length; index++) {
    const char = chars[index] ?? '';
    if (char === '*') {
      if (tokens.at(-1)?.star !== true) tokens.push({ star: true });
    } else if (char === '?') {
      tokens.push({ star: false, matches: (candidate) => candidate !== '/' });
    } else if (char === '\\') {
      const escaped = chars[++index];
      if (escaped === undefined) return null;
      tokens.push({ star: false, matches: (candidate) => candidate === escaped });
    } else if (char === '[') {
      const parsed = characterClass(chars, index + 1);
      if (parsed === null) return null;
      tokens.push({ star: false, matches: parsed.matches });
      index = parsed.end;
    } else {
      tokens.push({ star: false, matches: (candidate) => candidate === char });
    }
  }
  return tokens;
}

/** `[^a-c\]x]` from just after `[`: the test and the index of the closing `]`, or `null` when malformed. */
function characterClass(chars: readonly string[], start: number): { matches: (char: string) => boolean; end: number } | null {
  let index = start;
  const negated = chars[index] === '^';
  if (negated) index++;
  const ranges: [string, string][] = [];
  // A class member: a character other than `-` and `]`, or an escaped one.
  const member = (): string | null => {
    const char = chars[index];
    if (char === undefined || char === '-' || char === ']') return null;
    index++;
    if (char !== '\\') return char;
    const escaped = chars[index++];
    return escaped ?? null;
  };
  for (;;) {
    if (chars[index] === ']' && ranges.length > 0) break;
    const low = member();
    if (low === null) return null;
    let high = low;
    if (chars[index] === '-') {
      index++;
      const upper = member();
      if (upper === null) return null;
      high = upper;
    }
    ranges.push([low, high]);
  }
  const inClass = (char: string): boolean => ranges.some(([low, high]) => low <= char && char <= high);
  return { matches: (char) => char !== '/' && inClass(char) !== negated, end: index };
}

/**
 * Wildcard matching with one resumable star: on a mismatch, the last `*` takes one more character
 * and matching resumes after it (the classic linear-space, O(tokens × characters) algorithm).
 */
function matchTokens(tokens: readonly Token[], chars: readonly string[]): boolean {
  let token = 0;
  let char = 0;
  let starToken = -1;
  let starChar = 0;
  while (char < chars.length) {
    const current = tokens[token];
    if (current?.star === true) {
      starToken = token++;
      starChar = char;
    } else if (current?.star === false && current.matches(chars[char] ?? '')) {
      token++;
      char++;
    } else if (starToken >= 0 && chars[starChar] !== '/') {
      // The star takes one more character (never a separator) and matching resumes after it.
      token = starToken + 1;
      char = ++starChar;
    } else {
      return false;
    }
  }
  while (tokens[token]?.star === true) token++;
  return token === tokens.length;
}
