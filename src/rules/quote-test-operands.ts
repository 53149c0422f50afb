import { isInstruction, type Project, type ShellExpansion, type ShellScript } from '../project/model.js';
import { defineRule, type Report } from '../engine/rule.js';
import { projectShellScripts, type RunScript } from '../vocabulary/runs.js';
import { environmentAt, instructionsBefore } from '../vocabulary/stages.js';

/**
 * Parameters the shell sets to one word, never empty: `$#`, `$?`, `$$`, `$!`, `$-`, and bash's numeric
 * variables (ShellCheck exempts the same).
 */
const ONE_WORD_SPECIALS = new Set(['#', '?', '$', '!', '-', 'UID', 'EUID', 'PPID', 'BASHPID', 'RANDOM', 'SECONDS', 'LINENO', 'OPTIND', 'SHLVL']);

/** Build arguments BuildKit always sets to one word, once a stage declares them (`ARG TARGETARCH`). */
const ALWAYS_SET_ARGS = new Set(['TARGETPLATFORM', 'TARGETOS', 'TARGETARCH', 'BUILDPLATFORM', 'BUILDOS', 'BUILDARCH']);

/** A literal value that stays one word unquoted: not empty, no blank (IFS) and no glob character. */
const isOneWord = (value: string | null | undefined): boolean => value != null && /^[^\s*?[\]]+$/.test(value);

/**
 * Variables known to expand to one word, as ShellCheck judges them: those the script only ever assigns
 * such a literal and, in a RUN, ENV values of the Dockerfile that no ARG can override. An ARG is a build
 * parameter (`--build-arg NAME=` makes it empty), so it is not one word unless BuildKit sets it.
 */
function oneWordVariables(project: Project, script: ShellScript, run: RunScript | null): Set<string> {
  const known = new Set<string>();
  if (run !== null) {
    const { dockerfile, stage, instruction } = run;
    const declaredArgs = new Set(
      instructionsBefore(stage, instruction).flatMap((before) => (isInstruction(before, 'ARG') ? before.properties.map((property) => property.name) : [])),
    );
    for (const [name, value] of environmentAt(project, dockerfile, stage, instruction)) {
      if (declaredArgs.has(name) ? ALWAYS_SET_ARGS.has(name) : isOneWord(value)) known.add(name);
    }
  }
  const assigned = new Map<string, boolean>();
  for (const { name, value } of script.assignments) assigned.set(name, (assigned.get(name) ?? true) && isOneWord(value));
  for (const [name, oneWord] of assigned) {
    if (oneWord) known.add(name);
    else known.delete(name);
  }
  return known;
}

/** An unquoted parameter that may split or vanish. `$@` and `$*` are left to `quote-array-expansions`. */
function mayBreak(expansion: ShellExpansion, oneWord: ReadonlySet<string>): boolean {
  const parameter = expansion.parameter;
  if (expansion.quoted || parameter === null || ONE_WORD_SPECIALS.has(parameter)) return false;
  if (parameter === '@' || parameter === '*' || /\[[@*]\]$/.test(parameter)) return false;
  return !oneWord.has(parameter);
}

export default defineRule({
  id: 'quote-test-operands',
  description: 'Variables in `[ … ]` and `test` are double-quoted, so an empty value or one with spaces cannot break the test',
  kind: 'general',
  equivalents: { shellcheck: ['SC2086', 'SC2070'] },
  documents: ['dockerfile', 'script'],
  defaultSeverity: 'warning',
  messages: {
    unquoted: {
      message: '`{{expansion}}` is unquoted in `{{test}}`: an empty value or one with spaces breaks the test.',
      help: 'Write `"{{expansion}}"` (empty, `[ = x ]` is an error and `[ -n ]` is true), or `[[ … ]]` in bash, which does not split words.',
    },
  },
  check(project) {
    const reports: Report[] = [];
    for (const { file, script, run } of projectShellScripts(project)) {
      const tests = script.commands.filter((command) => command.program === '[' || command.program === 'test');
      if (tests.length === 0) continue;
      const oneWord = oneWordVariables(project, script, run);
      for (const command of tests) {
        for (const expansion of command.args.flatMap((word) => word.expansions)) {
          if (!mayBreak(expansion, oneWord)) continue;
          reports.push({
            messageId: 'unquoted',
            data: { expansion: expansion.raw, test: command.program === '[' ? '[ … ]' : 'test' },
            location: { file, range: expansion.range },
          });
        }
      }
    }
    return reports;
  },
});
