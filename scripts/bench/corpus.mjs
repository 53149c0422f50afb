// Builds the benchmark corpora in a scratch directory: a copy of this repository's reference setup, and a
// large synthetic monorepo generated from a seed (same seed, same bytes), with content varied enough that
// no parser or cache sees the same file twice.
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { createRandom } from './random.mjs';

/** Directory names never copied from the reference setup: installs and build output, not sources. */
const NOT_SOURCE = new Set(['node_modules', 'dist', 'coverage', '.venv', '__pycache__', '.pytest_cache']);

/**
 * Keeps only rules the built dockerlint knows in a config: rules land on other branches in parallel,
 * and the reference config already names some of them. Returns the ids dropped, to print them.
 */
export function keepKnownRules(config, knownRuleIds) {
  const dropped = new Set();
  const filter = (ruleSettings) =>
    Object.fromEntries(
      Object.entries(ruleSettings ?? {}).filter(([id]) => {
        if (knownRuleIds.has(id)) return true;
        dropped.add(id);
        return false;
      }),
    );
  const kept = { ...config };
  if (config.rules) kept.rules = filter(config.rules);
  if (config.overrides) kept.overrides = config.overrides.map((override) => ({ ...override, rules: filter(override.rules) }));
  return { config: kept, dropped: [...dropped].sort() };
}

/** A `.git` directory marks the project root, as in a real checkout (dockerlint then honours .gitignore). */
function markGitRoot(dir) {
  const result = spawnSync('git', ['init', '--quiet', dir], { stdio: 'ignore' });
  if (result.status !== 0) mkdirSync(path.join(dir, '.git'), { recursive: true });
}

function write(root, rel, text) {
  const file = path.join(root, rel);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
}

/** Copies the reference setup: `backend/`, `docker-compose.yml`, `.env` and `.dockerlintrc.json`. */
export function copyReferenceSetup(repoRoot, target, knownRuleIds) {
  mkdirSync(target, { recursive: true });
  markGitRoot(target);
  cpSync(path.join(repoRoot, 'backend'), path.join(target, 'backend'), {
    recursive: true,
    filter: (source) => !NOT_SOURCE.has(path.basename(source)),
  });
  for (const file of ['docker-compose.yml', '.env']) cpSync(path.join(repoRoot, file), path.join(target, file));
  const { config, dropped } = keepKnownRules(JSON.parse(readFileSync(path.join(repoRoot, '.dockerlintrc.json'), 'utf8')), knownRuleIds);
  write(target, '.dockerlintrc.json', `${JSON.stringify(config, null, 2)}\n`);
  return { dropped };
}

/**
 * A one-service repository, the smallest pre-commit case: the reference setup's API service (its
 * Dockerfile, .dockerignore, manifests and sources) at the root of a checkout of its own.
 */
export function copySmallRepo(repoRoot, target) {
  mkdirSync(target, { recursive: true });
  markGitRoot(target);
  cpSync(path.join(repoRoot, 'backend', 'api'), target, { recursive: true, filter: (source) => !NOT_SOURCE.has(path.basename(source)) });
}

// ─── Vocabulary for generated content ───────────────────────────────────────────────────────────

const DOMAINS = ['billing', 'search', 'media', 'identity', 'catalog', 'analytics', 'vision', 'notify', 'ledger', 'routing', 'inventory', 'support', 'maps', 'payments', 'audit', 'content', 'pricing', 'telemetry', 'chat', 'orders'];
const SERVICE_NAMES = {
  node: ['api', 'web', 'gateway', 'bff', 'realtime', 'admin', 'webhooks', 'renderer'],
  python: ['worker', 'ingest', 'scheduler', 'inference', 'trainer', 'reports', 'etl', 'vision'],
  go: ['proxy', 'exporter', 'collector', 'router', 'sync', 'indexer'],
  jvm: ['ledger-core', 'settlement', 'rules-engine', 'batch'],
  ruby: ['backoffice', 'mailer', 'importer'],
};
const KIND_WEIGHTS = [['node', 35], ['python', 30], ['go', 15], ['jvm', 10], ['ruby', 10]];
const GPU_NAMES = new Set(['inference', 'trainer', 'vision']);
const APT_PACKAGES = ['curl', 'ca-certificates', 'git', 'tini', 'libpq5', 'libpq-dev', 'build-essential', 'gcc', 'g++', 'make', 'pkg-config', 'libssl-dev', 'libffi-dev', 'zlib1g-dev', 'libjpeg62-turbo-dev', 'libpng-dev', 'ffmpeg', 'imagemagick', 'jq', 'unzip', 'gnupg', 'openssh-client', 'locales', 'tzdata', 'netcat-openbsd', 'libxml2-dev', 'libxslt1-dev', 'postgresql-client', 'default-libmysqlclient-dev', 'libgl1', 'libglib2.0-0'];
const NPM_PACKAGES = ['express', 'fastify', 'pg', 'ioredis', 'zod', 'pino', 'undici', 'dayjs', 'lodash', 'uuid', 'jsonwebtoken', 'bullmq', 'axios', 'ws', 'helmet', 'cors', 'dotenv', 'kafkajs', 'sharp', 'graphql'];
const PIP_PACKAGES = ['fastapi', 'uvicorn', 'gunicorn', 'flask', 'requests', 'numpy', 'pandas', 'pydantic', 'sqlalchemy', 'psycopg2-binary', 'redis', 'celery', 'boto3', 'pillow', 'opencv-python-headless', 'scipy', 'scikit-learn', 'httpx', 'orjson', 'structlog'];
const GO_MODULES = ['github.com/gin-gonic/gin', 'github.com/jackc/pgx/v5', 'github.com/redis/go-redis/v9', 'go.uber.org/zap', 'github.com/prometheus/client_golang', 'github.com/spf13/cobra', 'google.golang.org/grpc', 'github.com/nats-io/nats.go'];
const GEMS = ['rails', 'puma', 'pg', 'sidekiq', 'redis', 'bootsnap', 'nokogiri', 'devise', 'rack-cors', 'oj'];
const BACKING_IMAGES = [
  ['postgres', ['16.2', '15.6', '14.11']],
  ['redis', ['7.2-alpine', '7.4-alpine', '6.2']],
  ['mongo', ['7.0', '6.0.14']],
  ['rabbitmq', ['3.13-management', '3.12-alpine']],
  ['nginx', ['1.25-alpine', '1.27']],
  ['minio/minio', ['RELEASE.2024-03-15T01-07-19Z']],
  ['elasticsearch', ['8.12.2']],
  ['grafana/grafana', ['10.4.1']],
  ['prom/prometheus', ['v2.51.0']],
  ['memcached', ['1.6-alpine']],
];
const MANDATORY_IGNORES = ['node_modules', '__pycache__', '.git', '.gitignore', '.env', '*.log', 'data', '*.pkl'];

