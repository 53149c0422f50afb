import rule from '../../src/rules/copy-from-self.js';
import { ruleTests } from '../helpers/rule-tester.js';

ruleTests(rule, {
  valid: [
    { name: 'every --from names an earlier stage', fixture: 'fixtures/copy-from-self/earlier-stages' },
    {
      name: 'by index, an image, and a stage name reused later',
      files: {
        Dockerfile:
          'FROM golang:1.22 AS build\nRUN go version > /version\n\nFROM alpine:3.20 AS build\nCOPY --from=0 /version /version\nCOPY --from=busybox:1.36 /bin/busybox /bin/busybox\n\nFROM alpine:3.20\nCOPY --from=build /version /version\n',
      },
    },
  ],
  invalid: [
    {
      name: 'the runtime stage copies from itself (a renamed stage)',
      fixture: 'fixtures/copy-from-self/copies-from-itself',
      errors: [{ messageId: 'self', data: { via: 'COPY --from', name: 'runtime', stage: "'runtime'" }, file: 'api/Dockerfile', line: 9, column: 13, endColumn: 20 }],
    },
    {
      name: 'by index, with a differently cased name, and through a RUN mount',
      files: {
        Dockerfile:
          'FROM alpine:3.20 AS deps\nRUN --mount=type=bind,from=deps,source=/etc,target=/mnt cat /mnt/os-release\n\nFROM alpine:3.20 AS Build\nCOPY --from=1 /a /a\nADD --from=BUILD /b /b\n',
      },
      errors: [
        { messageId: 'self', data: { via: 'RUN --mount from', name: 'deps', stage: "'deps'" }, file: 'Dockerfile', line: 2, column: 28 },
        { messageId: 'self', data: { via: 'COPY --from', name: '1', stage: "'build'" }, file: 'Dockerfile', line: 5, column: 13 },
        { messageId: 'self', data: { via: 'ADD --from', name: 'BUILD', stage: "'build'" }, file: 'Dockerfile', line: 6, column: 12 },
      ],
    },
  ],
});
