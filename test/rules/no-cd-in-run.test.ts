import rule from '../../src/rules/no-cd-in-run.js';
import { ruleTests } from '../helpers/rule-tester.js';

ruleTests(rule, {
  valid: [
    { name: 'WORKDIR and directory options instead of cd', fixture: 'fixtures/no-cd-in-run/workdir' },
    {
      name: 'cd in a heredoc that is data, in a CMD, or as an argument; a non-POSIX shell is not read',
      files: {
        Dockerfile: `FROM debian:bookworm-slim
RUN cat > /usr/local/bin/start <<'EOF'
cd /srv && exec ./server
EOF
RUN echo cd /srv
CMD cd /srv && exec ./server
FROM mcr.microsoft.com/windows/servercore:ltsc2022 AS win
RUN cd C:\\app && build.cmd
`,
      },
    },
  ],
  invalid: [
    {
      name: 'cd in RUNs, once per RUN',
      fixture: 'fixtures/no-cd-in-run/cd-in-run',
      errors: [
        { messageId: 'cdInRun', data: { dir: '/app' }, file: 'Dockerfile', line: 4, column: 42, endColumn: 49 },
        { messageId: 'cdInRun', data: { dir: '/app' }, file: 'Dockerfile', line: 8, column: 5 },
      ],
    },
    {
      name: 'in a heredoc script, an exec-form sh -c, and behind sudo',
      files: {
        Dockerfile: `FROM debian:bookworm-slim
RUN <<EOF
set -e
cd /opt/tool
./configure
EOF
RUN ["sh", "-c", "cd /src && make"]
RUN sudo cd -P /srv
`,
      },
      errors: [
        { messageId: 'cdInRun', data: { dir: '/opt/tool' }, file: 'Dockerfile', line: 4, column: 1 },
        { messageId: 'cdInRun', data: { dir: '/src' }, file: 'Dockerfile', line: 7, column: 19 },
        { messageId: 'cdInRun', data: { dir: '/srv' }, file: 'Dockerfile', line: 8, column: 5 },
      ],
    },
  ],
});