const pad = (number, width = 3) => String(number).padStart(width, '0');

function weightedKind(random) {
  const total = KIND_WEIGHTS.reduce((sum, [, weight]) => sum + weight, 0);
  let roll = random.next() * total;
  for (const [kind, weight] of KIND_WEIGHTS) {
    roll -= weight;
    if (roll < 0) return kind;
  }
  return 'node';
}

function version(random) {
  return `${random.int(0, 9)}.${random.int(0, 30)}.${random.int(0, 20)}`;
}

// ─── Dockerfiles ────────────────────────────────────────────────────────────────────────────────

function aptInstall(random, packages, { cacheMount }) {
  const mounts = cacheMount ? '--mount=type=cache,target=/var/cache/apt,sharing=locked \\\n    --mount=type=cache,target=/var/lib/apt,sharing=locked \\\n    ' : '';
  const cleanup = cacheMount ? '' : ' \\\n    && rm -rf /var/lib/apt/lists/*';
  const wrapped = packages.map((name, index) => (index > 0 && index % 4 === 0 ? `\\\n        ${name}` : name)).join(' ');
  const flags = random.pick(['--yes --no-install-recommends', '-y --no-install-recommends', '-y -q --no-install-recommends']);
  return `RUN ${mounts}apt-get update \\\n    && apt-get install ${flags} ${wrapped}${cleanup}`;
}

/** Extra RUN lines of the kind real Dockerfiles carry: users, loops, conditionals, pipes, heredocs. */
function extraRuns(random, stage, uid) {
  const snippets = [
    () => `RUN set -eux; \\\n    groupadd --system --gid ${uid} app; \\\n    useradd --system --uid ${uid} --gid app --home-dir /app --shell /usr/sbin/nologin app`,
    () => `RUN for dir in cache tmp logs run-${random.int(1, 9)}; do mkdir -p "/app/$dir" && chown ${uid}:${uid} "/app/$dir"; done`,
    () => `RUN if [ "$TARGETARCH" = "arm64" ]; then echo aarch64 > /etc/app-arch; else echo x86_64 > /etc/app-arch; fi`,
    () => `RUN curl -fsSL "https://downloads.example.invalid/tool/v${version(random)}/tool-linux-$(uname -m).tar.gz" \\\n    | tar -xz -C /usr/local/bin tool \\\n    && chmod 0755 /usr/local/bin/tool`,
    () => `RUN find /app -name '*.map' -o -name '*.md' | xargs --no-run-if-empty rm -f`,
    () => `RUN sed -i 's/^# *\\(en_US.UTF-8\\)/\\1/' /etc/locale.gen && locale-gen && update-locale LANG=en_US.UTF-8`,
    () => `RUN echo "build ${stage} $(date -u +%Y-%m-%d)" > /etc/build-info \\\n    && test -s /etc/build-info`,
    () => `RUN <<EOF\nset -e\nmkdir -p /app/config\necho '{"level": "${random.pick(['info', 'debug', 'warn'])}", "stage": "${stage}"}' > /app/config/log.json\nEOF`,
    () => `RUN ln -sf /dev/stdout /var/log/app-${random.int(1, 99)}.log && ln -sf /dev/stderr /var/log/app-error.log`,
  ];
  return random.sample(snippets, random.int(0, 3)).map((make) => make());
}

function header(random, service) {
  const lines = [`# syntax=docker/dockerfile:1.${random.int(4, 7)}`, `# ${service.stack}/${service.name}: ${service.kind} service, deps → build → runtime.`];
  if (random.chance(0.4)) lines.push(`# Owner: team-${service.domain}. Rebuilds only the last layers on a code change.`);
  return lines.join('\n');
}

