import rule from '../../src/rules/stage-layout.js';
import { ruleTests } from '../helpers/rule-tester.js';

const LAYOUT = 'deps → build → runtime';

ruleTests(rule, {
  valid: [
    { name: 'deps → build → test → runtime, compose targets the runtime stage (fixture)', fixture: 'fixtures/stage-layout/valid-layout' },
    {
      name: 'build derives from deps through COPY --from=deps',
      files: {
        'Dockerfile': 'FROM node:22 AS deps\nRUN npm ci\n\nFROM node:22 AS build\nCOPY --from=deps /app/node_modules ./node_modules\nRUN npm run build\n\nFROM node:22-slim AS runtime\nCOPY --from=build /app/dist ./dist\n',
      },
    },
    {
      name: 'build derives from deps through RUN --mount=from=deps',
      files: {
        'Dockerfile': 'FROM python:3.12 AS deps\nRUN pip wheel --wheel-dir /wheels -r requirements.txt\n\nFROM python:3.12 AS build\nRUN --mount=type=bind,from=deps,source=/wheels,target=/wheels pip install /wheels/*.whl\n\nFROM python:3.12-slim AS runtime\nCOPY --from=build /usr/local /usr/local\n',
      },
    },
    {
      name: 'build derives from deps through an extra stage in between, names compared case-insensitively',
      files: {
        'Dockerfile': 'FROM node:22 AS Deps\nRUN npm ci\n\nFROM DEPS AS deps-dev\nRUN npm install --include=dev\n\nFROM deps-dev AS Build\nRUN npm run build\n\nFROM node:22-slim AS Runtime\nCOPY --from=build /app/dist ./dist\n',
      },
    },
    {
      name: 'base Dockerfiles are not service Dockerfiles',
      files: { 'docker/base-node/Dockerfile': 'FROM node:22\nRUN apt-get update\n' },
    },
    {
      name: 'the stage names come from the option',
      files: { 'Dockerfile': 'FROM node:22 AS install\nRUN npm ci\n\nFROM node:22-slim AS final\nCOPY --from=install /app ./\n' },
      options: { stages: ['install', 'final'] },
    },
    {
      name: 'a base Dockerfile may be built at any of its stages',
      files: {
        'compose.yaml': 'services:\n  base-node:\n    image: base-node:latest\n    build:\n      context: docker/base-node\n      target: toolchain\n',
        'docker/base-node/Dockerfile': 'FROM debian:12-slim AS runtime\nFROM node:22 AS toolchain\n',
      },
    },
    {
      name: 'a target whose variable is not set is not judged',
      files: { 'compose.yaml': 'services:\n  app:\n    build:\n      context: .\n      target: ${TARGET}\n', 'Dockerfile': 'FROM node:22 AS deps\nFROM deps AS build\nFROM node:22-slim AS runtime\n' },
    },
  ],
  invalid: [
    {
      name: 'a single unnamed stage (fixture: the pose service)',
      fixture: 'fixtures/stage-layout/single-stage',
      errors: [
        {
          messageId: 'missingStages',
          data: {
            file: 'backend/pose-service/Dockerfile',
            existing: 'one stage, #0 (unnamed)',
            missing: "stages named 'deps', 'build' and 'runtime'",
            layout: LAYOUT,
          },
          file: 'backend/pose-service/Dockerfile',
          line: 1,
          column: 1,
        },
      ],
    },
    {
      name: 'build before deps, and a stage after the runtime stage (fixture)',
      fixture: 'fixtures/stage-layout/misordered',
      errors: [
        {
          messageId: 'outOfOrder',
          data: { stage: "'build'", previous: "'deps'", layout: LAYOUT },
          file: 'backend/api/Dockerfile',
          line: 1,
          column: 26,
          related: [{ file: 'backend/api/Dockerfile', line: 6, column: 26 }],
        },
        {
          messageId: 'runtimeNotLast',
          data: { last: "'debug'", runtime: 'runtime' },
          file: 'backend/api/Dockerfile',
          line: 15,
          column: 1,
          related: [{ file: 'backend/api/Dockerfile', line: 11, column: 22 }],
        },
      ],
    },
    {
      name: 'build starts again from the base image (fixture)',
      fixture: 'fixtures/stage-layout/build-not-derived',
      errors: [{ messageId: 'notDerived', data: { stage: 'build', from: 'deps' }, file: 'backend/api/Dockerfile', line: 6, column: 26 }],
    },
    {
      name: 'compose targets a build stage; targets that do not exist are compose-build-args\' one finding (fixture)',
      fixture: 'fixtures/stage-layout/compose-targets',
      errors: [
        {
          messageId: 'targetNotRuntime',
          data: { service: 'api', target: 'build', dockerfile: 'backend/api/Dockerfile', runtime: 'runtime' },
          file: 'docker-compose.yml',
          line: 12,
          column: 15,
        },
      ],
    },
    {
      name: 'stages named build and an unnamed final stage',
      files: {
        'Dockerfile': 'FROM node:22 AS build\nRUN npm ci && npm run build\n\nFROM node:22\nCOPY --from=build /app /app\n',
      },
      errors: [
        {
          messageId: 'missingStages',
          data: { file: 'Dockerfile', existing: "the stages 'build' and #1 (unnamed)", missing: "stages named 'deps' and 'runtime'", layout: LAYOUT },
          file: 'Dockerfile',
          line: 1,
          column: 1,
        },
      ],
    },
    {
      name: 'only the runtime stage missing',
      files: { 'app/Dockerfile': 'FROM node:22 AS deps\nRUN npm ci\nFROM deps AS build\nRUN npm run build\n' },
      errors: [
        {
          messageId: 'missingStages',
          data: { file: 'app/Dockerfile', existing: "the stages 'deps' and 'build'", missing: "a stage named 'runtime'", layout: LAYOUT },
          file: 'app/Dockerfile',
          line: 1,
          column: 1,
        },
      ],
    },
    {
      name: 'the runtime stage first',
      files: { 'Dockerfile': 'FROM node:22-slim AS runtime\nFROM node:22 AS deps\nFROM deps AS build\n' },
      errors: [
        {
          messageId: 'runtimeNotLast',
          data: { last: "'build'", runtime: 'runtime' },
          file: 'Dockerfile',
          line: 3,
          column: 1,
          related: [{ file: 'Dockerfile', line: 1, column: 22 }],
        },
      ],
    },
    {
      name: 'custom stages: each stage before the runtime one derives from the previous',
      files: { 'Dockerfile': 'FROM node:22 AS deps\nFROM deps AS build\nFROM node:22 AS check\nFROM node:22-slim AS runtime\n' },
      options: { stages: ['deps', 'build', 'check', 'runtime'] },
      errors: [{ messageId: 'notDerived', data: { stage: 'check', from: 'build' }, file: 'Dockerfile', line: 3, column: 17 }],
    },
    {
      name: 'a target in another compose file directory, resolved from .env',
      files: {
        'deploy/compose.yaml': 'services:\n  app:\n    build:\n      context: ../app\n      target: ${TARGET}\n',
        'deploy/.env': 'TARGET=deps\n',
        'app/Dockerfile': 'FROM node:22 AS deps\nFROM deps AS build\nFROM node:22-slim AS runtime\n',
      },
      errors: [
        {
          messageId: 'targetNotRuntime',
          data: { service: 'app', target: 'deps', dockerfile: 'app/Dockerfile', runtime: 'runtime' },
          file: 'deploy/compose.yaml',
          line: 5,
          column: 15,
        },
      ],
    },
  ],
});
