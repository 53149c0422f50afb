/**
 * Text-level reading of Dockerfile instructions, following BuildKit's parser where dockerfile-ast
 * differs from it: line continuations, comment lines inside them, heredocs, word splitting and JSON
 * arrays. All positions are offsets into the original file text.
 */

/** An instruction's first line with its continuations joined, as Docker reads it. */
export interface LogicalLine {
  /** Continuations joined (escape char and line break removed), comment and empty lines inside them dropped. */
  text: string;
  /** The file slices joined into `text`, in order. */
  pieces: LogicalPiece[];
  /** File offset just after the last character of the logical line (before its line break). */
  end: number;
  /** Each continuation: from the escape char to the start of the next content line. */
  continuations: OffsetSpan[];
}

/** `text[textStart, textStart + length)` is the file's `[offset, offset + length)`. */
export interface LogicalPiece {
  textStart: number;
  offset: number;
  length: number;
}

export interface OffsetSpan {
  start: number;
  end: number;
}

function lineEndAt(text: string, from: number): number {
  const newline = text.indexOf('\n', from);
  return newline === -1 ? text.length : newline;
}

/** End of a line's content: its line break, minus a `\r` before it. */
function contentEndOf(text: string, lineStart: number, lineEnd: number): number {
  return lineEnd > lineStart && text.charCodeAt(lineEnd - 1) === 13 ? lineEnd - 1 : lineEnd;
}

/** Is the line blank, or a comment (first non-blank character `#`)? Docker skips both inside continuations. */
function isSkippedContinuationLine(text: string, lineStart: number, lineEnd: number): boolean {
  for (let index = lineStart; index < lineEnd; index++) {
    const char = text.charAt(index);
    if (char === ' ' || char === '\t' || char === '\r' || char === '\f' || char === '\v') continue;
    return char === '#';
  }
  return true;
}

/**
 * Reads the logical line starting at `start`. A physical line continues when it ends with the escape char
 * followed only by spaces or tabs (BuildKit's rule, which ignores whether the escape char is itself escaped).
 * It never continues onto a line at or after `limit` (where the next instruction is known to start).
 */
export function readLogicalLine(text: string, start: number, escapeChar: string, limit = Infinity): LogicalLine {
  const texts: string[] = [];
  const pieces: LogicalPiece[] = [];
  let textLength = 0;
  const continuations: OffsetSpan[] = [];
  let position = start;
  let end: number;
  for (;;) {
    const lineEnd = lineEndAt(text, position);
    const contentEnd = contentEndOf(text, position, lineEnd);
    let trimmed = contentEnd;
    while (trimmed > position && (text.charAt(trimmed - 1) === ' ' || text.charAt(trimmed - 1) === '\t')) trimmed--;
    let continues = trimmed > position && text.charAt(trimmed - 1) === escapeChar;
    // Where the next content line starts, past comment and blank lines.
    let next = lineEnd + 1;
    if (continues) {
      while (next < text.length) {
        const nextEnd = lineEndAt(text, next);
        if (!isSkippedContinuationLine(text, next, nextEnd)) break;
        next = nextEnd === text.length ? text.length : nextEnd + 1;
      }
      // The next instruction starts on that line (after blanks, perhaps): this line does not continue.
      if (next < text.length && limit <= lineEndAt(text, next)) continues = false;
    }
    const pieceEnd = continues ? trimmed - 1 : contentEnd;
    texts.push(text.slice(position, pieceEnd));
    pieces.push({ textStart: textLength, offset: position, length: pieceEnd - position });
    textLength += pieceEnd - position;
    end = pieceEnd;
    if (!continues) break;
    continuations.push({ start: trimmed - 1, end: Math.min(next, text.length) });
    if (next >= text.length) break;
    position = next;
  }
  return { text: texts.join(''), pieces, end, continuations };
}

/** File offset of `line.text[index]`; `line.end` for the index just past the text. */
export function fileOffsetOf(line: LogicalLine, index: number): number {
  let low = 0;
  let high = line.pieces.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if ((line.pieces[middle]?.textStart ?? 0) <= index) low = middle;
    else high = middle - 1;
  }
  const piece = line.pieces[low];
  if (piece === undefined || index >= piece.textStart + piece.length) return line.end;
  return piece.offset + index - piece.textStart;
}

/** Index of the first character of `line.text` at or after file offset `offset`. */
export function logicalIndexOf(line: LogicalLine, offset: number): number {
  for (const piece of line.pieces) {
    if (offset <= piece.offset) return piece.textStart;
    if (offset < piece.offset + piece.length) return piece.textStart + offset - piece.offset;
  }
  return line.text.length;
}

