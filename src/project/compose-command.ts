/**
 * Compose `command` and `entrypoint` values read as command lines, so that rules ask the same
 * questions of them as of a Dockerfile's CMD: the list form is an argv (a `sh -c` script in it is
 * parsed), the string form is parsed as shell (Compose splits it into words the way a shell does, and
 * reading it as shell also finds the commands of `sh -c '…'`).
 */
import type { Range, SourceFile } from '../source.js';
import type { CommandLine, ShellScript, Sourced } from './model.js';
import { shellInvocation, SHELLS, basename, type Token } from './shell-wrappers.js';

/** Parses shell text whose offsets `map` turns into ranges of the compose file. */
export type MappedShellParser = (text: string, map: (start: number, end: number) => Range) => ShellScript;

export function composeCommandLine(value: Sourced<string | string[]>, source: SourceFile, parse: MappedShellParser): CommandLine {
  if (typeof value.value === 'string') {
    return { exec: null, shell: parse(value.value, offsetMap(value, source, value.value)), text: value.value };
  }
  const argv = value.value;
  const script = shellScriptArgument(argv);
  return {
    exec: argv,
    shell: script === null ? null : parse(script, offsetMap(value, source, script)),
    text: argv.join(' '),
  };
}

/** The script of `["sh", "-c", "…"]` (`bash -ec`, `/bin/sh -o pipefail -c`), or `null`. */
function shellScriptArgument(argv: readonly string[]): string | null {
  const program = argv[0];
  if (program === undefined || !SHELLS.has(basename(program))) return null;
  const words = argv.map((word): Token => ({ value: word, start: 0, end: 0, type: 'word', nodeId: null }));
  const invocation = shellInvocation(words);
  return invocation.command ? (invocation.operands[0]?.value ?? null) : null;
}

/**
 * Exact positions when `text` is written verbatim (once) inside the value, as in a plain or quoted
 * scalar without escapes; otherwise every range is the whole value.
 */
function offsetMap(value: Sourced<unknown>, source: SourceFile, text: string): (start: number, end: number) => Range {
  const whole = value.location.range;
  const start = source.offsetAt(whole.start);
  const raw = source.text.slice(start, source.offsetAt(whole.end));
  const at = text === '' ? -1 : raw.indexOf(text);
  if (at < 0 || raw.includes(text, at + 1)) return () => whole;
  return (from, to) => source.range(start + at + from, start + at + to);
}
