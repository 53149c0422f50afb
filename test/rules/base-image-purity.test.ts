import rule from '../../src/rules/base-image-purity.js';
import { ruleTests } from '../helpers/rule-tester.js';

const BASE = 'docker/base-app/Dockerfile';

ruleTests(rule, {
  valid: [
    { name: 'manifests, pip.conf, a heredoc, COPY --from and HEALTHCHECK NONE (fixture)', fixture: 'fixtures/base-image-purity/manifests-only' },
    {
      name: 'COPY . copies only what the .dockerignore lets through, judged with its ! exceptions',
      files: { [BASE]: 'FROM python:3.12-slim\nCOPY . /opt/base/\n', 'docker/base-app/.dockerignore': '*\n!requirements.txt\n!constraints.txt\n', 'docker/base-app/requirements.txt': 'numpy\n', 'docker/base-app/constraints.txt': 'numpy<3\n' },
    },
    {
      name: 'a directory holding only manifests',
      files: { [BASE]: 'FROM node:22\nCOPY deps/ /opt/deps/\n', 'docker/base-app/deps/package.json': '{}\n', 'docker/base-app/deps/package-lock.json': '{}\n' },
    },
    {
      name: 'files listed in allowedFiles, by path and by name',
      files: { [BASE]: 'FROM node:22\nCOPY scripts/setup-registry.sh tools.json /opt/\n', 'docker/base-app/scripts/setup-registry.sh': 'npm config set registry "$1"\n', 'docker/base-app/tools.json': '{}\n' },
      options: { allowedFiles: ['scripts/*.sh', 'tools.json'] },
    },
    {
      name: 'service instructions can be left to other tools',
      files: { [BASE]: 'FROM node:22\nEXPOSE 3000\nCMD ["node"]\n' },
      options: { serviceInstructions: false },
    },
    {
      name: 'service Dockerfiles may copy source and set CMD',
      files: { 'api/Dockerfile': 'FROM node:22 AS deps\nCOPY . .\nEXPOSE 3000\nCMD ["node", "server.js"]\n', 'api/server.js': '' },
    },
    {
      name: 'sources that cannot be judged: variables, URLs, paths outside the context',
      files: { [BASE]: 'FROM node:22\nARG SRC=src\nCOPY ${SRC} /app/\nADD https://example.com/tool.tar.gz /opt/\nADD git@github.com:org/repo.git /opt/repo\nCOPY ../shared/package.json /opt/\n' },
    },
  ],
  invalid: [
    {
      name: 'a base image with COPY . /app, EXPOSE 5000 and CMD (fixture)',
      fixture: 'fixtures/base-image-purity/copies-app-code',
      errors: [
        {
          messageId: 'contextCopy',
          data: { instruction: 'COPY', source: '.', files: 'app.py, .dockerignore and Dockerfile' },
          file: 'backend/docker/base-python/Dockerfile',
          line: 3,
          column: 6,
          endLine: 3,
          endColumn: 7,
        },
        { messageId: 'serviceInstruction', data: { instruction: 'EXPOSE' }, file: 'backend/docker/base-python/Dockerfile', line: 5, column: 1 },
        { messageId: 'serviceInstruction', data: { instruction: 'CMD' }, file: 'backend/docker/base-python/Dockerfile', line: 6, column: 1 },
      ],
    },
    {
      name: 'a source directory with application code; counts what is not shown',
      files: {
        [BASE]: 'FROM node:22\nCOPY package.json ./\nCOPY src /app/src\n',
        'docker/base-app/package.json': '{}\n',
        'docker/base-app/src/a.ts': '',
        'docker/base-app/src/b.ts': '',
        'docker/base-app/src/lib/c.ts': '',
        'docker/base-app/src/lib/d.ts': '',
        'docker/base-app/src/package.json': '{}\n',
      },
      errors: [{ messageId: 'contextCopy', data: { instruction: 'COPY', source: 'src', files: 'src/a.ts, src/b.ts, src/lib/c.ts and 1 more' }, file: BASE, line: 3, column: 6 }],
    },
    {
      name: 'wildcards are expanded over the context; ignored files do not count',
      files: {
        [BASE]: 'FROM python:3.12\nCOPY *.py *.txt /opt/\nCOPY *.cfg /opt/\n',
        'docker/base-app/.dockerignore': 'test_*.py\n',
        'docker/base-app/setup.py': '',
        'docker/base-app/test_setup.py': '',
        'docker/base-app/requirements.txt': '',
      },
      errors: [{ messageId: 'contextCopy', data: { instruction: 'COPY', source: '*.py', files: 'setup.py' }, file: BASE, line: 2, column: 6 }],
    },
    {
      name: 'a file missing from the checkout is judged by its name; ADD as COPY',
      files: { [BASE]: 'FROM python:3.12\nADD app.py requirements.txt /opt/\n', 'docker/base-app/requirements.txt': '' },
      errors: [{ messageId: 'contextCopy', data: { instruction: 'ADD', source: 'app.py', files: 'app.py' }, file: BASE, line: 2, column: 5 }],
    },
    {
      name: 'ENTRYPOINT and HEALTHCHECK in any stage; a Dockerfile that other Dockerfiles build on is a base',
      files: {
        'images/toolbox/Dockerfile': 'FROM debian:12 AS tools\nENTRYPOINT ["/bin/sh"]\n\nFROM tools\nHEALTHCHECK --interval=5s \\\n  CMD true\n',
        'compose.yaml': 'services:\n  toolbox:\n    image: toolbox:1\n    build:\n      context: images/toolbox\n',
        'api/Dockerfile': 'FROM toolbox:1 AS deps\n',
      },
      errors: [
        { messageId: 'serviceInstruction', data: { instruction: 'ENTRYPOINT' }, file: 'images/toolbox/Dockerfile', line: 2, column: 1 },
        { messageId: 'serviceInstruction', data: { instruction: 'HEALTHCHECK' }, file: 'images/toolbox/Dockerfile', line: 5, column: 1, endLine: 6, endColumn: 11 },
      ],
    },
    {
      name: 'the context of the compose service that builds the base, not the Dockerfile directory',
      files: {
        'compose.yaml': 'services:\n  base-app:\n    image: base-app:latest\n    build:\n      context: .\n      dockerfile: docker/base-app/Dockerfile\n',
        [BASE]: 'FROM node:22\nCOPY package.json package-lock.json /opt/\nCOPY lib /opt/lib\n',
        'package.json': '{}\n',
        'package-lock.json': '{}\n',
        'lib/index.js': '',
      },
      errors: [{ messageId: 'contextCopy', data: { instruction: 'COPY', source: 'lib', files: 'lib/index.js' }, file: BASE, line: 3, column: 6 }],
    },
  ],
});
