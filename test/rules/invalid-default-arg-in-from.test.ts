import rule from '../../src/rules/invalid-default-arg-in-from.js';
import { ruleTests } from '../helpers/rule-tester.js';

ruleTests(rule, {
  valid: [
    { name: 'every ARG in a FROM has a default, or a ${VAR:-default}', fixture: 'fixtures/invalid-default-arg-in-from/with-default' },
    {
      name: 'an ARG without a default that still leaves a valid name, platform ARGs, stages, undeclared names, no ARG at all',
      files: {
        Dockerfile: `ARG SUFFIX
ARG VARIANT
FROM node:22\${SUFFIX} AS base
FROM --platform=$BUILDPLATFORM golang:1.23 AS tools
FROM tools-\${TARGETARCH}:1
FROM base\${VARIANT}
FROM alpine:\${UNDECLARED}
FROM alpine:3.20
`,
      },
    },
  ],
  invalid: [
    {
      name: 'a Go service whose versions must be given with --build-arg',
      fixture: 'fixtures/invalid-default-arg-in-from/no-default',
      errors: [
        { messageId: 'invalid', data: { names: '$GO_VERSION', first: 'GO_VERSION', image: 'golang:-bookworm' }, file: 'Dockerfile', line: 3, column: 6 },
        { messageId: 'invalid', data: { names: '$DISTROLESS_TAG', first: 'DISTROLESS_TAG', image: 'gcr.io/distroless/static-debian12:' }, file: 'Dockerfile', line: 10, column: 6 },
      ],
    },
    {
      name: 'an image named by ARGs alone, a registry ARG, a default that refers to an ARG without one',
      files: {
        Dockerfile: `ARG IMAGE
ARG REGISTRY
ARG TAG
ARG FULL=app:\${TAG}
FROM \${IMAGE}
FROM $REGISTRY/team/app:1.0
FROM \${FULL}
`,
      },
      errors: [
        { messageId: 'empty', data: { names: '$IMAGE', first: 'IMAGE', image: '' }, file: 'Dockerfile', line: 5, column: 6 },
        { messageId: 'invalid', data: { names: '$REGISTRY', first: 'REGISTRY', image: '/team/app:1.0' }, file: 'Dockerfile', line: 6, column: 6 },
        { messageId: 'invalid', data: { names: '$TAG', first: 'TAG', image: 'app:' }, file: 'Dockerfile', line: 7, column: 6 },
      ],
    },
  ],
});
