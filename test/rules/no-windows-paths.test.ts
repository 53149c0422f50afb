import { describe, expect, it } from 'vitest';
import rule, { findWindowsPaths } from '../../src/rules/no-windows-paths.js';
import { ruleTests } from '../helpers/rule-tester.js';

describe('findWindowsPaths', () => {
  it.each([
    ['/mnt/c/Users/me', ['/mnt/c/Users/me']],
    ['-v /mnt/d:/data', ['/mnt/d']],
    ['"C:\\Users\\me\\x.pkl"', ['C:\\Users\\me\\x.pkl']],
    ['c:\\temp', ['c:\\temp']],
    ['"C:\\\\Users\\\\me"', ['C:\\\\Users\\\\me']],
    ['sed "s:\\\\..*::"', []],
    ["sed 's:\\.[^.]*$::'", []],
    ['C:/Users/me:/data', ['C:/Users/me:/data']],
    ['https://host/mnt/c/x', []],
    ['./mnt/c', []],
    ['/srv/mnt/c', []],
    ['/mnt/cdrom', []],
    ["sed 's:/a:/b:'", []],
    ['registry:5000/img', []],
    ['${VAR:-/mnt/c/x}', ['/mnt/c/x']],
    ['~/mnt/c/x', []],
  ])('%s → %j', (text, expected) => {
    expect(findWindowsPaths(text).map((match) => match.path)).toEqual(expected);
  });
});

ruleTests(rule, {
  valid: [
    { name: 'named volumes, Linux paths, URLs and comments', fixture: 'fixtures/no-windows-paths/clean' },
  ],
  invalid: [
    {
      name: 'WSL drive paths in compose, Dockerfile, script and .env, at the exact string',
      fixture: 'fixtures/no-windows-paths/wsl-paths',
      errors: [
        { messageId: 'windowsPath', data: { path: '/mnt/d/snowboarding' }, file: '.env', line: 2, column: 11, endLine: 2, endColumn: 30 },
        { messageId: 'windowsPath', data: { path: '/mnt/c/models' }, file: 'backend/api/Dockerfile', line: 6, column: 15, endColumn: 28 },
        { messageId: 'windowsPath', data: { path: '/mnt/c/Users/rider/secrets/api.env' }, file: 'docker-compose.yml', line: 5, column: 9 },
        { messageId: 'windowsPath', data: { path: '/mnt/c/Users/rider/videos' }, file: 'docker-compose.yml', line: 7, column: 10, endColumn: 35 },
        { messageId: 'windowsPath', data: { path: '/mnt/c/Users/rider/Videos' }, file: 'scripts/link-videos.sh', line: 3, column: 9 },
        { messageId: 'windowsPath', data: { path: 'C:\\Users\\rider\\model.pkl' }, file: 'scripts/link-videos.sh', line: 5, column: 5 },
      ],
    },
    {
      name: 'a .dockerignore pattern and a compose context',
      files: {
        'compose.yaml': 'services:\n  web:\n    build:\n      context: /mnt/c/src/web\n',
        'web/.dockerignore': '**/node_modules\n/mnt/c/cache\n',
      },
      errors: [
        { messageId: 'windowsPath', data: { path: '/mnt/c/src/web' }, file: 'compose.yaml', line: 4, column: 16 },
        { messageId: 'windowsPath', data: { path: '/mnt/c/cache' }, file: 'web/.dockerignore', line: 2, column: 1 },
      ],
    },
  ],
});
