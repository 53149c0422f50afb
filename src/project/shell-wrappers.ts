/**
 * Seeing through command wrappers: `sudo -E pip install x` runs `pip`, `sh -c "…"` runs a script.
 * Works on words already reduced to literal values; knows each wrapper's options well enough to
 * find where the wrapped command starts.
 */

/** A word of a command in the coordinates of the text being parsed. */
export interface Token {
  /** Literal value, or `null` when an expansion is involved. */
  value: string | null;
  start: number;
  end: number;
  /** tree-sitter node type (`word`, `string`, `raw_string`, …). */
  type: string;
  /** tree-sitter node id, or `null` for a word recovered from the text. */
  nodeId: number | null;
}

export type Unwrapped =
  | { kind: 'command'; wrappers: string[]; words: Token[] }
  /** A script string to parse recursively (`sh -c "…"`, `su -c "…"`); `words` start at the shell. */
  | { kind: 'script'; wrappers: string[]; words: Token[]; script: Token; label: 'sh -c' | 'su -c' };

interface WrapperOptions {
  /** Short options taking a value, attached (`-n1`) or as the next word (`-n 1`). */
  shortWithValue?: string;
  /** Short options whose value can only be attached (`xargs -i{}`). */
  shortAttachedValue?: string;
  /** Long options taking the next word as value when not written `--name=value`. */
  longWithValue?: readonly string[];
  /** Options that make the wrapper run no command (`command -v`, `sudo -l`, `ionice -p`). */
  shortNoCommand?: string;
  longNoCommand?: readonly string[];
  /** `NAME=value` words may precede the command (`env`, `sudo`). */
  assignments?: boolean;
  /** `-` alone is an option, not the command (`env -`). */
  dashIsOption?: boolean;
  /** `-N` numeric options (`nice -10`). */
  numericOptions?: boolean;
  /** Positional operands before the command (`timeout 10s cmd`, `gosu user cmd`). */
  operands?: number;
}

const WRAPPERS = new Map<string, WrapperOptions>([
  [
    'sudo',
    {
      shortWithValue: 'CDghpRrTtUu',
      longWithValue: [
        'chdir',
        'chroot',
        'close-from',
        'command-timeout',
        'group',
        'host',
        'other-user',
        'prompt',
        'role',
        'type',
        'user',
      ],
      shortNoCommand: 'eKlVv',
      longNoCommand: ['edit', 'list', 'validate', 'version', 'remove-timestamp', 'help'],
      assignments: true,
    },
  ],
  [
    'env',
    {
      shortWithValue: 'CSu',
      longWithValue: ['chdir', 'split-string', 'unset'],
      assignments: true,
      dashIsOption: true,
    },
  ],
  ['command', { shortNoCommand: 'vV' }],
  ['exec', { shortWithValue: 'a' }],
  ['nohup', {}],
  ['time', { shortWithValue: 'fo', longWithValue: ['format', 'output'] }],
  ['coproc', {}],
  ['nice', { shortWithValue: 'n', longWithValue: ['adjustment'], numericOptions: true }],
  [
    'ionice',
    {
      shortWithValue: 'cn',
      longWithValue: ['class', 'classdata'],
      shortNoCommand: 'pPu',
      longNoCommand: ['pid', 'pgid', 'uid'],
    },
  ],
  ['timeout', { shortWithValue: 'ks', longWithValue: ['kill-after', 'signal'], operands: 1 }],
  [
    'xargs',
    {
      shortWithValue: 'adEILnPs',
      shortAttachedValue: 'eil',
      longWithValue: ['arg-file', 'delimiter', 'max-args', 'max-chars', 'max-procs', 'process-slot-var'],
    },
  ],
  ['stdbuf', { shortWithValue: 'eio', longWithValue: ['error', 'input', 'output'] }],
  // Docker images step down from root with these: `exec gosu app "$@"`.
  ['gosu', { operands: 1 }],
  ['su-exec', { operands: 1 }],
]);

export const SHELLS: ReadonlySet<string> = new Set(['sh', 'bash', 'dash', 'zsh', 'ash', 'ksh', 'mksh']);

const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;

export function basename(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? path : path.slice(slash + 1);
}

/**
 * Index of the wrapped command's first word in `words` (options start at `from`), or `null` when
 * the wrapper runs no command.
 */
