import { defineRule, type Report } from '../engine/rule.js';
import { packageCommand } from '../vocabulary/commands.js';
import { insertAfterWord, projectRuns } from '../vocabulary/runs.js';

const APT = new Set(['apt-get', 'apt']);

export default defineRule({
  id: 'apt-no-install-recommends',
  description: 'apt-get install runs with --no-install-recommends, so that only the named packages and their dependencies are installed',
  kind: 'general',
  equivalents: { hadolint: ['DL3015'] },
  documents: ['dockerfile'],
  defaultSeverity: 'warning',
  fixable: true,
  messages: {
    installsRecommends: {
      message: '`{{manager}} install` without `--no-install-recommends` also installs every recommended package.',
      help: 'Add `--no-install-recommends`, and name the few recommended packages the image really needs.',
    },
  },
  check(project) {
    const reports: Report[] = [];
    for (const { dockerfile, script } of projectRuns(project)) {
      for (const command of script.commands) {
        const install = packageCommand(command);
        if (install === null || !APT.has(install.manager) || install.subcommand?.value !== 'install') continue;
        const { flags } = install.args;
        const option = flags.get('o') ?? flags.get('option');
        const optedOut =
          flags.has('no-install-recommends') ||
          flags.get('install-recommends') === 'no' ||
          (typeof option === 'string' && /^APT::Install-Recommends=(?:false|no|0)$/i.test(option));
        if (optedOut) continue;
        const fix = insertAfterWord(dockerfile, install.subcommand, ' --no-install-recommends');
        reports.push({
          messageId: 'installsRecommends',
          data: { manager: install.manager },
          location: { file: dockerfile.source.path, range: command.range },
          ...(fix === undefined ? {} : { fix }),
        });
      }
    }
    return reports;
  },
});