function nodeDockerfile(random, service, violations) {
  const nodeVersion = random.pick(['18.19', '20.11', '20.12', '22.2']);
  const distro = random.pick(['bookworm-slim', 'bookworm', 'alpine3.19']);
  const from = service.usesBase ? 'base-node:latest' : `node:${nodeVersion}-${distro}`;
  const runtimeFrom = service.usesBase ? 'base-node-runtime:latest' : `node:${nodeVersion}-${distro}`;
  const port = service.port;
  const copyAllFirst = violations.copyAllFirst ? 'COPY . .\n' : '';
  const lines = [
    header(random, service),
    '',
    `FROM ${from} AS deps`,
    'WORKDIR /app',
    `${copyAllFirst}COPY package.json package-lock.json ./`,
    random.chance(0.8) ? 'RUN --mount=type=cache,target=/root/.npm \\\n    npm ci --no-audit --no-fund' : 'RUN npm ci --no-audit --no-fund && npm cache clean --force',
    '',
    'FROM deps AS build',
    'COPY tsconfig.json ./',
    'COPY src ./src',
    `RUN npm run build${random.chance(0.5) ? ' \\\n    && npm prune --omit=dev' : ''}`,
    ...extraRuns(random, 'build', 1000),
    '',
    `FROM ${runtimeFrom} AS runtime`,
  ];
  if (violations.installInRuntime) lines.push(random.chance(0.5) ? 'RUN npm install --global pm2@5' : aptInstall(random, random.sample(APT_PACKAGES, random.int(1, 3)), { cacheMount: false }));
  lines.push(
    'WORKDIR /app',
    `ENV NODE_ENV=production PORT=${port}`,
    'COPY --from=build /app/node_modules ./node_modules',
    'COPY --from=build /app/dist ./dist',
    'COPY --from=build /app/package.json ./package.json',
  );
  if (service.entrypoint) lines.push('COPY entrypoint.sh /usr/local/bin/entrypoint.sh', 'ENTRYPOINT ["/usr/local/bin/entrypoint.sh"]');
  lines.push(
    'USER node',
    `EXPOSE ${port}`,
    `HEALTHCHECK --interval=${random.int(10, 60)}s --timeout=3s --retries=3 \\\n    CMD ["node", "-e", "fetch('http://127.0.0.1:${port}/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]`,
    `CMD ["node", "dist/${random.pick(['server', 'main', 'index'])}.js"]`,
  );
  return `${lines.join('\n')}\n`;
}

function pythonDockerfile(random, service, violations) {
  const pythonVersion = random.pick(['3.10', '3.11', '3.12']);
  const gpu = service.gpu;
  const system = service.usesBase ? 'base-python:latest' : gpu ? `nvidia/cuda:12.${random.int(1, 4)}.1-runtime-ubuntu22.04` : `python:${pythonVersion}-slim-bookworm`;
  const runtimeFrom = service.usesBase ? 'base-python-runtime:latest' : 'system';
  const port = service.port;
  const lines = [header(random, service), '', `FROM ${system} AS system`, 'ARG DEBIAN_FRONTEND=noninteractive'];
  if (!service.usesBase) {
    lines.push(aptInstall(random, random.sample(APT_PACKAGES, random.int(2, 7)), { cacheMount: random.chance(0.6) }));
    lines.push(`ENV PYTHONUNBUFFERED=1 \\\n    PYTHONDONTWRITEBYTECODE=1 \\\n    VIRTUAL_ENV=/opt/venv \\\n    PATH=/opt/venv/bin:$PATH`);
  }
  lines.push('', 'FROM system AS deps');
  if (!service.usesBase) lines.push(`RUN python${gpu ? '3' : ''} -m venv /opt/venv`);
  if (violations.copyAllFirst) lines.push('WORKDIR /srv', 'COPY . .');
  lines.push(
    'COPY requirements.txt /tmp/requirements.txt',
    random.chance(0.75)
      ? 'RUN --mount=type=cache,target=/root/.cache/pip \\\n    pip install --upgrade pip wheel \\\n    && pip install --requirement /tmp/requirements.txt'
      : 'RUN pip install --no-cache-dir -r /tmp/requirements.txt',
    '',
    'FROM deps AS build',
    'WORKDIR /srv',
    'COPY app ./app',
    'RUN python -m compileall -q app',
    ...extraRuns(random, 'build', 1001),
    '',
    `FROM ${runtimeFrom} AS runtime`,
  );
  if (violations.installInRuntime) lines.push(random.chance(0.5) ? `RUN pip install --no-cache-dir ${random.pick(PIP_PACKAGES)}` : aptInstall(random, random.sample(APT_PACKAGES, random.int(1, 3)), { cacheMount: false }));
  lines.push('WORKDIR /srv', 'COPY --from=deps /opt/venv /opt/venv', 'COPY --from=build /srv/app ./app');
  if (service.entrypoint) lines.push('COPY entrypoint.sh /entrypoint.sh', 'ENTRYPOINT ["/entrypoint.sh"]');
  lines.push(
    `USER ${random.pick(['app', '1001', 'nobody'])}`,
    `EXPOSE ${port}`,
    random.chance(0.5)
      ? `CMD ["gunicorn", "--bind", "0.0.0.0:${port}", "--workers", "${random.int(1, 8)}", "app.wsgi:application"]`
      : `CMD ["uvicorn", "app.main:app", "--host", "0.0.0.0", "--port", "${port}"]`,
  );
  return `${lines.join('\n')}\n`;
}

