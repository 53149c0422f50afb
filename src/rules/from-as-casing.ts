import { defineRule, type Report } from '../engine/rule.js';
import { writtenKeyword } from '../vocabulary/written.js';

export default defineRule({
  id: 'from-as-casing',
  description: "The AS of FROM … AS name is written in the case of its FROM ('FROM … AS', 'from … as')",
  kind: 'general',
  equivalents: { buildkit: ['FromAsCasing'] },
  documents: ['dockerfile'],
  defaultSeverity: 'warning',
  fixable: true,
  messages: {
    mismatch: {
      message: "'{{as}}' is not written in the case of its '{{from}}'.",
      help: 'Write `{{from}} … {{expected}} <name>`.',
    },
  },
  check(project) {
    const reports: Report[] = [];
    for (const dockerfile of project.dockerfiles) {
      const { source } = dockerfile;
      for (const { from } of dockerfile.stages) {
        const as = from.stageNameRange === null ? undefined : from.args[1];
        if (as === undefined) continue;
        const keyword = writtenKeyword(dockerfile, from);
        // A mixed-case `From` is instruction-casing's finding; there is no case to match.
        const lower = keyword === keyword.toLowerCase();
        if (!lower && keyword !== keyword.toUpperCase()) continue;
        const expected = lower ? as.value.toLowerCase() : as.value.toUpperCase();
        if (as.value === expected) continue;
        reports.push({
          messageId: 'mismatch',
          data: { as: as.value, from: keyword, expected },
          location: { file: source.path, range: as.range },
          fix: { kind: 'edit', file: source.path, edits: [{ start: source.offsetAt(as.range.start), end: source.offsetAt(as.range.end), text: expected }] },
        });
      }
    }
    return reports;
  },
});