function commandStart(words: readonly Token[], from: number, options: WrapperOptions): number | null {
  let operandsLeft = options.operands ?? 0;
  let i = from;
  while (i < words.length) {
    const value = words[i]?.value;
    if (value === null || value === undefined) return operandsLeft > 0 ? null : i;
    if (value === '--') return operandsLeft > 0 ? skipOperands(words, i + 1, operandsLeft) : i + 1;
    if (value.startsWith('--')) {
      const equals = value.indexOf('=');
      const name = value.slice(2, equals < 0 ? undefined : equals);
      if (options.longNoCommand?.includes(name)) return null;
      i += equals < 0 && options.longWithValue?.includes(name) ? 2 : 1;
    } else if (value === '-' && options.dashIsOption) {
      i++;
    } else if (value.startsWith('-') && value.length > 1) {
      if (options.numericOptions && /^-\d+$/.test(value)) {
        i++;
        continue;
      }
      const cluster = shortCluster(value, options);
      if (cluster === null) return null;
      i += cluster;
    } else if (options.assignments && ASSIGNMENT.test(value)) {
      i++;
    } else if (operandsLeft > 0) {
      operandsLeft--;
      i++;
    } else {
      return i;
    }
  }
  return null;
}

function skipOperands(words: readonly Token[], from: number, count: number): number | null {
  return from + count < words.length ? from + count : null;
}

/** Words a `-abc` cluster occupies (1, or 2 when its last option takes the next word); `null` if it stops the command. */
function shortCluster(cluster: string, options: WrapperOptions): number | null {
  for (let k = 1; k < cluster.length; k++) {
    const option = cluster[k] ?? '';
    if (options.shortNoCommand?.includes(option)) return null;
    if (options.shortAttachedValue?.includes(option)) return 1;
    if (options.shortWithValue?.includes(option)) return k === cluster.length - 1 ? 2 : 1;
  }
  return 1;
}

export interface ShellInvocation {
  /** `-c` given: the first operand is the script. */
  command: boolean;
  /** `-s` given: the script comes from stdin. */
  stdin: boolean;
  /** Words after the options. */
  operands: Token[];
  /** Shell options the flags set, by name (`-o pipefail` → `pipefail`, `-e` → `errexit`), as the last flag leaves them. */
  options: string[];
}

/** Single-letter shell flags by their `-o` names (those a rule may ask about). */
const FLAG_OPTIONS: Readonly<Record<string, string>> = { e: 'errexit', u: 'nounset', x: 'xtrace', f: 'noglob' };

/**
 * Applies one cluster of shell flags at `words[at]` (`-euo pipefail`, `+o pipefail`, `-e`) to `options`.
 * Returns how many words it took: 1, plus one for each `o`/`O` in it.
 */
function applyShellFlag(words: readonly (string | null)[], at: number, options: Set<string>): number {
  const value = words[at] ?? '';
  const set = value.startsWith('-');
  let names = 0;
  for (const letter of value.slice(1)) {
    const name = letter === 'o' || letter === 'O' ? words[at + 1 + names++] : FLAG_OPTIONS[letter];
    if (name == null) continue;
    if (set) options.add(name);
    else options.delete(name);
  }
  return 1 + names;
}

/** The options set by flags written after an interpreter in a shebang (`#!/bin/sh -e` → `errexit`). */
export function shebangOptions(flags: readonly string[]): string[] {
  const options = new Set<string>();
  for (let i = 0; i < flags.length && /^[-+][^-]/.test(flags[i] ?? ''); ) i += applyShellFlag(flags, i, options);
  return [...options];
}

/** Reads the options of `sh`/`bash`/… (`-c`, `-lc`, `-euo pipefail`, `+x`, `--login`, `--rcfile f`). */
export function shellInvocation(words: readonly Token[]): ShellInvocation {
  const invocation: ShellInvocation = { command: false, stdin: false, operands: [], options: [] };
  const options = new Set<string>();
  const values = words.map((word) => word.value);
  let i = 1;
  while (i < words.length) {
    const value = words[i]?.value;
    if (value === null || value === undefined) break;
    if (value === '--' || value === '-') {
      i++;
      break;
    }
    if (value.startsWith('--')) {
      i += value === '--rcfile' || value === '--init-file' ? 2 : 1;
    } else if ((value.startsWith('-') || value.startsWith('+')) && value.length > 1) {
      const letters = value.slice(1);
      if (value.startsWith('-') && letters.includes('c')) invocation.command = true;
      if (value.startsWith('-') && letters.includes('s')) invocation.stdin = true;
      // Each `o`/`O` in a cluster takes one following word: `-euo pipefail`.
      i += applyShellFlag(values, i, options);
    } else {
      break;
    }
  }
  invocation.operands = words.slice(i);
  invocation.options = [...options];
  return invocation;
}

