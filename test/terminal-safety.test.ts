import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { escapeControlCharacters } from '../src/text.js';
import { tempTree } from './helpers/tmp.js';

const cli = path.resolve(import.meta.dirname, '../dist/bin.js');

describe('escapeControlCharacters', () => {
  it('writes control characters as \\u escapes and keeps tab, newline and other text', () => {
    expect(escapeControlCharacters('a\u001b[31mb\u0007\r\u009b\u007f\tc\nd é ✓')).toBe('a\\u001b[31mb\\u0007\\u000d\\u009b\\u007f\tc\nd é ✓');
  });
});

describe('repository text never reaches a terminal raw', () => {
  it.each(['stylish', 'github', 'json', 'sarif', 'compact', 'gitlab', 'checkstyle', 'junit'])('%s output holds no escape sequence from a compose key', (format) => {
    const root = tempTree({ 'compose.yaml': 'services:\n  api:\n    image: nginx:1\n    "evil\u001b]0;owned\u0007\u001b[2J": 1\n' });
    const run = spawnSync(process.execPath, [cli, '--no-color', '--format', format], { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('evil');
    expect(escapeControlCharacters(run.stdout), 'no control character but tab and newline').toBe(run.stdout);
  });
});
