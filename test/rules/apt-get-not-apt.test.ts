import rule from '../../src/rules/apt-get-not-apt.js';
import { ruleTests } from '../helpers/rule-tester.js';

ruleTests(rule, {
  valid: [
    { name: 'apt-get and apt-cache', fixture: 'fixtures/apt-get-not-apt/apt-get' },
    {
      name: 'apt as a word, a path or in data; apt-key and aptitude are other programs',
      files: {
        Dockerfile: `FROM debian:bookworm-slim
RUN rm -f /etc/apt/apt.conf.d/docker-clean && echo apt install >> /tmp/log
RUN apt-key list && apt-mark hold libc6
RUN cat > /usr/local/bin/refresh <<'EOF'
apt update
EOF
CMD ["apt", "list", "--installed"]
`,
      },
    },
  ],
  invalid: [
    {
      name: 'apt update and apt install',
      fixture: 'fixtures/apt-get-not-apt/apt',
      errors: [
        { messageId: 'aptInRun', data: { subcommand: 'update', replacement: '`apt-get update`' }, file: 'Dockerfile', line: 2, column: 5 },
        { messageId: 'aptInRun', data: { subcommand: 'install', replacement: '`apt-get install`' }, file: 'Dockerfile', line: 3, column: 8 },
      ],
    },
    {
      name: 'apt search, apt list, /usr/bin/apt, exec form, heredoc script',
      files: {
        Dockerfile: `FROM debian:bookworm-slim
RUN apt search curl && /usr/bin/apt list --installed
RUN ["apt", "full-upgrade", "-y"]
RUN <<EOF
apt-get update
apt show curl
EOF
`,
      },
      errors: [
        { messageId: 'aptInRun', data: { subcommand: 'search', replacement: '`apt-cache search`' }, file: 'Dockerfile', line: 2, column: 5 },
        { messageId: 'aptInRun', data: { subcommand: 'list', replacement: '`dpkg-query -W` (installed packages) or `apt-cache madison NAME`' }, file: 'Dockerfile', line: 2, column: 24 },
        { messageId: 'aptInRun', data: { subcommand: 'full-upgrade', replacement: '`apt-get full-upgrade`' }, file: 'Dockerfile', line: 3, column: 6 },
        { messageId: 'aptInRun', data: { subcommand: 'show', replacement: '`apt-cache show`' }, file: 'Dockerfile', line: 6, column: 1 },
      ],
    },
  ],
});
