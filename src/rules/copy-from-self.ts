import { defineRule, type Report } from '../engine/rule.js';
import { namedStage, stageLabel, stageReferences } from '../vocabulary/stage-references.js';

export default defineRule({
  id: 'copy-from-self',
  description: 'COPY --from, ADD --from and RUN --mount from= never name the stage they are in',
  kind: 'general',
  equivalents: { hadolint: ['DL3023'] },
  documents: ['dockerfile'],
  defaultSeverity: 'error',
  messages: {
    self: {
      message: '{{via}}={{name}} names its own stage {{stage}}: BuildKit stops on the circular dependency.',
      help: 'Name the stage that produced the files (an earlier stage), or drop --from to copy from the build context.',
    },
  },
  check(project) {
    const reports: Report[] = [];
    for (const dockerfile of project.dockerfiles) {
      for (const stage of dockerfile.stages) {
        for (const reference of stageReferences(dockerfile, stage)) {
          if (namedStage(dockerfile, reference.name) !== stage) continue;
          reports.push({ messageId: 'self', data: { via: reference.via, name: reference.name, stage: stageLabel(stage) }, location: reference.location });
        }
      }
    }
    return reports;
  },
});
