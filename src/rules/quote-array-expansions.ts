import type { ShellExpansion } from '../project/model.js';
import { defineRule, type Report } from '../engine/rule.js';
import { projectShellScripts } from '../vocabulary/runs.js';

/** `$@`, `${@:2}`, `${a[@]}`, `${!a[@]}`: every argument or element, each meant to stay one word. */
const isEveryElement = (expansion: ShellExpansion): boolean =>
  expansion.parameter !== null && (expansion.parameter === '@' || expansion.parameter.endsWith('[@]'));

export default defineRule({
  id: 'quote-array-expansions',
  description: 'RUN commands and shell scripts double-quote `$@` and `${array[@]}`, so each argument stays one word',
  kind: 'general',
  equivalents: { shellcheck: ['SC2068'] },
  documents: ['dockerfile', 'script'],
  defaultSeverity: 'warning',
  messages: {
    unquoted: {
      message: '`{{expansion}}` is unquoted: each argument is split at spaces and globbed again.',
      help: 'Write `"{{expansion}}"`, which passes each argument as it was given.',
    },
  },
  check(project) {
    const reports: Report[] = [];
    for (const { file, script } of projectShellScripts(project)) {
      for (const command of script.commands) {
        for (const word of command.words) {
          for (const expansion of word.expansions) {
            if (expansion.quoted || !isEveryElement(expansion)) continue;
            reports.push({ messageId: 'unquoted', data: { expansion: expansion.raw }, location: { file, range: expansion.range } });
          }
        }
      }
    }
    return reports;
  },
});
