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

  it('escapes exactly U+0000–U+0008, U+000B–U+001F and U+007F–U+009F, every other character as it is', () => {
    const units = Array.from({ length: 0x10000 }, (_, code) => String.fromCharCode(code));
    const expected = units.map((unit, code) => (code <= 0x08 || (code >= 0x0b && code <= 0x1f) || (code >= 0x7f && code <= 0x9f) ? `\\u${code.toString(16).padStart(4, '0')}` : unit));
    expect(escapeControlCharacters(`${units.join('')}😀`)).toBe(`${expected.join('')}😀`);
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
