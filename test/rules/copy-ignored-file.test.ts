import rule from '../../src/rules/copy-ignored-file.js';
import { ruleTests } from '../helpers/rule-tester.js';

ruleTests(rule, {
  valid: [
    { name: 'an exception keeps a file of an excluded directory (fixture)', fixture: 'fixtures/copy-ignored-file/exception-keeps-file' },
    {
      name: 'the context root with exceptions after "*"',
      files: { 'app/Dockerfile': 'FROM node:22\nCOPY . .\n', 'app/.dockerignore': '*\n!src\n!package.json\n', 'app/src/index.js': '', 'app/package.json': '{}\n' },
    },
    {
      name: 'a directory of which one file is not excluded',
      files: { 'app/Dockerfile': 'FROM python:3.12\nCOPY models /models\n', 'app/.dockerignore': 'models/*.bin\n', 'app/models/a.bin': '', 'app/models/config.json': '{}\n' },
    },
    {
      name: 'sources that are not judged: --from, URLs, variables, paths that do not exist and are not excluded',
      files: {
        'app/Dockerfile': 'FROM node:22\nARG DIR=data\nCOPY --from=node:22 /data /data\nADD https://example.com/data.tar.gz /data/\nCOPY ${DIR} /data\nCOPY generated.json /app/\nRUN --mount=type=bind,from=node:22,source=/data,target=/d true\n',
        'app/.dockerignore': 'data\n',
      },
    },
    {
      name: 'an exception that starts with a wildcard re-includes a file below an excluded directory',
      files: { 'app/Dockerfile': 'FROM node:22\nCOPY data /data\n', 'app/.dockerignore': 'data\n!**/keep\n', 'app/data/big.bin': '', 'app/data/sub/keep': '' },
    },
    {
      name: 'COPY . . from the repository root with an empty .dockerignore',
      files: { 'Dockerfile': 'FROM node:22\nCOPY . .\n', '.dockerignore': '', 'src/index.js': '' },
    },
    {
      name: 'ADD . and a bind mount of the repository root, some of it excluded',
      files: { 'Dockerfile': 'FROM node:22\nADD . /app\nRUN --mount=type=bind,source=.,target=/src true\n', '.dockerignore': 'node_modules\n', 'src/index.js': '' },
    },
    { name: 'no .dockerignore', files: { 'app/Dockerfile': 'FROM node:22\nCOPY data /data\n', 'app/data/x': '' } },
    {
      name: "current Docker (patternmatcher) reads '+' and '(…)' literally: 'a+b' and 'foo(1).txt' exclude only those names, and a '!' line names a wheel with '+'",
      files: {
        'app/Dockerfile': 'FROM python:3.12\nCOPY aab foo1.txt /app/\nCOPY dist/pkg-1.0+local-py3-none-any.whl /wheels/\n',
        'app/.dockerignore': 'a+b\nfoo(1).txt\ndist/*.whl\n!dist/pkg-1.0+local-py3-none-any.whl\n',
        'app/aab': '',
        'app/foo1.txt': '',
        'app/dist/pkg-1.0+local-py3-none-any.whl': '',
      },
    },
  ],
  invalid: [
    {
      // BuildKit resolves a source inside the context root: `../data/seed.csv` is the context's data/seed.csv.
      name: 'a source that climbs with .. still reads from the context root',
      files: { 'Dockerfile': 'FROM scratch\nCOPY ../data/seed.csv /srv/\n', '.dockerignore': 'data\n', 'data/seed.csv': '1\n' },
      errors: [{ messageId: 'excluded', data: { instruction: 'COPY', source: '../data/seed.csv', pattern: 'data', ignoreFile: '.dockerignore' }, file: 'Dockerfile', line: 2, column: 6 }],
    },
    {
      name: 'COPY . . from the repository root, everything excluded',
      files: { 'Dockerfile': 'FROM node:22\nCOPY . .\n', '.dockerignore': '*\n', 'src/index.js': '' },
      errors: [{ messageId: 'excluded', data: { instruction: 'COPY', source: '.', pattern: '*', ignoreFile: '.dockerignore' }, file: 'Dockerfile', line: 2, column: 6 }],
    },
    {
      name: "with dockerVersion 20.10, 'a+b' is a regular expression that excludes 'aab'",
      files: { 'app/Dockerfile': 'FROM python:3.12\nCOPY aab /app/\n', 'app/.dockerignore': 'a+b\n', 'app/aab': '' },
      settings: { dockerVersion: '20.10' },
      errors: [
        {
          messageId: 'excluded',
          data: { instruction: 'COPY', source: 'aab', pattern: 'a+b', ignoreFile: 'app/.dockerignore' },
          file: 'app/Dockerfile',
          line: 2,
          column: 6,
        },
      ],
    },
    {
      name: 'COPY data/ when .dockerignore excludes data/ (fixture)',
      fixture: 'fixtures/copy-ignored-file/data-excluded',
      errors: [
        {
          messageId: 'excluded',
          data: { instruction: 'COPY', source: 'data/', pattern: 'data/', ignoreFile: 'backend/pose-service/.dockerignore' },
          file: 'backend/pose-service/Dockerfile',
          line: 8,
          column: 6,
          endLine: 8,
          endColumn: 11,
          related: [{ file: 'backend/pose-service/.dockerignore', line: 5, column: 1 }],
        },
      ],
    },
    {
      name: 'every file of a directory excluded by different patterns',
      files: {
        'app/Dockerfile': 'FROM python:3.12\nCOPY models/ /models/\n',
        'app/.dockerignore': '**/*.ckpt\n**/*.log\n**/*.bin\n',
        'app/models/a.ckpt': '',
        'app/models/sub/b.bin': '',
      },
      errors: [
        {
          messageId: 'excludedByPatterns',
          data: { instruction: 'COPY', source: 'models/', patterns: "'**/*.ckpt' and '**/*.bin'", ignoreFile: 'app/.dockerignore' },
          file: 'app/Dockerfile',
          line: 2,
          column: 6,
          related: [
            { file: 'app/.dockerignore', line: 1 },
            { file: 'app/.dockerignore', line: 3 },
          ],
        },
      ],
    },
    {
      name: 'a wildcard whose every match is excluded, and an excluded file missing from the checkout',
      files: {
        'app/Dockerfile': 'FROM python:3.12\nCOPY *.pkl /models/\nCOPY .env ./\nCOPY app.py ./\n',
        'app/.dockerignore': '*.pkl\n.env\n',
        'app/model.pkl': '',
        'app/app.py': '',
      },
      errors: [
        { messageId: 'excluded', data: { instruction: 'COPY', source: '*.pkl', pattern: '*.pkl', ignoreFile: 'app/.dockerignore' }, file: 'app/Dockerfile', line: 2, column: 6 },
        { messageId: 'excluded', data: { instruction: 'COPY', source: '.env', pattern: '.env', ignoreFile: 'app/.dockerignore' }, file: 'app/Dockerfile', line: 3, column: 6 },
      ],
    },
    {
      name: 'an excluded directory is blamed on its own pattern; an exception elsewhere does not matter',
      files: {
        'app/Dockerfile': 'FROM python:3.12\nCOPY data/ /data/\nCOPY logs /logs\n',
        'app/.dockerignore': 'data\n**/*.bin\nlogs/\n!keep.log\n!data-notes.md\n',
        'app/data/a.bin': '',
        'app/data/b.txt': '',
        'app/logs/app.log': '',
        'app/keep.log': '',
      },
      errors: [
        { messageId: 'excluded', data: { instruction: 'COPY', source: 'data/', pattern: 'data', ignoreFile: 'app/.dockerignore' }, file: 'app/Dockerfile', line: 2, column: 6, related: [{ file: 'app/.dockerignore', line: 1 }] },
        { messageId: 'excluded', data: { instruction: 'COPY', source: 'logs', pattern: 'logs/', ignoreFile: 'app/.dockerignore' }, file: 'app/Dockerfile', line: 3, column: 6, related: [{ file: 'app/.dockerignore', line: 3 }] },
      ],
    },
    {
      name: 'the whole context excluded; ADD like COPY',
      files: { 'app/Dockerfile': 'FROM node:22\nADD ./ /app/\n', 'app/.dockerignore': '*\n', 'app/index.js': '' },
      errors: [{ messageId: 'excluded', data: { instruction: 'ADD', source: './', pattern: '*', ignoreFile: 'app/.dockerignore' }, file: 'app/Dockerfile', line: 2, column: 5 }],
    },
    {
      name: 'a bind mount of an excluded file',
      files: {
        'db/Dockerfile': 'FROM postgres:17\nRUN --mount=type=bind,source=data/seed.sql,target=/seed.sql cp /seed.sql /docker-entrypoint-initdb.d/\n',
        'db/.dockerignore': '**/data\n',
        'db/data/seed.sql': '',
      },
      errors: [
        {
          messageId: 'excluded',
          data: { instruction: 'RUN --mount', source: 'data/seed.sql', pattern: '**/data', ignoreFile: 'db/.dockerignore' },
          file: 'db/Dockerfile',
          line: 2,
          column: 5,
        },
      ],
    },
    {
      name: 'the Dockerfile-specific ignore file wins over the context one',
      files: {
        'compose.yaml': 'services:\n  api:\n    build:\n      context: .\n      dockerfile: api/Dockerfile\n',
        'api/Dockerfile': 'FROM node:22\nCOPY src /app/src\n',
        'api/Dockerfile.dockerignore': 'src\n',
        '.dockerignore': 'node_modules\n',
        'src/index.js': '',
      },
      errors: [
        {
          messageId: 'excluded',
          data: { instruction: 'COPY', source: 'src', pattern: 'src', ignoreFile: 'api/Dockerfile.dockerignore' },
          file: 'api/Dockerfile',
          line: 2,
          column: 6,
          related: [{ file: 'api/Dockerfile.dockerignore', line: 1 }],
        },
      ],
    },
  ],
});
