import rule from '../../src/rules/cache-bust-before-install.js';
import { ruleTests } from '../helpers/rule-tester.js';

const NAME = 'its name says it changes with every build or commit';

ruleTests(rule, {
  valid: [
    { name: 'the correct layout (GIT_SHA only in the runtime stage)', fixture: 'fixtures/runtime-no-package-manager/correct-layout' },
    {
      name: 'volatile ARGs after the install',
      files: { Dockerfile: 'FROM node:20\nCOPY package.json ./\nRUN npm ci\nARG GIT_SHA\nARG BUILD_DATE\nRUN echo "$GIT_SHA $BUILD_DATE" > /version\n' },
    },
    {
      name: 'a global ARG that the stage does not re-declare',
      files: { Dockerfile: 'ARG GIT_SHA\nARG BASE=node:20\nFROM ${BASE}\nRUN npm ci\n' },
    },
    {
      name: 'steady ARGs before the install',
      files: { Dockerfile: 'FROM python:3.12\nARG PIP_INDEX_URL=https://pypi.org/simple\nARG NODE_VERSION=20.17.0\nARG TORCH_CUDA_ARCH_LIST="7.5;8.0"\nRUN pip install torch\n' },
    },
    {
      name: 'RUN date, $RANDOM and uuidgen: BuildKit keys a RUN by its text, not its output',
      files: { Dockerfile: 'FROM debian:bookworm-slim\nRUN date > /built-at && echo $RANDOM > /random && uuidgen > /id\nRUN apt-get update && apt-get install -y curl\n' },
    },
    {
      name: 'ADD pinned by checksum or by commit, and ADD after the install',
      files: {
        Dockerfile:
          'FROM debian:bookworm-slim\nADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/tool.tgz /opt/\nADD https://github.com/example/repo.git#0123456789abcdef0123456789abcdef01234567 /src\nRUN apt-get update && apt-get install -y curl\nADD https://example.com/latest.json /etc/latest.json\n',
      },
    },
    {
      name: 'a volatile ARG in a stage the install does not derive from, or one no later step uses',
      files: {
        Dockerfile: 'FROM node:20 AS version\nARG GIT_SHA\nRUN echo "$GIT_SHA" > /version\n\nFROM node:20 AS meta\nARG BUILD_DATE\n\nFROM meta AS deps\nRUN npm ci\n',
      },
    },
    {
      name: 'the option replaces the names',
      options: { volatileArgs: ['MY_STAMP'] },
      files: { Dockerfile: 'FROM node:20\nARG GIT_SHA\nRUN npm ci\n' },
    },
  ],
  invalid: [
    {
      name: 'acceptance: ARG GIT_SHA before npm ci',
      fixture: 'fixtures/cache-bust-before-install/api-git-sha',
      errors: [
        {
          messageId: 'volatileArg',
          data: { name: 'GIT_SHA', reason: NAME, install: 'npm ci', line: 5 },
          file: 'backend/api/Dockerfile',
          line: 2,
          column: 5,
          endLine: 2,
          endColumn: 12,
          related: [{ file: 'backend/api/Dockerfile', line: 5, column: 42 }],
        },
      ],
    },
    {
      name: 'names, defaults and references that look volatile',
      files: {
        Dockerfile:
          'FROM python:3.12\nARG BUILD_DATE\nARG COMMIT_REF\nARG stamp=2024-05-01T10:00:00Z\nARG EPOCH=1714557600\nARG REF=3f2c1ab\nARG VERSION=1.0-$BUILD_DATE\nARG CACHEBUST=1\nRUN pip install -r requirements.txt && pip install black\n',
        'requirements.txt': 'flask\n',
      },
      errors: [
        { messageId: 'volatileArg', data: { name: 'BUILD_DATE', reason: NAME, install: 'pip install -r requirements.txt', line: 9 }, file: 'Dockerfile', line: 2, column: 5, related: [{ file: 'Dockerfile', line: 9 }] },
        { messageId: 'volatileArg', data: { name: 'COMMIT_REF', reason: NAME, install: 'pip install -r requirements.txt', line: 9 }, file: 'Dockerfile', line: 3, column: 5 },
        { messageId: 'volatileArg', data: { name: 'stamp', reason: 'its default is a date', install: 'pip install -r requirements.txt', line: 9 }, file: 'Dockerfile', line: 4, column: 5 },
        { messageId: 'volatileArg', data: { name: 'EPOCH', reason: 'its default is a Unix timestamp', install: 'pip install -r requirements.txt', line: 9 }, file: 'Dockerfile', line: 5, column: 5 },
        { messageId: 'volatileArg', data: { name: 'REF', reason: 'its default is a commit hash', install: 'pip install -r requirements.txt', line: 9 }, file: 'Dockerfile', line: 6, column: 5 },
        { messageId: 'volatileArg', data: { name: 'VERSION', reason: 'its default uses BUILD_DATE', install: 'pip install -r requirements.txt', line: 9 }, file: 'Dockerfile', line: 7, column: 5 },
        { messageId: 'volatileArg', data: { name: 'CACHEBUST', reason: NAME, install: 'pip install -r requirements.txt', line: 9 }, file: 'Dockerfile', line: 8, column: 5 },
      ],
    },
    {
      name: 'a compose build arg that passes a commit into an innocent name',
      files: {
        'docker-compose.yml': 'services:\n  api:\n    build:\n      context: api\n      args:\n        APP_VERSION: ${GIT_COMMIT:-dev}\n        NODE_ENV: production\n',
        'api/Dockerfile': 'FROM node:20\nARG APP_VERSION\nARG NODE_ENV\nRUN npm ci\n',
      },
      errors: [
        {
          messageId: 'volatileArg',
          data: { name: 'APP_VERSION', reason: 'compose passes it ${GIT_COMMIT}', install: 'npm ci', line: 4 },
          file: 'api/Dockerfile',
          line: 2,
          column: 5,
          related: [
            { file: 'api/Dockerfile', line: 4 },
            { file: 'docker-compose.yml', line: 6 },
          ],
        },
      ],
    },
    {
      name: 'a global ARG re-declared in the stage, one finding for all the installs after it',
      files: { Dockerfile: 'ARG GIT_SHA\nFROM debian:bookworm-slim\nARG GIT_SHA\nRUN apt-get update && apt-get install -y curl\nRUN pip install flask\n' },
      errors: [
        {
          messageId: 'volatileArg',
          data: { name: 'GIT_SHA', reason: NAME, install: 'apt-get install -y curl', line: 4 },
          file: 'Dockerfile',
          line: 3,
          column: 5,
          related: [
            { file: 'Dockerfile', line: 4, column: 23 },
            { file: 'Dockerfile', line: 5, column: 5 },
          ],
        },
      ],
    },
    {
      name: 'a volatile ARG in a stage the install derives from, used by a later RUN or ENV there',
      files: {
        Dockerfile:
          'FROM node:20 AS base\nARG BUILD_ID\nRUN echo "$BUILD_ID" > /build-id\n\nFROM node:20 AS meta\nARG GIT_SHA\nENV VERSION=$GIT_SHA\n\nFROM base AS deps\nRUN npm ci\n\nFROM meta AS tools\nRUN npm install -g pnpm\n',
      },
      errors: [
        { messageId: 'volatileArg', data: { name: 'BUILD_ID', reason: NAME, install: 'npm ci', line: 10 }, file: 'Dockerfile', line: 2, column: 5, related: [{ file: 'Dockerfile', line: 10 }] },
        { messageId: 'volatileArg', data: { name: 'GIT_SHA', reason: NAME, install: 'npm install -g pnpm', line: 13 }, file: 'Dockerfile', line: 6, column: 5, related: [{ file: 'Dockerfile', line: 13 }] },
      ],
    },
    {
      name: 'ADD of a moving URL before the install, here or in a stage it derives from',
      files: {
        Dockerfile:
          'FROM debian:bookworm-slim AS base\nADD https://api.github.com/repos/example/app/git/refs/heads/main /tmp/version.json\n\nFROM base\nADD git@github.com:example/tools.git#main /tools\nRUN apt-get update && apt-get install -y curl\n',
      },
      errors: [
        {
          messageId: 'remoteAdd',
          data: { url: 'https://api.github.com/repos/example/app/git/refs/heads/main', install: 'apt-get install -y curl', line: 6 },
          file: 'Dockerfile',
          line: 2,
          column: 1,
          related: [{ file: 'Dockerfile', line: 6, column: 23 }],
        },
        { messageId: 'remoteAdd', data: { url: 'git@github.com:example/tools.git#main', install: 'apt-get install -y curl', line: 6 }, file: 'Dockerfile', line: 5, column: 1 },
      ],
    },
  ],
});