/**
 * The script of `sh -c "…"` (`bash -ec`, `bash -euo pipefail -c`): its index in `argv` and the options
 * its shell is started with; `null` when the argv runs no script.
 */
export function shellScriptOf(argv: readonly string[]): { index: number; options: string[] } | null {
  const program = argv[0];
  if (program === undefined || !SHELLS.has(basename(program))) return null;
  const invocation = shellInvocation(argv.map((value): Token => ({ value, start: 0, end: 0, type: 'word', nodeId: null })));
  // The script is the first operand, and the operands end argv.
  return invocation.command && invocation.operands.length > 0 ? { index: argv.length - invocation.operands.length, options: invocation.options } : null;
}

/** The last wrapper of a command read from a heredoc by the shell it feeds (`bash <<EOF`). */
export const SHELL_HEREDOC_WRAPPER = 'sh <<';

/** Does this (unwrapped) command read its script from stdin: `bash`, `sh -s -- -y`, `bash -`, `sudo sh -e`? */
export function readsScriptFromStdin(words: readonly Token[]): boolean {
  const program = words[0]?.value;
  if (program === null || program === undefined || !SHELLS.has(basename(program))) return false;
  const invocation = shellInvocation(words);
  if (invocation.command) return false;
  return invocation.stdin || invocation.operands.length === 0;
}

/** `su [options] [-] [user] -c "…"`: GNU su accepts options after the user too. */
function suScript(words: readonly Token[]): Token | null {
  for (let i = 1; i < words.length; i++) {
    const word = words[i];
    const value = word?.value;
    if (word === undefined || value === null || value === undefined) continue;
    if (value === '-c' || value === '--command') return words[i + 1] ?? null;
    if (value.startsWith('--command=')) {
      return { ...word, value: value.slice('--command='.length), type: 'attached' };
    }
    if (/^-[a-zA-Z]*c$/.test(value)) return words[i + 1] ?? null;
    if (value === '-s' || value === '-g' || value === '-G' || value === '-w') i++;
  }
  return null;
}

/** Init processes that run the real command: `tini -- npm start`, `dumb-init npm start`. */
export function stripInit(tokens: readonly Token[]): readonly Token[] {
  const program = tokens[0]?.value;
  if (program == null) return tokens;
  const name = basename(program);
  if (name !== 'tini' && name !== 'dumb-init' && name !== 'docker-init') return tokens;
  let index = 1;
  while (index < tokens.length) {
    const value = tokens[index]?.value;
    if (value === '--') return tokens.slice(index + 1);
    if (!value?.startsWith('-')) break;
    // The few options that take a value: `tini -p SIGTERM`, `tini -e 143`, `dumb-init -r 15:2`.
    index += /^-[pe]$|^-r$|^--rewrite$/.test(value) ? 2 : 1;
  }
  return tokens.slice(index);
}

/** Strips wrappers off a command's words (name first); stops at the first word it cannot judge. */
export function unwrapCommand(words: readonly Token[]): Unwrapped {
  const wrappers: string[] = [];
  let current = words;
  for (;;) {
    const head = current[0]?.value;
    if (head === null || head === undefined) break;
    const program = basename(head);
    if (SHELLS.has(program)) {
      const invocation = shellInvocation(current);
      const script = invocation.operands[0];
      if (invocation.command && script !== undefined) {
        return { kind: 'script', wrappers, words: [...current], script, label: 'sh -c' };
      }
      break;
    }
    if (program === 'su') {
      const script = suScript(current);
      if (script !== null) return { kind: 'script', wrappers, words: [...current], script, label: 'su -c' };
      break;
    }
    const options = WRAPPERS.get(program);
    if (options === undefined) break;
    const start = commandStart(current, 1, options);
    if (start === null || start >= current.length) break;
    wrappers.push(program);
    current = current.slice(start);
  }
  return { kind: 'command', wrappers, words: [...current] };
}
