import { defineRule, type Report } from '../engine/rule.js';

/** Names BuildKit gives a meaning of its own: the empty image, and the build context (`--from=context`). */
const RESERVED: Record<string, string> = {
  scratch: 'the empty image',
  context: 'the build context (`--from=context`)',
};

export default defineRule({
  id: 'reserved-stage-name',
  description: 'No stage is named scratch or context, names BuildKit reserves for the empty image and the build context',
  kind: 'general',
  equivalents: { hadolint: ['DL3063'], buildkit: ['ReservedStageName'] },
  documents: ['dockerfile'],
  defaultSeverity: 'warning',
  messages: {
    reserved: {
      message: "Stage name '{{name}}' is reserved: it already means {{meaning}}.",
      help: "Give the stage a name of its own (e.g. '{{name}}-stage'), so that FROM and --from say which one they mean.",
    },
  },
  check(project) {
    const reports: Report[] = [];
    for (const dockerfile of project.dockerfiles) {
      for (const { from, name } of dockerfile.stages) {
        const meaning = name === null ? undefined : RESERVED[name];
        if (meaning === undefined || name === null) continue;
        reports.push({
          messageId: 'reserved',
          data: { name, meaning },
          location: { file: dockerfile.source.path, range: from.stageNameRange ?? from.range },
        });
      }
    }
    return reports;
  },
});