/**
 * The file slice `[from, to)` as a shell parser should see it, same length so offsets map one to one:
 * inside each continuation every character becomes a space except line breaks, and a `\` is put right
 * before each line break so the shell keeps joining lines (through comment lines, trailing blanks after
 * the escape char, and CRLF). An empty line has no room for a `\`: the previous line break gives up its
 * place (becomes the `\`), so only offsets, not line numbers, are kept there. Elsewhere, the `\r` of a
 * CRLF becomes a space, as Docker drops it.
 */
export function shellView(text: string, from: number, to: number, continuations: readonly OffsetSpan[]): string {
  const chars = text.slice(from, to).split('');
  for (const span of continuations) {
    if (span.start < from || span.end > to) continue;
    for (let index = span.start; index < span.end; index++) {
      if (chars[index - from] !== '\n') chars[index - from] = ' ';
    }
    for (let index = span.start; index < span.end; index++) {
      if (text.charAt(index) !== '\n') continue;
      const before = index - 1 - from;
      if (text.charAt(index - 1) === '\n') {
        chars[before] = '\\';
        chars[before - 1] = ' ';
      } else {
        chars[before] = '\\';
      }
    }
  }
  for (let index = 0; index < chars.length - 1; index++) {
    if (chars[index] === '\r' && chars[index + 1] === '\n') chars[index] = ' ';
  }
  return chars.join('');
}

/** A word of a logical line, as indices into `LogicalLine.text`. */
export interface LogicalWord {
  raw: string;
  start: number;
  end: number;
}

/**
 * A blank, as BuildKit splits words: space, tab, \v, \f, \r. By character code, since the splitters ask
 * about every character of every instruction.
 */
function isBlankAt(text: string, index: number): boolean {
  const code = text.charCodeAt(index);
  return code === 32 || code === 9 || code === 11 || code === 12 || code === 13;
}

/** Splits on blanks only, ignoring quotes — what BuildKit does for COPY, ADD and most arguments. */
export function splitWhitespace(text: string, from: number): LogicalWord[] {
  const words: LogicalWord[] = [];
  let index = from;
  while (index < text.length) {
    while (index < text.length && isBlankAt(text, index)) index++;
    const start = index;
    while (index < text.length && !isBlankAt(text, index)) index++;
    if (index > start) words.push({ raw: text.slice(start, index), start, end: index });
  }
  return words;
}

/** Splits on blanks outside quotes, keeping quotes in the words — how BuildKit finds heredoc operators. */
export function splitShellWords(text: string, from: number, escapeChar: string): LogicalWord[] {
  const words: LogicalWord[] = [];
  let index = from;
  while (index < text.length) {
    while (index < text.length && isBlankAt(text, index)) index++;
    if (index >= text.length) break;
    const start = index;
    let quote: string | null = null;
    while (index < text.length) {
      const char = text.charAt(index);
      if (quote === null && isBlankAt(text, index)) break;
      if (char === escapeChar && quote !== "'") {
        index += 2;
        continue;
      }
      if (quote === null && (char === '"' || char === "'")) quote = char;
      else if (char === quote) quote = null;
      index++;
    }
    index = Math.min(index, text.length);
    words.push({ raw: text.slice(start, index), start, end: index });
  }
  return words;
}

/** Removes quotes and escape chars from a word as BuildKit's word processing does (no variable expansion). */
export function unquote(raw: string, escapeChar: string): string {
  let value = '';
  let quote: string | null = null;
  for (let index = 0; index < raw.length; index++) {
    const char = raw.charAt(index);
    if (quote === "'") {
      if (char === "'") quote = null;
      else value += char;
    } else if (quote === '"') {
      const next = raw.charAt(index + 1);
      if (char === '"') quote = null;
      else if (char === escapeChar && (next === '"' || next === '$' || next === escapeChar)) {
        value += next;
        index++;
      } else value += char;
    } else if (char === "'" || char === '"') {
      quote = char;
    } else if (char === escapeChar && index + 1 < raw.length) {
      value += raw.charAt(index + 1);
      index++;
    } else {
      value += char;
    }
  }
  return value;
}

/** A heredoc operator found on an instruction's logical line. */
export interface HeredocOperator {
  name: string;
  /** `<<-`: leading tabs are stripped, also before the delimiter. */
  stripTabs: boolean;
  /** Written `<< NAME` where the frontend does not take it for a heredoc (authors clearly meant one). */
  spaced: boolean;
  /** File descriptor written before `<<` (`2<<EOF`), or `''`. */
  descriptor: string;
  /** Logical-text span of the operator as written, name included (`<<EOF`, `<< 'EOF'`). */
  start: number;
  end: number;
}

const HEREDOC_WORD = /^(\d*)<<(-?)([^<]*)$/;
const SPACED_HEREDOC_NAME = /^[A-Za-z_][\w.-]*$/;

/**
 * Heredoc operators as BuildKit finds them: words matching `[n]<<[-]NAME`, quotes kept so `"<<EOF"` is not
 * one. Since frontend 1.16 (`spaceAllowed`) BuildKit's lexer also glues the blanks after `<<` and the next
 * word into one (`<< EOF`, `2<<  'EOF'`), but not after `<<-`: `<<- EOF` stays two words and no heredoc.
 * A `<< NAME` the frontend does not read is returned `spaced`, as the heredoc the author meant.
 */
