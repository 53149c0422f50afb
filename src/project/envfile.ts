/**
 * `.env` files as Docker Compose reads them (compose-go's `dotenv` parser):
 *
 * - `KEY=value`, `KEY: value` and `export KEY=value`; blank lines; `#` comment lines;
 * - unquoted values run to the end of the line, lose a ` #` comment and trailing blanks;
 * - `'single'` quotes are literal; `"double"` quotes expand `\n`, `\t`, `\"`, `\\`, `\$`…; both may
 *   span lines, and a backslash escapes the closing quote;
 * - unquoted and double-quoted values expand `${VAR}` from earlier entries;
 * - `KEY` alone takes the value from the shell, so it is unknown here.
 *
 * Where compose-go stops at the first bad line, we record a problem, skip that line and go on.
 */
import type { Comment, Location } from '../source.js';
import type { SourceFile } from '../source.js';
import type { EnvDoc, EnvEntry, ParseProblem } from './model.js';
import { interpolate, interpolationSyntaxError, MAX_INTERPOLATED_LENGTH } from './interpolate.js';

/** Blanks that do not end a line, as compose-go's `isSpace`. */
const INLINE_SPACE = /[\t\v\f\r \u0085\u00a0]/;
const EXPORT_PREFIX = /export[\t\v\f\r \u0085\u00a0]+/y;
const NAME_CHARACTER = /^[\p{L}\p{N}_.\-[\]]$/u;
const ESCAPE = /\\([abfnrtv"\\$])/g;
const ESCAPED_CHARACTERS: Record<string, string> = {
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '"': '"',
  '\\': '\\',
  // Kept as `$$` so that interpolation yields a literal `$`.
  $: '$$',
};

export function parseEnvFile(source: SourceFile): EnvDoc {
  const parser = new EnvParser(source);
  parser.parse();
  return {
    kind: 'env',
    source,
    comments: parser.comments,
    entries: parser.entries,
    problems: parser.problems,
  };
}

/** The known values of an env file's variables (later entries win), for interpolation. */
export function envFileVariables(doc: EnvDoc): Map<string, string> {
  const variables = new Map<string, string>();
  for (const entry of doc.entries) {
    if (entry.value === null) variables.delete(entry.name);
    else variables.set(entry.name, entry.value);
  }
  return variables;
}

class EnvParser {
  readonly comments: Comment[] = [];
  readonly entries: EnvEntry[] = [];
  readonly problems: ParseProblem[] = [];
  /** Values defined so far, for `${VAR}` in later values. */
  readonly #known = new Map<string, string>();
  readonly #source: SourceFile;
  readonly #text: string;
  #index: number;

  constructor(source: SourceFile) {
    this.#source = source;
    this.#text = source.text;
    this.#index = this.#text.startsWith('\uFEFF') ? 1 : 0;
  }

  parse(): void {
    const text = this.#text;
    for (;;) {
      while (this.#index < text.length && /\s/.test(text.charAt(this.#index))) this.#index++;
      if (this.#index >= text.length) return;
      if (text[this.#index] === '#') {
        const end = this.#lineEnd(this.#index);
        this.#addComment(this.#index, end);
        this.#index = end;
        continue;
      }
      this.#statement();
    }
  }

  #statement(): void {
    const text = this.#text;
    const start = this.#index;
    EXPORT_PREFIX.lastIndex = start;
    const nameStart = EXPORT_PREFIX.test(text) ? EXPORT_PREFIX.lastIndex : start;

    let cursor = nameStart;
    while (cursor < text.length) {
      const character = String.fromCodePoint(text.codePointAt(cursor) ?? 0);
      if (character === '=' || character === ':' || character === '\n') break;
      if (!INLINE_SPACE.test(character) && !NAME_CHARACTER.test(character)) {
        this.#problem(cursor, cursor + character.length, `unexpected character "${character}" in variable name`);
        this.#index = this.#lineEnd(cursor);
        return;
      }
      cursor += character.length;
    }
    const name = text.slice(nameStart, cursor).trimEnd();
    const nameEnd = nameStart + name.length;
    if (name === '' || /\s/.test(name)) {
      const message = name === '' ? 'missing variable name before "="' : `variable name "${name}" contains a space`;
      this.#problem(start, Math.max(nameEnd, cursor), message);
      this.#index = this.#lineEnd(cursor);
      return;
    }

    if (cursor >= text.length || text[cursor] === '\n') {
      // `KEY` alone: the value comes from the shell environment.
      this.#addEntry(name, null, start, nameEnd, nameEnd, nameEnd);
      this.#known.delete(name);
      this.#index = cursor;
      return;
    }

    let valueStart = cursor + 1;
    while (valueStart < text.length && INLINE_SPACE.test(text.charAt(valueStart))) valueStart++;
    const quote = text[valueStart];
    if (quote === '"' || quote === "'") this.#quotedValue(name, start, valueStart, quote);
    else this.#unquotedValue(name, start, valueStart);
  }

  #unquotedValue(name: string, start: number, valueStart: number): void {
    const lineEnd = this.#lineEnd(valueStart);
    const line = this.#text.slice(valueStart, lineEnd);
    const commentAt = line.indexOf(' #');
    const written = (commentAt === -1 ? line : line.slice(0, commentAt)).trimEnd();
    const valueEnd = valueStart + written.length;
    this.#addEntry(name, this.#expand(written, valueStart, valueEnd), start, valueEnd, valueStart, valueEnd);
    if (commentAt !== -1) this.#addComment(valueStart + commentAt + 1, lineEnd);
    this.#index = lineEnd;
  }

  #quotedValue(name: string, start: number, quoteAt: number, quote: '"' | "'"): void {
    const text = this.#text;
    let content = '';
    let escaping = false;
    for (let cursor = quoteAt + 1; cursor < text.length; cursor++) {
      const character = text.charAt(cursor);
      if (character === quote && !escaping) {
        const valueEnd = cursor + 1;
        const value = quote === '"' ? this.#expand(expandEscapes(content), quoteAt, valueEnd) : content;
        this.#addEntry(name, value, start, valueEnd, quoteAt, valueEnd);
        // Like compose-go, whatever follows the closing quote is read as the next statement.
        this.#index = valueEnd;
        return;
      }
      if (escaping) {
        // A backslash only disappears before the closing quote; expandEscapes() handles the rest.
        if (character !== quote) content += '\\';
        content += character;
        escaping = false;
      } else if (character === '\\') {
        escaping = true;
      } else {
        content += character;
      }
    }
    const lineEnd = this.#lineEnd(quoteAt);
    const problemEnd = text[lineEnd - 1] === '\r' ? lineEnd - 1 : lineEnd;
    this.#problem(quoteAt, problemEnd, `unterminated ${quote === '"' ? 'double' : 'single'}-quoted value`);
    this.#index = lineEnd;
  }

  /** Interpolates a value with the entries defined so far; `null` when unknown or malformed. */
  #expand(value: string, valueStart: number, valueEnd: number): string | null {
    const syntaxError = interpolationSyntaxError(value);
    if (syntaxError !== null) {
      this.#problem(valueStart, valueEnd, `${syntaxError.message}; write $$ for a literal $`);
      return null;
    }
    return interpolate(value, this.#known, () => {
      this.#problem(valueStart, valueEnd, `the value expands to more than ${MAX_INTERPOLATED_LENGTH / 1024 / 1024} MiB (dockerlint's limit): not expanded`);
    });
  }

  #addEntry(
    name: string,
    value: string | null,
    start: number,
    end: number,
    valueStart: number,
    valueEnd: number,
  ): void {
    this.entries.push({
      name,
      value,
      location: this.#source.location(start, end),
      valueLocation: this.#source.location(valueStart, valueEnd),
    });
    if (value === null) this.#known.delete(name);
    else this.#known.set(name, value);
  }

  #addComment(hashAt: number, lineEnd: number): void {
    const end = this.#text[lineEnd - 1] === '\r' ? lineEnd - 1 : lineEnd;
    const range = this.#source.range(hashAt, end);
    this.comments.push({ line: range.start.line, text: this.#text.slice(hashAt + 1, end), range });
  }

  #problem(start: number, end: number, message: string): void {
    const location: Location = this.#source.location(start, end);
    this.problems.push({ location, message });
  }

  /** Offset of the `\n` ending the line that holds `offset`, or the text length. */
  #lineEnd(offset: number): number {
    const newline = this.#text.indexOf('\n', offset);
    return newline === -1 ? this.#text.length : newline;
  }
}

function expandEscapes(content: string): string {
  return content.replace(ESCAPE, (_whole, character: string) => ESCAPED_CHARACTERS[character] ?? character);
}
