import { defineRule, type Report } from '../engine/rule.js';
import { listingAtMost } from '../text.js';
import { dependencyInstall, installArguments, type DependencyInstall } from '../vocabulary/commands.js';
import { projectRuns } from '../vocabulary/runs.js';
import { environmentAt } from '../vocabulary/stages.js';

/**
 * yum and dnf take `name-version[-release[.arch]]` (`httpd-2.4.62`, `curl-8.6.0-1.el9.x86_64`, an epoch
 * `0:` too): a dotted version after the last dash but one. Not any dash, as hadolint takes it:
 * `python3-devel`, `java-17-openjdk` and `gcc-toolset-13` are names. A group (`@development`) has no version.
 */
const RPM_PIN = {
  pinned: (name: string) => /-(?:\d+:)?\d[^-]*\.[^-]*(?:-[^-]+)?$/.test(name) || name.startsWith('@'),
  example: '`httpd-2.4.62`',
};

/** Per package manager: is a package argument pinned, and how to pin one (for the message). */
const PINS = new Map<string, { pinned: (name: string) => boolean; example: string }>([
  ['apt-get', { pinned: (name) => name.includes('='), example: '`curl=7.88.1-10+deb12u8`' }],
  ['apt', { pinned: (name) => name.includes('='), example: '`curl=7.88.1-10+deb12u8`' }],
  ['apk', { pinned: (name) => /[=~<>]/.test(name), example: '`curl=8.9.1-r2` or `curl~8.9`' }],
  ['pip', { pinned: (name) => /[=<>~!@]/.test(name), example: '`flask==3.0.3`, or a constraints file (`-c`, PIP_CONSTRAINT)' }],
  ['npm', { pinned: (name) => name.lastIndexOf('@') > 0, example: '`typescript@5.6.3`' }],
  ['gem', { pinned: (name) => name.includes(':'), example: '`rails:7.2.1` or `-v 7.2.1`' }],
  ['yum', RPM_PIN],
  ['dnf', RPM_PIN],
  ['microdnf', RPM_PIN],
  ['zypper', { pinned: (name) => /[=<>]/.test(name), example: '`curl=8.6.0` or `curl>=8.6`' }],
]);

/** Installs whose versions are fixed elsewhere: apt's target release, pip's constraints, gem's `-v`. */
function pinnedByOptions(install: DependencyInstall, environment: ReadonlyMap<string, string | null>): boolean {
  const { flags } = installArguments(install);
  switch (install.manager) {
    case 'apt-get':
    case 'apt':
      return flags.has('t') || flags.has('target-release');
    case 'pip':
      return flags.has('c') || flags.has('constraint') || (environment.get('PIP_CONSTRAINT') ?? '') !== '';
    case 'gem':
      return flags.has('v') || flags.has('version');
    default:
      return false;
  }
}

export default defineRule({
  id: 'package-version-pinned',
  description: 'apt, apk, yum, dnf, zypper, pip, npm and gem installs name a version for each package they install by name',
  kind: 'general',
  equivalents: { hadolint: ['DL3008', 'DL3013', 'DL3016', 'DL3018', 'DL3028', 'DL3033', 'DL3037', 'DL3041'] },
  documents: ['dockerfile'],
  defaultSeverity: 'off',
  strict: { severity: 'warning' },
  messages: {
    unpinned: {
      message: '`{{manager}}` installs {{packages}} without a version. Each build takes what is newest that day.',
      help: 'Pin each package ({{example}}), or install from a lock file.',
    },
  },
  check(project) {
    const reports: Report[] = [];
    for (const { dockerfile, stage, instruction, script } of projectRuns(project)) {
      let environment: Map<string, string | null> | null = null;
      for (const command of script.commands) {
        const install = dependencyInstall(command, script);
        const pins = install === null ? undefined : PINS.get(install.manager);
        if (install === null || pins === undefined) continue;
        const unpinned = install.packages.filter((name) => !name.startsWith('-') && !pins.pinned(name));
        if (unpinned.length === 0) continue;
        environment ??= environmentAt(project, dockerfile, stage, instruction);
        if (pinnedByOptions(install, environment)) continue;
        reports.push({
          messageId: 'unpinned',
          data: { manager: install.manager, packages: listingAtMost(unpinned.map((name) => `'${name}'`), 2), example: pins.example },
          location: { file: dockerfile.source.path, range: command.range },
        });
      }
    }
    return reports;
  },
});
