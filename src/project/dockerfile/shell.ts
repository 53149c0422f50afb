/**
 * Step 4 of reading a Dockerfile: the shell embedded in RUN, CMD and ENTRYPOINT. Each command line is
 * handed to the project's shell parser once, at its place in the file: shell form, exec form
 * `["sh", "-c", "…"]`, a `RUN <<EOF` script, and the body a `RUN bash <<EOF` feeds to its shell.
 */
import type { SourceFile } from '../../source.js';
import type { CommandLine, ImageRef, ShellCommand, ShellScript } from '../model.js';
import { interpreterOf } from '../shebang.js';
import { basename, SHELL_HEREDOC_WRAPPER, SHELLS, shellScriptOf } from '../shell-wrappers.js';
import type { ScannedInstruction } from './scan.js';
import { fileOffsetOf, shellView, splitShellWords, unquote } from './text.js';
import type { HeredocBody, JsonArrayResult, JsonString } from './text.js';

/**
 * Parses a shell script whose first character is at `baseOffset` of the Dockerfile. `runsAtBuild`: the
 * script is a RUN's, so a syntax error in it fails the build (CMD and ENTRYPOINT run only in a container).
 * `options`: those its shell is started with (`["bash", "-o", "pipefail", "-c", "…"]`).
 */
export type ShellParser = (text: string, baseOffset: number, runsAtBuild: boolean, options?: readonly string[]) => ShellScript;

/** What a command line's shell depends on besides its own text. */
export interface ShellSetting {
  parseShell: ShellParser | null;
  /** Is the stage's shell (its `SHELL`, or inherited) a POSIX shell we can parse? */
  posixShell: boolean;
}

/** Shell form (parsed when the shell is POSIX) or exec form of a RUN, CMD or ENTRYPOINT. */
export function commandLine(
  source: SourceFile,
  escapeChar: string,
  item: ScannedInstruction,
  json: JsonArrayResult,
  setting: ShellSetting,
): CommandLine {
  const embed = new Embedding(source, item, setting.parseShell);
  const { logical } = item;
  const { argsIndex } = item.builder;
  if (json.kind === 'strings') {
    const exec = json.strings.map((string) => string.value);
    return { exec, shell: embed.execShell(json.strings), text: logical.text.slice(argsIndex).trim() };
  }
  const canParse = setting.parseShell !== null && escapeChar !== '`' && setting.posixShell;
  const argsStart = fileOffsetOf(logical, argsIndex);
  const commandText = logical.text.slice(argsIndex).trimEnd();
  if (item.heredocs.length === 0) {
    return { exec: null, shell: canParse ? embed.parse(argsStart, item.end) : null, text: commandText };
  }

  const commandWords = splitShellWords(logical.text, argsIndex, escapeChar).filter((word) => !isHeredocWord(item, word));
  const [onlyBody] = item.heredocs;
  if (commandWords.length === 0 && item.heredocs.length === 1 && onlyBody !== undefined) {
    // `RUN <<EOF`: Docker runs the body as the script (or with its `#!` interpreter).
    const body = source.text.slice(onlyBody.contentStart, onlyBody.contentEnd);
    const interpreter = interpreterOf(body);
    const isShell = canParse && (interpreter === null || SHELLS.has(interpreter));
    return { exec: null, shell: isShell ? embed.parse(onlyBody.contentStart, onlyBody.contentEnd) : null, text: body };
  }

  const heredocPart = source.text.slice(logical.end, item.end).replace(/\r\n/g, '\n');
  const text = commandText + heredocPart;
  if (!canParse) return { exec: null, shell: null, text };
  let shell = embed.parse(argsStart, item.end);
  const fed = feedsShellFromHeredoc(commandWords.map((word) => unquote(word.raw, escapeChar)))
    ? item.heredocs.find((body) => body.operator.descriptor === '' || body.operator.descriptor === '0')
    : undefined;
  // `RUN bash <<EOF`: the body is a script too. The shell parser reads it as one with the command line,
  // except where tree-sitter misreads the line (`<<-EOT bash`, operator first): only then on its own.
  if (fed !== undefined && !parsedAsScript(source, shell, fed)) {
    shell = mergeScripts(shell, embed.parse(fed.contentStart, fed.contentEnd));
  }
  return { exec: null, shell, text };
}

