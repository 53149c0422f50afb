import rule from '../../src/rules/from-as-casing.js';
import { ruleTests } from '../helpers/rule-tester.js';

ruleTests(rule, {
  valid: [
    { name: 'FROM … AS throughout (fixture)', fixture: 'fixtures/from-as-casing/matching' },
    { name: 'from … as, FROM without AS, and a mixed-case From (instruction-casing reports that)', files: { Dockerfile: 'from node:22 as deps\nFROM node:22\nFrom node:22 AS build\nFrom node:22 as test\n' } },
  ],
  invalid: [
    {
      name: 'a lower-case as after FROM (fixture), fixed',
      fixture: 'fixtures/from-as-casing/lower-as',
      errors: [{ messageId: 'mismatch', data: { as: 'as', from: 'FROM', expected: 'AS' }, file: 'Dockerfile', line: 4, column: 23 }],
      output: {
        Dockerfile: 'FROM python:3.12 AS deps\nRUN --mount=type=cache,target=/root/.cache/pip pip install --prefix=/install -r requirements.txt\n\nFROM python:3.12-slim AS runtime\nCOPY --from=deps /install /usr/local\nCOPY app ./app\nCMD ["python", "-m", "app"]\n',
      },
    },
    {
      name: 'AS after a lower-case from, and a mixed-case As',
      files: { Dockerfile: 'from node:22 AS deps\nFROM node:22 As build\n' },
      errors: [
        { messageId: 'mismatch', data: { as: 'AS', from: 'from', expected: 'as' }, file: 'Dockerfile', line: 1, column: 14 },
        { messageId: 'mismatch', data: { as: 'As', from: 'FROM', expected: 'AS' }, file: 'Dockerfile', line: 2, column: 14 },
      ],
    },
  ],
});
