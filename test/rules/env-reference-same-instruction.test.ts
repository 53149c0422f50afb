import rule from '../../src/rules/env-reference-same-instruction.js';
import { ruleTests } from '../helpers/rule-tester.js';

ruleTests(rule, {
  valid: [
    { name: 'the variable set in an ENV of its own first', fixture: 'fixtures/env-reference-same-instruction/separate' },
    {
      name: 'a pair extending its own earlier value, names set later in the ENV, single quotes, escapes, ARG, LABEL',
      files: {
        Dockerfile: `FROM debian:bookworm-slim
ENV PATH=/opt/tool/bin:$PATH LANG=C.UTF-8
ENV B=$A A=1
ENV C=1 D='$C' E=\\$C
ARG F=1 G=$F
LABEL h=1 i=$h
ENV J 1 $J
`,
      },
    },
  ],
  invalid: [
    {
      name: 'NODE_PATH built from APP_HOME in the same ENV',
      fixture: 'fixtures/env-reference-same-instruction/same-instruction',
      errors: [
        {
          messageId: 'sameInstruction',
          data: { name: 'APP_HOME' },
          file: 'Dockerfile',
          line: 8,
          column: 15,
          endColumn: 24,
          related: [{ file: 'Dockerfile', line: 7, column: 5 }],
        },
      ],
    },
    {
      name: 'braced and default forms, a name set twice, on one line',
      files: { Dockerfile: 'FROM debian:bookworm-slim\nENV A=1 B=${A}/x C="${A:-0}" A=$A:2\n' },
      errors: [
        { messageId: 'sameInstruction', data: { name: 'A' }, file: 'Dockerfile', line: 2, column: 11, endColumn: 15 },
        { messageId: 'sameInstruction', data: { name: 'A' }, file: 'Dockerfile', line: 2, column: 21, endColumn: 28 },
        { messageId: 'sameInstruction', data: { name: 'A' }, file: 'Dockerfile', line: 2, column: 32, endColumn: 34 },
      ],
    },
  ],
});
