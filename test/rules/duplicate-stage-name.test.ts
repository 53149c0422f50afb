import rule from '../../src/rules/duplicate-stage-name.js';
import { ruleTests } from '../helpers/rule-tester.js';

ruleTests(rule, {
  valid: [
    { name: 'distinct stage names (fixture)', fixture: 'fixtures/duplicate-stage-name/distinct' },
    { name: 'unnamed stages and stages that build on a name', files: { Dockerfile: 'FROM node:22 AS deps\nFROM deps\nFROM deps\nFROM node:22-slim AS runtime\n' } },
    { name: 'the same name in two Dockerfiles', files: { 'a/Dockerfile': 'FROM node:22 AS build\n', 'b/Dockerfile': 'FROM node:22 AS build\n' } },
  ],
  invalid: [
    {
      name: 'a copied test stage keeps the name of the one above (fixture)',
      fixture: 'fixtures/duplicate-stage-name/copied-stage',
      errors: [{ messageId: 'duplicate', data: { name: 'test' }, file: 'backend/worker/Dockerfile', line: 13, column: 15, related: [{ file: 'backend/worker/Dockerfile', line: 9, column: 15 }] }],
    },
    {
      name: 'names compare case-insensitively; a third use is reported too, each against the first',
      files: { Dockerfile: 'FROM node:22 AS build\nFROM node:22 AS Build\nFROM node:22 AS BUILD\n' },
      errors: [
        { messageId: 'duplicate', data: { name: 'build' }, file: 'Dockerfile', line: 2, column: 17, related: [{ file: 'Dockerfile', line: 1 }] },
        { messageId: 'duplicate', data: { name: 'build' }, file: 'Dockerfile', line: 3, column: 17, related: [{ file: 'Dockerfile', line: 1 }] },
      ],
    },
  ],
});
