import rule from '../../src/rules/no-install-at-startup.js';
import { ruleTests } from '../helpers/rule-tester.js';

const IGNORES = '**/node_modules\n**/__pycache__\n**/.git\n**/.env\n';

ruleTests(rule, {
  valid: [
    { name: 'start.sh only starts gunicorn; the Dockerfile installs', fixture: 'fixtures/no-install-at-startup/start-sh-fixed' },
    { name: 'compose commands start the app; images are built with their dependencies', fixture: 'fixtures/no-install-at-startup/compose-command-fixed' },
    {
      name: 'only the stage a container runs counts: an earlier stage, and a CMD dropped by a later ENTRYPOINT',
      files: {
        'api/Dockerfile': [
          'FROM node:22 AS base',
          'WORKDIR /app',
          'CMD ["npm", "install"]',
          '',
          'FROM base AS runtime',
          'COPY . .',
          'ENTRYPOINT ["node", "server.js"]',
          '',
        ].join('\n'),
        'api/.dockerignore': IGNORES,
        'api/server.js': 'console.log("up");\n',
      },
    },
    {
      name: "a compose entrypoint drops the CMD of the service's target stage",
      files: {
        'compose.yaml': 'services:\n  web:\n    build:\n      context: web\n      target: dev\n    entrypoint: ["npx", "vite"]\n',
        'web/Dockerfile': 'FROM node:22 AS dev\nWORKDIR /app\nCOPY . .\nCMD ["sh", "-c", "npm install && npm run dev"]\n\nFROM nginx:1.27 AS runtime\nCOPY dist/ /usr/share/nginx/html/\n',
        'web/.dockerignore': IGNORES,
      },
    },
    {
      name: 'a script in the repository that the image does not contain',
      files: {
        'svc/Dockerfile': 'FROM python:3.12-slim\nWORKDIR /app\nCOPY app.py .\nCMD ["bash", "start.sh"]\n',
        'svc/.dockerignore': IGNORES,
        'svc/app.py': 'print("hi")\n',
        'svc/start.sh': 'pip install flask\n',
      },
    },
    {
      name: 'npm start, npm run, yarn dev, installing the project itself without dependencies',
      files: {
        'compose.yaml': [
          'services:',
          '  a:',
          '    image: node:22',
          '    command: npm start',
          '  b:',
          '    image: node:22',
          '    command: ["yarn", "dev"]',
          '  c:',
          '    image: python:3.12',
          '    command: sh -c "pip install --no-deps . && python -m app"',
          '',
        ].join('\n'),
      },
    },
  ],
  invalid: [
    {
      name: 'start.sh used as ENTRYPOINT runs pip install -r requirements.txt before exec gunicorn',
      fixture: 'fixtures/no-install-at-startup/start-sh-entrypoint',
      errors: [
        {
          messageId: 'scriptInstallsAtStartup',
          data: { origin: 'ENTRYPOINT', script: 'backend/pose-service/start.sh', installs: 'pip in backend/pose-service/start.sh (line 4)' },
          file: 'backend/pose-service/Dockerfile',
          line: 12,
          column: 13,
          endLine: 12,
          endColumn: 25,
          related: [{ file: 'backend/pose-service/start.sh', line: 4, column: 1 }],
        },
      ],
    },
    {
      name: 'compose command with sh -c, and a bind-mounted entrypoint script on an upstream image',
      fixture: 'fixtures/no-install-at-startup/compose-command',
      errors: [
        {
          messageId: 'installAtStartup',
          data: { origin: "The compose command of service 'notebook'", command: 'pip install -r /work/requirements.txt', manager: 'pip' },
          file: 'docker-compose.yml',
          line: 5,
          column: 21,
          endLine: 5,
          endColumn: 58,
        },
        {
          messageId: 'scriptInstallsAtStartup',
          data: { origin: "The compose entrypoint of service 'web'", script: 'scripts/entrypoint.sh', installs: 'npm in scripts/entrypoint.sh (line 5)' },
          file: 'docker-compose.yml',
          line: 11,
          column: 17,
          related: [{ file: 'scripts/entrypoint.sh', line: 5, column: 3 }],
        },
      ],
    },
    {
      name: 'shell-form CMD installing before it starts the app',
      files: {
        'app/Dockerfile': 'FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nCMD pip install -r requirements.txt && python app.py\n',
        'app/.dockerignore': IGNORES,
      },
      errors: [
        {
          messageId: 'installAtStartup',
          data: { origin: 'CMD', command: 'pip install -r requirements.txt', manager: 'pip' },
          file: 'app/Dockerfile',
          line: 4,
          column: 5,
          endLine: 4,
          endColumn: 36,
        },
      ],
    },
    {
      name: 'a CMD inherited from a local base image is reported once, where it is written',
      files: {
        'docker/base-python/Dockerfile': 'FROM python:3.12-slim\nWORKDIR /app\nCMD ["sh", "-c", "pip install -r requirements.txt && exec python main.py"]\n',
        'docker/base-python/.dockerignore': IGNORES,
        'services/api/Dockerfile': 'FROM base-python:latest\nCOPY . .\n',
        'services/api/.dockerignore': IGNORES,
        'compose.yaml': 'services:\n  api:\n    build:\n      context: services/api\n',
      },
      errors: [{ messageId: 'installAtStartup', data: { origin: 'CMD', command: 'pip install -r requirements.txt', manager: 'pip' }, file: 'docker/base-python/Dockerfile', line: 3, column: 19 }],
    },
    {
      name: 'an entrypoint found on PATH that calls another script which installs',
      files: {
        'web/Dockerfile': [
          'FROM node:22-slim',
          'WORKDIR /srv',
          'COPY docker-entrypoint.sh /usr/local/bin/',
          'COPY scripts/ ./scripts/',
          'ENTRYPOINT ["docker-entrypoint.sh"]',
          'CMD ["node", "server.js"]',
          '',
        ].join('\n'),
        'web/.dockerignore': IGNORES,
        'web/docker-entrypoint.sh': '#!/bin/sh\nset -e\n./scripts/prepare.sh\nexec "$@"\n',
        'web/scripts/prepare.sh': '#!/bin/sh\nnpm ci --omit=dev\n',
      },
      errors: [
        {
          messageId: 'scriptInstallsAtStartup',
          data: { origin: 'ENTRYPOINT', script: 'web/docker-entrypoint.sh', installs: 'npm in web/scripts/prepare.sh (line 2)' },
          file: 'web/Dockerfile',
          line: 5,
          column: 13,
          related: [{ file: 'web/scripts/prepare.sh', line: 2 }],
        },
      ],
    },
    {
      name: "the CMD of a service's target stage, and a script bind-mounted over a built image",
      files: {
        'compose.yaml': [
          'services:',
          '  web:',
          '    build:',
          '      context: web',
          '      target: dev',
          '  worker:',
          '    build: worker',
          '    volumes:',
          '      - ./hooks:/opt/hooks:ro',
          '',
        ].join('\n'),
        'web/Dockerfile': 'FROM node:22 AS dev\nWORKDIR /app\nCOPY . .\nCMD ["sh", "-c", "npm install && npm run dev"]\n\nFROM nginx:1.27 AS runtime\nCOPY dist/ /usr/share/nginx/html/\n',
        'web/.dockerignore': IGNORES,
        'worker/Dockerfile': 'FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\nCMD ["sh", "/opt/hooks/start.sh"]\n',
        'worker/.dockerignore': IGNORES,
        'hooks/start.sh': 'pip install -r /srv/requirements.txt\nexec python -m worker\n',
      },
      errors: [
        { messageId: 'installAtStartup', data: { origin: 'CMD', command: 'npm install', manager: 'npm' }, file: 'web/Dockerfile', line: 4, column: 19 },
        {
          messageId: 'scriptInstallsAtStartup',
          data: { origin: 'CMD', script: 'hooks/start.sh', installs: 'pip in hooks/start.sh (line 1)' },
          file: 'worker/Dockerfile',
          line: 4,
          column: 6,
          related: [{ file: 'hooks/start.sh', line: 1 }],
        },
      ],
    },
    {
      name: "a compose command runs a script from the service's image; a string-form entrypoint runs a bind-mounted one",
      files: {
        'compose.yaml': [
          'services:',
          '  api:',
          '    build:',
          '      context: api',
          '    command: ["bash", "run.sh"]',
          '  tools:',
          '    image: alpine:3.20',
          '    entrypoint: /opt/boot.sh --verbose',
          '    volumes:',
          '      - ./tools:/opt',
          '',
        ].join('\n'),
        'api/Dockerfile': 'FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\nCMD ["python", "app.py"]\n',
        'api/.dockerignore': IGNORES,
        'api/run.sh': 'poetry install\nexec python app.py\n',
        'tools/boot.sh': 'apk add --no-cache jq\n',
      },
      errors: [
        { messageId: 'scriptInstallsAtStartup', data: { origin: "The compose command of service 'api'", script: 'api/run.sh', installs: 'poetry in api/run.sh (line 1)' }, file: 'compose.yaml', line: 5, column: 14 },
        { messageId: 'scriptInstallsAtStartup', data: { origin: "The compose entrypoint of service 'tools'", script: 'tools/boot.sh', installs: 'apk in tools/boot.sh (line 1)' }, file: 'compose.yaml', line: 8, column: 17, endColumn: 39 },
      ],
    },
    {
      name: 'a script bind-mounted with the long volume syntax, and a named volume that looks like a path',
      files: {
        'compose.yaml': [
          'services:',
          '  tools:',
          '    image: alpine:3.20',
          '    entrypoint: ["/opt/tools/boot.sh"]',
          '    volumes:',
          '      - type: bind',
          '        source: ./tools',
          '        target: /opt/tools',
          '        read_only: true',
          '  cache:',
          '    image: alpine:3.20',
          '    entrypoint: ["/warm/boot.sh"]',
          '    volumes:',
          '      - type: volume',
          '        source: ./tools',
          '        target: /warm',
          '',
        ].join('\n'),
        'tools/boot.sh': 'apk add --no-cache jq\n',
      },
      errors: [
        { messageId: 'scriptInstallsAtStartup', data: { origin: "The compose entrypoint of service 'tools'", script: 'tools/boot.sh', installs: 'apk in tools/boot.sh (line 1)' }, file: 'compose.yaml', line: 4, column: 17 },
      ],
    },
    {
      name: 'an install behind an init process (tini, dumb-init), as runtime-no-package-manager sees it',
      files: {
        'worker/Dockerfile': 'FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\nENTRYPOINT ["tini", "-g", "--", "pip", "install", "-r", "requirements.txt"]\n',
        'worker/.dockerignore': IGNORES,
      },
      errors: [{ messageId: 'installAtStartup', data: { origin: 'ENTRYPOINT', command: 'pip install -r requirements.txt', manager: 'pip' }, file: 'worker/Dockerfile', line: 4, column: 33 }],
    },
  ],
});
