import rule from '../../src/rules/copy-from-known-stage.js';
import { ruleTests } from '../helpers/rule-tester.js';

ruleTests(rule, {
  valid: [
    { name: 'stages by name and by index, images with tags', fixture: 'fixtures/copy-from-known-stage/known-stages' },
    {
      name: 'images pulled by --from, with or without a tag, and variables',
      files: {
        Dockerfile:
          'ARG TOOLS=busybox:1.36\nFROM alpine:3.20 AS build\nCOPY --from=nginx /etc/nginx/nginx.conf /nginx.conf\nCOPY --from=docker.io/library/busybox /bin/busybox /bin/\nCOPY --from=${TOOLS} /bin/sh /bin/\n',
      },
    },
    {
      name: 'a named build context of the compose service, and a local base image',
      files: {
        'docker-compose.yml': 'services:\n  api:\n    build:\n      context: api\n      additional_contexts:\n        assets: ../assets\n',
        'api/Dockerfile': 'FROM base-node:latest AS build\nCOPY --from=assets /logo.svg /app/logo.svg\nCOPY --from=base-node /etc/hostname /x\n',
        'docker/base-node/Dockerfile': 'FROM node:20-slim\n',
        'assets/logo.svg': '<svg/>',
      },
    },
    {
      name: 'its own stage is copy-from-self\'s finding',
      files: { Dockerfile: 'FROM alpine:3.20 AS build\nCOPY --from=build /a /b\n' },
    },
  ],
  invalid: [
    {
      name: 'a misspelt stage name and a stage used before it is defined',
      fixture: 'fixtures/copy-from-known-stage/unknown-stages',
      errors: [
        { messageId: 'typo', data: { via: 'COPY --from', name: 'biuld', suggestion: 'build' }, file: 'app/Dockerfile', line: 13, column: 13, endColumn: 18 },
        { messageId: 'laterStage', data: { via: 'COPY --from', name: 'assets', stage: "'assets'" }, file: 'app/Dockerfile', line: 14, column: 13 },
      ],
    },
    {
      name: 'indexes beyond the last stage and after the current one; a RUN mount typo',
      files: {
        Dockerfile:
          'FROM alpine:3.20 AS deps\nRUN echo deps > /deps\n\nFROM alpine:3.20 AS build\nCOPY --from=2 /a /a\nCOPY --from=5 /b /b\nRUN --mount=type=bind,from=dpes,source=/deps,target=/deps cat /deps\n\nFROM alpine:3.20\n',
      },
      errors: [
        { messageId: 'laterStage', data: { via: 'COPY --from', name: '2', stage: '#2 (unnamed)' }, file: 'Dockerfile', line: 5, column: 13 },
        { messageId: 'noSuchIndex', data: { via: 'COPY --from', name: '5', count: 3, last: 2 }, file: 'Dockerfile', line: 6, column: 13 },
        { messageId: 'typo', data: { via: 'RUN --mount from', name: 'dpes', suggestion: 'deps' }, file: 'Dockerfile', line: 7, column: 28 },
      ],
    },
  ],
});