function goDockerfile(random, service, violations) {
  const goVersion = random.pick(['1.21', '1.22', '1.23']);
  const lines = [
    header(random, service),
    '',
    `FROM golang:${goVersion}-bookworm AS deps`,
    'WORKDIR /src',
    violations.copyAllFirst ? 'COPY . .' : 'COPY go.mod go.sum ./',
    'RUN --mount=type=cache,target=/go/pkg/mod \\\n    go mod download',
    '',
    'FROM deps AS build',
    'COPY cmd ./cmd',
    'COPY internal ./internal',
    `RUN --mount=type=cache,target=/go/pkg/mod \\\n    --mount=type=cache,target=/root/.cache/go-build \\\n    CGO_ENABLED=0 GOOS=linux go build -trimpath -ldflags="-s -w -X main.version=${version(random)}" -o /out/${service.name} ./cmd/${service.name}`,
    ...extraRuns(random, 'build', 1002),
    '',
    `FROM ${random.pick(['gcr.io/distroless/static-debian12:nonroot', 'alpine:3.19', 'debian:bookworm-slim'])} AS runtime`,
  ];
  if (violations.installInRuntime) lines.push(`RUN apk add --no-cache ${random.sample(['curl', 'ca-certificates', 'tzdata', 'bash'], 2).join(' ')}`);
  lines.push(`COPY --from=build /out/${service.name} /usr/local/bin/${service.name}`, `EXPOSE ${service.port}`, `ENTRYPOINT ["/usr/local/bin/${service.name}"]`);
  return `${lines.join('\n')}\n`;
}

function jvmDockerfile(random, service, violations) {
  const jdk = random.pick(['17', '21']);
  const lines = [
    header(random, service),
    '',
    `FROM maven:3.9-eclipse-temurin-${jdk} AS deps`,
    'WORKDIR /build',
    violations.copyAllFirst ? 'COPY . .' : 'COPY pom.xml ./',
    'RUN --mount=type=cache,target=/root/.m2 \\\n    mvn -B -q dependency:go-offline',
    '',
    'FROM deps AS build',
    'COPY src ./src',
    'RUN --mount=type=cache,target=/root/.m2 \\\n    mvn -B -q package -DskipTests \\\n    && cp target/*.jar /build/app.jar',
    ...extraRuns(random, 'build', 1003),
    '',
    `FROM eclipse-temurin:${jdk}-jre AS runtime`,
  ];
  if (violations.installInRuntime) lines.push(aptInstall(random, random.sample(APT_PACKAGES, 2), { cacheMount: false }));
  lines.push('WORKDIR /app', 'COPY --from=build /build/app.jar ./app.jar', `EXPOSE ${service.port}`, `CMD ["java", "-XX:MaxRAMPercentage=${random.int(50, 80)}", "-jar", "app.jar"]`);
  return `${lines.join('\n')}\n`;
}

function rubyDockerfile(random, service, violations) {
  const rubyVersion = random.pick(['3.2', '3.3']);
  const lines = [
    header(random, service),
    '',
    `FROM ruby:${rubyVersion}-slim-bookworm AS deps`,
    aptInstall(random, ['build-essential', 'libpq-dev', ...random.sample(['git', 'libyaml-dev', 'pkg-config'], 1)], { cacheMount: random.chance(0.5) }),
    'WORKDIR /app',
    violations.copyAllFirst ? 'COPY . .' : 'COPY Gemfile Gemfile.lock ./',
    'RUN --mount=type=cache,target=/usr/local/bundle/cache \\\n    bundle config set --local without "development test" \\\n    && bundle install --jobs 4',
    '',
    'FROM deps AS build',
    'COPY . .',
    'RUN bundle exec bootsnap precompile --gemfile app/ lib/',
    ...extraRuns(random, 'build', 1004),
    '',
    `FROM ruby:${rubyVersion}-slim-bookworm AS runtime`,
    aptInstall(random, ['libpq5', ...random.sample(['curl', 'tzdata'], 1)], { cacheMount: false }),
  ];
  if (violations.installInRuntime) lines.push('RUN gem install foreman');
  lines.push('WORKDIR /app', 'COPY --from=build /usr/local/bundle /usr/local/bundle', 'COPY --from=build /app /app', `EXPOSE ${service.port}`, `CMD ["bundle", "exec", "puma", "-p", "${service.port}"]`);
  return `${lines.join('\n')}\n`;
}

const DOCKERFILES = { node: nodeDockerfile, python: pythonDockerfile, go: goDockerfile, jvm: jvmDockerfile, ruby: rubyDockerfile };

// ─── Service sources, manifests, .dockerignore, scripts ─────────────────────────────────────────

