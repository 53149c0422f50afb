import rule from '../../src/rules/undefined-var.js';
import { ruleTests } from '../helpers/rule-tester.js';

const file = 'Dockerfile';
const notVisible = (name: string, kind: string) => `Declare \`ARG ${name}\` in this stage before using it: a ${kind} is not visible in a stage until then.`;

ruleTests(rule, {
  valid: [
    { name: 'global and predefined ARGs declared in the stage (fixture)', fixture: 'fixtures/undefined-var/declared-in-stage' },
    { name: 'an ARG without a default (BuildKit)', files: { Dockerfile: 'FROM scratch\nARG foo\nCOPY Dockerfile${foo} .\n' } },
    { name: 'an ARG of the stage built on (BuildKit)', files: { Dockerfile: 'FROM alpine:3.20 AS base\nARG foo=Dockerfile\n\nFROM base\nCOPY $foo .\n' } },
    { name: 'RUN, CMD and ENTRYPOINT leave variables to the shell', files: { Dockerfile: 'FROM scratch\nRUN echo $PATH $UNDEFINED\nCMD echo $HOME\n' } },
    { name: 'over an upstream image, a name it may define itself', files: { Dockerfile: 'FROM node:22\nWORKDIR /srv/$NODE_VERSION\nENV PATH=$PATH:$GOPATH/bin\n' } },
    {
      name: 'ENV of a local base image is known',
      files: { 'docker/base-node/Dockerfile': 'FROM node:22\nENV APP_HOME=/app\n', 'api/Dockerfile': 'FROM base-node:latest\nWORKDIR $APP_HOME\nCOPY . $APP_HOME/\n' },
    },
    { name: 'single quotes and escapes keep a $ literal; ARG pairs are defined one by one', files: { Dockerfile: "FROM scratch\nLABEL a='$notavar' b=\\$HOME\nARG A=1 B=$A\nWORKDIR /$B\n" } },
    { name: 'heredoc bodies are not words of the instruction', files: { Dockerfile: 'FROM scratch\nCOPY <<EOF /etc/app.conf\nhome=$HOME\nEOF\n' } },
  ],
  invalid: [
    {
      name: 'a global ARG and TARGETARCH used without being declared in the stage (fixture)',
      fixture: 'fixtures/undefined-var/undeclared-target-arch',
      errors: [
        { messageId: 'undefined', data: { keyword: 'LABEL', name: 'APP_VERSION', suggestion: '', fix: notVisible('APP_VERSION', 'global ARG') }, file, line: 4, column: 40 },
        { messageId: 'undefined', data: { keyword: 'COPY', name: 'TARGETARCH', suggestion: '', fix: notVisible('TARGETARCH', 'predefined ARG') }, file, line: 5, column: 11, endColumn: 24 },
      ],
    },
    {
      name: 'used before its ARG (BuildKit)',
      files: { Dockerfile: 'FROM alpine:3.20\nCOPY $foo .\nARG foo=bar\n' },
      errors: [{ messageId: 'undefined', data: { keyword: 'COPY', name: 'foo', suggestion: '', fix: 'Move the ARG or ENV that sets foo above this COPY.' }, file, line: 2, column: 6 }],
    },
    {
      name: 'typos of defined names, over an upstream image too (BuildKit)',
      files: { Dockerfile: 'FROM alpine:3.20\nARG DIR_BINARIES=binaries/\nARG DIR_ASSETS=assets/\nCOPY $DIR_ASSET .\nENV PATH=$PAHT:/tmp/bin\n' },
      errors: [
        { messageId: 'undefined', data: { keyword: 'COPY', name: 'DIR_ASSET', suggestion: ' (did you mean $DIR_ASSETS?)', fix: 'Use $DIR_ASSETS if that is meant, or define DIR_ASSET with ARG or ENV first.' }, file, line: 4, column: 6 },
        { messageId: 'undefined', data: { keyword: 'ENV', name: 'PAHT', suggestion: ' (did you mean $PATH?)', fix: 'Use $PATH if that is meant, or define PAHT with ARG or ENV first.' }, file, line: 5, column: 10 },
      ],
    },
    {
      name: 'on scratch every name is known, so any other is undefined; a name an earlier pair of the ENV sets is env-reference-same-instruction\'s',
      files: { Dockerfile: 'FROM scratch\nCOPY ${SRC:-app} /app\nENV A=1 B=$A\nUSER $APP_USER\n' },
      errors: [
        { messageId: 'undefined', data: { keyword: 'COPY', name: 'SRC', suggestion: '', fix: 'Define SRC with ARG or ENV before this COPY.' }, file, line: 2, column: 6 },
        { messageId: 'undefined', data: { keyword: 'USER', name: 'APP_USER', suggestion: '', fix: 'Define APP_USER with ARG or ENV before this USER.' }, file, line: 4, column: 6 },
      ],
    },
  ],
});
