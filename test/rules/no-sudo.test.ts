import rule from '../../src/rules/no-sudo.js';
import { ruleTests } from '../helpers/rule-tester.js';

ruleTests(rule, {
  valid: [
    { name: 'USER root for the RUN that needs it, then back', fixture: 'fixtures/no-sudo/user-switch' },
    {
      name: 'sudo as a word, in a heredoc written to a file, or in CMD',
      files: {
        Dockerfile: `FROM debian:bookworm-slim
RUN echo "sudo is not installed" && grep -q sudo /etc/group || true
RUN cat > /etc/motd <<'EOF'
Run sudo apt-get update to refresh the lists.
EOF
CMD ["sudo", "-u", "app", "/srv/start"]
`,
      },
    },
  ],
  invalid: [
    {
      name: 'sudo as root and as a user; once per RUN through sh -c',
      fixture: 'fixtures/no-sudo/sudo-in-run',
      errors: [
        { messageId: 'sudoAsRoot', data: { user: 'root' }, file: 'Dockerfile', line: 2, column: 5 },
        { messageId: 'sudoAsUser', data: { user: 'worker' }, file: 'Dockerfile', line: 7, column: 17 },
      ],
    },
    {
      name: 'sudo in a heredoc script, with options, and in exec form; the user of a parent stage',
      files: {
        Dockerfile: `FROM debian:bookworm-slim AS base
USER 1000:1000
FROM base AS tools
RUN <<EOF
sudo -E apt-get install -y make
EOF
RUN ["sudo", "make", "install"]
`,
      },
      errors: [
        { messageId: 'sudoAsUser', data: { user: '1000' }, file: 'Dockerfile', line: 5, column: 1 },
        { messageId: 'sudoAsUser', data: { user: '1000' }, file: 'Dockerfile', line: 7, column: 6 },
      ],
    },
  ],
});
