import rule from '../../src/rules/no-package-upgrade.js';
import { ruleTests } from '../helpers/rule-tester.js';

ruleTests(rule, {
  valid: [
    { name: 'named packages upgraded on a pinned base', fixture: 'fixtures/no-package-upgrade/fresh-base' },
    {
      name: 'named packages with other managers; language package managers; data',
      files: {
        Dockerfile: `FROM fedora:40
RUN dnf upgrade -y openssl && yum update -y curl && zypper update -y git && apk upgrade --no-cache busybox
RUN pip install --upgrade pip && npm update
RUN echo "apt-get upgrade -y" >> /root/notes
`,
      },
    },
  ],
  invalid: [
    {
      name: 'apt-get upgrade and dist-upgrade',
      fixture: 'fixtures/no-package-upgrade/upgrade-all',
      errors: [
        { messageId: 'upgradesAll', data: { manager: 'apt-get', subcommand: 'upgrade' }, file: 'Dockerfile', line: 3, column: 8 },
        { messageId: 'upgradesAll', data: { manager: 'apt-get', subcommand: 'dist-upgrade' }, file: 'Dockerfile', line: 4, column: 8 },
      ],
    },
    {
      name: 'apk, dnf, yum, zypper (dup even with names), exec form, heredoc script',
      files: {
        Dockerfile: `FROM alpine:3.20
RUN apk upgrade --no-cache && dnf -y upgrade && yum update -y
RUN ["zypper", "--non-interactive", "dup", "kernel-default"]
RUN <<EOF
apt upgrade -y
EOF
`,
      },
      errors: [
        { messageId: 'upgradesAll', data: { manager: 'apk', subcommand: 'upgrade' }, file: 'Dockerfile', line: 2, column: 5 },
        { messageId: 'upgradesAll', data: { manager: 'dnf', subcommand: 'upgrade' }, file: 'Dockerfile', line: 2, column: 31 },
        { messageId: 'upgradesAll', data: { manager: 'yum', subcommand: 'update' }, file: 'Dockerfile', line: 2, column: 49 },
        { messageId: 'upgradesAll', data: { manager: 'zypper', subcommand: 'dup' }, file: 'Dockerfile', line: 3, column: 6 },
        { messageId: 'upgradesAll', data: { manager: 'apt', subcommand: 'upgrade' }, file: 'Dockerfile', line: 5, column: 1 },
      ],
    },
  ],
});