function manifests(random, service) {
  const files = {};
  switch (service.kind) {
    case 'node': {
      const deps = Object.fromEntries(random.sample(NPM_PACKAGES, random.int(3, 9)).map((name) => [name, `^${version(random)}`]));
      files['package.json'] = `${JSON.stringify({ name: `@${service.stack}/${service.name}`, version: version(random), private: true, type: 'module', scripts: { build: 'tsc -p .', start: 'node dist/server.js' }, dependencies: deps }, null, 2)}\n`;
      files['package-lock.json'] = `${JSON.stringify({ name: `@${service.stack}/${service.name}`, lockfileVersion: 3, requires: true, packages: Object.fromEntries(Object.entries(deps).map(([name, range]) => [`node_modules/${name}`, { version: range.slice(1) }])) }, null, 2)}\n`;
      files['tsconfig.json'] = '{ "compilerOptions": { "outDir": "dist", "module": "NodeNext", "strict": true } }\n';
      files['src/server.ts'] = `import { createServer } from 'node:http';\n\nconst port = Number(process.env.PORT ?? ${service.port});\ncreateServer((_req, res) => res.end('${service.name}')).listen(port);\n`;
      break;
    }
    case 'python':
      files['requirements.txt'] = `${random.sample(PIP_PACKAGES, random.int(3, 10)).map((name) => `${name}==${version(random)}`).join('\n')}\n`;
      files['app/__init__.py'] = '';
      files['app/main.py'] = `"""${service.name} entry point."""\n\n\ndef app(environ, start_response):\n    start_response("200 OK", [("Content-Type", "text/plain")])\n    return [b"${service.name}"]\n`;
      break;
    case 'go':
      files['go.mod'] = `module example.invalid/${service.stack}/${service.name}\n\ngo 1.22\n\nrequire (\n${random.sample(GO_MODULES, random.int(2, 5)).map((name) => `\t${name} v${version(random)}`).join('\n')}\n)\n`;
      files['go.sum'] = `${random.sample(GO_MODULES, 2).map((name) => `${name} v${version(random)} h1:${random.int(1e8, 9e8)}=`).join('\n')}\n`;
      files[`cmd/${service.name}/main.go`] = `package main\n\nimport "fmt"\n\nfunc main() { fmt.Println("${service.name}") }\n`;
      files['internal/config/config.go'] = 'package config\n\nconst Port = 8080\n';
      break;
    case 'jvm':
      files['pom.xml'] = `<project>\n  <modelVersion>4.0.0</modelVersion>\n  <groupId>invalid.example.${service.domain}</groupId>\n  <artifactId>${service.name}</artifactId>\n  <version>${version(random)}</version>\n</project>\n`;
      files['src/main/java/App.java'] = `public class App { public static void main(String[] args) { System.out.println("${service.name}"); } }\n`;
      break;
    case 'ruby':
      files.Gemfile = `source "https://gems.example.invalid"\n${random.sample(GEMS, random.int(3, 7)).map((name) => `gem "${name}", "~> ${random.int(1, 7)}.${random.int(0, 9)}"`).join('\n')}\n`;
      files['Gemfile.lock'] = `GEM\n  specs:\n${random.sample(GEMS, 4).map((name) => `    ${name} (${version(random)})`).join('\n')}\n`;
      files['config.ru'] = `run ->(_env) { [200, {}, ["${service.name}"]] }\n`;
      break;
  }
  return files;
}

function dockerignore(random, service, omitMandatory) {
  const prefix = random.chance(0.7) ? '**/' : '';
  const mandatory = MANDATORY_IGNORES.filter((entry) => !omitMandatory.includes(entry)).map((entry) => `${prefix}${entry}`);
  const extra = {
    node: ['dist', 'coverage', '*.tsbuildinfo', 'npm-debug.log*'],
    python: ['.venv', '.pytest_cache', '*.pyc', 'htmlcov'],
    go: ['bin', '*.test', 'vendor'],
    jvm: ['target', '.idea', '*.iml'],
    ruby: ['tmp', 'log', 'vendor/bundle', '.bundle'],
  }[service.kind];
  const lines = ['# Keep the build context small and the cache keys stable.', ...mandatory];
  if (random.chance(0.5)) lines.push('', '# Not needed in the image');
  lines.push(...random.sample(extra, random.int(1, extra.length)));
  if (random.chance(0.2)) lines.push('!README.md');
  return `${lines.join('\n')}\n`;
}

function entrypointScript(random, service, installAtStart) {
  const lines = ['#!/bin/sh', '# Runs migrations when asked, then hands over to the command.', 'set -eu'];
  if (installAtStart) lines.push(service.kind === 'python' ? 'pip install --no-cache-dir -r /srv/requirements.txt' : 'npm install --omit=dev');
  lines.push(
    `if [ "\${RUN_MIGRATIONS:-0}" = "1" ]; then`,
    `  echo "migrating ${service.name}" >&2`,
    `  ${service.kind === 'python' ? 'python -m app.migrate' : 'node dist/migrate.js'} || exit 1`,
    'fi',
    'exec "$@"',
  );
  return `${lines.join('\n')}\n`;
}

function stackScript(random, stack, options) {
  const lines = ['#!/usr/bin/env bash', `# Developer helper for ${stack.name}.`, 'set -euo pipefail', 'cd "$(dirname "$0")/.."', ''];
  lines.push(
    'usage() {',
    '  echo "usage: $0 {up|down|logs|rebuild} [service...]" >&2',
    '  exit 2',
    '}',
    '',
    'compose() {',
    `  docker compose --project-name ${stack.name} --file docker-compose.yml "$@"`,
    '}',
    '',
    'case "${1:-}" in',
    '  up) shift; compose up --detach --build "$@" ;;',
    '  down) compose down --remove-orphans ;;',
    '  logs) shift; compose logs --follow --tail=200 "$@" | grep --line-buffered -v healthcheck ;;',
    `  rebuild) shift; for service in \${@:-${stack.services.filter((service) => service.dockerfile).map((service) => service.name).join(' ')}}; do compose build "$service"; done ;;`,
    '  *) usage ;;',
    'esac',
  );
  if (options.installs) lines.push('', '# One-off setup on the developer machine.', random.chance(0.5) ? 'sudo apt-get install -y jq httpie' : 'pip install --user pre-commit==3.7.0');
  if (options.windowsPath) lines.push('', `rsync -a /mnt/c/Users/dev/${stack.name}/fixtures/ ./fixtures/`);
  return `${lines.join('\n')}\n`;
}

