import rule from '../../src/rules/service-uses-base-image.js';
import { ruleTests } from '../helpers/rule-tester.js';

const BASES = {
  'docker/base-node/Dockerfile': 'FROM node:22-bookworm-slim\nRUN apt-get update && apt-get install --yes build-essential\n',
  'docker/base-python/Dockerfile': 'FROM python:3.12-slim\nRUN pip install --upgrade pip\n',
};

ruleTests(rule, {
  valid: [
    { name: 'the deps stage builds FROM the repository base image (fixture)', fixture: 'fixtures/service-uses-base-image/local-base' },
    { name: 'an allowed upstream image, any tag', files: { 'api/Dockerfile': 'FROM node:22 AS deps\n' }, options: { allow: ['node'] } },
    { name: 'an allowed upstream image, by tag glob', files: { 'api/Dockerfile': 'FROM docker.io/library/node:20-alpine AS deps\n' }, options: { allow: ['node:*-alpine'] } },
    {
      name: 'the deps stage is judged, not an earlier helper stage',
      files: { ...BASES, 'api/Dockerfile': 'FROM alpine:3.20 AS fetch\nRUN wget -O /tmp/x https://example.com/x\n\nFROM base-node:latest AS deps\nCOPY --from=fetch /tmp/x /tmp/x\n' },
    },
    { name: 'scratch and unresolvable images are not judged', files: { 'a/Dockerfile': 'FROM scratch AS deps\n', 'b/Dockerfile': 'ARG BASE\nFROM ${BASE} AS deps\n' } },
    { name: 'base Dockerfiles build from upstream images', files: BASES },
    // BuildKit refuses a FROM without an image (parse-error says so): there is no upstream image to name.
    { name: 'a FROM that names no image is not judged', files: { 'a/Dockerfile': 'FROM\nRUN make\n', 'b/Dockerfile': 'FROM --platform=linux/amd64 AS deps\n' } },
  ],
  invalid: [
    {
      name: 'a web service whose deps stage is node:20-alpine (fixture)',
      fixture: 'fixtures/service-uses-base-image/upstream-deps',
      errors: [
        {
          messageId: 'upstream',
          data: { stage: "'deps' stage", image: 'node:20-alpine', candidates: 'base-node:latest' },
          file: 'backend/web/Dockerfile',
          line: 2,
          column: 6,
          endLine: 2,
          endColumn: 20,
        },
      ],
    },
    {
      name: 'the first stage when there is no deps stage; likely base images first',
      files: { ...BASES, 'pose/Dockerfile': 'FROM python:3.12\nCOPY . /app\n' },
      errors: [
        {
          messageId: 'upstream',
          data: { stage: 'first stage', image: 'python:3.12', candidates: 'base-python:latest, base-node:latest' },
          file: 'pose/Dockerfile',
          line: 1,
          column: 6,
        },
      ],
    },
    {
      name: 'followed through earlier stages to the upstream image',
      files: { ...BASES, 'api/Dockerfile': 'FROM node:22 AS os\nRUN apt-get update\n\nFROM os AS deps\nRUN npm ci\n' },
      errors: [{ messageId: 'upstream', data: { stage: "'deps' stage", image: 'node:22', candidates: 'base-node:latest, base-python:latest' }, file: 'api/Dockerfile', line: 1, column: 6 }],
    },
    {
      name: 'no base image in the repository',
      files: { 'api/Dockerfile': 'FROM node:22 AS deps\nRUN npm ci\n' },
      options: { allow: ['python'] },
      errors: [{ messageId: 'upstreamNoBase', data: { stage: "'deps' stage", image: 'node:22' }, file: 'api/Dockerfile', line: 1, column: 6 }],
    },
  ],
});
