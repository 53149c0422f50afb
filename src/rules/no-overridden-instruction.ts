import { defineRule, type Report } from '../engine/rule.js';
import type { Instruction } from '../project/model.js';

/** Instructions of which an image keeps only the last one a stage sets. */
const SINGLE = new Set(['CMD', 'ENTRYPOINT', 'HEALTHCHECK']);

export default defineRule({
  id: 'no-overridden-instruction',
  description: 'A stage sets CMD, ENTRYPOINT and HEALTHCHECK at most once each: only the last one counts',
  kind: 'general',
  equivalents: { hadolint: ['DL4003', 'DL4004', 'DL3012'], buildkit: ['MultipleInstructionsDisallowed'] },
  documents: ['dockerfile'],
  defaultSeverity: 'warning',
  messages: {
    overridden: {
      message: 'This {{instruction}} has no effect: the {{instruction}} on line {{line}} of the same stage replaces it.',
      help: 'Delete it and keep one {{instruction}} per stage; the image gets only the last one.',
    },
  },
  check(project) {
    const reports: Report[] = [];
    for (const dockerfile of project.dockerfiles) {
      const file = dockerfile.source.path;
      for (const stage of dockerfile.stages) {
        const last = new Map<string, Instruction>();
        for (const instruction of [...stage.instructions].reverse()) {
          if (!SINGLE.has(instruction.keyword)) continue;
          const later = last.get(instruction.keyword);
          last.set(instruction.keyword, later ?? instruction);
          if (later === undefined) continue;
          reports.push({
            messageId: 'overridden',
            data: { instruction: instruction.keyword, line: later.range.start.line },
            location: { file, range: instruction.keywordRange },
            related: [{ location: { file, range: later.keywordRange }, message: `the ${instruction.keyword} that counts` }],
          });
        }
      }
    }
    return reports;
  },
});