function releaseScript(random, stack) {
  const images = stack.services.filter((service) => service.dockerfile).map((service) => service.name);
  return [
    '#!/bin/sh',
    `# Tags and pushes the ${stack.name} images.`,
    'set -e',
    `VERSION=\${1:?version}`,
    `REGISTRY=\${REGISTRY:-registry.example.invalid/${stack.domain}}`,
    `for image in ${images.join(' ')}; do`,
    `  docker tag "${stack.name}-$image:latest" "$REGISTRY/$image:$VERSION"`,
    '  docker push "$REGISTRY/$image:$VERSION" || { echo "push failed: $image" >&2; exit 1; }',
    'done',
    random.chance(0.5) ? 'git tag -a "v$VERSION" -m "release $VERSION" && git push --tags' : 'echo "released $VERSION"',
    '',
  ].join('\n');
}

// ─── Compose files ──────────────────────────────────────────────────────────────────────────────

function composeFile(random, stack, options) {
  const lines = [`# ${stack.name}: ${stack.services.length} services of the ${stack.domain} domain.`, `name: ${stack.name}`, ''];
  const anchors = random.chance(0.5);
  if (anchors) {
    lines.push('x-defaults: &defaults', '  restart: unless-stopped', '  logging:', '    driver: json-file', '    options:', `      max-size: "${random.int(5, 50)}m"`, '');
  }
  lines.push('services:');
  for (const service of stack.services) {
    lines.push(`  ${service.name}:`);
    if (anchors) lines.push('    <<: *defaults');
    if (service.dockerfile || service.sharesContextOf) {
      const contextOwner = service.sharesContextOf ?? service;
      lines.push('    build:', `      context: ./services/${contextOwner.dir}`);
      if (random.chance(0.2)) lines.push('      dockerfile: Dockerfile');
      lines.push(`      target: ${service.sharesContextOf ? 'build' : 'runtime'}`);
      if (random.chance(0.4)) lines.push('      args:', `        APP_VERSION: "${version(random)}"`, `        BUILD_SHA: "${random.int(1e6, 9e6).toString(16)}"`);
      if (random.chance(0.15)) lines.push('      cache_from:', `        - registry.example.invalid/${stack.domain}/${service.name}:cache`);
      if (random.chance(0.25)) lines.push(`    image: registry.example.invalid/${stack.domain}/${service.name}:${version(random)}`);
    } else {
      lines.push(`    image: ${service.image}`);
    }
    if (random.chance(0.2)) lines.push(`    container_name: ${stack.name}-${service.name}`);
    if (service.port && random.chance(0.7)) lines.push('    ports:', `      - "${random.chance(0.6) ? '127.0.0.1:' : ''}${service.hostPort}:${service.port}"`);
    if (random.chance(0.8)) {
      lines.push('    environment:');
      if (random.chance(0.5)) {
        lines.push(`      LOG_LEVEL: ${random.pick(['info', 'debug', 'warn'])}`, `      SERVICE_NAME: ${service.name}`);
        if (service.dockerfile) lines.push(`      DATABASE_URL: postgres://app:app@db:5432/${stack.domain}`);
      } else {
        lines.push(`      - LOG_LEVEL=${random.pick(['info', 'debug'])}`, `      - TZ=${random.pick(['UTC', 'Europe/Berlin', 'America/New_York'])}`);
      }
    }
    if (stack.hasEnvFile && random.chance(0.3)) lines.push('    env_file:', '      - .env');
    const others = stack.services.filter((other) => other !== service && !other.dockerfile).map((other) => other.name);
    if (service.dockerfile && others.length > 0) {
      const deps = random.sample(others, random.int(1, Math.min(3, others.length)));
      if (random.chance(0.5)) lines.push('    depends_on:', ...deps.map((dep) => `      - ${dep}`));
      else lines.push('    depends_on:', ...deps.flatMap((dep) => [`      ${dep}:`, '        condition: service_started']));
    }
    const volumes = [];
    if (service.volume) volumes.push(`${service.name}-data:${service.volume}`);
    if (service.dockerfile && random.chance(0.2)) volumes.push(`./config/${service.name}:/etc/${service.name}:ro`);
    if (options.windowsPathService === service) volumes.push(`/mnt/c/Users/dev/${stack.name}/media:/media`);
    if (volumes.length > 0) lines.push('    volumes:', ...volumes.map((volume) => `      - ${volume}`));
    if (service.dockerfile && random.chance(0.4)) {
      lines.push(
        '    healthcheck:',
        `      test: ["CMD", "curl", "-fsS", "http://localhost:${service.port}/health"]`,
        `      interval: ${random.int(10, 60)}s`,
        '      timeout: 5s',
        `      retries: ${random.int(3, 5)}`,
      );
    }
    if (service.gpu) {
      lines.push('    shm_size: 2gb', '    deploy:', '      resources:', '        reservations:', '          devices:', '            - driver: nvidia', `              count: ${random.pick(['1', '2', 'all'])}`, '              capabilities: [gpu]');
    } else if (random.chance(0.2)) {
      lines.push('    deploy:', '      resources:', '        limits:', `          cpus: "${random.pick(['0.5', '1', '2'])}"`, `          memory: ${random.pick(['256M', '512M', '1G'])}`);
    }
    if (!anchors && random.chance(0.6)) lines.push(`    restart: ${random.pick(['unless-stopped', 'always', 'on-failure'])}`);
    if (random.chance(0.1)) lines.push('    profiles: [debug]');
    lines.push('');
  }
  const named = stack.services.filter((service) => service.volume).map((service) => `${service.name}-data`);
  if (named.length > 0) lines.push('volumes:', ...named.map((name) => `  ${name}:`));
  return `${lines.join('\n')}\n`;
}

