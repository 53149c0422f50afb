import rule from '../../src/rules/maintainer-deprecated.js';
import { ruleTests } from '../helpers/rule-tester.js';

ruleTests(rule, {
  valid: [
    { name: 'the author as an OCI label (fixture)', fixture: 'fixtures/maintainer-deprecated/labelled' },
    { name: 'a comment or a label value that mentions MAINTAINER', files: { Dockerfile: '# MAINTAINER was replaced by the label below\nFROM alpine:3.20\nLABEL maintainer="MAINTAINER <ops@example.com>"\n' } },
    { name: 'a heredoc line that reads MAINTAINER is no instruction', files: { Dockerfile: 'FROM alpine:3.20\nCOPY <<EOF /etc/motd\nMAINTAINER ops\nEOF\n' } },
  ],
  invalid: [
    {
      name: 'an old service Dockerfile (fixture)',
      fixture: 'fixtures/maintainer-deprecated/legacy-api',
      errors: [{ messageId: 'maintainer', data: { author: 'Platform Team <platform@example.com>' }, file: 'api/Dockerfile', line: 2, column: 1 }],
    },
    {
      name: 'lower-case keyword, quotes in the author escaped for the label, one finding per MAINTAINER',
      files: { Dockerfile: 'from alpine:3.20\nmaintainer "Ops" <ops@example.com>\nFROM alpine:3.20 AS second\nMAINTAINER dev\n' },
      errors: [
        { messageId: 'maintainer', data: { author: '\\"Ops\\" <ops@example.com>' }, file: 'Dockerfile', line: 2, column: 1, endColumn: 11 },
        { messageId: 'maintainer', data: { author: 'dev' }, file: 'Dockerfile', line: 4, column: 1 },
      ],
    },
  ],
});