/** Does a `SHELL ["…"]` name a POSIX shell we can parse? */
export function isPosixShell(json: JsonArrayResult): boolean {
  const program = json.kind === 'strings' ? json.strings[0]?.value : undefined;
  return program !== undefined && SHELLS.has(basename(program));
}

/** Windows base images run RUN with cmd.exe unless SHELL says otherwise. */
export function isWindowsImage(image: ImageRef): boolean {
  const windowsName = /(^|\/)(windows|windowsservercore|servercore|nanoserver)(\/|$)/;
  return windowsName.test(image.path) || /(^|-)(nanoserver|windowsservercore)(-|$)/.test(image.tag ?? '');
}

/** Is the word (part of) a heredoc operator such as `<<EOF` or `<< 'EOF'`? */
export function isHeredocWord(item: ScannedInstruction, word: { start: number }): boolean {
  return item.heredocs.some(({ operator }) => word.start >= operator.start && word.start < operator.end);
}

class Embedding {
  readonly #source: SourceFile;
  readonly #item: ScannedInstruction;
  readonly #parseShell: ShellParser | null;

  constructor(source: SourceFile, item: ScannedInstruction, parseShell: ShellParser | null) {
    this.#source = source;
    this.#item = item;
    this.#parseShell = parseShell;
  }

  /** The file's text from `from` to `to` as the shell sees it (continuations joined). */
  parse(from: number, to: number): ShellScript {
    return this.#run(shellView(this.#source.text, from, to, this.#item.logical.continuations), from);
  }

  /** Exec form `["sh", "-c", "script"]`: the script string is parsed at its place in the JSON text. */
  execShell(strings: readonly JsonString[]): ShellScript | null {
    const found = shellScriptOf(strings.map((string) => string.value));
    const script = found === null ? undefined : strings[found.index];
    if (this.#parseShell === null || found === null || script === undefined) return null;
    // Exact when the literal has no escapes and no line continuation; otherwise positions are approximate.
    return this.#run(script.value, fileOffsetOf(this.#item.logical, script.start + 1), found.options);
  }

  #run(text: string, baseOffset: number, options: readonly string[] = []): ShellScript {
    const parse = this.#parseShell;
    if (parse === null) return { commands: [], assignments: [], errors: [], comments: [] };
    try {
      return parse(text, baseOffset, this.#item.keyword === 'RUN', options);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const location = this.#source.location(baseOffset, baseOffset + text.length);
      return { commands: [], assignments: [], errors: [{ location, message: `shell parser failed: ${message}` }], comments: [] };
    }
  }
}

/** Did the parse of a command line take this heredoc body for the script of the shell it feeds? */
function parsedAsScript(source: SourceFile, shell: ShellScript, body: HeredocBody): boolean {
  return shell.commands.some((command) => {
    const start = source.offsetAt(command.range.start);
    return command.wrappers.at(-1) === SHELL_HEREDOC_WRAPPER && start >= body.contentStart && start < body.contentEnd;
  });
}

/** `bash`, `sh -e`, `/bin/bash -o pipefail`: a shell reading its script from standard input. */
function feedsShellFromHeredoc(words: readonly string[]): boolean {
  const [program, ...options] = words;
  if (program === undefined || !SHELLS.has(basename(program))) return false;
  for (let index = 0; index < options.length; index++) {
    const option = options[index] ?? '';
    if (option === '-o' || option === '+o') index++;
    else if (!/^[-+][A-Za-z]+$/.test(option) || option.includes('c')) return false;
  }
  return true;
}

function mergeScripts(first: ShellScript, second: ShellScript): ShellScript {
  let nextPipeline = 0;
  for (const command of first.commands) nextPipeline = Math.max(nextPipeline, (command.pipeline?.id ?? -1) + 1);
  const renumbered = second.commands.map((command): ShellCommand => {
    if (command.pipeline === null) return command;
    return { ...command, pipeline: { ...command.pipeline, id: command.pipeline.id + nextPipeline } };
  });
  const byStart = (a: ShellCommand, b: ShellCommand): number =>
    a.range.start.line - b.range.start.line || a.range.start.column - b.range.start.column;
  return {
    commands: [...first.commands, ...renumbered].sort(byStart),
    assignments: [...first.assignments, ...second.assignments],
    errors: [...first.errors, ...second.errors],
    comments: [...first.comments, ...second.comments],
  };
}
