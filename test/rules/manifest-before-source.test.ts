import rule from '../../src/rules/manifest-before-source.js';
import { ruleTests } from '../helpers/rule-tester.js';

const node = { 'package.json': '{"name":"app"}\n', 'package-lock.json': '{"lockfileVersion":3}\n', 'src/server.js': 'console.log(1);\n' };
const python = { 'requirements.txt': 'flask==3.0.3\n', 'app/main.py': 'print(1)\n' };

ruleTests(rule, {
  valid: [
    { name: 'the correct layout', fixture: 'fixtures/runtime-no-package-manager/correct-layout' },
    {
      name: 'manifests first, source after the install',
      files: {
        ...node,
        Dockerfile: 'FROM node:20-slim\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci\nCOPY src ./src\nRUN npm run build\n',
      },
    },
    {
      name: 'wildcards and directories that hold only manifests',
      files: {
        ...node,
        'deps/requirements.txt': 'x\n',
        'deps/constraints.txt': 'x\n',
        Dockerfile: 'FROM python:3.12\nCOPY package*.json ./\nCOPY deps/ /deps/\nCOPY requirements*.txt ./\nRUN npm ci && pip install -r /deps/requirements.txt\n',
      },
    },
    {
      name: 'a wildcard that matches no file is judged by its name',
      files: { 'src/a.js': '', Dockerfile: 'FROM node:20\nCOPY package*.json yarn.lock ./\nRUN yarn install --frozen-lockfile\nCOPY src ./src\n' },
    },
    {
      name: 'files the .dockerignore excludes are not copied',
      files: {
        'app/requirements.txt': 'flask\n',
        'app/main.py': 'print(1)\n',
        '.dockerignore': 'app/*\n!app/requirements.txt\n',
        Dockerfile: 'FROM python:3.12-slim\nCOPY app/ /app/\nRUN pip install -r /app/requirements.txt\n',
      },
    },
    {
      name: '--exclude leaves only manifests',
      files: { ...node, Dockerfile: 'FROM node:20\nCOPY --exclude=src --exclude=Dockerfile * /app/\nRUN npm ci\n' },
    },
    {
      name: 'installing the project itself after the source is fine',
      files: { ...python, 'pyproject.toml': '[project]\nname = "app"\n', Dockerfile: 'FROM python:3.12\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY . /src\nRUN pip install --no-deps /src\n' },
    },
    {
      name: 'COPY --from a stage, ADD of a URL and heredocs are not the build context',
      files: {
        ...node,
        Dockerfile:
          'FROM node:20 AS src\nCOPY . /src\n\nFROM node:20-slim\nCOPY --from=src /src/package.json /app/\nADD https://example.com/tool.tgz /opt/\nCOPY <<EOF /app/.npmrc\nfund=false\nEOF\nRUN cd /app && npm install\n',
      },
    },
    {
      name: 'a source copy in a stage the install does not derive from',
      files: { ...node, Dockerfile: 'FROM node:20 AS assets\nCOPY . .\nRUN npm run build\n\nFROM node:20 AS deps\nCOPY package.json package-lock.json ./\nRUN npm ci\n' },
    },
    {
      name: 'bind mounts of manifests only, and of other stages',
      files: {
        ...node,
        Dockerfile:
          'FROM node:20 AS build\nRUN echo\n\nFROM node:20\nRUN --mount=type=bind,source=package.json,target=package.json --mount=type=bind,source=package-lock.json,target=package-lock.json --mount=type=cache,target=/root/.npm npm ci\nRUN --mount=type=bind,from=build,target=/b npm ci\n',
      },
    },
    {
      name: 'the context of the compose service, not the Dockerfile directory',
      files: {
        'docker-compose.yml': 'services:\n  api:\n    build:\n      context: .\n      dockerfile: services/api/Dockerfile\n',
        'services/api/package.json': '{}\n',
        'services/api/package-lock.json': '{}\n',
        'services/api/src/a.js': '',
        'services/api/Dockerfile': 'FROM node:20\nCOPY services/api/package.json services/api/package-lock.json ./\nRUN npm ci\nCOPY services/api/src ./src\n',
      },
    },
  ],
  invalid: [
    {
      name: 'acceptance: a single-stage pose service copies everything, then installs',
      fixture: 'fixtures/manifest-before-source/pose-copy-before-install',
      errors: [
        {
          messageId: 'sourceBeforeInstall',
          data: {
            instruction: 'COPY . /app',
            example: ' (app/__init__.py, for one)',
            install: 'pip install -r requirements.txt',
            line: 4,
            fix: 'Copy only the manifests first (COPY requirements.txt ./), install, then copy the source',
          },
          file: 'backend/pose-service/Dockerfile',
          line: 3,
          column: 1,
          endLine: 3,
          endColumn: 12,
          related: [{ file: 'backend/pose-service/Dockerfile', line: 4, column: 5 }],
        },
      ],
    },
    {
      name: 'COPY src before npm ci: one finding, at the copy, with the install it invalidates as related',
      files: { ...node, Dockerfile: 'FROM node:20\nWORKDIR /app\nCOPY package.json ./\nCOPY src ./src\nRUN npm ci\n' },
      errors: [
        {
          messageId: 'sourceBeforeInstall',
          data: { instruction: 'COPY src ./src', example: ' (src/server.js, for one)', install: 'npm ci', line: 5, fix: 'Copy only the manifests first (COPY package.json package-lock.json ./), install, then copy the source' },
          file: 'Dockerfile',
          line: 4,
          column: 1,
          related: [{ file: 'Dockerfile', line: 5 }],
        },
      ],
    },
    {
      name: 'COPY . . is never manifests only, whatever it excludes',
      files: { ...node, Dockerfile: 'FROM node:20\nCOPY --exclude=src --exclude=Dockerfile . /app/\nRUN npm ci\n' },
      errors: [
        { messageId: 'sourceBeforeInstall', data: { instruction: 'COPY --exclude=src --exclude=Dockerfile . /app/', example: '', install: 'npm ci', line: 3, fix: 'Copy only the manifests first (COPY package.json package-lock.json ./), install, then copy the source' }, file: 'Dockerfile', line: 2, column: 1 },
      ],
    },
    {
      name: 'ADD . before an OS install: install the OS packages first',
      files: { ...python, Dockerfile: 'FROM debian:bookworm-slim\nADD . /app\nRUN apt-get update && apt-get install -y --no-install-recommends ffmpeg\n' },
      errors: [
        {
          messageId: 'sourceBeforeInstall',
          data: { instruction: 'ADD . /app', example: ' (app/main.py, for one)', install: 'apt-get install -y --no-install-recommends ffmpeg', line: 3, fix: 'Run the OS package install before copying the source' },
          file: 'Dockerfile',
          line: 2,
          column: 1,
        },
      ],
    },
    {
      name: 'a source copy in a stage that a later install derives from, reported once for all its installs',
      files: {
        ...python,
        Dockerfile: 'FROM python:3.12 AS base\nWORKDIR /app\nCOPY . .\n\nFROM base AS deps\nRUN pip install -r requirements.txt\n\nFROM deps AS tools\nRUN pip install --requirement requirements.txt black\n',
      },
      errors: [
        {
          messageId: 'sourceBeforeInstall',
          data: { instruction: 'COPY . .', example: ' (app/main.py, for one)', install: 'pip install -r requirements.txt', line: 6, fix: 'Copy only the manifests first (COPY requirements.txt ./), install, then copy the source' },
          file: 'Dockerfile',
          line: 3,
          column: 1,
          related: [
            { file: 'Dockerfile', line: 6 },
            { file: 'Dockerfile', line: 9 },
          ],
        },
      ],
    },
    {
      name: 'every install after the copy in the same stage',
      files: {
        ...python,
        Dockerfile: 'FROM python:3.12\nCOPY . /app\nRUN pip install torch\nRUN ./install.sh\nRUN pip install -e "git+https://example.com/repo.git#egg=pkg"\n',
      },
      errors: [
        { messageId: 'sourceBeforeInstall', file: 'Dockerfile', line: 2, column: 1, related: [{ file: 'Dockerfile', line: 3 }, { file: 'Dockerfile', line: 5 }] },
      ],
    },
    {
      name: 'bind-mounting the whole context into the install, or into a RUN before it',
      files: {
        ...node,
        Dockerfile: 'FROM node:20\nRUN --mount=type=bind,target=/src cp /src/package.json /src/package-lock.json /app/\nWORKDIR /app\nRUN --mount=target=/ctx,source=src npm ci\n',
      },
      errors: [
        {
          messageId: 'sourceMountedBeforeInstall',
          data: { mount: '--mount=type=bind,target=/src', example: ' (src/server.js, for one)', install: 'npm ci', line: 4 },
          file: 'Dockerfile',
          line: 2,
          column: 5,
          related: [{ file: 'Dockerfile', line: 4 }],
        },
        {
          messageId: 'sourceMountedBeforeInstall',
          data: { mount: '--mount=target=/ctx,source=src', example: ' (src/server.js, for one)', install: 'npm ci', line: 4 },
          file: 'Dockerfile',
          line: 4,
          column: 5,
          related: [{ file: 'Dockerfile', line: 4 }],
        },
      ],
    },
    {
      name: 'a file that is not a manifest, named directly',
      files: { ...python, 'setup.py': 'from setuptools import setup\nsetup()\n', Dockerfile: 'FROM python:3.12\nCOPY requirements.txt setup.py ./\nRUN pip install -r requirements.txt\n' },
      errors: [
        { messageId: 'sourceBeforeInstall', data: { instruction: 'COPY requirements.txt setup.py ./', example: ' (setup.py, for one)', install: 'pip install -r requirements.txt', line: 3, fix: 'Copy only the manifests first (COPY requirements.txt ./), install, then copy the source' }, file: 'Dockerfile', line: 2, column: 1 },
      ],
    },
    {
      name: 'the manifests setting decides what a manifest is',
      settings: { manifests: ['requirements.txt'] },
      files: { ...node, ...python, Dockerfile: 'FROM python:3.12\nCOPY package.json requirements.txt ./\nRUN pip install -r requirements.txt\n' },
      errors: [
        { messageId: 'sourceBeforeInstall', data: { instruction: 'COPY package.json requirements.txt ./', example: ' (package.json, for one)', install: 'pip install -r requirements.txt', line: 3, fix: 'Copy only the manifests first (COPY requirements.txt ./), install, then copy the source' }, file: 'Dockerfile', line: 2, column: 1 },
      ],
    },
  ],
});
