import { defineRule, type Report } from '../engine/rule.js';
import { writtenKeyword } from '../vocabulary/written.js';

export default defineRule({
  id: 'instruction-casing',
  description: 'Instruction keywords are all upper case or all lower case, as most of the file writes them',
  kind: 'general',
  equivalents: { buildkit: ['ConsistentInstructionCasing'] },
  documents: ['dockerfile'],
  defaultSeverity: 'warning',
  fixable: true,
  messages: {
    inconsistent: {
      message: "'{{keyword}}' is not written in {{casing}}, as most instructions of this file are.",
      help: 'Write `{{expected}}`.',
    },
  },
  check(project) {
    const reports: Report[] = [];
    for (const dockerfile of project.dockerfiles) {
      const { source } = dockerfile;
      const written = dockerfile.instructions.map((instruction) => ({ instruction, keyword: writtenKeyword(dockerfile, instruction) }));
      const lowerCount = written.filter(({ keyword }) => keyword === keyword.toLowerCase()).length;
      const upperCount = written.filter(({ keyword }) => keyword === keyword.toUpperCase()).length;
      // As BuildKit: a tie goes to upper case, the documented style.
      const lower = lowerCount > upperCount;
      for (const { instruction, keyword } of written) {
        const expected = lower ? keyword.toLowerCase() : keyword.toUpperCase();
        if (keyword === expected) continue;
        reports.push({
          messageId: 'inconsistent',
          data: { keyword, casing: lower ? 'lower case' : 'upper case', expected },
          location: { file: source.path, range: instruction.keywordRange },
          fix: {
            kind: 'edit',
            file: source.path,
            edits: [{ start: source.offsetAt(instruction.keywordRange.start), end: source.offsetAt(instruction.keywordRange.end), text: expected }],
          },
        });
      }
    }
    return reports;
  },
});
