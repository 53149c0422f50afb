/**
 * Text-level helpers for the shell parser: literal values of words (quote removal and unescaping)
 * and the extglob work-around. Pure string functions, no tree-sitter.
 */

/** Unquoted word: `\x` is `x`, backslash-newline is removed (line continuation). */
export function unescapeWord(raw: string): string {
  if (!raw.includes('\\')) return raw;
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    const char = raw.charAt(i);
    if (char !== '\\') {
      out += char;
      continue;
    }
    const next = raw[i + 1];
    i++;
    if (next === undefined) out += '\\';
    else if (next === '\r' && raw[i + 1] === '\n') i++;
    else if (next !== '\n') out += next;
  }
  return out;
}

const DOUBLE_QUOTE_ESCAPABLE = new Set(['$', '`', '"', '\\', '\n']);

/** Inside double quotes a backslash only escapes `$`, `` ` ``, `"`, `\` and newline. */
export function unescapeDoubleQuoted(content: string): string {
  if (!content.includes('\\')) return content;
  let out = '';
  for (let i = 0; i < content.length; i++) {
    const char = content.charAt(i);
    const next = content[i + 1];
    if (char === '\\' && next !== undefined && DOUBLE_QUOTE_ESCAPABLE.has(next)) {
      if (next !== '\n') out += next;
      i++;
    } else if (char === '\\' && next === '\r' && content[i + 2] === '\n') {
      i += 2;
    } else {
      out += char;
    }
  }
  return out;
}

const ANSI_C_SIMPLE: Record<string, string> = {
  a: '\x07',
  b: '\b',
  e: '\x1b',
  E: '\x1b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\\': '\\',
  "'": "'",
  '"': '"',
  '?': '?',
};

/** The value of `$'…'` (bash ANSI-C quoting), given the text between the quotes. */
export function decodeAnsiC(content: string): string {
  let out = '';
  let i = 0;
  const takeWhile = (pattern: RegExp, max: number): string => {
    let taken = '';
    while (taken.length < max && i < content.length && pattern.test(content[i] ?? '')) {
      taken += content.charAt(i);
      i++;
    }
    return taken;
  };
  while (i < content.length) {
    const char = content[i] ?? '';
    i++;
    if (char !== '\\' || i >= content.length) {
      out += char;
      continue;
    }
    const escape = content[i] ?? '';
    i++;
    const simple = ANSI_C_SIMPLE[escape];
    if (simple !== undefined) {
      out += simple;
    } else if (escape === 'x' || escape === 'u' || escape === 'U') {
      const digits = takeWhile(/[0-9a-fA-F]/, escape === 'x' ? 2 : escape === 'u' ? 4 : 8);
      out += digits === '' ? `\\${escape}` : String.fromCodePoint(Number.parseInt(digits, 16));
    } else if (/[0-7]/.test(escape)) {
      i--;
      out += String.fromCharCode(Number.parseInt(takeWhile(/[0-7]/, 3), 8) & 0xff);
    } else if (escape === 'c' && i < content.length) {
      out += String.fromCharCode((content.charCodeAt(i) & 0x1f) >>> 0);
      i++;
    } else {
      out += `\\${escape}`;
    }
  }
  return out;
}

/** Index of the `)` matching the `(` at `open` on the same line, or -1. Quotes and escapes are skipped. */
function matchingParen(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const char = text[i];
    if (char === '\n') return -1;
    if (char === '\\') i++;
    else if (char === "'" || char === '"') {
      const close = text.indexOf(char, i + 1);
      if (close < 0) return -1;
      i = close;
    } else if (char === '(') depth++;
    else if (char === ')') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

/** Index just after the `"…"` string opening at `open` (backslashes escape). */
function skipDoubleQuoted(text: string, open: number): number {
  for (let i = open + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i + 1;
  }
  return text.length;
}

const EXTGLOB_OPERATORS = new Set(['?', '*', '+', '@', '!']);
const COMMENT_MAY_FOLLOW = /[\s;&|()]/;
/** `coproc [NAME] {` / `coproc [NAME] (` at the start of a command. */
const COPROC_COMPOUND = /^coproc(?:\s+[A-Za-z_][A-Za-z0-9_]*)?\s+(?=[{(])/;

/**
 * Constructs tree-sitter-bash cannot parse, made harmless. Extglob (`!(*.tmp)`, `@(a|b)`, `+(x)`)
 * reads as a subshell, giving false syntax errors or phantom commands: each pattern becomes
 * underscores. `coproc NAME { …; }` leaves a stray `}`: the `coproc NAME` prefix becomes spaces, so
 * the compound command parses. Lengths are kept, so offsets still match. Returns `null` when there
 * is nothing to change. Callers reparse with it only when the first parse had errors.
 */
export function neutraliseUnsupported(text: string): string | null {
  let chars: string[] | null = null;
  let i = 0;
  while (i < text.length) {
    const char = text[i] ?? '';
    const previous = i > 0 ? (text[i - 1] ?? '') : '\n';
    if (char === '\\') {
      i += 2;
    } else if (char === "'") {
      const close = text.indexOf("'", i + 1);
      i = close < 0 ? text.length : close + 1;
    } else if (char === '"') {
      i = skipDoubleQuoted(text, i);
    } else if (char === '#' && COMMENT_MAY_FOLLOW.test(previous)) {
      const newline = text.indexOf('\n', i);
      i = newline < 0 ? text.length : newline;
    } else if (char === '(' && text[i + 1] === '(') {
      // Arithmetic `((…))` / `$((…))`: `*(` there is multiplication.
      const close = matchingParen(text, i);
      i = close < 0 ? i + 2 : close + 1;
    } else if (char === 'c' && /[\s;&|(]/.test(previous) && COPROC_COMPOUND.test(text.slice(i, i + 80))) {
      const prefix = COPROC_COMPOUND.exec(text.slice(i, i + 80))?.[0] ?? '';
      chars ??= text.split('');
      for (let k = i; k < i + prefix.length; k++) if (chars[k] !== '\n') chars[k] = ' ';
      i += prefix.length;
    } else if (EXTGLOB_OPERATORS.has(char) && text[i + 1] === '(' && previous !== '$') {
      const close = matchingParen(text, i + 1);
      if (close < 0) {
        i++;
        continue;
      }
      chars ??= text.split('');
      for (let k = i; k <= close; k++) chars[k] = '_';
      i = close + 1;
    } else {
      i++;
    }
  }
  return chars === null ? null : chars.join('');
}
