import rule from '../../src/rules/apt-lists-removed.js';
import { ruleTests } from '../helpers/rule-tester.js';

ruleTests(rule, {
  valid: [
    { name: 'cache mounts on the lists, lists removed in the same RUN, a builder stage', fixture: 'fixtures/apt-lists-removed/cache-mounts' },
    {
      name: 'a tmpfs or lists-only cache mount, apt-get dist-clean, rm of a parent, the update only in data',
      files: {
        Dockerfile: `FROM debian:trixie-slim
RUN --mount=type=tmpfs,target=/var/lib/apt/lists apt-get update && apt-get install -y --no-install-recommends curl
RUN --mount=type=cache,dst=/var/lib/apt/lists/ apt-get update && apt-get install -y --no-install-recommends git
RUN apt-get update && apt-get install -y --no-install-recommends make && apt-get dist-clean
RUN apt-get update && apt-get install -y --no-install-recommends jq && rm -rf /var/lib/apt
RUN echo "apt-get update" > /etc/motd
`,
      },
    },
  ],
  invalid: [
    {
      name: 'lists left in the stages two services ship, including a parent stage',
      fixture: 'fixtures/apt-lists-removed/lists-in-image',
      errors: [
        { messageId: 'listsLeftInLayer', data: { manager: 'apt-get' }, file: 'Dockerfile', line: 2, column: 5 },
        { messageId: 'listsLeftInLayer', data: { manager: 'apt-get' }, file: 'Dockerfile', line: 10, column: 5 },
        { messageId: 'listsLeftInLayer', data: { manager: 'apt-get' }, file: 'Dockerfile', line: 17, column: 5 },
      ],
    },
    {
      name: 'removal before the update, of part of the lists, a cache mount elsewhere, a heredoc script',
      files: {
        Dockerfile: `FROM debian:bookworm-slim
RUN rm -rf /var/lib/apt/lists/* && apt update && apt install -y --no-install-recommends curl
RUN --mount=type=cache,target=/var/cache/apt apt-get update && apt-get install -y --no-install-recommends git && rm -rf /var/lib/apt/lists/partial
RUN <<EOF
apt-get update
apt-get install -y --no-install-recommends make
EOF
`,
      },
      errors: [
        { messageId: 'listsLeftInLayer', data: { manager: 'apt' }, file: 'Dockerfile', line: 2, column: 36 },
        { messageId: 'listsLeftInLayer', data: { manager: 'apt-get' }, file: 'Dockerfile', line: 3, column: 46 },
        { messageId: 'listsLeftInLayer', data: { manager: 'apt-get' }, file: 'Dockerfile', line: 5, column: 1 },
      ],
    },
  ],
});
