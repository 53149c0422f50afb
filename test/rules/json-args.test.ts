import rule from '../../src/rules/json-args.js';
import { ruleTests } from '../helpers/rule-tester.js';

ruleTests(rule, {
  valid: [
    { name: 'a service whose CMD and ENTRYPOINT are in exec form', fixture: 'fixtures/json-args/exec-form' },
    {
      name: 'SHELL set before a shell-form CMD: the shell is wanted',
      files: { Dockerfile: 'FROM alpine:3.20\nRUN apk add --no-cache bash\nSHELL ["/bin/bash", "-c"]\nCMD echo "hello $USER"\n' },
    },
    {
      name: 'SHELL set in the stage it derives from is inherited through the image config',
      files: { Dockerfile: 'FROM alpine:3.20 AS base\nSHELL ["/bin/ash", "-eo", "pipefail", "-c"]\n\nFROM base AS runtime\nENTRYPOINT exec my-program start\n' },
    },
    {
      name: 'SHELL in a local base image of the repository',
      files: {
        'docker/base-sh/Dockerfile': 'FROM debian:bookworm-slim\nSHELL ["/bin/bash", "-c"]\n',
        'app/Dockerfile': 'FROM base-sh:latest\nCMD run-app --port "$PORT"\n',
      },
    },
    {
      name: 'exec form through sh -c, and RUN in shell form, are fine',
      files: { Dockerfile: 'FROM alpine:3.20\nRUN echo built > /built\nCMD ["sh", "-c", "exec my-program --port \\"$PORT\\""]\n' },
    },
    {
      name: 'HEALTHCHECK CMD in shell form, as BuildKit, whose check covers CMD and ENTRYPOINT only',
      files: { Dockerfile: 'FROM nginx:1.27-alpine\nHEALTHCHECK --interval=30s CMD curl -fsS http://localhost/ || exit 1\nCMD ["nginx", "-g", "daemon off;"]\n' },
    },
    {
      name: 'a heredoc RUN and an exec-form ENTRYPOINT',
      files: { Dockerfile: 'FROM alpine:3.20\nRUN <<EOF\nset -e\necho ready > /ready\nEOF\nENTRYPOINT ["/bin/cat", "/ready"]\n' },
    },
  ],
  invalid: [
    {
      name: 'a worker started in shell form',
      fixture: 'fixtures/json-args/shell-form',
      errors: [
        { messageId: 'shellForm', data: { instruction: 'ENTRYPOINT', example: '["python", "-m", "worker"]' }, file: 'worker/Dockerfile', line: 13, column: 12, endColumn: 28 },
        { messageId: 'shellFormComplex', data: { instruction: 'CMD' }, file: 'worker/Dockerfile', line: 14, column: 5 },
      ],
    },
    {
      name: 'a SHELL after the CMD does not count, nor one in an unrelated stage',
      files: {
        Dockerfile: 'FROM alpine:3.20 AS tools\nSHELL ["/bin/ash", "-c"]\n\nFROM alpine:3.20 AS runtime\nCMD node server.js\nSHELL ["/bin/sh", "-c"]\n',
      },
      errors: [{ messageId: 'shellForm', data: { instruction: 'CMD', example: '["node", "server.js"]' }, file: 'Dockerfile', line: 5, column: 5 }],
    },
    {
      name: 'chained commands and variables get the general help',
      files: { Dockerfile: 'FROM node:20-alpine\nCMD cd /app && node server.js --port $PORT\n' },
      errors: [{ messageId: 'shellFormComplex', data: { instruction: 'CMD' }, file: 'Dockerfile', line: 2, column: 5, endColumn: 43 }],
    },
    {
      name: 'a continued shell-form ENTRYPOINT spans its lines',
      files: { Dockerfile: 'FROM python:3.12-slim\nENTRYPOINT gunicorn \\\n    app:app\n' },
      errors: [{ messageId: 'shellForm', data: { instruction: 'ENTRYPOINT', example: '["gunicorn", "app:app"]' }, file: 'Dockerfile', line: 2, column: 12, endLine: 3, endColumn: 12 }],
    },
  ],
});
