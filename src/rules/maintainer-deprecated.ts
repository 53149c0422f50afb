import { defineRule, type Report } from '../engine/rule.js';
import { writtenText } from '../vocabulary/written.js';

export default defineRule({
  id: 'maintainer-deprecated',
  description: 'No MAINTAINER instruction: the image author is the org.opencontainers.image.authors label',
  kind: 'general',
  equivalents: { hadolint: ['DL4000'], buildkit: ['MaintainerDeprecated'] },
  documents: ['dockerfile'],
  defaultSeverity: 'warning',
  messages: {
    maintainer: {
      message: 'MAINTAINER is deprecated: Docker keeps it only for old Dockerfiles.',
      help: 'Write `LABEL org.opencontainers.image.authors="{{author}}"` instead.',
    },
  },
  check(project) {
    const reports: Report[] = [];
    for (const dockerfile of project.dockerfiles) {
      for (const instruction of dockerfile.instructions) {
        if (instruction.keyword !== 'MAINTAINER') continue;
        const first = instruction.args[0];
        const last = instruction.args.at(-1);
        const author = first === undefined || last === undefined ? '…' : writtenText(dockerfile, { start: first.range.start, end: last.range.end });
        reports.push({
          messageId: 'maintainer',
          data: { author: author.replace(/"/g, '\\"') },
          location: { file: dockerfile.source.path, range: instruction.keywordRange },
        });
      }
    }
    return reports;
  },
});
