/**
 * Docker Compose variable interpolation (`$VAR`, `${VAR}`, `${VAR:-default}` …), with the grammar of
 * compose-go's `template` package: names are `[_A-Za-z][_A-Za-z0-9]*`, `$$` is a literal `$`, a `$`
 * followed by anything else is kept as written, and a `${` that is not a well-formed reference is an
 * error (Compose refuses the file). Defaults and alternatives may nest references (`${A:-${B:-x}}`).
 *
 * The environment is the project's `.env`. A reference whose outcome depends on a variable that is
 * not in it and has no default (`$VAR`, `${VAR}`, `${VAR?err}`) makes the whole value unknown (`null`):
 * the shell could still set it, so rules must not guess.
 */

type Operator = ':-' | '-' | ':+' | '+' | ':?' | '?';

type TemplatePart =
  | { kind: 'text'; text: string }
  | { kind: 'variable'; name: string; operator: Operator | null; argument: TemplatePart[] };

export interface InterpolationSyntaxError {
  message: string;
  /** Index in the template of the `$` that starts the bad reference. */
  offset: number;
}

type ParseResult = { parts: TemplatePart[] } | { error: InterpolationSyntaxError };

const NAME = /^[_A-Za-z][_A-Za-z0-9]*/;
/** Limits that keep hostile input linear: real templates nest a few levels and expand to a few KiB. */
export const MAX_INTERPOLATION_DEPTH = 32;
export const MAX_INTERPOLATED_LENGTH = 1024 * 1024;
const OPERATORS: readonly Operator[] = [':-', ':+', ':?', '-', '+', '?'];

/**
 * Interpolates `text` with `env`. Returns `null` when the result depends on a variable that `env`
 * does not define and no default applies, when the text is not a valid template, or when the result
 * would be longer than `MAX_INTERPOLATED_LENGTH` (then `onTooLong` is called: chained variables can
 * double a value on every line).
 */
export function interpolate(text: string, env: ReadonlyMap<string, string>, onTooLong?: () => void): string | null {
  if (!text.includes('$')) return text;
  const parsed = parseTemplate(text, 0);
  if ('error' in parsed) return null;
  const result = evaluate(parsed.parts, env);
  if (result === TOO_LONG) {
    onTooLong?.();
    return null;
  }
  return result;
}

/** The first syntax error Compose would report for `text`, or `null` when it is a valid template. */
export function interpolationSyntaxError(text: string): InterpolationSyntaxError | null {
  if (!text.includes('$')) return null;
  const parsed = parseTemplate(text, 0);
  return 'error' in parsed ? parsed.error : null;
}

/** Names of the variables `text` refers to, in order of appearance (nested ones included). */
export function referencedVariables(text: string): string[] {
  if (!text.includes('$')) return [];
  const parsed = parseTemplate(text, 0);
  if ('error' in parsed) return [];
  const names: string[] = [];
  const collect = (parts: TemplatePart[]): void => {
    for (const part of parts) {
      if (part.kind !== 'variable') continue;
      if (!names.includes(part.name)) names.push(part.name);
      collect(part.argument);
    }
  };
  collect(parsed.parts);
  return names;
}

/** `baseOffset` is where `text` starts in the outermost template, for error offsets. */
function parseTemplate(text: string, baseOffset: number, depth = 0): ParseResult {
  const parts: TemplatePart[] = [];
  let literal = '';
  let index = 0;
  const flushLiteral = (): void => {
    if (literal !== '') parts.push({ kind: 'text', text: literal });
    literal = '';
  };

  while (index < text.length) {
    const dollar = text.indexOf('$', index);
    if (dollar === -1) {
      literal += text.slice(index);
      break;
    }
    literal += text.slice(index, dollar);
    const next = text[dollar + 1];

    if (next === '$') {
      literal += '$';
      index = dollar + 2;
      continue;
    }

    if (next === '{') {
      const close = closingBrace(text, dollar);
      const invalid = (): ParseResult => ({
        error: {
          message: `invalid interpolation "${text.slice(dollar, close === -1 ? undefined : close + 1)}"`,
          offset: baseOffset + dollar,
        },
      });
      if (close === -1) return invalid();
      const body = text.slice(dollar + 2, close);
      const name = NAME.exec(body)?.[0];
      if (name === undefined) return invalid();
      const rest = body.slice(name.length);
      flushLiteral();
      if (rest === '') {
        parts.push({ kind: 'variable', name, operator: null, argument: [] });
      } else {
        const operator = OPERATORS.find((candidate) => rest.startsWith(candidate));
        if (operator === undefined) return invalid();
        const argumentStart = dollar + 2 + name.length + operator.length;
        if (depth >= MAX_INTERPOLATION_DEPTH) {
          return { error: { message: `interpolation nested more than ${MAX_INTERPOLATION_DEPTH} levels deep (dockerlint's limit)`, offset: baseOffset + dollar } };
        }
        const argument = parseTemplate(rest.slice(operator.length), baseOffset + argumentStart, depth + 1);
        if ('error' in argument) return argument;
        parts.push({ kind: 'variable', name, operator, argument: argument.parts });
      }
      index = close + 1;
      continue;
    }

    const name = NAME.exec(text.slice(dollar + 1))?.[0];
    if (name === undefined) {
      // Compose keeps a `$` that starts no reference (`a $ b`, `^x$`, `$1`) as written.
      literal += '$';
      index = dollar + 1;
      continue;
    }
    flushLiteral();
    parts.push({ kind: 'variable', name, operator: null, argument: [] });
    index = dollar + 1 + name.length;
  }
  flushLiteral();
  return { parts };
}

/**
 * Index of the `}` closing the `${` at `start`, counting nested `${` as Compose does (a bare `{`
 * does not nest); -1 when unclosed.
 */
function closingBrace(text: string, start: number): number {
  let depth = 0;
  for (let index = start; index < text.length; index++) {
    if (text[index] === '}') {
      depth--;
      if (depth === 0) return index;
    } else if (text[index] === '$' && text[index + 1] === '{') {
      depth++;
      index++;
    }
  }
  return -1;
}

const TOO_LONG = Symbol('too long');

function evaluate(parts: TemplatePart[], env: ReadonlyMap<string, string>): string | null | typeof TOO_LONG {
  let result = '';
  for (const part of parts) {
    const value = part.kind === 'text' ? part.text : substitute(part, env);
    if (value === null || value === TOO_LONG) return value;
    if (result.length + value.length > MAX_INTERPOLATED_LENGTH) return TOO_LONG;
    result += value;
  }
  return result;
}

function substitute(
  part: Extract<TemplatePart, { kind: 'variable' }>,
  env: ReadonlyMap<string, string>,
): string | null | typeof TOO_LONG {
  const value = env.get(part.name);
  const isSet = value !== undefined;
  const isNonEmpty = isSet && value !== '';
  switch (part.operator) {
    case null:
      return isSet ? value : null;
    case ':-':
      return isNonEmpty ? value : evaluate(part.argument, env);
    case '-':
      return isSet ? value : evaluate(part.argument, env);
    case ':+':
      return isNonEmpty ? evaluate(part.argument, env) : '';
    case '+':
      return isSet ? evaluate(part.argument, env) : '';
    case ':?':
      return isNonEmpty ? value : null;
    case '?':
      return isSet ? value : null;
  }
}
