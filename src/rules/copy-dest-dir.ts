import { isInstruction } from '../project/model.js';
import { defineRule, type Report } from '../engine/rule.js';
import { hasWildcard } from '../vocabulary/copy-wildcards.js';

/** `.`, `..`, `app/.`: a directory, written without the trailing `/` the classic builder wants. */
const DOT_DIRECTORY = /(?:^|[\\/])\.\.?$/;

export default defineRule({
  id: 'copy-dest-dir',
  description: 'COPY and ADD with several sources (or a wildcard into `.`) end the destination with /',
  kind: 'general',
  equivalents: { hadolint: ['DL3021'] },
  documents: ['dockerfile'],
  defaultSeverity: 'warning',
  fixable: true,
  messages: {
    severalSources: {
      message: '{{instruction}} copies {{count}} sources to \'{{destination}}\', which does not end with /.',
      help: 'Write \'{{destination}}/\': the classic builder refuses several sources into a path without /, and BuildKit creates a directory.',
    },
    wildcard: {
      message: '{{instruction}} copies the wildcard \'{{source}}\' to \'{{destination}}\', which does not end with /.',
      help: 'Write \'{{destination}}/\': when the wildcard matches several files, the classic builder fails.',
    },
  },
  check(project) {
    const reports: Report[] = [];
    for (const dockerfile of project.dockerfiles) {
      const { source: text } = dockerfile;
      for (const instruction of dockerfile.instructions) {
        if (!isInstruction(instruction, 'COPY', 'ADD') || instruction.destination === null) continue;
        const { destination } = instruction;
        const written = destination.value;
        if (written === '' || /[\\/]$/.test(written)) continue;
        const count = instruction.sources.length + instruction.heredocs.length;
        const wildcard = instruction.sources.find((source) => source.value.split('/').some(hasWildcard));
        // The `/` goes after the last character of the path, inside its closing quote if it has one.
        const at = text.offsetAt(destination.range.end) - (/^["'].*["']$/s.test(destination.raw) ? 1 : 0);
        const fix = { kind: 'edit' as const, file: text.path, edits: [{ start: at, end: at, text: '/' }] };
        const location = { file: text.path, range: destination.range };
        if (count > 1) {
          reports.push({ messageId: 'severalSources', data: { instruction: instruction.keyword, count, destination: written }, location, fix });
        } else if (wildcard !== undefined && DOT_DIRECTORY.test(written)) {
          reports.push({ messageId: 'wildcard', data: { instruction: instruction.keyword, source: wildcard.value, destination: written }, location, fix });
        }
      }
    }
    return reports;
  },
});
