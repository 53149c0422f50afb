import rule from '../../src/rules/package-update-with-install.js';
import { ruleTests } from '../helpers/rule-tester.js';

ruleTests(rule, {
  valid: [
    { name: 'update and install in each RUN', fixture: 'fixtures/package-update-with-install/same-run' },
    {
      name: 'apk add that fetches its own index, installs with no earlier update, a stage not built on the updating one',
      files: {
        Dockerfile: `FROM alpine:3.20 AS tools
RUN apk add --no-cache curl
RUN apk add --no-cache git
RUN apk update && apk add jq
FROM debian:bookworm-slim AS other
RUN apt-get install -y --no-install-recommends ./local.deb
FROM debian:bookworm-slim AS builder
RUN --mount=type=cache,target=/var/lib/apt,sharing=locked apt-get update && apt-get install -y --no-install-recommends gcc
RUN apt-get update && apt-get upgrade -y
`,
      },
    },
  ],
  invalid: [
    {
      name: 'an update alone, then installs in the same and in a derived stage',
      fixture: 'fixtures/package-update-with-install/separate-runs',
      errors: [
        { messageId: 'updateAlone', data: { manager: 'apt-get', install: 'install' }, file: 'Dockerfile', line: 2, column: 5 },
        { messageId: 'installWithoutUpdate', data: { manager: 'apt-get', subcommand: 'install' }, file: 'Dockerfile', line: 3, column: 5 },
        { messageId: 'installWithoutUpdate', data: { manager: 'apt-get', subcommand: 'install' }, file: 'Dockerfile', line: 6, column: 5 },
      ],
    },
    {
      name: 'apk update alone; an install before the update of its own RUN; an index left by apk add -U',
      files: {
        Dockerfile: `FROM alpine:3.20
RUN apk update
RUN apk add curl
FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends curl
RUN apt-get install -y --no-install-recommends git && apt-get update
FROM alpine:3.20
RUN apk add -U curl
RUN apk add git
`,
      },
      errors: [
        { messageId: 'updateAlone', data: { manager: 'apk', install: 'add' }, file: 'Dockerfile', line: 2, column: 5 },
        { messageId: 'installWithoutUpdate', data: { manager: 'apk', subcommand: 'add' }, file: 'Dockerfile', line: 3, column: 5 },
        { messageId: 'installWithoutUpdate', data: { manager: 'apt-get', subcommand: 'install' }, file: 'Dockerfile', line: 6, column: 5 },
        { messageId: 'installWithoutUpdate', data: { manager: 'apk', subcommand: 'add' }, file: 'Dockerfile', line: 9, column: 5 },
      ],
    },
  ],
});
