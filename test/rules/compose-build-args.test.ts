import rule from '../../src/rules/compose-build-args.js';
import { ruleTests } from '../helpers/rule-tester.js';

const MULTI_STAGE = [
  'ARG BASE_TAG=20',
  'FROM node:${BASE_TAG}-alpine AS deps',
  'ARG NPM_TOKEN',
  'FROM node:20-alpine AS docs',
  'ARG DOCS_THEME',
  'FROM node:20-alpine AS runtime',
  'ARG GIT_SHA',
  'COPY --from=deps /app/node_modules ./node_modules',
  '',
].join('\n');

ruleTests(rule, {
  valid: [
    { name: 'args declared globally, in the target, and in stages it copies or mounts from; proxies and BuildKit args', fixture: 'fixtures/compose-build-args/declared' },
    {
      name: 'an unknown target (unset variable): an ARG in any stage counts',
      files: { 'compose.yaml': 'services:\n  app:\n    build:\n      context: app\n      target: ${TARGET}\n      args:\n        DOCS_THEME: dark\n', 'app/Dockerfile': MULTI_STAGE },
    },
    {
      name: 'a target spelled in another case, and a stage reached through FROM',
      files: {
        'compose.yaml': 'services:\n  app:\n    build:\n      context: app\n      target: Runtime\n      args: [NPM_TOKEN=x]\n',
        'app/Dockerfile': 'FROM node:20 AS deps\nARG NPM_TOKEN\nFROM deps AS runtime\n',
      },
    },
    {
      name: 'a service whose Dockerfile does not exist (compose-build-isolation reports it)',
      files: { 'compose.yaml': 'services:\n  app:\n    build:\n      context: app\n      args: {X: 1}\n', 'app/main.py': '' },
    },
  ],
  invalid: [
    {
      name: "a stale BASE_IMAGE arg that the pose service's Dockerfile never declares",
      fixture: 'fixtures/compose-build-args/stale-base-image',
      errors: [{ messageId: 'unknownArgNoArgs', data: { service: 'pose', name: 'BASE_IMAGE', dockerfile: 'backend/pose-service/Dockerfile' }, file: 'docker-compose.yml', line: 15, column: 9 }],
    },
    {
      name: 'a misspelt arg (map form, through an anchor) and an unknown one (list form), at their keys',
      files: {
        'compose.yaml': [
          'x-args: &args',
          '  NPM_TOKN: ${NPM_TOKEN}',
          'services:',
          '  app:',
          '    build:',
          '      context: app',
          '      args:',
          '        <<: *args',
          '        GIT_SHA: abc',
          '  worker:',
          '    build:',
          '      context: worker',
          '      args:',
          '        - "GIT_SHA=abc"',
          '        - RELEASE',
          '',
        ].join('\n'),
        'app/Dockerfile': MULTI_STAGE,
        'worker/Dockerfile': MULTI_STAGE,
      },
      errors: [
        { messageId: 'unknownArgSuggestion', data: { service: 'app', name: 'NPM_TOKN', dockerfile: 'app/Dockerfile', suggestions: "'NPM_TOKEN'" }, file: 'compose.yaml', line: 2, column: 3 },
        { messageId: 'unknownArg', data: { service: 'worker', name: 'RELEASE', dockerfile: 'worker/Dockerfile', declared: "'BASE_TAG', 'DOCS_THEME', 'GIT_SHA' and 'NPM_TOKEN'" }, file: 'compose.yaml', line: 15, column: 11 },
      ],
    },
    {
      name: 'an arg declared only in a stage the target does not build',
      files: { 'compose.yaml': 'services:\n  app:\n    build:\n      context: app\n      args:\n        DOCS_THEME: dark\n', 'app/Dockerfile': MULTI_STAGE },
      errors: [{ messageId: 'argNotBuilt', data: { service: 'app', name: 'DOCS_THEME', dockerfile: 'app/Dockerfile', stages: 'docs', target: 'runtime' }, file: 'compose.yaml', line: 6, column: 9 }],
    },
    {
      name: 'a target that is not a stage, with and without a near name',
      files: {
        'compose.yaml': 'services:\n  app:\n    build:\n      context: app\n      target: runtme\n      args:\n        DOCS_THEME: dark\n  web:\n    build:\n      context: web\n      target: production\n',
        'app/Dockerfile': MULTI_STAGE,
        'web/Dockerfile': 'FROM nginx:1.27-alpine\n',
      },
      errors: [
        { messageId: 'missingTargetSuggestion', data: { service: 'app', target: 'runtme', dockerfile: 'app/Dockerfile', stages: 'deps, docs and runtime', suggestion: 'runtime' }, file: 'compose.yaml', line: 5, column: 15 },
        { messageId: 'missingTarget', data: { service: 'web', target: 'production', dockerfile: 'web/Dockerfile', stages: 'no named stage' }, file: 'compose.yaml', line: 11, column: 15 },
      ],
    },
    {
      name: 'an override file adds an undeclared arg, reported in the override',
      files: {
        'compose.yaml': 'services:\n  app:\n    build:\n      context: app\n      args:\n        GIT_SHA: abc\n',
        'compose.override.yaml': 'services:\n  app:\n    build:\n      args:\n        DEBUG: "1"\n',
        'app/Dockerfile': MULTI_STAGE,
      },
      errors: [{ messageId: 'unknownArg', data: { service: 'app', name: 'DEBUG', dockerfile: 'app/Dockerfile', declared: "'BASE_TAG', 'DOCS_THEME', 'GIT_SHA' and 'NPM_TOKEN'" }, file: 'compose.override.yaml', line: 5, column: 9 }],
    },
  ],
});
