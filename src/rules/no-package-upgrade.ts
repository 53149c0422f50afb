import { defineRule, type Report } from '../engine/rule.js';
import { packageCommand } from '../vocabulary/commands.js';
import { projectRuns } from '../vocabulary/runs.js';

/** Per package manager: sub-commands that upgrade every installed package when given no package names. */
const UPGRADE_ALL = new Map<string, readonly string[]>([
  ['apt-get', ['upgrade', 'dist-upgrade', 'full-upgrade']],
  ['apt', ['upgrade', 'dist-upgrade', 'full-upgrade']],
  ['aptitude', ['upgrade', 'safe-upgrade', 'full-upgrade']],
  ['apk', ['upgrade']],
  ['yum', ['upgrade', 'update', 'distro-sync']],
  ['dnf', ['upgrade', 'update', 'distro-sync']],
  ['microdnf', ['upgrade', 'update']],
  ['zypper', ['update', 'up', 'dist-upgrade', 'dup', 'patch']],
]);

/** apt's dist-upgrade and zypper's dup replace packages across releases even when names are given. */
const RELEASE_UPGRADES = new Set(['dist-upgrade', 'full-upgrade', 'dup']);

export default defineRule({
  id: 'no-package-upgrade',
  description: 'A RUN does not upgrade all OS packages of its base image; a newer base image tag brings the updates',
  kind: 'general',
  equivalents: { hadolint: ['DL3035'] },
  documents: ['dockerfile'],
  defaultSeverity: 'off',
  strict: { severity: 'warning' },
  messages: {
    upgradesAll: {
      message: '`{{manager}} {{subcommand}}` upgrades whatever the mirror has today: two builds differ.',
      help: 'Rebuild on a newer base image tag (or digest) to get its updates, or upgrade only the packages you name.',
    },
  },
  check(project) {
    const reports: Report[] = [];
    for (const { dockerfile, script } of projectRuns(project)) {
      for (const command of script.commands) {
        const packages = packageCommand(command);
        const subcommand = packages?.subcommand?.value;
        if (packages === null || subcommand == null || !(UPGRADE_ALL.get(packages.manager) ?? []).includes(subcommand)) continue;
        const named = packages.operands.some((word) => word.value?.startsWith('-') !== true);
        if (named && !RELEASE_UPGRADES.has(subcommand)) continue;
        reports.push({
          messageId: 'upgradesAll',
          data: { manager: packages.manager, subcommand },
          location: { file: dockerfile.source.path, range: command.range },
        });
      }
    }
    return reports;
  },
});
