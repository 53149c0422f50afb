import rule from '../../src/rules/no-curl-pipe-shell.js';
import { ruleTests } from '../helpers/rule-tester.js';

ruleTests(rule, {
  valid: [
    { name: 'a download checked before it runs; a pipe into tar', fixture: 'fixtures/no-curl-pipe-shell/verified-download' },
    {
      name: 'downloads into files and data tools, a heredoc that is data, CMD',
      files: {
        Dockerfile: `FROM debian:bookworm-slim
RUN curl -fsSL https://example.org/key.asc | gpg --dearmor -o /usr/share/keyrings/example.gpg
RUN wget -qO- https://example.org/list.json | python3 -c 'import json, sys; json.load(sys.stdin)'
RUN cat > /usr/local/bin/update <<'EOF'
curl -fsSL https://example.org/install.sh | sh
EOF
CMD curl -fsSL https://example.org/hook | sh
`,
      },
    },
  ],
  invalid: [
    {
      name: 'curl | sh and sh -c "$(curl …)"',
      fixture: 'fixtures/no-curl-pipe-shell/piped-installer',
      errors: [
        { messageId: 'unverifiedScript', data: { installer: 'curl | sh' }, file: 'Dockerfile', line: 5, column: 5 },
        { messageId: 'unverifiedScript', data: { installer: 'curl | sh' }, file: 'Dockerfile', line: 6, column: 14 },
      ],
    },
    {
      name: 'wget into bash with arguments, curl into python, bash <(curl …), in a heredoc script',
      files: {
        Dockerfile: `FROM debian:bookworm-slim
RUN wget -qO- https://example.org/setup | bash -s -- --yes
RUN curl -sSL https://install.python-poetry.org | python3 -
RUN bash <(curl -fsSL https://example.org/i.sh)
RUN <<EOF
curl -fsSL https://deb.nodesource.com/setup_20.x | bash -
EOF
`,
      },
      errors: [
        { messageId: 'unverifiedScript', data: { installer: 'wget | bash' }, file: 'Dockerfile', line: 2, column: 5 },
        { messageId: 'unverifiedScript', data: { installer: 'curl | python3' }, file: 'Dockerfile', line: 3, column: 5 },
        { messageId: 'unverifiedScript', data: { installer: 'curl | bash' }, file: 'Dockerfile', line: 4, column: 12 },
        { messageId: 'unverifiedScript', data: { installer: 'curl | bash' }, file: 'Dockerfile', line: 6, column: 1 },
      ],
    },
  ],
});
