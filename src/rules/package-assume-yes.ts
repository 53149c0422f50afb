import type { ShellScript } from '../project/model.js';
import { defineRule, type Report } from '../engine/rule.js';
import { packageCommand, type PackageCommand } from '../vocabulary/commands.js';
import { insertAfterWord, projectRuns } from '../vocabulary/runs.js';

/** Per package manager: the sub-commands that ask before changing packages, and the flags that answer yes. */
interface Prompting {
  subcommands: readonly string[];
  yes: readonly string[];
}

const APT: Prompting = {
  subcommands: ['install', 'reinstall', 'remove', 'purge', 'autoremove', 'upgrade', 'dist-upgrade', 'full-upgrade', 'build-dep'],
  yes: ['y', 'yes', 'assume-yes'],
};
const YUM: Prompting = {
  subcommands: ['install', 'reinstall', 'remove', 'erase', 'update', 'upgrade', 'downgrade', 'groupinstall', 'localinstall', 'autoremove', 'distro-sync'],
  yes: ['y', 'assumeyes'],
};

// apk and microdnf never ask.
const PROMPTING = new Map<string, Prompting>([
  ['apt-get', APT],
  ['apt', APT],
  ['aptitude', APT],
  ['yum', YUM],
  ['dnf', YUM],
  ['zypper', { subcommands: ['install', 'in', 'remove', 'rm', 'update', 'up', 'patch', 'dist-upgrade', 'dup', 'source-install', 'si'], yes: ['y', 'no-confirm', 'n', 'non-interactive'] }],
]);

/** apt's other ways to say yes: quiet level 2 (`-qq`, `-q=2`, `--quiet=2`: implies -y), `-o APT::Get::Assume-Yes=true`. */
function aptAssumesYes(install: PackageCommand): boolean {
  const { flags } = install.args;
  if (flags.get('quiet') === '2') return true;
  // parseArgs reads `-q=2` as a cluster of single-letter flags, so the option words are read here.
  const quiet = install.command.args.some((arg) => arg.value !== null && /^-(?:[a-z]*q[a-z]*q|q=2$)/.test(arg.value));
  const option = flags.get('o') ?? flags.get('option');
  return quiet || (typeof option === 'string' && /^APT::Get::Assume-Yes=(?:true|yes|1)$/i.test(option));
}

/** `yes | apt-get install …`: the pipe answers. */
function answeredByPipe(install: PackageCommand, script: ShellScript): boolean {
  const position = install.command.pipeline;
  if (position === null || position.index === 0) return false;
  const feeder = script.commands.find((other) => other.pipeline?.id === position.id && other.pipeline.index === position.index - 1);
  return feeder?.program === 'yes';
}

export default defineRule({
  id: 'package-assume-yes',
  description: 'apt-get, yum, dnf and zypper commands that change packages answer their prompt (-y), as a build cannot',
  kind: 'general',
  equivalents: { hadolint: ['DL3014', 'DL3030', 'DL3034', 'DL3038'] },
  documents: ['dockerfile'],
  defaultSeverity: 'error',
  fixable: true,
  messages: {
    missingYes: {
      message: '`{{manager}} {{subcommand}}` without `-y` stops at its confirmation prompt, and the build fails.',
      help: 'Add `-y` (`{{manager}} {{subcommand}} -y …`).',
    },
  },
  check(project) {
    const reports: Report[] = [];
    for (const { dockerfile, script } of projectRuns(project)) {
      for (const command of script.commands) {
        const install = packageCommand(command);
        const prompting = install === null ? undefined : PROMPTING.get(install.manager);
        const subcommand = install?.subcommand?.value;
        if (install === null || prompting === undefined || subcommand == null || install.subcommand === null) continue;
        if (!prompting.subcommands.includes(subcommand)) continue;
        if (prompting.yes.some((flag) => install.args.flags.has(flag))) continue;
        if ((prompting === APT && aptAssumesYes(install)) || answeredByPipe(install, script)) continue;
        const fix = insertAfterWord(dockerfile, install.subcommand, ' -y');
        reports.push({
          messageId: 'missingYes',
          data: { manager: install.manager, subcommand },
          location: { file: dockerfile.source.path, range: command.range },
          ...(fix === undefined ? {} : { fix }),
        });
      }
    }
    return reports;
  },
});
