import type { Range } from '../source.js';
import { defineRule, type Report } from '../engine/rule.js';
import { closest } from '../text.js';
import { PLATFORM_ARGS, variableReferences } from '../vocabulary/variables.js';

export default defineRule({
  id: 'undefined-arg-in-from',
  description: 'Every variable in a FROM line is a global ARG (declared before the first FROM) or one BuildKit predefines',
  kind: 'general',
  equivalents: { buildkit: ['UndefinedArgInFrom'] },
  documents: ['dockerfile'],
  defaultSeverity: 'warning',
  messages: {
    undeclared: {
      message: 'FROM uses ${{name}}, which no ARG before the first FROM declares{{suggestion}}.',
      help: 'Declare it at the top of the file (`ARG {{name}}=<default>`); an ARG inside a stage is not visible to FROM.',
    },
  },
  check(project) {
    const reports: Report[] = [];
    for (const dockerfile of project.dockerfiles) {
      const declared = new Set([...dockerfile.globalArgs.map((arg) => arg.name), ...PLATFORM_ARGS]);
      for (const { from } of dockerfile.stages) {
        const platform = from.flags.find((flag) => flag.name === 'platform');
        const words: { text: string; range: Range }[] = [
          ...(from.args[0] === undefined ? [] : [{ text: from.args[0].raw, range: from.args[0].range }]),
          ...(platform?.value == null ? [] : [{ text: platform.value, range: platform.range }]),
        ];
        const seen = new Set<string>();
        for (const word of words) {
          for (const { name } of variableReferences(word.text)) {
            if (declared.has(name) || seen.has(name)) continue;
            seen.add(name);
            const suggestion = closest(name, declared);
            reports.push({
              messageId: 'undeclared',
              data: { name, suggestion: suggestion === null ? '' : ` (did you mean ${suggestion}?)` },
              location: { file: dockerfile.source.path, range: word.range },
            });
          }
        }
      }
    }
    return reports;
  },
});
