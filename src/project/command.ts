/**
 * A small vocabulary for asking questions of parsed shell commands (the idea of hadolint's
 * `Shell.hs`): flags, sub-commands, pipes. Package-manager knowledge is built on top of this.
 */
import type { ShellCommand, ShellScript, ShellWord } from './model.js';

export interface ParsedArgs {
  /** Flag name without dashes → its value, or `true` for a flag without one. Repeated flags keep the last value. */
  flags: Map<string, string | true>;
  positionals: ShellWord[];
}

/**
 * Splits a command's arguments into flags and positionals: `--name=value`, `--name value` and
 * `-o value` / `-ovalue` when the name is in `valueFlags` (names without dashes), `-abc` clusters of
 * single-letter flags, and `--` ending the flags. Words with expansions are positionals.
 */
export function parseArgs(command: ShellCommand, valueFlags: readonly string[] = []): ParsedArgs {
  const flags = new Map<string, string | true>();
  const positionals: ShellWord[] = [];
  const args = command.args;
  let flagsEnded = false;
  for (let i = 0; i < args.length; i++) {
    const word = args[i];
    if (word === undefined) continue;
    const value = word.value;
    if (flagsEnded || value === null || value === '-' || !value.startsWith('-')) {
      positionals.push(word);
      continue;
    }
    if (value === '--') {
      flagsEnded = true;
      continue;
    }
    if (value.startsWith('--')) {
      const equals = value.indexOf('=');
      if (equals >= 0) {
        flags.set(value.slice(2, equals), value.slice(equals + 1));
        continue;
      }
      const name = value.slice(2);
      const next = args[i + 1]?.value;
      if (valueFlags.includes(name) && next !== undefined && next !== null) {
        flags.set(name, next);
        i++;
      } else {
        flags.set(name, true);
      }
      continue;
    }
    // A short cluster: `-y`, `-qq`, `-xzf archive`, `-n1`.
    for (let k = 1; k < value.length; k++) {
      const name = value.charAt(k);
      if (!valueFlags.includes(name)) {
        flags.set(name, true);
        continue;
      }
      const attached = value.slice(k + 1);
      const next = args[i + 1]?.value;
      if (attached !== '') {
        flags.set(name, attached);
      } else if (next !== undefined && next !== null) {
        flags.set(name, next);
        i++;
      } else {
        flags.set(name, true);
      }
      break;
    }
  }
  return { flags, positionals };
}

/** The first positional's literal value: `install` for `apt-get -y install curl`; `null` if none or dynamic. */
export function subcommand(command: ShellCommand, valueFlags?: readonly string[]): string | null {
  return parseArgs(command, valueFlags).positionals[0]?.value ?? null;
}

/** Is any of the flags given (names without dashes: `y`, `no-install-recommends`)? */
export function hasFlag(command: ShellCommand, ...names: string[]): boolean {
  const { flags } = parseArgs(command);
  return names.some((name) => flags.has(name));
}

/** The value of a flag (`true` when given without one), or `undefined` when absent. */
export function flagValue(
  command: ShellCommand,
  name: string,
  valueFlags: readonly string[] = [name],
): string | true | undefined {
  return parseArgs(command, valueFlags).flags.get(name);
}

/** The command that reads this command's output through a pipe (`curl … | sh` → `sh`), if any. */
export function pipedInto(script: ShellScript, command: ShellCommand): ShellCommand | null {
  const position = command.pipeline;
  if (position === null) return null;
  return (
    script.commands.find(
      (other) => other.pipeline !== null && other.pipeline.id === position.id && other.pipeline.index === position.index + 1,
    ) ?? null
  );
}
