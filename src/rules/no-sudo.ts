import { defineRule, type Report } from '../engine/rule.js';
import { projectRuns } from '../vocabulary/runs.js';
import { userAt } from '../vocabulary/stages.js';

export default defineRule({
  id: 'no-sudo',
  description: 'A RUN does not use sudo; USER switches the user for the instructions that need it',
  kind: 'general',
  equivalents: { hadolint: ['DL3004'] },
  documents: ['dockerfile'],
  defaultSeverity: 'warning',
  messages: {
    sudoAsRoot: {
      message: '`sudo` in a RUN that already runs as root: it adds a package and a setuid binary, nothing else.',
      help: 'Drop `sudo`; if the image must not keep sudo, do not install it.',
    },
    sudoAsUser: {
      message: '`sudo` in a RUN as user {{user}}: the image then needs sudo and a sudoers rule for that user.',
      help: 'Put `USER root` before this RUN and `USER {{user}}` after it, and drop `sudo`.',
    },
  },
  check(project) {
    const reports: Report[] = [];
    for (const { dockerfile, stage, instruction, script } of projectRuns(project)) {
      // One finding per RUN: `sudo sh -c "a && b"` is one sudo.
      const command = script.commands.find((candidate) => candidate.program === 'sudo' || candidate.wrappers.includes('sudo'));
      if (command === undefined) continue;
      const user = userAt(project, dockerfile, stage, instruction);
      const asRoot = user === 'root' || user === '0';
      reports.push({
        messageId: asRoot ? 'sudoAsRoot' : 'sudoAsUser',
        data: { user },
        location: { file: dockerfile.source.path, range: command.range },
      });
    }
    return reports;
  },
});
