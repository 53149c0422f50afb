import { defineRule, type Report } from '../engine/rule.js';
import type { KeyValue } from '../project/model.js';
import { variableReferences } from '../vocabulary/variables.js';
import { partRange, writtenValue } from '../vocabulary/written.js';

export default defineRule({
  id: 'env-reference-same-instruction',
  description: 'An ENV value does not use a variable that an earlier pair of the same ENV sets',
  kind: 'general',
  equivalents: { hadolint: ['DL3044'] },
  documents: ['dockerfile'],
  defaultSeverity: 'warning',
  messages: {
    sameInstruction: {
      message: '${{name}} here is its value from before this ENV, not the one this same ENV sets.',
      help: 'Docker expands all of an ENV\'s values before it sets any: set {{name}} in an ENV of its own above this one.',
    },
  },
  check(project) {
    const reports: Report[] = [];
    for (const dockerfile of project.dockerfiles) {
      for (const instruction of dockerfile.instructions) {
        if (instruction.keyword !== 'ENV') continue;
        const setBefore = new Map<string, KeyValue>();
        for (const pair of instruction.properties) {
          const value = writtenValue(dockerfile, pair);
          for (const reference of variableReferences(value.text)) {
            const setter = setBefore.get(reference.name);
            if (setter === undefined) continue;
            reports.push({
              messageId: 'sameInstruction',
              data: { name: reference.name },
              location: { file: dockerfile.source.path, range: partRange(value, reference.start, reference.end) },
              related: [{ location: { file: dockerfile.source.path, range: setter.range }, message: `${reference.name} is set here, in the same ENV` }],
            });
          }
          setBefore.set(pair.name, pair);
        }
      }
    }
    return reports;
  },
});
