import rule from '../../src/rules/redundant-target-platform.js';
import { ruleTests } from '../helpers/rule-tester.js';

ruleTests(rule, {
  valid: [
    { name: 'a cross-compiling build: the build stage runs on $BUILDPLATFORM', fixture: 'fixtures/redundant-target-platform/cross-compile' },
    {
      name: 'other variables, expressions around TARGETPLATFORM, and a pinned global ARG',
      files: {
        'a/Dockerfile': 'FROM --platform=${TARGETPLATFORM:+linux/amd64} alpine:3.20\nFROM --platform=$TARGETOS/$TARGETARCH alpine:3.20\n',
        'b/Dockerfile': 'ARG TARGETPLATFORM=linux/arm64\nFROM --platform=$TARGETPLATFORM alpine:3.20\n',
      },
    },
  ],
  invalid: [
    {
      name: 'the runtime stage asks for the target platform it gets anyway',
      fixture: 'fixtures/redundant-target-platform/redundant',
      errors: [{ messageId: 'redundant', data: { value: '$TARGETPLATFORM' }, file: 'cli/Dockerfile', line: 10, column: 6, endColumn: 32 }],
      output: {
        'cli/Dockerfile':
          'FROM --platform=$BUILDPLATFORM golang:1.22-bookworm AS build\nARG TARGETOS\nARG TARGETARCH\nWORKDIR /src\nCOPY go.mod ./\nCOPY main.go ./\nRUN --mount=type=cache,target=/root/.cache/go-build \\\n    CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /out/cli .\n\nFROM gcr.io/distroless/static-debian12:nonroot AS runtime\nCOPY --from=build /out/cli /cli\nENTRYPOINT ["/cli"]\n',
      },
    },
    {
      name: 'braces, a default, and blanks around the flag',
      files: { Dockerfile: 'FROM --platform=${TARGETPLATFORM} alpine:3.20 AS a\nFROM   --platform=${TARGETPLATFORM:-linux/amd64}   alpine:3.20 AS b\n' },
      errors: [
        { messageId: 'redundant', data: { value: '${TARGETPLATFORM}' }, file: 'Dockerfile', line: 1, column: 6 },
        { messageId: 'redundant', data: { value: '${TARGETPLATFORM:-linux/amd64}' }, file: 'Dockerfile', line: 2, column: 8 },
      ],
      output: { Dockerfile: 'FROM alpine:3.20 AS a\nFROM   alpine:3.20 AS b\n' },
    },
  ],
});
