/**
 * Compose `command` and `entrypoint` values read as command lines, so that rules ask the same
 * questions of them as of a Dockerfile's CMD: the list form is an argv (a `sh -c` script in it is
 * parsed), the string form is parsed as shell (Compose splits it into words the way a shell does, and
 * reading it as shell also finds the commands of `sh -c '…'`).
 */
import type { Range, SourceFile } from '../source.js';
import type { CommandLine, ShellScript, Sourced } from './model.js';
import { shellScriptOf } from './shell-wrappers.js';

/** Parses shell text whose offsets `map` turns into ranges of the file, run by a shell started with `options` (`pipefail`). */
export type MappedShellParser = (text: string, map: (start: number, end: number) => Range, options?: readonly string[]) => ShellScript;

export function composeCommandLine(value: Sourced<string | string[]>, source: SourceFile, parse: MappedShellParser): CommandLine {
  if (typeof value.value === 'string') {
    return { exec: null, shell: parse(value.value, offsetMap(value, source, value.value)), text: value.value };
  }
  const argv = value.value;
  const found = shellScriptOf(argv);
  const script = found === null ? null : (argv[found.index] ?? null);
  return {
    exec: argv,
    shell: found === null || script === null ? null : parse(script, offsetMap(value, source, script), found.options),
    text: argv.join(' '),
  };
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
