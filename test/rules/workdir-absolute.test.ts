import rule from '../../src/rules/workdir-absolute.js';
import { ruleTests } from '../helpers/rule-tester.js';

ruleTests(rule, {
  valid: [
    { name: 'absolute WORKDIRs in every stage', fixture: 'fixtures/workdir-absolute/absolute' },
    {
      name: 'a relative WORKDIR after an absolute one in the same stage',
      files: { Dockerfile: 'FROM python:3.12-slim\nWORKDIR /srv\nWORKDIR app\nCOPY . .\n' },
    },
    {
      name: 'a test stage moves into a sub-directory of what its build stage set',
      files: { Dockerfile: 'FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\n\nFROM build AS test\nWORKDIR internal/api\nRUN go test ./...\n' },
    },
    {
      name: 'a local base image of the repository sets the absolute WORKDIR',
      files: {
        'docker/base-node/Dockerfile': 'FROM node:20-slim\nWORKDIR /app\n',
        'api/Dockerfile': 'FROM base-node:latest\nWORKDIR server\nCOPY . .\n',
      },
    },
    {
      name: 'variables and Windows paths',
      files: {
        'a/Dockerfile': 'FROM node:20-slim\nARG APP_HOME=/app\nWORKDIR $APP_HOME\n',
        'b/Dockerfile': 'FROM node:20-slim\nWORKDIR ${HOME}/app\n',
        'c/Dockerfile': 'FROM mcr.microsoft.com/windows/servercore:ltsc2022\nWORKDIR C:\\\\app\n',
      },
    },
  ],
  invalid: [
    {
      name: 'a service Dockerfile whose runtime stage starts with a relative WORKDIR',
      fixture: 'fixtures/workdir-absolute/relative',
      errors: [{ messageId: 'relative', data: { path: 'app' }, file: 'web/Dockerfile', line: 9, column: 9, endColumn: 12 }],
    },
    {
      name: 'only the first WORKDIR of a stage is judged; ./ is dropped in the suggestion',
      files: { Dockerfile: 'FROM alpine:3.20\nWORKDIR ./srv/app\nWORKDIR data\n' },
      errors: [{ messageId: 'relative', data: { path: 'srv/app' }, file: 'Dockerfile', line: 2, column: 9 }],
    },
    {
      name: 'a relative WORKDIR in a stage that builds on an unrelated earlier stage',
      files: { Dockerfile: 'FROM alpine:3.20 AS tools\nWORKDIR /tools\n\nFROM alpine:3.20 AS runtime\nWORKDIR app/$NAME\n' },
      errors: [{ messageId: 'relative', data: { path: 'app/$NAME' }, file: 'Dockerfile', line: 5, column: 9 }],
    },
  ],
});
