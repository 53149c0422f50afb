import { isInstruction, type CommandInstruction } from '../project/model.js';
import { defineRule, type Report } from '../engine/rule.js';
import { shellAt } from '../vocabulary/runs.js';

/** Characters that make a shell-form command more than one program with literal arguments. */
const SHELL_SYNTAX = /[|&;<>()$`\\*?[\]{}~#'"]/;

/** `["node", "server.js"]` when the shell form is one program with plain words, else `null`. */
function execForm(instruction: CommandInstruction): string | null {
  const commands = instruction.shell?.commands ?? [];
  const [command] = commands;
  if (commands.length !== 1 || command === undefined || command.name === null || command.wrappers.length > 0) return null;
  if (instruction.shell?.assignments.length !== 0 || SHELL_SYNTAX.test(instruction.text)) return null;
  const words = [command.name, ...command.args.map((arg) => arg.value)];
  if (words.some((word) => word === null)) return null;
  return JSON.stringify(words).replace(/","/g, '", "');
}

export default defineRule({
  id: 'json-args',
  description: 'CMD and ENTRYPOINT use exec (JSON) form, so the program runs as PID 1 and receives signals, unless a SHELL is set',
  kind: 'general',
  equivalents: { hadolint: ['DL3025'], buildkit: ['JSONArgsRecommended'] },
  documents: ['dockerfile'],
  defaultSeverity: 'warning',
  messages: {
    shellForm: {
      message: '{{instruction}} in shell form runs under /bin/sh -c, so the program never receives SIGTERM.',
      help: 'Write it in exec form: {{instruction}} {{example}}. If a shell is wanted, set it with SHELL before it.',
    },
    shellFormComplex: {
      message: '{{instruction}} in shell form runs under /bin/sh -c, so the program never receives SIGTERM.',
      help: 'Write it in exec form (move shell logic into a script and run that: {{instruction}} ["/app/start.sh"]), or set SHELL before it if a shell is wanted.',
    },
  },
  check(project) {
    const reports: Report[] = [];
    for (const dockerfile of project.dockerfiles) {
      for (const stage of dockerfile.stages) {
        for (const instruction of stage.instructions) {
          if (!isInstruction(instruction, 'CMD', 'ENTRYPOINT') || instruction.exec !== null) continue;
          const first = instruction.args[0];
          const last = instruction.args.at(-1);
          if (first === undefined || last === undefined || shellAt(project, dockerfile, stage, instruction) !== null) continue;
          const example = execForm(instruction);
          reports.push({
            messageId: example === null ? 'shellFormComplex' : 'shellForm',
            data: example === null ? { instruction: instruction.keyword } : { instruction: instruction.keyword, example },
            location: { file: dockerfile.source.path, range: { start: first.range.start, end: last.range.end } },
          });
        }
      }
    }
    return reports;
  },
});
