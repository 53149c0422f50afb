import { defineRule, type Report } from '../engine/rule.js';

export default defineRule({
  id: 'stage-name-casing',
  description: 'Stage names are written in lower case',
  kind: 'general',
  equivalents: { buildkit: ['StageNameCasing'] },
  documents: ['dockerfile'],
  defaultSeverity: 'warning',
  fixable: true,
  messages: {
    notLowerCase: {
      message: "Stage name '{{name}}' is not lower case.",
      help: 'Write `AS {{lower}}`: Docker compares stage names case-insensitively, and shows and targets them in lower case.',
    },
  },
  check(project) {
    const reports: Report[] = [];
    for (const dockerfile of project.dockerfiles) {
      const { source } = dockerfile;
      for (const { from } of dockerfile.stages) {
        const word = from.stageNameRange === null ? undefined : from.args[2];
        if (word === undefined || word.value === word.value.toLowerCase()) continue;
        const lower = word.value.toLowerCase();
        reports.push({
          messageId: 'notLowerCase',
          data: { name: word.value, lower },
          location: { file: source.path, range: word.range },
          fix: { kind: 'edit', file: source.path, edits: [{ start: source.offsetAt(word.range.start), end: source.offsetAt(word.range.end), text: lower }] },
        });
      }
    }
    return reports;
  },
});
