import rule from '../../src/rules/reserved-stage-name.js';
import { ruleTests } from '../helpers/rule-tester.js';

ruleTests(rule, {
  valid: [
    { name: 'stages named for what they do (fixture)', fixture: 'fixtures/reserved-stage-name/named-stages' },
    { name: 'FROM scratch without a name, and names that only contain a reserved word', files: { Dockerfile: 'FROM scratch\nFROM scratch AS scratch-base\nFROM alpine:3.20 AS build-context\n' } },
  ],
  invalid: [
    {
      name: 'a stage named scratch for a static binary (fixture)',
      fixture: 'fixtures/reserved-stage-name/scratch-stage',
      errors: [{ messageId: 'reserved', data: { name: 'scratch', meaning: 'the empty image' }, file: 'Dockerfile', line: 7, column: 17 }],
    },
    {
      name: 'context, in any case',
      files: { Dockerfile: 'FROM alpine:3.20 AS Context\nCOPY . /src\n' },
      errors: [{ messageId: 'reserved', data: { name: 'context', meaning: 'the build context (`--from=context`)' }, file: 'Dockerfile', line: 1, column: 21 }],
    },
  ],
});
