import rule from '../../src/rules/dependency-cache-mount.js';
import { ruleTests } from '../helpers/rule-tester.js';

const APT_MOUNTS = '--mount=type=cache,target=/var/cache/apt,sharing=locked --mount=type=cache,target=/var/lib/apt,sharing=locked';
const APT_OPT_OUT = '`rm -rf /var/lib/apt/lists/*` at the end of the same RUN';
const PIP_OPT_OUT = '`--no-cache-dir` (or ENV PIP_NO_CACHE_DIR=1)';
const NPM_OPT_OUT = '`npm cache clean --force` at the end of the same RUN, or `--cache /tmp/npm-cache` removed there';

ruleTests(rule, {
  valid: [
    { name: 'the correct layout', fixture: 'fixtures/runtime-no-package-manager/correct-layout' },
    {
      name: 'cache mounts at the cache directories, or a parent of them',
      files: {
        Dockerfile: `FROM python:3.12
RUN ${APT_MOUNTS} apt-get update && apt-get install -y curl
RUN --mount=type=cache,target=/root/.cache pip install flask
RUN --mount=type=cache,id=npm,target=/root/.npm/ npm ci
RUN --mount=type=cache,target=/var/cache/apk apk add curl
RUN --mount=type=cache,target=/etc/apk/cache apk add git
RUN --mount=type=cache,target=/root/.cache/uv uv sync --frozen
RUN --mount=type=cache,target=/root/.yarn/berry/cache yarn install --immutable
RUN --mount=type=cache,target=/root/.local/share/pnpm/store pnpm install
RUN --mount=type=cache,target=/opt/conda/pkgs conda env create -f environment.yml
RUN --mount=type=cache,target=/go/pkg/mod go mod download
RUN --mount=Type=Cache,DST=/root/.npm npm install
`,
      },
    },
    {
      name: 'explicit opt-outs',
      files: {
        Dockerfile: `FROM python:3.12
RUN pip install --no-cache-dir flask
RUN apk add --no-cache curl
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
RUN npm ci && npm cache clean --force
RUN npm ci --cache /tmp/npm-cache && rm -rf /tmp/npm-cache
RUN yarn install && yarn cache clean
RUN uv pip install --no-cache -r requirements.txt
RUN poetry install --no-cache
RUN conda install -y numpy && conda clean --all --yes
RUN dnf install -y gcc && dnf clean all
RUN apt-get update && apt-get install -y curl && apt-get dist-clean
RUN apt update && apt install -y curl && apt dist-clean
RUN --mount=type=tmpfs,target=/root/.cache/pip pip install flask
`,
      },
    },
    {
      name: 'PIP_NO_CACHE_DIR set in ENV here or in a stage or local image it derives from, or as an ARG of the stage',
      files: {
        'docker-compose.yml': 'services:\n  base:\n    image: base-py:latest\n    build:\n      context: base\n  app:\n    build:\n      context: app\n',
        'base/Dockerfile': 'FROM python:3.12-slim\nENV PIP_NO_CACHE_DIR=1\n',
        'app/Dockerfile': 'FROM base-py:latest AS deps\nRUN pip install flask\n\nFROM python:3.12-slim AS other\nARG PIP_NO_CACHE_DIR=off\nRUN pip install flask\n',
      },
    },
    {
      name: 'a cache directory moved by a variable or a flag, with the mount there',
      files: {
        Dockerfile:
          'FROM python:3.12\nENV PIP_CACHE_DIR=/cache/pip npm_config_cache=/cache/npm\nRUN --mount=type=cache,target=/cache/pip pip install flask\nRUN --mount=type=cache,target=/cache/npm npm ci\nRUN --mount=type=cache,target=/var/cache/uv uv pip install --cache-dir /var/cache/uv flask\n',
      },
    },
    {
      name: 'the cache of a non-root user, in its home',
      files: { Dockerfile: 'FROM python:3.12\nUSER app\nRUN --mount=type=cache,target=/home/app/.cache/pip,uid=1000 pip install --user flask\n' },
    },
    {
      name: 'no cache to keep: project-only installs, local packages, curl | sh',
      files: { Dockerfile: 'FROM python:3.12\nRUN pip install --no-deps .\nRUN dpkg -i /tmp/tool.deb\nRUN curl -fsSL https://get.pnpm.io/install.sh | sh -\n' },
    },
  ],
  invalid: [
    {
      name: 'installs without cache mounts, fixed with the exact mounts',
      fixture: 'fixtures/dependency-cache-mount/no-cache-mounts',
      errors: [
        {
          messageId: 'missingCacheMount',
          data: { install: 'apk add git', managers: 'apk', their: 'its', mounts: '--mount=type=cache,target=/var/cache/apk', optOut: '`apk add --no-cache`' },
          file: 'backend/api/Dockerfile',
          line: 3,
          column: 5,
          endLine: 3,
          endColumn: 16,
        },
        {
          messageId: 'missingCacheMount',
          data: { install: 'npm ci --no-audit', managers: 'npm', their: 'its', mounts: '--mount=type=cache,target=/root/.npm', optOut: NPM_OPT_OUT },
          file: 'backend/api/Dockerfile',
          line: 6,
          column: 5,
        },
        {
          messageId: 'missingCacheMount',
          data: { install: 'apt-get install -y --no-install-recommends libgl1', managers: 'apt-get', their: 'its', mounts: APT_MOUNTS, optOut: APT_OPT_OUT },
          file: 'backend/docker/base-python/Dockerfile',
          line: 4,
          column: 8,
        },
        {
          messageId: 'missingCacheMount',
          data: { install: 'pip install --requirement /opt/base-python/requirements.txt', managers: 'pip', their: 'its', mounts: '--mount=type=cache,target=/root/.cache/pip', optOut: PIP_OPT_OUT },
          file: 'backend/docker/base-python/Dockerfile',
          line: 6,
          column: 5,
        },
      ],
      output: {
        'backend/api/Dockerfile': `# syntax=docker/dockerfile:1.7
FROM node:20-alpine AS deps
RUN --mount=type=cache,target=/var/cache/apk apk add git
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --no-audit

FROM deps AS build
COPY src ./src
RUN npm run build

FROM gcr.io/distroless/nodejs20-debian12 AS runtime
COPY --from=build /app/dist /app
CMD ["/app/server.js"]
`,
        'backend/docker/base-python/Dockerfile': `# syntax=docker/dockerfile:1.7
FROM python:3.12-slim AS python
RUN ${APT_MOUNTS} apt-get update \\
    && apt-get install -y --no-install-recommends libgl1
COPY requirements.txt /opt/base-python/requirements.txt
RUN --mount=type=cache,target=/root/.cache/pip pip install --requirement /opt/base-python/requirements.txt
`,
      },
    },
    {
      name: 'one finding per RUN for all its managers; only the missing apt mount; exec form and heredocs',
      files: {
        Dockerfile: `FROM python:3.12
RUN --mount=type=cache,target=/var/cache/apt,sharing=locked apt-get update && apt-get install -y curl && pip install flask
RUN ["npm", "ci"]
RUN <<EOF
pip install -r requirements.txt
EOF
`,
      },
      errors: [
        {
          messageId: 'missingCacheMount',
          data: {
            install: 'apt-get install -y curl',
            managers: 'apt-get and pip',
            their: 'their',
            mounts: '--mount=type=cache,target=/var/lib/apt,sharing=locked --mount=type=cache,target=/root/.cache/pip',
            optOut: `${APT_OPT_OUT} and ${PIP_OPT_OUT}`,
          },
          file: 'Dockerfile',
          line: 2,
          column: 79,
        },
        { messageId: 'missingCacheMount', data: { install: 'npm ci', managers: 'npm', their: 'its', mounts: '--mount=type=cache,target=/root/.npm', optOut: NPM_OPT_OUT }, file: 'Dockerfile', line: 3, column: 6 },
        { messageId: 'missingCacheMount', file: 'Dockerfile', line: 5, column: 1 },
      ],
      output: {
        Dockerfile: `FROM python:3.12
RUN --mount=type=cache,target=/var/lib/apt,sharing=locked --mount=type=cache,target=/root/.cache/pip --mount=type=cache,target=/var/cache/apt,sharing=locked apt-get update && apt-get install -y curl && pip install flask
RUN --mount=type=cache,target=/root/.npm ["npm", "ci"]
RUN --mount=type=cache,target=/root/.cache/pip <<EOF
pip install -r requirements.txt
EOF
`,
      },
    },
    {
      name: 'a mount at the wrong place, and a cache moved elsewhere',
      files: {
        Dockerfile:
          'FROM node:20\nRUN --mount=type=cache,target=/root/.cache npm ci\nENV PIP_CACHE_DIR=/var/cache/pip\nRUN --mount=type=cache,target=/root/.cache/pip pip install flask\n',
      },
      errors: [
        { messageId: 'missingCacheMount', data: { install: 'npm ci', managers: 'npm', their: 'its', mounts: '--mount=type=cache,target=/root/.npm', optOut: NPM_OPT_OUT }, file: 'Dockerfile', line: 2, column: 44 },
        { messageId: 'missingCacheMount', data: { install: 'pip install flask', managers: 'pip', their: 'its', mounts: '--mount=type=cache,target=/var/cache/pip', optOut: PIP_OPT_OUT }, file: 'Dockerfile', line: 4, column: 48 },
      ],
      output: {
        Dockerfile:
          'FROM node:20\nRUN --mount=type=cache,target=/root/.npm --mount=type=cache,target=/root/.cache npm ci\nENV PIP_CACHE_DIR=/var/cache/pip\nRUN --mount=type=cache,target=/var/cache/pip --mount=type=cache,target=/root/.cache/pip pip install flask\n',
      },
    },
    {
      name: 'a non-root user: the mount in its home, with its uid, and no automatic fix',
      files: { Dockerfile: 'FROM python:3.12\nUSER 1000\nRUN pip install --user flask\nUSER app\nENV HOME=/srv/app\nRUN pip install --user gunicorn\n' },
      errors: [
        { messageId: 'missingCacheMount', data: { install: 'pip install --user flask', managers: 'pip', their: 'its', mounts: '--mount=type=cache,target=/home/1000/.cache/pip,uid=1000', optOut: PIP_OPT_OUT }, file: 'Dockerfile', line: 3, column: 5 },
        { messageId: 'missingCacheMount', data: { install: 'pip install --user gunicorn', managers: 'pip', their: 'its', mounts: '--mount=type=cache,target=/srv/app/.cache/pip', optOut: PIP_OPT_OUT }, file: 'Dockerfile', line: 6, column: 5 },
      ],
      output: { Dockerfile: 'FROM python:3.12\nUSER 1000\nRUN pip install --user flask\nUSER app\nENV HOME=/srv/app\nRUN pip install --user gunicorn\n' },
    },
    {
      name: 'managers without an automatic fix still get the exact mount',
      files: {
        Dockerfile:
          'FROM node:20\nRUN yarn install --frozen-lockfile\nRUN pnpm install\nRUN uv sync\nRUN poetry install\nRUN conda install -y numpy\nRUN dnf install -y gcc\nRUN go mod download\nRUN cargo fetch\nRUN composer install\nRUN bundle install\nRUN bun install\n',
      },
      errors: [
        { messageId: 'missingCacheMount', data: { install: 'yarn install --frozen-lockfile', managers: 'yarn', their: 'its', mounts: '--mount=type=cache,target=/usr/local/share/.cache/yarn', optOut: '`yarn cache clean` at the end of the same RUN (Yarn 2+ caches in ~/.yarn/berry/cache)' }, file: 'Dockerfile', line: 2, column: 5 },
        { messageId: 'missingCacheMount', data: { install: 'pnpm install', managers: 'pnpm', their: 'its', mounts: '--mount=type=cache,target=/root/.local/share/pnpm/store', optOut: 'a throwaway store (`--store-dir /tmp/pnpm-store`, removed in the same RUN)' }, file: 'Dockerfile', line: 3, column: 5 },
        { messageId: 'missingCacheMount', data: { install: 'uv sync', managers: 'uv', their: 'its', mounts: '--mount=type=cache,target=/root/.cache/uv', optOut: '`--no-cache` (or ENV UV_NO_CACHE=1)' }, file: 'Dockerfile', line: 4, column: 5 },
        { messageId: 'missingCacheMount', data: { install: 'poetry install', managers: 'poetry', their: 'its', mounts: '--mount=type=cache,target=/root/.cache/pypoetry', optOut: '`--no-cache`' }, file: 'Dockerfile', line: 5, column: 5 },
        { messageId: 'missingCacheMount', data: { install: 'conda install -y numpy', managers: 'conda', their: 'its', mounts: '--mount=type=cache,target=/opt/conda/pkgs', optOut: '`conda clean --all --yes` at the end of the same RUN' }, file: 'Dockerfile', line: 6, column: 5 },
        { messageId: 'missingCacheMount', data: { install: 'dnf install -y gcc', managers: 'dnf', their: 'its', mounts: '--mount=type=cache,target=/var/cache/dnf,sharing=locked', optOut: '`dnf clean all` at the end of the same RUN' }, file: 'Dockerfile', line: 7, column: 5 },
        { messageId: 'missingCacheMount', data: { install: 'go mod download', managers: 'go', their: 'its', mounts: '--mount=type=cache,target=/go/pkg/mod', optOut: '`go clean -modcache` at the end of the same RUN' }, file: 'Dockerfile', line: 8, column: 5 },
        { messageId: 'missingCacheMount', data: { install: 'cargo fetch', managers: 'cargo', their: 'its', mounts: '--mount=type=cache,target=/usr/local/cargo/registry', optOut: 'removing the registry cache in the same RUN' }, file: 'Dockerfile', line: 9, column: 5 },
        { messageId: 'missingCacheMount', data: { install: 'composer install', managers: 'composer', their: 'its', mounts: '--mount=type=cache,target=/root/.composer/cache', optOut: '`--no-cache`' }, file: 'Dockerfile', line: 10, column: 5 },
        { messageId: 'missingCacheMount', data: { install: 'bundle install', managers: 'bundle', their: 'its', mounts: '--mount=type=cache,target=/usr/local/bundle/cache', optOut: 'removing the gem cache in the same RUN' }, file: 'Dockerfile', line: 11, column: 5 },
        { messageId: 'missingCacheMount', data: { install: 'bun install', managers: 'bun', their: 'its', mounts: '--mount=type=cache,target=/root/.bun/install/cache', optOut: '`--no-cache`' }, file: 'Dockerfile', line: 12, column: 5 },
      ],
    },
  ],
});
