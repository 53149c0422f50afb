import rule from '../../src/rules/stage-name-casing.js';
import { ruleTests } from '../helpers/rule-tester.js';

ruleTests(rule, {
  valid: [
    { name: 'lower-case names (fixture)', fixture: 'fixtures/stage-name-casing/lower-case' },
    { name: 'names with digits, dots, dashes and underscores; an upper-case base image is no stage name', files: { Dockerfile: 'FROM registry.example.com/Team/base:1 AS build-1.2_x\nFROM build-1.2_x\n' } },
  ],
  invalid: [
    {
      name: 'camel-case stage names (fixture), fixed to lower case',
      fixture: 'fixtures/stage-name-casing/camel-case',
      errors: [
        { messageId: 'notLowerCase', data: { name: 'buildDeps', lower: 'builddeps' }, file: 'Dockerfile', line: 1, column: 28 },
        { messageId: 'notLowerCase', data: { name: 'Runtime', lower: 'runtime' }, file: 'Dockerfile', line: 9, column: 34 },
      ],
      output: {
        Dockerfile:
          'FROM golang:1.23-alpine AS builddeps\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN --mount=type=cache,target=/go/pkg/mod go mod download\n\nCOPY . .\nRUN --mount=type=cache,target=/go/pkg/mod CGO_ENABLED=0 go build -o /out/app ./cmd/app\n\nFROM gcr.io/distroless/static AS runtime\nCOPY --from=buildDeps /out/app /app\nENTRYPOINT ["/app"]\n',
      },
    },
  ],
});
