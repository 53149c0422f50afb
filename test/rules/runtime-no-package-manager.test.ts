import rule from '../../src/rules/runtime-no-package-manager.js';
import { ruleTests } from '../helpers/rule-tester.js';

const NODE_REMOVAL =
  '`RUN rm -rf /usr/local/lib/node_modules/npm /usr/local/bin/npm /usr/local/bin/npx /opt/yarn-* /usr/local/bin/yarn /usr/local/bin/yarnpkg /usr/local/lib/node_modules/corepack /usr/local/bin/corepack`';

ruleTests(rule, {
  valid: [
    { name: 'the correct layout', fixture: 'fixtures/runtime-no-package-manager/correct-layout' },
    {
      name: 'distroless runtime; package managers in earlier stages are fine',
      files: {
        Dockerfile:
          'FROM node:20 AS deps\nRUN npm ci\n\nFROM gcr.io/distroless/nodejs20-debian12 AS runtime\nCOPY --from=deps /app /app\nCMD ["/app/server.js"]\n',
      },
    },
    {
      name: 'the runtime stage deletes what its base carries, as the message suggests',
      files: {
        Dockerfile:
          'FROM node:20-slim AS runtime\nRUN rm -rf /usr/local/lib/node_modules/npm /usr/local/bin/npm /usr/local/bin/npx /opt/yarn-* /usr/local/bin/yarn /usr/local/bin/yarnpkg /usr/local/lib/node_modules/corepack /usr/local/bin/corepack\nCMD ["node", "server.js"]\n',
      },
    },
    {
      name: 'pip uninstalled in the runtime stage of a slim Python image',
      files: { Dockerfile: 'FROM python:3.12-slim\nRUN python -m pip uninstall --yes pip\nCMD ["python", "-m", "app"]\n' },
    },
    {
      name: 'pip removed along the chain (a venv without pip copied into a base without pip)',
      files: {
        Dockerfile:
          'FROM debian:bookworm-slim AS system\nRUN apt-get update && apt-get install -y python3\n\nFROM system AS venv\nRUN python3 -m venv /opt/venv\n\nFROM venv AS venv-without-pip\nRUN /opt/venv/bin/python -m pip uninstall --yes pip\n\nFROM venv-without-pip AS runtime\nCMD ["/opt/venv/bin/python", "-m", "app"]\n',
      },
    },
    {
      name: 'OS package managers inherited are fine unless the option asks',
      files: { Dockerfile: 'FROM debian:bookworm-slim\nCOPY app /app\nCMD ["/app/server"]\n', 'app/server': '' },
    },
    {
      name: 'base Dockerfiles are not runtime stages',
      files: { 'docker/base-node/Dockerfile': 'FROM node:20-alpine\nRUN npm install -g typescript\nCMD ["npm", "start"]\n' },
    },
    {
      name: 'an inherited CMD is reset by the ENTRYPOINT of a nearer stage',
      files: {
        Dockerfile:
          'FROM gcr.io/distroless/nodejs20-debian12 AS base\nCMD ["npm", "start"]\n\nFROM base AS runtime\nENTRYPOINT ["/nodejs/bin/node", "server.js"]\n',
      },
    },
    {
      name: 'an unknown base image is not guessed at',
      files: { Dockerfile: 'FROM mycompany/node-runtime:20\nCMD ["node", "server.js"]\n' },
    },
  ],
  invalid: [
    {
      name: 'acceptance: a web runtime on node:20-alpine started with npm run dev',
      fixture: 'fixtures/runtime-no-package-manager/web-dev-server',
      errors: [
        {
          messageId: 'inheritsPackageManager',
          data: { managers: 'npm, npx, yarn and corepack', chain: 'runtime stage ← node:20-alpine (carries npm, npx, yarn, corepack)', removal: NODE_REMOVAL },
          file: 'backend/web/Dockerfile',
          line: 6,
          column: 1,
          endLine: 6,
          endColumn: 31,
        },
        {
          messageId: 'startsWithPackageManager',
          data: { manager: 'npm', command: 'npm run dev', example: 'CMD ["node", "dist/server.js"]', instruction: 'CMD' },
          file: 'backend/web/Dockerfile',
          line: 11,
          column: 6,
        },
      ],
    },
    {
      name: 'acceptance: a Node runtime FROM base-node:latest inherits npm from node:20-alpine',
      fixture: 'fixtures/runtime-no-build-tools/node-base-build-base',
      errors: [
        {
          messageId: 'inheritsPackageManager',
          data: { managers: 'npm, npx, yarn and corepack', chain: 'runtime stage ← base-node:latest ← node:20-alpine (carries npm, npx, yarn, corepack)', removal: NODE_REMOVAL },
          file: 'backend/api/Dockerfile',
          line: 13,
          column: 1,
        },
      ],
    },
    {
      name: 'acceptance: the single-stage pose service runs pip install and inherits pip from its base',
      fixture: 'fixtures/manifest-before-source/pose-copy-before-install',
      errors: [
        {
          messageId: 'inheritsPackageManager',
          data: {
            managers: 'pip',
            chain: 'runtime stage ← base-python-pose:latest (backend/docker/base-python-pose/Dockerfile:4 installs pip)',
            removal: '`RUN python -m pip uninstall --yes pip`',
          },
          file: 'backend/pose-service/Dockerfile',
          line: 1,
          column: 1,
          related: [{ file: 'backend/docker/base-python-pose/Dockerfile', line: 4, column: 23 }],
        },
        {
          messageId: 'runsPackageManager',
          data: { manager: 'pip', command: 'pip install -r requirements.txt' },
          file: 'backend/pose-service/Dockerfile',
          line: 4,
          column: 5,
        },
      ],
    },
    {
      name: 'every use of a package manager in the runtime stage, OS ones included; removals are fine',
      files: {
        Dockerfile:
          'FROM gcr.io/distroless/base-debian12 AS runtime\nRUN apt-get update && apt-get install -y libpq5 && apt-get purge -y curl && npm cache clean --force\nRUN corepack enable && npx --yes cowsay hi\n',
      },
      errors: [
        { messageId: 'runsPackageManager', data: { manager: 'apt-get', command: 'apt-get update' }, file: 'Dockerfile', line: 2, column: 5 },
        { messageId: 'runsPackageManager', data: { manager: 'apt-get', command: 'apt-get install -y libpq5' }, file: 'Dockerfile', line: 2, column: 23 },
        { messageId: 'runsPackageManager', data: { manager: 'corepack', command: 'corepack enable' }, file: 'Dockerfile', line: 3, column: 5 },
        { messageId: 'runsPackageManager', data: { manager: 'npx', command: 'npx --yes cowsay hi' }, file: 'Dockerfile', line: 3, column: 24 },
      ],
    },
    {
      name: 'starting through a package manager, in every form',
      files: {
        'a/Dockerfile': 'FROM gcr.io/distroless/nodejs20-debian12\nCMD yarn start\n',
        'b/Dockerfile': 'FROM gcr.io/distroless/python3-debian12\nENTRYPOINT ["tini", "--", "poetry", "run", "serve"]\n',
        'c/Dockerfile': 'FROM gcr.io/distroless/python3-debian12\nCMD ["sh", "-c", "pipenv run gunicorn app:app"]\n',
      },
      errors: [
        { messageId: 'startsWithPackageManager', data: { manager: 'yarn', command: 'yarn start', example: 'CMD ["node", "dist/server.js"]', instruction: 'CMD' }, file: 'a/Dockerfile', line: 2, column: 5 },
        { messageId: 'startsWithPackageManager', data: { manager: 'poetry', command: 'poetry run serve', example: 'CMD ["python", "-m", "app"]', instruction: 'ENTRYPOINT' }, file: 'b/Dockerfile', line: 2, column: 13 },
        { messageId: 'startsWithPackageManager', data: { manager: 'pipenv', command: 'pipenv run gunicorn app:app', example: 'CMD ["python", "-m", "app"]', instruction: 'CMD' }, file: 'c/Dockerfile', line: 2, column: 19 },
      ],
    },
    {
      name: 'a start command inherited from a stage it derives from',
      files: {
        Dockerfile:
          'FROM gcr.io/distroless/nodejs20-debian12 AS base\nCMD ["npm", "start"]\n\nFROM base AS runtime\nCOPY server.js /app/\n',
        'server.js': '',
      },
      errors: [
        {
          messageId: 'inheritedStartWithPackageManager',
          data: { manager: 'npm', command: 'npm start', example: 'CMD ["node", "dist/server.js"]', origin: 'CMD at Dockerfile:2' },
          file: 'Dockerfile',
          line: 4,
          column: 1,
          related: [{ file: 'Dockerfile', line: 2, column: 6 }],
        },
      ],
    },
    {
      name: 'a package manager installed in a stage of the same file, and in a local base image',
      files: {
        'docker-compose.yml': 'services:\n  base:\n    image: base-py:latest\n    build:\n      context: docker/base-py\n  app:\n    build:\n      context: app\n',
        'docker/base-py/Dockerfile': 'FROM debian:bookworm-slim\nRUN apt-get update \\\n    && apt-get install -y python3 python3-pip\n',
        'app/Dockerfile': 'FROM base-py:latest AS tools\nRUN pip install --break-system-packages poetry\n\nFROM tools AS runtime\nCMD ["python3", "-m", "app"]\n',
      },
      errors: [
        {
          messageId: 'inheritsPackageManager',
          data: {
            managers: 'pip and poetry',
            chain: "runtime stage ← stage 'tools' (app/Dockerfile:2 installs poetry) ← base-py:latest (docker/base-py/Dockerfile:3 installs pip)",
            removal: '`RUN python -m pip uninstall --yes pip`',
          },
          file: 'app/Dockerfile',
          line: 4,
          column: 1,
          related: [
            { file: 'docker/base-py/Dockerfile', line: 3, column: 8 },
            { file: 'app/Dockerfile', line: 2, column: 5 },
          ],
        },
      ],
    },
    {
      name: 'osPackageManagers extends the inheritance check to apt and apk',
      options: { osPackageManagers: true },
      files: { 'a/Dockerfile': 'FROM debian:bookworm-slim\nCMD ["/app/server"]\n', 'b/Dockerfile': 'FROM alpine:3.20\nRUN rm -f /sbin/apk\n', 'c/Dockerfile': 'FROM ubuntu:24.04\nCMD ["x"]\n' },
      errors: [
        {
          messageId: 'inheritsPackageManager',
          data: { managers: 'apt', chain: 'runtime stage ← debian:bookworm-slim (carries apt)', removal: '`RUN rm -rf /usr/bin/apt /usr/bin/apt-get`' },
          file: 'a/Dockerfile',
          line: 1,
          column: 1,
        },
        { messageId: 'inheritsPackageManager', file: 'c/Dockerfile', line: 1, column: 1 },
      ],
    },
    {
      name: 'the knownImages setting describes images the table does not know',
      settings: { knownImages: { 'registry.example.com/runtime/*': { packageManagers: ['pip'] } } },
      files: { Dockerfile: 'FROM registry.example.com/runtime/python:3.12\nCMD ["python", "-m", "app"]\n' },
      errors: [
        {
          messageId: 'inheritsPackageManager',
          data: { managers: 'pip', chain: 'runtime stage ← registry.example.com/runtime/python:3.12 (carries pip)', removal: '`RUN python -m pip uninstall --yes pip`' },
          file: 'Dockerfile',
          line: 1,
          column: 1,
        },
      ],
    },
  ],
});
