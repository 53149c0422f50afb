import rule from '../../src/rules/runtime-no-build-tools.js';
import { ruleTests } from '../helpers/rule-tester.js';

ruleTests(rule, {
  valid: [
    { name: 'the correct layout', fixture: 'fixtures/runtime-no-package-manager/correct-layout' },
    {
      name: 'compile in a devel stage, run on the CUDA runtime image',
      files: {
        Dockerfile:
          'FROM nvidia/cuda:12.1.1-devel-ubuntu22.04 AS build\nRUN apt-get update && apt-get install -y build-essential cmake\nRUN make -C /src\n\nFROM nvidia/cuda:12.1.1-runtime-ubuntu22.04 AS runtime\nCOPY --from=build /src/bin /usr/local/bin\nCMD ["app"]\n',
      },
    },
    {
      name: 'tools installed, used and purged in the same RUN',
      files: {
        Dockerfile:
          'FROM python:3.12-slim\nRUN apt-get update && apt-get install -y gcc libc6-dev \\\n    && pip install --no-cache-dir uwsgi \\\n    && apt-get purge -y --auto-remove gcc libc6-dev\n',
      },
    },
    {
      name: 'an apk virtual group deleted again',
      files: { Dockerfile: 'FROM python:3.12-alpine\nRUN apk add --no-cache --virtual .build-deps gcc musl-dev linux-headers \\\n    && pip install psutil \\\n    && apk del .build-deps\n' },
    },
    {
      name: 'a build stage the runtime does not derive from',
      files: { Dockerfile: 'FROM golang:1.22 AS build\nRUN go build -o /app .\n\nFROM gcr.io/distroless/static-debian12\nCOPY --from=build /app /app\n' },
    },
    {
      name: 'allowedPackages',
      options: { allowedPackages: ['libpq-dev', 'lib*-dev'] },
      files: { Dockerfile: 'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y libpq-dev libffi-dev\n' },
    },
    {
      name: 'base images may carry build tools',
      files: { 'docker/base-build/Dockerfile': 'FROM node:20\nRUN apt-get update && apt-get install -y build-essential\n' },
    },
  ],
  invalid: [
    {
      name: 'acceptance: a Node runtime FROM base-node:latest, whose Dockerfile installs build-base',
      fixture: 'fixtures/runtime-no-build-tools/node-base-build-base',
      errors: [
        {
          messageId: 'inheritsBuildTools',
          data: { chain: 'runtime stage ← base-node:latest (backend/docker/base-node/Dockerfile:5 installs build-base)' },
          file: 'backend/api/Dockerfile',
          line: 13,
          column: 1,
          endLine: 13,
          endColumn: 33,
          related: [{ file: 'backend/docker/base-node/Dockerfile', line: 5, column: 5 }],
        },
      ],
    },
    {
      name: 'a runtime on a CUDA devel image, through a local base that adds compilers',
      files: {
        'docker-compose.yml': 'services:\n  base:\n    image: base-pose:latest\n    build:\n      context: docker/base-pose\n  pose:\n    build:\n      context: pose\n',
        'docker/base-pose/Dockerfile': 'FROM nvidia/cuda:11.8.0-cudnn8-devel-ubuntu22.04\nRUN apt-get update && apt-get install -y python3-pip build-essential ninja-build\n',
        'pose/Dockerfile': 'FROM base-pose:latest\nCMD ["python3", "-m", "app"]\n',
      },
      errors: [
        {
          messageId: 'inheritsBuildTools',
          data: {
            chain:
              'runtime stage ← base-pose:latest (docker/base-pose/Dockerfile:2 installs build-essential, ninja-build) ← nvidia/cuda:11.8.0-cudnn8-devel-ubuntu22.04 (carries compilers and headers)',
          },
          file: 'pose/Dockerfile',
          line: 1,
          column: 1,
          related: [{ file: 'docker/base-pose/Dockerfile', line: 2, column: 23 }],
        },
      ],
    },
    {
      name: 'FROM build: a stage that ran a compiler has one',
      files: {
        Dockerfile: 'FROM debian:bookworm-slim AS build\nCOPY . /src\nRUN make -C /src && gcc -o /hello /src/hello.c\n\nFROM build AS runtime\nCMD ["/hello"]\n',
        Makefile: 'all:\n',
      },
      errors: [
        {
          messageId: 'inheritsBuildTools',
          data: { chain: "runtime stage ← stage 'build' (Dockerfile:3 runs make; Dockerfile:3 runs gcc)" },
          file: 'Dockerfile',
          line: 5,
          column: 1,
          related: [
            { file: 'Dockerfile', line: 3, column: 5 },
            { file: 'Dockerfile', line: 3, column: 21 },
          ],
        },
      ],
    },
    {
      name: 'a full node image',
      files: { Dockerfile: 'FROM node:20 AS runtime\nCMD ["node", "server.js"]\n' },
      errors: [{ messageId: 'inheritsBuildTools', data: { chain: 'runtime stage ← node:20 (carries compilers and headers)' }, file: 'Dockerfile', line: 1, column: 1 }],
    },
    {
      name: 'the runtime stage installs build tools and keeps them',
      files: {
        Dockerfile:
          'FROM python:3.12-slim AS runtime\nRUN apt-get update && apt-get install -y --no-install-recommends libpq-dev gcc curl\nRUN pip install --no-cache-dir cmake==3.30.0\nRUN apk add --virtual .tools make && apk del other\n',
      },
      errors: [
        { messageId: 'installsBuildTools', data: { tools: 'libpq-dev and gcc', command: 'apt-get install -y --no-install-recommends libpq-dev gcc curl' }, file: 'Dockerfile', line: 2, column: 23 },
        { messageId: 'installsBuildTools', data: { tools: 'cmake', command: 'pip install --no-cache-dir cmake==3.30.0' }, file: 'Dockerfile', line: 3, column: 5 },
        { messageId: 'installsBuildTools', data: { tools: 'make', command: 'apk add --virtual .tools make' }, file: 'Dockerfile', line: 4, column: 5 },
      ],
    },
    {
      name: 'removing in the runtime stage what a base installed, but not all of it',
      files: {
        Dockerfile: 'FROM debian:bookworm-slim AS build\nRUN apt-get update && apt-get install -y gcc make\n\nFROM build AS runtime\nRUN apt-get purge -y gcc\n',
      },
      errors: [
        {
          messageId: 'inheritsBuildTools',
          data: { chain: "runtime stage ← stage 'build' (Dockerfile:2 installs make)" },
          file: 'Dockerfile',
          line: 4,
          column: 1,
        },
      ],
    },
  ],
});
