/**
 * The last word on syntax errors in shell scripts. tree-sitter-bash, which gives dockerlint its command
 * model, takes some valid bash for errors (substring expansions such as `${a:$i:1}`, `${a:=$(b)}`, an
 * assignment before an array assignment) and describes real ones from wherever its recovery ended.
 * mvdan/sh, the parser of shfmt (as the sh-syntax package's wasm), is exact but builds no command tree
 * and costs a wasm instance per call, so it only rules on the text in which tree-sitter found errors.
 */
import { readFile } from 'node:fs/promises';
import type { SourceFile } from '../source.js';
import type { ParseProblem } from './model.js';
import { findShellWasm } from './shell.js';
import { interpreterOf } from './shebang.js';

type Check = (text: string, dialect: ShellDialect) => Promise<void>;

export type ShellDialect = 'bash' | 'posix' | 'mksh' | 'zsh';

let checker: Promise<Check> | null = null;

async function loadChecker(): Promise<Check> {
  const [{ getProcessor, LangVariant }, wasm] = await Promise.all([import('sh-syntax'), readFile(findShellWasm(import.meta.url).syntaxChecker)]);
  // Compiled once; each check then only instantiates it (the package's default compiles on every call).
  const module = await WebAssembly.compile(wasm);
  const process = getProcessor((imports) => new WebAssembly.Instance(module, imports));
  const variants: Record<ShellDialect, number> = {
    bash: LangVariant.LangBash,
    posix: LangVariant.LangPOSIX,
    mksh: LangVariant.LangMirBSDKorn,
    zsh: LangVariant.LangZsh,
  };
  return async (text, dialect) => {
    await process(text, { variant: variants[dialect], keepComments: false });
  };
}

/** The dialect a script's shebang names; bash, the most permissive common one, otherwise. */
export function dialectOf(text: string): ShellDialect {
  const name = interpreterOf(text);
  if (name === 'zsh') return 'zsh';
  if (name === 'ksh' || name === 'mksh') return 'mksh';
  return 'bash';
}

/**
 * The syntax errors of shell text, as mvdan/sh sees them: none, or its first error at its place. `text`
 * starts at `baseOffset` in `source` (a whole script, or the command of a RUN instruction). Call it for
 * text in which tree-sitter found `errors`; they stand if mvdan/sh cannot be run.
 */
export async function confirmShellErrors(
  text: string,
  source: SourceFile,
  baseOffset: number,
  errors: readonly ParseProblem[],
  dialect: ShellDialect,
): Promise<ParseProblem[]> {
  let check: Check;
  try {
    checker ??= loadChecker();
    check = await checker;
  } catch {
    checker = null;
    return [...errors];
  }
  try {
    await check(text, dialect);
    return [];
  } catch (error) {
    const found = syntaxError(error, text);
    if (found === null) return [...errors];
    const start = baseOffset + found.offset;
    const end = Math.min(start + 1, source.text.length);
    return [{ location: source.location(start, end), message: `shell syntax error: ${found.message}` }];
  }
}

/**
 * A mvdan/sh syntax error: its parse error (with a byte offset, none when the text ends too early), or
 * a language error whose message starts with `line:column:`. `null` for any other failure.
 */
function syntaxError(error: unknown, text: string): { message: string; offset: number } | null {
  if (error instanceof Error && 'Text' in error) {
    const position = (error as Error & { Pos?: { Offset: number } }).Pos;
    return { message: error.message, offset: position === undefined ? text.length : charOffset(text, 0, position.Offset) };
  }
  const located = error instanceof SyntaxError ? /^(\d+):(\d+): (.*)$/s.exec(error.message) : null;
  if (located === null) return null;
  const [, line = '1', column = '1', message = ''] = located;
  let lineStart = 0;
  for (let current = 1; current < Number(line); current++) lineStart = text.indexOf('\n', lineStart) + 1;
  return { message, offset: charOffset(text, lineStart, Number(column) - 1) };
}

/** The string offset `bytes` UTF-8 bytes after `from` (mvdan/sh counts bytes; JS strings count UTF-16 units). */
function charOffset(text: string, from: number, bytes: number): number {
  return from + Buffer.from(text.slice(from), 'utf8').subarray(0, bytes).toString('utf8').length;
}
