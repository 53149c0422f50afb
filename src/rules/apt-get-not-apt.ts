import { defineRule, type Report } from '../engine/rule.js';
import { packageCommand } from '../vocabulary/commands.js';
import { projectRuns } from '../vocabulary/runs.js';

/** apt's sub-commands that are apt-cache's, and `list`; every other one is apt-get's. */
const APT_CACHE = new Set(['search', 'show', 'showsrc', 'policy', 'depends', 'rdepends', 'madison']);

function replacement(subcommand: string): string {
  if (subcommand === 'list') return '`dpkg-query -W` (installed packages) or `apt-cache madison NAME`';
  return `\`${APT_CACHE.has(subcommand) ? 'apt-cache' : 'apt-get'} ${subcommand}\``;
}

export default defineRule({
  id: 'apt-get-not-apt',
  description: 'A RUN uses apt-get (or apt-cache), whose interface is stable for scripts, not apt, which is for people at a terminal',
  kind: 'general',
  equivalents: { hadolint: ['DL3027'] },
  documents: ['dockerfile'],
  defaultSeverity: 'warning',
  messages: {
    aptInRun: {
      message: '`apt {{subcommand}}` in a RUN: apt is made for terminals, and warns that its interface may change.',
      help: 'Use {{replacement}} instead.',
    },
  },
  check(project) {
    const reports: Report[] = [];
    for (const { dockerfile, script } of projectRuns(project)) {
      for (const command of script.commands) {
        const apt = packageCommand(command);
        if (apt?.manager !== 'apt') continue;
        const subcommand = apt.subcommand?.value ?? '…';
        reports.push({
          messageId: 'aptInRun',
          data: { subcommand, replacement: replacement(subcommand) },
          location: { file: dockerfile.source.path, range: command.range },
        });
      }
    }
    return reports;
  },
});
