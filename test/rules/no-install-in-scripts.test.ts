import rule from '../../src/rules/no-install-in-scripts.js';
import { ruleTests } from '../helpers/rule-tester.js';

const DETECTRON = 'backend/docker/base-python-pose/install_detectron2.sh';
const MAX_IGNORES = '**/node_modules\n**/__pycache__\n**/.git\n**/.env\n';

ruleTests(rule, {
  valid: [
    { name: 'the installs moved into the Dockerfile; RUN only runs a check script', fixture: 'fixtures/no-install-in-scripts/detectron2-in-dockerfile' },
    { name: 'build-and-start.sh only exports BuildKit variables and runs docker-compose', fixture: 'fixtures/no-install-in-scripts/build-and-start' },
    {
      name: 'scripts that orchestrate docker, compose and git',
      files: {
        'deploy.sh': '#!/bin/sh\nset -e\ngit pull --ff-only\ndocker compose build api\ndocker compose up -d\ndocker image prune -f\n',
        'scripts/release.bash': 'for service in api web; do\n  docker build -t "registry.example.com/$service:$TAG" "backend/$service"\ndone\n',
      },
    },
    {
      name: 'a Makefile that only orchestrates docker compose and git, and one the option allow names',
      files: {
        Makefile: '.PHONY: up\nup:\n\tgit submodule update --init\n\tdocker compose build\n\tdocker compose run --rm api pip list\n\t@echo "run: pip install -r requirements.txt"\n',
        'ci/bootstrap.mk': 'docker:\n\tsudo apt-get install -y docker.io\n',
      },
      options: { allow: ['ci/*.mk'] },
    },
    {
      name: 'a script in an allowed directory (CI bootstrap)',
      files: { '.ci/bootstrap.sh': '#!/bin/sh\napt-get update\napt-get install -y docker.io\n' },
      options: { allow: ['.ci/**'] },
    },
    {
      name: 'installing the project itself without dependencies, removing packages, running npm scripts',
      files: { 'dev.sh': 'pip install --no-deps .\napt-get purge -y gcc\nnpm run build\nnpm test\n' },
    },
    {
      name: 'a script run at container start is left to no-install-at-startup',
      files: {
        'api/Dockerfile': 'FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nCMD ["sh", "start.sh"]\n',
        'api/.dockerignore': MAX_IGNORES,
        'api/start.sh': 'pip install -r requirements.txt\nexec gunicorn app:app\n',
      },
    },
  ],
  invalid: [
    {
      name: 'make setup installs the API\'s and the web app\'s dependencies on the developer\'s machine',
      fixture: 'fixtures/no-install-in-scripts/makefile-setup',
      errors: [
        { messageId: 'installInMakefile', data: { manager: 'pip', command: 'pip install -r backend/api/requirements.txt' }, file: 'Makefile', line: 8, column: 28, endColumn: 71 },
        { messageId: 'installInMakefile', data: { manager: 'npm', command: 'npm ci' }, file: 'Makefile', line: 9, column: 12, endColumn: 18 },
      ],
    },
    {
      name: 'a recipe after ;, a continued recipe line behind sudo, and a canned recipe',
      files: {
        'tools.mk': [
          'deps: ; apt-get update && apt-get install -y jq',
          'lint:',
          '\t@sudo -H \\',
          '\t  pip3 install pre-commit',
          'define BOOTSTRAP',
          '\tgem install bundler',
          'endef',
          '',
        ].join('\n'),
      },
      errors: [
        { messageId: 'installInMakefile', data: { manager: 'apt-get', command: 'apt-get install -y jq' }, file: 'tools.mk', line: 1, column: 27 },
        { messageId: 'installInMakefile', data: { manager: 'pip', command: 'pip3 install pre-commit' }, file: 'tools.mk', line: 3, column: 3, endLine: 4, endColumn: 27 },
        { messageId: 'installInMakefile', data: { manager: 'gem', command: 'gem install bundler' }, file: 'tools.mk', line: 6, column: 2 },
      ],
    },
    {
      name: 'install_detectron2.sh tries pip install three ways inside if blocks, and RUN executes it: one finding, at the RUN',
      fixture: 'fixtures/no-install-in-scripts/install-detectron2',
      errors: [
        {
          messageId: 'hiddenInstall',
          data: { script: DETECTRON, installs: `pip in ${DETECTRON} (lines 7, 10, 13)` },
          file: 'backend/docker/base-python-pose/Dockerfile',
          line: 7,
          column: 5,
          endLine: 7,
          endColumn: 28,
          related: [
            { file: DETECTRON, line: 7, column: 4 },
            { file: DETECTRON, line: 10, column: 4 },
            { file: DETECTRON, line: 13, column: 4 },
          ],
        },
      ],
    },
    {
      name: 'setup.sh installs inside a function called at the end (sudo, a subshell)',
      fixture: 'fixtures/no-install-in-scripts/setup-function',
      errors: [
        {
          messageId: 'installInScript',
          data: { script: 'scripts/setup.sh', command: 'apt-get install -y ffmpeg libgl1', manager: 'apt-get' },
          file: 'scripts/setup.sh',
          line: 8,
          column: 3,
        },
        { messageId: 'installInScript', data: { script: 'scripts/setup.sh', command: 'npm install', manager: 'npm' }, file: 'scripts/setup.sh', line: 9, column: 22 },
      ],
    },
    {
      name: 'RUN bash scripts/setup.sh, which runs another script through sh -c',
      fixture: 'fixtures/no-install-in-scripts/nested-scripts',
      errors: [
        {
          messageId: 'hiddenInstall',
          data: { script: 'worker/scripts/setup.sh', installs: 'pip in worker/scripts/setup.sh (line 4); apt-get in worker/scripts/system-packages.sh (line 4)' },
          file: 'worker/Dockerfile',
          line: 5,
          column: 5,
          related: [
            { file: 'worker/scripts/setup.sh', line: 4 },
            { file: 'worker/scripts/system-packages.sh', line: 4 },
          ],
        },
      ],
    },
    {
      name: 'an allow glob exempts the script, not the RUN that hides its install in an image',
      files: {
        'tools/Dockerfile': 'FROM debian:12\nCOPY bootstrap.sh /usr/local/bin/\nRUN bootstrap.sh\n',
        'tools/.dockerignore': MAX_IGNORES,
        'tools/bootstrap.sh': '#!/bin/sh\napt-get install -y curl\n',
      },
      options: { allow: ['tools/*.sh'] },
      errors: [{ messageId: 'hiddenInstall', file: 'tools/Dockerfile', line: 3, column: 5, related: [{ file: 'tools/bootstrap.sh', line: 2 }] }],
    },
    {
      name: 'a script from a bind mount without a type (BuildKit binds by default), keys in any case and alias',
      files: {
        'tools/Dockerfile': 'FROM debian:12\nRUN --mount=source=scripts,target=/s /s/bootstrap.sh\nRUN --mount=Type=Bind,SRC=scripts,DST=/t /t/bootstrap.sh\n',
        'tools/.dockerignore': MAX_IGNORES,
        'tools/scripts/bootstrap.sh': '#!/bin/sh\napt-get install -y curl\n',
      },
      options: { allow: ['tools/**/*.sh'] },
      errors: [
        { messageId: 'hiddenInstall', file: 'tools/Dockerfile', line: 2, column: 38, related: [{ file: 'tools/scripts/bootstrap.sh', line: 2 }] },
        { messageId: 'hiddenInstall', file: 'tools/Dockerfile', line: 3, column: 42, related: [{ file: 'tools/scripts/bootstrap.sh', line: 2 }] },
      ],
    },
    {
      name: 'installs through a variable used as sudo, and through a function that runs "$@"',
      files: {
        'install.sh': [
          '#!/bin/bash',
          'SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo',
          'as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }',
          '$SUDO apt-get install -y jq',
          'as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y ffmpeg',
          'as_root echo done',
          'curl -fsSL https://get.pnpm.io/install.sh | sh -',
          '',
        ].join('\n'),
      },
      errors: [
        { messageId: 'installInScript', data: { script: 'install.sh', command: 'apt-get install -y jq', manager: 'apt-get' }, file: 'install.sh', line: 4, column: 1 },
        { messageId: 'installInScript', data: { script: 'install.sh', command: 'apt-get install -y ffmpeg', manager: 'apt-get' }, file: 'install.sh', line: 5, column: 1 },
        { messageId: 'installInScript', data: { script: 'install.sh', command: 'curl -fsSL https://get.pnpm.io/install.sh', manager: 'curl | sh' }, file: 'install.sh', line: 7, column: 1 },
      ],
    },
    {
      name: 'a script the .dockerignore keeps out of the context is not what RUN executes',
      files: {
        'app/Dockerfile': 'FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN ./deps.sh\n',
        'app/.dockerignore': `${MAX_IGNORES}deps.sh\n`,
        'app/deps.sh': 'pip install flask\n',
      },
      errors: [{ messageId: 'installInScript', file: 'app/deps.sh', line: 1, column: 1 }],
    },
    {
      name: 'RUN with a bind mount of the context, exec form, and a script copied from another stage onto PATH',
      files: {
        'svc/Dockerfile': [
          'FROM alpine:3.20 AS scripts',
          'COPY tools/ /opt/tools/',
          '',
          'FROM python:3.12-slim',
          'RUN --mount=type=bind,source=tools,target=/mnt/tools sh /mnt/tools/apt.sh',
          'RUN ["/bin/bash", "-e", "/opt/unused.sh"]',
          'COPY --from=scripts /opt/tools/pip.sh /usr/local/bin/install-python-deps',
          'RUN install-python-deps',
          'COPY tools/pip.sh /srv/',
          'RUN ["/bin/bash", "/srv/pip.sh"]',
          '',
        ].join('\n'),
        'svc/.dockerignore': MAX_IGNORES,
        'svc/tools/apt.sh': 'apt-get install -y libpq5\n',
        'svc/tools/pip.sh': 'pip install psycopg\n',
      },
      errors: [
        { messageId: 'hiddenInstall', data: { script: 'svc/tools/apt.sh', installs: 'apt-get in svc/tools/apt.sh (line 1)' }, file: 'svc/Dockerfile', line: 5, column: 54 },
        { messageId: 'hiddenInstall', data: { script: 'svc/tools/pip.sh', installs: 'pip in svc/tools/pip.sh (line 1)' }, file: 'svc/Dockerfile', line: 8, column: 5 },
        { messageId: 'hiddenInstall', data: { script: 'svc/tools/pip.sh', installs: 'pip in svc/tools/pip.sh (line 1)' }, file: 'svc/Dockerfile', line: 10, column: 6, endLine: 10, endColumn: 32 },
      ],
    },
    {
      name: 'a relative script path follows WORKDIR (from an ARG), COPY into an existing directory, and cd',
      files: {
        'web/Dockerfile': [
          'FROM node:22',
          'ARG APP_HOME=/srv/web',
          'WORKDIR $APP_HOME',
          'COPY scripts/deps.sh scripts',
          'RUN cd /srv && bash web/scripts/deps.sh',
          'RUN cd /tmp && bash scripts/deps.sh',
          'RUN cd "$HOME" && bash scripts/deps.sh',
          '',
        ].join('\n'),
        'web/.dockerignore': MAX_IGNORES,
        'web/scripts/deps.sh': 'npm ci\n',
      },
      errors: [
        { messageId: 'hiddenInstall', file: 'web/Dockerfile', line: 5, column: 16 },
      ],
    },
  ],
});
