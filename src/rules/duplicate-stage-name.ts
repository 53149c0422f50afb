import type { Stage } from '../project/model.js';
import { defineRule, type Report } from '../engine/rule.js';

export default defineRule({
  id: 'duplicate-stage-name',
  description: 'Each stage name is used once per Dockerfile (names compare case-insensitively, as in Docker)',
  kind: 'general',
  equivalents: { hadolint: ['DL3024'], buildkit: ['DuplicateStageName'] },
  documents: ['dockerfile'],
  defaultSeverity: 'warning',
  messages: {
    duplicate: {
      message: "A second stage is named '{{name}}'.",
      help: "Give each stage its own name: BuildKit builds the file, but every later FROM, --from and --target '{{name}}' means this stage, and the first can no longer be named.",
    },
  },
  check(project) {
    const reports: Report[] = [];
    for (const dockerfile of project.dockerfiles) {
      const file = dockerfile.source.path;
      const first = new Map<string, Stage>();
      for (const stage of dockerfile.stages) {
        if (stage.name === null) continue;
        const earlier = first.get(stage.name);
        if (earlier === undefined) {
          first.set(stage.name, stage);
          continue;
        }
        reports.push({
          messageId: 'duplicate',
          data: { name: stage.name },
          location: { file, range: stage.from.stageNameRange ?? stage.from.range },
          related: [{ location: { file, range: earlier.from.stageNameRange ?? earlier.from.range }, message: `the first stage named '${stage.name}'` }],
        });
      }
    }
    return reports;
  },
});
