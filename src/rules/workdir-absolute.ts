import type { Instruction } from '../project/model.js';
import { defineRule, type Report } from '../engine/rule.js';
import { shorten } from '../text.js';
import { stageChain } from '../vocabulary/stages.js';

/** The path of a WORKDIR as written (it takes the rest of the line as one path). */
const pathOf = (instruction: Instruction): string => instruction.args.map((arg) => arg.value).join(' ');

/** `/app`, `C:\app` or `C:/app`; a path that starts with a variable is unknown, so it passes. */
const isAbsoluteOrUnknown = (path: string): boolean => /^(?:\/|\$|[A-Za-z]:[\\/]|\\)/.test(path);

export default defineRule({
  id: 'workdir-absolute',
  description: 'The first WORKDIR of a stage is an absolute path, unless a stage it builds on set one',
  kind: 'general',
  equivalents: { hadolint: ['DL3000'], buildkit: ['WorkdirRelativePath'] },
  documents: ['dockerfile'],
  defaultSeverity: 'warning',
  messages: {
    relative: {
      message: 'Relative WORKDIR \'{{path}}\' depends on the working directory of the base image.',
      help: 'Write the absolute path (WORKDIR /{{path}}, or wherever it is meant to be): base images change their WORKDIR between versions.',
    },
  },
  check(project) {
    const reports: Report[] = [];
    for (const dockerfile of project.dockerfiles) {
      for (const stage of dockerfile.stages) {
        // A stage of this repository it builds on that set an absolute WORKDIR makes a relative one well defined.
        const inherited = stageChain(project, dockerfile, stage).flatMap((link) => link.stage?.instructions ?? []);
        const set = inherited.some((instruction) => instruction.keyword === 'WORKDIR' && isAbsoluteOrUnknown(pathOf(instruction)));
        const first = stage.instructions.find((instruction) => instruction.keyword === 'WORKDIR');
        if (set || first === undefined) continue;
        const path = pathOf(first);
        const start = first.args[0];
        const end = first.args.at(-1);
        if (path === '' || isAbsoluteOrUnknown(path) || start === undefined || end === undefined) continue;
        reports.push({
          messageId: 'relative',
          data: { path: shorten(path.replace(/^\.\//, ''), 60) },
          location: { file: dockerfile.source.path, range: { start: start.range.start, end: end.range.end } },
        });
      }
    }
    return reports;
  },
});