export function findHeredocOperators(words: readonly LogicalWord[], escapeChar: string, spaceAllowed = false): HeredocOperator[] {
  const operators: HeredocOperator[] = [];
  words.forEach((word, wordIndex) => {
    const match = HEREDOC_WORD.exec(word.raw);
    if (match === null) return;
    const descriptor = match[1] ?? '';
    const stripTabs = match[2] === '-';
    const rest = match[3] ?? '';
    if (rest !== '') {
      const name = unquote(rest, escapeChar);
      if (name !== '') {
        operators.push({ name, stripTabs, spaced: false, descriptor, start: word.start, end: word.end });
      }
      return;
    }
    const next = words[wordIndex + 1];
    if (next === undefined) return;
    const name = unquote(next.raw, escapeChar);
    if (spaceAllowed && !stripTabs) {
      if (name !== '' && !next.raw.includes('<')) {
        operators.push({ name, stripTabs, spaced: false, descriptor, start: word.start, end: next.end });
      }
    } else if (SPACED_HEREDOC_NAME.test(name)) {
      operators.push({ name, stripTabs, spaced: true, descriptor, start: word.start, end: next.end });
    }
  });
  return operators;
}

export interface HeredocBody {
  operator: HeredocOperator;
  contentStart: number;
  /** End of the body, before the line break that precedes the delimiter line. */
  contentEnd: number;
  /** End of the delimiter line's text, or the end of the file when unterminated. */
  end: number;
  terminated: boolean;
}

/** Reads heredoc bodies one after the other, starting on the line after `lineEnd`. */
export function readHeredocBodies(text: string, lineEnd: number, operators: readonly HeredocOperator[]): HeredocBody[] {
  const bodies: HeredocBody[] = [];
  let position = lineEndAt(text, lineEnd) + 1;
  for (const operator of operators) {
    const contentStart = Math.min(position, text.length);
    let terminated = false;
    let contentEnd = contentStart;
    let end = text.length;
    while (position < text.length) {
      const lineEnd2 = lineEndAt(text, position);
      const content = text.slice(position, contentEndOf(text, position, lineEnd2));
      if ((operator.stripTabs ? content.replace(/^\t+/, '') : content) === operator.name) {
        terminated = true;
        contentEnd = Math.max(contentStart, contentEndOf(text, contentStart, position - 1));
        end = position + content.length;
        position = lineEnd2 + 1;
        break;
      }
      position = lineEnd2 + 1;
    }
    if (!terminated) {
      contentEnd = text.endsWith('\n') ? contentEndOf(text, contentStart, text.length - 1) : text.length;
      contentEnd = Math.max(contentStart, contentEnd);
      position = text.length;
    }
    bodies.push({ operator, contentStart, contentEnd, end, terminated });
  }
  return bodies;
}

/** A string of a JSON array, as indices into the text that was parsed. */
export interface JsonString {
  value: string;
  /** The literal with its quotes. */
  raw: string;
  start: number;
  end: number;
}

export type JsonArrayResult =
  | { kind: 'strings'; strings: JsonString[] }
  /** Valid JSON array with a non-string element: Docker refuses the instruction. */
  | { kind: 'not-strings' }
  /** Not JSON: Docker runs the text as shell form. */
  | { kind: 'not-json' };

/** Parses `text.slice(from)` as Docker's JSON (exec) form. */
export function parseJsonArray(text: string, from: number): JsonArrayResult {
  const rest = text.slice(from);
  if (!rest.trimStart().startsWith('[')) return { kind: 'not-json' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(rest);
  } catch {
    return { kind: 'not-json' };
  }
  if (!Array.isArray(parsed)) return { kind: 'not-json' };
  if (!parsed.every((element) => typeof element === 'string')) return { kind: 'not-strings' };
  // The text is a valid array of strings, so a plain scan for string literals is safe.
  const strings: JsonString[] = [];
  let index = text.indexOf('[', from) + 1;
  while (index < text.length) {
    const char = text.charAt(index);
    if (char === ']') break;
    if (char !== '"') {
      index++;
      continue;
    }
    let close = index + 1;
    while (close < text.length && text.charAt(close) !== '"') close += text.charAt(close) === '\\' ? 2 : 1;
    const raw = text.slice(index, close + 1);
    strings.push({ value: JSON.parse(raw) as string, raw, start: index, end: close + 1 });
    index = close + 1;
  }
  return { kind: 'strings', strings };
}

/** The index of the first character at or after `from` that is not a blank (space, tab, \v, \f, \r). */
export function skipBlanks(text: string, from: number): number {
  let index = from;
  while (index < text.length && isBlankAt(text, index)) index++;
  return index;
}