// ─── The platform's base images (the reference setup's pattern: bases built before services) ──────

const BASE_IMAGES = {
  node: (random) => ({ system: `node:20.${random.int(10, 12)}-bookworm-slim`, toolchain: 'RUN npm install --global npm@10.5.0' }),
  python: (random) => ({ system: `python:3.${random.int(10, 12)}-slim-bookworm`, toolchain: 'RUN python -m venv /opt/venv \\\n    && /opt/venv/bin/pip install --upgrade pip wheel' }),
  go: (random) => ({
    system: 'debian:bookworm-slim',
    toolchain: `RUN curl -fsSL "https://downloads.example.invalid/go/go1.22.${random.int(0, 9)}.linux-amd64.tar.gz" \\\n    | tar -C /usr/local -xz\nENV PATH=/usr/local/go/bin:$PATH`,
  }),
  jvm: (random) => ({ system: `eclipse-temurin:${random.pick(['17', '21'])}-jre`, toolchain: aptInstall(random, ['maven', 'git'], { cacheMount: true }) }),
};

function baseDockerfile(random, language) {
  const { system, toolchain } = BASE_IMAGES[language](random);
  return [
    '# syntax=docker/dockerfile:1.7',
    `# base-${language}: the shared toolchain (default target) and a lean runtime (target runtime).`,
    `FROM ${system} AS system`,
    aptInstall(random, ['ca-certificates', 'tini', ...random.sample(['curl', 'tzdata', 'locales'], 2)], { cacheMount: true }),
    '',
    'FROM system AS runtime',
    'RUN useradd --uid 1000 --create-home app',
    'USER app',
    '',
    'FROM system AS toolchain',
    toolchain,
    '',
  ].join('\n');
}

/**
 * Generates the large corpus: exactly `composeFiles` compose files with `serviceCount` services and
 * `dockerfileCount` multi-stage Dockerfiles (4 of them base images), with .dockerignore files, manifests,
 * sources and scripts. A few percent of each kind of file breaks a policy rule, as in real repositories.
 * Returns the repo-relative paths written, by kind, and the config rules dropped as unknown.
 */
