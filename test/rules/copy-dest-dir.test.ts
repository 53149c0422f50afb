import rule from '../../src/rules/copy-dest-dir.js';
import { ruleTests } from '../helpers/rule-tester.js';

ruleTests(rule, {
  valid: [
    { name: 'manifests copied into ./ and single files renamed', fixture: 'fixtures/copy-dest-dir/slashes' },
    {
      name: 'one source to a file name, a wildcard to a file name, and a variable destination',
      files: {
        Dockerfile:
          'FROM eclipse-temurin:21-jre\nARG APP=/app/\nCOPY build/libs/*-all.jar /app/app.jar\nCOPY config.yml /etc/app/config.yml\nCOPY a.txt b.txt $APP/\nCOPY ["c.txt", "d.txt", "/data/"]\n',
        'build/libs/app-all.jar': '',
        'config.yml': '',
        'a.txt': '',
        'b.txt': '',
        'c.txt': '',
        'd.txt': '',
      },
    },
  ],
  invalid: [
    {
      name: 'a Node service copying its manifests into .',
      fixture: 'fixtures/copy-dest-dir/no-slash',
      errors: [{ messageId: 'severalSources', data: { instruction: 'COPY', count: 2, destination: '.' }, file: 'web/Dockerfile', line: 3, column: 37, endColumn: 38 }],
      output: {
        'web/Dockerfile':
          'FROM node:20-slim AS deps\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN --mount=type=cache,target=/root/.npm npm ci\n\nFROM node:20-slim AS runtime\nWORKDIR /app\nCOPY --from=deps /app/node_modules ./node_modules\nCOPY server.js ./\nCMD ["node", "server.js"]\n',
      },
    },
    {
      name: 'several sources, heredocs, JSON form, and a wildcard into a dot directory',
      files: {
        Dockerfile:
          'FROM alpine:3.20\nCOPY a.txt b.txt /data\nCOPY <<EOF c.txt /etc/motd.d\nhello\nEOF\nADD ["a.txt", "b.txt", "/srv"]\nCOPY *.txt .\nCOPY *.txt conf/..\n',
        'a.txt': '',
        'b.txt': '',
        'c.txt': '',
      },
      errors: [
        { messageId: 'severalSources', data: { instruction: 'COPY', count: 2, destination: '/data' }, file: 'Dockerfile', line: 2, column: 18 },
        { messageId: 'severalSources', data: { instruction: 'COPY', count: 2, destination: '/etc/motd.d' }, file: 'Dockerfile', line: 3, column: 18 },
        { messageId: 'severalSources', data: { instruction: 'ADD', count: 2, destination: '/srv' }, file: 'Dockerfile', line: 6, column: 24 },
        { messageId: 'wildcard', data: { instruction: 'COPY', source: '*.txt', destination: '.' }, file: 'Dockerfile', line: 7, column: 12 },
        { messageId: 'wildcard', data: { instruction: 'COPY', source: '*.txt', destination: 'conf/..' }, file: 'Dockerfile', line: 8, column: 12 },
      ],
      output: {
        Dockerfile:
          'FROM alpine:3.20\nCOPY a.txt b.txt /data/\nCOPY <<EOF c.txt /etc/motd.d/\nhello\nEOF\nADD ["a.txt", "b.txt", "/srv/"]\nCOPY *.txt ./\nCOPY *.txt conf/../\n',
      },
    },
  ],
});
