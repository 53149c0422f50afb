import type { ShellCommand, ShellScript } from '../project/model.js';
import { defineRule, type Report } from '../engine/rule.js';

const CHANGES_DIRECTORY = new Set(['cd', 'pushd', 'popd']);

/** `set -e`, `set -eu`, `set -o errexit`, `set -euo pipefail`. */
function setsErrexit(command: ShellCommand): boolean {
  if (command.program !== 'set') return false;
  const args = command.args.map((arg) => arg.value);
  return args.some((arg, index) => arg === 'errexit' ? /^-[a-zA-Z]*o$/.test(args[index - 1] ?? '') : /^-[a-zA-Z]*e/.test(arg ?? ''));
}

/** `..`, `../..`, `./..`: up the tree, which exists while the current directory does. */
const isUpward = (path: string | null): boolean => path !== null && /^\.\.?(?:\/\.\.?)*\/?$/.test(path);

/**
 * A `cd`, `pushd` or `popd` whose failure nothing notices, as ShellCheck judges it: not tested (`|| exit`,
 * `&&`, an `if` condition), not `cd ..` (or `../..`), not `pushd -n`, and no `set -e` anywhere in the script (ShellCheck
 * trusts one in any place) nor in the shell that runs it (`#!/bin/sh -e`, `sh -ec '…'`).
 */
function unchecked(script: ShellScript): ShellCommand[] {
  if (script.commands.some(setsErrexit)) return [];
  return script.commands.filter((command) => {
    if (command.program === null || !CHANGES_DIRECTORY.has(command.program) || command.tested) return false;
    if (command.shellOptions.includes('errexit')) return false;
    const args = command.args.map((arg) => arg.value);
    if (command.program === 'cd' && args.length === 1 && isUpward(args[0] ?? null)) return false;
    return !(command.program !== 'cd' && args.includes('-n'));
  });
}

export default defineRule({
  id: 'cd-or-exit',
  description: 'A shell script stops when `cd` fails (`cd dir || exit`), instead of going on in the wrong directory',
  kind: 'general',
  equivalents: { shellcheck: ['SC2164'] },
  documents: ['script'],
  defaultSeverity: 'warning',
  messages: {
    unchecked: {
      message: 'If `{{command}}` fails, the script goes on in the wrong directory.',
      help: 'Write `{{command}} || exit 1` (`|| return 1` in a function), or start the script with `set -e`.',
    },
  },
  check(project) {
    const reports: Report[] = [];
    for (const doc of project.scripts) {
      for (const command of unchecked(doc.shell)) {
        const words = [command.name ?? command.program ?? 'cd', ...command.args.map((arg) => arg.raw)].join(' ');
        reports.push({ messageId: 'unchecked', data: { command: words }, location: { file: doc.source.path, range: command.range } });
      }
    }
    return reports;
  },
});