export function generateLargeRepo(root, { seed, composeFiles, serviceCount, dockerfileCount, knownRuleIds }) {
  const random = createRandom(seed);
  mkdirSync(root, { recursive: true });
  markGitRoot(root);
  const inventory = { compose: [], dockerfile: [], dockerignore: [], script: [], env: [], other: [] };
  const put = (rel, text, kind = 'other') => {
    write(root, rel, text);
    inventory[kind].push(rel);
  };

  put('.gitignore', 'node_modules/\n*.log\n.env.local\n/out/\n');

  // The platform stack: base images built before any service, each with a lean `runtime` target, as in
  // the reference setup; compose builds both targets of each.
  const bases = ['node', 'python', 'go', 'jvm'];
  const platformLines = ['# Build-only base images; build them before any stack.', 'name: platform', '', 'services:'];
  for (const language of bases) {
    put(`platform/base-${language}/Dockerfile`, baseDockerfile(random, language), 'dockerfile');
    put(`platform/base-${language}/.dockerignore`, `${MANDATORY_IGNORES.map((entry) => `**/${entry}`).join('\n')}\n`, 'dockerignore');
    for (const target of ['toolchain', 'runtime']) {
      const name = target === 'runtime' ? `base-${language}-runtime` : `base-${language}`;
      platformLines.push(`  ${name}:`, '    profiles: [base]', `    image: ${name}:latest`, '    build:', `      context: ./base-${language}`, `      target: ${target}`, '');
    }
  }
  put('platform/docker-compose.yml', `${platformLines.join('\n')}\n`, 'compose');
  put(
    'platform/scripts/build-bases.sh',
    ['#!/usr/bin/env bash', 'set -euo pipefail', 'cd "$(dirname "$0")/.."', `for base in ${bases.join(' ')}; do`, '  docker build --tag "base-$base:latest" --target toolchain "base-$base"', '  docker build --tag "base-$base-runtime:latest" --target runtime "base-$base"', 'done', ''].join('\n'),
    'script',
  );
  const platformServices = bases.length * 2;

  // The stacks share out what is left of the Dockerfiles and services.
  const stackCount = composeFiles - 1;
  const serviceDockerfiles = dockerfileCount - bases.length;
  const builtPerStack = random.partition(serviceDockerfiles, stackCount, 1, 5);
  const imagesPerStack = random.partition(serviceCount - platformServices - serviceDockerfiles, stackCount, 0, 7);
  const gpuServices = new Set();
  let hostPort = 20000;

  for (let index = 0; index < stackCount; index++) {
    const domain = DOMAINS[index % DOMAINS.length];
    const stack = { name: `${domain}-${pad(index)}`, domain, services: [], hasEnvFile: random.chance(0.4) };
    const dir = `stacks/${stack.name}`;
    const usedNames = new Set();
    const uniqueName = (name) => {
      let candidate = name;
      for (let n = 2; usedNames.has(candidate); n++) candidate = `${name}-${n}`;
      usedNames.add(candidate);
      return candidate;
    };
    for (let built = 0; built < builtPerStack[index]; built++) {
      const kind = weightedKind(random);
      const name = uniqueName(random.pick(SERVICE_NAMES[kind]));
      const gpu = kind === 'python' && GPU_NAMES.has(name.replace(/-\d+$/, '')) && random.chance(0.7);
      stack.services.push({
        stack: stack.name,
        domain,
        name,
        dir: name,
        kind,
        gpu,
        usesBase: (kind === 'node' || kind === 'python') && !gpu && random.chance(0.3),
        entrypoint: (kind === 'node' || kind === 'python') && random.chance(0.3),
        dockerfile: true,
        port: { node: 3000, python: 8000, go: 8080, jvm: 8080, ruby: 9292 }[kind] + random.int(0, 9),
        hostPort: hostPort++,
        volume: random.chance(0.15) ? '/app/data' : null,
      });
      if (gpu) gpuServices.add(name);
    }
    const backing = random.sample(BACKING_IMAGES, Math.min(imagesPerStack[index], BACKING_IMAGES.length));
    for (let extra = 0; extra < imagesPerStack[index]; extra++) {
      // A few stacks run a second service from the first service's build context (a policy violation).
      const first = stack.services[0];
      if (extra === 0 && first && random.chance(0.05)) {
        stack.services.push({ stack: stack.name, domain, name: uniqueName(`${first.name}-jobs`), dir: first.dir, kind: first.kind, sharesContextOf: first, dockerfile: false, port: first.port, hostPort: hostPort++, volume: null });
        continue;
      }
      const [image, tags] = backing[extra % backing.length] ?? random.pick(BACKING_IMAGES);
      const baseName = image.split('/').pop();
      const name = uniqueName(extra === 0 && image === 'postgres' ? 'db' : baseName);
      stack.services.push({ stack: stack.name, domain, name, kind: 'image', image: `${image}:${random.pick(tags)}`, dockerfile: false, port: null, hostPort: hostPort++, volume: random.chance(0.6) ? '/data' : null });
    }

    for (const service of stack.services.filter((candidate) => candidate.dockerfile)) {
      const violations = { copyAllFirst: random.chance(0.08), installInRuntime: random.chance(0.08) };
      const serviceDir = `${dir}/services/${service.dir}`;
      put(`${serviceDir}/Dockerfile`, DOCKERFILES[service.kind](random, service, violations), 'dockerfile');
      if (random.chance(0.88)) {
        const omit = random.chance(0.1) ? random.sample(MANDATORY_IGNORES, random.int(1, 2)) : [];
        put(`${serviceDir}/.dockerignore`, dockerignore(random, service, omit), 'dockerignore');
      }
      for (const [rel, text] of Object.entries(manifests(random, service))) put(`${serviceDir}/${rel}`, text);
      if (service.entrypoint) put(`${serviceDir}/entrypoint.sh`, entrypointScript(random, service, random.chance(0.1)), 'script');
    }
    const windowsPathService = random.chance(0.04) ? random.pick(stack.services) : null;
    put(`${dir}/docker-compose.yml`, composeFile(random, stack, { windowsPathService }), 'compose');
    if (stack.hasEnvFile) put(`${dir}/.env`, `COMPOSE_PROJECT_NAME=${stack.name}\nTAG=${version(random)}\n`, 'env');
    put(`${dir}/scripts/dev.sh`, stackScript(random, stack, { installs: random.chance(0.1), windowsPath: random.chance(0.03) }), 'script');
    if (random.chance(0.3)) put(`${dir}/scripts/release.sh`, releaseScript(random, stack), 'script');
    if (random.chance(0.2)) put(`${dir}/bin/manage`, releaseScript(random, stack), 'script');
    put(`${dir}/README.md`, `# ${stack.name}\n\nRun \`scripts/dev.sh up\`.\n`);
  }

  const config = {
    extends: 'dockerlint:recommended',
    images: Object.fromEntries(
      bases.flatMap((language) => [
        [`base-${language}:latest`, { dockerfile: `platform/base-${language}/Dockerfile`, target: 'toolchain' }],
        [`base-${language}-runtime:latest`, { dockerfile: `platform/base-${language}/Dockerfile`, target: 'runtime' }],
      ]),
    ),
    gpuServices: [...gpuServices].sort(),
    rules: { 'service-uses-base-image': 'error', 'dependency-cache-mount': 'error' },
  };
  const { config: kept, dropped } = keepKnownRules(config, knownRuleIds);
  put('.dockerlintrc.json', `${JSON.stringify(kept, null, 2)}\n`);
  return { inventory, dropped };
}

/** A tree holding only `files` (copied from `source`, same relative paths) plus the config and a git root. */
export function copySubset(source, target, files) {
  mkdirSync(target, { recursive: true });
  markGitRoot(target);
  for (const rel of ['.dockerlintrc.json', ...files]) cpSync(path.join(source, rel), path.join(target, rel));
}
