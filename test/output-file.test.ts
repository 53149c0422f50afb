import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempTree } from './helpers/tmp.js';

const cli = path.resolve(import.meta.dirname, '../dist/bin.js');
const run = (cwd: string, args: string[]) => spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8' });

describe('--output-file', () => {
  it('makes the folders it needs, as ESLint does', () => {
    const root = tempTree({ 'svc/Dockerfile': 'FROM python:3.12\nRUN pip install flask\n' });
    const result = run(root, ['--format', 'json', '--output-file', 'reports/ci/dockerlint.json']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(1);
    expect(JSON.parse(readFileSync(path.join(root, 'reports/ci/dockerlint.json'), 'utf8'))).toMatchObject({ version: 1 });
  });

  it('says in one line when it cannot write, with exit code 2', () => {
    const root = tempTree({ 'svc/Dockerfile': 'FROM python:3.12\n', blocker: 'a file, not a folder' });
    writeFileSync(path.join(root, 'blocker'), 'x');
    const result = run(root, ['--output-file', 'blocker/report.txt']);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^dockerlint: cannot write the report to .*blocker\/report\.txt \((EEXIST|ENOTDIR)\)\n$/);
  });
});
