import rule from '../../src/rules/instruction-casing.js';
import { ruleTests } from '../helpers/rule-tester.js';

ruleTests(rule, {
  valid: [
    { name: 'upper case throughout (fixture)', fixture: 'fixtures/instruction-casing/upper-case' },
    { name: 'lower case throughout', files: { Dockerfile: 'arg VERSION=22\nfrom node:${VERSION}\nrun npm ci\ncmd ["node", "server.js"]\n' } },
    { name: 'heredoc bodies and continuation lines are no instructions', files: { Dockerfile: 'FROM alpine:3.20\nRUN <<EOF\nenv\nrun-parts /etc/init\nEOF\nRUN echo a \\\n  run b\n' } },
    { name: 'an unknown keyword is a parse error, not a matter of case', files: { Dockerfile: 'FROM alpine:3.20\nRunn echo\n' } },
  ],
  invalid: [
    {
      name: 'one lower-case instruction in an upper-case file (fixture), fixed',
      fixture: 'fixtures/instruction-casing/mixed',
      errors: [{ messageId: 'inconsistent', data: { keyword: 'copy', casing: 'upper case', expected: 'COPY' }, file: 'Dockerfile', line: 4, column: 1 }],
      output: {
        Dockerfile: 'FROM node:22-alpine AS deps\nWORKDIR /app\nCOPY package.json package-lock.json ./\nCOPY .npmrc ./\nRUN --mount=type=cache,target=/root/.npm npm ci\n\nFROM node:22-alpine AS runtime\nWORKDIR /app\nCOPY --from=deps /app/node_modules ./node_modules\nCOPY src ./src\nCMD ["node", "src/server.js"]\n',
      },
    },
    {
      name: 'mixed case is never consistent; the majority is lower case here',
      files: { Dockerfile: 'From alpine:3.20\nrun echo a\nrun echo b\nCOPY x /x\n' },
      errors: [
        { messageId: 'inconsistent', data: { keyword: 'From', casing: 'lower case', expected: 'from' }, file: 'Dockerfile', line: 1, column: 1 },
        { messageId: 'inconsistent', data: { keyword: 'COPY', casing: 'lower case', expected: 'copy' }, file: 'Dockerfile', line: 4, column: 1 },
      ],
    },
    {
      name: 'a tie goes to upper case',
      files: { Dockerfile: 'FROM alpine:3.20\nrun echo a\n' },
      errors: [{ messageId: 'inconsistent', data: { keyword: 'run', casing: 'upper case', expected: 'RUN' }, file: 'Dockerfile', line: 2, column: 1 }],
    },
  ],
});
