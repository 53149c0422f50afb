import type { ShellCommand, ShellScript } from '../project/model.js';
import { defineRule, type Report } from '../engine/rule.js';
import { projectRuns, shellAt } from '../vocabulary/runs.js';

/** Commands whose failure in a pipe's left side would mean nothing: they print what they are given. */
const CANNOT_FAIL = new Set(['echo', 'printf', 'yes', 'true', ':']);

/** Does an argv turn pipefail on: `-o pipefail`, `-euo pipefail`? (`+o pipefail` turns it off.) */
function setsPipefail(args: readonly (string | null)[]): boolean {
  return args.some((arg, index) => arg === 'pipefail' && /^-[a-z]*o$/.test(args[index - 1] ?? ''));
}

/** A left side of a pipe whose failure the exit status would hide: not `echo`, not a bare `cat` of a heredoc. */
function canFail(command: ShellCommand): boolean {
  if (command.program === null) return true;
  if (CANNOT_FAIL.has(command.program)) return false;
  return !(command.program === 'cat' && command.args.length === 0);
}

/**
 * The first command of a pipe, not the last, that can fail while neither a `set -o pipefail` before it nor
 * the shell running it (`bash -o pipefail -c '…'`) says so.
 */
function hiddenFailure(script: ShellScript): ShellCommand | null {
  let pipefail = false;
  for (const command of script.commands) {
    if (command.program === 'set' && command.inFunction === null) {
      const args = command.args.map((arg) => arg.value);
      if (setsPipefail(args)) pipefail = true;
      else if (args.some((arg, index) => arg === 'pipefail' && args[index - 1] === '+o')) pipefail = false;
      continue;
    }
    const pipe = command.pipeline;
    if (!pipefail && !command.shellOptions.includes('pipefail') && pipe !== null && pipe.index < pipe.length - 1 && canFail(command)) return command;
  }
  return null;
}

export default defineRule({
  id: 'set-pipefail',
  description: 'A RUN with a pipe whose left side can fail runs with pipefail, so that the failure fails the build',
  kind: 'general',
  equivalents: { hadolint: ['DL4006'] },
  documents: ['dockerfile'],
  defaultSeverity: 'warning',
  messages: {
    hiddenPipeFailure: {
      message: 'If `{{program}}` fails, the pipe still succeeds and the build goes on without its output.',
      help: 'Add `SHELL ["/bin/bash", "-o", "pipefail", "-c"]` before this RUN, or start the RUN with `set -o pipefail` where /bin/sh supports it (Alpine, busybox).',
    },
  },
  check(project) {
    const reports: Report[] = [];
    for (const { dockerfile, stage, instruction, script } of projectRuns(project)) {
      // Exec form runs its own shell (whose options its commands carry), never SHELL's.
      const shell = instruction.exec === null ? shellAt(project, dockerfile, stage, instruction) : null;
      if (shell !== null && setsPipefail(shell)) continue;
      const command = hiddenFailure(script);
      if (command === null) continue;
      reports.push({
        messageId: 'hiddenPipeFailure',
        data: { program: command.program ?? command.name ?? 'the command' },
        location: { file: dockerfile.source.path, range: command.range },
      });
    }
    return reports;
  },
});
