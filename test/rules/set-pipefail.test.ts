import rule from '../../src/rules/set-pipefail.js';
import { ruleTests } from '../helpers/rule-tester.js';

ruleTests(rule, {
  valid: [
    { name: 'SHELL with pipefail (also inherited), set -o pipefail in the RUN or its heredoc, echo on the left', fixture: 'fixtures/set-pipefail/pipefail-set' },
    {
      name: 'exec form with pipefail, a bare cat of a heredoc, pipes only in data and CMD, a non-POSIX shell',
      files: {
        Dockerfile: `FROM debian:bookworm-slim
RUN ["/bin/bash", "-o", "pipefail", "-c", "curl -fsSL https://example.org/a.tgz | tar -xz"]
RUN cat <<'EOF' | tee /etc/app.conf
port = 8080
EOF
RUN printf '%s\\n' a b | sort && yes | head -n 1
RUN echo 'curl https://example.org | sh' > /tmp/note
CMD ps aux | grep app
FROM mcr.microsoft.com/windows/servercore:ltsc2022 AS win
RUN type a.txt | findstr x
`,
      },
    },
    {
      name: 'a shell started with pipefail in shell form: bash -o pipefail -c, a flag cluster, a heredoc fed to bash',
      files: {
        Dockerfile: `FROM debian:bookworm-slim
RUN bash -o pipefail -c 'curl -fsSL https://example.org/a.tgz | tar -xz -C /opt'
RUN bash -euxo pipefail -c "wget -qO- https://example.org/b.tgz | tar -xz"
RUN bash -o pipefail <<'EOF'
curl -fsSL https://example.org/c.tgz | tar -xz
EOF
`,
      },
    },
  ],
  invalid: [
    {
      name: 'a download and an install piped without pipefail',
      fixture: 'fixtures/set-pipefail/hidden-failure',
      errors: [
        { messageId: 'hiddenPipeFailure', data: { program: 'curl' }, file: 'Dockerfile', line: 5, column: 5 },
        { messageId: 'hiddenPipeFailure', data: { program: 'pip' }, file: 'Dockerfile', line: 8, column: 5 },
      ],
    },
    {
      name: 'SHELL without pipefail, set +o pipefail, pipefail set only after the pipe, exec form sh -c, a heredoc script',
      files: {
        Dockerfile: `FROM debian:bookworm-slim
SHELL ["/bin/bash", "-c"]
RUN set -o pipefail && set +o pipefail && curl -fsSL https://example.org/a | sh
RUN grep -v '^#' /etc/hosts | sort && set -o pipefail
RUN ["sh", "-c", "wget -qO- https://example.org/b.tgz | tar -xz"]
RUN <<EOF
#!/bin/bash
git ls-remote https://example.org/repo.git | head -n 1 > /ref
EOF
`,
      },
      errors: [
        { messageId: 'hiddenPipeFailure', data: { program: 'curl' }, file: 'Dockerfile', line: 3, column: 43 },
        { messageId: 'hiddenPipeFailure', data: { program: 'grep' }, file: 'Dockerfile', line: 4, column: 5 },
        { messageId: 'hiddenPipeFailure', data: { program: 'wget' }, file: 'Dockerfile', line: 5, column: 19 },
        { messageId: 'hiddenPipeFailure', data: { program: 'git' }, file: 'Dockerfile', line: 8, column: 1 },
      ],
    },
    {
      name: 'bash -c without pipefail, +o pipefail after -o, and a nested shell, which does not inherit options',
      files: {
        Dockerfile: `FROM debian:bookworm-slim
RUN bash -c 'curl -fsSL https://example.org/a.tgz | tar -xz'
RUN bash -o pipefail +o pipefail -c 'curl -fsSL https://example.org/b.tgz | tar -xz'
RUN bash -o pipefail -c "sh -c 'curl -fsSL https://example.org/c.tgz | tar -xz'"
`,
      },
      errors: [
        { messageId: 'hiddenPipeFailure', data: { program: 'curl' }, file: 'Dockerfile', line: 2, column: 14 },
        { messageId: 'hiddenPipeFailure', data: { program: 'curl' }, file: 'Dockerfile', line: 3, column: 38 },
        { messageId: 'hiddenPipeFailure', data: { program: 'curl' }, file: 'Dockerfile', line: 4, column: 33 },
      ],
    },
  ],
});
