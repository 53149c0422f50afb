import { defineRule, type Report } from '../engine/rule.js';
import { projectRuns } from '../vocabulary/runs.js';

export default defineRule({
  id: 'no-cd-in-run',
  description: 'A RUN does not change directory with `cd`; WORKDIR sets the directory the following instructions use',
  kind: 'general',
  equivalents: { hadolint: ['DL3003'] },
  documents: ['dockerfile'],
  defaultSeverity: 'warning',
  messages: {
    cdInRun: {
      message: '`cd {{dir}}` in a RUN: the directory holds for this RUN only, and hides where later steps run.',
      help: 'Set it with `WORKDIR {{dir}}` before the RUN, or give the tool its directory (`make -C`, `git -C`, `npm --prefix`).',
    },
  },
  check(project) {
    const reports: Report[] = [];
    for (const { dockerfile, script } of projectRuns(project)) {
      // One finding per RUN: `cd /tmp && … && cd /` is one habit, not two.
      const cd = script.commands.find((command) => command.program === 'cd' && command.inFunction === null);
      if (cd === undefined) continue;
      const dir = cd.args.find((arg) => !arg.raw.startsWith('-'));
      reports.push({
        messageId: 'cdInRun',
        data: { dir: dir?.raw ?? '~' },
        location: { file: dockerfile.source.path, range: cd.range },
      });
    }
    return reports;
  },
});
