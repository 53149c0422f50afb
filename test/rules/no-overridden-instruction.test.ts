import rule from '../../src/rules/no-overridden-instruction.js';
import { ruleTests } from '../helpers/rule-tester.js';

ruleTests(rule, {
  valid: [
    { name: 'one CMD, ENTRYPOINT and HEALTHCHECK in the runtime stage', fixture: 'fixtures/no-overridden-instruction/one-each' },
    {
      name: 'a builder stage and the runtime stage each have their own CMD',
      files: {
        Dockerfile:
          'FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN go build -o /out/app ./cmd/app\nCMD ["go", "test", "./..."]\n\nFROM gcr.io/distroless/static-debian12 AS runtime\nCOPY --from=build /out/app /app\nCMD ["/app"]\n',
      },
    },
    {
      name: 'a stage replaces the CMD it inherits from an earlier stage',
      files: { Dockerfile: 'FROM alpine:3.20 AS base\nCMD ["sh"]\n\nFROM base AS runtime\nCMD ["/bin/true"]\n' },
    },
    {
      name: 'an ONBUILD CMD is the trigger of another build, not this stage\'s CMD',
      files: { Dockerfile: 'FROM alpine:3.20\nONBUILD CMD ["echo", "child"]\nCMD ["echo", "parent"]\n' },
    },
  ],
  invalid: [
    {
      name: 'a service with a forgotten debug CMD and two health checks',
      fixture: 'fixtures/no-overridden-instruction/leftovers',
      errors: [
        { messageId: 'overridden', data: { instruction: 'HEALTHCHECK', line: 16 }, file: 'api/Dockerfile', line: 14, column: 1, related: [{ file: 'api/Dockerfile', line: 16 }] },
        { messageId: 'overridden', data: { instruction: 'CMD', line: 18 }, file: 'api/Dockerfile', line: 13, column: 1, related: [{ file: 'api/Dockerfile', line: 18 }] },
      ],
    },
    {
      name: 'three ENTRYPOINTs: the first two are reported, each pointing at the last',
      files: { Dockerfile: 'FROM alpine:3.20\nENTRYPOINT ["a"]\nENTRYPOINT b\nentrypoint ["c"]\n' },
      errors: [
        { messageId: 'overridden', data: { instruction: 'ENTRYPOINT', line: 4 }, file: 'Dockerfile', line: 2, column: 1, endColumn: 11 },
        { messageId: 'overridden', data: { instruction: 'ENTRYPOINT', line: 4 }, file: 'Dockerfile', line: 3, column: 1 },
      ],
    },
    {
      name: 'HEALTHCHECK NONE after a HEALTHCHECK CMD replaces it too',
      files: { Dockerfile: 'FROM nginx:1.27\nHEALTHCHECK CMD curl -f http://localhost/ || exit 1\nHEALTHCHECK NONE\n' },
      errors: [{ messageId: 'overridden', data: { instruction: 'HEALTHCHECK', line: 3 }, file: 'Dockerfile', line: 2, column: 1 }],
    },
  ],
});
