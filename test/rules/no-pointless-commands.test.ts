import rule from '../../src/rules/no-pointless-commands.js';
import { ruleTests } from '../helpers/rule-tester.js';

ruleTests(rule, {
  valid: [
    { name: 'ssh with the SSH agent mounted; system commands in CMD', fixture: 'fixtures/no-pointless-commands/build-steps' },
    {
      name: 'names as arguments, packages and data; programs with similar names',
      files: {
        Dockerfile: `FROM debian:bookworm-slim
RUN apt-get install -y --no-install-recommends vim procps && echo "kill -HUP 1 to reload"
RUN ssh-keygen -A && pkill -0 init || true
RUN cat > /usr/local/bin/stop <<'EOF'
kill -TERM 1
EOF
`,
      },
    },
  ],
  invalid: [
    {
      name: 'A service started for one RUN, and memory and process listings',
      fixture: 'fixtures/no-pointless-commands/system-commands',
      errors: [
        { messageId: 'pointlessCommand', data: { program: 'service', reason: 'A service started here is killed when the RUN ends' }, file: 'Dockerfile', line: 5, column: 5 },
        { messageId: 'pointlessCommand', data: { program: 'free', reason: 'It shows the memory of a build step, which the image does not keep' }, file: 'Dockerfile', line: 8, column: 66 },
        { messageId: 'pointlessCommand', data: { program: 'ps', reason: 'It lists the processes of a build step, which the image does not keep' }, file: 'Dockerfile', line: 8, column: 77 },
      ],
    },
    {
      name: 'every listed command, in heredoc scripts, exec form and behind sudo',
      files: {
        Dockerfile: `FROM debian:bookworm-slim
RUN <<EOF
vim -c ':wq' /etc/hosts
shutdown -h now
EOF
RUN ["mount", "-t", "tmpfs", "none", "/mnt"]
RUN sudo systemctl enable nginx && ssh deploy@host true && top -bn1 && kill 1 && ifconfig
`,
      },
      errors: [
        { messageId: 'pointlessCommand', data: { program: 'vim', reason: 'An editor waits for a person, and a build has none' }, file: 'Dockerfile', line: 3, column: 1 },
        { messageId: 'pointlessCommand', data: { program: 'shutdown', reason: 'A build container has no system to shut down' }, file: 'Dockerfile', line: 4, column: 1 },
        { messageId: 'pointlessCommand', data: { program: 'mount', reason: 'A build runs without the privileges mount needs; `RUN --mount` mounts for one RUN' }, file: 'Dockerfile', line: 6, column: 6 },
        { messageId: 'pointlessCommand', data: { program: 'systemctl', reason: 'A build container runs no systemd' }, file: 'Dockerfile', line: 7, column: 5 },
        { messageId: 'pointlessCommand', data: { program: 'ssh', reason: 'A build has no SSH session to open; `RUN --mount=type=ssh` lends the agent to git' }, file: 'Dockerfile', line: 7, column: 36 },
        { messageId: 'pointlessCommand', data: { program: 'top', reason: 'It shows the processes of a build step, which the image does not keep' }, file: 'Dockerfile', line: 7, column: 60 },
        { messageId: 'pointlessCommand', data: { program: 'kill', reason: 'The processes of earlier RUNs are gone already' }, file: 'Dockerfile', line: 7, column: 72 },
        { messageId: 'pointlessCommand', data: { program: 'ifconfig', reason: 'It shows the network of a build step, which the image does not keep' }, file: 'Dockerfile', line: 7, column: 82 },
      ],
    },
  ],
});
