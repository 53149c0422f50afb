import rule from '../../src/rules/runtime-user-not-root.js';
import { ruleTests } from '../helpers/rule-tester.js';

ruleTests(rule, {
  valid: [
    { name: 'builder stages as root, the runtime stage as node, a service on a local base image that sets USER (fixture)', fixture: 'fixtures/runtime-user-not-root/unprivileged' },
    { name: 'a builder stage ends with USER root; the runtime stage does not (hadolint #405)', files: { Dockerfile: 'FROM golang:1.23 AS build\nUSER root\nRUN go build -o /out/app .\n\nFROM alpine:3.20 AS runtime\nCOPY --from=build /out/app /app\nUSER 10001:10001\nENTRYPOINT ["/app"]\n' } },
    { name: 'a user from a build argument is unknown, not root', files: { Dockerfile: 'FROM node:22-slim\nARG APP_UID=1000\nUSER ${APP_UID}\nCMD ["node", "server.js"]\n' } },
    { name: 'upstream images that run unprivileged by default', files: { 'a/Dockerfile': 'FROM gcr.io/distroless/static-debian12:nonroot\nCOPY app /app\n', 'b/Dockerfile': 'FROM nginxinc/nginx-unprivileged:1.27-alpine\nCOPY dist /usr/share/nginx/html\n', 'c/Dockerfile': 'FROM cgr.dev/chainguard/python:latest\nCOPY app /app\n' } },
    { name: 'an ARG-based base image may set its own USER', files: { Dockerfile: 'ARG BASE\nFROM ${BASE}\nCOPY app /app\n' } },
    { name: 'compose runs every container of the image as an unprivileged user', files: { 'compose.yaml': 'services:\n  app:\n    build: .\n    user: "1000:1000"\n', Dockerfile: 'FROM python:3.12-slim\nCOPY app /app\nCMD ["python", "-m", "app"]\n' } },
    { name: 'base Dockerfiles are not where a service ships', files: { 'docker/base-node/Dockerfile': 'FROM node:22\nRUN npm i -g pnpm\n' } },
  ],
  invalid: [
    {
      name: 'a runtime stage without USER, and one that switches to root and stays (fixture)',
      fixture: 'fixtures/runtime-user-not-root/root-runtime',
      errors: [
        { messageId: 'noUser', data: { image: 'node:22-slim' }, file: 'backend/api/Dockerfile', line: 11, column: 1 },
        { messageId: 'runsAsRoot', data: { user: 'root', origin: '' }, file: 'backend/worker/Dockerfile', line: 5, column: 1 },
      ],
    },
    {
      name: 'root inherited from a stage of the same file, uid 0 with a group',
      files: { Dockerfile: 'FROM python:3.12-slim AS base\nUSER 0:0\n\nFROM base AS runtime\nCOPY app /app\n' },
      errors: [{ messageId: 'runsAsRoot', data: { user: '0:0', origin: ', inherited from Dockerfile:2' }, file: 'Dockerfile', line: 4, column: 1, related: [{ file: 'Dockerfile', line: 2 }] }],
    },
    {
      name: 'scratch runs as root too; compose user: root changes nothing',
      files: { 'compose.yaml': 'services:\n  app:\n    build: .\n    user: root\n', Dockerfile: 'FROM golang:1.23 AS build\nRUN CGO_ENABLED=0 go build -o /out/app .\nFROM scratch\nCOPY --from=build /out/app /app\nENTRYPOINT ["/app"]\n' },
      errors: [{ messageId: 'noUser', data: { image: 'scratch' }, file: 'Dockerfile', line: 3, column: 1 }],
    },
  ],
});
