import rule from '../../src/rules/undefined-arg-in-from.js';
import { ruleTests } from '../helpers/rule-tester.js';

const file = 'Dockerfile';

ruleTests(rule, {
  valid: [
    { name: 'a global ARG with a default, set by compose build.args; BUILDPLATFORM predefined (fixture)', fixture: 'fixtures/undefined-arg-in-from/global-arg' },
    { name: 'a global ARG as the whole image', files: { Dockerfile: 'ARG base=scratch\nFROM $base\n' } },
    { name: 'a predefined ARG declared again, or used undeclared', files: { Dockerfile: 'ARG BUILDPLATFORM=linux/amd64\nFROM --platform=$BUILDPLATFORM scratch\nFROM --platform=${TARGETPLATFORM} scratch AS b\n' } },
    { name: 'declared without a default, and in operator forms', files: { Dockerfile: 'ARG DEBUG\nFROM scratch${DEBUG}\nFROM scra${DEBUG:-tch}\nFROM scratch${DEBUG-@bogus}\n' } },
    { name: 'an escaped dollar is no variable', files: { Dockerfile: 'FROM alpine:3.20\nRUN echo \\$HOME\n' } },
  ],
  invalid: [
    {
      name: 'the ARG declared inside the first stage, where FROM cannot see it (fixture)',
      fixture: 'fixtures/undefined-arg-in-from/arg-in-stage',
      errors: [
        { messageId: 'undeclared', data: { name: 'NODE_VERSION', suggestion: '' }, file, line: 1, column: 6 },
        { messageId: 'undeclared', data: { name: 'NODE_VERSION', suggestion: '' }, file, line: 7, column: 33 },
      ],
    },
    {
      name: 'typos get a suggestion; an ARG after the first FROM is a stage\'s; a name in a default, and one used twice reported once per FROM',
      files: {
        Dockerfile: 'ARG MY_OS=linux\nARG MY_ARCH=amd64\nFROM --platform=$BULIDPLATFORM scratch\nFROM --platform=${MY_OS}/${MYARCH} busybox\nARG tag=latest\nFROM busybox:${tag}${version}${version}\nFROM ${IMAGE:-alpine:${ALPINE}}\n',
      },
      errors: [
        { messageId: 'undeclared', data: { name: 'BULIDPLATFORM', suggestion: ' (did you mean BUILDPLATFORM?)' }, file, line: 3, column: 6 },
        { messageId: 'undeclared', data: { name: 'MYARCH', suggestion: ' (did you mean MY_ARCH?)' }, file, line: 4, column: 6 },
        { messageId: 'undeclared', data: { name: 'tag', suggestion: '' }, file, line: 6, column: 6 },
        { messageId: 'undeclared', data: { name: 'version', suggestion: '' }, file, line: 6, column: 6 },
        { messageId: 'undeclared', data: { name: 'IMAGE', suggestion: '' }, file, line: 7, column: 6 },
        { messageId: 'undeclared', data: { name: 'ALPINE', suggestion: '' }, file, line: 7, column: 6 },
      ],
    },
  ],
});
