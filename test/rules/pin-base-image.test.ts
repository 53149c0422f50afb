import rule from '../../src/rules/pin-base-image.js';
import { ruleTests } from '../helpers/rule-tester.js';

ruleTests(rule, {
  valid: [
    { name: 'pinned upstream images, local base images and stages', fixture: 'fixtures/pin-base-image/pinned' },
    {
      name: 'stages, scratch, digests, and an ARG-based FROM whose default is pinned',
      files: {
        Dockerfile:
          'ARG PYTHON_VERSION=3.12\nFROM python:${PYTHON_VERSION}-slim AS build\nRUN python -V\n\nFROM build AS test\n\nFROM nginx:latest@sha256:0d17b565c37bcbd895e9d92315a05c1c3c9a29f762b011a10c54a66cd53c9b31 AS proxy\n\nFROM scratch\nCOPY --from=build /usr/local/bin/python3 /python3\nCOPY --from=alpine@sha256:0d17b565c37bcbd895e9d92315a05c1c3c9a29f762b011a10c54a66cd53c9b31 /bin/busybox /busybox\n',
      },
    },
    {
      name: 'unresolvable images are unknown, never a finding: ARG without default, build arg from the environment',
      files: {
        'docker-compose.yml': 'services:\n  app:\n    build:\n      context: app\n      args:\n        - BASE_IMAGE\n        - TAG=${TAG}\n',
        'app/Dockerfile': 'ARG BASE_IMAGE\nARG TAG=20\nFROM $BASE_IMAGE AS base\nFROM node:${TAG}-slim\n',
      },
    },
    {
      name: 'a later stage or a typo in --from is copy-from-known-stage\'s finding',
      files: { Dockerfile: 'FROM alpine:3.20 AS build\n\nFROM alpine:3.20 AS runtime\nCOPY --from=assets /a /a\nCOPY --from=biuld /b /b\n\nFROM alpine:3.20 AS assets\n' },
    },
  ],
  invalid: [
    {
      name: 'a service built FROM an untagged image and copying from :latest',
      fixture: 'fixtures/pin-base-image/unpinned',
      errors: [
        { messageId: 'untagged', data: { instruction: 'FROM', image: 'python' }, file: 'worker/Dockerfile', line: 1, column: 6, endColumn: 12 },
        { messageId: 'latest', data: { instruction: 'COPY --from', image: 'ghcr.io/astral-sh/uv:latest' }, file: 'worker/Dockerfile', line: 3, column: 13 },
        { messageId: 'untagged', data: { instruction: 'FROM', image: 'python' }, file: 'worker/Dockerfile', line: 8, column: 6 },
      ],
    },
    {
      name: 'ARG defaults are resolved first; compose build args override them per service',
      files: {
        'docker-compose.yml':
          'services:\n  api:\n    build:\n      context: app\n      args:\n        NODE_TAG: latest\n  api-pinned:\n    build:\n      context: app\n      args:\n        NODE_TAG: "22"\n  job:\n    build:\n      context: app\n      args:\n        NODE_IMAGE: node\n',
        'app/Dockerfile': 'ARG NODE_TAG=20-slim\nARG NODE_IMAGE=node:${NODE_TAG}\nFROM ${NODE_IMAGE}\nARG UNUSED\nFROM debian:latest\n',
      },
      errors: [
        { messageId: 'latestWithArgs', data: { image: 'node:latest', service: 'api' }, file: 'app/Dockerfile', line: 3, column: 6 },
        { messageId: 'untaggedWithArgs', data: { image: 'node', service: 'job' }, file: 'app/Dockerfile', line: 3, column: 6, related: [{ file: 'docker-compose.yml', line: 16 }] },
        { messageId: 'latest', data: { instruction: 'FROM', image: 'debian:latest' }, file: 'app/Dockerfile', line: 5, column: 6 },
      ],
    },
    {
      name: 'an untagged image in a RUN mount and an ARG default that names :latest',
      files: { Dockerfile: 'ARG BASE=ubuntu:latest\nFROM $BASE\nRUN --mount=type=bind,from=busybox,source=/bin/busybox,target=/bb /bb true\n' },
      errors: [
        { messageId: 'latest', data: { instruction: 'FROM', image: 'ubuntu:latest' }, file: 'Dockerfile', line: 2, column: 6 },
        { messageId: 'untagged', data: { instruction: 'RUN --mount from', image: 'busybox' }, file: 'Dockerfile', line: 3, column: 28 },
      ],
    },
  ],
});
