import rule from '../../src/rules/legacy-key-value.js';
import { ruleTests } from '../helpers/rule-tester.js';

ruleTests(rule, {
  valid: [
    { name: 'KEY=value pairs (fixture)', fixture: 'fixtures/legacy-key-value/key-value' },
    { name: 'quoted keys and values, empty values, several pairs, ARG without a default', files: { Dockerfile: 'FROM alpine:3.20\nARG VERSION\nENV A="b c" D= E=f\nLABEL "org.opencontainers.image.title"="api" version=1\n' } },
  ],
  invalid: [
    {
      name: 'an old-style ENV block (fixture)',
      fixture: 'fixtures/legacy-key-value/legacy',
      errors: [
        { messageId: 'legacy', data: { keyword: 'ENV', name: 'NODE_ENV', value: 'production' }, file: 'Dockerfile', line: 2, column: 5 },
        { messageId: 'legacy', data: { keyword: 'ENV', name: 'NPM_CONFIG_LOGLEVEL', value: 'warn' }, file: 'Dockerfile', line: 3, column: 5 },
      ],
    },
    {
      name: 'the whole rest is one value; LABEL too; quotes and $ escaped for the suggestion',
      files: { Dockerfile: 'FROM alpine:3.20\nENV GREETING hello "big" world\nLABEL description A $HOME tool\n' },
      errors: [
        { messageId: 'legacy', data: { keyword: 'ENV', name: 'GREETING', value: 'hello \\"big\\" world' }, file: 'Dockerfile', line: 2, column: 5 },
        { messageId: 'legacy', data: { keyword: 'LABEL', name: 'description', value: 'A \\$HOME tool' }, file: 'Dockerfile', line: 3, column: 7 },
      ],
    },
  ],
});
